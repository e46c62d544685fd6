"""Open data in the DfE Explore Education Statistics (EES) layout, with disclosure control.

``screen`` below applies DfE's screening rules to every data file and its metadata. The rules are written
down from DfE's published standards, cited per rule:

* [UD] "Open data standards", DfE Analytical Services guidance,
  https://dfe-analytical-services.github.io/analysts-guide/statistics-production/ud.html (sections named
  per rule);
* [SCR] the checks of DfE's screener package eesyscreener (https://github.com/dfe-analytical-services/
  eesyscreener, R/<check name>.R and data-raw/acceptable_values.R, req_values.R), named per rule.

Where the screener only warns, the rule here fails (a file DfE's screener warns about is not clean).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest

from exporters import marts
from exporters.ees_time import Exclusion, TimeSlot, ees_time
from exporters.open_data import EXCLUDED, export_open_data, slug

ROOT = Path(__file__).resolve().parents[1]
OPEN_DATA_DOC = ROOT / "exporters" / "OPEN_DATA.md"
OLD_MODULES = {"context", "printed", "protect", "disclosure", "config", "layout", "warehouse"}

# ------------------------------------------------------------------------------- the standard's values

# [UD] List of allowable time values; [SCR] data-raw/acceptable_values.R (acceptable_time_ids, one list per
# table of the guide: identifiers may share a file only within one table, precheck_time_id_mix)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
TIME_TABLES = [
    ["Autumn and spring term"], ["Calendar year"], ["Financial year"], ["Academic year"], ["Tax year"],
    ["Reporting year"], ["Spring term", "Autumn term", "Summer term"], [f"Week {n}" for n in range(1, 53)],
    MONTHS, [f"Financial year Q{q}" for q in (1, 2, 3, 4)],
    ["Part 1 (April to September)", "Part 2 (October to March)"],
]
# [SCR] four_digit_identifiers / six_digit_identifiers (check_time_period)
FOUR_DIGITS = {"Calendar year", "Reporting year", *[f"Week {n}" for n in range(1, 53)], *MONTHS}
SIX_DIGITS = {i for t in TIME_TABLES for i in t} - FOUR_DIGITS
# [SCR] req_data_cols (precheck_col_req_data); [UD] Time and geography
REQUIRED_DATA = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name"]
# [UD] Allowable geographic levels; [SCR] data-raw/geography_df.R (code, name, secondary code per level)
GEOGRAPHY_COLUMNS = {
    "National": [],
    "Regional": ["region_code", "region_name"],
    "Local authority": ["old_la_code", "new_la_code", "la_name"],
}
ALL_LEVELS = {"National", "Regional", "Local authority", "Local authority district", "RSC region",
              "Parliamentary constituency", "Local skills improvement plan area", "Local enterprise partnership",
              "English devolved area", "Opportunity area", "Ward", "MAT", "Sponsor", "School", "Provider",
              "Institution", "Planning area", "Police force area"}
GEOGRAPHY_ORDER = ["country_code", "country_name", "region_code", "region_name", "old_la_code", "new_la_code",
                   "la_name"]
# [UD] Data symbols (GSS symbols: z not applicable, x not available, c confidential, low / k rounds to 0,
# u low reliability); [SCR] gss_symbols; legacy symbols ~ and : fail check_ind_invalid_entry
SYMBOLS = {"z", "x", "c", "low", "k", "u"}
# [SCR] check_general_null: null symbols fail, legacy no-data symbols warn
NULLISH = {"NULL", "Null", "null", "NA", "na", "N/A", "n/a", ".", "..", "-", "~", ":"}
# [UD] Mandatory EES metadata columns; [SCR] req_meta_cols + optional_meta_cols (filter_default)
META_COLUMNS = ["col_name", "col_type", "label", "indicator_grouping", "indicator_unit", "indicator_dp",
                "filter_hint", "filter_grouping_column", "filter_default"]
# [UD] Acceptable indicator_unit values; [SCR] acceptable_indicator_units
UNITS = {"", "%", "pp", "£", "£m", "numberstring"}
# [SCR] check_col_ind_smushed
FILTER_WORDS = ["male", "female", "asian", "chinese", "indian", "pakistani", "bangladeshi", "black", "african",
                "caribbean", "white", "roma", "irish", "english", "british", "scottish", "welsh", "northern irish",
                "arab"]
# [SCR] data-raw/potential_ob_units_regex.R (precheck_meta_ob_unit, check_meta_geog_catch)
OB_UNIT = re.compile(
    r"(^(country|sch|prov|inst|estab|reg|la|local|rsc|pfa|pcon|lep|mca|oa|ward|mat).*"
    r"(name|code|urn|ukprn|number|upin|id)$)|(^(laestab|estab|sch|school|schools|prov|provider|providers|inst|"
    r"institution|institutions|name|code|urn|ukprn|number|upin|id|region|la|lad|rsc|pcon|lep|mca|oa|ward|mat)$)",
    re.IGNORECASE)
# this project: period and source report are provenance, never filters
NOT_FILTERS = {"period", "period_label", "period_type", "source_report", "report", "report_id", "statistic",
               "date", "time_period", "time_identifier"}
# a file may not be mostly "not applicable": indicators share a file only where they share rows (see
# ees_tables: grouped by the filters that split them, at most a third z by construction); half would mean the
# file is mostly cells where its indicators do not apply, i.e. unrelated tables side by side, which [UD]
# "Deciding what should be in a file" rules out ("whether all of the data in the file is appropriate to show
# side-by-side in the same table")
MAX_Z_SHARE = 0.5


def _table_of(identifier: str) -> int | None:
    return next((i for i, t in enumerate(TIME_TABLES) if identifier in t), None)


def screen(name: str, data: pd.DataFrame, meta: pd.DataFrame) -> list[str]:
    """Every breach of the EES rules by a data file (all columns read as text) and its metadata."""
    bad: list[str] = []
    cols = list(data.columns)
    # [UD] File names; [SCR] check_filename_spaces, check_filename_special: letters, digits, _ and -;
    # EES forces lower case
    if not re.fullmatch(r"[a-z0-9_-]+", name):
        bad.append(f"file name {name!r}")
    # [UD] Variable names; [SCR] check_col_names_spaces, check_col_snake_case, check_col_var_start
    bad += [f"column name {c!r}" for c in cols if not re.fullmatch(r"[a-z][a-z0-9_]*", c)]
    # [SCR] precheck_col_req_data
    bad += [f"missing column {c}" for c in REQUIRED_DATA if c not in cols]
    if bad:
        return bad
    # the layout: time_period, time_identifier, geographic_level, then the geography columns its levels need
    # ([UD] Allowable geographic levels; [SCR] precheck_geog_level_present, check_geog_la_col_present,
    # check_geog_region_col_present)
    levels = set(data["geographic_level"])
    bad += [f"geographic_level {lv!r}" for lv in levels - ALL_LEVELS]  # [SCR] precheck_geog_level
    needed = ["country_code", "country_name"]
    if levels & {"Regional", "Local authority"}:
        needed += GEOGRAPHY_COLUMNS["Regional"]  # LA rows carry their region ([SCR] check_geog_region_for_la)
    for level in levels:
        needed += GEOGRAPHY_COLUMNS.get(level, [])
    needed = [c for c in GEOGRAPHY_ORDER if c in needed]
    if cols[:3 + len(needed)] != REQUIRED_DATA[:3] + needed:
        bad.append(f"column order {cols[:3 + len(needed)]}, expected {REQUIRED_DATA[:3] + needed}")
    # [SCR] precheck_time_id_valid, precheck_time_id_mix; this project: one table of identifiers per file
    identifiers = set(data["time_identifier"])
    tables = {_table_of(i) for i in identifiers}
    if None in tables:
        bad.append(f"time_identifier not allowed: {sorted(i for i in identifiers if _table_of(i) is None)}")
    if len(tables) > 1:
        bad.append(f"time identifiers mixed across tables: {sorted(identifiers)}")
    # [SCR] precheck_time_period_num, check_time_period, check_time_period_six
    for identifier, period in set(zip(data["time_identifier"], data["time_period"])):
        digits = 4 if identifier in FOUR_DIGITS else 6
        if not re.fullmatch(rf"\d{{{digits}}}", period):
            bad.append(f"time_period {period!r} for {identifier!r} needs {digits} digits")
        elif digits == 6 and (int(period[2:4]) + 1) % 100 != int(period[4:6]):
            bad.append(f"time_period {period!r} is not two consecutive years")
    # [UD] "All rows must have country_code and country_name completed"; [SCR] check_geog_level_completed
    # (new_la_code may be blank for a legacy LA)
    for level, level_rows in data.groupby("geographic_level"):
        for c in ["country_code", "country_name", *GEOGRAPHY_COLUMNS.get(level, [])]:
            if c != "new_la_code" and (level_rows[c].str.strip() == "").any():
                bad.append(f"{level} rows with blank {c}")
    # [UD] "leave any not applicable columns blank"; [SCR] check_geog_overcompleted_cols
    for level, allowed in (("National", set()), ("Regional", {"region_code", "region_name"})):
        rows = data[data["geographic_level"] == level]
        for c in ("region_code", "region_name", "old_la_code", "new_la_code", "la_name"):
            if c in cols and c not in allowed and (rows[c] != "").any():
                bad.append(f"{level} rows fill {c}")

    # metadata: [SCR] precheck_col_req_meta, precheck_col_invalid_meta
    if list(meta.columns) != META_COLUMNS:
        return bad + [f"meta columns {list(meta.columns)}"]
    bad += [f"col_type {t!r}" for t in set(meta["col_type"]) - {"Filter", "Indicator"}]  # precheck_meta_col_type
    filters = meta.loc[meta["col_type"] == "Filter", "col_name"].tolist()
    indicators = meta.loc[meta["col_type"] == "Indicator", "col_name"].tolist()
    described = meta["col_name"].tolist()
    # every data column but time and geography described, none extra ([SCR] precheck_cross_meta_to_data,
    # precheck_cross_data_to_meta, precheck_col_to_rows; [UD] EES metadata)
    others = [c for c in cols if c not in REQUIRED_DATA[:3] + GEOGRAPHY_ORDER]
    if sorted(others) != sorted(described):
        bad.append(f"meta describes {sorted(described)}, data has {sorted(others)}")
    if cols[len(cols) - len(indicators):] != indicators or any(c not in cols for c in filters):
        bad.append("filters then indicators expected after the geography")
    # [SCR] check_meta_col_name_spaces, check_meta_col_name_dupe, check_meta_label, check_meta_dupe_label
    bad += [f"meta col_name {c!r}" for c in described if re.search(r"\s", c) or described.count(c) > 1]
    labels = meta["label"].tolist()
    bad += [f"label of {c} blank or duplicated" for c, lab in zip(described, labels)
            if not lab.strip() or labels.count(lab) > 1]
    # [SCR] check_meta_filter_hint, check_meta_fil_grp, check_meta_indicator_grouping, check_meta_indicator_dp,
    # check_meta_ind_unit: filter fields only on filters, indicator fields only on indicators
    for _, r in meta.iterrows():
        if r["col_type"] == "Indicator" and (r["filter_hint"] or r["filter_grouping_column"] or r["filter_default"]):
            bad.append(f"indicator {r['col_name']} has filter fields")
        if r["col_type"] == "Filter" and (r["indicator_grouping"] or r["indicator_unit"] or r["indicator_dp"]):
            bad.append(f"filter {r['col_name']} has indicator fields")
    ind = meta[meta["col_type"] == "Indicator"]
    # [SCR] check_meta_ind_unit_validation; [UD] Acceptable indicator_unit values
    bad += [f"indicator_unit {u!r}" for u in set(ind["indicator_unit"]) - UNITS]
    # [SCR] check_meta_ind_dp_set (warns when blank), check_meta_ind_dp_values
    bad += [f"indicator_dp {d!r} of {c}" for c, d in zip(ind["col_name"], ind["indicator_dp"])
            if not re.fullmatch(r"\d+", d)]
    # [SCR] check_col_ind_smushed
    bad += [f"indicator {c} reads as a filter item" for c in indicators
            if any(w in c.lower().replace("_", " ") or w in c.lower() for w in FILTER_WORDS)]
    # [SCR] precheck_meta_ob_unit, check_meta_geog_catch; this project: no time or provenance filters
    bad += [f"filter {c} looks like a geography or time column" for c in filters
            if OB_UNIT.search(c) or c in NOT_FILTERS]
    # [SCR] check_meta_fil_grp_match etc.: no filter groups are used here
    bad += [f"filter_grouping_column of {c}" for c, g in zip(described, meta["filter_grouping_column"]) if g]
    for c in filters:
        items = set(data[c])
        if len(items) < 2:  # [SCR] precheck_filter_not_singular; [UD] Single entry columns
            bad.append(f"filter {c} has one item")
        # [UD] Aggregates and default filters ("The standard entry for aggregate rows on the platform is
        # 'Total'"); [SCR] check_filter_defaults
        if "Total" not in items:
            bad.append(f"filter {c} has no Total")
        if (data[c].str.strip() == "").any():  # [SCR] check_filter_blanks
            bad.append(f"filter {c} has blank items")
        if (data[c] != data[c].str.strip()).any():  # [SCR] check_filter_whitespace
            bad.append(f"filter {c} has untrimmed items")
    bad += [f"filter_default of {c} is not Total" for c, d in zip(meta["col_name"], meta["filter_default"])
            if c in filters and d != "Total"]
    # [SCR] check_general_dupes: one row per time, place and filter items
    keys = [c for c in cols if c not in indicators]
    if data.duplicated(keys).any():
        bad.append(f"{int(data.duplicated(keys).sum())} duplicate rows")
    # [SCR] check_general_null, check_ind_invalid_entry; [UD] Data symbols
    for c in cols:
        if data[c].isin(NULLISH).any():
            bad.append(f"null or legacy symbol in {c}")
    for c in indicators:
        v = data[c]
        ok = v.isin(SYMBOLS) | v.str.fullmatch(r"-?\d+(\.\d+)?")
        if not ok.all():
            bad.append(f"indicator {c} holds {sorted(set(v[~ok]))[:3]}")
    # blank required cells ([UD] Time and geography)
    for c in REQUIRED_DATA:
        if (data[c].str.strip() == "").any():
            bad.append(f"blank {c}")
    return bad


# ------------------------------------------------------------------------------------------ fixtures

def _read(path: Path) -> pd.DataFrame:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: BOM"  # [UD] Data format: UTF-8 CSV
    raw.decode("utf-8")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _data_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.csv")
                  if not p.name.endswith((".meta.csv", ".provenance.csv")) and p.name != EXCLUDED)


@pytest.fixture(scope="session")
def open_data(warehouse, tmp_path_factory) -> dict:
    """The open data written from the session's warehouse: folder, files written, and every file read."""
    out = tmp_path_factory.mktemp("open_data_export")
    written = export_open_data(warehouse, out)
    folder = out / "open_data"
    files = {}
    for path in _data_files(folder):
        stem = path.name[:-len(".csv")]
        files[stem] = {"data": _read(path), "meta": _read(folder / f"{stem}.meta.csv"),
                       "provenance": _read(folder / f"{stem}.provenance.csv")}
    return {"folder": folder, "written": written, "files": files, "excluded": _read(folder / EXCLUDED),
            "marts": marts.load(warehouse)}


@pytest.fixture(scope="session")
def small_count(open_data) -> dict:
    """A printed count of children from 1 to the threshold: 2 pupils in alternative provision whose first
    language is other than English, 2018/19 (language table, line 2370)."""
    obs = open_data["marts"].observations
    row = obs[(obs["source_table"] == "osc_2023_11_scorecard__language") & (obs["source_line"] == 2370)
              & (obs["source_column"] == "ay_2018_19_no") & (obs["figure_role"] == "count")]
    assert len(row) == 1 and row["value"].iloc[0] == 2 and bool(row["is_suppressed"].iloc[0])
    return row.iloc[0].to_dict()


# ------------------------------------------------------------------------------------ disclosure

def test_small_count_is_suppressed_in_open_data(small_count, open_data):
    hits = []
    for stem, f in open_data["files"].items():
        prov, data = f["provenance"], f["data"]
        for _, p in prov[prov["observation_id"] == small_count["observation_id"]].iterrows():
            keys = [c for c in prov.columns if c in data.columns]
            match = data[(data[keys] == p[keys]).all(axis=1)]
            assert len(match) == 1, stem
            hits.append((p["value"], p["printed_text"], match[p["indicator"]].iloc[0]))
    assert hits == [("c", "c", "c")]


def test_open_data_provenance_does_not_reveal_suppressed_values(open_data):
    obs = open_data["marts"].observations
    suppressed = set(obs.loc[obs["is_suppressed"].astype(bool), "observation_id"])
    assert suppressed
    shown = 0
    for stem, f in open_data["files"].items():
        prov = f["provenance"]
        hidden = prov[prov["observation_id"].isin(suppressed) | (prov["value"] == "c")]
        assert (hidden["value"] == "c").all() and (hidden["printed_text"] == "c").all(), stem
        assert (hidden["derivation"] == "").all(), stem
        shown += len(hidden)
    assert shown
    excluded = open_data["excluded"]
    assert not {"value", "printed_text", "numerator", "denominator", "sentence"} & set(excluded.columns)


def test_no_count_of_children_at_or_under_threshold_is_published_in_open_data(open_data):
    m = open_data["marts"]
    threshold = m.suppression_threshold  # 0 when suppression is switched off: nothing to check
    counts = set(m.metrics.loc[(m.metrics["unit"] == "count") & m.metrics["counts_children"].fillna(False).astype(bool),
                               "metric_id"])
    for stem, f in open_data["files"].items():
        metric_of = dict(zip(f["provenance"]["indicator"], f["provenance"]["metric_id"]))
        for col, metric in metric_of.items():
            if metric in counts:
                values = pd.to_numeric(f["data"][col], errors="coerce")
                assert not ((values >= 1) & (values <= threshold)).any(), (stem, col)


# ------------------------------------------------------------------------------- every observation

def test_every_observation_is_published_or_excluded_with_a_reason(open_data):
    ids = set(open_data["marts"].observations["observation_id"])
    published: set[str] = set()
    for stem, f in open_data["files"].items():
        prov, data = f["provenance"], f["data"]
        keys = [c for c in prov.columns if c in data.columns]
        merged = prov.merge(data, on=keys, how="left", validate="many_to_one", indicator=True)
        assert (merged["_merge"] == "both").all(), stem
        shown = [row[ind] for ind, (_, row) in zip(merged["indicator"], merged.iterrows())]
        assert shown == merged["value"].tolist(), stem
        # every figure in the data (a number or c) has its provenance
        indicators = f["meta"].loc[f["meta"]["col_type"] == "Indicator", "col_name"]
        figures = sum(int((~data[c].isin({"z", "x"})).sum()) for c in indicators)
        assert figures == len(prov[prov["value"] != "x"].drop_duplicates(keys + ["indicator"])), stem
        published |= set(prov["observation_id"])
    excluded = open_data["excluded"]
    left_out = set(excluded["observation_id"])
    assert not published & left_out
    assert published | left_out == ids
    assert excluded["observation_id"].is_unique
    assert (excluded["reason"].str.len() > 0).all() and (excluded["reason_code"].str.len() > 0).all()
    documented = OPEN_DATA_DOC.read_text(encoding="utf-8")
    for code in set(excluded["reason_code"]):
        assert f"`{code}`" in documented, f"reason {code} is not described in {OPEN_DATA_DOC.name}"
    assert set(open_data["written"]) == set(open_data["folder"].glob("*.csv"))


# ---------------------------------------------------------------------------------- the EES rules

def test_every_data_file_passes_the_ees_rules(open_data):
    assert open_data["files"]
    problems = {stem: screen(stem, f["data"], f["meta"]) for stem, f in open_data["files"].items()}
    assert not {k: v for k, v in problems.items() if v}
    # [SCR] check_filenames_match: <name>.csv with <name>.meta.csv (the fixture reads each pair)
    folder = open_data["folder"]
    for meta in folder.glob("*.meta.csv"):
        assert (folder / meta.name.replace(".meta.csv", ".csv")).exists()


def test_files_are_not_mostly_not_applicable(open_data):
    for stem, f in open_data["files"].items():
        indicators = f["meta"].loc[f["meta"]["col_type"] == "Indicator", "col_name"].tolist()
        cells = f["data"][indicators]
        share = float((cells == "z").to_numpy().mean())
        assert share < MAX_Z_SHARE, (stem, round(share, 2))


def test_indicator_dp_is_the_most_decimals_printed(open_data):
    obs = open_data["marts"].observations.set_index("observation_id")
    for stem, f in open_data["files"].items():
        prov = f["provenance"]
        for _, r in f["meta"][f["meta"]["col_type"] == "Indicator"].iterrows():
            printed = obs.loc[prov.loc[prov["indicator"] == r["col_name"], "observation_id"], "printed_decimals"]
            expected = int(printed.dropna().max()) if printed.notna().any() else 0
            assert int(r["indicator_dp"]) == expected, (stem, r["col_name"])


def test_file_names_and_area_come_from_the_data(open_data):
    m = open_data["marts"]
    reports = m.reports.set_index("report_id")["area_name"]
    for stem, f in open_data["files"].items():
        areas = {slug(reports[r]) for r in set(f["provenance"]["report_id"])}
        assert len(areas) == 1 and stem.startswith(areas.pop() + "_"), stem
    sources = [ROOT / "exporters" / "open_data.py", *sorted((ROOT / "exporters").glob("ees_*.py"))]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert "sefton" not in text.lower(), f"{path.name} names an area in code"
        imported = set()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom):
                imported |= {(node.module or "").split(".")[-1]} | {a.name for a in node.names}
            elif isinstance(node, ast.Import):
                imported |= {a.name.split(".")[-1] for a in node.names}
        assert not imported & OLD_MODULES, (path.name, imported & OLD_MODULES)
        assert len(text.splitlines()) < 420, f"{path.name} is over ~400 lines"


def test_period_and_source_report_live_in_the_provenance_only(open_data):
    for stem, f in open_data["files"].items():
        assert not set(f["data"].columns) & (NOT_FILTERS - {"time_period", "time_identifier"}), stem
        assert {"period", "source_report", "report_id", "source_locator"} <= set(f["provenance"].columns), stem


# --------------------------------------------------------------- time coding (no warehouse needed)

def _obs(period_type, start, end, **kw):
    return {"period_type": period_type, "period_start": pd.Timestamp(start) if start else None,
            "period_end": pd.Timestamp(end) if end else None, **kw}


@pytest.mark.parametrize("obs, expected", [
    (_obs("academic_year", "2022-09-01", "2023-08-31"), TimeSlot("202223", "Academic year")),
    (_obs("financial_year", "2023-04-01", "2024-03-31"), TimeSlot("202324", "Financial year")),
    (_obs("calendar_year", "2022-01-01", "2022-12-31"), TimeSlot("2022", "Calendar year")),
    (_obs("month", "2023-10-01", "2023-10-31"), TimeSlot("2023", "October")),
    (_obs("term", "2023-09-01", "2023-12-31"), TimeSlot("202324", "Autumn term")),
    (_obs("date_range", "2020-10-01", "2020-12-31"), TimeSlot("202021", "Financial year Q3")),
    (_obs("as_at", "2023-10-16", "2023-10-16"), TimeSlot("2023", "Reporting year")),
    # "2023/24 to 19 Oct 2023" is not the academic year 2023/24
    (_obs("year_to_date", "2023-09-01", "2023-10-19"), Exclusion("part_year")),
    (_obs("half_term", "2023-09-01", "2023-10-31"), Exclusion("half_term")),
    # "2022/23 compared with 2021/22" is not the year 2021/22
    (_obs("date_range", "2021-09-01", "2023-08-31"), Exclusion("no_time_identifier", "01 Sep 2021 to 31 Aug 2023")),
    (_obs("date_range", "2023-08-01", "2023-10-31"), Exclusion("no_time_identifier", "01 Aug 2023 to 31 Oct 2023")),
    (_obs("as_at", None, None), Exclusion("period_not_stated")),
])
def test_time_columns_say_exactly_the_period(obs, expected):
    assert ees_time(obs) == expected


def test_the_screen_rejects_what_the_standard_rejects():
    """The rules above catch the faults the old export had."""
    geo = {"geographic_level": "Local authority", "country_code": "E92000001", "country_name": "England",
           "region_code": "E12000002", "region_name": "North West", "old_la_code": "343", "new_la_code": "E08000014",
           "la_name": "Somewhere"}
    good = pd.DataFrame([
        {"time_period": "202223", "time_identifier": "Academic year", **geo, "phase": "Total", "rate": "8.2"},
        {"time_period": "202223", "time_identifier": "Academic year", **geo, "phase": "primary", "rate": "c"},
    ])
    meta = pd.DataFrame([["phase", "Filter", "Phase", "", "", "", "Filter by phase", "", "Total"],
                         ["rate", "Indicator", "Rate", "", "%", "1", "", "", ""]], columns=META_COLUMNS)
    assert screen("area_domain_academic_year", good, meta) == []
    mixed = good.assign(time_identifier=["Academic year", "Calendar year"], time_period=["202223", "2023"])
    assert any("mixed" in p for p in screen("f", mixed, meta))
    assert any("6 digits" in p for p in screen("f", good.assign(time_period="2023"), meta))
    assert any("consecutive" in p for p in screen("f", good.assign(time_period="202124"), meta))
    assert any("no Total" in p for p in screen("f", good.assign(phase=["secondary", "primary"]), meta))
    assert any("indicator_dp" in p for p in screen("f", good, meta.assign(indicator_dp=["", "x"])))
    assert any("period" in p for p in screen("f", good.rename(columns={"phase": "period"}),
                                             meta.assign(col_name=["period", "rate"])))
    assert any("holds" in p for p in screen("f", good.assign(rate=["8.2", ""]), meta))
    assert any("filter_default" in p for p in screen("f", good, meta.assign(filter_default=["primary", ""])))
