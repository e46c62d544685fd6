"""Every mart built on Spark equals the DuckDB build of the same commit.

Run by ``make test-spark`` after it has built the project twice: on a local Spark (dbt-spark,
``method: session``, warehouse under ``SCORECARD_SPARK_DIR``) and on DuckDB (``SCORECARD_DUCKDB``).
Skipped elsewhere (``make test`` does not build on Spark). Also runnable on its own:
``python tests/test_spark.py`` with the same environment; it exits non-zero on any difference.

Compared per table of the marts schema: the same tables, the same columns in the same order with
matching types, the same number of rows and the same rows (sorted by every column; floats equal
within 1e-9 relative). Spark is read through one PySpark session on the same warehouse directory and
metastore as the dbt build (settings taken from profiles.yml, target spark).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MARTS_SCHEMA = "marts"
REL_TOL = 1e-9
ABS_TOL = 1e-12
SHOWN_DIFFERENCES = 5

# Spark type name -> DuckDB type name for the types the marts use.
TYPE_TWINS = {
    "string": "VARCHAR",
    "int": "INTEGER",
    "bigint": "BIGINT",
    "double": "DOUBLE",
    "date": "DATE",
    "boolean": "BOOLEAN",
    "timestamp": "TIMESTAMP WITH TIME ZONE",
    "timestamp_ntz": "TIMESTAMP",
}

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(
        os.environ.get("SCORECARD_SPARK_COMPARE") != "1",
        reason="needs the Spark and DuckDB builds that `make test-spark` makes",
    ),
]


@dataclass
class TableResult:
    name: str
    columns: int = 0
    spark_rows: int = 0
    duckdb_rows: int = 0
    matched_rows: int = 0
    problems: list[str] = field(default_factory=list)


def _env_var(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise KeyError(f"environment variable {name} is not set and has no default")
    return value


def spark_conf_from_profile() -> dict[str, str]:
    """The server_side_parameters of the `spark` output of profiles.yml, rendered like dbt does."""
    import jinja2
    import yaml

    profiles_dir = Path(os.environ.get("DBT_PROFILES_DIR") or ROOT)
    profile = yaml.safe_load((profiles_dir / "profiles.yml").read_text())
    params = profile["scorecard"]["outputs"]["spark"].get("server_side_parameters", {})
    env = jinja2.Environment()
    return {
        key: env.from_string(str(value)).render(env_var=_env_var)
        for key, value in params.items()
    }


def spark_session():
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.enableHiveSupport()
    for key, value in spark_conf_from_profile().items():
        builder = builder.config(key, value)
    builder = builder.config("spark.app.name", "scorecard-compare-marts")
    return builder.getOrCreate()


def _sort_key(row: tuple) -> tuple:
    """Rows sorted by every column: NULLs first, text/numbers/dates in their own order, floats
    rounded so that engine-level last-digit differences do not reorder rows."""
    key = []
    for value in row:
        if value is None:
            key.append((0, ""))
        elif isinstance(value, float):
            key.append((1, "" if math.isnan(value) else float(f"{value:.9g}")))
        elif isinstance(value, bool):
            key.append((2, int(value)))
        elif isinstance(value, int):
            key.append((1, float(value)))
        elif isinstance(value, (dt.date, dt.datetime)):
            key.append((3, value.isoformat()))
        else:
            key.append((4, str(value)))
    return tuple(key)


def _values_equal(left, right) -> bool:
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, float) or isinstance(right, float):
        if isinstance(left, bool) or isinstance(right, bool):
            return False
        left_f, right_f = float(left), float(right)
        if math.isnan(left_f) or math.isnan(right_f):
            return math.isnan(left_f) and math.isnan(right_f)
        return math.isclose(left_f, right_f, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    return type(left) is type(right) and left == right


def compare_table(name: str, spark, duck) -> TableResult:
    result = TableResult(name)
    spark_df = spark.table(f"{MARTS_SCHEMA}.{name}")
    spark_columns = [(f.name, f.dataType.simpleString()) for f in spark_df.schema.fields]
    duck_columns = [
        (row[0], row[1])
        for row in duck.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [MARTS_SCHEMA, name],
        ).fetchall()
    ]
    result.columns = len(spark_columns)
    if [c for c, _ in spark_columns] != [c for c, _ in duck_columns]:
        result.problems.append(
            f"columns differ: spark {[c for c, _ in spark_columns]} vs duckdb {[c for c, _ in duck_columns]}"
        )
        return result
    for (column, spark_type), (_, duck_type) in zip(spark_columns, duck_columns):
        if TYPE_TWINS.get(spark_type) != duck_type:
            result.problems.append(f"column {column}: spark type {spark_type}, duckdb type {duck_type}")

    spark_rows = sorted((tuple(r) for r in spark_df.collect()), key=_sort_key)
    column_list = ", ".join(f'"{c}"' for c, _ in duck_columns)
    duck_rows = sorted(
        (tuple(r) for r in duck.execute(f'select {column_list} from "{MARTS_SCHEMA}"."{name}"').fetchall()),
        key=_sort_key,
    )
    result.spark_rows, result.duckdb_rows = len(spark_rows), len(duck_rows)
    if len(spark_rows) != len(duck_rows):
        # Rows cannot be paired one to one: report the rows each side has that the other lacks.
        result.problems.append(f"row count differs: spark {len(spark_rows)}, duckdb {len(duck_rows)}")
        spark_keys = Counter(_sort_key(r) for r in spark_rows)
        duck_keys = Counter(_sort_key(r) for r in duck_rows)
        result.matched_rows = sum((spark_keys & duck_keys).values())
        for side, rows, other in (("spark", spark_rows, duck_keys), ("duckdb", duck_rows, spark_keys)):
            extra = [r for r in rows if _sort_key(r) not in other][:SHOWN_DIFFERENCES]
            for row in extra:
                result.problems.append(f"only on {side}: {dict(zip((c for c, _ in spark_columns), row))}")
        return result
    shown = 0
    for spark_row, duck_row in zip(spark_rows, duck_rows):
        differing = [
            (column, s, d)
            for (column, _), s, d in zip(spark_columns, spark_row, duck_row)
            if not _values_equal(s, d)
        ]
        if not differing:
            result.matched_rows += 1
        elif shown < SHOWN_DIFFERENCES:
            shown += 1
            result.problems.append(
                "row differs: " + "; ".join(f"{c}: spark {s!r} vs duckdb {d!r}" for c, s, d in differing)
            )
    unmatched = len(spark_rows) - result.matched_rows
    if unmatched > shown:
        result.problems.append(f"{unmatched} rows differ in all ({shown} shown)")
    return result


def compare_marts(out=sys.stdout) -> list[TableResult]:
    import duckdb

    duckdb_path = os.environ.get("SCORECARD_DUCKDB") or str(ROOT / "warehouse" / "scorecard.duckdb")
    started = time.monotonic()
    spark = spark_session()
    duck = duckdb.connect(duckdb_path, read_only=True)
    try:
        spark_tables = sorted(
            row.tableName for row in spark.sql(f"show tables in {MARTS_SCHEMA}").collect() if not row.isTemporary
        )
        duck_tables = sorted(
            row[0]
            for row in duck.execute(
                "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE'",
                [MARTS_SCHEMA],
            ).fetchall()
        )
        results = []
        if spark_tables != duck_tables:
            missing = TableResult("(tables)")
            missing.problems.append(
                f"only on spark: {sorted(set(spark_tables) - set(duck_tables))}; "
                f"only on duckdb: {sorted(set(duck_tables) - set(spark_tables))}"
            )
            results.append(missing)
        for name in sorted(set(spark_tables) & set(duck_tables)):
            result = compare_table(name, spark, duck)
            results.append(result)
            status = "ok" if not result.problems else "DIFFERENT"
            print(
                f"  {name:<28} {result.columns:>3} columns {result.spark_rows:>6} rows on spark "
                f"{result.duckdb_rows:>6} on duckdb {result.matched_rows:>6} matched  {status}",
                file=out,
            )
            for problem in result.problems:
                print(f"      {problem}", file=out)
    finally:
        duck.close()
        spark.stop()
    compared = [r for r in results if r.name != "(tables)"]
    print(
        f"marts compared: {len(compared)}, rows matched: {sum(r.matched_rows for r in compared)}"
        f" ({time.monotonic() - started:.1f}s; spark warehouse vs {duckdb_path})",
        file=out,
    )
    return results


def test_every_mart_on_spark_equals_duckdb():
    results = compare_marts()
    problems = [f"{r.name}: {p}" for r in results for p in r.problems]
    assert results, "no marts found"
    assert not problems, "Spark and DuckDB marts differ:\n" + "\n".join(problems)


if __name__ == "__main__":
    outcome = compare_marts()
    sys.exit(1 if not outcome or any(r.problems for r in outcome) else 0)
