"""Read-only questions asked of a built DuckDB warehouse (row counts, reconciliation, observations).

Every function opens the file read-only and closes it before returning: DuckDB allows one writer per
file, and a reader must not hold the file while the next step writes or renames it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterable, Iterator

import duckdb


@contextlib.contextmanager
def read_only(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        yield con
    finally:
        con.close()


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def relation_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    row = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()
    return bool(row and row[0])


def row_counts(db_path: Path, relations: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """(schema, name) -> count(*) for every relation that exists (views included)."""
    counts: dict[tuple[str, str], int] = {}
    if not Path(db_path).exists():
        return counts
    with read_only(db_path) as con:
        for schema, name in relations:
            if not relation_exists(con, schema, name):
                continue
            try:
                counts[(schema, name)] = int(
                    con.execute(f"select count(*) from {_quote(schema)}.{_quote(name)}").fetchone()[0]
                )
            except duckdb.Error:
                continue
    return counts


def tables_per_schema(db_path: Path) -> dict[str, int]:
    if not Path(db_path).exists():
        return {}
    with read_only(db_path) as con:
        rows = con.execute(
            "select table_schema, count(*) from information_schema.tables "
            "where table_schema not in ('information_schema', 'pg_catalog') group by 1 order by 1"
        ).fetchall()
    return {schema: int(n) for schema, n in rows}


def reconciliation_counts(db_path: Path) -> dict[str, int] | None:
    """Counts by status of marts.fct_reconciliation, or None when the table is not built (yet)."""
    if not Path(db_path).exists():
        return None
    with read_only(db_path) as con:
        if not relation_exists(con, "marts", "fct_reconciliation"):
            return None
        try:
            rows = con.execute(
                "select coalesce(cast(status as varchar), '(null)'), count(*) "
                "from marts.fct_reconciliation group by 1 order by 1"
            ).fetchall()
        except duckdb.Error:
            return None
    return {status: int(n) for status, n in rows}


def figures_captured(db_path: Path) -> list[tuple[str, str, int, int, int]] | None:
    """Captured figures per report and table (marts.mart_capture_summary): (report_id, source_table,
    printed, unavailable, derived), or None when the mart is not there."""
    if not Path(db_path).exists():
        return None
    with read_only(db_path) as con:
        if not relation_exists(con, "marts", "mart_capture_summary"):
            return None
        try:
            rows = con.execute(
                "select report_id, source_table, figures_printed, figures_unavailable, figures_derived "
                "from marts.mart_capture_summary order by report_id, source_table"
            ).fetchall()
        except duckdb.Error:
            return None
    return [(r, t, int(p), int(u), int(d)) for r, t, p, u, d in rows]


def md_counts(counts: dict[str, int], key_header: str, value_header: str = "rows") -> str:
    lines = [f"| {key_header} | {value_header} |", "| --- | --- |"]
    lines += [f"| {key} | {value} |" for key, value in counts.items()]
    return "\n".join(lines)
