"""Is a draft complete enough for the gate? Only drafts that are get written; the others go to the review.

The checks mirror what the gate and the Great Expectations suites block on (``expectations.gate``,
``expectations.suites``): a table seed has rows, unique lines, distinct snake_case column names, a figures
table declares value columns and every value cell is a pattern staging reads; a count must not be negative
and a percentage must lie in 0-100 unless the column is declared ``signed`` (a change or variance, which
is what such a column prints). A headline row needs every required field, a known period type and unit,
a snake_case measure and a printed value staging reads.
"""

from __future__ import annotations

import re

from capture.cells import Cells
from capture.model import DraftTable
from expectations.spec import HEADLINE_REQUIRED, PERIOD_TYPES, UNITS

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


def sign_changes(table: DraftTable, judge: Cells) -> None:
    """Declare ``signed`` a value column that prints negative counts or percentages beyond 0-100."""
    for column in table.value_columns:
        unit = column.meta.get("unit")
        if column.meta.get("signed") or unit not in ("count", "percent", "gbp_m", "gbp"):
            continue
        values = [(judge.number(r.cells[column.name]), judge.percent(r.cells[column.name])) for r in table.rows]
        negative = any((n is not None and n < 0) or (p is not None and p < 0) for n, p in values)
        over = unit == "percent" and any((p if p is not None else n) is not None and (p if p is not None else n) > 100
                                        for n, p in values)
        if negative or over:
            column.meta["signed"] = True
            column.derivation += "; declared signed: it prints " + ("negative figures" if negative else "percentages over 100")


def table_problems(table: DraftTable, judge: Cells) -> list[str]:
    problems = []
    if not table.rows:
        problems.append("no rows")
    lines = [r.line for r in table.rows]
    if len(set(lines)) != len(lines):
        problems.append("two rows cite the same line")
    names = [c.name for c in table.columns]
    if len(set(names)) != len(names):
        problems.append("two columns have the same name")
    bad = [n for n in names if not IDENTIFIER.match(n)]
    if bad:
        problems.append(f"column names that are not snake_case: {bad}")
    if table.kind == "figures" and not table.value_columns:
        problems.append("a figures table with no value column")
    for column in table.value_columns:
        unread = [r.cells[column.name] for r in table.rows if not judge.accepted(r.cells[column.name])]
        if unread:
            problems.append(f"column {column.name}: cells staging cannot read: {unread[:3]}")
    return problems


def headline_problems(row: dict[str, str], judge: Cells) -> list[str]:
    problems = [f"{c} is blank" for c in HEADLINE_REQUIRED if not (row.get(c) or "").strip()]
    if row.get("period_type") and row["period_type"] not in PERIOD_TYPES:
        problems.append(f"period_type {row['period_type']!r} is not one of {PERIOD_TYPES}")
    if row.get("unit") and row["unit"] not in UNITS:
        problems.append(f"unit {row['unit']!r} is not one of {UNITS}")
    if row.get("measure") and not re.match(r"^[a-z0-9][a-z0-9_]*$", row["measure"]):
        problems.append("measure is not a snake_case id")
    if row.get("printed_value") and not judge.accepted(row["printed_value"]):
        problems.append("staging cannot read the printed value")
    return problems
