from django.urls import path

from . import transfer_views, views

app_name = "registry"
urlpatterns = [
    path("", views.worker_list, name="list"),
    path("unduh.xlsx", views.worker_export, name="export"),
    path("baru/", views.worker_create, name="create"),
    path("<int:worker_id>/", views.worker_detail, name="detail"),
    path("<int:worker_id>/ubah/", views.worker_edit, name="edit"),
    path("pindah/", transfer_views.transfer_list, name="transfers"),
    path("pindah/ajukan/", transfer_views.transfer_create, name="transfer_create"),
    path("pindah/<int:transfer_id>/putuskan/", transfer_views.transfer_decide, name="transfer_decide"),
]
