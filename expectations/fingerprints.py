"""Report fingerprints: the SHA-256 of every report text file, recorded in ``reports.csv``
(``source_sha256``) when the report was captured. A report text that no longer matches is a blocking
finding: the captured figures were checked against a different text.

    python -m expectations.fingerprints            # check (exit 1 on a difference)
    python -m expectations.fingerprints --refresh  # record the current files (make fingerprint-reports)

Refresh only after a deliberate re-capture: review the changed report, re-check its seeds, then record.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from expectations.findings import Finding
from scorecard import paths
from scorecard.catalog import REGISTRY
from scorecard.fingerprint import file_hash

RULE = "report_fingerprint"
COLUMN = "source_sha256"


def check(rows: list[tuple[int, dict[str, str]]], reports_dir: Path, rel: str) -> list[Finding]:
    """rows: (spreadsheet row, registry record). One finding per report file that is missing, has no
    recorded fingerprint, or differs from it."""
    findings: list[Finding] = []
    seen: dict[str, str] = {}
    for number, record in rows:
        source = (record.get("source_file") or "").strip()
        if not source or source in seen:
            continue
        recorded = (record.get(COLUMN) or "").strip()
        path = Path(reports_dir) / source
        if not path.is_file():
            findings.append(Finding(rel, number, "source_file", RULE, source, f"report file not found: {path}"))
            seen[source] = ""
            continue
        actual = file_hash(path)
        seen[source] = actual
        if not recorded:
            findings.append(Finding(rel, number, COLUMN, RULE, "",
                                    f"no fingerprint recorded for {source}: run `make fingerprint-reports` after "
                                    f"checking its seeds"))
        elif recorded != actual:
            findings.append(Finding(rel, number, COLUMN, RULE, recorded,
                                    f"{path} has changed since it was captured: recorded sha256 {recorded}, "
                                    f"file now {actual}. Re-check its seeds, then `make fingerprint-reports`"))
    return findings


def refresh(seeds_dir: Path, reports_dir: Path) -> list[str]:
    """Record the current fingerprint of every report file in reports.csv; returns what changed."""
    path = Path(seeds_dir) / f"{REGISTRY}.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header, records = list(reader.fieldnames or []), list(reader)
    if COLUMN not in header:
        header.insert(header.index("source_file") + 1, COLUMN)
    changed = []
    for record in records:
        source = (record.get("source_file") or "").strip()
        file = Path(reports_dir) / source
        if not source or not file.is_file():
            continue
        actual = file_hash(file)
        if record.get(COLUMN) != actual:
            changed.append(f"{record['report_id']}: {source} {record.get(COLUMN) or '(none)'} -> {actual}")
            record[COLUMN] = actual
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m expectations.fingerprints", description=__doc__.split("\n\n")[0])
    parser.add_argument("--refresh", action="store_true", help="record the current report files' fingerprints")
    args = parser.parse_args(argv)
    seeds_dir, reports_dir = paths.seeds_dir(), paths.reports_dir()
    if not reports_dir.is_dir():
        print(f"reports folder not found: {reports_dir} (set SCORECARD_REPORTS_DIR)")
        return 2
    if args.refresh:
        for line in refresh(seeds_dir, reports_dir) or ["every fingerprint is current"]:
            print(line)
        return 0
    with open(seeds_dir / f"{REGISTRY}.csv", newline="", encoding="utf-8") as fh:
        rows = list(enumerate(csv.DictReader(fh), start=2))
    findings = check(rows, reports_dir, f"seeds/{REGISTRY}.csv")
    for finding in findings:
        print(finding)
    print(f"{len(findings)} report(s) differ from their fingerprint" if findings else "every report matches its fingerprint")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
