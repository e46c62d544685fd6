"""The BI copy on PostgreSQL (bi/): a real server started from the system binaries, no mocks.

One throwaway server for the module (a temp folder, a free loopback port; stopped at the end). A small
DuckDB file made here drives the unit-level checks; the warehouse the full pipeline published
(``published_warehouse``) is copied once. The reader always logs in with the password from the
server's .pgpass file (libpq's ``passfile``), as a BI tool would.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import psycopg
import pytest

from bi import publish as bi_publish
from bi import server
from bi.__main__ import main as cli_main

ROOT = Path(__file__).resolve().parents[1]

try:
    server.find_binaries()
    MISSING = None
except server.PostgresNotInstalled as exc:
    MISSING = str(exc)
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def pg(tmp_path_factory):
    """A running server: (LocalServer, Status). As root, PostgreSQL runs as the `postgres` OS user,
    which cannot enter pytest's 0700 temp root, so the server folder is then a fresh 0711 folder
    under the system temp folder instead (removed at the end)."""
    if os.geteuid() == 0:
        base = Path(tempfile.mkdtemp(prefix="scorecard-bi-test-"))
        os.chmod(base, 0o711)
    else:
        base = tmp_path_factory.mktemp("bi_pg")
    local = server.LocalServer(base / "pg", _free_port())
    try:
        status = local.start(echo=lambda _msg: None)
        yield local, status
    finally:
        try:
            local.stop(echo=lambda _msg: None)
        finally:
            if os.geteuid() == 0:
                shutil.rmtree(base, ignore_errors=True)


def _admin(pg) -> str:
    local, status = pg
    return local.admin_conninfo(status.port)


def _reader(pg):
    _, status = pg
    return psycopg.connect(status.url, passfile=str(status.pgpass), autocommit=True)


def _password(pg) -> str:
    _, status = pg
    line = status.pgpass.read_text().splitlines()[0]
    return line.split(":")[4]


def _make_small(path: Path, *, fct_rows: int = 1000, with_metrics: bool = True) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute(
            f"""
            create schema marts;
            create table marts.dim_area (area_id integer primary key, area_name varchar not null unique,
                population bigint, opened date, updated_at timestamp, share decimal(5, 2),
                active boolean, score double);
            comment on table marts.dim_area is 'One row per area';
            comment on column marts.dim_area.area_name is 'The area''s name, as printed';
            insert into marts.dim_area values
                (1, 'Sefton', 280000, '1974-04-01', '2024-05-01 10:30:00', 12.50, true, 0.1),
                (2, 'England', null, null, null, null, null, null),
                (3, 'North West', 7400000, '1994-01-01', '2024-05-02 00:00:00', 99.99, false, -1.5e-9);
            create table marts.fct_obs (obs_id integer primary key,
                area_id integer references marts.dim_area (area_id), value double, label varchar,
                tags varchar[]);
            comment on table marts.fct_obs is 'One row per figure';
            comment on column marts.fct_obs.value is 'The figure';
            insert into marts.fct_obs
                select i, 1 + i % 3, i / 7, case when i % 10 = 0 then null else 'figure ' || i end,
                       ['a', 'b ' || i] from range({fct_rows}) t(i);
            create view marts.v_area_totals as
                select a.area_name, count(*) as n, sum(o.value) as total
                from marts.fct_obs o join marts.dim_area a using (area_id) group by all;
            comment on view marts.v_area_totals is 'Totals per area';
            create schema raw;
            create table raw.not_published (x integer);
            """
        )
        if with_metrics:
            con.execute(
                """
                create schema metrics;
                create table metrics.metric_value (metric_id varchar primary key, value double);
                insert into metrics.metric_value values ('absence_rate', 8.2), ('pa_rate', 21.5);
                """
            )
    finally:
        con.close()


def _duck_counts(path: Path, schemas=("marts", "metrics")) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        rels = con.execute(
            "select table_schema, table_name from information_schema.tables where list_contains(?, table_schema)",
            [list(schemas)],
        ).fetchall()
        return {f"{s}.{t}": con.execute(f'select count(*) from "{s}"."{t}"').fetchone()[0] for s, t in rels}


def _pg_counts(con, schemas=("marts", "metrics")) -> dict[str, int]:
    rels = con.execute(
        "select table_schema, table_name from information_schema.tables where table_schema = any(%s)",
        [list(schemas)],
    ).fetchall()
    return {f"{s}.{t}": con.execute(f'select count(*) from "{s}"."{t}"').fetchone()[0] for s, t in rels}


def _leftover_schemas(con) -> list[str]:
    return [r[0] for r in con.execute(
        "select nspname from pg_namespace where nspname like '%\\_\\_incoming' or nspname like '%\\_\\_old'"
    ).fetchall()]


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bi_duck") / "small.duckdb"
    _make_small(path)
    return path


@pytest.fixture(scope="module")
def published_small(pg, small):
    return bi_publish.publish(small, _admin(pg))


def test_reader_counts_the_same_rows_as_duckdb(pg, small, published_small):
    expected = _duck_counts(small)
    assert published_small.rows == expected
    assert published_small.schemas == ["marts", "metrics"] and not published_small.skipped_schemas
    with _reader(pg) as con:
        assert con.execute("select current_user").fetchone()[0] == server.READER_ROLE
        assert _pg_counts(con) == expected
        assert con.execute("select count(*) from information_schema.tables where table_schema = 'raw'").fetchone()[0] == 0
        row = con.execute(
            "select area_name, population, opened, updated_at, share, active, score from marts.dim_area where area_id = 1"
        ).fetchone()
        assert [str(v) for v in row] == ["Sefton", "280000", "1974-04-01", "2024-05-01 10:30:00", "12.50", "True", "0.1"]
        assert con.execute("select score from marts.dim_area where area_id = 3").fetchone()[0] == -1.5e-9
        assert con.execute("select count(*) from marts.fct_obs where label is null").fetchone()[0] == 100
        assert con.execute("select tags from marts.fct_obs where obs_id = 7").fetchone()[0] == ["a", "b 7"]
        assert con.execute("select total from marts.v_area_totals where area_name = 'Sefton'").fetchone()[0] == \
            pytest.approx(sum(i / 7 for i in range(1000) if i % 3 == 0))
        types = dict(con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'dim_area'").fetchall())
    assert types == {
        "area_id": "integer", "area_name": "text", "population": "bigint", "opened": "date",
        "updated_at": "timestamp without time zone", "share": "numeric", "active": "boolean",
        "score": "double precision",
    }


def test_comments_and_keys_arrive(pg, published_small):
    with _reader(pg) as con:
        def table_comment(name):
            return con.execute("select obj_description(%s::regclass, 'pg_class')", [name]).fetchone()[0]

        def column_comment(name, column):
            return con.execute(
                "select col_description(%s::regclass, (select attnum from pg_attribute "
                "where attrelid = %s::regclass and attname = %s))", [name, name, column]).fetchone()[0]

        assert table_comment("marts.dim_area") == "One row per area"
        assert table_comment("marts.fct_obs") == "One row per figure"
        assert table_comment("marts.v_area_totals") == "Totals per area"
        assert column_comment("marts.dim_area", "area_name") == "The area's name, as printed"
        assert column_comment("marts.fct_obs", "value") == "The figure"
        keys = con.execute(
            """
            select c.conrelid::regclass::text, c.contype::text,
                   array(select a.attname::text from unnest(c.conkey) k join pg_attribute a
                         on a.attrelid = c.conrelid and a.attnum = k order by 1),
                   c.confrelid::regclass::text
            from pg_constraint c join pg_namespace n on n.oid = c.connamespace
            where n.nspname in ('marts', 'metrics') and c.contype in ('p', 'u', 'f') order by 1, 2
            """
        ).fetchall()
        nullable = dict(con.execute(
            "select column_name, is_nullable from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'dim_area'").fetchall())
    assert ("marts.dim_area", "p", ["area_id"], "-") in keys
    assert ("marts.dim_area", "u", ["area_name"], "-") in keys
    assert ("marts.fct_obs", "p", ["obs_id"], "-") in keys
    assert ("marts.fct_obs", "f", ["area_id"], "marts.dim_area") in keys
    assert ("metrics.metric_value", "p", ["metric_id"], "-") in keys
    assert len(keys) == 5 and not published_small.skipped_keys
    assert nullable["area_name"] == "NO" and nullable["population"] == "YES"


@pytest.mark.parametrize("statement", [
    "create table marts.x (a integer)",
    "create table public.x (a integer)",
    "create temp table x (a integer)",
    "create schema x",
    "insert into marts.dim_area (area_id, area_name) values (9, 'x')",
    "update marts.dim_area set area_name = 'x'",
    "delete from marts.fct_obs",
    "truncate marts.fct_obs",
    "drop table metrics.metric_value",
    "comment on table marts.dim_area is 'x'",
])
def test_the_reader_cannot_change_anything(pg, published_small, statement):
    with _reader(pg) as con, pytest.raises(psycopg.errors.InsufficientPrivilege):
        con.execute(statement)


def test_a_failed_publish_leaves_the_previous_data(pg, small, published_small, tmp_path, monkeypatch):
    before = _duck_counts(small)
    changed = tmp_path / "changed.duckdb"
    _make_small(changed, fct_rows=37)
    real_load = bi_publish._load_table

    def load_fails_on_fct_obs(duck, con, rel, schema):
        if rel.name == "fct_obs":
            raise RuntimeError("injected: the load of fct_obs failed")
        return real_load(duck, con, rel, schema)

    monkeypatch.setattr(bi_publish, "_load_table", load_fails_on_fct_obs)
    with pytest.raises(RuntimeError, match="injected"):
        bi_publish.publish(changed, _admin(pg))
    with _reader(pg) as con:
        assert _pg_counts(con) == before
        assert not _leftover_schemas(con)
    monkeypatch.undo()

    # a failure inside the swap transaction (after the renames): rolled back as a whole
    real_drop = bi_publish._drop_schemas

    def drop_fails_on_old(con, schemas):
        schemas = list(schemas)
        if any(s.endswith(bi_publish.OLD) for s in schemas):
            raise RuntimeError("injected: dropping the old schemas failed")
        return real_drop(con, schemas)

    monkeypatch.setattr(bi_publish, "_drop_schemas", drop_fails_on_old)
    with pytest.raises(RuntimeError, match="injected"):
        bi_publish.publish(changed, _admin(pg))
    monkeypatch.undo()
    with _reader(pg) as con:
        assert _pg_counts(con) == before
        assert not _leftover_schemas(con)

    # and the next publish goes through
    summary = bi_publish.publish(changed, _admin(pg))
    assert summary.rows["marts.fct_obs"] == 37
    with _reader(pg) as con:
        assert _pg_counts(con) == _duck_counts(changed)
    bi_publish.publish(small, _admin(pg))  # put the module's data back


def test_a_schema_missing_from_duckdb_is_skipped_and_left_alone(pg, published_small, tmp_path):
    only_marts = tmp_path / "only_marts.duckdb"
    _make_small(only_marts, fct_rows=5, with_metrics=False)
    summary = bi_publish.publish(only_marts, _admin(pg))
    assert summary.schemas == ["marts"] and summary.skipped_schemas == ["metrics"]
    with _reader(pg) as con:
        assert con.execute("select count(*) from marts.fct_obs").fetchone()[0] == 5
        assert con.execute("select count(*) from metrics.metric_value").fetchone()[0] == 2
        assert not _leftover_schemas(con)


def test_pgpass_is_private_and_the_cli_never_prints_the_password(pg, small, published_small, tmp_path):
    local, status = pg
    assert stat.S_IMODE(status.pgpass.stat().st_mode) == 0o600
    password = _password(pg)
    assert len(password) >= 32
    lines = status.pgpass.read_text().splitlines()
    assert f"127.0.0.1:{status.port}:scorecard:scorecard_reader:{password}" in lines

    env = {**os.environ, "SCORECARD_PG_PORT": str(status.port), "PYTHONPATH": str(ROOT)}
    env.pop("PGPASSWORD", None)

    def cli(*args, **extra):
        return subprocess.run([sys.executable, "-m", "bi", *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=120, env={**env, **extra})

    runs = {
        "serve": cli("serve", "--pg-dir", str(local.pg_dir), "--duckdb", str(small)),
        "status": cli("status", "--pg-dir", str(local.pg_dir)),
        # the reader may not create schemas: this publish fails, and says why without the password
        "publish --url": cli("publish", "--duckdb", str(small),
                             "--url", f"postgresql://scorecard_reader:{password}@127.0.0.1:{status.port}/scorecard"),
        "publish env": cli("publish", "--duckdb", str(small), SCORECARD_POSTGRES_URL=(
            f"host=127.0.0.1 port={status.port} dbname=scorecard user=scorecard_reader password={password}")),
    }
    for name, proc in runs.items():
        assert password not in proc.stdout + proc.stderr, name
    serve = runs["serve"]
    assert serve.returncode == 0, serve.stderr
    assert "already running" in serve.stdout
    assert status.url in serve.stdout and str(status.pgpass) in serve.stdout
    assert "published 4 tables" in serve.stdout
    assert runs["status"].returncode == 0 and "running on 127.0.0.1" in runs["status"].stdout
    for name in ("publish --url", "publish env"):
        proc = runs[name]
        assert proc.returncode == 1 and proc.stderr.startswith("error: ") and "permission denied" in proc.stderr, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    log = (local.data_dir / "server.log").read_text(errors="replace")
    assert password not in log


def test_cli_one_line_errors(tmp_path, monkeypatch, capsys):
    assert cli_main(["serve", "--pg-dir", str(tmp_path / "pg"), "--duckdb", str(tmp_path / "nope.duckdb")]) == 1
    err = capsys.readouterr().err
    assert err.strip().endswith("not found: run make run first") and len(err.strip().splitlines()) == 1

    monkeypatch.delenv("SCORECARD_POSTGRES_URL", raising=False)
    assert cli_main(["publish", "--duckdb", str(tmp_path / "nope.duckdb")]) == 1
    assert "SCORECARD_POSTGRES_URL" in capsys.readouterr().err

    # no PostgreSQL binaries anywhere: the install hint
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(server.glob, "glob", lambda pattern: [])
    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    assert cli_main(["serve", "--pg-dir", str(tmp_path / "pg"), "--duckdb", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"error: PostgreSQL binaries (initdb, pg_ctl, postgres) not found: {server.INSTALL_HINT}"


def test_the_published_warehouse_arrives_whole(pg, published_warehouse):
    summary = bi_publish.publish(published_warehouse, _admin(pg))
    schemas = summary.schemas  # marts, and metrics once the pipeline builds it
    assert "marts" in schemas
    expected = _duck_counts(published_warehouse, schemas)
    assert expected and summary.rows == expected
    with duckdb.connect(str(published_warehouse), read_only=True) as duck:
        comments = {
            (s, t, c): text for s, t, c, text in duck.execute(
                """
                select schema_name, table_name, null, comment from duckdb_tables()
                where list_contains($schemas, schema_name) and comment is not null
                union all
                select schema_name, view_name, null, comment from duckdb_views()
                where list_contains($schemas, schema_name) and comment is not null and not internal
                union all
                select schema_name, table_name, column_name, comment from duckdb_columns()
                where list_contains($schemas, schema_name) and comment is not null
                """, {"schemas": schemas}).fetchall()
        }
        duck_keys = {
            (s, t, k, tuple(cols)) for s, t, k, cols in duck.execute(
                "select schema_name, table_name, constraint_type, constraint_column_names from duckdb_constraints() "
                "where list_contains($schemas, schema_name) "
                "and constraint_type in ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')", {"schemas": schemas}).fetchall()
        }
    kinds = {"p": "PRIMARY KEY", "u": "UNIQUE", "f": "FOREIGN KEY"}
    with _reader(pg) as con:
        assert _pg_counts(con, schemas) == expected
        pg_comments = {
            (s, t, c): text for s, t, c, text in con.execute(
                """
                select n.nspname, c.relname, a.attname::text, d.description
                from pg_description d
                join pg_class c on c.oid = d.objoid and d.classoid = 'pg_class'::regclass
                join pg_namespace n on n.oid = c.relnamespace
                left join pg_attribute a on a.attrelid = c.oid and a.attnum = d.objsubid and d.objsubid > 0
                where n.nspname = any(%s)
                """, [schemas]).fetchall()
        }
        pg_keys = {
            (s, t, kinds[k], tuple(cols)) for s, t, k, cols in con.execute(
                """
                select n.nspname, r.relname, c.contype::text,
                       array(select a.attname::text from unnest(c.conkey) with ordinality k(attnum, i)
                             join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.i)
                from pg_constraint c join pg_class r on r.oid = c.conrelid
                join pg_namespace n on n.oid = r.relnamespace
                where n.nspname = any(%s) and c.contype in ('p', 'u', 'f')
                """, [schemas]).fetchall()
        }
        assert not _leftover_schemas(con)
    assert pg_comments == comments
    assert pg_keys == duck_keys
