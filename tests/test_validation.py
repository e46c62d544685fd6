"""The committed seeds pass the GX validation; every seed has a suite with expectations."""

from __future__ import annotations

import csv

import pytest

from expectations.findings import FIELDS as FINDING_FIELDS
from expectations.spec import Share, TotalRow, specs_of
from expectations.validate import validate_seeds
from scorecard import catalog


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    # The project's seeds and GX context; the error report goes to a scratch folder.
    return validate_seeds(report_dir=tmp_path_factory.mktemp("validation"))


def test_committed_seeds_pass(result):
    blocking = "\n".join(str(f) for f in result.blocking)
    assert result.success, f"blocking findings in the committed seeds:\n{blocking}"


def test_every_seed_has_a_suite(result):
    seeds = set(catalog.load().seeds)
    assert seeds, "no seeds found"
    assert seeds == set(result.expectations_per_suite), seeds ^ set(result.expectations_per_suite)


def test_every_suite_has_expectations(result):
    empty = [name for name, n in result.expectations_per_suite.items() if n <= 0]
    assert not empty, f"suites without expectations: {empty}"
    assert sum(result.expectations_per_suite.values()) > len(result.expectations_per_suite)


def test_table_seeds_check_their_value_columns():
    """Every table seed whose cells are figures has value columns (and so pattern/range checks)."""
    for spec in specs_of():
        if spec.kind == "table" and spec.value_columns:
            assert set(spec.value_columns) <= set(spec.columns), spec.name
            assert set(spec.value_columns).isdisjoint(spec.label_columns), spec.name


def test_arithmetic_comes_from_table_checks():
    """The rules GX applies are the rows of reference seed table_checks (the home reconciliation reads)."""
    specs = {s.name: s for s in specs_of()}
    language = specs["osc_2023_11_scorecard__language"]
    totals = [r for r in language.rules if isinstance(r, TotalRow)]
    assert {c for r in totals for c in r.columns} >= {"ay_2022_23_no", "ay_2022_23_pct"}
    assert all(r.total_lines == frozenset({2343, 2351, 2358, 2365, 2372}) for r in totals)
    assert any(isinstance(r, Share) and r.denominator == "total_row" for r in language.rules)
    ofsted = specs["osc_2023_11_scorecard__ofsted_pupils"]
    assert ofsted.rules and not any(r.blocking for r in ofsted.rules)


def test_error_report_and_data_docs(result):
    assert result.errors_csv is not None and result.errors_csv.exists()
    with open(result.errors_csv, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == FINDING_FIELDS
        rows = list(reader)
    assert len(rows) == len(result.findings)
    assert result.data_docs_index.exists(), result.data_docs_index


def test_report_arithmetic_findings_are_informational(result):
    """The Ofsted tables' own arithmetic is wrong in the report: reported, never blocking."""
    ofsted = [f for f in result.findings if "ofsted" in f.file]
    assert all(not f.blocking for f in ofsted)
