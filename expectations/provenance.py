"""Provenance: every captured cell stands on the report line it cites. One rule, used by the gate and
the tests.

The rule, exactly:

* A report's text is its file (``reports.csv`` ``source_file``, in the reports folder) split into lines
  at ``\\n``; line numbers start at 1. Text is *normalised* by turning every run of whitespace (spaces,
  tabs, non-breaking spaces, ...) into one space and trimming the ends.
* A table seed row cites ``report_id`` and ``source_line``. The cited line is split into fields at tab
  characters, each field normalised. The row's printed cells are its columns after the five provenance
  columns (row labels, then values), in the file's column order; blank cells are skipped; each cell is
  normalised. Walking the cells in order with a position in the fields (starting at the first field),
  a cell passes when it *equals* a field at or after the position (the position then moves past that
  field) or, failing that, *stands inside* such a field (a cell glued to a page number or markup: the
  position stays on that field). The first cell that does neither is a finding, and the rest of that
  row is not checked. A row's ``block`` (a printed sub-heading), when filled, must stand somewhere in
  the report's text (normalised).
* A headline observation passes when its ``sentence`` (normalised, not blank) stands inside the cited
  line (normalised) and its ``printed_value`` (normalised) stands inside the sentence.

A finding names the seed file, spreadsheet row, column and value, the report file and line, and what
that line says.
"""

from __future__ import annotations

import re
from pathlib import Path

from expectations.findings import Finding
from expectations.structure import ReadSeed
from scorecard.catalog import PROVENANCE_COLUMNS

RULE = "provenance"
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class ReportTexts:
    """The report files of a registry, read once each."""

    def __init__(self, folder: Path, registry: dict[str, dict[str, str]]):
        self.folder = Path(folder)
        self.registry = registry
        self._lines: dict[str, list[str]] = {}
        self._whole: dict[str, str] = {}

    def source_file(self, report_id: str) -> str:
        return (self.registry.get(report_id) or {}).get("source_file") or ""

    def lines(self, report_id: str) -> list[str] | None:
        source = self.source_file(report_id)
        if not source:
            return None
        if source not in self._lines:
            path = self.folder / source
            try:
                self._lines[source] = path.read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                self._lines[source] = []
        return self._lines[source]

    def whole(self, report_id: str) -> str:
        source = self.source_file(report_id)
        if source not in self._whole:
            self._whole[source] = normalise("\n".join(self.lines(report_id) or []))
        return self._whole[source]


def _shown(line: str, limit: int = 160) -> str:
    text = line.replace("\t", " | ")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _line(seed: ReadSeed, number: int, record: dict[str, str], texts: ReportTexts) -> tuple[str | None, Finding | None]:
    rid = (record.get("report_id") or "").strip()
    if rid not in texts.registry:
        return None, Finding(seed.rel, number, "report_id", RULE, rid, "report_id is not in reports.csv")
    try:
        line_number = int((record.get("source_line") or "").strip())
    except ValueError:
        return None, Finding(seed.rel, number, "source_line", RULE, record.get("source_line") or "",
                             "not a line number")
    lines = texts.lines(rid) or []
    if not 1 <= line_number <= len(lines):
        return None, Finding(seed.rel, number, "source_line", RULE, str(line_number),
                             f"line {line_number} is outside {texts.source_file(rid)} ({len(lines)} lines)")
    return lines[line_number - 1], None


def check_table(seed: ReadSeed, texts: ReportTexts) -> list[Finding]:
    header = seed.header or []
    if tuple(header[: len(PROVENANCE_COLUMNS)]) != PROVENANCE_COLUMNS:
        return [Finding(seed.rel, 1, ",".join(header[:5]), RULE, "", f"the first columns must be {PROVENANCE_COLUMNS}")]
    cell_columns = header[len(PROVENANCE_COLUMNS):]
    findings: list[Finding] = []
    for number, values in seed.rows:
        record = dict(zip(header, values))
        line, problem = _line(seed, number, record, texts)
        if problem:
            findings.append(problem)
            continue
        fields = [normalise(f) for f in line.split("\t")]
        pos = 0
        for column in cell_columns:
            cell = normalise(record.get(column) or "")
            if not cell:
                continue
            hit = next((j for j in range(pos, len(fields)) if fields[j] == cell), None)
            exact = hit is not None
            if hit is None:
                hit = next((j for j in range(pos, len(fields)) if cell in fields[j]), None)
            if hit is None:
                rid = record["report_id"].strip()
                findings.append(Finding(
                    seed.rel, number, column, RULE, record.get(column) or "",
                    f"not found (in order) on line {record['source_line'].strip()} of {texts.source_file(rid)}, "
                    f"which reads: {_shown(line)!r}"))
                break
            pos = hit + 1 if exact else hit
        block = normalise(record.get("block") or "")
        if block and block not in texts.whole(record["report_id"].strip()):
            findings.append(Finding(seed.rel, number, "block", RULE, record.get("block") or "",
                                    f"sub-heading not found in {texts.source_file(record['report_id'].strip())}"))
    return findings


def check_headlines(seed: ReadSeed, texts: ReportTexts) -> list[Finding]:
    header = seed.header or []
    findings: list[Finding] = []
    for number, values in seed.rows:
        record = dict(zip(header, values))
        line, problem = _line(seed, number, record, texts)
        if problem:
            findings.append(problem)
            continue
        sentence = normalise(record.get("sentence") or "")
        where = f"line {record['source_line'].strip()} of {texts.source_file(record['report_id'].strip())}"
        if not sentence or sentence not in normalise(line):
            findings.append(Finding(seed.rel, number, "sentence", RULE, record.get("sentence") or "",
                                    f"not found on {where}, which reads: {_shown(line)!r}"))
        elif normalise(record.get("printed_value") or "") not in sentence:
            findings.append(Finding(seed.rel, number, "printed_value", RULE, record.get("printed_value") or "",
                                    "not in its sentence"))
    return findings
