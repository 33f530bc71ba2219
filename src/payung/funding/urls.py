from django.urls import path

from . import views

app_name = "funding"
urlpatterns = [
    path("", views.scheme_list, name="list"),
    path("baru/", views.scheme_create_view, name="create"),
    path("<int:scheme_id>/", views.scheme_detail, name="detail"),
    path("<int:scheme_id>/status/", views.scheme_status, name="status"),
    path("<int:scheme_id>/seleksi/", views.scheme_selection, name="selection"),
    path("<int:scheme_id>/seleksi/simpan/", views.scheme_selection_save, name="selection_save"),
]
