"""A data table as a filterable sheet: one header row (the column names), one row per record, an
autofilter over the table, the header row frozen and repeated on every printed page, numeric columns
holding only numbers or blanks, each with a number format (never General), and every text as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from openpyxl.utils import get_column_letter

from .workbook_cells import missing, plain, put
from .workbook_sheet import BOLD, CENTER, HEADER_FILL, WRAP, SheetWriter, text_width

DEFAULT_FORMAT = "#,##0.00"


@dataclass
class Frame:
    data: pd.DataFrame
    number_formats: dict[str, list[str | None] | str] = field(default_factory=dict)  # column -> one or per row
    wide: tuple[str, ...] = ()  # long text columns: wrapped
    unprinted: tuple[str, ...] = ()  # columns at the end left out of the print area (identifiers)

    def print_columns(self) -> int:
        return len([c for c in self.data.columns if c not in self.unprinted]) or len(self.data.columns)


def write(w: SheetWriter, frame: Frame) -> tuple[int, int]:
    """Write the frame from the writer's current row; returns (header row, last row)."""
    ws, df = w.ws, frame.data
    columns = list(df.columns)
    header = w.next()
    for i, col in enumerate(columns, start=1):
        cell = put(ws, header, i, col)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, CENTER
        w.want(i, text_width(col) + 2, "wide" if col in frame.wide else "text")  # room for the filter button
    numeric = {c for c in columns if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])}
    values = {c: df[c].tolist() for c in columns}
    for n in range(len(df)):
        r = w.next()
        for i, col in enumerate(columns, start=1):
            v = values[col][n]
            if col in numeric:
                v = None if missing(v) else plain(v)
                fmts = frame.number_formats.get(col)
                fmt = fmts[n] if isinstance(fmts, list) else fmts
                if isinstance(v, float) and fmt is None:
                    fmt = DEFAULT_FORMAT
                cell = put(ws, r, i, v, fmt)
            else:
                cell = put(ws, r, i, v)
            if col in frame.wide:
                cell.alignment = WRAP
            if n < 300:
                w.want(i, text_width(cell.value if not isinstance(cell.value, float) else round(cell.value, 4)),
                       "wide" if col in frame.wide else ("value" if col in numeric else "text"))
    last = max(w.row - 1, header)
    return header, last


def autofilter_ref(header: int, last: int, ncols: int) -> str:
    return f"A{header}:{get_column_letter(max(ncols, 1))}{last}"


def print_area(last: int, ncols: int) -> str:
    return f"A1:{get_column_letter(max(ncols, 1))}{last}"
