from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/regions/", views.region_list, name="region-list"),
    path("v1/regions/<str:code>/", views.region_detail, name="region-detail"),
    path("v1/workers/", views.worker_list, name="worker-list"),
    path("v1/workers/<int:worker_id>/", views.worker_detail, name="worker-detail"),
]
