"""Typed spreadsheet values for printed figures: the number and an Excel number format that shows it
the way the report prints it (same decimals, same thousands separator, same decorations).

Percentages are stored as fractions with a percent format (8.2% -> 0.082, '0.0%'). Text around the
number ("just over ", " (as of 27/10/2023)", "+", "*") is kept as a literal of the format, so the cell
holds the number and shows the printed text.
"""

from __future__ import annotations

import re

_NUM = re.compile(r"-?[0-9][0-9,]*(?:\.([0-9]+))?")


def decimals(text: str, index: int = 0) -> int:
    """Decimals of the index-th number printed in ``text``."""
    found = list(_NUM.finditer(text or ""))
    if len(found) <= index:
        return 0
    frac = found[index].group(1)
    return len(frac) if frac else 0


def has_comma(text: str, index: int = 0) -> bool:
    """Whether the index-th number printed in ``text`` has a thousands separator."""
    found = list(_NUM.finditer(text or ""))
    return len(found) > index and "," in found[index].group(0)


_has_comma = has_comma  # former private name


def number_span(text: str, index: int = 0) -> tuple[int, int] | None:
    """(start, end) of the index-th number printed in ``text`` (unsigned), or None."""
    found = list(re.finditer(r"[0-9][0-9,]*(?:\.[0-9]+)?", text or ""))
    return found[index].span() if len(found) > index else None


def _digits(d: int) -> str:
    return "0" + ("." + "0" * d if d else "")


def percent_format(d: int) -> str:
    return _digits(d) + "%"


def number_format(d: int, thousands: bool = True) -> str:
    return ("#,##" if thousands else "") + _digits(d)


def fixed_format(d: int) -> str:
    """A plain fixed-decimals format with a thousands separator (for values that were not printed)."""
    return number_format(max(int(d), 0), True)


def _quote(text: str) -> str:
    return '"' + text.replace('"', "") + '"' if text else ""


def format_for(unit: str | None, d: int, thousands: bool = True, prefix: str = "", suffix: str = "") -> str:
    """The number format of a figure of ``unit`` printed with ``d`` decimals, between literal texts."""
    body = percent_format(d) if unit == "percent" else number_format(d, thousands)
    return _quote(prefix) + body + _quote(suffix)


def stored(value: float, unit: str | None) -> float:
    """The number a cell stores: percentages as fractions (8.2 -> 0.082)."""
    return round(value / 100.0, 12) if unit == "percent" else value


def typed(value: float, unit: str, text: str, index: int = 0, suffix: str = "", prefix: str = "") -> tuple[float, str]:
    """(value to store, number format) for the index-th number in the printed ``text``."""
    d = decimals(text, index)
    if unit == "percent":
        return stored(value, unit), format_for(unit, d, True, prefix, suffix)
    thousands = abs(value) < 1000 or has_comma(text, index)
    return value, format_for(unit, d, thousands, prefix, suffix)


def money(value: float, text: str, millions: bool) -> tuple[float, str]:
    d = decimals(text.replace("£", ""))
    body = number_format(d, True)
    m = '"m"' if millions else ""
    return value, f'"£"{body}{m};"-£"{body}{m}'
