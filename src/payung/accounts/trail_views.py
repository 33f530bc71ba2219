"""The audit trail and the access log, read-only, for superusers and regency admins (their regencies)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from payung.audit.forms import AuditFilterForm
from payung.audit.models import Channel
from payung.audit.presenters import object_type_label, trail_change_lines
from payung.audit.selectors import access_subjects_in, accesses_in, audit_events_in
from payung.audit.services import access_record
from payung.audit.views import export_purpose, file_response, purpose_page
from payung.lib import dates
from payung.lib.xlsx import write_xlsx_file

from .scope import scope_for

ROWS_SHOWN = 200


def _regions_read_by(user) -> tuple[str, ...] | None:
    """None: the whole trail (a superuser); a regency admin: its regions; anybody else: refused."""
    if user.is_superuser:
        return None
    if not user.manages_users:
        raise PermissionDenied
    return scope_for(user).codes


def _page(queryset, request):
    before = request.GET.get("before", "")
    if before.isdigit():
        queryset = queryset.filter(pk__lt=int(before))
    rows = list(queryset[: ROWS_SHOWN + 1])
    return rows[:ROWS_SHOWN], (rows[ROWS_SHOWN - 1].pk if len(rows) > ROWS_SHOWN else None)


def _query_without(request, *keys: str) -> str:
    query = request.GET.copy()
    for key in keys:
        query.pop(key, None)
    return query.urlencode()


@login_required
def audit_list(request):
    regions = _regions_read_by(request.user)
    form = AuditFilterForm(request.GET or None)
    events = audit_events_in(regions, form.filters())
    if request.GET.get("format") == "xlsx":
        purpose, purpose_form = export_purpose(request)
        if purpose is None:
            return purpose_page(request, purpose_form, title=_("Unduh jejak audit"))
        events = list(events[:100_000])
        # The trail holds old and new values of people (NIKs among them): its export is logged like others.
        access_record(
            actor=request.user,
            channel=Channel.EXPORT,
            purpose=purpose,
            where="jejak-audit.xlsx",
            subjects=[
                (int(e.object_id), e.regency_code)
                for e in events
                if e.object_type == "worker" and e.object_id.isdigit()
            ],
        )
        path = write_xlsx_file(
            _("Jejak audit"),
            [
                _("Waktu"),
                _("Pengguna"),
                _("Kabupaten/kota"),
                _("Objek"),
                _("ID"),
                _("Aksi"),
                _("Sumber"),
                _("Perubahan"),
                _("Catatan"),
            ],
            (
                [
                    f"{e.at.astimezone(dates.office_zone()):%Y-%m-%d %H:%M}",
                    e.actor_name,
                    e.regency_code,
                    e.object_type,
                    e.object_id,
                    e.get_action_display(),
                    e.get_source_display(),
                    _changes_text(e.changes),
                    e.note,
                ]
                for e in events
            ),
        )
        return file_response(path, f"jejak-audit-{dates.today():%Y%m%d}.xlsx")
    rows, older = _page(events, request)
    rows = list(rows)
    lines = trail_change_lines(rows)
    for event in rows:
        event.change_lines = lines.get(event.pk, [])
        event.object_label = object_type_label(event.object_type)
    return render(
        request,
        "audit/audit_list.html",
        {"form": form, "events": rows, "older": older, "query": _query_without(request, "before", "format")},
    )


def _changes_text(changes: dict) -> str:
    return "; ".join(f"{field}: {values[0] or '–'} → {values[1] or '–'}" for field, values in changes.items())


@login_required
def access_list(request):
    regions = _regions_read_by(request.user)
    form = AuditFilterForm(request.GET or None, channels=True)
    accesses = accesses_in(regions, form.filters())
    if request.GET.get("format") == "xlsx":
        path = write_xlsx_file(
            _("Log akses"),
            [
                _("Waktu"),
                _("Pengguna"),
                _("Lewat"),
                _("NIK lengkap"),
                _("Jumlah orang"),
                _("Tujuan"),
                _("Tempat"),
            ],
            (
                [
                    f"{a.at.astimezone(dates.office_zone()):%Y-%m-%d %H:%M}",
                    a.actor_name,
                    a.get_channel_display(),
                    a.full_nik,
                    a.subject_count,
                    a.purpose,
                    a.location,
                ]
                for a in accesses[:100_000].iterator(chunk_size=5_000)
            ),
        )
        return file_response(path, f"log-akses-{dates.today():%Y%m%d}.xlsx")
    rows, older = _page(accesses, request)
    return render(
        request,
        "audit/access_list.html",
        {
            "form": form,
            "accesses": rows,
            "older": older,
            "query": _query_without(request, "before", "format"),
        },
    )


@login_required
def access_detail(request, access_id: int):
    regions = _regions_read_by(request.user)
    access = get_object_or_404(accesses_in(regions), pk=access_id)
    subjects = access_subjects_in(regions, access).order_by("worker_id")
    return render(
        request,
        "audit/access_detail.html",
        {"access": access, "subjects": subjects[:1_000], "total": subjects.count()},
    )
