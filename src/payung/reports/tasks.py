"""Background making of a rakor pack (django-tasks; `payung db_worker` runs it)."""

from django_tasks import task

from .models import ReportPack, Status


@task()
def run_report_pack(pack_id: int) -> str:
    from .services import pack_run

    pack = ReportPack.objects.select_related("region", "user").filter(pk=pack_id).first()
    if pack is None or pack.status != Status.QUEUED:
        return "skipped"
    return pack_run(pack).status
