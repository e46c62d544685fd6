"""Ways to break a copy of the seeds, each one that validation must stop (tests reuse them).

    from expectations.bad_input import CASES, break_seed
    breakage = break_seed(copy_of_seeds, "wrong_type")   # edits the copy in place
    result = validate_seeds(copy_of_seeds)
    assert not result.success
    assert any(f.file == breakage.file and f.row == breakage.row and f.column == breakage.column
               for f in result.blocking)

Targets are chosen from whatever seeds the folder holds (through `expectations.spec`), so the
cases keep working as seeds are added. Never point this at the project's own seeds/.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from scorecard.paths import SEEDS_DIR

from . import printed_cells as pc
from .spec import SeedSpec, TotalRow, specs_of


@dataclass(frozen=True)
class Breakage:
    case: str
    file: str  # as findings name it: relative to the seeds folder's parent, e.g. seeds/x/y.csv
    row: int  # spreadsheet row of the expected finding (header = 1)
    column: str  # column of the expected finding
    rule: str  # rule of the expected finding
    description: str


CASES = (
    "wrong_type",  # text in a numeric cell: '6.9%' -> '6.9x%'
    "out_of_range_share",  # a share printed as 140.0%
    "negative_count",  # a count printed as -5
    "unknown_marker",  # 'n.a.' is not one of the markers staging knows
    "duplicate_key",  # a data row copied: its source_line twice
    "missing_key",  # a blank source_line
    "unknown_report",  # report_id not in reports.csv
    "missing_column",  # a value column dropped
    "extra_column",  # a column added
    "total_mismatch",  # a total row that no longer adds up
    "utf8_bom",  # the file starts with a byte-order mark
    "blank_line",  # an empty line inside the file
    "ragged_line_long",  # a row with one field too many
    "ragged_line_short",  # a row with one field too few
    "malformed_registry_date",  # reports.csv period_start '01/09/2019'
    "impossible_headline_date",  # headline period_end '2023-02-30'
    "period_order",  # reports.csv period_start after period_end
    "printed_value_typo",  # a printed percentage changed (8.2% -> 9.2%): only the report can tell
    "thousands_separator",  # a count printed 805 captured as "1,234"
    "not_utf8",  # a seed saved as Windows-1252 (one é)
    "header_only",  # a table seed reduced to its header line: its figures would silently vanish
    "unknown_csv",  # a CSV no declaration names, dropped into seeds/
)
# Breakages of a copy of the reports folder (break_reports): the gate checks the seeds against them.
REPORT_CASES = (
    "edited_report",  # a report text edited after capture
    "truncated_report",  # a report text cut to half
    "missing_reports_folder",  # the reports folder is not there
)


def _read(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _write(path: Path, records: list[list[str]], *, bom: bool = False, blank_before: int | None = None) -> None:
    """Write records as CSV; `blank_before`: index into records before which an empty line goes."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for i, record in enumerate(records):
        if blank_before is not None and i == blank_before:
            buf.write("\n")
        writer.writerow(record)
    data = buf.getvalue().encode("utf-8")
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + data)


def _tables(specs: list[SeedSpec]) -> list[SeedSpec]:
    return [s for s in specs if s.kind == "table" and s.path.exists()]


def _value_cell(specs: list[SeedSpec], measures: tuple[str, ...], *, want_percent_sign: bool = False):
    """(spec, records, record index, column index) of the first filled value cell of a wanted measure
    in a table without arithmetic rules (so the break is the only thing that fails)."""
    for plain in (True, False):
        for spec in _tables(specs):
            if plain and spec.rules:
                continue
            records = _read(spec.path)
            header = records[0]
            readings = pc.evaluate_cells(c for r in records[1:] for c in r)
            for column, measure in spec.value_columns.items():
                if measure not in measures or column not in header:
                    continue
                j = header.index(column)
                for i, record in enumerate(records[1:], start=1):
                    cell = record[j] if j < len(record) else ""
                    p = readings.get(cell) or pc.Parsed(None)
                    if p.number is None and p.percent is None:
                        continue
                    if want_percent_sign and "%" not in cell:
                        continue
                    return spec, records, i, j
    raise LookupError(f"no table seed has a filled {'/'.join(measures)} cell")


def _first(specs: list[SeedSpec], kind: str) -> SeedSpec:
    for spec in specs:
        if spec.kind == kind and spec.path.exists():
            return spec
    raise LookupError(f"no {kind} seed")


def _plain_table(specs: list[SeedSpec]) -> SeedSpec:
    """A table seed with value columns and at least three data rows, preferably without arithmetic rules."""
    tables = [s for s in _tables(specs) if s.value_columns and len(_read(s.path)) >= 4]
    plain = [s for s in tables if not s.rules]
    return (plain or tables)[0]


def _fmt_like(original: str, value: float) -> str:
    text = f"{value:,.0f}" if "," in original else f"{value:.0f}"
    return text


def break_seed(seeds_dir: Path, case: str) -> Breakage:
    """Apply one breakage to the seeds in `seeds_dir` (a copy) and say where it must be reported."""
    seeds_dir = Path(seeds_dir).resolve()
    if seeds_dir == SEEDS_DIR.resolve():
        raise ValueError("break_seed edits files: give it a copy of the seeds, not the project's seeds/")
    specs = specs_of(seeds_dir)

    def done(spec: SeedSpec, row: int, column: str, rule: str, description: str) -> Breakage:
        return Breakage(case, spec.rel, row, column, rule, description)

    if case in ("wrong_type", "out_of_range_share", "unknown_marker", "negative_count"):
        if case == "negative_count":
            spec, records, i, j = _value_cell(specs, ("count",))
        else:
            spec, records, i, j = _value_cell(specs, ("share",), want_percent_sign=True)
        old = records[i][j]
        new = {"wrong_type": old.replace("%", "x%") if "%" in old else old + "x",
               "out_of_range_share": "140.0%",
               "unknown_marker": "n.a.",
               "negative_count": "-5"}[case]
        records[i][j] = new
        _write(spec.path, records)
        rule = {"wrong_type": "allowed_printed_pattern", "unknown_marker": "allowed_printed_pattern",
                "out_of_range_share": "percent_range", "negative_count": "count_range"}[case]
        return done(spec, i + 1, records[0][j], rule, f"{old!r} -> {new!r}")

    if case in ("duplicate_key", "missing_key", "unknown_report"):
        spec = _plain_table(specs)
        records = _read(spec.path)
        header = records[0]
        if case == "duplicate_key":
            records.append(list(records[1]))
            _write(spec.path, records)
            return done(spec, len(records), "source_line", "unique_key", "row 2 copied to the end")
        if case == "missing_key":
            records[2][header.index("source_line")] = ""
            _write(spec.path, records)
            return done(spec, 3, "source_line", "required_value", "source_line blanked")
        records[2][header.index("report_id")] = "no_such_report"
        _write(spec.path, records)
        return done(spec, 3, "report_id", "known_report", "report_id 'no_such_report'")

    if case in ("missing_column", "extra_column"):
        spec = _plain_table(specs)
        records = _read(spec.path)
        if case == "missing_column":
            column = list(spec.value_columns)[-1]
            j = records[0].index(column)
            records = [r[:j] + r[j + 1:] for r in records]
            _write(spec.path, records)
            return done(spec, 1, column, "expected_columns", f"column {column} dropped")
        records = [r + (["extra_column"] if i == 0 else ["x"]) for i, r in enumerate(records)]
        _write(spec.path, records)
        return done(spec, 1, "extra_column", "expected_columns", "column extra_column added")

    if case == "total_mismatch":
        for spec in _tables(specs):
            for rule in spec.rules:
                if isinstance(rule, TotalRow) and rule.blocking and not rule.rounding:
                    records = _read(spec.path)
                    header = records[0]
                    column = rule.columns[0]
                    j = header.index(column)
                    line = header.index("source_line")
                    last = next(i for i, r in enumerate(records[1:], start=1) if int(r[line]) in rule.total_lines)
                    old = records[last][j]
                    value = (pc.evaluate_cells([old]).get(old) or pc.Parsed(None)).number
                    if value is None:
                        continue
                    records[last][j] = _fmt_like(old, value + 1)
                    _write(spec.path, records)
                    return done(spec, last + 1, column, "total_equals_sum", f"total {old!r} -> {records[last][j]!r}")
        raise LookupError("no table seed has a blocking total row")

    if case in ("utf8_bom", "blank_line", "ragged_line_long", "ragged_line_short"):
        spec = _plain_table(specs)
        records = _read(spec.path)
        header = records[0]
        if case == "utf8_bom":
            _write(spec.path, records, bom=True)
            return done(spec, 1, header[0], "utf8_bom", "byte-order mark added")
        if case == "blank_line":
            _write(spec.path, records, blank_before=3)
            return done(spec, 4, header[0], "blank_line", "empty line after row 3")
        if case == "ragged_line_long":
            records[2] = records[2] + ["surplus"]
            _write(spec.path, records)
            return done(spec, 3, f"(field {len(header) + 1})", "ragged_line", "one field too many on row 3")
        records[2] = records[2][:-1]
        _write(spec.path, records)
        return done(spec, 3, header[-1], "ragged_line", "one field too few on row 3")

    if case in ("malformed_registry_date", "period_order"):
        spec = _first(specs, "registry")
        records = _read(spec.path)
        header = records[0]
        s, e = header.index("period_start"), header.index("period_end")
        if case == "malformed_registry_date":
            old = records[1][s]
            y, m, d = old.split("-") if old.count("-") == 2 else ("2019", "09", "01")
            records[1][s] = f"{d}/{m}/{y}"
            _write(spec.path, records)
            return done(spec, 2, "period_start", "date_format", f"{old!r} -> {records[1][s]!r}")
        for i, r in enumerate(records[1:], start=1):
            if r[s] and r[e] and r[s] < r[e]:
                r[s], r[e] = r[e], r[s]
                _write(spec.path, records)
                return done(spec, i + 1, "period_end", "period_order", "period_start and period_end swapped")
        raise LookupError("no registry row with a period to swap")

    if case == "impossible_headline_date":
        spec = _first(specs, "headline")
        records = _read(spec.path)
        e = records[0].index("period_end")
        for i, r in enumerate(records[1:], start=1):
            if r[e]:
                r[e] = r[e][:4] + "-02-30"
                _write(spec.path, records)
                return done(spec, i + 1, "period_end", "date_format", "period_end set to February 30th")
        raise LookupError("no headline row with a period_end")

    if case in ("printed_value_typo", "thousands_separator", "header_only"):
        table = "absence_rate" if case == "printed_value_typo" else "ehcp_requests"
        spec = next(s for s in _tables(specs) if s.name.endswith("__" + table))
        records = _read(spec.path)
        if case == "header_only":
            _write(spec.path, records[:1])
            return done(spec, 1, "", "no_rows", f"{spec.rel} reduced to its header line")
        column = list(spec.value_columns)[-1]  # the latest year, as printed last
        j = records[0].index(column)
        old = records[1][j]
        records[1][j] = old.replace("8.2", "9.2") if case == "printed_value_typo" else "1,234"
        _write(spec.path, records)
        return done(spec, 2, column, "provenance", f"{old!r} -> {records[1][j]!r}")

    if case == "not_utf8":
        spec = _plain_table(specs)
        data = spec.path.read_bytes()
        first_line = data.index(b"\n") + 1
        second = data.index(b",", first_line)
        spec.path.write_bytes(data[:second] + " caf\u00e9".encode("cp1252") + data[second:])
        return done(spec, 2, "", "encoding", "one cell saved as Windows-1252")

    if case == "unknown_csv":
        extra = seeds_dir / "extra.csv"
        extra.write_text("a,b\n1,2\n", encoding="utf-8")
        return Breakage(case, "seeds/extra.csv", 0, "", "undeclared_seed", "an undeclared CSV dropped in")

    raise ValueError(f"unknown case {case!r}; one of {', '.join(CASES)}")


def break_reports(reports_dir: Path, case: str) -> Breakage:
    """Apply one breakage to a copy of the reports folder (``missing_reports_folder`` removes it) and say
    where the gate must report it."""
    reports_dir = Path(reports_dir)
    if case == "missing_reports_folder":
        import shutil

        shutil.rmtree(reports_dir)
        return Breakage(case, str(reports_dir), 0, "", "reports_folder", "the reports folder removed")
    name = "2024-11-12_overview-scrutiny-send-data.txt"
    path = reports_dir / name
    text = path.read_text(encoding="utf-8")
    if case == "edited_report":
        path.write_text(text.replace("SEND", "SEN", 1), encoding="utf-8")
    elif case == "truncated_report":
        path.write_text(text[: len(text) // 2], encoding="utf-8")
    else:
        raise ValueError(f"unknown case {case!r}; one of {', '.join(REPORT_CASES)}")
    return Breakage(case, "seeds/reports.csv", 0, "source_sha256", "report_fingerprint", f"{name}: {case}")


__all__ = ["CASES", "REPORT_CASES", "Breakage", "break_reports", "break_seed"]
