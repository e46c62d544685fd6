"""Writing into the seeds folder: table CSVs, their declaration file, and rows merged into the shared CSVs
(``reference/row_meanings.csv``, ``headline_observations.csv``, ``reports.csv``).

Files are UTF-8 without a byte-order mark, ``\\n`` line ends, one header row, quoted only where CSV needs it.
A table seed that exists already keeps its rows printed outside the captured lines (a report captured in
several runs); its rows inside them are replaced. A shared CSV keeps its rows and column order; a row with
the same key is replaced, a new one appended.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from capture import declarations
from capture.model import DraftTable
from scorecard.catalog import PROVENANCE_COLUMNS


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def table_path(out: Path, report_id: str, name: str) -> Path:
    return Path(out) / report_id / f"{name}.csv"


def write_table(out: Path, report_id: str, table: DraftTable, captured: tuple[int, int]) -> str:
    path = table_path(out, report_id, table.name)
    header = [*PROVENANCE_COLUMNS, *(c.name for c in table.columns)]
    rows = {r.line: [report_id, r.section, r.table_title, r.block, str(r.line), *(r.cells[c.name] for c in table.columns)]
            for r in table.rows}
    kept = 0
    if path.exists():
        old_header, old_rows = _read(path)
        if old_header == header:
            for old in old_rows:
                line = int(old.get("source_line") or 0)
                if not captured[0] <= line <= captured[1] and line not in rows:
                    rows[line] = [old.get(c) or "" for c in header]
                    kept += 1
    _write(path, header, [rows[n] for n in sorted(rows)])
    return f"{path}" + (f" (kept {kept} row(s) printed outside the captured lines)" if kept else "")


def write_declarations(out: Path, report_id: str, tables: list[DraftTable]) -> Path:
    path = Path(out) / report_id / f"_{report_id}__seeds.yml"
    existing = path.read_text(encoding="utf-8") if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(declarations.merge(existing, report_id, tables), encoding="utf-8")
    return path


def merge_rows(path: Path, columns: list[str], rows: list[dict[str, str]], key: Callable[[dict], tuple]) -> tuple[int, int]:
    """Merge rows into a shared CSV by key: (added, replaced). Rows equal to what is there change nothing."""
    header, existing = _read(path) if path.exists() else (list(columns), [])
    index = {key(r): i for i, r in enumerate(existing)}
    added = replaced = 0
    for row in rows:
        i = index.get(key(row))
        if i is None:
            index[key(row)] = len(existing)
            existing.append(row)
            added += 1
        elif any((existing[i].get(c) or "") != (row.get(c) or "") for c in header):
            existing[i] = row
            replaced += 1
    if added or replaced:
        _write(path, header, [[r.get(c) or "" for c in header] for r in existing])
    return added, replaced
