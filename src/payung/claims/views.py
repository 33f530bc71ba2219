"""Claims screens: the list, a claim's page, reporting by hand, the branch's decisions, the
dashboard, the report upload. Thin: parse, ask access/selectors/services, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from payung.accounts.roles import sees_personal_data
from payung.accounts.scope import scope_for
from payung.audit.views import export_purpose, purpose_page
from payung.lib import dates, formats
from payung.lib.masking import suppress_small
from payung.lib.nik import normalize_nik
from payung.lib.xlsx import write_xlsx_bytes
from payung.regions.models import Region
from payung.registry.presenters import Disclosure
from payung.registry.selectors import workers_visible_to
from payung.rules.claims import (
    HEIR_ORDER,
    HEIR_ORDER_NOTE,
    HEIR_ORDER_SOURCE,
    entitled_heirs,
)
from payung.schemes.selectors import SCHEME_LEVEL_FIELDS, schemes_visible_to
from payung.schemes.xlsx import xlsx_response
from payung.tariffs.presenters import component_label
from payung.tariffs.services import current_rulebook

from .access import NotVisible, claim_for_user, claims_visible_to, may_decide, may_report
from .deadlines import deadline_states, worst_state
from .forms import (
    PROGRAMME_OF_HAND,
    ClaimFilterForm,
    ClaimReportForm,
    ClaimUploadForm,
    DecisionForm,
    HeirForm,
)
from .funders import event_month_paid
from .models import ClaimReport, DocumentRequirement, Heir, ImportStatus, Relationship
from .paging import claims_page
from .presenters import claim_priced, claim_row, heir_share
from .reports import PAGE_ERRORS, error_report_rows, report_create
from .runs import ReportBusy, report_cancel, report_check_alive
from .selectors import claims_filtered, dashboard, in_region, value_for_money
from .services import ClaimInvalid, claim_report, claim_transition, documents_set, heir_add, heir_remove
from .tables import dashboard_tables
from .tasks import run_claim_report

PAGE = 100
LIST_HEADERS = [
    "No. Klaim",
    "NIK",
    "Nama",
    "Program",
    "Jenis klaim",
    "Tgl kejadian",
    "Status",
    "Penyandang dana",
    "Skema",
    "Menurut aturan (Rp)",
    "Dibayar (Rp)",
    "Tgl bayar",
    "Berbeda dari aturan",
]


def _tabs(user) -> dict[str, bool]:
    return {"may_report": may_report(user), "may_upload": _may_upload(user)}


def _claim_or_404(request, claim_id):
    try:
        return claim_for_user(request.user, claim_id)
    except NotVisible:
        raise Http404 from None


def _filtered(request):
    form = ClaimFilterForm(request.GET or None)
    claims = claims_visible_to(request.user).select_related("worker", "worker__village", "scheme")
    if form.is_valid():
        claims = claims_filtered(claims, today=dates.today(), **form.cleaned_data)
    return form, claims.order_by("-event_date", "-id")


@login_required
def claim_list(request):
    if not sees_personal_data(request.user):
        return redirect("claims:dashboard")  # a viewer sees aggregates only
    form, claims = _filtered(request)
    if request.GET.get("format") == "xlsx":
        purpose, purpose_form = export_purpose(request)
        if purpose is None:
            return purpose_page(request, purpose_form, title=_("Unduh daftar klaim"))
        with Disclosure(request.user, purpose=purpose, where="klaim.xlsx") as disclosure:
            rows = [_list_cells(claim_row(c, request.user, disclosure)) for c in claims]
        return xlsx_response("klaim.xlsx", "Klaim", LIST_HEADERS, rows)
    page = claims_page(
        claims, after=request.GET.get("after", ""), before=request.GET.get("before", ""), size=PAGE
    )
    today, book = dates.today(), current_rulebook()
    rows = [(claim_row(c, request.user), worst_state(c, today, book)) for c in page.items]
    query = request.GET.copy()
    for name in ("after", "before", "format"):
        query.pop(name, None)
    return render(
        request,
        "claims/list.html",
        {"form": form, "rows": rows, "page": page, "query": query.urlencode(), **_tabs(request.user)},
    )


def _list_cells(row) -> list[object]:
    claim = row.claim
    return [
        claim.claim_number or "",
        row.nik,
        row.name,
        claim.programme,
        claim.get_kind_display(),
        claim.event_date,
        claim.get_status_display(),
        claim.get_funder_type_display(),
        claim.scheme.name if claim.scheme else "",
        claim.rule_amount,
        claim.amount_paid,
        claim.paid_on,
        claim.differs_from_rule,
    ]


@login_required
def claim_detail(request, claim_id: int):
    access = _claim_or_404(request, claim_id)
    claim = access.claim
    today = dates.today()
    priced = claim_priced(claim)
    deadlines = deadline_states(claim, today)
    heirs = list(claim.heirs.all())
    if request.GET.get("unduh"):
        return _claim_table_download(request, claim, priced, heirs)
    entitled = entitled_heirs([h.relationship for h in heirs])
    requirements = list(DocumentRequirement.objects.filter(kind=claim.kind, active=True))
    ticked = set(claim.ticks.values_list("requirement_id", flat=True))
    return render(
        request,
        "claims/detail.html",
        {
            "access": access,
            "claim": claim,
            "person": claim_row(claim, request.user),
            "priced": priced,
            "month_paid": event_month_paid(claim),
            "deadlines": deadlines,
            "heirs": [
                {
                    "heir": h,
                    "entitled": h.relationship in entitled,
                    "amount": heir_share(claim.amount_paid, h.share_percent),
                }
                for h in heirs
            ],
            "lines": [
                {"label": component_label(line.component, priced.result.kind), "line": line}
                for line in priced.result.lines
            ]
            if priced.result
            else [],
            "heir_order": [[Relationship(r).label for r in group.relationships] for group in HEIR_ORDER],
            "heir_source": HEIR_ORDER_SOURCE,
            "heir_note": HEIR_ORDER_NOTE,
            "documents": [{"requirement": r, "ticked": r.pk in ticked} for r in requirements],
            "events": claim.events.select_related("by"),
            "decision_form": DecisionForm(initial={"on": today}),
            "heir_form": HeirForm(),
        },
    )


def _claim_table_download(request, claim, priced, heirs):
    """A table of the claim page as XLSX; the heirs are people: asked for a purpose, logged."""
    wanted = request.GET["unduh"]
    name = f"klaim-{claim.pk}-{wanted}.xlsx"
    if wanted == "rincian":
        rows = [
            [
                component_label(line.component, priced.result.kind),
                line.amount,
                line.source,
                line.confidence.value,
            ]
            for line in (priced.result.lines if priced.result else ())
        ]
        rows += [[_("Menurut aturan"), priced.amount, "", ""], [_("Dibayar"), claim.amount_paid, "", ""]]
        return xlsx_response(
            name, "Rincian", [_("Komponen"), _("Jumlah (Rp)"), _("Sumber"), _("Kepastian")], rows
        )
    if wanted == "riwayat":
        rows = [
            [event.on, event.from_status, event.to_status, event.by.username if event.by else "", event.why]
            for event in claim.events.select_related("by")
        ]
        return xlsx_response(
            name, "Riwayat", [_("Tanggal"), _("Dari"), _("Ke"), _("Oleh"), _("Alasan")], rows
        )
    if wanted != "ahli-waris":
        raise Http404
    purpose, form = export_purpose(request)
    if purpose is None:
        return purpose_page(request, form, title=_("Unduh ahli waris"))
    with Disclosure(request.user, purpose=purpose, where=name) as disclosure:
        if claim.worker is not None:
            disclosure.show(claim.worker)
        rows = [
            [
                h.name,
                h.get_relationship_display(),
                h.share_percent,
                heir_share(claim.amount_paid, h.share_percent),
            ]
            for h in heirs
        ]
    return xlsx_response(
        name, "Ahli waris", [_("Nama"), _("Hubungan"), _("Bagian (%)"), _("Dari yang dibayar (Rp)")], rows
    )


def _problems_to_messages(request, error: ClaimInvalid) -> None:
    for problem in error.problems:
        messages.error(request, problem.message)


@login_required
@require_POST
def claim_decide(request, claim_id: int):
    access = _claim_or_404(request, claim_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("claims:detail", access.claim.pk)
    data = form.cleaned_data
    try:
        claim_transition(
            actor=request.user,
            claim=access.claim,
            to=data["to"],
            on=data["on"],
            today=dates.today(),
            why=data["why"],
            claim_number=data["claim_number"] or None,
            amount_paid=data["amount_paid"],
        )
    except PermissionDenied:
        raise
    except ClaimInvalid as error:
        _problems_to_messages(request, error)
    else:
        messages.success(request, _("Status klaim dicatat."))
    return redirect("claims:detail", access.claim.pk)


@login_required
@require_POST
def claim_heir_add(request, claim_id: int):
    access = _claim_or_404(request, claim_id)
    form = HeirForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            heir_add(
                actor=request.user,
                claim=access.claim,
                name=data["name"],
                nik=normalize_nik(data["nik"]) if data["nik"] else "",
                relationship=data["relationship"],
                share_percent=data["share_percent"],
            )
        except ClaimInvalid as error:
            _problems_to_messages(request, error)
        else:
            messages.success(request, _("Ahli waris ditambahkan."))
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request, f"{form.fields[field].label}: {error}" if field in form.fields else error
                )
    return redirect("claims:detail", access.claim.pk)


@login_required
@require_POST
def claim_heir_remove(request, claim_id: int, heir_id: int):
    access = _claim_or_404(request, claim_id)
    heir = get_object_or_404(Heir, pk=heir_id, claim=access.claim)
    heir_remove(actor=request.user, heir=heir)
    messages.success(request, _("Ahli waris dihapus."))
    return redirect("claims:detail", access.claim.pk)


@login_required
@require_POST
def claim_documents(request, claim_id: int):
    access = _claim_or_404(request, claim_id)
    present = {int(value) for value in request.POST.getlist("document") if value.isdigit()}
    documents_set(actor=request.user, claim=access.claim, present=present)
    messages.success(request, _("Daftar dokumen disimpan."))
    return redirect("claims:detail", access.claim.pk)


@login_required
def claim_report_new(request):
    if not may_report(request.user):
        raise PermissionDenied(_("Peran Anda tidak melaporkan klaim."))
    form = ClaimReportForm(request.POST or None, initial={"event_date": dates.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        worker = workers_visible_to(request.user).filter(nik=normalize_nik(data["nik"])).first()
        if worker is None:
            form.add_error(
                "nik", _("NIK ini tidak terdaftar di wilayah kerja Anda. Daftarkan pekerjanya dahulu.")
            )
        else:
            try:
                claim = claim_report(
                    actor=request.user,
                    worker=worker,
                    kind=data["kind"],
                    programme=PROGRAMME_OF_HAND[data["kind"]],
                    event_date=data["event_date"],
                    today=dates.today(),
                    why=data["why"],
                )
            except ClaimInvalid as error:
                for problem in error.problems:
                    form.add_error("event_date" if problem.field == "event_date" else None, problem.message)
            else:
                messages.success(request, _("Klaim dilaporkan. Bantu keluarga melengkapi dokumennya."))
                return redirect("claims:detail", claim.pk)
    return render(request, "claims/report_form.html", {"form": form, **_tabs(request.user)})


def _dashboard_region(request):
    scope = scope_for(request.user)
    # Districts too for a user of a few regions; the whole country offers provinces and regencies.
    regions = scope.filter_regions(Region.objects.filter(level__lte=2 if scope.everything else 3)).order_by(
        "code"
    )
    code = request.GET.get("region") or (scope.codes[0] if scope.codes else "")
    if code and not scope.contains(code):
        raise Http404
    region = Region.objects.filter(code=code).first() if code else None
    if code and region is None:
        raise Http404
    return region, regions


@login_required
def claims_dashboard(request):
    region, regions = _dashboard_region(request)
    try:
        year = int(request.GET.get("year", "")) if request.GET.get("year") else dates.today().year - 1
    except ValueError:
        year = dates.today().year - 1
    claims = claims_visible_to(request.user)
    if region is not None:
        claims = in_region(claims, region.code)
    schemes = schemes_visible_to(request.user).filter(year=year)
    if region is not None:
        schemes = schemes.filter(**{SCHEME_LEVEL_FIELDS[region.level]: region.code})
    board = dashboard(claims, year)
    masked = not sees_personal_data(request.user)
    tables = dashboard_tables(
        board, value_for_money(claims, year, schemes.values_list("id", "name", "funder_type")), masked=masked
    )
    wanted = request.GET.get("unduh")
    if wanted:
        table = next((t for t in tables if t.key == wanted), None)
        if table is None:
            raise Http404
        content = write_xlsx_bytes(
            table.key,
            table.headers,
            table.rows,
            preamble=[f"{table.title} — {region.name if region else ''} {year}"],
            note=table.note,
        )
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="klaim-{table.key}-{year}.xlsx"'
        return response
    return render(
        request,
        "claims/dashboard.html",
        {
            "region": region,
            "regions": regions,
            "year": year,
            "years": range(dates.today().year, 2014, -1),
            "board": board,
            "tables": tables,
            "masked": masked,
            "total_claims": _count(board["total"]["claims"], masked),
            "total_workers": _count(board["total"]["workers"], masked),
            "query": request.GET.urlencode(),
            **_tabs(request.user),
        },
    )


def _count(count: int, masked: bool) -> str:
    return str(suppress_small(count)) if masked else formats.number(count)


def _may_upload(user) -> bool:
    return may_decide(user) or bool(user.is_authenticated and user.role == "regency_admin")


@login_required
def report_upload(request):
    """Upload a branch report: kept, then checked in the background (the page follows its progress)."""
    if not _may_upload(request.user):
        raise PermissionDenied(_("Hanya petugas BPJS dan admin kabupaten/kota yang mengimpor laporan klaim."))
    form = ClaimUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = report_create(actor=request.user, data=upload.read(), name=upload.name, dry_run=True)
        run_claim_report.enqueue(report.pk)
        return redirect("claims:import_detail", report.pk)
    recent = ClaimReport.objects.filter(user=request.user)[:10]
    return render(request, "claims/upload.html", {"form": form, "recent": recent, **_tabs(request.user)})


def _report_or_404(request, report_id: int) -> ClaimReport:
    """A report run is its uploader's (it holds NIKs and names), while they may still upload."""
    if not _may_upload(request.user):
        raise Http404
    return get_object_or_404(ClaimReport, pk=report_id, user=request.user)


@login_required
def report_detail(request, report_id: int):
    report = report_check_alive(_report_or_404(request, report_id))
    if request.GET.get("unduh") == "kesalahan":
        return xlsx_response(
            f"klaim-impor-{report.pk}-kesalahan.xlsx",
            "Kesalahan",
            [_("Baris"), _("Kolom"), _("Kode"), _("Pesan")],
            error_report_rows(report),
        )
    template = "claims/_report_status.html" if request.GET.get("partial") else "claims/report_detail.html"
    return render(
        request,
        template,
        {"report": report, "shown_errors": report.errors[:PAGE_ERRORS], **_tabs(request.user)},
    )


@login_required
@require_POST
def report_cancel_view(request, report_id: int):
    report = _report_or_404(request, report_id)
    try:
        report = report_cancel(report)
    except ReportBusy as error:
        messages.error(request, str(error))
    else:
        if report.status == ImportStatus.CANCELLED:
            messages.success(request, _("Impor dibatalkan. Tidak ada yang disimpan."))
        elif report.cancel_requested:
            messages.info(request, _("Pembatalan diminta; proses berhenti pada langkah berikutnya."))
    return redirect("claims:import_detail", report.pk)


@login_required
@require_POST
def report_confirm(request, report_id: int):
    """After a clean check: the same file imported for real (checked again against today's data)."""
    report = _report_or_404(request, report_id)
    if not report.can_import:
        messages.error(request, _("Laporan ini belum dapat diimpor: periksa dulu baris yang salah."))
        return redirect("claims:import_detail", report.pk)
    report.dry_run, report.status, report.progress, report.cancel_requested = (
        False,
        ImportStatus.QUEUED,
        0,
        False,
    )
    report.save(update_fields=["dry_run", "status", "progress", "cancel_requested"])
    run_claim_report.enqueue(report.pk)
    return redirect("claims:import_detail", report.pk)
