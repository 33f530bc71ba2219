"""Background run of an uploaded claims report (django-tasks; `payung db_worker` runs it)."""

from django_tasks import task


@task()
def run_claim_report(report_id: int) -> str:
    from payung.accounts.scope import scope_for
    from payung.audit.models import Source
    from payung.lib import dates

    from .models import ClaimReport, ImportStatus
    from .reports import report_run

    report = ClaimReport.objects.select_related("user").filter(pk=report_id).first()
    if report is None or report.status != ImportStatus.QUEUED:
        return "skipped"
    report_run(report, today=dates.today(), source=Source.IMPORT, scope=scope_for(report.user))
    return report.status
