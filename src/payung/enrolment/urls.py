from django.urls import path

from . import views

app_name = "enrolment"
urlpatterns = [
    path("skema/<int:scheme_id>/", views.membership_list, name="list"),
    path("skema/<int:scheme_id>/tambah/", views.membership_add, name="add"),
    path("skema/<int:scheme_id>/<int:membership_id>/hapus/", views.membership_remove_view, name="remove"),
    path("skema/<int:scheme_id>/ajukan/", views.memberships_submit_view, name="submit"),
    path("skema/<int:scheme_id>/pendaftaran-kolektif.xlsx", views.registration_export, name="registration"),
    path("skema/<int:scheme_id>/jawaban-bpjs/", views.answer_upload, name="answer"),
]
