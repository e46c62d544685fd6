"""``education_scorecard.xlsx``: the published Education Scorecard rebuilt from the warehouse.

One sheet per scorecard section, each table laid out as printed (rows as printed, the seeds' column
order, the printed header text; see ``layout.py``), numbers typed:

* percentages as fractions with a percent format keeping the printed decimals (8.2% -> 0.082, '0.0%';
  33% -> '0%'); bare numbers the warehouse knows are percentages are typed the same way;
* a cell printing a share and a count ("25.0% (697)", "1 33%") becomes two adjacent typed cells under
  the printed header, in the printed order, with a "%" / "No." sub-header;
* "57 (as of 27/10/2023)" is the number 57 with the date kept in its number format;
* unavailable cells keep their printed text ("Currently Unavailable", "N/a"); blanks stay blank;
  a dash stays a dash;
* provisional figures: '*' on the column header (as printed for 2023) and a note;
* suppressed figures (disclosure control, see ``disclosure.py``): the text 'c'.

Each data row ends with a Source cell citing the report, the captured table and the report line.
A hidden row under each table's headers names the field each column holds (seed column name, with
'#percent' / '#count' for the two halves of a split cell), so the workbook can be read back by code.
Plus a "Metric definitions" sheet (dim_metric) and a "Reconciliation" sheet (fct_reconciliation).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from . import layout, numfmt, printed, warehouse
from .context import PublicData, load

FILENAME = "education_scorecard.xlsx"
FIELD_ROW_MARKER = "__fields__"
SOURCE_HEADER = "Source"

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_GROUP_FILL = PatternFill("solid", fgColor="BDD7EE")
_NOTE = Font(italic=True, color="595959")
_SUPPRESSED = Font(color="7F7F7F")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(wrap_text=True, vertical="top")

SPLIT_PATTERNS = ("percent_count", "count_percent")


def export_spreadsheet(db_path: Path, out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with warehouse.connect(db_path) as con:
        data = load(con, db_path=db_path)
        reconciliation = warehouse.read(con, warehouse.MARTS, "fct_reconciliation")
    tables = {name: (t.cells, t.labels) for name, t in data.tables.items()
              if name.startswith(layout.REPORT_ID + "__") and len(t.cells)}

    wb = Workbook()
    wb.remove(wb.active)
    placed: set[str] = set()
    for sheet in layout.SHEETS:
        present = [t for t in sheet.tables if t.source_table in tables]
        if not present:
            continue
        ws = wb.create_sheet(sheet.name)
        _sheet_heading(ws, sheet.heading, data)
        for t in present:
            _write_table(ws, t, *tables[t.source_table], data)
            placed.add(t.source_table)
    for source_table, (cells, labels) in sorted(tables.items()):
        if source_table in placed:
            continue  # a table the layout does not know yet: its own sheet, headers from column names
        title = layout.short_title(str(cells["table_title"].iloc[0]))
        ws = wb.create_sheet(_sheet_name(title, wb))
        _sheet_heading(ws, title, data)
        t = layout.TableLayout(source_table.split("__", 1)[-1], "Area", {})
        _write_table(ws, t, cells, labels, data)

    _frame_sheet(wb, "Metric definitions", data.metrics,
                 "What each metric means, how it is calculated and which way is better (dim_metric).")
    _frame_sheet(wb, "Reconciliation", _mask_reconciliation(reconciliation, data),
                 "Published totals and shares recomputed from their parts (fct_reconciliation). Checks of a "
                 "suppressed figure show 'c' in place of its values.")
    _about_sheet(wb, data)

    path = out_dir / FILENAME
    wb.save(path)
    return [path]


# --------------------------------------------------------------------------------------------- sheets

def _sheet_name(title: str, wb: Workbook) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31].strip() or "Table"
    name, n = base, 2
    while name in wb.sheetnames:
        name = f"{base[:28]} {n}"
        n += 1
    return name


def _report_citation(data: PublicData, report_id: str) -> str:
    r = data.report_row(report_id)
    title = r.get("title") or report_id
    parts = [str(title)]
    if r.get("committee"):
        parts.append(str(r["committee"]))
    if _is_date(r.get("meeting_date")):
        parts.append(f"meeting of {_fmt_date(r['meeting_date'])}")
    if _is_date(r.get("report_date")):
        parts.append(f"report dated {_fmt_date(r['report_date'])}")
    if r.get("agenda_item") and pd.notna(r.get("agenda_item")):
        parts.append(f"agenda item {r['agenda_item']}")
    return ", ".join(parts)


def _sheet_heading(ws: Worksheet, heading: str, data: PublicData) -> None:
    ws.append([heading])
    ws.cell(ws.max_row, 1).font = _TITLE
    ws.append([f"Source: {_report_citation(data, layout.REPORT_ID)}, Appendix A - Education Scorecard."])
    ws.cell(ws.max_row, 1).font = _NOTE
    ws.append([_legend(data)])
    ws.cell(ws.max_row, 1).font = _NOTE
    ws.append([])
    ws.column_dimensions["A"].width = 48


def _legend(data: PublicData) -> str:
    text = ("Percentages are stored as numbers (8.2% = 0.082) with the printed decimals. "
            "* = provisional. Text cells are printed as in the report (a dash means none; "
            "'Currently Unavailable', 'N/a' and blanks mean not available).")
    if data.config.enabled:
        text += (f" c = suppressed: a count of 1 to {data.config.threshold} children, a figure that would reveal "
                 "one, or a percentage computed from one.")
    return text


# ---------------------------------------------------------------------------------------------- table

def _write_table(ws: Worksheet, t: layout.TableLayout, cells: pd.DataFrame, labels: list[str], data: PublicData) -> None:
    columns = list(cells.sort_values("column_position").drop_duplicates("column_name")["column_name"])
    split = {}  # column -> pattern of its split cells
    for col in columns:
        pats = cells.loc[cells["column_name"] == col, "cell_pattern"]
        found = [p for p in pats if p in SPLIT_PATTERNS]
        if found:
            split[col] = found[0]
    provisional = _provisional_columns(cells, data)

    # spreadsheet columns: (field id, header text, sub-header, group text)
    layout_cols: list[tuple[str, str, str, str]] = [(label, t.label_header if i == 0 else "", "", "")
                                                    for i, label in enumerate(labels)]
    group_of = {c: g for g, cols in t.groups for c in cols}
    for col in columns:
        header = layout.header_for(t, col)
        if col in provisional and not header.endswith("*"):
            header += "*"
        group = group_of.get(col, "")
        if col in split:
            parts = [("percent", "%"), ("count", "No.")]
            if split[col] == "count_percent":
                parts.reverse()
            for part, sub in parts:
                layout_cols.append((f"{col}#{part}", header, sub, group))
        else:
            layout_cols.append((col, header, "", group))
    layout_cols.append(("source", SOURCE_HEADER, "", ""))
    ncols = len(layout_cols)

    # title
    titles = list(dict.fromkeys(cells["table_title"].fillna("")))
    ws.append([layout.short_title(titles[0]) if len(titles) == 1 else titles[0].split(" - ")[0]])
    ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
    if t.super_header:
        ws.append(["", t.super_header])
        ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=ncols - 1)
        _style_row(ws, ws.max_row, ncols, _GROUP_FILL)
    # group header row
    if any(c[3] for c in layout_cols):
        ws.append([c[3] for c in layout_cols])
        row = ws.max_row
        start = None
        for i in range(ncols + 1):
            g = layout_cols[i][3] if i < ncols else None
            prev = layout_cols[i - 1][3] if i > 0 else None
            if i > 0 and (g != prev) and start is not None:
                if i - 1 > start and prev:
                    ws.merge_cells(start_row=row, start_column=start + 1, end_row=row, end_column=i)
                start = None
            if g and start is None:
                start = i
        _style_row(ws, row, ncols, _GROUP_FILL)
    # header row (merged over the two halves of a split column)
    ws.append([c[1] for c in layout_cols])
    row = ws.max_row
    for i, c in enumerate(layout_cols):
        if c[0].endswith("#percent") or c[0].endswith("#count"):
            base = c[0].split("#")[0]
            if i + 1 < ncols and layout_cols[i + 1][0].split("#")[0] == base and layout_cols[i + 1][0] != c[0]:
                ws.merge_cells(start_row=row, start_column=i + 1, end_row=row, end_column=i + 2)
    _style_row(ws, row, ncols, _HEADER_FILL)
    if split:
        ws.append([c[2] for c in layout_cols])
        _style_row(ws, ws.max_row, ncols, _HEADER_FILL)
    ws.append([c[0] for c in layout_cols[:-1]] + [FIELD_ROW_MARKER])
    ws.row_dimensions[ws.max_row].hidden = True

    # data rows
    field_pos = {c[0]: i + 1 for i, c in enumerate(layout_cols)}
    by_line = {line: g for line, g in cells.groupby("source_line", sort=True)}
    current_heading = None
    for line, g in by_line.items():
        first = g.iloc[0]
        heading = _row_heading(first, len(titles) > 1)
        if heading and heading != current_heading:
            ws.append([heading])
            ws.cell(ws.max_row, 1).font = Font(bold=True, italic=True)
            current_heading = heading
        ws.append([first.get(label) if isinstance(first.get(label), str) else None for label in labels])
        r = ws.max_row
        for cell in g.itertuples(index=False):
            _write_cell(ws, r, field_pos, cell, data)
        ws.cell(r, ncols).value = _source_text(data, first)
        ws.cell(r, ncols).font = _NOTE

    notes = list(t.notes)
    if provisional and layout.PROVISIONAL_NOTE not in notes:
        notes.insert(0, "* Provisional figures.")
    for note in notes:
        ws.append([note])
        ws.cell(ws.max_row, 1).font = _NOTE
    ws.append([])

    for i in range(2, ncols):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, 12)
    ws.column_dimensions[get_column_letter(ncols)].width = max(ws.column_dimensions[get_column_letter(ncols)].width or 0, 60)


def _row_heading(first: pd.Series, several_titles: bool) -> str | None:
    block = first.get("block")
    title = layout.short_title(str(first.get("table_title") or ""))
    if several_titles:
        sub = title.split(" - ", 1)[-1] if " - " in title else title
        return f"{sub} - {block}" if isinstance(block, str) and block else sub
    return block if isinstance(block, str) and block else None


def _provisional_columns(cells: pd.DataFrame, data: PublicData) -> set[str]:
    cols = set(cells.loc[cells["is_provisional"].fillna(False).astype(bool), "column_name"])
    table = cells["source_table"].iloc[0]
    for line, column in zip(cells["source_line"], cells["column_name"]):
        for role in ("share", "count"):
            row = data.fig_index.get((table, line, column, role))
            if row is not None and row.get("value_status") == "provisional":
                cols.add(column)
    return cols


def _write_cell(ws: Worksheet, r: int, pos: dict[str, int], cell, data: PublicData) -> None:
    col, pattern = cell.column_name, cell.cell_pattern
    text = cell.cell_text if isinstance(cell.cell_text, str) else ""
    table, line = cell.source_table, int(cell.source_line)
    star = '*' if text.endswith("*") else ""

    def hidden(role: str) -> bool:
        return data.figure_suppressed(table, line, col, role)

    def put(field: str, value, fmt: str | None = None, role: str | None = None) -> None:
        c = ws.cell(r, pos[field])
        if role and hidden(role):
            c.value = data.config.marker
            c.font = _SUPPRESSED
            c.alignment = Alignment(horizontal="right")
            return
        c.value = value
        if fmt:
            c.number_format = fmt

    if col in pos:
        field = col
    else:  # a split column: the two halves by role; any other cell in its first half
        halves = sorted((f for f in (f"{col}#percent", f"{col}#count") if f in pos), key=pos.get)
        if not halves:
            return
        if pattern in SPLIT_PATTERNS:
            order = 0 if pattern == "percent_count" else 1  # position of the percentage among the printed numbers
            v, f = numfmt.typed(cell.printed_percent, "percent", text, order, star)
            put(f"{col}#percent", v, f, "share")
            v, f = numfmt.typed(cell.printed_number, "count", text, 1 - order, star)
            put(f"{col}#count", v, f, "count")
            return
        field = halves[0]
    if pattern in ("percent", "just_over_percent"):
        prefix = "just over " if pattern == "just_over_percent" else ""
        v, f = numfmt.typed(cell.printed_percent, "percent", text.lower().replace("just over", ""), 0, star, prefix)
        put(field, v, f, "share")
    elif pattern == "number":
        unit = printed.bare_number_unit(table, col, data_unit(data, table, line, col))
        role = "count" if unit in ("count", "gbp", "gbp_m") else "share"
        value = cell.printed_percent if role == "share" else cell.printed_number
        if value is None or pd.isna(value):
            value = _parse_number(text)
        if value is None:
            put(field, text)
            return
        v, f = numfmt.typed(value, "percent" if unit == "percent" else "number", text, 0, star)
        put(field, v, f, role)
    elif pattern == "number_as_of":
        suffix = text[text.index(" ("):] if " (" in text else ""
        v, f = numfmt.typed(cell.printed_number, "count", text, 0, suffix)
        put(field, v, f, "count")
    elif pattern == "at_least":
        v, f = numfmt.typed(cell.printed_number, "count", text, 0, "+" + star)
        put(field, v, f, "count")
    elif pattern in ("money", "money_millions"):
        v, f = numfmt.money(cell.printed_number, text, pattern == "money_millions")
        put(field, v, f, "count")
    else:  # blank, dash, unavailable: the printed text
        put(field, text or None)
        if text:
            ws.cell(r, pos[field]).alignment = Alignment(horizontal="right")


def _parse_number(text: str) -> float | None:
    try:
        return float(text.rstrip("*").replace(",", "").strip())
    except ValueError:
        return None


def data_unit(data: PublicData, table: str, line: int, column: str) -> str | None:
    for role in ("share", "count"):
        row = data.fig_index.get((table, line, column, role))
        if row is not None and isinstance(row.get("unit"), str):
            return row["unit"]
    return None


def _source_text(data: PublicData, first: pd.Series) -> str:
    report_id = first.get("report_id") or layout.REPORT_ID
    r = data.report_row(report_id)
    title = r.get("title") or report_id
    when = f" ({_fmt_date(r['report_date'])})" if _is_date(r.get("report_date")) else ""
    return f"{title}{when}: {layout.short_title(str(first.get('table_title')))} - {first['source_table']} line {int(first['source_line'])}"


def _style_row(ws: Worksheet, row: int, ncols: int, fill: PatternFill) -> None:
    for i in range(1, ncols + 1):
        c = ws.cell(row, i)
        c.font = _BOLD
        c.fill = fill
        c.alignment = _CENTER


# ----------------------------------------------------------------------------------- other sheets

def _frame_sheet(wb: Workbook, name: str, df: pd.DataFrame | None, intro: str) -> None:
    ws = wb.create_sheet(name)
    ws.append([name])
    ws.cell(1, 1).font = _TITLE
    ws.append([intro])
    ws.cell(2, 1).font = _NOTE
    ws.append([])
    if df is None:
        ws.append(["Not available in this warehouse build."])
        return
    ws.append(list(df.columns))
    _style_row(ws, ws.max_row, len(df.columns), _HEADER_FILL)
    for row in df.itertuples(index=False):
        ws.append([_plain(v) for v in row])
    for i, col in enumerate(df.columns, start=1):
        width = min(60, max([len(str(col))] + [len(str(v)) for v in df[col].head(200) if v is not None]) + 2)
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A5"


def _mask_reconciliation(df: pd.DataFrame | None, data: PublicData) -> pd.DataFrame | None:
    """Disclosure control for the reconciliation rows: a check of a suppressed observation shows 'c'."""
    if df is None or data.observations is None or "observation_id" not in df.columns:
        return df
    hidden = set(data.observations.loc[data.observations["suppressed"], "observation_id"])
    mask = df["observation_id"].isin(hidden)
    if not mask.any():
        return df
    df = df.astype({c: "object" for c in df.columns})
    for col in ("published_value", "recomputed_value", "difference", "printed_text"):
        if col in df.columns:
            df.loc[mask, col] = data.config.marker
    if "reason" in df.columns:
        df.loc[mask, "reason"] = "values suppressed (disclosure control)"
    return df


def _about_sheet(wb: Workbook, data: PublicData) -> None:
    ws = wb.create_sheet("About", 0)
    lines = [
        ("Education Scorecard", _TITLE),
        ("The Education Scorecard (Appendix A to agenda item 10 of the Overview and Scrutiny Committee "
         "(Children's Services and Safeguarding) pack of 28 November 2023), rebuilt from the scorecard "
         "warehouse. Each table keeps the printed rows, columns and headers; every figure is the number "
         "the report prints, typed so that it can be sorted, charted and summed.", None),
        ("", None),
        ("How to read it", _BOLD),
        (_legend(data), None),
        ("A cell that printed a percentage with a count, such as 25.0% (697), is shown as two cells: % and No.", None),
        ("The Source column on every row names the report, the table and the line of the report text it comes from.", None),
        ("", None),
        ("Sheets", _BOLD),
    ]
    for name in wb.sheetnames:
        if name != "About":
            lines.append((f"  {name}", None))
    for text, font in lines:
        ws.append([text])
        if font:
            ws.cell(ws.max_row, 1).font = font
        ws.cell(ws.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 120


def _is_date(v) -> bool:
    return isinstance(v, (date, datetime, pd.Timestamp)) and not pd.isna(v)


def _fmt_date(v) -> str:
    return pd.Timestamp(v).strftime("%-d %B %Y")


def _plain(v):
    if v is None:
        return None
    if isinstance(v, float) and pd.isna(v):
        return None
    if v is pd.NaT or (isinstance(v, pd.Timestamp) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, (list, dict, tuple)):
        return str(v)
    if hasattr(v, "item") and not isinstance(v, str):
        try:
            return v.item()
        except (ValueError, AttributeError):
            return str(v)
    return v
