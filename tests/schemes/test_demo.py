"""The demo tells the seeds' story (docs in schemes/demo.py): Solok's 54 of 74 nagari with two
districts complete, Cupak funded by Cupak, Makassar's headline schemes, work waiting for the BPJS
officer. On the real region tree and the demo registry, as `make run` loads them."""

from __future__ import annotations

import pytest

from payung.accounts.models import User
from payung.coverage.outbox import refresh_pending
from payung.coverage.selectors import village_participation
from payung.regions.loading import load_regions
from payung.regions.models import Region
from payung.registry.demo import load_demo
from payung.schemes.access import scheme_access
from payung.schemes.demo import MAKASSAR_JHT, MAKASSAR_JKK_JKM, load_funding_demo
from payung.schemes.models import FundingScheme, MembershipStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_regions()
    load_demo()
    first = load_funding_demo()
    again = load_funding_demo()
    refresh_pending()
    return first, again


def test_the_demo_tells_the_seeds_story(demo):
    # def solok says 54 of 74 nagari with two districts complete
    rows = village_participation(Region.objects.get(code="13.02"), 2025)
    assert (sum(r.funding for r in rows), sum(r.villages for r in rows)) == (54, 74)
    assert sorted(r.name for r in rows if r.complete) == ["Danau Kembar", "Junjung Sirih"]
    # cupak is funded by cupak
    scheme = FundingScheme.objects.get(name__startswith="APBNag Cupak")
    assert (scheme.funder_region.name, scheme.funder_type) == ("Cupak", "APBDES")
    assert scheme.memberships.exists()
    assert set(scheme.memberships.values_list("village__name", flat=True)) == {"Cupak"}
    # makassar has the seeds headline schemes and the officer has kpj numbers to return
    jkk_jkm = FundingScheme.objects.get(name=MAKASSAR_JKK_JKM.name)
    jht = FundingScheme.objects.get(name=MAKASSAR_JHT.name)
    assert (jkk_jkm.quota, jht.quota, jht.programmes, jht.deciles) == (81_466, 45_000, ["JHT"], [1, 2, 3])
    waiting = jkk_jkm.memberships.filter(status=MembershipStatus.SUBMITTED).count()
    assert waiting > 100
    officer = User.objects.get(username="bpjs.makassar")
    assert scheme_access(officer, jkk_jkm).can_exchange_with_bpjs
    assert jht.memberships.filter(status=MembershipStatus.PROPOSED).exists()
    # a second run adds nothing
    first, again = demo
    assert first["schemes_created"] > 50 and again["schemes_created"] == 0
    assert again["memberships"] == first["memberships"]
