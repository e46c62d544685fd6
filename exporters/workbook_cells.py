"""Writing one workbook cell: text always as text, numbers as numbers (OWASP formula injection).

openpyxl stores a string that starts with ``=`` as a live formula (data type ``f``). No text of a seed
or a report may ever become one, so every string goes through ``put``: it is written with data type
``s`` whatever it starts with, and a string a spreadsheet could take for a formula (``safe_text``) also
gets Excel's quote prefix, so that editing the cell keeps it text. ``no_formulas`` is the last guard
before the workbook is saved: the workbook holds no formulas at all.
"""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from .marts import missing
from .safe_text import looks_like_formula


def plain(v):
    """A value openpyxl can write: Python scalars, None for missing, text for containers."""
    if missing(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, (str, bool, int, float, date, datetime)):
        return v
    if isinstance(v, (list, dict, tuple, set)):
        return str(v)
    if hasattr(v, "item"):
        try:
            return v.item()
        except (ValueError, AttributeError):
            return str(v)
    return str(v)


def text(v) -> str:
    """A value as display text ('' for missing)."""
    v = plain(v)
    return "" if v is None else str(v)


def put(ws: Worksheet, row: int, column: int, value, number_format: str | None = None) -> Cell:
    """Write ``value`` at (row, column): strings as text (data type 's'), never as a formula."""
    cell = ws.cell(row, column)
    value = plain(value)
    if isinstance(value, float) and math.isinf(value):
        value = str(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        cell.data_type = "s"
        if looks_like_formula(value) or value.startswith(("=", "+", "@")):
            cell.quotePrefix = True
        return cell
    cell.value = value
    if number_format and isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.number_format = number_format
    return cell


def no_formulas(wb: Workbook) -> int:
    """Turn any formula cell back into text (there should be none); returns how many were found."""
    found = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    found += 1
    return found
