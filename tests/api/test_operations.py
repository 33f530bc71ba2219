"""Every address under /api/v1/ is in the OpenAPI schema, and every operation of the schema names the
test that exercises it: a new endpoint fails here until it is described and tested."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]

# operationId -> the test (file::function) that calls it.
OPERATION_TESTS = {
    "schema_retrieve": "tests/api/test_workers_api.py::test_the_openapi_description_is_served",
    "auth_token_create": "tests/api/test_conventions.py::test_a_token_by_password_and_the_refusals",
    "v1_regions_list": "tests/api/test_workers_api.py::test_regions_are_searchable_by_code_prefix",
    "v1_regions_retrieve": (
        "tests/api/test_conventions.py::test_a_token_is_stored_as_a_hash_and_acts_with_its_users_role_and_regions"
    ),
    "v1_workers_list": "tests/api/test_workers_api.py::test_the_list_holds_only_workers_in_scope",
    "v1_workers_create": "tests/api/test_workers_api.py::test_an_operator_registers_a_worker_and_the_change_is_audited",
    "v1_workers_retrieve": "tests/api/test_workers_api.py::test_a_worker_outside_the_scope_is_404_like_a_missing_one",
    "v1_workers_update": "tests/api/test_workers_api.py::test_an_operator_updates_a_worker_in_scope_and_not_outside",
    # The lifecycle: imports, schemes, memberships, bills, payments.
    # imports
    "v1_imports_list": "tests/api/test_imports_api.py::test_someone_elses_import_is_404_like_a_missing_one",
    "v1_imports_create": "tests/api/test_imports_api.py::test_an_operator_uploads_a_list_polls_it_and_commits_it",
    "v1_imports_retrieve": "tests/api/test_imports_api.py::test_an_operator_uploads_a_list_polls_it_and_commits_it",
    "v1_imports_report": (
        "tests/api/test_imports_api.py::test_wrong_rows_are_listed_the_report_is_the_screens_file_and_commit_needs_valid_only"
    ),
    "v1_imports_commit": (
        "tests/api/test_imports_api.py::test_wrong_rows_are_listed_the_report_is_the_screens_file_and_commit_needs_valid_only"
    ),
    "v1_imports_cancel": "tests/api/test_imports_api.py::test_a_queued_job_can_be_cancelled_and_a_finished_one_not",
    # bills and payments
    "v1_schemes_bills_list": "tests/api/test_billing_api.py::test_an_admin_issues_a_bill_and_reads_it_with_its_lines",
    "v1_schemes_bills_create": "tests/api/test_billing_api.py::test_an_admin_issues_a_bill_and_reads_it_with_its_lines",
    "v1_schemes_bills_retrieve": "tests/api/test_billing_api.py::test_an_admin_issues_a_bill_and_reads_it_with_its_lines",
    "v1_schemes_bills_payments_list": "tests/api/test_billing_api.py::test_an_admin_records_payments_and_lists_them",
    "v1_schemes_bills_payments_create": "tests/api/test_billing_api.py::test_an_admin_records_payments_and_lists_them",
    "v1_schemes_list": "tests/api/test_schemes_api.py::test_the_scheme_list_is_scoped_and_carries_the_budget_figures_with_their_rules",
    "v1_schemes_create": "tests/api/test_schemes_api.py::test_the_admin_creates_a_scheme_and_the_creation_is_audited_from_the_api",
    "v1_schemes_retrieve": "tests/api/test_schemes_api.py::test_a_scheme_outside_the_scope_is_404_like_a_missing_one",
    "v1_schemes_update": "tests/api/test_schemes_api.py::test_the_admin_updates_a_draft_and_an_approved_scheme_is_refused",
    "v1_schemes_approve": (
        "tests/api/test_schemes_api.py::test_the_admin_approves_with_its_basis_and_a_second_approval_is_refused"
    ),
    "v1_schemes_close": "tests/api/test_schemes_api.py::test_the_admin_closes_an_approved_scheme_and_not_a_draft",
    "v1_schemes_selection_retrieve": (
        "tests/api/test_schemes_api.py::test_the_selection_preview_lists_the_poorest_first_with_costs_and_their_rules"
    ),
    "v1_schemes_selection_create": "tests/api/test_schemes_api.py::test_the_admin_saves_the_selection_and_others_may_not",
    "v1_schemes_memberships_list": (
        "tests/api/test_schemes_api.py::test_the_member_list_holds_the_callers_area_only_and_pages_by_cursor"
    ),
    "v1_schemes_memberships_create": (
        "tests/api/test_schemes_api.py::test_an_operator_proposes_a_worker_of_its_area_and_the_proposal_is_audited"
    ),
    "v1_schemes_memberships_destroy": (
        "tests/api/test_schemes_api.py::test_a_proposal_is_removed_by_its_area_and_a_submitted_member_is_not"
    ),
    "v1_schemes_memberships_submit": (
        "tests/api/test_schemes_api.py::test_the_admin_submits_the_proposals_once_the_scheme_is_approved"
    ),
    "v1_schemes_registration_file": (
        "tests/api/test_schemes_api.py::test_the_registration_file_is_downloaded_with_a_purpose_and_logged"
    ),
    "v1_schemes_answer_file": (
        "tests/api/test_schemes_api.py::test_the_answer_file_activates_and_rejects_and_a_dry_run_changes_nothing"
    ),
    "v1_schemes_jobs_retrieve": (
        "tests/api/test_lifecycle_jobs_api.py::test_a_large_submission_answers_202_and_its_job_reports_the_screens_message"
    ),
    # Monitoring and later capabilities: coverage, claims, agents, rules and calculators.
    # coverage
    "v1_coverage_retrieve": "tests/api/test_coverage_api.py::test_a_regions_figure_equals_the_dashboards",
    "v1_coverage_series_retrieve": "tests/api/test_coverage_api.py::test_the_series_equals_the_dashboards_trend",
    "v1_coverage_targets_retrieve": (
        "tests/api/test_coverage_api.py::test_a_target_with_its_forecast_and_the_rules_that_priced_its_budget"
    ),
    "v1_coverage_villages_retrieve": "tests/api/test_coverage_api.py::test_village_participation_per_district",
    # rules and calculators
    "v1_rules_retrieve": (
        "tests/api/test_rules_api.py::test_the_rule_table_lists_every_rule_with_its_versions_sources_and_confidence"
    ),
    "v1_calculators_contribution_retrieve": (
        "tests/api/test_rules_api.py::test_the_contribution_calculator_equals_the_screens_with_rule_source_on_every_amount"
    ),
    "v1_calculators_benefit_retrieve": (
        "tests/api/test_rules_api.py::test_the_benefit_calculator_prices_a_death_as_the_screen_does"
    ),
    # claims
    "v1_claims_list": "tests/api/test_claims_api.py::test_the_list_holds_only_claims_in_scope_and_filters_as_the_screen",
    "v1_claims_create": (
        "tests/api/test_claims_api.py::test_an_operator_reports_a_death_by_hand_once_per_idempotency_key"
    ),
    "v1_claims_retrieve": (
        "tests/api/test_claims_api.py::test_the_detail_carries_heirs_the_rule_amount_with_its_source_and_documents"
    ),
    "v1_claims_decision_create": "tests/api/test_claims_api.py::test_the_officer_records_submission_and_payment",
    "v1_claims_summary_retrieve": (
        "tests/api/test_claims_api.py::test_the_summary_is_the_cli_s_and_a_viewer_gets_aggregates_only"
    ),
    # agents
    "v1_agents_list": (
        "tests/api/test_agents_api.py::"
        "test_managers_see_the_agent_list_with_the_leaderboards_figures_and_others_are_refused"
    ),
    "v1_agents_retrieve": "tests/api/test_agents_api.py::test_the_agent_detail_for_its_managers_and_itself",
    "v1_agents_recruits_list": "tests/api/test_agents_api.py::test_an_agent_never_sees_another_agents_recruits_through_the_api",
    "v1_agents_recruits_create": (
        "tests/api/test_agents_api.py::"
        "test_an_agent_registers_a_recruit_through_the_phone_forms_service_and_a_retry_is_idempotent"
    ),
    "v1_agents_recruits_collections_create": (
        "tests/api/test_agents_api.py::test_an_agent_records_a_collection_at_the_engines_price_with_its_source"
    ),
    "v1_agents_deposits_create": "tests/api/test_agents_api.py::test_an_agent_records_a_deposit_matched_to_its_collections",
    "v1_agents_statements_retrieve": "tests/api/test_agents_api.py::test_the_statement_has_the_fields_of_the_cli",
}


def _routes(resolver, prefix: str = "") -> list[str]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append(prefix + str(entry.pattern))
    return found


def _openapi_path(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


@pytest.fixture
def schema(client, bob):
    client.force_login(bob)
    return client.get("/api/schema/", {"format": "json"}).json()


def test_every_v1_address_is_in_the_schema(schema):
    routes = [_openapi_path(r) for r in _routes(get_resolver()) if r.startswith("api/v1/")]
    assert routes, "no route under /api/v1/ found"
    assert sorted(set(routes) - set(schema["paths"])) == []


def test_every_operation_names_a_test_that_calls_its_address(schema):
    operations = {
        operation["operationId"]: path
        for path, methods in schema["paths"].items()
        for operation in methods.values()
    }
    assert sorted(set(operations) ^ set(OPERATION_TESTS)) == [], "describe and test every operation here"
    for operation_id, target in OPERATION_TESTS.items():
        file_name, function = target.split("::")
        tree = ast.parse((ROOT / file_name).read_text())
        found = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == function]
        assert found, f"{operation_id}: no test {target}"
        source = ast.get_source_segment((ROOT / file_name).read_text(), found[0])
        stem = operations[operation_id].split("{")[0]
        assert stem in source, f"{operation_id}: {target} never calls {stem}"


def _has_example(operation: dict) -> bool:
    bodies = [operation.get("requestBody", {}), *operation.get("responses", {}).values()]
    return any(
        "examples" in media or "example" in media
        for body in bodies
        for media in body.get("content", {}).values()
    )


def test_every_operation_is_described_in_both_languages_with_an_example(schema):
    lacking = []
    for path, methods in schema["paths"].items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in methods.items():
            summary, description = operation.get("summary", ""), operation.get("description", "")
            if " / " not in summary or " / " not in description or not _has_example(operation):
                lacking.append(f"{method.upper()} {path}")
    assert lacking == [], "give these a summary and description 'Bahasa Indonesia / English' and an example"
