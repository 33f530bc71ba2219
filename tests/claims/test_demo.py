"""The demo gives Enrekang a few claims, and a second run changes nothing."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from payung.claims.models import Claim
from payung.regions.loading import load_regions


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_the_demo_gives_enrekang_claims_once(capsys):
    load_regions()
    call_command("load_demo", "--workers-per-regency", "40")
    claims = set(Claim.objects.values_list("claim_number", "regency_code", "funder_type", "status"))
    assert {c[1] for c in claims} == {"73.16"}
    assert any(funder == "APBD" and status == "paid" for _n, _r, funder, status in claims)
    assert any(funder == "NONE" for _n, _r, funder, _s in claims)
    call_command("load_demo", "--workers-per-regency", "40")
    assert set(Claim.objects.values_list("claim_number", "regency_code", "funder_type", "status")) == claims
