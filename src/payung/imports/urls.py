from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.import_start, name="start"),
    path("riwayat/", views.import_history, name="history"),
    path("desa/<str:code>/peserta/", views.village_coverage, name="village_coverage"),
    path(
        "desa/<str:code>/peserta/<str:kind>/<str:programme>.xlsx",
        views.village_coverage_download,
        name="village_coverage_download",
    ),
    path("<int:job_id>/", views.import_detail, name="detail"),
    path("<int:job_id>/status/", views.import_status, name="status"),
    path("<int:job_id>/kolom/", views.import_columns, name="columns"),
    path("<int:job_id>/judul/", views.import_header_row, name="header_row"),
    path("<int:job_id>/desa/", views.import_village, name="village"),
    path("<int:job_id>/impor/", views.import_confirm, name="confirm"),
    path("<int:job_id>/batal/", views.import_cancel, name="cancel"),
    path("<int:job_id>/ulang/", views.import_retry, name="retry"),
    path("<int:job_id>/laporan.xlsx", views.import_report, name="report"),
    path("<int:job_id>/berkas", views.import_original, name="original"),
]
