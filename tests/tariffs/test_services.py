"""rule_version_add: validated, append-only, audited; merged into the RuleBook."""

from datetime import date
from decimal import Decimal

import pytest

from payung.audit.models import AuditEvent
from payung.tariffs.models import AddedRuleVersion
from payung.tariffs.services import RuleVersionInput, RuleVersionInvalid, current_rulebook, rule_version_add


def jp_cap(start=date(2027, 3, 1), value=11_600_000, **extra):
    return RuleVersionInput(
        rule="pu.jp.wage_cap",
        effective_from=start,
        value=Decimal(value),
        source="surat BPJS B/1/022027",
        **extra,
    )


@pytest.mark.django_db
def test_adding_next_years_jp_cap_closes_the_previous_version_and_is_audited(nadia):
    record = rule_version_add(actor=nadia, data=jp_cap(note="from the branch letter"))
    chain = current_rulebook().versions("pu.jp.wage_cap")
    assert chain[-2].value == 11_086_300
    assert chain[-2].effective_to == date(2027, 2, 28)
    assert chain[-1].value == 11_600_000
    assert chain[-1].effective_to is None
    assert record.created_by == nadia
    event = AuditEvent.objects.get(object_type="rule_version", object_id=str(record.pk))
    assert event.actor == nadia
    assert event.changes["value"] == [None, "11600000"]


@pytest.mark.django_db
def test_rates_are_stored_as_fractions(nadia):
    rule_version_add(
        actor=nadia,
        data=RuleVersionInput(
            rule="bpu.jkm.amount", effective_from=date(2027, 1, 1), value=Decimal(7_000), source="PP x/2026"
        ),
    )
    rule_version_add(
        actor=nadia,
        data=RuleVersionInput(
            rule="pu.jkm.rate", effective_from=date(2027, 1, 1), value=Decimal("0.0035"), source="PP x/2026"
        ),
    )
    book = current_rulebook()
    assert book.value_at("bpu.jkm.amount", date(2027, 1, 1)) == 7_000
    assert book.value_at("pu.jkm.rate", date(2027, 1, 1)) == Decimal("0.0035")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (jp_cap(start=date(2026, 3, 1)), "must start after the latest one"),
        (jp_cap(start=date(2025, 1, 1)), "must start after the latest one"),
        (jp_cap(start=date(2027, 3, 15)), "start on the 1st"),
        (jp_cap(value=0), "lebih dari nol"),
        (jp_cap(value=-5), "lebih dari nol"),
        (jp_cap(value=Decimal("11600000.5")), "bilangan bulat"),
        (
            RuleVersionInput(rule="nope", effective_from=date(2027, 1, 1), value=Decimal(1), source="x"),
            "tidak dikenal",
        ),
        (
            RuleVersionInput(
                rule="bpu.income_brackets", effective_from=date(2027, 1, 1), value=Decimal(1), source="x"
            ),
            "bukan satu angka",
        ),
        (
            RuleVersionInput(
                rule="pu.jkm.rate", effective_from=date(2027, 1, 1), value=Decimal(2), source="x"
            ),
            "a rate is a fraction",
        ),
        (
            RuleVersionInput(
                rule="pu.jkm.rate", effective_from=date(2027, 1, 1), value=Decimal("0.01"), source=" "
            ),
            "Dasar hukum",
        ),
    ],
)
def test_invalid_versions_are_rejected_and_nothing_is_written(nadia, data, message):
    with pytest.raises(RuleVersionInvalid, match=message):
        rule_version_add(actor=nadia, data=data)
    assert not AddedRuleVersion.objects.exists()
    assert not AuditEvent.objects.filter(object_type="rule_version").exists()


@pytest.mark.django_db
def test_a_version_cannot_precede_or_repeat_an_admin_added_one(nadia):
    rule_version_add(actor=nadia, data=jp_cap(start=date(2027, 3, 1)))
    with pytest.raises(RuleVersionInvalid, match="must start after the latest one"):
        rule_version_add(actor=nadia, data=jp_cap(start=date(2027, 3, 1), value=11_700_000))
    rule_version_add(actor=nadia, data=jp_cap(start=date(2028, 3, 1), value=12_100_000))
    caps = [version.value for version in current_rulebook().versions("pu.jp.wage_cap")[-3:]]
    assert caps == [11_086_300, 11_600_000, 12_100_000]


@pytest.mark.django_db
def test_only_national_admins_and_superusers_add_national_versions(alice, bob, dina, vera):
    from django.core.exceptions import PermissionDenied

    from payung.audit.models import AuditEvent
    from tests.conftest import make_user

    # A regency admin changing the JKM amount or the JP cap would change every regency's prices.
    for user in (alice, bob, dina, vera):
        with pytest.raises(PermissionDenied):
            rule_version_add(actor=user, data=jp_cap())
    assert not AddedRuleVersion.objects.exists()
    assert not AuditEvent.objects.exists()
    root = make_user("root", "viewer", is_superuser=True)
    assert rule_version_add(actor=root, data=jp_cap()).pk
    national = make_user("nasional", "national_admin")
    assert rule_version_add(actor=national, data=jp_cap(start=date(2028, 3, 1))).pk
