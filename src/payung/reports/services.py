"""Making a rakor pack: the checks on the period asked, the job row, its run in the background, and
the one function that writes a pack's bytes (the screen's job and `payung rakor_report` share it)."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from payung.lib import dates
from payung.regions.models import Region

from .models import Format, ReportPack, Status

# A running pack writes a heartbeat at each section; silent this long, its worker is taken as dead
# (making a province's pack takes seconds, so this is generous).
SILENT_AT_MOST = dt.timedelta(minutes=10)


class PackInvalid(Exception):
    """A period or format the pack cannot be made for; the message says why (shown as it is)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def has_data(region: Region, year: int) -> bool:
    """Whether the region has anything to report for the year: coverage figures or funding schemes."""
    from payung.coverage.models import CoverageMonth

    from .pack import schemes_of

    return (
        CoverageMonth.objects.filter(region_id=region.code, month__year=year).exists()
        or schemes_of(region, year).exists()
    )


def default_month(region: Region, year: int, today: dt.date) -> dt.date:
    """The year's last month with data: the BPJS report's, else Payung's memberships', else the year's
    last month so far (the coverage dashboard's `latest_month`, inside the year)."""
    from payung.coverage.models import CoverageMonth, Source

    last_allowed = min(dt.date(year, 12, 1), today.replace(day=1))
    rows = CoverageMonth.objects.filter(
        region_id=region.code, month__gte=dt.date(year, 1, 1), month__lte=last_allowed
    ).order_by("-month")
    reported = rows.filter(source=Source.BPJS_REPORT).values_list("month", flat=True).first()
    return reported or rows.values_list("month", flat=True).first() or last_allowed


def pack_period(region: Region, year: int, month_text: str | None, *, today: dt.date) -> dt.date:
    """The month the pack reports on, or PackInvalid (a future year or month, a month outside the
    year, a year without any data)."""
    from payung.coverage.importing import parse_month

    if year > today.year:
        raise PackInvalid(
            _("Tahun %(year)s belum berjalan: pilih tahun %(today)s atau sebelumnya.")
            % {"year": year, "today": today.year},
            "year_future",
        )
    if year < 2000:
        raise PackInvalid(_("Tahun %(year)s tidak dikenal.") % {"year": year}, "year_unknown")
    month = None
    if month_text:
        try:
            month = parse_month(month_text)
        except ValueError:
            raise PackInvalid(
                _("Bulan %(month)s tidak dikenal: tulis TTTT-BB, misalnya %(year)s-06.")
                % {"month": month_text, "year": year},
                "month_unknown",
            ) from None
        if month.year != year:
            raise PackInvalid(
                _("Bulan %(month)s di luar tahun %(year)s.") % {"month": month_text, "year": year},
                "month_outside_year",
            )
        if month > today.replace(day=1):
            raise PackInvalid(_("Bulan %(month)s belum berjalan.") % {"month": month_text}, "month_future")
    if not has_data(region, year):
        raise PackInvalid(
            _("Belum ada data %(region)s untuk tahun %(year)s: tidak ada bahan yang dibuat.")
            % {"region": region.name, "year": year},
            "year_without_data",
        )
    return month or default_month(region, year, today)


def pack_bytes(
    region: Region,
    year: int,
    month: dt.date,
    fmt: str,
    *,
    scope,
    generated_by: str,
    generated_at: dt.datetime | None = None,
    progress=None,
) -> bytes:
    """The pack as PDF or XLSX bytes, written in Bahasa Indonesia whatever the asker's language."""
    from .pack import build_pack
    from .pdf import pack_pdf
    from .xlsx import pack_xlsx

    with translation.override("id"):
        pack = build_pack(
            region,
            year,
            month,
            scope=scope,
            generated_by=generated_by,
            generated_at=(generated_at or dates.now()).astimezone(dates.office_zone()),
            today=dates.today(),
            progress=progress,
        )
        if progress:
            progress(_("Menyusun berkas"), 90)
        return pack_pdf(pack) if fmt == Format.PDF else pack_xlsx(pack)


def pack_request(*, actor, region: Region, year: int, month_text: str | None, fmt: str) -> ReportPack:
    """A new pack of the region and year (a new row and file every time), made in the background."""
    if fmt not in Format.values:
        raise PackInvalid(
            _("Format %(format)s tidak dikenal: pilih PDF atau XLSX.") % {"format": fmt}, "format"
        )
    month = pack_period(region, year, month_text, today=dates.today())
    pack = ReportPack.objects.create(
        region=region,
        year=year,
        month=month,
        format=fmt,
        user=actor,
        user_name=actor.get_full_name() or actor.username,
    )
    _enqueue(pack.pk)  # the database backend writes its task row in this transaction
    return pack


def _enqueue(pack_id: int) -> None:
    from .tasks import run_report_pack

    result = run_report_pack.enqueue(pack_id)
    ReportPack.objects.filter(pk=pack_id).update(task_id=str(result.id)[:64])


def pack_run(pack: ReportPack) -> ReportPack:
    """Make the pack's file. Never raises: a failure is the job's status and message."""
    from payung.accounts.scope import scope_for

    ReportPack.objects.filter(pk=pack.pk).update(
        status=Status.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now()
    )

    def progress(phase: str, percent: int) -> None:
        ReportPack.objects.filter(pk=pack.pk).update(
            phase=phase[:80], progress=percent, heartbeat_at=timezone.now()
        )

    try:
        content = pack_bytes(
            pack.region,
            pack.year,
            pack.month,
            pack.format,
            scope=scope_for(pack.user),
            generated_by=pack.user_name,
            generated_at=pack.created_at,
            progress=progress,
        )
    except Exception as error:  # noqa: BLE001 - the job's row says what went wrong
        pack.status, pack.error = Status.FAILED, _("Bahan tidak dapat dibuat: %(error)s") % {"error": error}
        pack.finished_at = timezone.now()
        pack.save(update_fields=["status", "error", "finished_at"])
        return pack
    pack.refresh_from_db()
    pack.file.save(pack.filename, ContentFile(content), save=False)
    pack.size = len(content)
    pack.status, pack.progress, pack.phase, pack.finished_at = Status.DONE, 100, "", timezone.now()
    pack.save(update_fields=["file", "size", "status", "progress", "phase", "finished_at"])
    return pack


def fail_if_orphaned(pack: ReportPack, *, now: dt.datetime | None = None) -> ReportPack:
    """A running pack whose worker went silent is failed with a true message (the page says so, and
    the user asks for a new pack); a queued one waits for the worker."""
    now = now or timezone.now()
    if pack.status == Status.RUNNING and (
        pack.heartbeat_at is None or now - pack.heartbeat_at > SILENT_AT_MOST
    ):
        updated = ReportPack.objects.filter(
            pk=pack.pk, status=Status.RUNNING, heartbeat_at=pack.heartbeat_at
        ).update(
            status=Status.FAILED,
            error=_("Proses pembuatan terhenti (pekerja latar belakang berhenti). Buat bahan rakor lagi."),
            finished_at=now,
        )
        if updated:
            pack.refresh_from_db()
    return pack
