"""Export every table of the ``marts`` schema, and the metric layer's tables (schema ``metrics``, in
``csv/metrics/`` and ``parquet/metrics/``), as CSV and Parquet, each folder with a data dictionary.

These are the warehouse's own tables for analysts and BI tools: published figures as printed, no
disclosure control. The data dictionary (table, column, type, description) reads the table and column
comments the warehouse carries (dbt ``persist_docs``: the descriptions in the dbt YAML). In the CSV
files, text a spreadsheet could run as a formula is escaped (``safe_text``); Parquet keeps every value.
"""

from __future__ import annotations

import csv
from pathlib import Path

from scorecard import duck

from .safe_text import sql_csv_cell

DICTIONARY = "data_dictionary.csv"
SCHEMAS = {duck.MARTS: "", "metrics": "metrics"}  # schema -> subfolder


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def export_tables(db_path: Path, out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    csv_dir, parquet_dir = out_dir / "csv", out_dir / "parquet"
    for folder, pattern in ((csv_dir, "*.csv"), (parquet_dir, "*.parquet")):
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.rglob(pattern):
            stale.unlink()  # a mart dropped since the last export must not linger
    written: list[Path] = []
    dictionary: list[tuple[str, str, str, str, str]] = []
    with duck.connect(db_path) as con:
        for schema, sub in SCHEMAS.items():
            written += _export_schema(con, schema, csv_dir / sub, parquet_dir / sub, dictionary)
    for folder in (csv_dir, parquet_dir):
        path = folder / DICTIONARY
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(["schema", "table", "column", "type", "description"])
            writer.writerows(dictionary)
        written.append(path)
    return written


def _export_schema(con, schema: str, csv_dir: Path, parquet_dir: Path, dictionary: list) -> list[Path]:
    written: list[Path] = []
    comments = {(t, c): comment or "" for t, c, comment in con.execute(
        "select table_name, column_name, comment from duckdb_columns() "
        "where database_name = current_database() and schema_name = ?", [schema]).fetchall()}
    table_comments = {t: comment or "" for t, comment in con.execute(
        "select table_name, comment from duckdb_tables() where database_name = current_database() "
        "and schema_name = ?", [schema]).fetchall()}
    tables = duck.columns(con, schema)
    if tables:
        csv_dir.mkdir(parents=True, exist_ok=True)
        parquet_dir.mkdir(parents=True, exist_ok=True)
    for table, columns in tables.items():
        relation = duck.relation(schema, table)
        csv_path, parquet_path = csv_dir / f"{table}.csv", parquet_dir / f"{table}.parquet"
        select = ", ".join(
            f"{sql_csv_cell(duck.quote(c))} as {duck.quote(c)}" if dtype == "VARCHAR" else duck.quote(c)
            for c, dtype in columns)
        # DuckDB writes both files itself (fast, typed Parquet, ISO dates in the CSV).
        con.execute(f"copy (select {select} from {relation}) to '{_sql_path(csv_path)}' (header, delimiter ',')")
        con.execute(f"copy (select * from {relation}) to '{_sql_path(parquet_path)}' (format parquet)")
        written += [csv_path, parquet_path]
        dictionary.append((schema, table, "", "", table_comments.get(table, "")))
        for column, dtype in columns:
            dictionary.append((schema, table, column, dtype, comments.get((table, column), "")))
    return written
