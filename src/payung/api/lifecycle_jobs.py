"""A long lifecycle step asked by the API on a large scheme: it runs in the background exactly as the
screen's (schemes/steps.py), the request answers 202 with the job, and the job's address says its
progress and, at the end, the same messages the screen shows."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from payung.audit.models import Source
from payung.schemes import steps
from payung.schemes.access import scheme_for_user
from payung.schemes.models import JobKind, LifecycleJob
from payung.schemes.tasks import start_lifecycle_job

JOB_EXAMPLE = {
    "id": 12,
    "kind": "submit",
    "status": "done",
    "progress": 100,
    "phase": "",
    "messages": [{"level": "success", "text": "81466 peserta diajukan ke BPJS."}],
    "refused": False,
    "answer": None,
    "created_at": "2026-12-03T09:14:02+07:00",
    "finished_at": "2026-12-03T09:14:31+07:00",
    "status_url": "http://127.0.0.1:8000/api/v1/schemes/7/jobs/12/",
}


class JobMessageSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=["success", "info", "warning", "error"])
    text = serializers.CharField()


class LifecycleJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=JobKind.choices)
    status = serializers.ChoiceField(choices=["queued", "running", "done", "failed"])
    progress = serializers.IntegerField(help_text="0-100")
    phase = serializers.CharField(allow_blank=True)
    messages = JobMessageSerializer(
        many=True, help_text="at the end: what the step did, as the screen says it"
    )
    refused = serializers.BooleanField(help_text="the step was refused or failed; nothing was changed")
    answer = serializers.JSONField(
        allow_null=True, help_text="for a KPJ answer file: the checked report (rows, applied, mismatches)"
    )
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    status_url = serializers.URLField()


def job_data(request, job: LifecycleJob) -> dict:
    outcome = job.outcome or {}
    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "progress": job.progress,
        "phase": job.phase,
        "messages": outcome.get("messages", []),
        "refused": bool(outcome.get("refused")),
        "answer": outcome.get("answer"),
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "status_url": request.build_absolute_uri(
            reverse("api:scheme-job", kwargs={"scheme_id": job.scheme_id, "job_id": job.pk})
        ),
    }


def in_background(request, access, kind: str, params: dict | None = None, upload: bytes | None = None):
    """202 with the job when the step is large enough for the background, else None (run it now)."""
    if not steps.runs_in_background(access.scheme, kind):
        return None
    job = start_lifecycle_job(
        actor=request.user,
        scheme=access.scheme,
        kind=kind,
        params={**(params or {}), "source": Source.API},
        upload=upload,
    )
    data = job_data(request, job)
    return Response(
        LifecycleJobSerializer(data).data,
        status=status.HTTP_202_ACCEPTED,
        headers={"Location": data["status_url"]},
    )


ACCEPTED_EXAMPLE = OpenApiExample(
    "Di latar belakang / In the background",
    value=dict(
        JOB_EXAMPLE, status="queued", progress=0, phase="Menunggu giliran", messages=[], finished_at=None
    ),
    response_only=True,
    status_codes=["202"],
)


@extend_schema(
    summary="Langkah siklus di latar belakang / A lifecycle step in the background",
    description=(
        "Pada skema besar (lebih dari PAYUNG_LIFECYCLE_INLINE_MEMBERS peserta) simpan seleksi, pengajuan, "
        "jawaban BPJS dan penerbitan tagihan berjalan di latar belakang dan menjawab 202 dengan alamat ini: "
        "kemajuannya, lalu pesan yang sama dengan layar. / On a large scheme (more members than "
        "PAYUNG_LIFECYCLE_INLINE_MEMBERS) saving the selection, submitting, the BPJS answer and issuing a "
        "bill run in the background and answer 202 with this address: its progress, then the screen's messages."
    ),
    responses=LifecycleJobSerializer,
    examples=[OpenApiExample("Selesai / Done", value=JOB_EXAMPLE, response_only=True)],
)
@api_view(["GET"])
def scheme_job(request, scheme_id: int, job_id: int):
    access = scheme_for_user(request.user, scheme_id)  # NotVisible: the API's 404
    return Response(LifecycleJobSerializer(job_data(request, steps.job_for(access, job_id))).data)
