"""Deposits recorded before deposits were matched to collections: matched oldest first, as new ones are
(the collections received by the deposit's day, oldest first; no reference was named)."""

from django.db import migrations


def cover_earlier_deposits(apps, schema_editor):
    Deposit = apps.get_model("agents", "Deposit")
    Collection = apps.get_model("agents", "Collection")
    DepositCover = apps.get_model("agents", "DepositCover")
    for agent_id in Deposit.objects.values_list("agent_id", flat=True).distinct():
        open_ = {c.pk: [c, c.amount] for c in Collection.objects.filter(agent_id=agent_id).order_by("collected_on", "id")}
        for cover in DepositCover.objects.filter(collection__agent_id=agent_id):
            open_[cover.collection_id][1] -= cover.amount
        for deposit in Deposit.objects.filter(agent_id=agent_id, covers__isnull=True).order_by("deposited_on", "id"):
            left = deposit.amount
            for collection, remaining in open_.values():
                if left == 0:
                    break
                if remaining <= 0 or collection.collected_on > deposit.deposited_on:
                    continue
                part = min(left, remaining)
                DepositCover.objects.create(deposit=deposit, collection=collection, amount=part)
                open_[collection.pk][1] -= part
                left -= part


class Migration(migrations.Migration):
    dependencies = [("agents", "0004_deposit_cover")]

    operations = [migrations.RunPython(cover_earlier_deposits, migrations.RunPython.noop)]
