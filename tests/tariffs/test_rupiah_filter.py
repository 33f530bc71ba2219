import pytest
from django.utils import translation

from payung.tariffs.templatetags.tariffs import rupiah


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("id", 21_880_000_000, "Rp21.880.000.000"),
        ("en", 21_880_000_000, "Rp21,880,000,000"),
        ("id", -16_800, "-Rp16.800"),
        ("en", "16800", "Rp16,800"),
        ("id", 0, "Rp0"),
        ("id", None, "—"),
    ],
)
def test_amounts_are_written_the_way_the_page_language_writes_them(language, value, shown):
    with translation.override(language):
        assert rupiah(value) == shown
