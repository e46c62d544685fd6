"""What a printed value column measures, read from its header path: its name and its declaration.

The name spells the period out, as the capture guide names columns: ``ay_2025_26`` (academic year),
``ht_autumn1_2025_26`` (half term), ``ytd_2025_26_to_2025_10_17`` (the year to a date), ``fy_2025_26``,
``cy_2025`` (a bare year), ``national_2025`` / ``nw_2025_26`` (a comparator area's column), ``..._no`` /
``..._pct`` in a table of number/percent pairs, ``two_year_trend``, ``change_vs_2024``. Words of the header
that are neither period, area, unit nor context (``Female``, ``Total``, ``Attendance rate``) become part of
the name (and, for a column with a period, its ``breakdown``). A table-wide period printed in a note or title
(``Updated as at 16th October 2023``) applies to columns whose header names none.

The declaration (``config.meta``) follows the existing ones: role, header, group, unit, period {label, type,
start, end}, statistic, area, provisional, breakdown. What cannot be read (no period, no unit) is left out
and reported as unmapped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from capture import periods, units
from capture.cells import Cells
from capture.headers import HeaderPath
from capture.naming import identifier, slug
from capture.periods import Period

AREAS = {"national": ("England", "national"), "england": ("England", "national"), "eng": ("England", "national"),
         "nw las": ("North West", "nw"), "nw la": ("North West", "nw"), "nw": ("North West", "nw"),
         "north west": ("North West", "nw"), "north west las": ("North West", "nw")}
CONTEXT = re.compile(r"^(academic years?|annual|financial years?|calendar years?|years?|latest|number of .+|area)$", re.I)
TREND = re.compile(r"^(\d+|two|three|four|five)\s*-?\s*year\s+trend$", re.I)
CHANGE = re.compile(r"^(?:compared\s+(?:to|with)|change\s+(?:from|since)|vs\.?)\s+(.+)$", re.I)
NUMBER_WORDS = {"2": "two", "3": "three", "4": "four", "5": "five"}
UNIT_PHRASE = {"percent": "percentage", "count": "number", "percentage_points": "percentage points",
               "gbp_m": "£ million", "gbp": "£", "days": "days", "weeks": "weeks"}


@dataclass
class Meaning:
    name: str
    meta: dict[str, Any]
    description: str
    derivation: str
    unmapped: list[str] = field(default_factory=list)
    period: Period | None = None
    unit: str | None = None
    area: str | None = None


@dataclass
class _Tokens:
    period: Period | None = None
    period_text: str = ""
    area: tuple[str, str] | None = None
    trend: int | None = None
    change: str | None = None
    unit_words: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    provisional: bool = False


class ColumnReader:
    """Reads the value columns of one table, left to right (a trend or change column refers back to the
    year columns before it)."""

    def __init__(self, judge: Cells, context: str, table_period: Period | None, paired: bool,
                 list_period: Period | None = None):
        self.judge, self.context, self.table_period = judge, context, table_period
        self.paired, self.list_period = paired, list_period
        self.years: list[tuple[Period, str | None, bool]] = []  # (period, unit, provisional) of Sefton's year columns
        self.table_unit: str | None = None  # the unit most of the table's columns have

    def _tokens(self, texts: list[str]) -> _Tokens:
        tokens = _Tokens()
        financial = any("financial" in t.lower() for t in texts)
        academic = None
        for text in texts:
            p = periods.parse(text, financial=financial) or (periods.leading(text, financial) or (None, ""))[0]
            if p is not None and p.type == "academic_year":
                academic = p
        for text in reversed(texts):  # the leaf first: the most specific
            low = text.lower().strip()
            bare = low.replace("*", "").strip()
            if "*" in text:
                tokens.provisional = True
            if bare in AREAS:
                tokens.area = tokens.area or AREAS[bare]
            elif (m := TREND.match(bare)):
                tokens.trend = int(m.group(1)) if m.group(1).isdigit() else list(NUMBER_WORDS.values()).index(m.group(1)) + 2
            elif (m := CHANGE.match(bare)):
                tokens.change = m.group(1).strip()
            elif bare in units.COUNT_WORDS or bare in units.PERCENT_WORDS:
                tokens.unit_words.append(text)
            elif (p := periods.parse(text, academic=academic, financial=financial)) is not None:
                if tokens.period is None:
                    tokens.period, tokens.period_text = p, text
            elif (lead := periods.leading(text, financial)) is not None:  # '2021/22 - SEN EHC Plan'
                if tokens.period is None:
                    tokens.period, tokens.period_text = lead[0], text
            elif CONTEXT.match(bare) or periods.has_half_term(bare):
                continue
            else:
                tokens.others.insert(0, text)
        return tokens

    def read(self, path: HeaderPath, cells: list[str]) -> Meaning:
        t = self._tokens(path.texts)
        unit, unit_why = units.infer(path.texts, cells, self.context, self.judge, paired=self.paired)
        if unit is None and self.table_unit and not any(self.judge.is_figure(c) for c in cells):
            unit, unit_why = self.table_unit, "no figure printed ('N/a'): the unit of the table's other columns"
        if t.trend:
            return self._trend(path, t, unit)
        if t.change:
            return self._change(path, t, unit)
        period, how = t.period, f"period from '{t.period_text}'" if t.period else ""
        if period is None and self.list_period is not None:
            period, how = self.list_period, f"period from the sentence introducing the list ('{self.list_period.label}')"
        if period is None and self.table_period is not None:
            period, how = self.table_period, f"period from the table's title or notes ('{self.table_period.label}')"
        parts = []
        if t.area:
            parts.append(t.area[1])
        if period and t.period:
            parts.append(period.bare if t.area else period.token)
        elif period and self.list_period is period:
            parts.append(period.token)
        others = [o for o in t.others if slug(o.replace("£m", ""))]
        parts += [slug(o.replace("£m", "")) for o in others]
        if self.paired and unit in ("count", "percent"):
            parts.append("no" if unit == "count" else "pct")
        if any("£m" in x for x in path.texts):
            parts.append("gbp_m")
        name = identifier("_".join(p for p in parts if p), f"column_{path.position}")
        derivation = "; ".join(x for x in (how, f"area {t.area[0]}" if t.area else "",
                                           f"words {others}" if others else "",
                                           f"unit {unit}: {unit_why}" if unit else "", "header cells realigned to the "
                                           "number/percent columns under them" if path.realigned else "") if x)
        if period is not None and t.area is None and period.type in ("academic_year", "calendar_year"):
            self.years.append((period, unit, t.provisional))
        breakdown = ", ".join(others) if others and period is not None else ""
        return self._meaning(path, name, period, unit, t, derivation, breakdown=breakdown)

    def _trend(self, path: HeaderPath, t: _Tokens, unit: str | None) -> Meaning:
        years = self.years[-t.trend:]
        name = f"{NUMBER_WORDS.get(str(t.trend), str(t.trend))}_year_trend"
        if len(years) < t.trend:
            return self._meaning(path, name, None, unit, t, f"a {t.trend} year trend: too few year columns before it")
        span = [p for p, _, _ in years]
        label = f"{periods.span_label(span)} ({t.trend} year trend)"
        period = Period(label, "multi_year", span[0].start, span[-1].end, name, name)
        t.provisional = t.provisional or any(prov for _, _, prov in years)
        return self._meaning(path, name, period, unit or years[-1][1], t,
                             f"average of the {t.trend} year columns before it", statistic="multi_year_average",
                             description=f"Average over the years {label}")

    def _change(self, path: HeaderPath, t: _Tokens, unit: str | None) -> Meaning:
        name = "change_vs_" + slug(t.change)
        year = t.change.replace("*", "")
        base = next((p for p, _, _ in self.years if year in (p.label, p.bare, str(p.start.year), str(p.end.year))), None)
        if base is None or not self.years:
            return self._meaning(path, name, None, unit, t, f"a change since {t.change}: no year column for it")
        latest, base_unit = self.years[-1][0], self.years[-1][1]
        label = f"{base.label} to {latest.label} (compared to {t.change})"
        period = Period(label, "change", base.start, latest.end, name, name)
        change_unit = "percentage_points" if base_unit == "percent" else unit
        t.provisional = False
        return self._meaning(path, name, period, change_unit, t, f"change from the {base.label} column to the latest",
                             statistic="change", description=f"Change {label}")

    def _meaning(self, path: HeaderPath, name: str, period: Period | None, unit: str | None, t: _Tokens,
                 derivation: str, statistic: str = "", breakdown: str = "", description: str = "") -> Meaning:
        meta: dict[str, Any] = {"role": "value"}
        if path.texts:
            meta["header"] = path.leaf
            if path.group:
                meta["group"] = path.group
        if unit:
            meta["unit"] = unit
        if period:
            meta["period"] = period.meta()
        if statistic:
            meta["statistic"] = statistic
        if t.area:
            meta["area"] = t.area[0]
        if t.provisional:
            meta["provisional"] = True
        if breakdown:
            meta["breakdown"] = breakdown
        unmapped = [x for x, ok in (("period", period), ("unit", unit)) if not ok]
        what = description or (period.label if period else (path.printed if path.texts else name))
        if t.area:
            what += f", {t.area[0]}"
        if breakdown:
            what += f", {breakdown}"
        phrase = f"{UNIT_PHRASE[unit]} as printed" if unit in UNIT_PHRASE else "as printed"
        desc = f"{what} ({phrase}{', provisional' if t.provisional else ''})."
        return Meaning(name, meta, desc, derivation, unmapped, period, unit, t.area[0] if t.area else None)
