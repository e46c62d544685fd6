"""Export every table in the ``marts`` schema as CSV and Parquet, each folder with a data dictionary.

These are the warehouse's own tables for analysts and BI tools: published figures as printed, no
disclosure control (see ``disclosure.py``; the public exports apply it).
"""

from __future__ import annotations

import csv
from pathlib import Path

from . import warehouse

DICTIONARY = "data_dictionary.csv"


def export_tables(db_path: Path, out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    csv_dir, parquet_dir = out_dir / "csv", out_dir / "parquet"
    for folder, pattern in ((csv_dir, "*.csv"), (parquet_dir, "*.parquet")):
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(pattern):
            stale.unlink()  # a mart dropped since the last export must not linger
    descriptions = warehouse.column_descriptions(db_path)
    written: list[Path] = []
    dictionary: list[tuple[str, str, str, str]] = []
    with warehouse.connect(db_path) as con:
        for table in warehouse.tables(con, warehouse.MARTS):
            relation = warehouse.relation(con, warehouse.MARTS, table)
            csv_path, parquet_path = csv_dir / f"{table}.csv", parquet_dir / f"{table}.parquet"
            # DuckDB writes both files itself (fast, typed Parquet, ISO dates in the CSV).
            con.execute(f"copy (select * from {relation}) to '{_sql_path(csv_path)}' (header, delimiter ',')")
            con.execute(f"copy (select * from {relation}) to '{_sql_path(parquet_path)}' (format parquet)")
            written += [csv_path, parquet_path]
            for column, dtype in warehouse.columns(con, warehouse.MARTS, table):
                dictionary.append((table, column, dtype, descriptions.get((table, column), "")))
    for folder in (csv_dir, parquet_dir):
        path = folder / DICTIONARY
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["table", "column", "type", "description"])
            writer.writerows(dictionary)
        written.append(path)
    return written


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
