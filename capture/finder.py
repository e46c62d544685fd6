"""Find the printed tables in the report's lines.

A table is a run of tab-separated lines. Its rows are of three kinds:

* *data* rows print at least one figure (``cells.Cells.is_figure``: not a year), with any words to the left
  of the first figure (row labels);
* *title* rows print only their first cell: a sub-heading inside the table (the seed's ``block``), or a
  title above it;
* *header* rows are the other rows above the first data row (two or three lines when a header has group
  cells; merged cells are empty tab positions).

Runs are joined into one table across what pagination and layout put between them: a header printed
alone, then a heading, then the body (the scorecard prints ``Absence`` between its header and body); a
page break inside a table (blank lines and ``Agenda Item``/``Page`` furniture, with or without the header
printed again); a heading between two parts of one table. Runs without figures are *text* tables when they
have a header row, at least three columns and two rows; what is not captured (cover sheets, forms, tables
of contents, two-column lists of text) is listed with the reason. A ``Key:`` legend becomes a note of the
table after it; short lines under a table (``*All 2023 data is currently PROVISIONAL``, ``Table 5 source
...``) its notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from capture import list_tables
from capture.cells import Cells, cell_text
from capture.model import FoundTable, Row, Segment, Skipped
from capture.report_text import COVER_LABELS, PROSE, TAB, ReportText, is_heading
from expectations.provenance import normalise

NOTE_START = re.compile(r"^\W*(\*|note|notes|source|key|table \d+ source|chart \d+ source|data (?:is|are)\b)", re.I)
DOT_LEADER = re.compile(r"\.{4,}")
MAX_GAP_HEADINGS = 2
MAX_NOTES = 3


@dataclass
class Run:
    """Consecutive tab-separated lines."""
    lines: list[int]
    fields: list[list[str]]  # raw fields per line

    @property
    def width(self) -> int:
        return max(len(f) for f in self.fields)

    @property
    def first(self) -> int:
        return self.lines[0]

    @property
    def last(self) -> int:
        return self.lines[-1]


@dataclass
class Found:
    tables: list[FoundTable]
    skipped: list[Skipped]


def _runs(text: ReportText) -> list[Run]:
    runs: list[Run] = []
    for n in text.numbers():
        if text.kind(n) != TAB:
            continue
        if runs and runs[-1].last == n - 1:
            runs[-1].lines.append(n)
            runs[-1].fields.append(text.fields(n))
        else:
            runs.append(Run([n], [text.fields(n)]))
    return runs


def _padded(cells: list[str], width: int) -> list[str]:
    return (cells + [""] * width)[:width]


def _is_title(cells: list[str]) -> bool:
    return bool(cells and cells[0]) and not any(c for c in cells[1:])


def _is_data(cells: list[str], judge: Cells) -> bool:
    """At least one figure, and any words only to the left of the first figure (row labels)."""
    first_figure = next((j for j, c in enumerate(cells) if j > 0 and judge.is_figure(c)), None)
    if first_figure is None:
        return False
    return not any(judge.is_text(c) for c in cells[first_figure + 1:])


def _looks_like_header(cells: list[str]) -> bool:
    """Every cell filled with a short label (a text table's header, not one of its rows)."""
    return all(cells) and all(len(c) <= 40 for c in cells)


def _effective_width(rows: list[list[str]]) -> int:
    return max((max((j + 1 for j, c in enumerate(r) if c), default=0) for r in rows), default=0)


@dataclass
class _Analysis:
    """A run's rows by kind: title rows above, header rows, then (sub-title, data rows) parts."""
    titles: list[tuple[int, str]]
    header: list[tuple[int, list[str]]]
    parts: list[tuple[tuple[int, str] | None, list[tuple[int, list[str]]]]]

    @property
    def has_data(self) -> bool:
        return any(rows for _, rows in self.parts)


def _analyse(run: Run, judge: Cells) -> _Analysis:
    rows = [(n, [cell_text(f) for f in fields]) for n, fields in zip(run.lines, run.fields)]
    first_data = next((i for i, (_, c) in enumerate(rows) if _is_data(c, judge)), None)
    if first_data is None:
        return _Analysis([], [(n, c) for n, c in rows if any(c)], [])
    titles, header, pending_subtitle = [], [], None
    for n, cells in rows[:first_data]:
        if not any(cells):
            continue
        if _is_title(cells):
            if header:
                pending_subtitle = (n, cells[0])
            else:
                titles.append((n, cells[0]))
        else:
            header.append((n, cells))
            pending_subtitle = None
    if not header and titles:  # title rows straight above the data: the last is the part's sub-heading
        pending_subtitle = titles.pop()
    parts: list = [(pending_subtitle, [])]
    for n, cells in rows[first_data:]:
        if not any(cells):
            continue
        if _is_title(cells):
            parts.append(((n, cells[0]), []))
        else:
            parts[-1][1].append((n, cells))
    return _Analysis(titles, header, [p for p in parts if p[1] or p[0]])


class _Gap:
    """What is printed between two lines: only blank lines and furniture, headings, or other text."""

    def __init__(self, text: ReportText, after: int, before: int):
        self.headings: list[tuple[str, int]] = []
        self.other = 0
        for n in range(after + 1, before):
            if text.is_quiet(n):
                continue
            if text.kind(n) == PROSE and is_heading(text.line(n)):
                self.headings.append((normalise(text.line(n).replace("**", "")), n))
            else:
                self.other += 1

    @property
    def quiet(self) -> bool:
        return not self.headings and not self.other

    @property
    def bridgeable(self) -> bool:
        return not self.other and len(self.headings) <= MAX_GAP_HEADINGS


def _same_header(a: list[Row], b: list[tuple[int, list[str]]], gap: _Gap) -> bool:
    rows_a = [[normalise(c).lower() for c in r.cells] for r in a]
    rows_b = [[normalise(c).lower() for c in cells] for _, cells in b]
    if len(rows_a) != len(rows_b):
        return False
    width = max([len(r) for r in rows_a + rows_b] or [0])
    rows_a = [_padded(r, width) for r in rows_a]
    rows_b = [_padded(r, width) for r in rows_b]
    if rows_a == rows_b:
        return True
    if not gap.quiet:
        return False
    cells = [(x, y) for ra, rb in zip(rows_a, rows_b) for x, y in zip(ra, rb) if x or y]
    return bool(cells) and sum(x == y for x, y in cells) / len(cells) >= 0.8


class _Builder:
    """Assembles tables run by run."""

    def __init__(self, text: ReportText, judge: Cells):
        self.text, self.judge = text, judge
        self.tables: list[FoundTable] = []
        self.current: FoundTable | None = None
        self.pending_notes: list[str] = []
        self.pending_note_lines: list[int] = []  # where a pending Key: legend is printed

    # -- table creation ---------------------------------------------------------------------------
    def _new(self, kind: str, width: int, header: list[tuple[int, list[str]]], start: int) -> FoundTable:
        table = FoundTable(kind=kind, origin="tabs", width=width,
                           header=[Row(n, _padded(c, width)) for n, c in header],
                           header_lines=[n for n, _ in header])
        heading = self.text.heading_directly_above(start)
        if heading is None and self.pending_note_lines:  # a Key: legend printed between heading and table
            heading = self.text.heading_directly_above(min(self.pending_note_lines))
        if heading:
            table.heading, table.heading_line = heading
        table.intro = self.text.sentence_introducing(start)
        table.notes.extend(self.pending_notes)
        self.pending_notes, self.pending_note_lines = [], []
        self.tables.append(table)
        self.current = table
        return table

    def _add_parts(self, table: FoundTable, analysis: _Analysis, heading: str = "", continues: bool = False) -> None:
        for i, (subtitle, rows) in enumerate(analysis.parts):
            rows = [Row(n, _padded(c, table.width)) for n, c in rows]
            if i == 0 and continues and not subtitle and not heading and table.segments:
                table.segments[-1].rows += rows  # the same part, on after a page break
                continue
            segment = Segment(rows=rows, heading=heading if i == 0 else "")
            if subtitle:
                segment.subtitle_line, segment.subtitle = subtitle[0], normalise(subtitle[1])
            table.segments.append(segment)

    # -- the runs -----------------------------------------------------------------------------------
    def add_figures(self, run: Run, analysis: _Analysis, header_run: tuple[Run, _Analysis] | None) -> None:
        current = self.current
        if analysis.header:
            gap = _Gap(self.text, current.last_line, run.first) if current else None
            if current and current.kind == "figures" and gap.bridgeable and _same_header(current.header, analysis.header, gap):
                current.header_lines += [n for n, _ in analysis.header]
                self._add_parts(current, analysis)
                return
            table = self._new("figures", run.width, analysis.header, run.first)
            table.title_rows = [normalise(t) for _, t in analysis.titles]
            self._add_parts(table, analysis)
            return
        if header_run is not None:
            head, head_analysis = header_run
            gap = _Gap(self.text, head.last, run.first)
            table = self._new("figures", max(run.width, head.width), head_analysis.header, head.first)
            if gap.headings:  # the heading printed between header and body names the table
                table.outer_heading, table.heading = table.heading, gap.headings[-1][0]
                table.heading_line = gap.headings[-1][1]
            self._add_parts(table, analysis)
            return
        if current and current.kind == "figures" and run.width == current.width:
            gap = _Gap(self.text, current.last_line, run.first)
            if gap.bridgeable:
                self._add_parts(current, analysis, heading=gap.headings[-1][0] if gap.headings else "", continues=True)
                return
        table = self._new("figures", run.width, [], run.first)
        table.title_rows = [normalise(t) for _, t in analysis.titles]
        self._add_parts(table, analysis)

    def add_plain(self, run: Run, analysis: _Analysis) -> None:
        """A run without figures: a repeated header (and rows) of the current text table, a ``Key:``
        legend, or a text table of its own (or not a table)."""
        rows = analysis.header
        first_cell = normalise(rows[0][1][0]).lower() if rows and rows[0][1] else ""
        if first_cell.startswith("key"):
            legend = [c for _, cells in rows for c in cells if c and not c.lower().startswith("key")]
            self.pending_notes.append("Key: " + ", ".join(normalise(c) for c in legend))
            self.pending_note_lines.append(run.first)
            return
        current = self.current
        if current and current.kind == "text" and current.width == run.width and rows:
            gap = _Gap(self.text, current.last_line, run.first)
            repeated = _same_header(current.header, rows[:1], gap)
            if gap.quiet and (repeated or not (_is_title(rows[0][1]) or _looks_like_header(rows[0][1]))):
                if repeated:  # the header printed again after a page break
                    current.header_lines.append(rows.pop(0)[0])
                current.segments[-1].rows += [Row(n, _padded(c, current.width)) for n, c in rows]
                return
        titles = []
        while rows and _is_title(rows[0][1]) and len(rows) > 1:
            titles.append(normalise(rows.pop(0)[1][0]))
        if not rows:
            return
        table = self._new("text", run.width, rows[:1], run.first)
        table.title_rows = titles
        table.segments.append(Segment(rows=[Row(n, _padded(c, run.width)) for n, c in rows[1:]]))


def _is_note(line: str) -> bool:
    return bool(NOTE_START.match(line)) or (line.endswith(".") and len(line) <= 160)


def _attach_notes(tables: list[FoundTable], text: ReportText) -> None:
    """Short lines printed under a table (before the next table or paragraph) are its notes."""
    for table in tables:
        if not table.rows:
            continue
        n, added = table.last_line + 1, 0
        while n <= text.last and added < MAX_NOTES:
            if text.is_quiet(n):
                n += 1
                continue
            line = normalise(text.line(n).replace("**", ""))
            if text.kind(n) != PROSE or not _is_note(line):
                break
            if line not in table.notes:
                table.notes.append(line)
            added += 1
            n += 1


def _skip_reason(table: FoundTable) -> str | None:
    rows = [r.cells for r in table.header] + [r.cells for r in table.rows]
    firsts = [normalise(c[0]) for c in rows if c and c[0]]
    if any(f.rstrip(":").strip().lower() in COVER_LABELS for f in firsts):
        return "a report cover sheet"
    if firsts and sum(f.endswith(":") for f in firsts) * 2 >= len(firsts):
        return "a form of 'label: value' lines"
    if (rows and sum(any(DOT_LEADER.search(c) for c in r) for r in rows) * 10 >= 3 * len(rows)) \
            or table.heading.lower() in ("contents", "table of contents"):
        return "a table of contents"
    if not table.rows:
        return "no rows under the header"
    if table.kind == "text":
        if _effective_width(rows) < 3:
            return "a two-column list of text (no figures)"
        if len(table.rows) < 2:
            return "a text table of a single row"
    return None


def _header_only(runs: list[Run], analyses: list[_Analysis], i: int, text: ReportText) -> bool:
    """Run i is a header printed alone: the next run is a body without a header, as wide, and only
    headings, blank lines and page furniture stand between them."""
    if i + 1 >= len(runs) or not analyses[i].header:
        return False
    body, body_analysis = runs[i + 1], analyses[i + 1]
    first_cell = normalise(analyses[i].header[0][1][0]).lower()
    return (body_analysis.has_data and not body_analysis.header and body.width == runs[i].width
            and not first_cell.startswith("key") and _Gap(text, runs[i].last, body.first).bridgeable)


def _tables_of_runs(text: ReportText, judge: Cells, runs: list[Run]) -> list[FoundTable]:
    builder = _Builder(text, judge)
    analyses = [_analyse(run, judge) for run in runs]
    i = 0
    while i < len(runs):
        if analyses[i].has_data:
            builder.add_figures(runs[i], analyses[i], None)
        elif _header_only(runs, analyses, i, text):
            builder.add_figures(runs[i + 1], analyses[i + 1], (runs[i], analyses[i]))
            i += 1
        else:
            builder.add_plain(runs[i], analyses[i])
        i += 1
    return builder.tables


def find(text: ReportText, judge: Cells) -> Found:
    """Every table in the lines, and the tab-separated blocks that are not captured (with the reason)."""
    runs = _runs(text)
    judge.learn(cell_text(f) for run in runs for fields in run.fields for f in fields)
    tables = _tables_of_runs(text, judge, runs) + list_tables.find(text, judge, {n for r in runs for n in r.lines})
    _attach_notes(tables, text)
    kept, skipped = [], []
    for table in sorted(tables, key=lambda t: t.first_line):
        reason = _skip_reason(table)
        if reason:
            first = (table.header or table.rows)[:1]
            first_cells = " | ".join(c for c in first[0].cells if c) if first else ""
            skipped.append(Skipped(table.first_line, table.last_line, reason, first_cells[:100]))
        else:
            _set_label_count(table, judge)
            kept.append(table)
    return Found(kept, skipped)


def _set_label_count(table: FoundTable, judge: Cells) -> None:
    """Row labels: the columns left of the first column that prints a figure (a text table has none)."""
    if table.kind == "text" or table.origin == "list":
        table.label_count = 0 if table.kind == "text" else table.label_count
        return
    first = min((j for r in table.rows for j, c in enumerate(r.cells)
                 if j > 0 and (judge.is_figure(c) or judge.pattern(c) in ("dash", "unavailable"))), default=1)
    table.label_count = max(1, first)
