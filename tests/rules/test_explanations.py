"""What screens say about a rule version: every doubt explained, in plain words, no internal references."""

import re

from payung.rules import default_rulebook
from payung.rules.data.explanations import EXPLANATIONS

INTERNAL = re.compile(r"\b[PFG]\d{2,3}\b|REGULATION\.md|\[[CSU]\]|Seed-\d")


def test_every_version_that_is_not_confirmed_says_why_on_screen():
    book = default_rulebook()
    missing = [
        (key, str(version.effective_from))
        for key, chain in book.chains.items()
        for version in chain
        if version.confidence != "C" and not version.explanation
    ]
    assert not missing


def test_explanations_carry_no_source_ids_or_developer_notes():
    for key, text in EXPLANATIONS.items():
        assert not INTERNAL.search(text), key


def test_every_explanation_belongs_to_a_shipped_version():
    book = default_rulebook()
    for rule, start in EXPLANATIONS:
        assert book.version_from(rule, start) is not None, (rule, start)
