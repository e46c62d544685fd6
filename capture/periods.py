"""Periods as the reports print them, and the period a seed column or headline declares.

``parse(text, academic_year=None)`` reads a printed header cell: ``2018/2019`` and ``2022/23`` (academic
year), ``2019`` / ``2023*`` (a bare year), ``Autumn 1st half term`` (with its academic year from the group
header), ``Autumn term``, ``Latest 19th Oct 2023`` (the academic year to that date), ``January 2022``,
``as at 16th October 2023``. ``search(text)`` finds a period in a sentence or a note. Each ``Period`` knows
its declaration (``{label, type, start, end}``) and its part of a column name (``ay_2025_26``,
``ht_autumn1_2025_26``, ``ytd_2025_26_to_2025_10_17``, ``cy_2025``, ``jan_2026``, ``asat_2025_10_16``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
         r"|nov(?:ember)?|dec(?:ember)?)")
YEAR = r"((?:19|20)\d{2})"
DAY = r"(\d{1,2})(?:\s*(?:st|nd|rd|th))?"
# start and end of each half term (hand captures use these): (month, day) of the academic year's calendar
HALF_TERMS = {("autumn", 1): ((9, 1), (10, 31)), ("autumn", 2): ((11, 1), (12, 31)),
              ("spring", 1): ((1, 1), (2, 15)), ("spring", 2): ((2, 16), (3, 31)),
              ("summer", 1): ((4, 1), (5, 31)), ("summer", 2): ((6, 1), (8, 31))}
TERMS = {"autumn": ((9, 1), (12, 31)), "spring": ((1, 1), (3, 31)), "summer": ((4, 1), (8, 31))}

_YEAR_PAIR = re.compile(r"^(?:(?:fy|ay)\s*)?" + YEAR + r"\s*[/-]\s*((?:19|20)?\d{2})\s*\*?$", re.I)
_BARE_YEAR = re.compile(r"^" + YEAR + r"\s*\*?$")
_HALF_TERM = re.compile(r"\b(autumn|spring|summer)\s*([12])\s*(?:st|nd)?\s*half[\s-]*term", re.I)
_TERM = re.compile(r"\b(autumn|spring|summer)\s+term\b", re.I)
_LATEST = re.compile(r"\b(?:latest|to)\s+" + DAY + r"\s+" + MONTH + r"\.?\s+" + YEAR, re.I)
_AS_AT = re.compile(r"\bas\s+(?:at|of)\s+" + DAY + r"\s+" + MONTH + r"\.?\s+" + YEAR, re.I)
_MONTH_YEAR = re.compile(r"\b" + MONTH + r"\.?\s+" + YEAR + r"\b", re.I)
_YEAR_PAIR_IN = re.compile(r"\b" + YEAR + r"\s*/\s*(\d{2}(?:\d{2})?)\b")


@dataclass(frozen=True)
class Period:
    label: str
    type: str
    start: date
    end: date
    token: str  # its part of a column name
    bare: str  # the years alone, for a comparator column (national_2025, nw_2025_26)

    def meta(self) -> dict[str, str]:
        return {"label": self.label, "type": self.type, "start": self.start.isoformat(), "end": self.end.isoformat()}


def academic_year(y1: int) -> Period:
    yy = f"{(y1 + 1) % 100:02d}"
    return Period(f"{y1}/{yy}", "academic_year", date(y1, 9, 1), date(y1 + 1, 8, 31), f"ay_{y1}_{yy}", f"{y1}_{yy}")


def financial_year(y1: int) -> Period:
    yy = f"{(y1 + 1) % 100:02d}"
    return Period(f"{y1}/{yy}", "financial_year", date(y1, 4, 1), date(y1 + 1, 3, 31), f"fy_{y1}_{yy}", f"{y1}_{yy}")


def calendar_year(y: int) -> Period:
    return Period(str(y), "calendar_year", date(y, 1, 1), date(y, 12, 31), f"cy_{y}", str(y))


def month(m: int, y: int) -> Period:
    last = calendar.monthrange(y, m)[1]
    return Period(f"{calendar.month_name[m]} {y}", "month", date(y, m, 1), date(y, m, last),
                  f"{calendar.month_abbr[m].lower()}_{y}", f"{calendar.month_abbr[m].lower()}_{y}")


def as_at(d: date) -> Period:
    return Period(f"as at {d.day} {calendar.month_name[d.month]} {d.year}", "as_at", d, d,
                  f"asat_{d:%Y_%m_%d}", f"{d:%Y_%m_%d}")


def academic_year_of(d: date) -> Period:
    return academic_year(d.year if d.month >= 9 else d.year - 1)


def _in_ay(ay: Period, mmdd: tuple[int, int]) -> date:
    m, d = mmdd
    return date(ay.start.year if m >= 9 else ay.end.year, m, d)


def half_term(season: str, n: int, ay: Period) -> Period:
    start, end = HALF_TERMS[(season, n)]
    yy = ay.bare
    return Period(f"{season.title()} {n} {ay.label}", "half_term", _in_ay(ay, start), _in_ay(ay, end),
                  f"ht_{season}{n}_{yy}", f"{season}{n}_{yy}")


def term(season: str, ay: Period) -> Period:
    start, end = TERMS[season]
    return Period(f"{season.title()} term {ay.label}", "term", _in_ay(ay, start), _in_ay(ay, end),
                  f"term_{season}_{ay.bare}", f"{season}_{ay.bare}")


def year_to_date(ay: Period, d: date) -> Period:
    return Period(f"{ay.label} to {d.day} {calendar.month_abbr[d.month]} {d.year}", "year_to_date", ay.start, d,
                  f"ytd_{ay.bare}_to_{d:%Y_%m_%d}", f"{ay.bare}_to_{d:%Y_%m_%d}")


def _date(day: str, month_name: str, year: str) -> date | None:
    try:
        return date(int(year), _month_number(month_name), int(day))
    except (KeyError, ValueError):
        return None


def _year_pair(match: re.Match) -> tuple[int, int] | None:
    y1, y2 = int(match.group(1)), match.group(2)
    y2 = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
    return (y1, y2) if y2 == y1 + 1 else None


def parse(text: str, academic: Period | None = None, financial: bool = False) -> Period | None:
    """The period a printed header cell names, if any. ``academic`` is the academic year a group header
    gives (for a half term or 'Latest <date>'); ``financial`` reads a year pair as a financial year."""
    text = re.sub(r"\s+", " ", text).strip()
    match = _YEAR_PAIR.match(text)
    if match and (pair := _year_pair(match)):
        return financial_year(pair[0]) if financial or text.lower().startswith("fy") else academic_year(pair[0])
    match = _BARE_YEAR.match(text)
    if match:
        return calendar_year(int(match.group(1)))
    match = _HALF_TERM.search(text)
    if match and academic:
        return half_term(match.group(1).lower(), int(match.group(2)), academic)
    match = _TERM.search(text)
    if match and academic:
        return term(match.group(1).lower(), academic)
    match = _AS_AT.search(text)
    if match and (d := _date(*match.groups())):
        return as_at(d)
    match = _LATEST.search(text)
    if match and (d := _date(*match.groups())):
        return year_to_date(academic or academic_year_of(d), d)
    match = _MONTH_YEAR.fullmatch(text)
    if match:
        return month(_month_number(match.group(1)), int(match.group(2)))
    return None


_LEADING = re.compile(r"^\s*(" + YEAR + r"\s*[/-]\s*(?:19|20)?\d{2}|" + YEAR + r")\s*(?:[-–:,]\s*|\s+)(\S.*)$")


def leading(text: str, financial: bool = False) -> tuple[Period, str] | None:
    """A period printed at the start of a header cell with words after it ('2021/22 - SEN EHC Plan')."""
    match = _LEADING.match(text)
    if not match:
        return None
    period = parse(match.group(1), financial=financial)
    return (period, match.group(4)) if period else None


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or MONTHS[key[:3]]


def search(text: str) -> Period | None:
    """A period stated in a sentence or note: 'as at 16th October 2023', 'in January 2022', '2021/22'."""
    match = _AS_AT.search(text)
    if match and (d := _date(*match.groups())):
        return as_at(d)
    matches = list(_MONTH_YEAR.finditer(text))
    if matches:
        last = matches[-1]
        return month(_month_number(last.group(1)), int(last.group(2)))
    match = _YEAR_PAIR_IN.search(text)
    if match and (pair := _year_pair(match)):
        return academic_year(pair[0])
    return None


def has_half_term(text: str) -> bool:
    return bool(_HALF_TERM.search(text) or _TERM.search(text))


def span_label(periods: list[Period]) -> str:
    """'2020/21 to 2022/23' for consecutive academic years, else '2018/19, 2021/22 and 2022/23'."""
    labels = [p.label for p in periods]
    consecutive = all(b.start.year == a.start.year + 1 for a, b in zip(periods, periods[1:]))
    if len(labels) > 2 and consecutive:
        return f"{labels[0]} to {labels[-1]}"
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
