"""The four exports, run on a freshly built warehouse.

(a) education_scorecard.xlsx reproduces every printed cell of every Education Scorecard table;
(b) a count of children under the threshold is 'c' in the public exports and kept in the marts;
(c) the open-data CSVs follow the EES layout and their metadata lists every filter and indicator;
(d) csv/ and parquet/ hold one file per mart and a data dictionary;
plus the HTML scorecard: one inline, titled SVG per headline chart, nothing fetched from the network.

The warehouse is built once per session with dbt into a temporary folder; set SCORECARD_TEST_DUCKDB
to reuse an existing warehouse file instead.
"""

from __future__ import annotations

import csv
import os
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCORECARD_SEEDS = ROOT / "seeds" / "osc_2023_11_scorecard"
PROVENANCE = ("report_id", "section", "table_title", "block", "source_line")
EES_TIME_GEO = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name",
                "region_code", "region_name", "new_la_code", "old_la_code", "la_name"]
HEADLINE_CHARTS = {"absence_rate", "persistent_absence_rate", "fixed_term_exclusion_rate", "ehcp_placement_share",
                   "ehcp_20_week_compliance", "ofsted_good_or_better_pupils", "attainment_vs_national"}


# ------------------------------------------------------------------------------------------ fixtures

@pytest.fixture(scope="session")
def warehouse(published_warehouse) -> Path:
    """The warehouse of the session's full pipeline run (tests/conftest.py); SCORECARD_TEST_DUCKDB
    points the export tests at another one."""
    reuse = os.environ.get("SCORECARD_TEST_DUCKDB")
    return Path(reuse) if reuse else published_warehouse


def _run_all(db: Path, out: Path) -> tuple[dict[str, list[Path]], float]:
    from exporters import export_open_data, export_scorecard_html, export_spreadsheet, export_tables

    written, start = {}, time.perf_counter()
    for fn in (export_tables, export_spreadsheet, export_scorecard_html, export_open_data):
        written[fn.__name__] = fn(db, out)
    return written, time.perf_counter() - start


@pytest.fixture(scope="session")
def exports(warehouse, dbt_target_dir, tmp_path_factory):
    """All four exports with the configured disclosure threshold. The data dictionary reads column
    descriptions from the dbt manifest the session parsed (as a run finds it in its target path)."""
    out = tmp_path_factory.mktemp("exports")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SCORECARD_SUPPRESSION_THRESHOLD", raising=False)
        mp.setenv("DBT_TARGET_PATH", str(dbt_target_dir))
        written, seconds = _run_all(warehouse, out)
    return out, written, seconds


@pytest.fixture(scope="session")
def unsuppressed_workbook(warehouse, tmp_path_factory) -> Path:
    """The workbook with disclosure control switched off (threshold 0): every printed figure."""
    from exporters import export_spreadsheet

    out = tmp_path_factory.mktemp("exports_unsuppressed")
    os.environ["SCORECARD_SUPPRESSION_THRESHOLD"] = "0"
    try:
        (path,) = export_spreadsheet(warehouse, out)
    finally:
        os.environ.pop("SCORECARD_SUPPRESSION_THRESHOLD", None)
    return path


# ------------------------------------------------------------------------- reading the workbook back

def render(value, number_format: str) -> str:
    """The text Excel shows for a numeric cell, for the number formats the export writes."""
    sections = number_format.split(";")
    section = sections[1] if value < 0 and len(sections) > 1 else sections[0]
    if value < 0 and len(sections) > 1:
        value = -value
    literal, placeholder, out = False, "", []
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.index('"', i + 1)
            out.append(section[i + 1:end])
            i = end + 1
            continue
        if ch in "#0,.":
            start = i
            while i < len(section) and section[i] in "#0,.":
                i += 1
            placeholder = section[start:i]
            out.append("\0")
            continue
        out.append(ch)
        i += 1
    percent = "%" in "".join(p for p in out if p != "\0")
    decimals = len(placeholder.split(".")[1]) if "." in placeholder else 0
    number = value * 100 if percent else value
    text = f"{number:{',' if ',' in placeholder else ''}.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return "".join(text if p == "\0" else p for p in out)


def cell_text(cell) -> str:
    if cell.value is None:
        return ""
    if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
        return render(cell.value, cell.number_format)
    return str(cell.value)


def read_workbook_tables(path: Path) -> dict[tuple[str, int, str], str]:
    """(source_table, source_line, seed column) -> the printed text rebuilt from the workbook."""
    wb = openpyxl.load_workbook(path)
    out: dict[tuple[str, int, str], str] = {}
    for ws in wb.worksheets:
        fields = None
        for row in ws.iter_rows():
            values = [c.value for c in row]
            nonempty = [v for v in values if v not in (None, "")]
            if nonempty and nonempty[-1] == "__fields__":
                fields = [str(v) if v is not None else "" for v in values]
                continue
            if fields is None:
                continue
            source = next((str(v) for v in reversed(values) if isinstance(v, str) and re.search(r"__\w+ line \d+$", v)), None)
            if source is None:
                continue
            table, line = re.search(r"(\w+__\w+) line (\d+)$", source).groups()
            parts: dict[str, list[tuple[str, str]]] = {}
            for field, cell in zip(fields, row):
                if not field or field == "__fields__":
                    continue
                base, _, half = field.partition("#")
                parts.setdefault(base, []).append((half, cell_text(cell)))
            for base, halves in parts.items():
                texts = [t for _, t in halves if t]
                if len(halves) == 2 and len(texts) == 2:
                    first, second = halves
                    # printed "25.0% (697)" (share first) or "1 33%" (count first)
                    text = f"{first[1]} ({second[1]})" if first[0] == "percent" else f"{first[1]} {second[1]}"
                else:
                    text = texts[0] if texts else ""
                out[(table, int(line), base)] = text
    return out


def seed_cells() -> dict[tuple[str, int, str], str]:
    out = {}
    for path in sorted(SCORECARD_SEEDS.glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for column, text in row.items():
                    if column in PROVENANCE:
                        continue
                    out[(path.stem, int(row["source_line"]), column)] = (text or "").strip()
    return out


def same_figure(printed: str, rebuilt: str) -> bool:
    if printed == rebuilt:
        return True
    # a bare number the warehouse knows is a percentage is typed as one: 60.8 -> 60.8%
    return rebuilt.endswith("%") and not printed.endswith("%") and rebuilt[:-1] == printed


# ----------------------------------------------------------------------------------------- tests (a)

def test_workbook_reproduces_every_printed_scorecard_cell(unsuppressed_workbook):
    printed = seed_cells()
    rebuilt = read_workbook_tables(unsuppressed_workbook)
    missing = sorted(set(printed) - set(rebuilt))
    assert not missing, f"{len(missing)} printed cells not in the workbook, e.g. {missing[:5]}"
    wrong = [(k, printed[k], rebuilt[k]) for k in printed if not same_figure(printed[k], rebuilt[k])]
    assert not wrong, f"{len(wrong)} cells differ (key, printed, workbook), e.g. {wrong[:10]}"


def test_public_workbook_differs_from_print_only_by_suppression(exports):
    out, _, _ = exports
    printed = seed_cells()
    rebuilt = read_workbook_tables(out / "education_scorecard.xlsx")
    differing = {k: rebuilt[k] for k in printed if not same_figure(printed[k], rebuilt[k])}
    assert differing, "expected some suppressed cells in the public workbook"
    for key, text in differing.items():
        assert "c" in text.split() or text == "c" or text.startswith("c "), (key, printed[key], text)


def test_workbook_types_percentages_with_printed_decimals(exports):
    out, _, _ = exports
    wb = openpyxl.load_workbook(out / "education_scorecard.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    absence = [c for c in cells if c.value == pytest.approx(0.082) and c.number_format == "0.0%"]
    assert absence, "8.2% should be stored as 0.082 with format 0.0%"
    assert any(c.number_format == "0%" for c in cells), "whole-number percentages keep format 0%"
    assert {"Metric definitions", "Reconciliation"} <= set(wb.sheetnames)
    assert wb["Metric definitions"].max_row > 5 and wb["Reconciliation"].max_row > 5


# ----------------------------------------------------------------------------------------- tests (b)

@pytest.fixture(scope="session")
def small_count(warehouse) -> dict:
    """A printed count of children from 1 to the threshold: 2 pupils in alternative provision whose first
    language is other than English, 2018/19 (language table, line 2370)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        row = con.execute(
            "select * from marts.fct_metric_observations where source_table = 'osc_2023_11_scorecard__language' "
            "and source_line = 2370 and source_column = 'ay_2018_19_no' and figure_role = 'count'"
        ).df()
        in_mart = con.execute(
            "select count(*) from marts.mart_language where observation_id = ? and value = 2",
            [row["observation_id"].iloc[0]],
        ).fetchone()[0]
    assert len(row) == 1 and row["value"].iloc[0] == 2
    return {**row.iloc[0].to_dict(), "in_mart": in_mart}


def test_small_count_is_kept_in_the_marts(small_count, exports):
    assert small_count["in_mart"] == 1
    out, _, _ = exports
    mart = pd.read_csv(out / "csv" / "fct_metric_observations.csv")
    assert mart.loc[mart["observation_id"] == small_count["observation_id"], "value"].tolist() == [2]


def test_small_count_is_suppressed_in_the_workbook(exports):
    out, _, _ = exports
    rebuilt = read_workbook_tables(out / "education_scorecard.xlsx")
    assert rebuilt[("osc_2023_11_scorecard__language", 2370, "ay_2018_19_no")] == "c"
    assert rebuilt[("osc_2023_11_scorecard__language", 2370, "ay_2018_19_pct")] == "c"  # its share
    # secondary: with the total (92) and "unclassified" (0) shown, 90 would give the 2 away
    assert rebuilt[("osc_2023_11_scorecard__language", 2369, "ay_2018_19_no")] == "c"


def test_suppressed_figures_are_masked_in_the_workbook_reconciliation(exports):
    out, _, _ = exports
    suppressed = set()
    for path in (out / "open_data").glob("*.provenance.csv"):
        prov = pd.read_csv(path, dtype=str, keep_default_na=False)
        suppressed |= set(prov.loc[prov["value"] == "c", "observation_id"])
    ws = openpyxl.load_workbook(out / "education_scorecard.xlsx")["Reconciliation"]
    rows = list(ws.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "check_id")
    checks = [dict(zip(rows[header_at], r)) for r in rows[header_at + 1:]]
    mine = [c for c in checks if c.get("observation_id") in suppressed]
    assert mine, "expected reconciliation checks of suppressed figures"
    assert all(c["published_value"] == "c" and c["recomputed_value"] == "c" for c in mine)


def _data_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.csv") if not p.name.endswith((".meta.csv", ".provenance.csv")))


def test_small_count_is_suppressed_in_open_data(small_count, exports):
    out, _, _ = exports
    hits = []
    for path in _data_files(out / "open_data"):
        prov = pd.read_csv(path.with_name(path.stem + ".provenance.csv"), dtype=str, keep_default_na=False)
        data = pd.read_csv(path, dtype=str, keep_default_na=False)
        for _, p in prov[prov["observation_id"] == small_count["observation_id"]].iterrows():
            keys = [c for c in prov.columns if c in data.columns]
            match = data[(data[keys] == p[keys]).all(axis=1)]
            assert len(match) == 1
            hits.append((p["value"], match[p["indicator"]].iloc[0]))
    assert hits == [("c", "c")]


def test_open_data_provenance_does_not_reveal_suppressed_values(exports):
    out, _, _ = exports
    for path in (out / "open_data").glob("*.provenance.csv"):
        prov = pd.read_csv(path, dtype=str, keep_default_na=False)
        hidden = prov[prov["value"] == "c"]
        assert (hidden["printed_text"] == "c").all(), path.name


def test_no_count_of_children_at_or_under_threshold_is_published_in_open_data(warehouse, exports):
    out, _, _ = exports
    from exporters.config import counts_children, load_config

    t = load_config().threshold
    with duckdb.connect(str(warehouse), read_only=True) as con:
        counts = set(con.execute("select metric_id from marts.dim_metric where unit = 'count'").df()["metric_id"])
    for path in _data_files(out / "open_data"):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        for col in df.columns:
            if col in counts and counts_children(col):
                values = pd.to_numeric(df[col], errors="coerce")
                assert not ((values >= 1) & (values <= t)).any(), (path.name, col)


# ----------------------------------------------------------------------------------------- tests (c)

def test_open_data_follows_the_ees_layout(exports):
    out, written, _ = exports
    folder = out / "open_data"
    data_files = _data_files(folder)
    assert data_files
    for path in data_files:
        meta_path = path.with_name(path.stem + ".meta.csv")
        assert meta_path.exists(), meta_path
        data = pd.read_csv(path, dtype=str, keep_default_na=False)
        meta = pd.read_csv(meta_path, dtype=str, keep_default_na=False)
        assert list(data.columns[: len(EES_TIME_GEO)]) == EES_TIME_GEO
        assert list(meta.columns) == ["col_name", "col_type", "label", "indicator_grouping", "indicator_unit",
                                      "indicator_dp", "filter_hint", "filter_grouping_column"]
        assert set(meta["col_type"]) <= {"Filter", "Indicator"}
        described = set(meta["col_name"])
        others = [c for c in data.columns if c not in EES_TIME_GEO]
        assert set(others) == described, (path.name, set(others) ^ described)
        assert meta["label"].str.len().gt(0).all()
        assert {"cohort", "phase", "breakdown"} <= set(meta.loc[meta["col_type"] == "Filter", "col_name"])
        assert data["time_period"].str.fullmatch(r"\d{4}|\d{6}").all(), path.name
        assert set(data["geographic_level"]) <= {"National", "Regional", "Local authority"}
        for level, column in (("National", "country_code"), ("Regional", "region_code"), ("Local authority", "new_la_code")):
            assert data.loc[data["geographic_level"] == level, column].str.len().gt(0).all(), (path.name, level)
        indicators = meta.loc[meta["col_type"] == "Indicator", "col_name"]
        for col in indicators:
            values = data[col]
            ok = values.isin(["", "c", "x", "z"]) | pd.to_numeric(values, errors="coerce").notna()
            assert ok.all(), (path.name, col, values[~ok].head().tolist())
        # no duplicate rows for the same time, place and filters
        keys = [c for c in data.columns if c in EES_TIME_GEO or c in set(meta.loc[meta["col_type"] == "Filter", "col_name"])]
        assert not data.duplicated(keys).any(), path.name
    assert set(written["export_open_data"]) >= set(data_files)


def test_open_data_carries_every_observation(warehouse, exports):
    """Every observation is in one data file, at the cell its provenance row names."""
    out, _, _ = exports
    with duckdb.connect(str(warehouse), read_only=True) as con:
        ids = set(con.execute("select observation_id from marts.fct_metric_observations").df()["observation_id"])
    seen = set()
    for path in _data_files(out / "open_data"):
        prov = pd.read_csv(path.with_name(path.stem + ".provenance.csv"), dtype=str, keep_default_na=False)
        data = pd.read_csv(path, dtype=str, keep_default_na=False)
        keys = [c for c in prov.columns if c in data.columns]
        merged = prov.merge(data, on=keys, how="left", validate="many_to_one", indicator=True)
        assert (merged["_merge"] == "both").all(), path.name
        shown = [row[ind] for ind, (_, row) in zip(merged["indicator"], merged.iterrows())]
        assert shown == merged["value"].tolist(), path.name
        seen |= set(prov["observation_id"])
    assert ids == seen


# ----------------------------------------------------------------------------------------- tests (d)

def test_tables_export_one_file_per_mart_and_a_dictionary(warehouse, exports):
    out, _, _ = exports
    with duckdb.connect(str(warehouse), read_only=True) as con:
        marts = set(con.execute("select table_name from information_schema.tables where table_schema = 'marts'").df()["table_name"])
        columns = con.execute("select table_name, column_name from information_schema.columns where table_schema = 'marts'").df()
        rows = {t: con.execute(f'select count(*) from marts."{t}"').fetchone()[0] for t in marts}
    assert {"fct_metric_observations", "dim_metric", "fct_reconciliation"} <= marts
    for folder, ext in (("csv", ".csv"), ("parquet", ".parquet")):
        files = {p.name[: -len(ext)] for p in (out / folder).glob(f"*{ext}") if p.name != "data_dictionary.csv"}
        assert files == marts, folder
        dictionary = pd.read_csv(out / folder / "data_dictionary.csv", keep_default_na=False)
        assert list(dictionary.columns) == ["table", "column", "type", "description"]
        assert set(zip(dictionary["table"], dictionary["column"])) == set(zip(columns["table_name"], columns["column_name"]))
    for table, n in rows.items():
        assert len(pd.read_parquet(out / "parquet" / f"{table}.parquet")) == n
        assert len(pd.read_csv(out / "csv" / f"{table}.csv")) == n
    dictionary = pd.read_csv(out / "csv" / "data_dictionary.csv", keep_default_na=False)
    described = dictionary[dictionary["table"] == "fct_metric_observations"]["description"]
    assert (described != "").mean() > 0.5, "descriptions should come from the dbt manifest"


# ---------------------------------------------------------------------------------------------- HTML

class _Charts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.figures: dict[str, dict] = {}
        self.current = None
        self.depth = 0
        self.in_title = False
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href"):
            if a.get(key) and re.match(r"(https?:)?//", a[key]):
                self.external.append(a[key])
        if tag == "link" and a.get("rel") == "stylesheet":
            self.external.append(a.get("href", ""))
        if tag == "figure" and "chart" in (a.get("class") or "").split():
            self.current = a.get("data-metric")
            self.figures[self.current] = {"svg": 0, "shapes": 0, "title": "", "table": 0, "caption": 0}
        elif self.current:
            f = self.figures[self.current]
            if tag == "svg":
                f["svg"] += 1
            elif tag in ("path", "rect", "circle", "line", "polyline"):
                f["shapes"] += 1
            elif tag == "title":
                self.in_title = True
            elif tag == "table":
                f["table"] += 1
            elif tag == "figcaption":
                f["caption"] += 1
        if tag == "figure" and self.current:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag == "figure" and self.current:
            self.depth -= 1
            if self.depth == 0:
                self.current = None

    def handle_data(self, data):
        if self.in_title and self.current:
            self.figures[self.current]["title"] += data


def test_html_has_a_non_empty_inline_svg_per_headline_chart(exports):
    out, _, _ = exports
    html = (out / "scorecard.html").read_text(encoding="utf-8")
    parser = _Charts()
    parser.feed(html)
    assert HEADLINE_CHARTS <= set(parser.figures), HEADLINE_CHARTS - set(parser.figures)
    for metric, f in parser.figures.items():
        assert f["svg"] >= 1 and f["shapes"] >= 3, metric
        assert f["title"].strip(), f"{metric}: the svg needs a <title>"
        assert f["table"] >= 1, f"{metric}: a table fallback"
        assert f["caption"] >= 1, metric
    assert not parser.external, parser.external
    assert "<script" not in html.lower()


# ---------------------------------------------------------------------------------------------- misc

def test_exports_return_the_files_they_write_and_are_fast(exports):
    out, written, seconds = exports
    for name, paths in written.items():
        assert paths, name
        for p in paths:
            assert Path(p).is_file() and Path(p).stat().st_size > 0, (name, p)
            assert out in Path(p).parents, (name, p)
    assert seconds < 5, f"the four exports took {seconds:.2f}s"


def test_exports_open_the_warehouse_read_only(warehouse, tmp_path):
    """The exports only read the warehouse: the file is unchanged afterwards."""
    before = warehouse.stat().st_mtime_ns
    _run_all(warehouse, tmp_path)
    assert warehouse.stat().st_mtime_ns == before
