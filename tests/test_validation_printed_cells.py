"""GX reads printed cells the way staging does: by running dbt_project/macros/printed_cells.sql."""

from __future__ import annotations

import pytest

from expectations import printed_cells as pc

ACCEPTED = {
    "8.2%": ("percent", 8.2, None),
    "-0.4%": ("percent", -0.4, None),
    "38,016": ("number", None, 38016.0),
    "25.0% (697)": ("percent_count", 25.0, 697.0),
    "1 33%": ("count_percent", 33.0, 1.0),
    "57 (as of 27/10/2023)": ("number_as_of", None, 57.0),
    "240+": ("at_least", None, 240.0),
    "£1.2m": ("money_millions", None, 1.2),
    "8.2%*": ("percent", 8.2, None),
    "-": ("dash", None, None),
    "N/a": ("unavailable", None, None),
    "Currently Unavailable": ("unavailable", None, None),
    "": ("blank", None, None),
}
REJECTED = ("8.2x%", "n.a.", "-*", "*", "abc", "1.2.3%", "57 (as of 2023-10-27)")


@pytest.fixture(scope="module")
def cells():
    return pc.evaluate_cells(list(ACCEPTED) + list(REJECTED))


@pytest.mark.parametrize("text", list(ACCEPTED))
def test_staging_accepts(cells, text):
    pattern, percent, number = ACCEPTED[text]
    parsed = cells[text]
    assert parsed.accepted
    assert pattern in pc.accepted_patterns()
    assert (parsed.pattern, parsed.percent, parsed.number) == (pattern, percent, number)


@pytest.mark.parametrize("text", REJECTED)
def test_staging_rejects(cells, text):
    assert not cells[text].accepted, cells[text]


def test_invalid_as_of_date_is_rejected():
    parsed = pc.evaluate_cells(["57 (as of 31/02/2023)"])["57 (as of 31/02/2023)"]
    assert parsed.pattern == pc.INVALID_DATE and not parsed.accepted


def test_decimals():
    parsed = pc.evaluate_cells(["25.0% (697)", "94.9", "4%"])
    assert (parsed["25.0% (697)"].percent_decimals, parsed["25.0% (697)"].number_decimals) == (1, 0)
    assert parsed["94.9"].number_decimals == 1
    assert parsed["4%"].percent_decimals == 0
