"""A lifecycle step as a person starts it and follows it: during the request on a small scheme, as a
background job with its own page (progress, then the same messages and a link onward) on a large one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from payung.schemes.xlsx import xlsx_response

from .. import steps
from ..access import SchemeAccess
from ..models import JobKind
from ..tasks import start_lifecycle_job
from .common import scheme_or_404

LEVELS = {
    "success": messages.SUCCESS,
    "info": messages.INFO,
    "warning": messages.WARNING,
    "error": messages.ERROR,
}


def run_step(
    request, access: SchemeAccess, kind: str, params: dict | None = None, upload: bytes | None = None
):
    """Start the step; answer with the job's page, or with the step's messages on the page onward.

    The answer file's report is rendered by its own page (memberships.answer_upload), which asks
    :func:`steps.runs_in_background` itself."""
    scheme, params = access.scheme, params or {}
    if steps.runs_in_background(scheme, kind):
        job = start_lifecycle_job(actor=request.user, scheme=scheme, kind=kind, params=params, upload=upload)
        return redirect("schemes:job", scheme_id=scheme.pk, job_id=job.pk)
    outcome = steps.perform(kind, actor=request.user, scheme=scheme, params=params, upload=upload)
    for level, text in outcome.messages:
        messages.add_message(request, LEVELS[level], text)
    page = steps.REFUSED_PAGE.get(kind) if outcome.refused else None
    return redirect(page or steps.NEXT_PAGE[kind], scheme_id=scheme.pk)


@login_required
def job_detail(request, scheme_id: int, job_id: int):
    access = scheme_or_404(request, scheme_id)
    job = steps.job_for(access, job_id)
    answer = (job.outcome or {}).get("answer")
    if request.GET.get("format") == "xlsx":
        if not answer:  # only an answer file's job has a report (job_for shows it to BPJS exchangers only)
            raise Http404
        return xlsx_response(
            f"jawaban-bpjs-{access.scheme.pk}-periksa.xlsx",
            "Ketidakcocokan",
            ["Baris", "NIK", "Ketidakcocokan", "Jenis"],
            (
                [
                    m["row"],
                    m["nik"],
                    m["message"],
                    _("peringatan") if m["severity"] == "warning" else _("galat"),
                ]
                for m in answer["mismatches"]
            ),
        )
    context = {
        "scheme": access.scheme,
        "tab": "members" if job.kind in (JobKind.SELECT, JobKind.SUBMIT, JobKind.ANSWER) else "bills",
        "job": job,
        "title": steps.job_title(job),
        "report": answer,
        "next_page": steps.next_page(job),
    }
    template = "schemes/_job_status.html" if request.GET.get("partial") else "schemes/job_detail.html"
    return render(request, template, context)
