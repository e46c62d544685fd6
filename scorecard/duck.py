"""Read-only access to a DuckDB warehouse file, shared by the pipeline, the exporters and the tests.

Every connection is opened read-only and closed when the block ends: DuckDB allows one writer per
file, and a reader must not hold the file while the pipeline writes or publishes the next one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb

MARTS = "marts"


@contextlib.contextmanager
def connect(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        yield con
    finally:
        con.close()


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def relation(schema: str, name: str) -> str:
    """A quoted schema.name."""
    return f"{quote(schema)}.{quote(name)}"


def tables(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    """Tables and views of a schema of the connected file, by name."""
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = current_database() and table_schema = ? order by table_name",
        [schema],
    ).fetchall()
    return [r[0] for r in rows]


def exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    row = con.execute(
        "select count(*) from information_schema.tables "
        "where table_catalog = current_database() and table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()
    return bool(row and row[0])


def columns(con: duckdb.DuckDBPyConnection, schema: str) -> dict[str, list[tuple[str, str]]]:
    """table -> [(column, type)] for every relation of a schema, in column order."""
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in con.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_catalog = current_database() and table_schema = ? order by table_name, ordinal_position",
        [schema],
    ).fetchall():
        out.setdefault(table, []).append((column, dtype))
    return out


def read(con: duckdb.DuckDBPyConnection, schema: str, name: str, order_by: str = ""):
    """The whole relation as a pandas DataFrame, or None when the file does not have it."""
    if not exists(con, schema, name):
        return None
    return con.execute(f"select * from {relation(schema, name)} {order_by}").df()


def records(df) -> list[dict]:
    """Rows as dicts (much faster than DataFrame.to_dict / iterrows on Arrow-backed columns)."""
    if df is None or not len(df):
        return []
    cols = list(df.columns)
    return [dict(zip(cols, row)) for row in zip(*(df[c].tolist() for c in cols))]


def row_counts(db_path: Path, relations: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """(schema, name) -> count(*) for every one of the relations the file has."""
    counts: dict[tuple[str, str], int] = {}
    if not Path(db_path).exists():
        return counts
    with connect(db_path) as con:
        for schema, name in relations:
            if exists(con, schema, name):
                counts[(schema, name)] = int(con.execute(f"select count(*) from {relation(schema, name)}").fetchone()[0])
    return counts


def tables_per_schema(db_path: Path) -> dict[str, int]:
    if not Path(db_path).exists():
        return {}
    with connect(db_path) as con:
        rows = con.execute(
            "select table_schema, count(*) from information_schema.tables "
            "where table_catalog = current_database() group by 1 order by 1"
        ).fetchall()
    return {schema: int(n) for schema, n in rows}
