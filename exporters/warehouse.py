"""Read-only access to the DuckDB warehouse, shared by the exports."""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb
import pandas as pd

from .config import PROJECT_ROOT

MARTS = "marts"
STAGING = "staging"


@contextmanager
def connect(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        yield con
    finally:
        _COLUMNS.pop(id(con), None)
        con.close()


def tables(con: duckdb.DuckDBPyConnection, schema: str, kinds: tuple[str, ...] = ("BASE TABLE", "VIEW")) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_catalog = current_database() and table_schema = ? and table_type in "
        f"({', '.join('?' for _ in kinds)}) order by table_name",
        [schema, *kinds],
    ).fetchall()
    return [r[0] for r in rows]


def exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return con.execute(
        "select count(*) from information_schema.tables where table_catalog = current_database() and table_schema = ? and table_name = ?", [schema, name]
    ).fetchone()[0] > 0


def relation(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> str:
    """A quoted schema.table name."""
    return ".".join('"' + part.replace('"', '""') + '"' for part in (schema, name))


def read(con: duckdb.DuckDBPyConnection, schema: str, name: str, where: str = "") -> pd.DataFrame | None:
    """The whole table as a DataFrame, or None when it is not in the warehouse."""
    if not exists(con, schema, name):
        return None
    return con.execute(f"select * from {relation(con, schema, name)} {where}").df()


def columns(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> list[tuple[str, str]]:
    return schema_columns(con, schema).get(name, [])


def schema_columns(con: duckdb.DuckDBPyConnection, schema: str) -> dict[str, list[tuple[str, str]]]:
    """table -> [(column, type)] for every relation of a schema (one catalogue query per connection)."""
    cache = _COLUMNS.setdefault(id(con), {})
    if schema not in cache:
        out: dict[str, list[tuple[str, str]]] = {}
        for table, column, dtype in con.execute(
            "select table_name, column_name, data_type from information_schema.columns where table_catalog = current_database() and table_schema = ? "
            "order by table_name, ordinal_position",
            [schema],
        ).fetchall():
            out.setdefault(table, []).append((column, dtype))
        cache[schema] = out
    return cache[schema]


_COLUMNS: dict[int, dict[str, dict]] = {}


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts (much faster than DataFrame.to_dict / iterrows on Arrow-backed columns)."""
    cols = list(df.columns)
    return [dict(zip(cols, row)) for row in zip(*(df[c].tolist() for c in cols))] if len(df) else []


def manifest_path(db_path: Path | None = None) -> Path | None:
    """The dbt manifest describing this warehouse: $DBT_TARGET_PATH, then target/ beside the project."""
    candidates = []
    if os.environ.get("DBT_TARGET_PATH"):
        candidates.append(Path(os.environ["DBT_TARGET_PATH"]) / "manifest.json")
    if db_path is not None:
        candidates.append(Path(db_path).resolve().parent / "target" / "manifest.json")
    candidates.append(PROJECT_ROOT / "target" / "manifest.json")
    for path in candidates:
        if path.is_file():
            return path
    return None


def column_descriptions(db_path: Path | None = None) -> dict[tuple[str, str], str]:
    """(model name, column) -> description, from the dbt manifest when there is one; plus
    (model name, '') -> the model's description."""
    path = manifest_path(db_path)
    if path is None:
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out: dict[tuple[str, str], str] = {}
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") not in ("model", "seed", "snapshot"):
            continue
        name = node.get("alias") or node.get("name")
        if node.get("description"):
            out[(name, "")] = node["description"].strip()
        for col, meta in (node.get("columns") or {}).items():
            if meta.get("description"):
                out[(name, col)] = meta["description"].strip()
    return out
