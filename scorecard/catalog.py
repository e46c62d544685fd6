"""What is in seeds/: every CSV, and the declaration of every seed beside it.

A seed is declared once, in the dbt properties file of its folder (``seeds/<folder>/_<folder>__seeds.yml``):
its description, and each column's name, description, ``data_type`` (text unless declared) and, for a
captured report table, its meaning (``config.meta``). dbt reads the same files (docs, seed types, the
staging macros); this module reads them for validation, the capture tool, the staging generator and
the Dagster lineage. A CSV with no declaration, or a declaration with no CSV, is a finding of the gate,
never guessed at.

Kinds of seed:

* ``registry`` - ``reports.csv``: one row per report, with its text file and that file's fingerprint;
* ``headline`` - ``headline_observations.csv``: figures stated in running text;
* ``reference`` - ``reference/*.csv``: authored meanings (areas, metrics, row meanings, checks);
* ``figures`` - a printed table whose value cells are figures (``config.meta.table.kind: figures``);
* ``text`` - a printed table of text (action plans, a work programme: ``kind: text``).

Column roles in a table seed: the five provenance columns, then ``label`` columns (row labels as
printed), then ``value`` columns (printed figures; ``meta`` gives unit, period, statistic, ...) or, in a
text table, ``field`` columns (``meta.field`` names what the column holds).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from scorecard.paths import SEEDS_DIR

PROVENANCE_COLUMNS = ("report_id", "section", "table_title", "block", "source_line")
REGISTRY = "reports"
HEADLINE = "headline_observations"
REFERENCE_DIR = "reference"
TABLE_KINDS = ("figures", "text")
KINDS = ("registry", "headline", "reference", *TABLE_KINDS)
# what a value column measures, for validation ranges: from its declared unit (and `signed`)
MEASURE_OF_UNIT = {"percent": "share", "count": "count", "gbp_m": "amount", "percentage_points": "change"}


@dataclass(frozen=True)
class Column:
    name: str
    role: str  # provenance | label | value | field | column (a registry, headline or reference column)
    data_type: str  # as declared; "string" when not declared
    description: str
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def measure(self) -> str | None:
        """share, count, amount or change: what a value column's figures are (validation ranges)."""
        if self.role != "value":
            return None
        if self.meta.get("signed"):
            return "change"
        return MEASURE_OF_UNIT.get(str(self.meta.get("unit")), "number")


@dataclass(frozen=True)
class Seed:
    name: str
    kind: str
    csv_path: Path
    declared_in: Path | None
    columns: tuple[Column, ...]
    description: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)  # config.meta.table of a table seed

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def columns_with(self, role: str) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.role == role)

    @property
    def label_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns_with("label"))

    @property
    def value_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns_with("value"))

    @property
    def is_table(self) -> bool:
        return self.kind in TABLE_KINDS

    @property
    def report_folder(self) -> str:
        """The folder a table seed lives in: by convention, the report id it is captured from."""
        return self.csv_path.parent.name

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


@dataclass(frozen=True)
class Catalog:
    seeds_dir: Path
    seeds: Mapping[str, Seed]  # declared seeds that have a CSV, by name
    undeclared: tuple[Path, ...]  # CSVs no properties file declares
    missing: tuple[tuple[str, Path], ...]  # (seed, properties file) declared with no CSV
    problems: tuple[tuple[Path, str], ...]  # properties files that cannot be read, and why

    def of_kind(self, *kinds: str) -> list[Seed]:
        return [s for s in self.seeds.values() if s.kind in kinds]

    @property
    def tables(self) -> list[Seed]:
        return self.of_kind(*TABLE_KINDS)


def _yaml_load(text: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # a safe loader


def _kind(name: str, csv_path: Path, meta: Mapping[str, Any]) -> str:
    if name == REGISTRY:
        return "registry"
    if name == HEADLINE:
        return "headline"
    if csv_path.parent.name == REFERENCE_DIR:
        return "reference"
    return str((meta.get("table") or {}).get("kind") or "figures")


def _column(entry: Mapping[str, Any], kind: str) -> Column:
    name = str(entry.get("name"))
    meta = dict(((entry.get("config") or {}).get("meta")) or entry.get("meta") or {})
    if kind in TABLE_KINDS:
        role = "provenance" if name in PROVENANCE_COLUMNS else str(meta.get("role") or "label")
    else:
        role = "column"
    return Column(name, role, str(entry.get("data_type") or "string"), str(entry.get("description") or ""), meta)


def load(seeds_dir: Path = SEEDS_DIR) -> Catalog:
    """Every CSV and every declaration under ``seeds_dir``."""
    seeds_dir = Path(seeds_dir)
    csvs = {p.stem: p for p in sorted(seeds_dir.rglob("*.csv"))}
    declared: dict[str, tuple[Path, Mapping[str, Any]]] = {}
    problems: list[tuple[Path, str]] = []
    for yml in sorted(seeds_dir.rglob("*.yml")):
        try:
            doc = _yaml_load(yml.read_text(encoding="utf-8")) or {}
        except Exception as exc:  # a broken file is a finding, not a crash
            problems.append((yml, f"cannot read: {exc}"))
            continue
        for entry in doc.get("seeds") or []:
            if isinstance(entry, dict) and entry.get("name"):
                declared[str(entry["name"])] = (yml, entry)
    seeds: dict[str, Seed] = {}
    missing = []
    for name, (yml, entry) in declared.items():
        path = csvs.get(name)
        if path is None:
            missing.append((name, yml))
            continue
        meta = dict((entry.get("config") or {}).get("meta") or {})
        kind = _kind(name, path, meta)
        columns = tuple(_column(c, kind) for c in entry.get("columns") or [] if isinstance(c, dict))
        seeds[name] = Seed(name, kind, path, yml, columns, str(entry.get("description") or ""),
                           dict(meta.get("table") or {}))
    undeclared = tuple(p for name, p in csvs.items() if name not in declared)
    return Catalog(seeds_dir, dict(sorted(seeds.items())), undeclared, tuple(missing), tuple(problems))


@lru_cache(maxsize=4)
def project_catalog(seeds_dir: Path = SEEDS_DIR) -> Catalog:
    """The catalog of a seeds folder, read once per process (the Dagster definitions read it)."""
    return load(seeds_dir)


# --- the registry and what each seed cites ---------------------------------------------------------

def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def registry(seeds_dir: Path = SEEDS_DIR) -> dict[str, dict[str, str]]:
    """report_id -> its row of reports.csv."""
    return {row["report_id"]: row for row in read_rows(Path(seeds_dir) / f"{REGISTRY}.csv")}


def report_files(seeds_dir: Path = SEEDS_DIR) -> dict[str, list[dict[str, str]]]:
    """Report text file name -> the registry rows (report ids) captured from it, in registry order."""
    files: dict[str, list[dict[str, str]]] = {}
    for row in registry(seeds_dir).values():
        source_file = (row.get("source_file") or "").strip()
        if source_file:
            files.setdefault(source_file, []).append(row)
    return files


def cited_reports(seed: Seed) -> tuple[str, ...]:
    """The report ids a seed's rows cite (the registry cites every report; reference seeds none)."""
    if seed.kind == "reference":
        return ()
    try:
        rows = read_rows(seed.csv_path)
    except (OSError, UnicodeDecodeError, csv.Error):
        return ()
    return tuple(sorted({r.get("report_id") or "" for r in rows} - {""}))
