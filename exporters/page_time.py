"""Honest time axes for the page's charts: where a figure sits in time and what may be joined by a line.

* A figure is placed by its real dates: at the middle of its period (``period_start`` to
  ``period_end``); a snapshot (``as_at``) at its day; a year-to-date or multi-year figure at the end of
  the time it covers, with a bar back to its start. Figures with no dates are not placed at all.
* A line joins only figures of the same kind of period (academic years with academic years, months
  with months) whose periods follow each other with no gap: a missing year breaks the line.
* Part years and snapshots (``year_to_date``, ``multi_year``, ``as_at``) are never joined to anything:
  they are drawn apart, with a bar showing the stretch of time they cover, and labelled as printed.
* Two different figures for the same period and kind (two reports disagreeing) are not joined either.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from .page_data import DATED_TYPES_NEVER_JOINED

# the preferred kind of period for the main line of a chart: the first one present
LINE_PREFERENCE = ("academic_year", "financial_year", "calendar_year", "month", "term", "half_term")
TYPE_WORDS = {
    "academic_year": "academic year", "financial_year": "financial year", "calendar_year": "calendar year",
    "month": "month", "term": "term", "half_term": "half term", "year_to_date": "year to date",
    "multi_year": "average over more than one year", "as_at": "on one day", "date_range": "dates as printed",
}


@dataclass
class TimePoint:
    start: pd.Timestamp
    end: pd.Timestamp
    value: float
    label: str  # the period as printed
    period_type: str
    kind: str  # what may be joined: period type, plus anything that makes a figure different in kind
    text: str  # the value as shown
    tip: str  # tooltip
    observation_id: str = ""
    flagged: bool = False  # another report prints this figure differently
    style: str = "line"  # line | dashed | span | snapshot (set by ``arrange``)

    @property
    def mid(self) -> pd.Timestamp:
        return self.start + (self.end - self.start) / 2

    @property
    def at(self) -> pd.Timestamp:
        """Where the figure is drawn: a part-year or multi-year figure at the end of the time it covers
        (its pale bar reaches back to the start), any other at the middle of its period."""
        return self.end if self.period_type in ("year_to_date", "multi_year") else self.mid

    @property
    def days(self) -> int:
        return int((self.end - self.start).days) + 1


@dataclass
class Series:
    name: str
    points: list[TimePoint]
    runs: list[list[TimePoint]] = field(default_factory=list)  # joined by lines (2 points or more)


def kind_word(kind: str) -> str:
    base, _, extra = kind.partition(": ")
    word = TYPE_WORDS.get(base, base.replace("_", " "))
    return f"{word}: {extra}" if extra else word


def line_kind(points: list[TimePoint]) -> str | None:
    kinds = {p.kind for p in points if p.period_type not in DATED_TYPES_NEVER_JOINED}
    for t in LINE_PREFERENCE:
        if t in kinds:
            return t
    return sorted(kinds)[0] if kinds else None


def arrange(series: list[Series]) -> str | None:
    """Sets each point's style and each series' runs; returns the chart's main kind of period."""
    main = line_kind([p for s in series for p in s.points])
    for s in series:
        s.runs = []
        by_kind: dict[str, list[TimePoint]] = {}
        for p in s.points:
            if p.period_type in DATED_TYPES_NEVER_JOINED:
                p.style = "snapshot" if p.period_type == "as_at" else "span"
                continue
            p.style = "line" if p.kind == main else "dashed"
            by_kind.setdefault(p.kind, []).append(p)
        for pts in by_kind.values():
            pts.sort(key=lambda p: (p.start, p.end))
            periods = [(p.start, p.end) for p in pts]
            doubled = {k for k in periods if periods.count(k) > 1}
            run: list[TimePoint] = []
            for p in pts:
                if (p.start, p.end) in doubled:  # two figures for one period: join neither
                    _close(s, run)
                    run = []
                    continue
                if run and (p.start - run[-1].end).days <= 1 and p.start > run[-1].end:
                    run.append(p)
                else:
                    _close(s, run)
                    run = [p]
            _close(s, run)
    return main


def _close(s: Series, run: list[TimePoint]) -> None:
    if len(run) > 1:
        s.runs.append(list(run))


def gaps(series: list[Series], main: str | None) -> list[tuple[TimePoint, TimePoint]]:
    """Consecutive figures of the main kind with a period missing between them."""
    out = []
    for s in series:
        pts = sorted((p for p in s.points if p.kind == main), key=lambda p: p.start)
        for a, b in zip(pts, pts[1:]):
            if (b.start - a.end).days > 1:
                out.append((a, b))
    return out


def nice_top(values: list[float]) -> tuple[float, float]:
    """(top of the value axis, tick step): the smallest 1-2-5 step giving at most 7 intervals that
    reach the largest value. Axes start at zero."""
    top = max([v for v in values if v is not None and not math.isnan(v)] or [1.0])
    if top <= 0:
        return 1.0, 0.2
    exp = 10 ** math.floor(math.log10(top))
    for mult in (0.1, 0.2, 0.5, 1, 2, 5, 10):
        step = mult * exp
        n = math.ceil(top / step - 1e-9)
        if n <= 7:
            return n * step, step
    return 10 * exp, 2 * exp


class TimeScale:
    """Dates to x pixels, over the dated points of one or more charts (shared by small multiples)."""

    def __init__(self, points: list[TimePoint], left: float, right: float):
        starts = [p.start for p in points] or [pd.Timestamp("2000-01-01")]
        ends = [p.end for p in points] or [pd.Timestamp("2000-12-31")]
        self.lo, self.hi = min(starts), max(ends)
        if self.hi <= self.lo:
            self.lo, self.hi = self.lo - pd.Timedelta(days=15), self.hi + pd.Timedelta(days=15)
        self.left, self.right = left, right

    def x(self, when: pd.Timestamp) -> float:
        span = (self.hi - self.lo).total_seconds()
        return self.left + (self.right - self.left) * (when - self.lo).total_seconds() / span

    def year_ticks(self) -> list[tuple[float, str]]:
        """1 January of each year inside the axis, labelled with the year (a scale, not a figure)."""
        out = []
        for year in range(self.lo.year, self.hi.year + 2):
            t = pd.Timestamp(year=year, month=1, day=1)
            if self.lo <= t <= self.hi:
                out.append((self.x(t), str(year)))
        return out

    def quarter_ticks(self) -> list[float]:
        out = []
        for year in range(self.lo.year, self.hi.year + 1):
            for month in (4, 7, 10):
                t = pd.Timestamp(year=year, month=month, day=1)
                if self.lo <= t <= self.hi:
                    out.append(self.x(t))
        return out
