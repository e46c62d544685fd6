"""Compare two published warehouses (and their exports) row for row: a refactor's proof that the
outputs did not change.

    python -m scorecard.compare OLD.duckdb NEW.duckdb [--exports OLD_DIR NEW_DIR] [--schemas marts,intermediate]

For every table of the compared schemas: tables only in one, columns only in one, and, on the common
columns, the rows (as a multiset: row order is not a result) only in one. For export folders: files
only in one, and for each common file whether it is byte-identical, else (CSV) whether it holds the
same rows, else that it differs. Exit 0 when nothing differs.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import Counter
from pathlib import Path

from scorecard import duck


def _rows(con, schema: str, table: str, columns: list[str]) -> Counter:
    cols = ", ".join(duck.quote(c) for c in columns)
    rows = con.execute(f"select {cols} from {duck.relation(schema, table)}").fetchall()
    return Counter(tuple(_norm(v) for v in row) for row in rows)


def _norm(value):
    if isinstance(value, float):
        return round(value, 9)
    return value


def compare_warehouses(old: Path, new: Path, schemas: list[str]) -> list[str]:
    out: list[str] = []
    with duck.connect(old) as a, duck.connect(new) as b:
        for schema in schemas:
            ca, cb = duck.columns(a, schema), duck.columns(b, schema)
            for table in sorted(set(ca) - set(cb)):
                out.append(f"{schema}.{table}: only in old")
            for table in sorted(set(cb) - set(ca)):
                out.append(f"{schema}.{table}: only in new")
            for table in sorted(set(ca) & set(cb)):
                cols_a = [c for c, _ in ca[table]]
                cols_b = [c for c, _ in cb[table]]
                for c in cols_a:
                    if c not in cols_b:
                        out.append(f"{schema}.{table}.{c}: column only in old")
                for c in cols_b:
                    if c not in cols_a:
                        out.append(f"{schema}.{table}.{c}: column only in new")
                common = [c for c in cols_a if c in cols_b]
                ra, rb = _rows(a, schema, table, common), _rows(b, schema, table, common)
                if ra != rb:
                    gone, added = ra - rb, rb - ra
                    out.append(f"{schema}.{table}: {sum(gone.values())} row(s) only in old, "
                               f"{sum(added.values())} only in new (of {sum(ra.values())} / {sum(rb.values())}; "
                               f"common columns {len(common)})")
    return out


def _csv_rows(path: Path) -> Counter:
    with open(path, newline="", encoding="utf-8") as fh:
        return Counter(tuple(r) for r in csv.reader(fh))


def _parquet_rows(path: Path) -> Counter:
    import duckdb

    con = duckdb.connect()
    try:
        return Counter(tuple(_norm(v) for v in row) for row in con.execute(
            f"select * from read_parquet('{str(path).replace(chr(39), chr(39) * 2)}')").fetchall())
    finally:
        con.close()


def _workbook_rows(path: Path) -> dict[str, Counter]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: Counter(tuple(_norm(c) for c in row) for row in ws.iter_rows(values_only=True)) for ws in book}


_READERS = {".csv": _csv_rows, ".parquet": _parquet_rows, ".xlsx": _workbook_rows}


def compare_exports(old: Path, new: Path) -> list[str]:
    out: list[str] = []
    fa = {p.relative_to(old) for p in old.rglob("*") if p.is_file()}
    fb = {p.relative_to(new) for p in new.rglob("*") if p.is_file()}
    out += [f"{p}: only in old" for p in sorted(fa - fb)]
    out += [f"{p}: only in new" for p in sorted(fb - fa)]
    for p in sorted(fa & fb):
        da, db = (old / p).read_bytes(), (new / p).read_bytes()
        if hashlib.sha256(da).digest() == hashlib.sha256(db).digest():
            continue
        reader = _READERS.get(p.suffix)
        if reader is not None and reader(old / p) == reader(new / p):
            continue  # the same rows (another order, or another encoding of the same values)
        out.append(f"{p}: differs" + ("" if reader else " (compared byte for byte)"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scorecard.compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--schemas", default="marts,intermediate")
    parser.add_argument("--exports", nargs=2, type=Path, metavar=("OLD_DIR", "NEW_DIR"))
    args = parser.parse_args(argv)
    findings = compare_warehouses(args.old, args.new, args.schemas.split(","))
    if args.exports:
        findings += compare_exports(*args.exports)
    for line in findings:
        print(line)
    print(f"{len(findings)} difference(s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
