"""Background work: checking and importing a file (django-tasks; `payung db_worker` runs them)."""

from django_tasks import task

from .models import ImportJob, Status
from .running import run


@task()
def run_import_job(job_id: int) -> str:
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status == Status.CANCELLED:
        return "skipped"
    return run(job).job.status
