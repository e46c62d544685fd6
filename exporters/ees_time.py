"""EES time columns for an observation's period, or the reason it has none.

DfE's open data standards ("Open data standards", Time and geography: *List of allowable time values*,
https://dfe-analytical-services.github.io/analysts-guide/statistics-production/ud.html) allow a fixed set
of ``time_identifier`` values, each with a ``time_period`` of 4 digits (calendar and reporting years,
months, weeks) or 6 digits of consecutive years (academic and financial years, terms, financial
quarters and halves). Identifiers may share a file only when they sit in the same table of that list
(eesyscreener ``precheck_time_id_mix``): the months together, the three terms together, the four
financial quarters together; each other identifier alone. ``FAMILY`` names those tables; each data
file holds one of them.

A period is given an identifier only when its dates are exactly that period:

* academic year 1 September - 31 August: ``Academic year``, ``202223``;
* financial year 1 April - 31 March: ``Financial year``, ``202324``; one of its quarters
  (April-June, July-September, October-December, January-March): ``Financial year Q1`` ... ``Q4``;
* calendar year 1 January - 31 December: ``Calendar year``, ``2023``;
* a whole calendar month: the month's name, ``2023``;
* a term (the warehouse's ``term`` periods, within one academic year): ``Autumn term`` (starts
  September-December), ``Spring term`` (January-March), ``Summer term`` (April-August), ``202324``;
* a snapshot ("as at" a date): ``Reporting year`` with the snapshot's year: the standard's identifier
  for data "collected on a specific day" (ud.html, *Remember*: "Use 'Reporting year' if your data does
  not fit in other categories, i.e. collected on a specific day").

Everything else has no EES identifier and is left out, with the reason (``Exclusion``): a part year
(year to date), a half term, a span of dates that is no standard period (e.g. August-October), a period
the report does not date, and comparisons and multi-year averages (statistics, see ``ees_selection``).
Nothing is coded as a whole year that is not one.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

import pandas as pd

MONTHS = list(calendar.month_name)[1:]
TERMS = ["Autumn term", "Spring term", "Summer term"]
QUARTERS = [f"Financial year Q{q}" for q in (1, 2, 3, 4)]

# time_identifier -> the file family it belongs to (one family per data file)
FAMILY = {
    "Academic year": "academic_year",
    "Financial year": "financial_year",
    "Calendar year": "calendar_year",
    "Reporting year": "reporting_year",
    **dict.fromkeys(TERMS, "term"),
    **dict.fromkeys(MONTHS, "month"),
    **dict.fromkeys(QUARTERS, "financial_quarter"),
}
# order of identifiers inside a family (for sorting rows)
IDENTIFIER_ORDER = {name: i for i, name in enumerate(
    ["Academic year", "Financial year", "Calendar year", "Reporting year", *TERMS, *MONTHS, *QUARTERS])}
SIX_DIGITS = {"Academic year", "Financial year", *TERMS, *QUARTERS}

MAX_TERM_DAYS = 130  # an English school term is at most about four months


@dataclass(frozen=True)
class TimeSlot:
    time_period: str
    time_identifier: str

    @property
    def family(self) -> str:
        return FAMILY[self.time_identifier]


@dataclass(frozen=True)
class Exclusion:
    code: str
    detail: str = ""


def _ts(value) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return pd.Timestamp(value)


def six_digit(start_year: int) -> str:
    """``202324`` for the year starting in 2023 (consecutive years, as the standard requires)."""
    return f"{start_year}{(start_year + 1) % 100:02d}"


def _is(d: pd.Timestamp, month: int, day: int) -> bool:
    return d.month == month and d.day == day


def _month_end(d: pd.Timestamp) -> bool:
    return d.day == calendar.monthrange(d.year, d.month)[1]


def span_slot(start: pd.Timestamp, end: pd.Timestamp) -> TimeSlot | None:
    """The EES period whose dates are exactly ``start`` to ``end``, or None."""
    if end < start:
        return None
    if _is(start, 9, 1) and _is(end, 8, 31) and end.year == start.year + 1:
        return TimeSlot(six_digit(start.year), "Academic year")
    if _is(start, 4, 1) and _is(end, 3, 31) and end.year == start.year + 1:
        return TimeSlot(six_digit(start.year), "Financial year")
    if _is(start, 1, 1) and _is(end, 12, 31) and end.year == start.year:
        return TimeSlot(str(start.year), "Calendar year")
    if start.day == 1 and _month_end(end) and (start.year, start.month) == (end.year, end.month):
        return TimeSlot(str(start.year), MONTHS[start.month - 1])
    quarter_start = {4: 1, 7: 2, 10: 3, 1: 4}.get(start.month)
    if quarter_start and start.day == 1 and _month_end(end) and end.year == start.year \
            and end.month == start.month + 2:
        fy = start.year if start.month >= 4 else start.year - 1
        return TimeSlot(six_digit(fy), f"Financial year Q{quarter_start}")
    return None


def _term(start: pd.Timestamp, end: pd.Timestamp) -> TimeSlot | None:
    if end < start or (end - start).days > MAX_TERM_DAYS:
        return None
    academic = start.year if start.month >= 9 else start.year - 1
    end_academic = end.year if end.month >= 9 else end.year - 1
    if academic != end_academic:
        return None
    name = "Autumn term" if start.month >= 9 else ("Spring term" if start.month <= 3 else "Summer term")
    return TimeSlot(six_digit(academic), name)


def ees_time(o: dict) -> TimeSlot | Exclusion:
    """The EES time columns of an observation (a ``fct_metric_observations`` record), or why none."""
    kind = o.get("period_type") or ""
    start, end = _ts(o.get("period_start")), _ts(o.get("period_end"))
    if kind == "year_to_date":
        return Exclusion("part_year")
    if kind == "half_term":
        return Exclusion("half_term")
    if kind in ("change", "multi_year"):
        return Exclusion("comparison" if kind == "change" else "multi_year_average")
    if kind == "as_at":
        day = end or start or _ts(o.get("as_of_date"))
        if day is None:
            return Exclusion("period_not_stated")
        return TimeSlot(str(day.year), "Reporting year")
    if start is None or end is None:
        return Exclusion("period_not_stated")
    if kind == "term":
        slot = _term(start, end)
    else:
        slot = span_slot(start, end)
    if slot is None:
        return Exclusion("no_time_identifier", f"{start:%d %b %Y} to {end:%d %b %Y}")
    return slot
