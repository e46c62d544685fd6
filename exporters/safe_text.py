"""Text that a spreadsheet must never run as a formula (OWASP, CSV injection).

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be taken for a
formula by Excel, LibreOffice or Google Sheets when a CSV is opened (and openpyxl writes such a string
as a live formula). Text from a seed or a report must never become one:

* in the workbook every text cell is written as a string (``data_type 's'``), whatever it starts with;
* in a CSV such a cell is prefixed with an apostrophe, unless it is a plain signed number or
  percentage (``-0.4%``, ``-3.8``) or a lone dash, which no spreadsheet evaluates.

Parquet keeps values as they are: it is typed and never read as formulas.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Printed cells that start with a trigger character but are only a number, a percentage or a dash.
HARMLESS = re.compile(r"^-?[0-9][0-9,]*(\.[0-9]+)?%?$|^[-–]$")


def looks_like_formula(text: str) -> bool:
    return bool(text) and text.startswith(FORMULA_START) and not HARMLESS.match(text)


def csv_cell(value):
    """A value for a CSV a spreadsheet may open: formula-looking text gets a leading apostrophe."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def sql_csv_cell(column_sql: str) -> str:
    """The same rule as ``csv_cell``, as a DuckDB SQL expression over a text column (for COPY ... TO csv),
    built from the same two constants."""
    starts = ", ".join(f"chr({ord(c)})" for c in FORMULA_START)
    harmless = HARMLESS.pattern.replace("'", "''")
    return (f"case when left({column_sql}, 1) in ({starts}) "
            f"and not regexp_matches({column_sql}, '{harmless}') "
            f"then '''' || {column_sql} else {column_sql} end")
