"""The API's conventions: tokens (made, named, revoked, expiring, following their user), one error
shape in the request's language, idempotent retries, rate limits, the documentation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from payung.api.models import ApiToken
from payung.api.tokens import token_create, token_revoke
from payung.audit.models import AuditEvent
from payung.lib.dates import now
from payung.registry.models import Worker
from tests.api.helpers import api_for

pytestmark = pytest.mark.django_db

WORKER = {
    "nik": "1302075203850001",
    "name": "Siti Rahma",
    "sex": "P",
    "birth_date": "1985-03-12",
    "village_code": "13.02.07.2002",
    "occupation_code": "petani",
    "dtsen_decile": 2,
}


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def with_key(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_token_is_stored_as_a_hash_and_acts_with_its_users_role_and_regions(bob, charlie):
    token, key = token_create(user=bob, name="skrip impor")
    assert key not in token.key_hash and token.last_digits == key[-4:]
    assert with_key(key).get("/api/v1/workers/").status_code == 200
    assert AuditEvent.objects.filter(object_type="api_token", action="create", actor=bob).exists()
    assert with_key(key).get("/api/v1/regions/73.16/").status_code == 200  # the tree is public


def test_revoking_deactivating_and_expiry_stop_a_token_at_once(bob):
    token, key = token_create(user=bob, name="a")
    client = with_key(key)
    assert client.get("/api/v1/workers/").status_code == 200
    assert token_revoke(user=bob, token_id=token.pk) is not None
    assert client.get("/api/v1/workers/").status_code == 401

    _token, key = token_create(user=bob, name="b")
    bob.is_active = False
    bob.save()
    assert with_key(key).get("/api/v1/workers/").status_code == 401
    bob.is_active = True
    bob.save()

    token, key = token_create(user=bob, name="c")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=now() - dt.timedelta(seconds=1))
    answer = with_key(key).get("/api/v1/workers/")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "not_authenticated"


def test_tokens_expire_after_the_configured_days(bob, settings):
    settings.PAYUNG_API_TOKEN_DAYS = 180
    token, _key = token_create(user=bob, name="a")
    assert dt.timedelta(days=179) < token.expires_at - now() <= dt.timedelta(days=180)
    settings.PAYUNG_API_TOKEN_DAYS = 0
    token, _key = token_create(user=bob, name="b")
    assert token.expires_at is None


def test_nobody_revokes_anothers_token(bob, charlie):
    token, key = token_create(user=bob, name="a")
    assert token_revoke(user=charlie, token_id=token.pk) is None
    assert with_key(key).get("/api/v1/workers/").status_code == 200


def test_a_token_by_password_and_the_refusals(bob, alice):
    client = APIClient()
    answer = client.post(
        "/api/v1/auth/token/", {"username": "bob", "password": "rahasia-uji-123"}, format="json"
    )
    assert answer.status_code == 201
    assert with_key(answer.json()["token"]).get("/api/v1/workers/").status_code == 200
    wrong = client.post("/api/v1/auth/token/", {"username": "bob", "password": "salah"}, format="json")
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (400, "invalid_credentials")
    # A regency admin must use a second factor: without one set up, no token by password.
    admin = client.post(
        "/api/v1/auth/token/", {"username": "alice", "password": "rahasia-uji-123"}, format="json"
    )
    assert (admin.status_code, admin.json()["error"]["code"]) == (400, "second_factor_not_set_up")


def test_repeated_failures_lock_the_account_as_the_login_does(bob, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = APIClient()
    for _ in range(3):
        client.post("/api/v1/auth/token/", {"username": "bob", "password": "salah"}, format="json")
    locked = client.post(
        "/api/v1/auth/token/", {"username": "bob", "password": "rahasia-uji-123"}, format="json"
    )
    assert (locked.status_code, locked.json()["error"]["code"]) == (403, "locked")


def test_every_error_has_the_one_shape_in_the_requests_language(bob, vera):
    answers = {
        "unauthenticated": APIClient().get("/api/v1/workers/"),
        "unknown address": api_for(bob).get("/api/v1/tidak-ada/"),
        "not found": api_for(bob).get("/api/v1/workers/999999/"),
        "forbidden": api_for(vera).get("/api/v1/workers/"),
        "method": api_for(bob).delete("/api/v1/workers/"),
        "invalid": api_for(bob).post("/api/v1/workers/", {**WORKER, "dtsen_decile": 11}, format="json"),
    }
    for what, answer in answers.items():
        error = answer.json()["error"]
        assert set(error) == {"code", "message", "fields"}, what
        assert error["message"], what
    assert answers["not found"].json()["error"]["message"] == "Tidak ditemukan."
    english = api_for(bob).get("/api/v1/workers/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["error"]["message"] == "Not found."


def test_the_same_idempotency_key_twice_creates_one_worker_and_answers_the_same(bob):
    client = api_for(bob)
    first = client.post("/api/v1/workers/", WORKER, format="json", HTTP_IDEMPOTENCY_KEY="kunci-1")
    again = client.post("/api/v1/workers/", WORKER, format="json", HTTP_IDEMPOTENCY_KEY="kunci-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Worker.objects.count() == 1
    other = client.post(
        "/api/v1/workers/", {**WORKER, "name": "Lain"}, format="json", HTTP_IDEMPOTENCY_KEY="kunci-1"
    )
    assert (other.status_code, other.json()["error"]["code"]) == (409, "idempotency_key_reused")


def test_a_refused_request_does_not_use_up_its_key(bob):
    client = api_for(bob)
    refused = client.post(
        "/api/v1/workers/", {**WORKER, "dtsen_decile": 11}, format="json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert refused.status_code == 400
    fixed = client.post("/api/v1/workers/", WORKER, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert fixed.status_code == 201


@pytest.fixture
def three_a_minute(settings):
    from rest_framework.throttling import SimpleRateThrottle

    # DRF reads the rates once, into the class: set them there, and put them back afterwards.
    saved = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = {**saved, "token": "3/minute"}
    yield
    SimpleRateThrottle.THROTTLE_RATES = saved


def test_a_token_over_its_rate_gets_429_with_retry_after(bob, three_a_minute):
    client = api_for(bob)
    codes = [client.get("/api/v1/workers/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    answer = client.get("/api/v1/workers/")
    assert int(answer.headers["Retry-After"]) > 0
    assert answer.json()["error"]["code"] == "throttled"
    assert api_for(bob).get("/api/v1/workers/").status_code == 200  # another token, its own count


def test_the_token_screen_makes_shows_once_and_revokes(client, bob):
    client.force_login(bob)
    made = client.post("/akun/token/", {"name": "skrip OpenSID"})
    key = made.context["new_key"]
    assert key and key in made.content.decode()
    page = client.get("/akun/token/").content.decode()
    assert "skrip OpenSID" in page and key not in page and f"…{key[-4:]}" in page
    token = ApiToken.objects.get(user=bob)
    client.post(f"/akun/token/{token.pk}/cabut/")
    assert with_key(key).get("/api/v1/workers/").status_code == 401
    assert client.post("/akun/token/", {"name": " "}).status_code == 400


def test_the_documentation_is_served_from_vendored_assets(client, bob):
    client.force_login(bob)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    text = page.content.decode()
    assert (
        "swagger-ui" in text
        and "http://" not in text.replace("http://testserver", "")
        and "https://" not in text
    )
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/auth/token/" in schema.content


def test_a_services_validation_error_answers_400_in_the_error_shape_with_its_fields():
    from django.core.exceptions import ValidationError

    from payung.api.errors import api_exception_handler

    refusal = ValidationError(
        {
            "month": [ValidationError("Bulan di luar tahun skema.", code="month_outside")],
            "__all__": ["Ditolak."],
        }
    )
    response = api_exception_handler(refusal, {})
    assert response.status_code == 400
    assert response.data == {
        "error": {
            "code": "invalid",
            "message": "Ditolak.",
            "fields": {"month": [{"code": "month_outside", "message": "Bulan di luar tahun skema."}]},
        }
    }
    plain = api_exception_handler(ValidationError("Anggaran tidak cukup.", code="over_budget"), {})
    assert plain.status_code == 400
    assert plain.data["error"]["message"] == "Anggaran tidak cukup."


def test_a_write_to_an_address_that_is_no_operation_answers_the_json_404_not_the_csrf_page(alice):
    from django.test import Client

    from tests.api.helpers import api_for

    token = api_for(alice)._credentials["HTTP_AUTHORIZATION"]
    browserless = Client(enforce_csrf_checks=True)
    response = browserless.put(
        "/api/v1/workers/-5/", data="{}", content_type="application/json", headers={"Authorization": token}
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_description_gives_every_operation_the_error_answers_in_the_one_shape(client, alice):
    client.force_login(alice)
    described = client.get("/api/schema/", {"format": "json"}).json()
    assert described["components"]["schemas"]["Error"]["required"] == ["error"]
    for methods in described["paths"].values():
        for operation in methods.values():
            for status in ("400", "401", "403", "404", "429"):
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}
