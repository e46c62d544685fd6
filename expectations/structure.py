"""Structure of the seed files, read as bytes before anything else touches them.

What a CSV reader would hide or "fix", and what would stop dbt with a traceback: bytes that are not
UTF-8 (named by row and byte offset), a UTF-8 byte-order mark, an empty file or one with a header and
no rows, blank lines, rows with more or fewer fields than the header, blank or repeated header names.
No third-party import: the gate runs this before dbt parses the project.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from expectations.findings import Finding


@dataclass
class ReadSeed:
    """A seed file as read: header, rows (spreadsheet row number, fields padded/cut to the header),
    and the structural findings. ``header`` is None when the file cannot be read at all."""
    path: Path
    rel: str
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return self.header is not None and not self.findings

    def records(self) -> list[dict[str, str]]:
        header = self.header or []
        return [dict(zip(header, values)) for _, values in self.rows]


def read(path: Path, rel: str) -> ReadSeed:
    seed = ReadSeed(path, rel)

    def finding(row: int, column: str, rule: str, value: str, message: str) -> None:
        seed.findings.append(Finding(rel, row, column, rule, value, message, True))

    data = path.read_bytes()
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        offset = exc.start + (len(codecs.BOM_UTF8) if bom else 0)
        finding(row, "", "encoding", repr(data[exc.start: exc.end + 8]),
                f"not UTF-8 at byte offset {offset} ({exc.reason}): save the file as UTF-8")
        return seed
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        finding(1, "", "csv_syntax", "", str(exc))
        return seed
    if not records or not any(f.strip() for f in records[0]):
        finding(1, "", "empty_file", "", "the file has no header row")
        return seed
    header = records[0]
    seed.header = header
    if bom:
        finding(1, header[0], "utf8_bom", "\ufeff" + header[0],
                "file starts with a UTF-8 byte-order mark (dbt would name the column '\\ufeff" + header[0] + "')")
    seen: set[str] = set()
    for name in header:
        if not name.strip():
            finding(1, name, "blank_column_name", name, "a header cell is blank")
        elif name in seen:
            finding(1, name, "duplicate_column", name, "the header names this column twice")
        seen.add(name)
    for number, record in enumerate(records[1:], start=2):
        if not record or all(not f.strip() for f in record):
            finding(number, header[0], "blank_line", ",".join(record), "blank line inside the file")
            continue
        if len(record) < len(header):
            finding(number, header[len(record)], "ragged_line", ",".join(record)[-60:],
                    f"row has {len(record)} fields, the header {len(header)}")
            record = record + [""] * (len(header) - len(record))
        elif len(record) > len(header):
            finding(number, f"(field {len(header) + 1})", "ragged_line", ",".join(record[len(header):])[:60],
                    f"row has {len(record)} fields, the header {len(header)}")
            record = record[: len(header)]
        seed.rows.append((number, record))
    if not seed.rows:
        finding(1, "", "no_rows", "", "the file has a header but no rows: every figure it held would silently "
                                      "disappear from the warehouse")
    return seed
