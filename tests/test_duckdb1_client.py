"""BI tools ship DuckDB 1.x drivers: the published warehouse must open in a DuckDB 1.1 client.

The client is ``duckdb==1.1.3`` in a cached virtualenv of its own (tests/duckdb1.py). The first test
proves the mechanism with the pinned duckdb alone (write a ``STORAGE_VERSION 'v1.1.0'`` copy, read it
with 1.1); the second reads the warehouse the full pipeline published, and fails (never skips) while
that file is still in a storage version DuckDB 1.x cannot read.
"""

from __future__ import annotations

import duckdb
import pytest

from tests import duckdb1


@pytest.fixture(scope="module")
def client():
    return duckdb1.ensure_client()


def _small_build(path) -> dict[str, int]:
    con = duckdb.connect(str(path))
    try:
        con.execute(
            """
            create schema marts;
            create table marts.dim_area (area_id integer primary key, area_name varchar not null unique,
                                         share decimal(5, 2), opened date, updated_at timestamp);
            comment on table marts.dim_area is 'One row per area';
            comment on column marts.dim_area.area_name is 'The area''s name, as printed';
            create table marts.fct_obs (obs_id integer primary key,
                                        area_id integer references marts.dim_area (area_id),
                                        value double, label varchar);
            insert into marts.dim_area values (1, 'Sefton', 12.5, '2020-01-01', '2024-05-01 10:00'),
                                              (2, 'England', null, null, null);
            insert into marts.fct_obs select i, 1 + i % 2, i / 7, 'figure ' || i from range(500) t(i);
            create view marts.v_area_totals as
                select a.area_name, count(*) as n, sum(o.value) as total
                from scorecard_build.marts.fct_obs o join marts.dim_area a using (area_id) group by all;
            comment on view marts.v_area_totals is 'Totals per area';
            """
        )
    finally:
        con.close()
    return {"dim_area": 2, "fct_obs": 500, "v_area_totals": 2}


def test_a_v1_1_copy_written_by_the_pinned_duckdb_opens_in_duckdb_1_1(tmp_path, client):
    build = tmp_path / "scorecard_build.duckdb"
    expected = _small_build(build)
    assert duckdb1.header_version(build) != duckdb1.HEADER_VERSION_1X, "duckdb 2 wrote a 1.x file by default?"
    refused = duckdb1.read_schema(build)
    assert refused["error"], "DuckDB 1.1 opened a storage-v2 file: the premise of this test no longer holds"

    out = tmp_path / "published.duckdb"  # another name: views must not depend on the catalog's name
    duckdb1.write_v1_copy(build, out)
    assert duckdb1.header_version(out) == duckdb1.HEADER_VERSION_1X
    assert not out.with_name(out.name + ".wal").exists()

    seen = duckdb1.read_schema(out)
    assert seen["duckdb_version"] == duckdb1.DUCKDB1_VERSION
    assert seen["error"] is None, seen["error"]
    assert {name: r.get("count") for name, r in seen["relations"].items()} == expected, seen["relations"]
    assert seen["relations"]["v_area_totals"]["type"] == "VIEW"
    assert seen["relations"]["fct_obs"]["columns"] == ["obs_id", "area_id", "value", "label"]
    assert seen["comments"] == {
        "dim_area": "One row per area",
        "dim_area.area_name": "The area's name, as printed",
        "v_area_totals": "Totals per area",
    }
    assert ["dim_area", "PRIMARY KEY", ["area_id"]] in seen["constraints"]
    assert ["dim_area", "UNIQUE", ["area_name"]] in seen["constraints"]
    assert ["fct_obs", "FOREIGN KEY", ["area_id"]] in seen["constraints"]


def test_the_published_warehouse_opens_in_duckdb_1_1(published_warehouse, client):
    version = duckdb1.header_version(published_warehouse)
    seen = duckdb1.read_schema(published_warehouse, "marts")
    if seen["error"] or version != duckdb1.HEADER_VERSION_1X:
        pytest.fail(
            f"{published_warehouse.name} is not readable by DuckDB {duckdb1.DUCKDB1_VERSION} (file header storage "
            f"version {version}, 1.x reads {duckdb1.HEADER_VERSION_1X}): the publish step must write it with "
            f"ATTACH ... (STORAGE_VERSION '{duckdb1.STORAGE_VERSION}') and COPY FROM DATABASE. "
            f"DuckDB {duckdb1.DUCKDB1_VERSION} says: {(seen['error'] or 'it opened').splitlines()[0]}"
        )
    with duckdb.connect(str(published_warehouse), read_only=True) as con:
        expected = dict(con.execute(
            "select table_name, table_type from information_schema.tables where table_schema = 'marts'").fetchall())
        counts = {name: con.execute(f'select count(*) from marts."{name}"').fetchone()[0] for name in expected}
    assert expected, "the published warehouse has no marts"
    broken = {name: r["error"] for name, r in seen["relations"].items() if "error" in r}
    assert not broken, f"DuckDB {duckdb1.DUCKDB1_VERSION} cannot read: {broken}"
    assert {name: r["count"] for name, r in seen["relations"].items()} == counts
    assert all(r["columns"] for r in seen["relations"].values())
