"""A finding of the gate: what is wrong, where (file, spreadsheet row, column) and whether it blocks.

Every check of the gate (structure, declarations, provenance, report fingerprints, Great Expectations)
reports in this one shape, so a reader meets one format in the run summary, the Dagster UI and
``warehouse/validation/errors.csv``.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from pathlib import Path

FIELDS = ("file", "row", "column", "rule", "value", "message", "blocking")


@dataclass(frozen=True)
class Finding:
    file: str  # e.g. seeds/osc_2023_11_scorecard/osc_2023_11_scorecard__absence_rate.csv
    row: int  # as a spreadsheet shows it: header = 1, first data row = 2 (0: the whole file)
    column: str
    rule: str
    value: str
    message: str
    blocking: bool = True

    def __str__(self) -> str:
        where = f"{self.file}: row {self.row}" if self.row else f"{self.file}"
        if self.column:
            where += f", column {self.column}"
        text = f"{where}, rule {self.rule}"
        if self.value != "":
            shown = self.value if len(self.value) <= 80 else self.value[:77] + "..."
            text += f": value {shown!r}"
        return f"{text} ({self.message})" if self.message else text


def write_csv(findings: list[Finding], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for f in findings:
            writer.writerow(asdict(f))
    return path


def describe(findings: list[Finding], header: str, limit: int = 50) -> str:
    lines = [header, ""]
    lines += [f"  - {f}" for f in findings[:limit]]
    if len(findings) > limit:
        lines.append(f"  ... and {len(findings) - limit} more")
    return "\n".join(lines)
