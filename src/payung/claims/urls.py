from django.urls import path

from . import views

app_name = "claims"

urlpatterns = [
    path("", views.claim_list, name="list"),
    path("lapor/", views.claim_report_new, name="report"),
    path("dasbor/", views.claims_dashboard, name="dashboard"),
    path("impor/", views.report_upload, name="upload"),
    path("impor/<int:report_id>/", views.report_detail, name="import_detail"),
    path("impor/<int:report_id>/impor/", views.report_confirm, name="import_confirm"),
    path("impor/<int:report_id>/batal/", views.report_cancel_view, name="import_cancel"),
    path("<int:claim_id>/", views.claim_detail, name="detail"),
    path("<int:claim_id>/keputusan/", views.claim_decide, name="decide"),
    path("<int:claim_id>/ahli-waris/", views.claim_heir_add, name="heir_add"),
    path("<int:claim_id>/ahli-waris/<int:heir_id>/hapus/", views.claim_heir_remove, name="heir_remove"),
    path("<int:claim_id>/dokumen/", views.claim_documents, name="documents"),
]
