"""What earlier captures know: the seeds, declarations and meanings of a seeds folder (``--reuse-from``), and
the tables captured earlier in the same run.

A known table is a captured seed with its declaration (column names, descriptions, ``config.meta``), its
rows grouped into parts (rows sharing ``table_title`` and ``block``, in file order) with each row's key (its
row labels, normalised; a text table's first field), and the row meanings of its lines
(``reference/row_meanings.csv``). Headline rows and the registry's columns come along too.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from capture.drafting import row_key
from capture.model import DraftColumn, DraftTable
from expectations.provenance import normalise
from scorecard import catalog

ROW_MEANINGS = Path(catalog.REFERENCE_DIR) / "row_meanings.csv"
ROW_MEANING_COLUMNS = ["source_table", "source_line", "row_label", "metric_id", "count_metric_id", "cohort", "phase",
                       "area_name", "row_breakdown", "is_total_row"]


@dataclass
class KnownColumn:
    name: str
    role: str
    description: str
    meta: dict[str, Any]


@dataclass
class KnownSegment:
    title: str
    block: str
    section: str
    lines: list[int]
    keys: list[tuple[str, ...]]


@dataclass
class KnownTable:
    name: str
    report_id: str
    kind: str
    meta: dict[str, Any]  # config.meta.table
    columns: list[KnownColumn]
    segments: list[KnownSegment]
    same_capture: bool = False  # captured earlier in this run

    @property
    def suffix(self) -> str:
        return self.name.split("__", 1)[1] if "__" in self.name else self.name

    def of_role(self, role: str) -> list[KnownColumn]:
        return [c for c in self.columns if c.role == role]

    @property
    def uses_blocks(self) -> bool:
        return any(s.block for s in self.segments)

    @property
    def titles(self) -> str:
        return " ".join({s.title for s in self.segments} | {s.block for s in self.segments})


def _segments(rows: list[dict[str, str]], key_columns: list[str]) -> list[KnownSegment]:
    segments: list[KnownSegment] = []
    previous = None
    for row in rows:
        title, block = normalise(row.get("table_title") or ""), normalise(row.get("block") or "")
        if not segments or (segments[-1].title, segments[-1].block) != (title, block):
            segments.append(KnownSegment(title, block, normalise(row.get("section") or ""), [], []))
            previous = None
        cells = [row.get(c) or "" for c in key_columns]
        key = row_key(cells, list(range(len(cells))), previous)
        previous = key
        try:
            segments[-1].lines.append(int(row.get("source_line") or 0))
        except ValueError:
            segments[-1].lines.append(0)
        segments[-1].keys.append(key)
    return segments


def _known_table(seed: catalog.Seed) -> KnownTable | None:
    try:
        rows = catalog.read_rows(seed.csv_path)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    columns = [KnownColumn(c.name, c.role, c.description, dict(c.meta)) for c in seed.columns if c.role != "provenance"]
    keys = [c.name for c in columns if c.role == "label"] or [c.name for c in columns[:1]]
    report = next((r.get("report_id") for r in rows if r.get("report_id")), seed.report_folder)
    return KnownTable(seed.name, report, seed.kind, dict(seed.meta), columns, _segments(rows, keys))


@dataclass
class Knowledge:
    folder: Path | None
    tables: list[KnownTable] = field(default_factory=list)
    row_meanings: dict[tuple[str, int], dict[str, str]] = field(default_factory=dict)
    row_meaning_columns: list[str] = field(default_factory=lambda: list(ROW_MEANING_COLUMNS))
    headlines: list[dict[str, str]] = field(default_factory=list)
    headline_columns: list[str] = field(default_factory=list)
    registry_columns: list[str] = field(default_factory=list)
    areas: Counter = field(default_factory=Counter)
    metric_ids: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, folder: Path | None) -> Knowledge:
        knowledge = cls(Path(folder) if folder else None)
        if folder is None or not Path(folder).is_dir():
            return knowledge
        folder = Path(folder)
        cat = catalog.load(folder)
        for seed in cat.tables:
            table = _known_table(seed)
            if table is not None:
                knowledge.tables.append(table)
        meanings = folder / ROW_MEANINGS
        if meanings.is_file():
            rows = catalog.read_rows(meanings)
            if rows:
                knowledge.row_meaning_columns = list(rows[0].keys())
            for row in rows:
                try:
                    knowledge.row_meanings[(row["source_table"], int(row["source_line"]))] = row
                except (KeyError, ValueError):
                    continue
        headlines = folder / f"{catalog.HEADLINE}.csv"
        if headlines.is_file():
            knowledge.headlines = catalog.read_rows(headlines)
            with open(headlines, newline="", encoding="utf-8") as fh:
                knowledge.headline_columns = next(csv.reader(fh), [])
        registry = folder / f"{catalog.REGISTRY}.csv"
        if registry.is_file():
            with open(registry, newline="", encoding="utf-8") as fh:
                reader = csv.DictReader(fh)
                knowledge.registry_columns = list(reader.fieldnames or [])
                knowledge.areas.update(r.get("area_name") or "" for r in reader)
        metrics = folder / catalog.REFERENCE_DIR / "metric_definitions.csv"
        if metrics.is_file():
            knowledge.metric_ids = {r.get("metric_id") or "" for r in catalog.read_rows(metrics)}
        return knowledge

    def learn(self, draft: DraftTable, report_id: str) -> None:
        """A table drafted in this run becomes known to the tables after it (a table printed twice)."""
        columns = [KnownColumn(c.name, c.role, c.description, dict(c.meta)) for c in draft.columns]
        rows = [{"table_title": r.table_title, "block": r.block, "section": r.section, "source_line": str(r.line),
                 **r.cells} for r in draft.rows]
        keys = [c.name for c in draft.columns if c.role == "label"] or [c.name for c in draft.columns[:1]]
        self.tables.append(KnownTable(draft.name, report_id, draft.kind, dict(draft.table_meta), columns,
                                      _segments(rows, keys), same_capture=True))
        for row in draft.rows:
            if row.meaning:
                self.row_meanings[(draft.name, row.line)] = {"source_table": draft.name, "source_line": str(row.line),
                                                            **row.meaning}

    def columns_of(self, table: KnownTable) -> list[DraftColumn]:
        return [DraftColumn(c.name, c.role, c.description, dict(c.meta)) for c in table.columns]
