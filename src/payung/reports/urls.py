from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("buat/", views.pack_create, name="create"),
    path("<int:pack_id>/", views.pack_detail, name="detail"),
    path("<int:pack_id>/unduh/", views.pack_download, name="download"),
]
