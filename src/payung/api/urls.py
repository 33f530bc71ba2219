from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import auth_views, memberships, schemes, views
from .errors import not_found_json

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path("v1/auth/token/", auth_views.token_obtain, name="auth-token"),
    path("v1/regions/", views.region_list, name="region-list"),
    path("v1/regions/<str:code>/", views.region_detail, name="region-detail"),
    path("v1/workers/", views.worker_list, name="worker-list"),
    path("v1/workers/<int:worker_id>/", views.worker_detail, name="worker-detail"),
    # The lifecycle: imports, schemes, memberships, bills, payments.
    path("v1/schemes/", schemes.scheme_list, name="scheme-list"),
    path("v1/schemes/<int:scheme_id>/", schemes.scheme_detail, name="scheme-detail"),
    path("v1/schemes/<int:scheme_id>/approve/", schemes.scheme_approve, name="scheme-approve"),
    path("v1/schemes/<int:scheme_id>/close/", schemes.scheme_close, name="scheme-close"),
    path("v1/schemes/<int:scheme_id>/selection/", schemes.scheme_selection, name="scheme-selection"),
    path("v1/schemes/<int:scheme_id>/memberships/", memberships.membership_list, name="membership-list"),
    path(
        "v1/schemes/<int:scheme_id>/memberships/<int:membership_id>/",
        memberships.membership_detail,
        name="membership-detail",
    ),
    path(
        "v1/schemes/<int:scheme_id>/memberships/submit/",
        memberships.memberships_submit_view,
        name="memberships-submit",
    ),
    path(
        "v1/schemes/<int:scheme_id>/registration-file/",
        memberships.registration_file,
        name="registration-file",
    ),
    path("v1/schemes/<int:scheme_id>/answer-file/", memberships.answer_file, name="answer-file"),
    # Monitoring and later capabilities: coverage, claims, agents, rules and calculators.
    # Last: any other address under /api/ answers the API's 404, not an HTML page.
    re_path(r"^.*$", not_found_json),
]
