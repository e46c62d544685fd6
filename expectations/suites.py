"""One GX ExpectationSuite per seed, built from code (`expectations.spec` says what each seed is).

A suite checks a pandas DataFrame made by `prepare_frame`: the seed's cells as read (every cell a
string, blank cells as nulls, the index the spreadsheet row number) plus derived columns named
`<column>__<what>` holding what a check needs (the cell as staging classifies it, its parsed
percent / number, a date difference, the excess of an arithmetic mismatch over printed rounding).

Every expectation carries meta {"rule", "column", "blocking"}: `column` is the seed column a
finding names (not the derived one). Blocking checks have severity critical, informational ones
severity warning. Blocking: columns and their order, keys (filled, unique), known report ids,
types dbt casts (integer, ISO date), printed-cell patterns, ranges (percent 0-100, counts >= 0),
date order, and the arithmetic of the tables whose printed arithmetic is right. Informational:
the arithmetic of the Ofsted tables (wrong in the report itself), references from reference
seeds to tables.

`great_expectations` is imported inside functions only.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

from . import printed_cells as pc
from .spec import (
    CHANGE_WORDS,
    HEADLINE_REQUIRED,
    PERIOD_TYPES,
    REFERENCE_KEYS,
    REGISTRY_REQUIRED,
    UNITS,
    RowSum,
    SeedSpec,
    Share,
    SumsTo,
    TotalRow,
)

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
POSITIVE_INT = r"^[1-9][0-9]*$"
INTEGER = r"^-?[0-9]+$"
IDENTIFIER = r"^[a-z0-9][a-z0-9_]*$"
EPS = 1e-9

# Expectation parameters filled at run time (the suites themselves do not depend on the data).
PARAM_REPORT_IDS = "report_ids"
PARAM_SEED_NAMES = "seed_names"
PARAM_PATTERNS = "printed_cell_patterns"


@dataclass
class Context:
    """What checks need beyond the file itself: the registry and seed names of the validated
    folder, and staging's reading of every printed cell (`printed_cells.evaluate_cells`)."""
    report_lines: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    seed_names: tuple[str, ...] = ()
    cells: dict[str, pc.Parsed] = field(default_factory=dict)
    patterns: tuple[str, ...] = ()

    def parameters(self) -> dict[str, list[str]]:
        return {PARAM_REPORT_IDS: sorted(self.report_lines), PARAM_SEED_NAMES: sorted(self.seed_names),
                PARAM_PATTERNS: list(self.patterns)}

    def parse(self, text: Any) -> pc.Parsed:
        if text is None or (isinstance(text, float) and math.isnan(text)) or str(text).strip(" ") == "":
            return pc.Parsed("blank")  # as staging: trim() removes spaces only
        return self.cells.get(str(text)) or pc.Parsed(None)


# --- suite ------------------------------------------------------------------------------------

def _meta(rule: str, column: str, blocking: bool) -> dict[str, Any]:
    return {"rule": rule, "column": column, "blocking": blocking}


class _Builder:
    def __init__(self) -> None:
        import great_expectations.expectations as gxe

        self.gxe = gxe
        self.items: list[Any] = []

    def add(self, cls_name: str, rule: str, source: str, blocking: bool = True, **kwargs: Any) -> None:
        """One expectation; `source` is the seed column its findings name."""
        cls = getattr(self.gxe, cls_name)
        self.items.append(cls(**kwargs, meta=_meta(rule, source, blocking),
                              severity="critical" if blocking else "warning"))

    def not_null(self, column: str, rule: str = "required_value") -> None:
        self.add("ExpectColumnValuesToNotBeNull", rule, column, column=column)

    def regex(self, column: str, regex: str, rule: str, source: str | None = None, blocking: bool = True) -> None:
        self.add("ExpectColumnValuesToMatchRegex", rule, source or column, blocking, column=column, regex=regex)

    def between(self, column: str, rule: str, source: str, lo: float | None, hi: float | None,
                blocking: bool = True) -> None:
        self.add("ExpectColumnValuesToBeBetween", rule, source, blocking, column=column, min_value=lo, max_value=hi)

    def in_set(self, column: str, values: Any, rule: str, source: str | None = None, blocking: bool = True) -> None:
        self.add("ExpectColumnValuesToBeInSet", rule, source or column, blocking, column=column, value_set=values)

    def unique(self, column: str) -> None:
        self.add("ExpectColumnValuesToBeUnique", "unique_key", column, column=column)


def _typed_checks(b: _Builder, spec: SeedSpec) -> None:
    for column, typ in spec.column_types.items():
        if typ == "date":
            b.regex(column, ISO_DATE, "date_format")
            b.in_set(f"{column}__is_date", [True], "date_format", source=column)
        elif typ == "integer":
            b.regex(column, POSITIVE_INT if column in ("source_line", "line_start", "line_end") else INTEGER,
                    "integer_format")


def _value_checks(b: _Builder, column: str, measure: str) -> None:
    b.in_set(f"{column}__pattern", {"$PARAMETER": PARAM_PATTERNS}, "allowed_printed_pattern", source=column)
    if measure != "change":
        b.between(f"{column}__percent", "percent_range", column, 0, 100)
    if measure in ("count", "amount"):
        b.between(f"{column}__number", "count_range", column, 0, None)


def build_suite(spec: SeedSpec):
    """The ExpectationSuite for one seed (not saved; `validate` adds it to the GX context)."""
    import great_expectations as gx

    b = _Builder()
    # The seed's columns, then the derived ones prepare_frame appends.
    b.add("ExpectTableColumnsToMatchOrderedList", "expected_columns", "*",
          column_list=list(spec.columns) + derived_columns(spec))
    _typed_checks(b, spec)
    if spec.kind in ("table", "headline"):
        b.not_null("report_id")
        b.in_set("report_id", {"$PARAMETER": PARAM_REPORT_IDS}, "known_report")
        b.not_null("source_line")
        b.in_set("source_line__in_report", [True], "source_line_in_report", source="source_line")
    if spec.kind == "table":
        b.not_null("table_title")
        b.unique("source_line")  # one seed holds one report's table: (report_id, source_line) is the key
        for column, measure in spec.value_columns.items():
            _value_checks(b, column, measure)
        for name, (rule, blocking) in arithmetic_columns(spec).items():
            b.between(name, rule, "*", None, 0, blocking=blocking)
    elif spec.kind == "headline":
        for column in HEADLINE_REQUIRED:
            if column not in ("report_id", "source_line"):
                b.not_null(column)
        b.unique("observation_key")
        b.in_set("observation_key__has_report_prefix", [True], "observation_key_prefix", source="observation_key")
        b.regex("measure", IDENTIFIER, "identifier_format")
        b.in_set("period_type", list(PERIOD_TYPES), "allowed_value")
        b.in_set("unit", list(UNITS), "allowed_value")
        b.between("period_end__days_after_start", "period_order", "period_end", 0, None)
        b.between("period_end__as_at_days", "as_at_single_day", "period_end", 0, 0)
        b.in_set("printed_value__pattern", {"$PARAMETER": PARAM_PATTERNS}, "allowed_printed_pattern",
                 source="printed_value")
        b.between("printed_value__percent", "percent_range", "printed_value", 0, 100)
        b.between("printed_value__number", "count_range", "printed_value", 0, None)
    elif spec.kind == "registry":
        for column in REGISTRY_REQUIRED:
            b.not_null(column)
        b.unique("report_id")
        b.between("line_end__lines_after_start", "line_order", "line_end", 0, None)
        b.between("period_end__days_after_start", "period_order", "period_end", 0, None)
    elif spec.kind == "reference":
        keys = [k for k in REFERENCE_KEYS.get(spec.name, spec.columns[:1]) if k in spec.columns]
        for k in keys:
            b.not_null(k)
        if keys:
            if len(keys) == 1:
                b.unique(keys[0])
            else:
                b.add("ExpectCompoundColumnsToBeUnique", "unique_key", keys[0], column_list=keys)
        if "source_table" in spec.columns:
            b.in_set("source_table", {"$PARAMETER": PARAM_SEED_NAMES}, "known_table", blocking=False)
    return gx.ExpectationSuite(name=spec.name, expectations=b.items,
                               meta={"seed": spec.rel, "kind": spec.kind, "declared_in": spec.columns_source})


def arithmetic_column(rule) -> str:
    """The derived column of an arithmetic rule: per row, the largest mismatch beyond printed
    rounding over every cell the table's rules of this kind check (one expectation per kind)."""
    return f"__{rule.rule}" + ("" if rule.blocking else "__informational")


def arithmetic_columns(spec: SeedSpec) -> dict[str, tuple[str, bool]]:
    return {arithmetic_column(r): (r.rule, r.blocking) for r in spec.rules}


def build_suites(specs: list[SeedSpec]) -> dict[str, Any]:
    return {spec.name: build_suite(spec) for spec in specs}


# --- frame ------------------------------------------------------------------------------------

# (derived column, row) -> message for a failing cell; for an arithmetic column, the list of
# (seed column, message) of every mismatching cell of that row.
Notes = dict[tuple[str, int], Any]


def _blank(text: Any) -> bool:
    return text is None or (isinstance(text, float) and math.isnan(text)) or str(text).strip() == ""


def _date(text: Any) -> _dt.date | None:
    if _blank(text) or not re.match(ISO_DATE, str(text)):
        return None
    try:
        return _dt.date.fromisoformat(str(text))
    except ValueError:
        return None


def _int(text: Any) -> int | None:
    if _blank(text) or not re.match(INTEGER, str(text).strip()):
        return None
    return int(str(text).strip())


def _fmt(x: float | None) -> str:
    if x is None:
        return "?"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.4g}" if abs(x) < 1 else f"{x:,.2f}".rstrip("0").rstrip(".")


def _half_unit(decimals: int | None) -> float:
    return 0.5 * 10 ** -(decimals or 0)


def derived_columns(spec: SeedSpec) -> list[str]:
    """The columns `prepare_frame` appends, in order (the same for every file of this spec, so the
    suite can expect the seed's columns followed by exactly these)."""
    out = [f"{c}__is_date" for c, t in spec.column_types.items() if t == "date"]
    if spec.kind in ("table", "headline"):
        out.append("source_line__in_report")
    if spec.kind == "table":
        for column in spec.value_columns:
            out += [f"{column}__pattern", f"{column}__percent", f"{column}__number"]
        out += list(arithmetic_columns(spec))
    elif spec.kind == "headline":
        out += ["observation_key__has_report_prefix", "period_end__days_after_start", "period_end__as_at_days",
                "printed_value__pattern", "printed_value__percent", "printed_value__number"]
    elif spec.kind == "registry":
        out += ["line_end__lines_after_start", "period_end__days_after_start"]
    return out


def prepare_frame(spec: SeedSpec, raw, ctx: Context):
    """The DataFrame GX validates: `raw` (strings, index = spreadsheet row) with blanks as nulls and
    the derived columns the suite refers to. Returns (frame, notes)."""
    import pandas as pd

    notes: Notes = {}
    rows = list(raw.index)
    data: dict[str, list[Any]] = {}
    cols = set(raw.columns)

    def cells(column: str) -> list[Any]:
        return list(raw[column]) if column in cols else [None] * len(rows)

    for column, typ in spec.column_types.items():
        if typ == "date":
            data[f"{column}__is_date"] = [None if _blank(v) or not re.match(ISO_DATE, str(v)) else _date(v) is not None
                                          for v in cells(column)]
    if spec.kind in ("table", "headline"):
        flags = []
        for row, rid, line in zip(rows, cells("report_id"), cells("source_line")):
            n = _int(line)
            lines = ctx.report_lines.get(str(rid)) if not _blank(rid) else None
            if n is None or lines is None or None in lines:
                flags.append(None)
                continue
            ok = lines[0] <= n <= lines[1]
            flags.append(ok)
            if not ok:
                notes[("source_line__in_report", row)] = (f"line {n} is outside report {rid} "
                                                          f"(lines {lines[0]}-{lines[1]})")
        data["source_line__in_report"] = flags

    if spec.kind == "table":
        for column, measure in spec.value_columns.items():
            _value_frame(column, measure, rows, cells(column), data, notes, ctx)
        for name in arithmetic_columns(spec):
            data[name] = [None] * len(rows)
        for rule in spec.rules:
            _rule_frame(rule, raw, rows, data, notes, ctx)
    elif spec.kind == "headline":
        _headline_frame(rows, raw, cells, data, notes, ctx)
    elif spec.kind == "registry":
        _order("line_end__lines_after_start", rows, [_int(v) for v in cells("line_start")],
               [_int(v) for v in cells("line_end")], data, notes, lambda a, b: b - a, "line_end before line_start")
        _order("period_end__days_after_start", rows, [_date(v) for v in cells("period_start")],
               [_date(v) for v in cells("period_end")], data, notes, lambda a, b: (b - a).days,
               "period_end before period_start")

    frame = raw.map(lambda v: None if _blank(v) else v).astype(object)
    names = derived_columns(spec)
    assert set(data) == set(names), (spec.name, set(data) ^ set(names))
    if names:
        derived = pd.DataFrame(index=raw.index)
        for column in names:
            values = data[column]
            if all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in values):
                derived[column] = pd.Series([float("nan") if v is None else float(v) for v in values],
                                            index=raw.index, dtype="float64")
            else:  # text (a printed cell) or flags: keep the Python objects, None for null
                derived[column] = pd.Series(values, index=raw.index, dtype=object)
        frame = pd.concat([frame, derived], axis=1)
    return frame, notes


def _order(name, rows, starts, ends, data, notes, diff, message) -> None:
    values = []
    for row, a, b in zip(rows, starts, ends):
        d = diff(a, b) if a is not None and b is not None else None
        values.append(d)
        if d is not None and d < 0:
            notes[(name, row)] = message
    data[name] = values


def _pattern_note(p: pc.Parsed) -> str | None:
    if p.pattern == pc.INVALID_DATE:
        return "the as-of date is not a date: staging cannot read the cell"
    if p.pattern is not None and not p.accepted:
        return "not a printed-cell pattern staging accepts (dbt_project/macros/printed_cells.sql)"
    return None


def _value_frame(column, measure, rows, cells, data, notes, ctx: Context) -> None:
    patterns, percent, number = [], [], []
    for row, text in zip(rows, cells):
        p = ctx.parse(text)
        patterns.append(p.pattern)
        if (note := _pattern_note(p)) is not None:
            notes[(f"{column}__pattern", row)] = note
        pct = p.percent
        if measure == "share" and pct is None:
            pct = p.number  # a percentage printed without the sign
        percent.append(pct)
        number.append(p.number)
        if pct is not None and measure != "change" and not 0 <= pct <= 100:
            notes[(f"{column}__percent", row)] = f"percentage {_fmt(pct)} outside 0-100"
        if p.number is not None and measure in ("count", "amount") and p.number < 0:
            notes[(f"{column}__number", row)] = f"{measure} {_fmt(p.number)} is negative"
    data[f"{column}__pattern"] = patterns
    data[f"{column}__percent"] = percent
    data[f"{column}__number"] = number


def _count(ctx: Context, text: Any) -> float | None:
    """A count for arithmetic: the printed number; '-' (nil) counts as 0."""
    p = ctx.parse(text)
    return 0.0 if p.pattern == "dash" else p.number


def _percent(ctx: Context, text: Any) -> tuple[float | None, int]:
    """A percentage for arithmetic (printed with or without the sign) and its printed decimals."""
    p = ctx.parse(text)
    if p.pattern == "dash":
        return 0.0, 0
    if p.percent is not None:
        return p.percent, p.percent_decimals
    return p.number, p.number_decimals


def _blocks(raw, total_lines: frozenset[int]) -> list[tuple[list[int], int]]:
    """(member rows, total row) of every block: the rows down to each total row (row_meanings)."""
    blocks, members = [], []
    for row in raw.index:
        line = _int(raw.at[row, "source_line"]) if "source_line" in raw.columns else None
        if line is not None and line in total_lines:
            if members:
                blocks.append((members, row))
            members = []
        else:
            members.append(row)
    return blocks


def _rule_frame(rule, raw, rows, data, notes, ctx: Context) -> None:
    name = arithmetic_column(rule)
    pos = {row: n for n, row in enumerate(rows)}

    def put(column: str, row: int, excess: float, message: str) -> None:
        current = data[name][pos[row]]
        data[name][pos[row]] = excess if current is None else max(current, excess)
        if excess > EPS:
            notes.setdefault((name, row), []).append((column, message))

    if isinstance(rule, TotalRow):
        for parts, total_row in _blocks(raw, rule.total_lines):
            for column in rule.columns:
                if rule.rounding:
                    total, d_total = _percent(ctx, raw.at[total_row, column])
                    values = [_percent(ctx, raw.at[r, column]) for r in parts]
                    tol = _half_unit(d_total) + sum(_half_unit(d) for _, d in values) + EPS
                    values = [v for v, _ in values]
                else:
                    total = _count(ctx, raw.at[total_row, column])
                    values = [_count(ctx, raw.at[r, column]) for r in parts]
                    tol = EPS
                if total is None or any(v is None for v in values):
                    continue
                s = sum(values)
                put(column, total_row, abs(total - s) - tol,
                    f"total {_fmt(total)} but the {len(values)} rows above sum to {_fmt(s)}")
    elif isinstance(rule, RowSum):
        for row in rows:
            total = _count(ctx, raw.at[row, rule.total])
            parts = [_count(ctx, raw.at[row, c]) for c in rule.parts]
            if total is None or any(v is None for v in parts):
                continue
            s = sum(sign * v for sign, v in zip(rule.signs, parts))
            tol = EPS
            decimals = [_percent(ctx, raw.at[row, c])[1] for c in (rule.total, *rule.parts)]
            if any(decimals):  # rounded figures (money in £m): their sum carries their rounding
                tol += sum(_half_unit(d) for d in decimals)
            formula = " ".join(("+ " if sign > 0 else "- ") + c for sign, c in zip(rule.signs, rule.parts)).lstrip("+ ")
            put(rule.total, row, abs(total - s) - tol, f"{_fmt(total)} but {formula} = {_fmt(s)}")
    elif isinstance(rule, Share):
        column_sum = None
        if rule.denominator == "column_sum":
            counts = [_count(ctx, raw.at[r, rule.count]) for r in rows
                      if _int(raw.at[r, "source_line"]) not in rule.total_lines]
            column_sum = sum(counts) if counts and None not in counts else None
        group_total: dict[int, float | None] = {}
        if rule.denominator == "total_row":
            for members, total_row in _blocks(raw, rule.total_lines):
                t = _count(ctx, raw.at[total_row, rule.count])
                for r in (*members, total_row):
                    group_total[r] = t
        for row in rows:
            pct, decimals = _percent(ctx, raw.at[row, rule.percent])
            count = _count(ctx, raw.at[row, rule.count])
            if rule.denominator == "column_sum":
                denom = column_sum
            elif rule.denominator == "total_row":
                denom = group_total.get(row)
            else:
                denom = _count(ctx, raw.at[row, rule.denominator])
            if pct is None or count is None or not denom:
                continue
            exact = 100.0 * count / denom
            put(rule.percent, row, abs(pct - exact) - _half_unit(decimals) - EPS,
                f"printed {_fmt(pct)}% but {_fmt(count)} / {_fmt(denom)} = {exact:.2f}%")
    elif isinstance(rule, SumsTo):
        for row in rows:
            values = [_percent(ctx, raw.at[row, c]) for c in rule.columns]
            if any(v is None for v, _ in values):
                continue
            s = sum(v for v, _ in values)
            tol = sum(_half_unit(d) for _, d in values)
            put(rule.columns[0], row, abs(s - rule.value) - tol,
                f"{' + '.join(rule.columns)} = {_fmt(s)}, not {_fmt(rule.value)}")


def _headline_frame(rows, raw, cells, data, notes, ctx: Context) -> None:
    prefix = []
    for row, key, rid in zip(rows, cells("observation_key"), cells("report_id")):
        if _blank(key) or _blank(rid):
            prefix.append(None)
            continue
        ok = str(key).startswith(f"{rid}__") and len(str(key)) > len(f"{rid}__")
        prefix.append(ok)
        if not ok:
            notes[("observation_key__has_report_prefix", row)] = f"key does not start with '{rid}__'"
    data["observation_key__has_report_prefix"] = prefix
    starts = [_date(v) for v in cells("period_start")]
    ends = [_date(v) for v in cells("period_end")]
    _order("period_end__days_after_start", rows, starts, ends, data, notes, lambda a, b: (b - a).days,
           "period_end before period_start")
    as_at = []
    for row, typ, a, b in zip(rows, cells("period_type"), starts, ends):
        d = (b - a).days if typ == "as_at" and a is not None and b is not None else None
        as_at.append(d)
        if d:
            notes[("period_end__as_at_days", row)] = "an as_at period must start and end on the same day"
    data["period_end__as_at_days"] = as_at
    patterns, percent, number = [], [], []
    for row, text, unit, measure in zip(rows, cells("printed_value"), cells("unit"), cells("measure")):
        p = ctx.parse(text)
        patterns.append(p.pattern)
        if (note := _pattern_note(p)) is not None:
            notes[("printed_value__pattern", row)] = note
        is_change = any(w in str(measure or "") for w in CHANGE_WORDS)
        pct = (p.percent if p.percent is not None else p.number) if unit == "percent" and not is_change else None
        num = p.number if unit == "count" else None
        percent.append(pct)
        number.append(num)
        if pct is not None and not 0 <= pct <= 100:
            notes[("printed_value__percent", row)] = f"percentage {_fmt(pct)} outside 0-100"
        if num is not None and num < 0:
            notes[("printed_value__number", row)] = f"count {_fmt(num)} is negative"
    data["printed_value__pattern"] = patterns
    data["printed_value__percent"] = percent
    data["printed_value__number"] = number


def main(argv: list[str]) -> int:
    for name, suite in build_suites().items():
        print(f"{name}: {len(suite.expectations)} expectations")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
