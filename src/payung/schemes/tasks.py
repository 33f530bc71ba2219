"""Background lifecycle steps (django-tasks; `payung worker` runs them) and their queueing."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import FundingScheme, JobStatus, LifecycleJob
from .steps import job_run


@task()
def run_lifecycle_job(job_id: int) -> str:
    job = LifecycleJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED:
        return "skipped"
    return job_run(job).status


def start_lifecycle_job(
    *, actor, scheme: FundingScheme, kind: str, params: dict, upload: bytes | None = None
):
    """Queue a step as a background job; the page follows it (job_detail)."""
    with transaction.atomic():
        job = LifecycleJob.objects.create(
            scheme=scheme,
            kind=kind,
            params=params,
            upload=upload,
            user=actor,
            user_name=actor.get_full_name() or actor.get_username(),
            language=translation.get_language() or settings.LANGUAGE_CODE,
            phase=_("Menunggu giliran"),
        )
        # The database backend writes its task row in this same transaction.
        result = run_lifecycle_job.enqueue(job.pk)
        LifecycleJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job
