"""What the capture finds and drafts: printed tables, their parts and rows, and the draft seeds made of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Row:
    line: int  # 1-based line of the report's text file
    cells: list[str]  # the seed cells of the line's fields, in printed order (padded to the table's width)


@dataclass
class Segment:
    """A run of data rows under one printed sub-heading (or none)."""
    rows: list[Row] = field(default_factory=list)
    subtitle: str = ""  # a sub-heading printed inside the table (a row with only its first cell filled)
    subtitle_line: int | None = None
    heading: str = ""  # a heading printed between this part and the one before (a page or section break)


@dataclass
class FoundTable:
    """A printed table: header rows, parts, and what is printed around it."""
    kind: str  # figures | text
    origin: str  # tabs (tab-separated lines) | list (a bullet list of figures)
    width: int
    header: list[Row] = field(default_factory=list)  # the header rows as first printed
    segments: list[Segment] = field(default_factory=list)
    header_lines: list[int] = field(default_factory=list)  # every printed header line (repeats after page breaks too)
    heading: str = ""  # the printed title (a heading line) or ""
    heading_line: int | None = None
    outer_heading: str = ""  # a heading further up (e.g. the sheet the header was printed under)
    title_rows: list[str] = field(default_factory=list)  # title rows printed above the header
    notes: list[str] = field(default_factory=list)  # notes printed under (or keys printed above) the table
    label_count: int = 1
    intro: str = ""  # the sentence introducing a bullet-list table
    label_name_hint: str = ""  # for a bullet list: the word after which every item's label follows
    remarks: list[str] = field(default_factory=list)  # what a person should check

    @property
    def rows(self) -> list[Row]:
        return [r for s in self.segments for r in s.rows]

    @property
    def first_line(self) -> int:
        lines = self.header_lines + [r.line for r in self.rows] + [s.subtitle_line for s in self.segments if s.subtitle_line]
        return min(lines)

    @property
    def last_line(self) -> int:
        return max([r.line for r in self.rows] + self.header_lines)


@dataclass
class Skipped:
    first_line: int
    last_line: int
    reason: str
    text: str = ""


@dataclass
class DraftColumn:
    name: str
    role: str  # label | value | field
    description: str
    meta: dict[str, Any] = field(default_factory=dict)  # config.meta (role included)
    printed: str = ""  # the printed header path, for the review ("2022/2023 > Spring 2nd half term")
    derivation: str = ""  # how the name was made (for the review)
    unmapped: list[str] = field(default_factory=list)  # what its declaration still lacks (period, unit, ...)
    position: int = 0  # index of its field in the printed line


@dataclass
class DraftRow:
    line: int
    block: str
    table_title: str
    section: str
    cells: dict[str, str]  # column name -> cell text
    key: tuple[str, ...] = ()  # the row's label cells (or first field), for matching
    meaning: dict[str, str] | None = None  # a reused row_meanings row (without source_table/source_line)


@dataclass
class DraftTable:
    name: str  # the seed name, <report_id>__<table>
    kind: str  # figures | text
    found: FoundTable
    columns: list[DraftColumn]
    rows: list[DraftRow]
    description: str
    table_meta: dict[str, Any]
    derivation: str = ""  # how the name was made
    reused_from: str = ""  # the known seed whose names and meanings were reused
    new_columns: list[str] = field(default_factory=list)  # columns the reused table did not have
    remarks: list[str] = field(default_factory=list)

    @property
    def label_columns(self) -> list[DraftColumn]:
        return [c for c in self.columns if c.role == "label"]

    @property
    def value_columns(self) -> list[DraftColumn]:
        return [c for c in self.columns if c.role == "value"]

    @property
    def line_range(self) -> tuple[int, int]:
        lines = [r.line for r in self.rows]
        return min(lines), max(lines)


@dataclass
class CaptureResult:
    """Everything one capture run found, drafted and wrote: what the review file reports."""
    report_id: str
    report_file: str
    lines: tuple[int, int]
    out: str
    reuse_from: str
    written: list[DraftTable] = field(default_factory=list)
    not_written: list[tuple[DraftTable, list[str]]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    headlines_written: list[dict[str, str]] = field(default_factory=list)
    headlines_present: int = 0
    headlines_not_written: list[tuple[dict[str, str], list[str]]] = field(default_factory=list)
    proposals: list[Any] = field(default_factory=list)
    registry: Any = None
    registry_written: bool = False
    meanings_written: int = 0
    files: list[str] = field(default_factory=list)
    staging: list[str] | None = None
    warnings: list[str] = field(default_factory=list)

    def rows_without_meaning(self) -> list[tuple[DraftTable, list[DraftRow]]]:
        return [(t, [r for r in t.rows if r.meaning is None]) for t in self.written
                if t.kind == "figures" and any(r.meaning is None for r in t.rows)]

    def columns_unmapped(self) -> list[tuple[DraftTable, DraftColumn]]:
        return [(t, c) for t in self.written for c in t.value_columns if c.unmapped]
