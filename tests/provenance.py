"""Check captured seeds against the report text they cite.

A table-seed row passes when its printed cells (label and value columns, blanks skipped), taken in
order, match the tab-separated fields of the cited line in order: a cell equals a field, or stands
inside one (cells glued to page numbers or markup). A headline observation passes when its sentence
stands on the cited line and contains the printed value.

Run directly (`python tests/provenance.py`) to list every failing row.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run directly as well as under pytest

from orchestration.seed_catalog import (  # noqa: E402 - after the path set-up above
    PROVENANCE_COLUMNS,
    SEEDS_DIR as SEEDS,
    list_seeds,
    registry,
    reports_dir,
)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Finding:
    file: str
    row: int  # spreadsheet row: header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: row {self.row}, column {self.column}: {self.message}"


class ReportText:
    def __init__(self, folder: Path, registry: dict[str, dict[str, str]]):
        self.folder = folder
        self.registry = registry
        self._lines: dict[str, list[str]] = {}

    def lines(self, report_id: str) -> list[str]:
        source = self.registry[report_id]["source_file"]
        if source not in self._lines:
            self._lines[source] = (self.folder / source).read_text(encoding="utf-8").split("\n")
        return self._lines[source]

    def line(self, report_id: str, number: int) -> str | None:
        lines = self.lines(report_id)
        return lines[number - 1] if 1 <= number <= len(lines) else None


def table_seed_files(seeds: Path = SEEDS) -> list[Path]:
    return [seed.path for seed in list_seeds(seeds) if seed.kind == "table"]


def check_table_seed(path: Path, text: ReportText) -> list[Finding]:
    findings: list[Finding] = []
    rel = str(path.relative_to(path.parents[1]))
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        if tuple(header[: len(PROVENANCE_COLUMNS)]) != PROVENANCE_COLUMNS:
            return [Finding(rel, 1, ",".join(header[:5]), f"first columns must be {PROVENANCE_COLUMNS}")]
        cell_columns = header[len(PROVENANCE_COLUMNS):]
        for i, row in enumerate(reader, start=2):
            rid = row["report_id"]
            if rid not in text.registry:
                findings.append(Finding(rel, i, "report_id", f"unknown report {rid!r}"))
                continue
            try:
                number = int(row["source_line"])
            except ValueError:
                findings.append(Finding(rel, i, "source_line", f"not a line number: {row['source_line']!r}"))
                continue
            line = text.line(rid, number)
            if line is None:
                findings.append(Finding(rel, i, "source_line", f"line {number} is outside the report"))
                continue
            fields = [_norm(f) for f in line.split("\t")]
            pos = 0
            for col in cell_columns:
                cell = _norm(row[col] or "")
                if not cell:
                    continue
                hit = next((j for j in range(pos, len(fields)) if fields[j] == cell), None)
                if hit is None:
                    hit = next((j for j in range(pos, len(fields)) if cell in fields[j]), None)
                if hit is None:
                    findings.append(Finding(rel, i, col, f"{cell!r} not found (in order) on line {number}"))
                    break
                pos = hit + 1 if fields[hit] == cell else hit
            if row.get("block"):
                body = "\n".join(text.lines(rid))
                if _norm(row["block"]) not in _norm(body):
                    findings.append(Finding(rel, i, "block", f"sub-heading {row['block']!r} not in the report"))
    return findings


def check_headlines(path: Path, text: ReportText) -> list[Finding]:
    findings: list[Finding] = []
    rel = path.name
    with open(path, newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            rid = row["report_id"]
            if rid not in text.registry:
                findings.append(Finding(rel, i, "report_id", f"unknown report {rid!r}"))
                continue
            try:
                line = text.line(rid, int(row["source_line"]))
            except ValueError:
                line = None
            if line is None:
                findings.append(Finding(rel, i, "source_line", f"bad line {row['source_line']!r}"))
                continue
            sentence = _norm(row["sentence"])
            if not sentence or sentence not in _norm(line):
                findings.append(Finding(rel, i, "sentence", f"not found on line {row['source_line']}"))
            elif _norm(row["printed_value"]) not in sentence:
                findings.append(Finding(rel, i, "printed_value",
                                        f"{row['printed_value']!r} not in its sentence"))
    return findings


def check_all(seeds: Path = SEEDS, folder: Path | None = None) -> list[Finding]:
    text = ReportText(folder or reports_dir(), registry(seeds))
    findings: list[Finding] = []
    for path in table_seed_files(seeds):
        findings += check_table_seed(path, text)
    for headlines in sorted(seeds.glob("headline_observations*.csv")):
        findings += check_headlines(headlines, text)
    return findings


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else SEEDS
    problems = check_all(target)
    for p in problems:
        print(p)
    print(f"{len(problems)} provenance problem(s)")
    sys.exit(1 if problems else 0)
