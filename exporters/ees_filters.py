"""EES filter columns of an observation: its cohort, phase and breakdown, with ``Total`` for aggregates.

The standard (ud.html, *Filters* > *Aggregates and default filters*): "The standard entry for aggregate
rows on the platform is 'Total'", the table tool's default item. So:

* ``cohort`` ("all pupils", "all", "all ages", "all schools" -> ``Total``), ``phase`` ("all" ->
  ``Total``) and ``breakdown`` (none, "total" -> ``Total``) become filter columns;
* a structured breakdown (``school type=Primary; governance=all schools; grade=2 Good``) becomes one
  filter column per key (``school_type``, ``governance``, ``grade``), each item as printed and
  ``all ...`` -> ``Total``; a free-text breakdown stays in ``breakdown``;
* a dimension an observation does not mention is its ``Total``.

``collapse`` then decides, per indicator of a file, which dimensions split it: a dimension with one
value for every figure of the indicator does not split it, so its rows are the indicator's ``Total``
and the value (the indicator's scope, e.g. "EHCP; ages 16-19") goes into the indicator's label. Period
and source report are never filters (they live in the provenance side file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TOTAL = "Total"
BASE = ("cohort", "phase")
FREE = "breakdown"
AGGREGATE = {
    "cohort": {"all", "all pupils", "all ages", "all schools"},
    "phase": {"all"},
    FREE: {"", "total"},
}
_PAIR = re.compile(r"^([a-z][a-z ]*[a-z])=(.+)$")
# eesyscreener potential_ob_units_regex: a filter named like a geography column fails check_meta_geog_catch
_OB_UNIT = re.compile(
    r"(^(country|sch|prov|inst|estab|reg|la|local|rsc|pfa|pcon|lep|mca|oa|ward|mat).*"
    r"(name|code|urn|ukprn|number|upin|id)$)|(^(laestab|estab|sch|school|schools|prov|provider|providers|inst|"
    r"institution|institutions|name|code|urn|ukprn|number|upin|id|region|la|lad|rsc|pcon|lep|mca|oa|ward|mat)$)",
    re.IGNORECASE)
RESERVED = {"time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
            "region_name", "old_la_code", "new_la_code", "la_name", *BASE, FREE}


@dataclass(frozen=True)
class FilterSpec:
    column: str
    label: str
    hint: str


SPECS = {
    "cohort": FilterSpec("cohort", "Pupil or child group", "Filter by the children, pupils or other group covered"),
    "phase": FilterSpec("phase", "Phase or age range", "Filter by school phase, setting or age range"),
    FREE: FilterSpec(FREE, "Breakdown", "Filter by a further split, as the report prints it"),
}


def _clean(value) -> str:
    return re.sub(r"\s+", " ", value).strip() if isinstance(value, str) else ""


def column_for(key: str) -> str:
    """The snake_case filter column of a structured breakdown key ('primary need' -> 'primary_need')."""
    col = re.sub(r"[^a-z0-9]+", "_", key.lower()).strip("_") or "breakdown_item"
    if col[0].isdigit():
        col = "by_" + col
    if col in RESERVED or _OB_UNIT.search(col):
        col += "_filter"
    return col


def spec(column: str, key: str | None = None) -> FilterSpec:
    if column in SPECS:
        return SPECS[column]
    words = (key or column.replace("_", " ")).strip()
    return FilterSpec(column, words[:1].upper() + words[1:], f"Filter by {words}")


def _total_or(value: str, aggregates: set[str]) -> str:
    return TOTAL if value.lower() in aggregates or value == TOTAL else value


def structured(breakdown: str) -> dict[str, str] | None:
    """{key: item} of a ``key=item; key=item`` breakdown, or None for free text."""
    parts = [p.strip() for p in breakdown.split(";")]
    pairs = [_PAIR.match(p) for p in parts]
    if not parts or not all(pairs):
        return None
    out = {}
    for m in pairs:
        key, item = m.group(1).strip(), _clean(m.group(2))
        if key in out or not item:
            return None
        out[key] = item
    return out


def filter_values(o: dict) -> tuple[dict[str, str], dict[str, str]]:
    """({filter column: item}, {filter column: breakdown key}) of an observation; absent columns are
    ``Total``."""
    values = {
        "cohort": _total_or(_clean(o.get("cohort")), AGGREGATE["cohort"]),
        "phase": _total_or(_clean(o.get("phase")), AGGREGATE["phase"]),
    }
    keys: dict[str, str] = {}
    breakdown = _clean(o.get("breakdown"))
    pairs = structured(breakdown) if breakdown else None
    if pairs is None:
        values[FREE] = _total_or(breakdown, AGGREGATE[FREE])
    else:
        for key, item in pairs.items():
            col = column_for(key)
            keys[col] = key
            values[col] = TOTAL if item.lower() == "all" or item.lower().startswith("all ") else item
    return {c: v for c, v in values.items() if v != TOTAL}, keys


def column_order(column: str) -> tuple:
    """cohort, phase, then breakdown keys by name, then free-text breakdown."""
    if column in BASE:
        return (0, BASE.index(column), "")
    if column == FREE:
        return (2, 0, "")
    return (1, 0, column)


@dataclass
class Collapsed:
    splits: tuple[str, ...]  # filter columns that split the indicator
    scope: dict[str, str]  # filter column -> the one item every figure of the indicator has


def collapse(filter_dicts: list[dict[str, str]]) -> Collapsed:
    """Which columns split an indicator, given the filter values of each of its figures."""
    columns = sorted({c for f in filter_dicts for c in f}, key=column_order)
    splits, scope = [], {}
    for col in columns:
        items = {f.get(col, TOTAL) for f in filter_dicts}
        if len(items) == 1:
            scope[col] = next(iter(items))
        else:
            splits.append(col)
    return Collapsed(tuple(splits), scope)


def scope_text(scope: dict[str, str], keys: dict[str, str]) -> str:
    """The scope for a label: 'EHCP; ages 16-19; service: Children's Social Care'."""
    parts = []
    for col in sorted(scope, key=column_order):
        item = scope[col]
        parts.append(f"{keys[col]}: {item}" if col in keys else item)
    return "; ".join(parts)
