"""Typed spreadsheet values for printed figures: the number and an Excel number format that shows it
the way the report prints it (same decimals, same thousands separator, same decorations).

Percentages are stored as fractions with a percent format (8.2% -> 0.082, '0.0%').
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


def _has_comma(text: str, index: int = 0) -> bool:
    found = list(_NUM.finditer(text or ""))
    return len(found) > index and "," in found[index].group(0)


def _digits(d: int) -> str:
    return "0" + ("." + "0" * d if d else "")


def percent_format(d: int) -> str:
    return _digits(d) + "%"


def number_format(d: int, thousands: bool = True) -> str:
    return ("#,##" if thousands else "") + _digits(d)


def _quote(text: str) -> str:
    return '"' + text.replace('"', "") + '"' if text else ""


def typed(value: float, unit: str, text: str, index: int = 0, suffix: str = "", prefix: str = "") -> tuple[float, str]:
    """(value to store, number format) for the index-th number in the printed ``text``."""
    d = decimals(text, index)
    if unit == "percent":
        return round(value / 100.0, 12), _quote(prefix) + percent_format(d) + _quote(suffix)
    thousands = abs(value) < 1000 or _has_comma(text, index)
    fmt = _quote(prefix) + number_format(d, thousands) + _quote(suffix)
    return value, fmt


def money(value: float, text: str, millions: bool) -> tuple[float, str]:
    d = decimals(text.replace("£", ""))
    body = number_format(d, True)
    m = '"m"' if millions else ""
    return value, f'"£"{body}{m};"-£"{body}{m}'
