import pytest

from payung.agents.first_rules import ensure_first_rules
from payung.agents.models import CommissionRule, HostShareRule, InactivityRule


@pytest.fixture(autouse=True)
def first_rules(request):
    """The migration loads the 2018 rules; a transactional test's flush removes them: put them back."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        ensure_first_rules(CommissionRule, InactivityRule, HostShareRule)
