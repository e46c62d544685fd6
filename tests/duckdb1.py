"""A DuckDB 1.x client, as BI tools ship it, in a virtualenv of its own: can it open a DuckDB file?

The project pins duckdb 2.x, whose files default to storage v2 (header version 999) that DuckDB 1.x
drivers (ODBC/JDBC in Power BI, Metabase, Superset, DBeaver...) cannot open. ``ensure_client()``
builds (once, cached in ``~/.cache/scorecard-duckdb1/duckdb-<version>-py<X.Y>``, or
``SCORECARD_DUCKDB1_CACHE``) a virtualenv with ``duckdb==DUCKDB1_VERSION`` from PyPI;
``read_schema()`` runs a small script in that interpreter which opens a file read-only and reads every
table and view of one schema, and returns what it printed (JSON).

``write_v1_copy()`` is the recipe for a 1.x-readable copy of a built database, with the pinned duckdb:
attach both, ``COPY FROM DATABASE``, detach (which checkpoints: until then the data sit in a .wal).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

DUCKDB1_VERSION = "1.1.3"  # the oldest 1.1.x with wheels for this Python; reads storage v1.1.0 files
STORAGE_VERSION = "v1.1.0"
HEADER_VERSION_1X = 64  # the storage version number in the file header of DuckDB 0.10 - 1.x files


def cache_dir() -> Path:
    base = Path(os.environ.get("SCORECARD_DUCKDB1_CACHE") or Path.home() / ".cache" / "scorecard-duckdb1")
    return base / f"duckdb-{DUCKDB1_VERSION}-py{sys.version_info.major}{sys.version_info.minor}"


def _client_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def _client_ok(venv: Path) -> bool:
    python = _client_python(venv)
    if not python.exists() or not (venv / ".ok").exists():
        return False
    proc = subprocess.run([str(python), "-c", "import duckdb; print(duckdb.__version__)"],
                          capture_output=True, text=True, timeout=60)
    return proc.returncode == 0 and proc.stdout.strip() == DUCKDB1_VERSION


def ensure_client() -> Path:
    """The python of the cached DuckDB 1.x virtualenv, built when missing (needs PyPI, about 5 s)."""
    venv = cache_dir()
    if _client_ok(venv):
        return _client_python(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / f".{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two test runs at once build it once
        if _client_ok(venv):
            return _client_python(venv)
        build = Path(tempfile.mkdtemp(prefix=f".{venv.name}.", dir=venv.parent))
        try:
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(build)], check=True,
                           capture_output=True, text=True, timeout=300)
            proc = subprocess.run(
                [str(_client_python(build)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                 "--no-input", f"duckdb=={DUCKDB1_VERSION}"],
                capture_output=True, text=True, timeout=600,
            )
            if proc.returncode != 0:
                raise RuntimeError(f"pip install duckdb=={DUCKDB1_VERSION} failed:\n{proc.stdout}\n{proc.stderr}")
            (build / ".ok").write_text(DUCKDB1_VERSION + "\n")
            if venv.exists():
                shutil.rmtree(venv)
            # only `bin/python -c` is used, which works from the renamed folder (console scripts would not)
            os.rename(build, venv)
        finally:
            shutil.rmtree(build, ignore_errors=True)
    if not _client_ok(venv):
        raise RuntimeError(f"the DuckDB {DUCKDB1_VERSION} client in {venv} does not import")
    return _client_python(venv)


READER_SCRIPT = r"""
import json, sys
import duckdb

path, schema = sys.argv[1], sys.argv[2]
out = {"duckdb_version": duckdb.__version__, "error": None, "relations": {}, "comments": {}, "constraints": []}
try:
    con = duckdb.connect(path, read_only=True)
except Exception as exc:
    out["error"] = f"{type(exc).__name__}: {exc}"
    print(json.dumps(out))
    sys.exit(0)

def q(name):
    return '"' + name.replace('"', '""') + '"'

for name, kind in con.execute(
        "select table_name, table_type from information_schema.tables where table_schema = ? order by 1",
        [schema]).fetchall():
    entry = {"type": kind}
    try:
        entry["count"] = con.execute(f"select count(*) from {q(schema)}.{q(name)}").fetchone()[0]
        cur = con.execute(f"select * from {q(schema)}.{q(name)} limit 3")
        entry["columns"] = [d[0] for d in cur.description]
        entry["sample"] = [[str(v) for v in row] for row in cur.fetchall()]
    except Exception as exc:
        entry["error"] = f"{type(exc).__name__}: {exc}"
    out["relations"][name] = entry
for name, comment in con.execute(
        "select table_name, comment from duckdb_tables() where schema_name = ? and comment is not null "
        "union all select view_name, comment from duckdb_views() where schema_name = ? and comment is not null",
        [schema, schema]).fetchall():
    out["comments"][name] = comment
for table, column, comment in con.execute(
        "select table_name, column_name, comment from duckdb_columns() where schema_name = ? and comment is not null",
        [schema]).fetchall():
    out["comments"][f"{table}.{column}"] = comment
out["constraints"] = [
    [t, kind, cols] for t, kind, cols in con.execute(
        "select table_name, constraint_type, constraint_column_names from duckdb_constraints() "
        "where schema_name = ? and constraint_type in ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY') order by all",
        [schema]).fetchall()
]
con.close()
print(json.dumps(out, default=str))
"""


def read_schema(db_path: Path | str, schema: str = "marts") -> dict:
    """What the DuckDB 1.x client reads of ``schema`` in ``db_path``: ``error`` (could not open), and per
    relation its type, count, columns and a few rows (or its error); comments; key constraints."""
    python = ensure_client()
    proc = subprocess.run([str(python), "-c", READER_SCRIPT, str(db_path), schema],
                          capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"the DuckDB {DUCKDB1_VERSION} reader failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)


def header_version(db_path: Path | str) -> int | None:
    """The storage version number in a DuckDB file header: 64 for DuckDB 0.10 - 1.x files, 999 for v2."""
    with open(db_path, "rb") as fh:
        head = fh.read(20)
    if len(head) < 20 or head[8:12] != b"DUCK":
        return None
    return struct.unpack("<Q", head[12:20])[0]


def write_v1_copy(src: Path | str, dst: Path | str, storage_version: str = STORAGE_VERSION) -> None:
    """Write ``dst`` (must not exist) as a copy of the DuckDB database ``src`` in ``storage_version``,
    with the pinned duckdb: tables, views, comments, constraints, macros and sequences."""
    import duckdb

    dst = Path(dst)
    if dst.exists():
        raise FileExistsError(dst)
    con = duckdb.connect()
    try:
        con.execute(f"attach '{_sql_str(src)}' as build (read_only)")
        con.execute(f"attach '{_sql_str(dst)}' as out (storage_version '{storage_version}')")
        con.execute("copy from database build to out")
        con.execute("detach out")  # checkpoints: the copy is in the file, no .wal left beside it
        con.execute("detach build")
    finally:
        con.close()


def _sql_str(path: Path | str) -> str:
    return str(path).replace("'", "''")
