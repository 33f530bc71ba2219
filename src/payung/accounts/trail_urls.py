from django.urls import path

from . import trail_views as views

app_name = "audit"
urlpatterns = [
    path("", views.audit_list, name="list"),
    path("akses/", views.access_list, name="accesses"),
    path("akses/<int:access_id>/", views.access_detail, name="access"),
]
