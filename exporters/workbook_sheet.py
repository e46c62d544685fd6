"""A worksheet laid out for screen and print: a row cursor, banner rows (text spanning the sheet), column
widths, frozen panes, print titles and page set-up (landscape, one page wide, A4, page numbers).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from .workbook_cells import put

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
TABLE_TITLE = Font(bold=True, size=12)
NOTE = Font(italic=True, color="595959")
MARK = Font(bold=True, color="9C0006")
MARK_FILL = PatternFill("solid", fgColor="FFC7CE")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
GROUP_FILL = PatternFill("solid", fgColor="BDD7EE")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)

MIN_WIDTH, LABEL_MAX, VALUE_MAX, TEXT_MAX, WIDE_MAX, PAGE_MAX = 8.0, 45.0, 18.0, 34.0, 45.0, 110.0
SOURCE_WIDTH = 55.0
_LINE_HEIGHT = 15.0


@dataclass
class SheetWriter:
    ws: Worksheet
    row: int = 1  # the next row to write
    banners: list[tuple[int, str, Font | None]] = field(default_factory=list)
    widths: dict[int, dict[str, float]] = field(default_factory=dict)  # column -> kind -> width
    wrap_cells: list[tuple[int, int]] = field(default_factory=list)  # Source cells, wrapped when their column is only Source

    def next(self) -> int:
        r = self.row
        self.row += 1
        return r

    def blank(self) -> None:
        self.row += 1

    def banner(self, text: str, font: Font | None = None, fill: PatternFill | None = None) -> int:
        """A line of text spanning the sheet (merged over the used columns and wrapped at ``finish``)."""
        r = self.next()
        cell = put(self.ws, r, 1, text)
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        cell.alignment = TOP_LEFT
        self.banners.append((r, text, font))
        return r

    def want(self, column: int, width: float, kind: str) -> None:
        """Ask for a column width; ``kind`` is label / value / source / text / wide (long text, wrapped)."""
        cap = {"label": LABEL_MAX, "value": VALUE_MAX, "source": SOURCE_WIDTH, "text": TEXT_MAX, "wide": WIDE_MAX,
               "page": PAGE_MAX}[kind]
        w = min(max(width, MIN_WIDTH), cap)
        by_kind = self.widths.setdefault(column, {})
        by_kind[kind] = max(by_kind.get(kind, 0.0), w)

    def _only_source(self, column: int) -> bool:
        return set(self.widths.get(column, {})) == {"source"}

    def finish(self, freeze: str | None, title_rows: tuple[int, int] | None, autofilter: str | None = None,
               print_area: str | None = None, span: int | None = None) -> None:
        """Column widths, banners merged over ``span`` columns (default: all used), freeze, print set-up."""
        ws = self.ws
        ncols = max([ws.max_column, *self.widths.keys()]) if self.widths else ws.max_column
        ncols = min(span, ncols) if span else ncols
        for col, by_kind in sorted(self.widths.items()):
            # a Source column shared with another table's value column takes that column's width (its text
            # runs on into the empty cells to its right)
            width = SOURCE_WIDTH if self._only_source(col) else max(w for k, w in by_kind.items() if k != "source")
            ws.column_dimensions[get_column_letter(col)].width = width
        for r, c in self.wrap_cells:
            if self._only_source(c):
                ws.cell(r, c).alignment = WRAP
        total = sum(ws.column_dimensions[get_column_letter(c)].width or 9.0 for c in range(1, ncols + 1))
        for r, text, font in self.banners:
            if ncols > 1:
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
            size = (font.size if font is not None and font.size else 11) or 11
            per_line = max(total * 11.0 / size, 20.0)
            lines = sum(max(1, math.ceil(len(part) * 1.05 / per_line)) for part in str(text).split("\n"))
            ws.row_dimensions[r].height = max(lines, 1) * _LINE_HEIGHT * size / 11.0
        if freeze:
            ws.freeze_panes = freeze
        if title_rows:
            ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
        if autofilter:
            ws.auto_filter.ref = autofilter
        if print_area:
            ws.print_area = print_area
        page_setup(ws)


def page_setup(ws: Worksheet) -> None:
    """Landscape A4, fit to one page wide (as many pages tall as needed), page numbers in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.right.text = "Page &P of &N"


def text_width(value) -> float:
    """A column width (characters) that shows ``value`` on one line."""
    if value is None:
        return 0.0
    return max((len(line) for line in str(value).split("\n")), default=0) + 2.0
