"""One printed table on a worksheet, laid out as printed, from the marts: ``dim_printed_tables`` (title,
label header, super header, notes), ``dim_printed_columns`` (printed header, group, unit, provisional)
and ``fct_printed_cells`` (one row per printed value cell).

Rows as printed (report line order), with a sub-heading row where the printed block or title changes;
the label columns, then the value columns in printed order (a share-and-count column as two columns,
"%" and "No.", in printed order), then a Source cell citing the report line. A hidden row under the
headers names the field each column holds (the captured column name, with '#percent' / '#count' for the
halves of a split column, and ``__fields__`` in the Source column) so code can read the table back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill

from scorecard import duck

from .workbook_cells import missing, put, text
from .workbook_figures import parts, split_order
from .workbook_sheet import BOLD, CENTER, GROUP_FILL, HEADER_FILL, NOTE, TABLE_TITLE, SheetWriter, text_width

FIELD_ROW_MARKER = "__fields__"
SOURCE_HEADER = "Source"
PROVISIONAL_NOTE = "* Provisional figures."
_SUPPRESSED_FONT = Font(color="7F7F7F")
_RIGHT = Alignment(horizontal="right")
_SUBHEADING = Font(bold=True, italic=True)
_HALF_HEADER = {"share": "%", "count": "No."}
_HALF_FIELD = {"share": "percent", "count": "count"}


@dataclass
class Column:
    field: str  # what the hidden field row names
    header: str = ""
    sub: str = ""
    group: str = ""
    kind: str = "value"  # label / value / source
    name: str = ""  # the captured column (value and label columns)
    role: str | None = None  # the half of a split column: share / count
    unit: str | None = None  # the column's unit for a bare printed number


@dataclass
class PrintedTable:
    source_table: str
    report_id: str
    title: str
    super_header: str
    notes: list[str]
    source_file: str
    labels: list[str]
    columns: list[Column]
    cells: pd.DataFrame
    several_titles: bool
    heading: str = ""
    provisional: bool = False

    @property
    def ncols(self) -> int:
        return len(self.columns)

    def hidden_figures(self) -> int:
        """How many figures of this table disclosure control hides."""
        c = self.cells
        if not len(c):
            return 0
        return int(c["share_suppressed"].fillna(False).astype(bool).sum()
                   + c["count_suppressed"].fillna(False).astype(bool).sum())


@dataclass
class TableResult:
    title_row: int
    field_row: int
    first_data_row: int
    last_row: int
    ncols: int
    hidden: int = 0  # cells shown as 'c'
    notes_rows: list[int] = field(default_factory=list)


def humanize_column(column: str) -> str:
    """A readable header for a captured column the marts have no printed header for."""
    m = re.fullmatch(r"(ay|fy)_(\d{4})_(\d{2})(?:_(no|pct))?", column)
    if m:
        return f"{m.group(2)}/{m.group(3)}" + {"no": " No", "pct": " %", None: ""}[m.group(4)]
    return column.replace("_", " ").strip().capitalize()


def strip_heading(title: str, heading: str) -> str:
    """A table title without its section heading ("Absence - Absence Rate (...)" -> "Absence Rate (...)")."""
    if heading and title.startswith(heading + " - "):
        return title[len(heading) + 3:]
    return title


def build(table: dict, columns: pd.DataFrame, cells: pd.DataFrame, heading: str, source_file: str) -> PrintedTable:
    """A printed table from its ``dim_printed_tables`` row, its ``dim_printed_columns`` and its cells."""
    source_table = table["source_table"]
    cols = duck.records(columns)
    label_cols = sorted((c for c in cols if c["column_role"] == "label"), key=lambda c: c["column_position"])
    value_cols = sorted((c for c in cols if c["column_role"] == "value"), key=lambda c: c["column_position"])
    declared = {c["column_name"] for c in value_cols}
    extra = (cells.sort_values("column_position").drop_duplicates("column_name") if len(cells) else cells)
    for rec in duck.records(extra):
        if rec["column_name"] not in declared:
            value_cols.append({"column_name": rec["column_name"], "printed_header": None, "printed_group": None,
                               "number_unit": None, "is_provisional_column": False})
            declared.add(rec["column_name"])

    split: dict[str, str] = {}
    if len(cells):
        both = cells["share_value"].notna() & cells["count_value"].notna()
        for name, pattern in zip(cells.loc[both, "column_name"], cells.loc[both, "cell_pattern"]):
            if pattern in ("percent_count", "count_percent"):
                split.setdefault(name, pattern)

    out: list[Column] = []
    label_header = text(table.get("label_header"))
    if not label_cols:
        out.append(Column("row_label", label_header, kind="label", name="row_label"))
    for i, c in enumerate(label_cols):
        header = (label_header if i == 0 and label_header else "") or text(c.get("printed_header")) \
            or humanize_column(c["column_name"])
        out.append(Column(c["column_name"], header, kind="label", name=c["column_name"]))
    provisional = False
    for c in value_cols:
        name = c["column_name"]
        header = text(c.get("printed_header"))
        is_prov = not missing(c.get("is_provisional_column")) and bool(c.get("is_provisional_column"))
        provisional |= is_prov
        if not header:
            header = humanize_column(name) + ("*" if is_prov else "")
        group = text(c.get("printed_group"))
        unit = None if missing(c.get("number_unit")) else c["number_unit"]
        if name in split:
            for role in split_order(split[name]):
                out.append(Column(f"{name}#{_HALF_FIELD[role]}", header, _HALF_HEADER[role], group, "value",
                                  name, role, unit))
        else:
            out.append(Column(name, header, "", group, "value", name, None, unit))
    out.append(Column(FIELD_ROW_MARKER, SOURCE_HEADER, kind="source"))

    titles = list(dict.fromkeys(text(t) for t in cells["table_title"])) if len(cells) else []
    several = len(titles) > 1
    if several:
        title = heading if heading and all(t.startswith(heading + " - ") for t in titles) else titles[0].split(" - ")[0]
    else:
        title = strip_heading(text(table.get("table_title")) or (titles[0] if titles else source_table), heading)
    notes = [n for n in text(table.get("printed_notes")).split("\n") if n.strip()]
    return PrintedTable(source_table, text(table.get("report_id")), title, text(table.get("super_header")), notes,
                        source_file, [c.name for c in out if c.kind == "label"], out, cells, several, heading,
                        provisional)


def write(w: SheetWriter, t: PrintedTable, apply_disclosure: bool, disclosure_note: str) -> TableResult:
    """Lay ``t`` out from the writer's current row; returns where its parts are."""
    ws, cols, ncols = w.ws, t.columns, t.ncols
    title_row = w.banner(t.title, TABLE_TITLE)

    if t.super_header:
        r = w.next()
        put(ws, r, 2, t.super_header)
        if ncols - 1 > 2:
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=ncols - 1)
        _style(ws, r, ncols, GROUP_FILL)
    if any(c.group for c in cols):
        r = w.next()
        for i, c in enumerate(cols, start=1):
            if c.group:
                put(ws, r, i, c.group)
        _merge_runs(ws, r, [c.group for c in cols])
        _style(ws, r, ncols, GROUP_FILL)
    r = w.next()
    for i, c in enumerate(cols, start=1):
        put(ws, r, i, c.header)
    _merge_runs(ws, r, [c.name if c.role else None for c in cols])
    _style(ws, r, ncols, HEADER_FILL)
    if any(c.role for c in cols):
        r = w.next()
        for i, c in enumerate(cols, start=1):
            put(ws, r, i, c.sub)
        _style(ws, r, ncols, HEADER_FILL)
    field_row = w.next()
    for i, c in enumerate(cols, start=1):
        put(ws, field_row, i, c.field)
    ws.row_dimensions[field_row].hidden = True

    for i, c in enumerate(cols, start=1):
        if c.kind == "value":
            w.want(i, max(text_width(c.header) if not c.role else 0, text_width(c.sub), 9.0), "value")
        elif c.kind == "label":
            w.want(i, text_width(c.header), "label")

    pos = {c.field: i for i, c in enumerate(cols, start=1)}
    halves: dict[str, list[Column]] = {}
    for c in cols:
        if c.kind == "value":
            halves.setdefault(c.name, []).append(c)
    unit_of = {c.name: c.unit for c in cols if c.kind == "value"}

    first_data_row = w.row
    hidden = 0
    current = None
    records = duck.records(t.cells.sort_values(["source_line", "column_position"], kind="stable")) if len(t.cells) else []
    by_line: dict[int, list[dict]] = {}
    for rec in records:
        by_line.setdefault(int(rec["source_line"]), []).append(rec)
    for line, recs in by_line.items():
        first = recs[0]
        sub = _row_heading(first, t)
        if sub and sub != current:
            r = w.next()
            put(ws, r, 1, sub).font = _SUBHEADING
            current = sub
        r = w.next()
        for i, label in enumerate(_labels(first.get("row_label"), len(t.labels)), start=1):
            put(ws, r, i, label or None)
            w.want(i, text_width(label), "label")
            if len(label) > 45:
                ws.cell(r, i).alignment = Alignment(wrap_text=True, vertical="top")
        for rec in recs:
            targets = halves.get(rec["column_name"], [])
            if not targets:
                continue
            got = parts(rec, unit_of.get(rec["column_name"]), apply_disclosure)
            if len(targets) == 2 and len(got) == 1:  # one figure (or text) in a split column: its own half
                targets = [c for c in targets if c.role == got[0].role] or targets[:1]
            for col, part in zip(targets, got):
                cell = put(ws, r, pos[col.field], part.value, part.number_format)
                if part.hidden:
                    hidden += 1
                    cell.font = _SUPPRESSED_FONT
                    cell.alignment = _RIGHT
                elif isinstance(part.value, str):
                    cell.alignment = _RIGHT
                w.want(pos[col.field], text_width(rec.get("printed_text")) * (0.6 if col.role else 1.0), "value")
        source = f"{t.source_file} line {line} ({t.source_table})" if t.source_file else f"line {line} ({t.source_table})"
        cell = put(ws, r, ncols, source)
        cell.font = NOTE
        w.want(ncols, text_width(source), "source")
        w.wrap_cells.append((r, ncols))
    last_row = w.row - 1

    notes = list(t.notes)
    if t.provisional and not any(n.lstrip().startswith("*") for n in notes):
        notes.insert(0, PROVISIONAL_NOTE)
    note_rows = [w.banner(n, NOTE) for n in notes]
    if hidden and disclosure_note:
        note_rows.append(w.banner(disclosure_note, NOTE))
    w.blank()
    return TableResult(title_row, field_row, first_data_row, last_row, ncols, hidden, note_rows)


def _labels(row_label, n: int) -> list[str]:
    label = text(row_label)
    if n <= 1:
        return [label]
    got = [p.strip() for p in re.split(r" ?\| ?", label, maxsplit=n - 1)]
    return (got + [""] * n)[:n]


def _row_heading(first: dict, t: PrintedTable) -> str | None:
    block = text(first.get("block"))
    if t.several_titles:
        title = text(first.get("table_title"))
        sub = title.split(" - ", 1)[1] if " - " in title else title
        return f"{sub} - {block}" if block else sub
    return block or None


def _merge_runs(ws, row: int, keys: list) -> None:
    """Merge consecutive cells of ``row`` whose key is the same (and not empty)."""
    i = 0
    while i < len(keys):
        j = i
        while j + 1 < len(keys) and keys[j + 1] == keys[i]:
            j += 1
        if keys[i] and j > i:
            ws.merge_cells(start_row=row, start_column=i + 1, end_row=row, end_column=j + 1)
        i = j + 1


def _style(ws, row: int, ncols: int, fill: PatternFill) -> None:
    for i in range(1, ncols + 1):
        c = ws.cell(row, i)
        c.font = BOLD
        c.fill = fill
        c.alignment = CENTER
