"""Unit tests for the disclosure rule of the public exports (exporters/disclosure.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from exporters import config as disclosure_config
from exporters.disclosure import DERIVED, PRIMARY, SECONDARY, mask, suppress
from exporters.protect import figure_id, structure


def _cells(rows):
    return pd.DataFrame(rows, columns=["cell_id", "value", "is_child_count", "share_of"])


def _group(gid, total, components):
    return [(gid, total, "total")] + [(gid, c, "component") for c in components]


def _groups(*groups):
    rows = [r for g in groups for r in g]
    return pd.DataFrame(rows, columns=["group_id", "cell_id", "role"])


def _reasons(out):
    return {r.cell_id: r.suppression for r in out.itertuples() if r.suppressed}


def test_primary_suppression_covers_one_to_threshold_only():
    cells = _cells([("zero", 0, True, None), ("one", 1, True, None), ("five", 5, True, None),
                    ("six", 6, True, None), ("missing", None, True, None)])
    assert _reasons(suppress(cells, threshold=5)) == {"one": PRIMARY, "five": PRIMARY}


def test_counts_of_other_things_and_shares_are_not_primary_suppressed():
    cells = _cells([("schools", 2, False, None), ("share", 3.0, False, None)])
    assert _reasons(suppress(cells, threshold=5)) == {}


def test_threshold_zero_switches_suppression_off():
    cells = _cells([("one", 1, True, None)])
    out = suppress(cells, threshold=0)
    assert not out["suppressed"].any()


def test_secondary_suppresses_next_smallest_non_zero_sibling():
    # Total 92 = 90 + 2 + 0: with only the 2 hidden, 92 - 90 - 0 gives it away.
    cells = _cells([("total", 92, True, None), ("english", 90, True, None), ("other", 2, True, None),
                    ("unclassified", 0, True, None)])
    groups = _groups(_group("g", "total", ["english", "other", "unclassified"]))
    assert _reasons(suppress(cells, groups, 5)) == {"other": PRIMARY, "english": SECONDARY}


def test_no_secondary_when_two_components_are_already_hidden_or_no_total():
    cells = _cells([("total", 99, True, None), ("a", 96, True, None), ("b", 2, True, None), ("c", 1, True, None)])
    groups = _groups(_group("g", "total", ["a", "b", "c"]))
    assert _reasons(suppress(cells, groups, 5)) == {"b": PRIMARY, "c": PRIMARY}
    # components without a total cannot be solved for
    groups = pd.DataFrame([("g", "a", "component"), ("g", "b", "component")], columns=["group_id", "cell_id", "role"])
    assert _reasons(suppress(cells, groups, 5)) == {"b": PRIMARY, "c": PRIMARY}


def test_secondary_propagates_through_row_and_column_groups():
    #            female  male  all
    # need A        1     6     7
    # need B       20    30    50
    # total        21    36    57
    cells = _cells([(f"{r}{c}", v, True, None) for r, row in
                    (("A", (1, 6, 7)), ("B", (20, 30, 50)), ("T", (21, 36, 57))) for c, v in zip("fma", row)])
    groups = _groups(
        _group("rowA", "Aa", ["Af", "Am"]), _group("rowB", "Ba", ["Bf", "Bm"]), _group("rowT", "Ta", ["Tf", "Tm"]),
        _group("colf", "Tf", ["Af", "Bf"]), _group("colm", "Tm", ["Am", "Bm"]), _group("cola", "Ta", ["Aa", "Ba"]),
    )
    reasons = _reasons(suppress(cells, groups, 5))
    assert reasons["Af"] == PRIMARY
    assert reasons["Am"] == SECONDARY  # row A: 7 - 6 would reveal 1
    assert reasons["Bf"] == SECONDARY  # female column: 21 - 20 would reveal 1
    assert reasons["Bm"] == SECONDARY  # male column, then row B, are closed in turn
    # every group now hides zero or at least two members
    out = suppress(cells, groups, 5)
    hidden = set(out.loc[out["suppressed"], "cell_id"])
    for _, g in groups.groupby("group_id"):
        assert len(hidden & set(g["cell_id"])) != 1


def test_shares_of_suppressed_counts_are_suppressed():
    cells = _cells([("n", 2, True, None), ("pct", 2.2, False, "n"), ("n2", 90, True, None), ("pct2", 97.8, False, "n2")])
    assert _reasons(suppress(cells, threshold=5)) == {"n": PRIMARY, "pct": DERIVED}


def test_input_is_not_modified_and_extra_columns_are_kept():
    cells = _cells([("n", 2, True, None)]).assign(note="kept")
    before = cells.copy()
    out = suppress(cells, threshold=5)
    pd.testing.assert_frame_equal(cells, before)
    assert out["note"].tolist() == ["kept"]


def test_rejects_duplicate_cell_ids_and_missing_columns():
    with pytest.raises(ValueError):
        suppress(_cells([("n", 2, True, None), ("n", 3, True, None)]))
    with pytest.raises(ValueError):
        suppress(pd.DataFrame({"cell_id": ["n"], "value": [1]}))


def test_mask_replaces_suppressed_values_with_marker():
    values = pd.Series([2.0, 90.0])
    assert mask(values, pd.Series([True, False])).tolist() == ["c", 90.0]


def test_threshold_from_env_then_dbt_project_then_default(monkeypatch, tmp_path):
    monkeypatch.setenv(disclosure_config.ENV_VAR, "10")
    assert disclosure_config.load_config().threshold == 10
    monkeypatch.delenv(disclosure_config.ENV_VAR)
    assert disclosure_config.load_config().threshold == disclosure_config._threshold_from_dbt_project()
    project = tmp_path / "dbt_project.yml"
    project.write_text("name: x\nvars:\n  other: 1\n  suppression_threshold: 3 # comment\nmodels: {}\n")
    assert disclosure_config._threshold_from_dbt_project(project) == 3
    project.write_text("name: x\n")
    assert disclosure_config._threshold_from_dbt_project(project) is None
    assert disclosure_config.load_config(7).threshold == 7
    with pytest.raises(ValueError):
        disclosure_config.load_config(-1)


def test_dbt_project_declares_the_threshold():
    assert disclosure_config._threshold_from_dbt_project() is not None


def test_counts_of_schools_are_not_counts_of_children():
    assert disclosure_config.counts_children("first_language_pupils", "osc_2023_11_scorecard__language")
    assert disclosure_config.counts_children("ofsted_pupils_count")
    assert not disclosure_config.counts_children("ofsted_schools_count")
    assert not disclosure_config.counts_children(None, "osc_2023_11_scorecard__ofsted_schools")


def test_structure_reads_totals_and_shares_from_printed_tables():
    rows = []
    t = "rpt__language"
    for line, label, no, pct in ((1, "English", 90, 97.8), (2, "Other", 2, 2.2), (3, "Unclassified", 0, 0.0),
                                 (4, "State-funded AP school", 92, 100.0)):
        rows.append((t, line, "y_no", "count", no, "count", label, "title", None))
        rows.append((t, line, "y_pct", "share", pct, "percent", label, "title", None))
    figs = pd.DataFrame(rows, columns=["source_table", "source_line", "source_column", "figure_role", "value", "unit",
                                       "row_label", "table_title", "block"])
    cells, groups = structure(figs)
    # the unlabelled-as-total last row is recognised because it is the sum of the rows above it
    totals = set(groups.loc[groups["role"] == "total", "cell_id"])
    assert totals == {figure_id(t, 4, "y_no", "count")}
    share_of = dict(zip(cells["cell_id"], cells["share_of"]))
    assert share_of[figure_id(t, 2, "y_pct", "share")] == figure_id(t, 2, "y_no", "count")
