from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.worker_list, name="list"),
    path("unduh.xlsx", views.worker_export, name="export"),
    path("baru/", views.worker_create, name="create"),
    path("<int:worker_id>/", views.worker_detail, name="detail"),
    path("<int:worker_id>/ubah/", views.worker_edit, name="edit"),
]
