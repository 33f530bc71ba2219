from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import (
    agents,
    auth_views,
    billing,
    claims,
    coverage,
    imports,
    lifecycle_jobs,
    memberships,
    rules,
    schemes,
    views,
)
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
    # imports
    path("v1/imports/", imports.import_list, name="import-list"),
    path("v1/imports/<int:job_id>/", imports.import_detail, name="import-detail"),
    path("v1/imports/<int:job_id>/report/", imports.import_report, name="import-report"),
    path("v1/imports/<int:job_id>/commit/", imports.import_commit, name="import-commit"),
    path("v1/imports/<int:job_id>/cancel/", imports.import_cancel, name="import-cancel"),
    # bills and payments
    path("v1/schemes/<int:scheme_id>/bills/", billing.bill_list, name="bill-list"),
    path("v1/schemes/<int:scheme_id>/bills/<int:bill_id>/", billing.bill_detail, name="bill-detail"),
    path(
        "v1/schemes/<int:scheme_id>/bills/<int:bill_id>/payments/", billing.payment_list, name="payment-list"
    ),
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
    path("v1/schemes/<int:scheme_id>/jobs/<int:job_id>/", lifecycle_jobs.scheme_job, name="scheme-job"),
    # Monitoring and later capabilities: coverage, claims, agents, rules and calculators.
    # coverage
    path("v1/coverage/<str:code>/", coverage.coverage_detail, name="coverage-detail"),
    path("v1/coverage/<str:code>/series/", coverage.coverage_series, name="coverage-series"),
    path("v1/coverage/<str:code>/targets/", coverage.coverage_targets, name="coverage-targets"),
    path("v1/coverage/<str:code>/villages/", coverage.coverage_villages, name="coverage-villages"),
    # rules and calculators
    path("v1/rules/", rules.rule_list, name="rule-list"),
    path("v1/calculators/contribution/", rules.contribution_calculator, name="calculator-contribution"),
    path("v1/calculators/benefit/", rules.benefit_calculator, name="calculator-benefit"),
    # claims
    path("v1/claims/", claims.claim_list, name="claim-list"),
    path("v1/claims/summary/", claims.claims_summary, name="claim-summary"),
    path("v1/claims/<int:claim_id>/", claims.claim_detail, name="claim-detail"),
    path("v1/claims/<int:claim_id>/decision/", claims.claim_decision, name="claim-decision"),
    # agents
    path("v1/agents/", agents.agent_list, name="agent-list"),
    path("v1/agents/<str:code>/", agents.agent_detail, name="agent-detail"),
    path("v1/agents/<str:code>/recruits/", agents.agent_recruits, name="agent-recruits"),
    path(
        "v1/agents/<str:code>/recruits/<int:recruit_id>/collections/",
        agents.recruit_collections,
        name="agent-recruit-collections",
    ),
    path("v1/agents/<str:code>/deposits/", agents.agent_deposits, name="agent-deposits"),
    path("v1/agents/<str:code>/statements/<str:month>/", agents.agent_statement, name="agent-statement"),
    # Last: any other address under /api/ answers the API's 404, not an HTML page.
    re_path(r"^.*$", not_found_json),
]
