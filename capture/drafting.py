"""A found table as a draft seed, from its print alone: name, provenance, columns and rows.

* Title (``table_title``): the heading printed above the table (or between its header and body), else a
  title row, its first sub-heading, its row-label header, or its first header cell. ``block``: the part's
  printed sub-heading. ``section``: the agenda item and report subject.
* Seed name: ``<report_id>__<first words of the title>``.
* Columns: row labels named after their printed header (``Area`` -> ``area``), value columns named and
  declared from their header path (``column_meaning``), or, in a text table, one field column per printed
  column named after its header. A column of a figures table holding words staging cannot read is
  declared a label column, so that validation never meets it as a figure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from capture import headers, naming, periods, units
from capture.cells import Cells
from capture.column_meaning import ColumnReader
from capture.model import DraftColumn, DraftRow, DraftTable, FoundTable, Segment
from expectations.provenance import normalise

GENERIC_LABEL_HEADERS = {"", "area", "la", "school", "language", "school type", "type", "name", "measure", "cohort"}


@dataclass
class ReportContext:
    report_id: str
    section: str
    judge: Cells


def title_of(found: FoundTable) -> tuple[str, str]:
    """(title, where it comes from)."""
    if found.heading:
        return found.heading, "the heading printed above the table" if found.origin == "tabs" else "the list's caption"
    if found.title_rows:
        return " - ".join(found.title_rows), "the title row printed above the header"
    subtitle = next((s.subtitle for s in found.segments if s.subtitle), "")
    if subtitle:
        return subtitle, "its first printed sub-heading"
    label = headers.label_headers(found)[0] if found.label_count and found.header else ""
    if label.lower() not in GENERIC_LABEL_HEADERS:
        return label, "the header over its row labels"
    if found.intro:
        return found.intro, "the sentence introducing it"
    if found.header and found.kind == "text":
        return headers.header_text(found.header[0].cells[0]), "its first header cell"
    values = [headers.header_text(c) for c in (found.header[-1].cells if found.header else []) if c]
    if values:
        return " / ".join(values[found.label_count:found.label_count + 2] or values[:2]), "its column headers"
    return f"Table printed at lines {found.first_line}-{found.last_line}", "no title is printed"


def _positions(found: FoundTable, rows: list) -> list[int]:
    filled = {j for r in rows + found.header for j, c in enumerate(r.cells) if c}
    start = 0 if found.kind == "text" else found.label_count
    return [j for j in range(start, found.width) if j in filled]


def row_key(cells: list[str], label_positions: list[int], previous: tuple[str, ...] | None) -> tuple[str, ...]:
    """The row's labels, normalised, with a blank leading label carried down from the row above (a table
    that prints a group label once: ``Knowsley | Primary``, `` | Secondary`` -> ``knowsley | secondary``)."""
    key = [normalise(cells[j]).lower() for j in label_positions]
    if previous is not None:
        for i in range(len(key) - 1):
            if not key[i]:
                key[i] = previous[i]
    return tuple(key)


def _label_columns(found: FoundTable) -> list[DraftColumn]:
    names: set[str] = set()
    out = []
    for j, header in enumerate(headers.label_headers(found) if found.header else [""] * found.label_count):
        name = naming.unique(naming.identifier(header, "label") if header else "label", names)
        names.add(name)
        what = header or "Row label"
        out.append(DraftColumn(name, "label", f"{what}, as printed (row label).", {"role": "label"},
                               printed=header or "(no header)", position=j,
                               derivation=f"from the printed header '{header}'" if header else "no header printed"))
    return out


def _field_columns(found: FoundTable, positions: list[int]) -> list[DraftColumn]:
    names: set[str] = set()
    out = []
    for j in positions:
        header = headers.header_text(found.header[0].cells[j]) if found.header else ""
        name = naming.unique(naming.identifier(header, f"column_{j + 1}"), names)
        names.add(name)
        out.append(DraftColumn(name, "field", f"{header or f'Column {j + 1}'}, as printed.", {"role": "field"},
                               printed=header, position=j, derivation=f"from the printed header '{header}'"))
    return out


def _value_columns(found: FoundTable, rows: list, positions: list[int], judge: Cells, taken: set[str]) -> list[DraftColumn]:
    paths = headers.value_paths(found, judge, positions)
    if found.origin == "list":  # the list prints a number and its percentage in brackets
        paths = [headers.HeaderPath(j, [("No", "%")[i] if i < 2 else ""]) for i, j in enumerate(positions)]
    leaves = {p.leaf.lower() for p in paths}
    paired = any(p.realigned for p in paths) or bool(leaves & {"no", "number", "n"} and leaves & {"%", "percent"})
    notes = " ".join(found.notes + [found.heading] + found.title_rows)
    context = " ".join([found.heading, *found.title_rows, *(s.subtitle for s in found.segments)])
    table_period = periods.search(notes)
    list_period = periods.search(found.intro) if found.origin == "list" else None
    reader = ColumnReader(judge, context, table_period, paired, list_period)
    seen = Counter(units.infer(p.texts, [r.cells[p.position] for r in rows], context, judge, paired=paired)[0] for p in paths)
    seen.pop(None, None)
    reader.table_unit = seen.most_common(1)[0][0] if seen else None
    out = []
    for path in paths:
        cells = [r.cells[path.position] for r in rows]
        if any(judge.is_text(c) for c in cells):
            name = naming.unique(naming.identifier(path.leaf, f"column_{path.position + 1}"), taken)
            taken.add(name)
            out.append(DraftColumn(name, "label", f"{path.leaf or 'Column'}, as printed (words, read as a row label).",
                                   {"role": "label"}, printed=path.printed, position=path.position,
                                   derivation="holds words staging cannot read as figures: declared a label column"))
            continue
        meaning = reader.read(path, cells)
        name = naming.unique(meaning.name, taken)
        taken.add(name)
        out.append(DraftColumn(name, "value", meaning.description, meaning.meta, printed=path.printed,
                               derivation=meaning.derivation + ("; renamed: the name was taken" if name != meaning.name else ""),
                               unmapped=meaning.unmapped, position=path.position))
    return out


def _layout(found: FoundTable) -> dict:
    layout: dict = {}
    if found.heading:
        layout["heading"] = found.heading
    label = headers.label_headers(found)[0] if found.header and found.label_count else ""
    if label:
        layout["label_header"] = label
    top = found.header[0].cells if len(found.header) >= 3 else []
    spanning = [c for c in top[found.label_count:] if c]
    if len(spanning) == 1:  # one header cell over every value column
        layout["super_header"] = headers.header_text(spanning[0])
    if found.notes:
        layout["notes"] = list(found.notes)
    return layout


def draft(found: FoundTable, segments: list[Segment], ctx: ReportContext, taken: set[str]) -> DraftTable:
    rows = [r for s in segments for r in s.rows]
    title, title_from = title_of(found)
    base = naming.table_name(title)
    name = naming.unique(f"{ctx.report_id}__{base}", taken)
    positions = _positions(found, rows)
    if found.kind == "text":
        columns = _field_columns(found, positions)
    else:
        columns = _label_columns(found)
        columns += _value_columns(found, rows, positions, ctx.judge, {c.name for c in columns})
    label_positions = [c.position for c in columns if c.role == "label"] or ([positions[0]] if positions else [])
    draft_rows = []
    for segment in segments:
        previous = None
        for row in segment.rows:
            key = row_key(row.cells, label_positions, previous)
            previous = key
            draft_rows.append(DraftRow(row.line, segment.subtitle, title, ctx.section,
                                       {c.name: row.cells[c.position] for c in columns}, key))
    meta = {"kind": found.kind}
    layout = _layout(found)
    if layout:
        meta["layout"] = layout
    table = DraftTable(name, found.kind, found, columns, draft_rows, "", meta,
                       derivation=f"'{base}' from {title_from}: '{title}'")
    first, last = table.line_range
    table.description = f"{title} (report {ctx.report_id}, lines {first}-{last}): one row per printed row, every cell verbatim."
    table.remarks += found.remarks
    bare_years = [c.meta["header"] for c in table.value_columns
                  if (c.meta.get("period") or {}).get("type") == "calendar_year" and c.meta.get("header")]
    if bare_years:
        table.remarks.append(f"bare years {', '.join(dict.fromkeys(bare_years))} read as calendar years: if they are "
                             "academic years (results of the summer), correct the periods")
    if sum(bool(s.subtitle) for s in segments) > 1:
        table.remarks.append(f"{sum(bool(s.subtitle) for s in segments)} parts under printed sub-headings (column "
                             "block): one seed; split it if the parts measure different things")
    return table
