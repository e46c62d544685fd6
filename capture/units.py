"""The unit of a value column: what its bare numbers are (``percent``, ``count``, ``gbp_m``, ...).

Staging reads a cell's percentage and count from the cell itself (``25.0% (697)``, ``1 33%``); the unit
declared for a column says what a *bare* number in it is. It is read, in order, from the printed header
(``%``, ``No``, ``£m``, ``... rate``), then the cells (all ``8.2%``: percent; a share with its count:
count; whole numbers: count), then the table (decimals under a heading or sub-heading with ``%``, or in a
table of number/percent pairs: percent). Otherwise it is left for a person to declare.
"""

from __future__ import annotations

import re
from collections import Counter

from capture.cells import Cells

COUNT_WORDS = {"no", "no.", "number", "n", "count", "numbers"}
PERCENT_WORDS = {"%", "percent", "percentage", "%age", "pct"}


def cell_kind(text: str, judge: Cells) -> str | None:
    """percent | mixed (a share with its count) | integer | decimal | gbp_m | gbp | other, or None (blank/marker)."""
    pattern = judge.pattern(text)
    if pattern in (None, "blank", "dash", "unavailable") or (pattern or "").startswith("("):
        return None
    if pattern in ("percent", "qualified_percent"):
        return "percent"
    if pattern in ("percent_count", "count_percent"):
        return "mixed"
    if pattern == "money_millions":
        return "gbp_m"
    if pattern == "money":
        return "gbp"
    if pattern in ("number", "spaced_thousands", "number_as_of", "at_least", "qualified_number"):
        core = re.sub(r"\(.*?\)", "", text).replace("*", "").strip()
        return "decimal" if "." in core else "integer"
    return "other"


def column_kind(texts: list[str], judge: Cells) -> str | None:
    """The commonest kind of a column's figures (share-like: percent or decimal; count-like: integer)."""
    kinds = Counter(k for t in texts if (k := cell_kind(t, judge)))
    if not kinds:
        return None
    if "mixed" in kinds:
        return "mixed"
    return kinds.most_common(1)[0][0]


def is_share_like(kind: str | None) -> bool:
    return kind in ("percent", "decimal")


def from_header(words: list[str]) -> tuple[str | None, str]:
    for text in reversed(words):  # the leaf first
        low = text.lower().strip()
        if "£m" in low or "£ m" in low or "£ million" in low:
            return "gbp_m", f"'£m' in the header '{text}'"
        if low in PERCENT_WORDS or low.startswith("%") or low.endswith(" rate") or low.endswith("%"):
            return "percent", f"header '{text}'"
        if low in COUNT_WORDS or low == "total" or low.startswith("number of"):
            return "count", f"header '{text}'"
    return None, ""


def infer(header: list[str], texts: list[str], context: str, judge: Cells, *, paired: bool) -> tuple[str | None, str]:
    """(unit, how it was read) for a value column: its header path, its cells, the table's printed context
    (heading, sub-headings), and whether the table pairs number and percent columns."""
    unit, why = from_header(header)
    if unit:
        return unit, why
    kind = column_kind(texts, judge)
    if kind == "mixed":
        return "count", "cells print a count with its share (the share is read from each cell)"
    if kind == "percent":
        return "percent", "cells print percentages"
    if kind in ("gbp_m", "gbp"):
        return kind, "cells print money"
    if kind == "integer":
        return "count", "cells print whole numbers"
    if kind == "decimal":
        if "%" in context:
            return "percent", "decimals under a heading with '%'"
        if paired:
            return "percent", "decimals in a table of number/percent columns"
    return None, "cells do not say (decimals without a '%' heading)" if kind == "decimal" else "no figures"
