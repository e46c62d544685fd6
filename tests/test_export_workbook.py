"""The Education Scorecard workbook: every printed cell of every scorecard table, typed, with disclosure control."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parents[1]
SCORECARD_SEEDS = ROOT / "seeds" / "osc_2023_11_scorecard"
PROVENANCE = ("report_id", "section", "table_title", "block", "source_line")




def render(value, number_format: str) -> str:
    """The text Excel shows for a numeric cell, for the number formats the export writes."""
    sections = number_format.split(";")
    section = sections[1] if value < 0 and len(sections) > 1 else sections[0]
    if value < 0 and len(sections) > 1:
        value = -value
    placeholder, out = "", []
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


SOURCE = re.compile(r"line (\d+) \((\w+__\w+)\)$")  # the Source cell: "<report file> line <n> (<table>)"


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
            source = next((m for v in reversed(values) if isinstance(v, str) and (m := SOURCE.search(v))), None)
            if source is None:
                continue
            line, table = source.groups()
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


@pytest.fixture(scope="session")
def unsuppressed_workbook(warehouse, tmp_path_factory) -> Path:
    """The workbook with disclosure control not applied (an internal copy): every printed figure."""
    from exporters import export_spreadsheet

    out = tmp_path_factory.mktemp("exports_unsuppressed")
    (path,) = export_spreadsheet(warehouse, out, apply_disclosure=False)
    return path


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


def test_suppressed_figures_are_masked_in_the_workbook_reconciliation(warehouse, exports):
    out, _, _ = exports
    with duckdb.connect(str(warehouse), read_only=True) as con:
        suppressed = {r[0] for r in con.execute(
            "select observation_id from marts.fct_disclosure where is_suppressed").fetchall()}
    checks = reconciliation_rows(out / "education_scorecard.xlsx")
    mine = [c for c in checks if c["observation_id"] in suppressed or c["compared_observation_id"] in suppressed]
    assert mine, "expected reconciliation checks of suppressed figures"
    for c in mine:
        assert c["published_value"] is None and c["recomputed_value"] is None and c["difference"] is None, c
        assert c["printed_text"] == "c" and c["disclosure"] == "hidden by disclosure control", c
    others = [c for c in checks if c not in mine]
    assert all(c["disclosure"] is None for c in others)


# ------------------------------------------------------------------------------ layout, print, filters

DISCLOSURE_NOTE = "this public copy hides"
NOT_CHECKED = "Not checked against the source reports"


def reconciliation_rows(path: Path) -> list[dict]:
    ws = openpyxl.load_workbook(path)["Reconciliation"]
    rows = list(ws.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r and "check_id" in r and r[0] == "status")
    return [dict(zip(rows[header_at], r)) for r in rows[header_at + 1:]]


def field_rows(ws) -> list[int]:
    return [row[0].row for row in ws.iter_rows() if [c.value for c in row if c.value not in (None, "")][-1:] == ["__fields__"]]


def layout_sheets(warehouse: Path) -> list[str]:
    """The sheets the marts declare (dim_printed_tables.layout_sheet), in printed order."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select layout_sheet from marts.dim_printed_tables where layout_sheet is not null "
                           "and printed_cells > 0 order by report_id, first_line").fetchall()
    return list(dict.fromkeys(r[0] for r in rows))


def test_workbook_sheets_follow_the_declared_layout(warehouse, exports):
    out, _, _ = exports
    wb = openpyxl.load_workbook(out / "education_scorecard.xlsx")
    declared = layout_sheets(warehouse)
    assert declared, "the marts declare no layout sheet"
    assert wb.sheetnames[0] == "About"
    assert wb.sheetnames[1:1 + len(declared)] == declared
    assert wb.sheetnames[-2:] == ["Metric definitions", "Reconciliation"]
    for name in declared:
        assert field_rows(wb[name]), f"{name}: no table"
        for r in field_rows(wb[name]):
            assert wb[name].row_dimensions[r].hidden, f"{name}: field row {r} is not hidden"


def test_every_sheet_freezes_its_headers_and_prints_landscape_one_page_wide(exports):
    out, _, _ = exports
    wb = openpyxl.load_workbook(out / "education_scorecard.xlsx")
    for ws in wb.worksheets:
        assert ws.freeze_panes, f"{ws.title}: no frozen panes"
        frozen_row = int(re.sub(r"[A-Z]+", "", ws.freeze_panes))
        assert frozen_row > 1, ws.title
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows, f"{ws.title}: no print titles"
        tables = field_rows(ws)
        if len(tables) == 1:  # one table: frozen just below its headers, which print on every page
            assert frozen_row == tables[0] + 1, (ws.title, ws.freeze_panes, tables)
            assert ws.print_title_rows.endswith(f"${tables[0]}"), (ws.title, ws.print_title_rows)
        for col in range(1, ws.max_column + 1):
            width = ws.column_dimensions[get_column_letter(col)].width
            assert width and 6 <= width <= 120, (ws.title, col, width)


def test_reconciliation_sheet_filters_orders_and_types_its_values(exports):
    out, _, _ = exports
    ws = openpyxl.load_workbook(out / "education_scorecard.xlsx")["Reconciliation"]
    rows = list(ws.iter_rows())
    header = next(r for r in rows if r[0].value == "status")
    names = [c.value for c in header]
    last = get_column_letter(len(names))
    assert ws.auto_filter.ref == f"A{header[0].row}:{last}{ws.max_row}"
    assert int(re.sub(r"[A-Z]+", "", ws.freeze_panes)) == header[0].row + 1
    assert ws.print_title_rows == f"${header[0].row}:${header[0].row}"

    data = [dict(zip(names, r)) for r in rows[header[0].row:]]
    rank = {"mismatch": 0, "not_checkable": 1, "match": 2}
    statuses = [rank[r["status"].value] for r in data]
    assert statuses == sorted(statuses) and set(statuses) == {0, 1, 2}, "mismatches first, then not_checkable, then match"
    for name in ("published_value", "recomputed_value", "difference", "tolerance"):
        for r in data:
            cell = r[name]
            assert cell.value is None or isinstance(cell.value, (int, float)), (name, cell.value)
            if cell.value is not None:
                assert cell.number_format != "General", (name, cell.coordinate)
    # the printed precision: a figure printed with one decimal (8.2%, -0.4) shows one, its recomputed value three
    one_decimal = [r for r in data if re.fullmatch(r"-?[0-9]+\.[0-9]%?", str(r["printed_text"].value))
                   and r["published_value"].value is not None]
    assert one_decimal
    for r in one_decimal:
        assert r["published_value"].number_format == "#,##0.0", r["printed_text"].value
        assert r["recomputed_value"].value is None or r["recomputed_value"].number_format == "#,##0.000"

    cross = [r for r in data if r["check_type"].value == "cross_report" and r["status"].value == "mismatch"]
    assert cross, "a cross-report mismatch is listed"
    for r in cross:
        assert r["compared_report_id"].value and r["compared_source_locator"].value
        assert r["compared_report_id"].value != r["report_id"].value
        assert r["source_locator"].value != r["compared_source_locator"].value


def texts(ws) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_disclosure_note_on_every_sheet_that_hides_a_figure(exports, unsuppressed_workbook):
    out, _, _ = exports
    wb = openpyxl.load_workbook(out / "education_scorecard.xlsx")
    hiding = []
    for ws in wb.worksheets:
        shows_c = any(c.value == "c" for row in ws.iter_rows() for c in row)
        notes = [t for t in texts(ws) if DISCLOSURE_NOTE in t]
        if shows_c:
            hiding.append(ws.title)
            wanted = 2 if field_rows(ws) else 1  # a table sheet: in its legend and under the table
            assert len(notes) >= wanted, f"{ws.title}: shows c without the disclosure note"
            assert all("internal copy" in n for n in notes if n.startswith("c ="))
        elif ws.title != "About":
            assert not notes, f"{ws.title}: a disclosure note but no c"
    assert "Language" in hiding and "Reconciliation" in hiding
    internal = openpyxl.load_workbook(unsuppressed_workbook)
    for ws in internal.worksheets:
        assert not any(c.value == "c" for row in ws.iter_rows() for c in row), ws.title
        assert any(t.startswith("Internal copy") for t in texts(ws)[:3]), f"{ws.title}: not marked internal"


@pytest.fixture(scope="module")
def tampered(warehouse, tmp_path_factory) -> dict:
    """A copy of the warehouse whose marts carry formula-looking text (a table title, a row label), say the
    figures were not checked against the source reports and leave the last laid-out table without a layout
    sheet; and its workbook."""
    from exporters import export_spreadsheet

    folder = tmp_path_factory.mktemp("tampered")
    db = folder / "scorecard.duckdb"
    shutil.copyfile(warehouse, db)
    db.chmod(0o644)
    title, label = '=HYPERLINK("http://x","y")', "=1+1"
    with duckdb.connect(str(db)) as con:
        table, line = con.execute(
            "select t.source_table, min(c.source_line) from marts.dim_printed_tables t "
            "join marts.fct_printed_cells c using (source_table) where t.layout_sheet is not null "
            "group by t.source_table, t.first_line having count(distinct c.table_title) = 1 "
            "order by t.first_line limit 1").fetchone()
        con.execute("update marts.dim_printed_tables set table_title = ? where source_table = ?", [title, table])
        con.execute("update marts.fct_printed_cells set row_label = ? where source_table = ? and source_line = ?",
                    [label, table, line])
        con.execute("update marts.dim_publication set checked_against_reports = false")
        note = con.execute("select provenance_note from marts.dim_publication").fetchone()[0]
        unlaid, sheet = con.execute(
            "select source_table, layout_sheet from marts.dim_printed_tables where layout_sheet is not null "
            "and printed_cells > 0 order by report_id, first_line desc limit 1").fetchone()
        con.execute("update marts.dim_printed_tables set layout_sheet = null where source_table = ?", [unlaid])
        headers = [r[0] for r in con.execute(
            "select printed_header from marts.dim_printed_columns where source_table = ? and column_role = 'value' "
            "order by column_position", [unlaid]).fetchall()]
    (path,) = export_spreadsheet(db, folder / "out")
    return {"path": path, "title": title, "label": label, "table": table, "line": line, "note": note,
            "unlaid": unlaid, "unlaid_sheet": sheet, "unlaid_headers": headers}


def test_formula_looking_text_arrives_as_text(tampered):
    wb = openpyxl.load_workbook(tampered["path"])
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "the workbook holds no formulas"
    for text in (tampered["title"], tampered["label"]):
        found = [c for c in cells if c.value == text]
        assert found, f"{text} not in the workbook"
        assert all(c.data_type == "s" for c in found), [(c.coordinate, c.data_type) for c in found]
    label_cell = next(c for c in cells if c.value == tampered["label"])
    row = [c.value for c in label_cell.parent[label_cell.row]]
    assert any(isinstance(v, str) and v.endswith(f"line {tampered['line']} ({tampered['table']})") for v in row)


def test_not_checked_mark_on_every_sheet(tampered, warehouse, exports):
    wb = openpyxl.load_workbook(tampered["path"])
    for ws in wb.worksheets:
        top = ws.cell(1, 1).value
        assert isinstance(top, str) and top.startswith(NOT_CHECKED), (ws.title, top)
        if tampered["note"]:
            assert tampered["note"] in top
    with duckdb.connect(str(warehouse), read_only=True) as con:
        checked = con.execute("select checked_against_reports from marts.dim_publication").fetchone()[0]
    out, _, _ = exports
    marked = [ws.title for ws in openpyxl.load_workbook(out / "education_scorecard.xlsx").worksheets
              if NOT_CHECKED in str(ws.cell(1, 1).value)]
    assert len(marked) == (0 if checked else len(openpyxl.load_workbook(out / "education_scorecard.xlsx").sheetnames))


def test_a_table_without_a_layout_sheet_gets_a_sheet_of_its_own(tampered):
    wb = openpyxl.load_workbook(tampered["path"])
    ws = wb[wb.sheetnames[-3]]  # after the laid-out sheets, before Metric definitions and Reconciliation
    elsewhere = [other.title for other in wb.worksheets[:-3] if other is not ws
                 and any(SOURCE.search(v) and SOURCE.search(v).group(2) == tampered["unlaid"] for v in texts(other))]
    assert not elsewhere, f"{tampered['unlaid']} also on {elsewhere}"
    (fields,) = field_rows(ws)
    sources = [v for v in texts(ws) if SOURCE.search(v)]
    assert sources and all(SOURCE.search(v).group(2) == tampered["unlaid"] for v in sources)
    header_rows = [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=fields - 1)]
    for header in tampered["unlaid_headers"]:
        if header:
            assert any(header in row for row in header_rows), header
    assert int(re.sub(r"[A-Z]+", "", ws.freeze_panes)) == fields + 1
