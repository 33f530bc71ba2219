"""The lifecycle's pages under three prefixes (config/urls.py): schemes, their members, their bills."""

from django.urls import path

from .views import bills, jobs, memberships, schemes

scheme_urls = (
    [
        path("", schemes.scheme_list, name="list"),
        path("baru/", schemes.scheme_create_view, name="create"),
        path("<int:scheme_id>/", schemes.scheme_detail, name="detail"),
        path("<int:scheme_id>/status/", schemes.scheme_status, name="status"),
        path("<int:scheme_id>/seleksi/", schemes.scheme_selection, name="selection"),
        path("<int:scheme_id>/seleksi/simpan/", schemes.scheme_selection_save, name="selection_save"),
        path("<int:scheme_id>/proses/<int:job_id>/", jobs.job_detail, name="job"),
    ],
    "schemes",
)
membership_urls = (
    [
        path("skema/<int:scheme_id>/", memberships.membership_list, name="list"),
        path("skema/<int:scheme_id>/tambah/", memberships.membership_add, name="add"),
        path(
            "skema/<int:scheme_id>/<int:membership_id>/hapus/",
            memberships.membership_remove_view,
            name="remove",
        ),
        path("skema/<int:scheme_id>/ajukan/", memberships.memberships_submit_view, name="submit"),
        path(
            "skema/<int:scheme_id>/pendaftaran-kolektif.xlsx",
            memberships.registration_export,
            name="registration",
        ),
        path("skema/<int:scheme_id>/jawaban-bpjs/", memberships.answer_upload, name="answer"),
    ],
    "memberships",
)
bill_urls = (
    [
        path("skema/<int:scheme_id>/", bills.bill_list, name="list"),
        path("skema/<int:scheme_id>/terbitkan/", bills.bill_issue_view, name="issue"),
        path("skema/<int:scheme_id>/periksa-tunggakan/", bills.lapse_check_view, name="lapse_check"),
        path("skema/<int:scheme_id>/<int:bill_id>/", bills.bill_detail, name="detail"),
        path("skema/<int:scheme_id>/<int:bill_id>/bayar/", bills.payment_record_view, name="pay"),
    ],
    "bills",
)
