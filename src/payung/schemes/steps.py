"""The long lifecycle steps (selection, submission, KPJ answer, bill, arrears check) and what a person
is told after each, the same whether the step ran during the request or as a background job.

A step on a small scheme runs during the request, as before. On a large one (more members than
PAYUNG_LIFECYCLE_INLINE_MEMBERS, default 5,000: about a second of work since the steps are set-based)
it runs in `payung worker` as a :class:`~payung.schemes.models.LifecycleJob`, and the person follows
it on the job's page, which ends with the same messages and a link onward. The step itself is one
transaction in its service, so a step that fails or whose worker dies changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from payung.accounts.scope import NotVisible
from payung.audit.models import Source
from payung.lib import dates, jobs
from payung.lib.formats import month as month_text
from payung.registry.models import Worker

from .branch import AnswerFileInvalid, AnswerReport, answer_apply
from .models import FundingScheme, JobKind, JobStatus, LifecycleJob, Membership, MembershipStatus
from .models.jobs import WORKING
from .services.bills import BillingInvalid, bill_issue, memberships_lapse_unpaid
from .services.memberships import MembershipInvalid, memberships_propose_selection, memberships_submit

log = logging.getLogger(__name__)

# Where the person goes after each step (a URL name taking the scheme's id).
NEXT_PAGE = {
    JobKind.SELECT: "memberships:list",
    JobKind.SUBMIT: "memberships:list",
    JobKind.ANSWER: "memberships:answer",
    JobKind.BILL: "bills:list",
    JobKind.LAPSE: "bills:list",
}
# ... and where after a refusal, when that differs (the selection is corrected on its own page).
REFUSED_PAGE = {JobKind.SELECT: "schemes:selection"}


@dataclass
class Outcome:
    """What a step did, in sentences for the person (level as Django's messages name them)."""

    messages: list[tuple[str, str]] = field(default_factory=list)
    refused: bool = False
    answer: AnswerReport | None = None

    def say(self, level: str, text: str) -> Outcome:
        self.messages.append((level, str(text)))
        return self

    def as_json(self) -> dict:
        report = None
        if self.answer is not None:
            report = {
                "activated": self.answer.activated,
                "rejected": self.answer.rejected,
                "rows": self.answer.rows,
                "applied": self.answer.applied,
                "blocking": [m.row for m in self.answer.blocking],
                "mismatches": [
                    {"row": m.row, "nik": m.nik, "code": m.code, "message": m.message, "severity": m.severity}
                    for m in self.answer.mismatches
                ],
            }
        return {
            "messages": [{"level": level, "text": text} for level, text in self.messages],
            "refused": self.refused,
            "answer": report,
        }


def inline_members_at_most() -> int:
    return int(getattr(settings, "PAYUNG_LIFECYCLE_INLINE_MEMBERS", 5_000))


def step_size(scheme: FundingScheme, kind: str) -> int:
    """How many members a step touches, roughly: enough to decide whether it runs in the background."""
    if kind == JobKind.SELECT:
        pool = Worker.objects.in_region(scheme.funder_region_id).count()
        return min(pool, scheme.quota) if scheme.quota else pool
    return Membership.objects.filter(scheme=scheme).exclude(status=MembershipStatus.ENDED).count()


def runs_in_background(scheme: FundingScheme, kind: str) -> bool:
    return step_size(scheme, kind) > inline_members_at_most()


def perform(kind: str, *, actor, scheme: FundingScheme, params: dict, upload: bytes | None = None) -> Outcome:
    """Run one step through its service and say what it did; a refusal is an outcome, not an error.
    ``params["source"]`` is the face that asked (web, api) for the audit trail."""
    outcome = Outcome()
    source = params.get("source", Source.WEB)
    try:
        if kind == JobKind.SELECT:
            result = memberships_propose_selection(actor=actor, scheme=scheme, source=source)
            outcome.say("success", _("%(n)s pekerja diusulkan sebagai peserta.") % {"n": result.proposed})
            if result.conflicts:
                outcome.say(
                    "warning",
                    _("%(n)s pekerja dilewati karena sudah ditanggung skema lain.")
                    % {"n": len(result.conflicts)},
                )
        elif kind == JobKind.SUBMIT:
            count = memberships_submit(actor=actor, scheme=scheme, source=source)
            outcome.say("success", _("%(n)s peserta diajukan ke BPJS.") % {"n": count})
        elif kind == JobKind.ANSWER:
            outcome.answer = answer_apply(
                actor=actor, scheme=scheme, data=upload or b"", dry_run=bool(params.get("dry_run"))
            )
        elif kind == JobKind.BILL:
            bill = bill_issue(
                actor=actor,
                scheme=scheme,
                month=dt.date.fromisoformat(params["month"]),
                ahead=bool(params.get("ahead")),
            )
            outcome.say(
                "success",
                _("Tagihan %(m)s terbit: %(n)s peserta.") % {"m": f"{bill.month:%m/%Y}", "n": bill.members},
            )
        elif kind == JobKind.LAPSE:
            count = memberships_lapse_unpaid(scheme=scheme, today=dates.today(), actor=actor)
            outcome.say("info", _("%(n)s kepesertaan menjadi nonaktif karena tunggakan.") % {"n": count})
        else:
            raise ValueError(f"unknown lifecycle step {kind!r}")
    except (MembershipInvalid, BillingInvalid, AnswerFileInvalid, PermissionDenied) as refusal:
        outcome.refused = True
        outcome.say("error", str(refusal) or _("Langkah ini tidak diizinkan."))
    return outcome


def job_run(job: LifecycleJob) -> LifecycleJob:
    """Run a queued job to its end. Never raises: a failure is the job's status and message."""
    claimed = LifecycleJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        worker=jobs.worker_name(),
    )
    if not claimed:
        return job
    job.refresh_from_db()
    with (
        translation.override(job.language or settings.LANGUAGE_CODE),
        jobs.Beat(LifecycleJob, job.pk, WORKING, phase_length=80) as beat,
    ):
        beat.report(job.get_kind_display(), 10)
        try:
            with beat.saving():
                outcome = perform(
                    job.kind,
                    actor=job.user,
                    scheme=FundingScheme.objects.get(pk=job.scheme_id),
                    params=job.params,
                    upload=bytes(job.upload) if job.upload is not None else None,
                )
        except Exception:  # the step's transaction rolled back; the row says so
            log.exception("lifecycle job %s failed", job.pk)
            outcome = Outcome(refused=True).say(
                "error",
                _(
                    "Langkah ini gagal karena kesalahan sistem; tidak ada yang diubah. Coba lagi, atau hubungi admin."
                ),
            )
    LifecycleJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED if outcome.refused else JobStatus.DONE,
        progress=100,
        phase="",
        outcome=outcome.as_json(),
        upload=None,  # read: the answer file is not kept twice
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def fail_if_orphaned(job: LifecycleJob, *, now: dt.datetime | None = None) -> LifecycleJob:
    """A running job whose worker went away is failed with a true message (its transaction rolled back);
    a queued one waits for the worker."""
    if job.status == JobStatus.RUNNING and jobs.orphaned(job, WORKING, now):
        message = _(
            "Proses terhenti karena pekerja latar belakang berhenti; tidak ada yang diubah. Ulangi langkah ini."
        )
        updated = LifecycleJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            outcome={"messages": [{"level": "error", "text": message}], "refused": True, "answer": None},
            upload=None,
            finished_at=now or timezone.now(),
        )
        if updated:
            job.refresh_from_db()
    return job


def job_for(access, job_id: object) -> LifecycleJob:
    """A job of the scheme `access` is about, for its user; NotVisible (404) for another scheme's, a
    missing one, or an answer file's (its report names NIKs) to a user who exchanges no files with BPJS."""
    try:
        job = LifecycleJob.objects.filter(pk=int(str(job_id)), scheme=access.scheme).first()
    except ValueError:
        job = None
    if job is None or (job.kind == JobKind.ANSWER and not access.can_exchange_with_bpjs):
        raise NotVisible
    return fail_if_orphaned(job)


def next_page(job: LifecycleJob) -> str:
    """The URL name the job's page links onward to (the selection's own page after a refusal)."""
    refused = (job.outcome or {}).get("refused")
    return (REFUSED_PAGE.get(job.kind) if refused else None) or NEXT_PAGE[job.kind]


def job_title(job: LifecycleJob) -> str:
    if job.kind == JobKind.BILL and job.params.get("month"):
        return _("Terbitkan tagihan %(month)s") % {
            "month": month_text(dt.date.fromisoformat(job.params["month"]))
        }
    return job.get_kind_display()
