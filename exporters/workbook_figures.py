"""A printed cell of ``marts.fct_printed_cells`` as workbook values: typed numbers that show the printed
text, or the printed text itself.

* a figure becomes its number with a number format that prints it as the report does: the printed
  decimals, the thousands separator, the words around it ("just over ", " (as of 27/10/2023)", "+", a
  provisional "*") as literals; percentages as fractions (8.2% -> 0.082, '0.0%'); a bare number the
  warehouse reads as a percentage is typed as one (60.8 -> 0.608, '0.0%');
* a cell printing a share and a count ("25.0% (697)", "1 33%") gives two parts in the printed order;
* text cells (a dash, 'N/a', 'Currently Unavailable', a number written as a word) keep their text;
  blanks stay blank;
* with disclosure control, a figure the marts mark suppressed (``share_suppressed`` /
  ``count_suppressed``) is the text ``c``.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import numfmt
from .marts import SUPPRESSED_MARKER
from .workbook_cells import missing

SPLIT_PATTERNS = ("percent_count", "count_percent")
TEXT_PATTERNS = ("blank", "dash", "unavailable", "number_word", "fraction", "spaced_thousands")
MONEY_PATTERNS = ("money", "money_millions")


@dataclass(frozen=True)
class Part:
    role: str | None  # 'share' / 'count': the figure it shows; None for text without a figure
    value: object  # a number, a text, or None (blank)
    number_format: str | None = None
    hidden: bool = False  # shown as 'c' (disclosure control)


def _num(v) -> float | None:
    return None if missing(v) else float(v)


def _flag(v) -> bool:
    return False if missing(v) else bool(v)


def _int(v) -> int | None:
    return None if missing(v) else int(v)


def _parse(text: str) -> float | None:
    span = numfmt.number_span(text)
    if span is None:
        return None
    sign = -1.0 if text[:span[0]].rstrip().endswith("-") else 1.0
    return sign * float(text[span[0]:span[1]].replace(",", ""))


def _typed(value: float, unit: str | None, text: str, index: int, d: int | None, star: str) -> tuple[float, str]:
    """The index-th number of ``text`` typed, with the words around it as literals (single-figure cells)."""
    span = numfmt.number_span(text, index)
    prefix, suffix = ("", "") if span is None else (text[:span[0]], text[span[1]:])
    if prefix.endswith("-") and value < 0:
        prefix = prefix[:-1]  # the sign is the number's
    if unit == "percent":
        suffix = suffix[1:] if suffix.startswith("%") else suffix
    d = numfmt.decimals(text, index) if d is None else d
    thousands = abs(value) < 1000 or numfmt.has_comma(text, index)
    return numfmt.stored(value, unit), numfmt.format_for(unit, d, thousands, prefix, suffix + star)


def parts(cell: dict, unit_hint: str | None, apply_disclosure: bool) -> list[Part]:
    """The workbook parts of one printed cell: two for a share-and-count cell, else one."""
    pattern = cell.get("cell_pattern") or ""
    printed = cell.get("printed_text")
    printed = "" if missing(printed) else str(printed)
    core = printed.strip()
    star = ""
    if core.endswith("*") and pattern not in TEXT_PATTERNS:
        core, star = core[:-1].rstrip(), "*"
    share, count = _num(cell.get("share_value")), _num(cell.get("count_value"))
    hidden = {"share": apply_disclosure and _flag(cell.get("share_suppressed")),
              "count": apply_disclosure and _flag(cell.get("count_suppressed"))}

    def part(role: str | None, value, fmt: str | None = None) -> Part:
        if role and hidden[role]:
            return Part(role, SUPPRESSED_MARKER, None, True)
        return Part(role, value, fmt)

    if pattern in SPLIT_PATTERNS and share is not None and count is not None:
        share_first = pattern == "percent_count"
        si, ci = (0, 1) if share_first else (1, 0)
        s = part("share", *_split_value(share, "percent", core, si, _int(cell.get("share_decimals")),
                                        star if not share_first else ""))
        c = part("count", *_split_value(count, cell.get("count_unit") or "count", core, ci,
                                        _int(cell.get("count_decimals")), star if share_first else ""))
        return [s, c] if share_first else [c, s]

    if pattern in TEXT_PATTERNS or (share is None and count is None and pattern != "number"):
        role = "count" if count is not None else ("share" if share is not None else None)
        return [part(role, printed.strip() or None)]

    if pattern in MONEY_PATTERNS and count is not None:
        value, fmt = numfmt.money(count, core, pattern == "money_millions")
        return [part("count", value, fmt)]

    if share is not None:
        role, value, unit, d = "share", share, cell.get("share_unit") or "percent", _int(cell.get("share_decimals"))
    elif count is not None:
        role, value, unit, d = "count", count, cell.get("count_unit") or "count", _int(cell.get("count_decimals"))
    else:  # a bare number the warehouse does not read a figure from: the column's unit
        value = _parse(core)
        if value is None:
            return [Part(None, printed.strip() or None)]
        unit, d = unit_hint or "count", None
        role = "count" if unit in ("count", "gbp", "gbp_m") else "share"
    v, fmt = _typed(value, unit, core, 0, d, star)
    return [part(role, v, fmt)]


def _split_value(value: float, unit: str, core: str, index: int, d: int | None, star: str) -> tuple[float, str]:
    d = numfmt.decimals(core, index) if d is None else d
    thousands = abs(value) < 1000 or numfmt.has_comma(core, index)
    return numfmt.stored(value, unit), numfmt.format_for(unit, d, thousands, "", star)


def is_split(pattern: str | None) -> bool:
    return pattern in SPLIT_PATTERNS


def split_order(pattern: str) -> tuple[str, str]:
    """The roles of a split cell's two parts in printed order."""
    return ("share", "count") if pattern == "percent_count" else ("count", "share")


