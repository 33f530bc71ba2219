"""One formatter each for numbers, percentages, months, days, sizes and Rupiah, in the screen's language."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from payung.lib import formats


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "id",
            [
                "1.431,9",
                "20,00 %",
                "+20,00 %",
                "Desember 2026",
                "15 Desember 2026",
                "1.431,8 MB",
                "Rp1.500.000",
            ],
        ),
        (
            "en",
            [
                "1,431.9",
                "20.00 %",
                "+20.00 %",
                "December 2026",
                "December 15, 2026",
                "1,431.8 MB",
                "Rp1,500,000",
            ],
        ),
    ],
)
def test_each_value_is_written_the_way_its_language_writes_it(language, expected):
    with translation.override(language):
        assert [
            formats.number(1431.9, 1),
            formats.percent(Decimal("20")),
            formats.signed_percent(Decimal("20")),
            formats.month(dt.date(2026, 12, 1)),
            formats.day(dt.date(2026, 12, 15)),
            formats.filesize(1_501_400_000),
            formats.rupiah(1_500_000),
        ] == expected


def test_sizes_step_through_bytes_kilobytes_and_megabytes():
    with translation.override("id"):
        assert [formats.filesize(n) for n in (0, 1023, 1024, 20_000, 1024 * 1024)] == [
            "0 B", "1.023 B", "1,0 kB", "19,5 kB", "1,0 MB",
        ]  # fmt: skip


def test_missing_values_show_a_dash_not_none():
    assert {formats.number(None), formats.percent(None), formats.month(None), formats.day(None)} == {"—"}


def test_templates_use_the_same_formatters():
    template = Template(
        "{% load formats %}{{ p|percent }} · {{ m|month }} · {{ d|day }} · {{ n|number }} · {{ s|filesize }}"
    )
    with translation.override("id"):
        page = template.render(
            Context(
                {
                    "p": Decimal("36.06"),
                    "m": dt.date(2024, 2, 1),
                    "d": dt.date(2015, 7, 1),
                    "n": 47340,
                    "s": 2048,
                }
            )
        )
    assert page == "36,06 % · Februari 2024 · 1 Juli 2015 · 47.340 · 2,0 kB"
