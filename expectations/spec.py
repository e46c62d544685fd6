"""What each seed is expected to look like: the contract the GX suites are built from.

Everything comes from files other than the one being validated, so a broken file cannot redefine its
own contract:

- columns, in order, their types (``data_type``), and what each value column measures: the seed's
  declaration (``seeds/<folder>/_<folder>__seeds.yml``, read by ``scorecard.catalog``);
- the arithmetic of the printed tables (totals, row sums, shares, complements): reference seed
  ``table_checks.csv``, the one home that reconciliation (``fct_reconciliation``) reads too; a rule
  whose ``blocking`` is false (the Ofsted tables, whose printed arithmetic is wrong in the report
  itself) gives informational findings;
- which rows are totals: reference seed ``row_meanings.csv`` (``is_total_row``), as in reconciliation.

    python -m expectations.spec     # print every seed's contract
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from expectations.structure import ReadSeed
from scorecard import catalog

# A percent of a measure named like this is a relative change ('a 265% increase'): not bounded by 100.
CHANGE_WORDS = ("change", "increase", "decrease", "growth", "reduction", "rise", "fall")
HEADLINE_REQUIRED = ("observation_key", "report_id", "source_line", "measure", "area", "cohort",
                     "period_label", "period_type", "printed_value", "unit", "sentence")
PERIOD_TYPES = ("academic_year", "term", "half_term", "month", "as_at", "financial_year",
                "calendar_year", "year_to_date", "date_range")
UNITS = ("percent", "count", "gbp_m", "gbp", "percentage_points", "ratio", "days", "weeks")
REGISTRY_REQUIRED = ("report_id", "title", "report_date", "source_file", "line_start", "line_end",
                     "period_start", "period_end")
# Keys of the reference seeds made of several columns; any other reference seed is keyed by its first column.
REFERENCE_KEYS = {
    "row_meanings": ("source_table", "source_line"),
    "table_checks": ("check_id", "part_column"),
}
RULES_SEED = "table_checks"
ROWS_SEED = "row_meanings"


# --- arithmetic rules (reference seed table_checks) -------------------------------------------------

@dataclass(frozen=True)
class TotalRow:
    """table_checks rule column_total: in every block of rows ending in a total row (row_meanings), the
    total row's figure is the sum of the block's other rows. With ``rounding`` (a column of printed
    percentages), each figure may be off by half a printed unit."""
    columns: tuple[str, ...]
    total_lines: frozenset[int]
    blocking: bool = True
    rounding: bool = False
    rule: str = "total_equals_sum"


@dataclass(frozen=True)
class RowSum:
    """table_checks rule row_total: in every row, ``total`` equals the signed sum of ``parts``
    ('-' counts as 0)."""
    total: str
    parts: tuple[str, ...]
    signs: tuple[int, ...]
    blocking: bool = True
    rule: str = "row_total_equals_sum"


@dataclass(frozen=True)
class Share:
    """table_checks rule share: a printed percentage equals 100 x count / denominator within printed
    rounding. denominator: a column of the same row, "total_row" (that column in the block's total row)
    or "column_sum" (the column summed over the table's other rows)."""
    percent: str
    count: str
    denominator: str
    total_lines: frozenset[int]
    blocking: bool = True
    rule: str = "share_matches_count"


@dataclass(frozen=True)
class SumsTo:
    """table_checks rule complement: in every row, the columns add up to ``value`` within printed
    rounding (e.g. attendance + absence = 100)."""
    columns: tuple[str, ...]
    value: float = 100.0
    blocking: bool = True
    rule: str = "sums_to_100"


Rule = TotalRow | RowSum | Share | SumsTo


def rule_columns(rule: Rule) -> tuple[str, ...]:
    if isinstance(rule, TotalRow):
        return rule.columns
    if isinstance(rule, RowSum):
        return (rule.total, *rule.parts)
    if isinstance(rule, Share):
        extra = () if rule.denominator in ("total_row", "column_sum") else (rule.denominator,)
        return (rule.percent, rule.count, *extra)
    return rule.columns


def _truthy(text: str | None) -> bool:
    return str(text or "").strip().lower() in ("true", "1", "yes")


def table_rules(seed: catalog.Seed, check_rows: list[dict[str, str]], total_lines: frozenset[int]) -> list[Rule]:
    """The rules of one table, from the rows of table_checks that name it."""
    by_check: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in check_rows:
        if row.get("source_table") == seed.name:
            by_check[row.get("check_id") or ""].append(row)
    rules: list[Rule] = []
    for rows in by_check.values():
        first = rows[0]
        kind, result, blocking = first.get("rule"), first.get("result_column") or "", _truthy(first.get("blocking"))
        if kind == "column_total":
            column = seed.column(result)
            rounding = column is not None and column.measure == "share"
            rules.append(TotalRow((result,), total_lines, blocking, rounding))
        elif kind == "row_total":
            rules.append(RowSum(result, tuple(r.get("part_column") or "" for r in rows),
                                tuple(int(r.get("part_sign") or 1) for r in rows), blocking))
        elif kind == "share":
            rules.append(Share(result, first.get("part_column") or "", first.get("denominator") or "",
                               total_lines, blocking))
        elif kind == "complement":
            rules.append(SumsTo((result, first.get("part_column") or ""), 100.0, blocking))
    return rules


# --- the spec -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SeedSpec:
    name: str
    kind: str  # registry | table | headline | reference
    path: Path  # the file being validated
    rel: str  # the file as findings name it, e.g. seeds/<report_id>/<table>.csv
    columns: tuple[str, ...]  # expected, in order
    columns_source: str  # the declaration file
    column_types: dict[str, str]  # column -> date | integer | boolean (text columns omitted)
    value_columns: dict[str, str] = field(default_factory=dict)  # column -> measure
    rules: tuple[Rule, ...] = ()

    @property
    def label_columns(self) -> tuple[str, ...]:
        if self.kind != "table":
            return ()
        return tuple(c for c in self.columns[len(catalog.PROVENANCE_COLUMNS):] if c not in self.value_columns)


def seed_specs(cat: catalog.Catalog, files: dict[str, ReadSeed]) -> list[SeedSpec]:
    """One spec per declared seed of a catalog, given the files as the gate read them (the reference
    seeds table_checks and row_meanings are read from the same folder)."""
    check_rows = files[RULES_SEED].records() if RULES_SEED in files else []
    totals: dict[str, set[int]] = defaultdict(set)
    for row in files[ROWS_SEED].records() if ROWS_SEED in files else []:
        if _truthy(row.get("is_total_row")):
            try:
                totals[row.get("source_table") or ""].add(int(row.get("source_line") or ""))
            except ValueError:
                continue
    specs = []
    for seed in cat.seeds.values():
        kind = "table" if seed.is_table else seed.kind
        types = {c.name: c.data_type for c in seed.columns if c.data_type in ("date", "integer", "boolean")}
        values = {c.name: c.measure for c in seed.columns_with("value")}
        rules: list[Rule] = []
        if seed.kind == "figures":
            rules = [r for r in table_rules(seed, check_rows, frozenset(totals.get(seed.name, ())))
                     if all(c in seed.column_names for c in rule_columns(r))]
        read = files.get(seed.name)
        rel = read.rel if read is not None else seed.csv_path.name
        specs.append(SeedSpec(seed.name, kind, seed.csv_path, rel, seed.column_names,
                              str(seed.declared_in.name if seed.declared_in else "?"), types, values, tuple(rules)))
    return specs


def specs_of(seeds_dir: Path | None = None) -> list[SeedSpec]:
    """The specs of a seeds folder, read through the gate's file checks (provenance not checked)."""
    from expectations import gate

    result = gate.run(seeds_dir, unchecked=True)
    return seed_specs(result.catalog, result.files)


def main(argv: list[str]) -> int:
    for spec in specs_of():
        print(f"{spec.rel} [{spec.kind}] declared in {spec.columns_source}")
        if spec.value_columns:
            print(f"  labels: {', '.join(spec.label_columns)}")
            print("  values: " + ", ".join(f"{c}={m}" for c, m in spec.value_columns.items()))
        for rule in spec.rules:
            print(f"  {rule}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
