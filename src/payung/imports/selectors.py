"""Reads of import jobs: the one access rule for a job, its original file and its report.

A job holds the full NIKs and names of everyone in its file, so it follows the user's *current* role
and scope like every other record, not who uploaded it: an uploader who is later made a viewer, or
whose role no longer imports, sees none of their jobs. Jobs of the command line (no user) are for
superusers only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from payung.accounts.scope import NotVisible, scope_for

from .models import ImportJob


def jobs_visible_to(user) -> QuerySet[ImportJob]:
    jobs = ImportJob.objects.select_related("user", "district", "village")
    if user is None or not user.is_authenticated or not user.is_active:
        return jobs.none()
    if user.is_superuser:
        return jobs
    if not user.edits_workers:
        return jobs.none()
    scope = scope_for(user)
    own = jobs.filter(user=user)
    # A job for a chosen district stays visible only while the user still works there (the district,
    # or a village of it, as when the job was created).
    districts = own.exclude(district__isnull=True).values_list("district_id", flat=True).distinct()
    kept = [code for code in districts if works_in(scope, code)]
    return own.filter(Q(district__isnull=True) | Q(district_id__in=kept))


def works_in(scope, code: str) -> bool:
    """The user works in district ``code``: the district lies in the scope, or villages of it do."""
    return scope.contains(code) or any(c.startswith(code + ".") for c in scope.codes)


def get_job_for_user(user, job_id: object) -> ImportJob:
    """The job; NotVisible whether it does not exist or the user may not see it (views answer 404)."""
    try:
        return jobs_visible_to(user).get(pk=int(str(job_id)))
    except (ImportJob.DoesNotExist, ValueError) as exc:
        raise NotVisible from exc
