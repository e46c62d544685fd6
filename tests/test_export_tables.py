"""The marts and the metric tables as CSV and Parquet with a complete data dictionary, read-only."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from exporters.tables import DICTIONARY, SCHEMAS


def _tables(warehouse: Path) -> dict[str, dict[str, int]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        out = {}
        for schema in SCHEMAS:
            names = con.execute("select table_name from information_schema.tables where table_schema = ?",
                                [schema]).df()["table_name"]
            out[schema] = {t: con.execute(f'select count(*) from {schema}."{t}"').fetchone()[0] for t in names}
    return out


def test_one_file_per_mart_and_metric_table_with_the_same_rows(warehouse, exports):
    out, _, _ = exports
    tables = _tables(warehouse)
    assert {"fct_metric_observations", "dim_metric", "fct_reconciliation"} <= set(tables["marts"])
    assert tables["metrics"], "the metric layer's tables (schema metrics) are exported too"
    assert "metricflow_time_spine" not in tables["marts"], "the time spine is not a mart"
    for schema, sub in SCHEMAS.items():
        for folder, ext in (("csv", ".csv"), ("parquet", ".parquet")):
            files = {p.name[: -len(ext)] for p in (out / folder / sub).glob(f"*{ext}") if p.name != DICTIONARY}
            assert files == set(tables[schema]), (schema, folder)
        for table, n in tables[schema].items():
            assert len(pd.read_parquet(out / "parquet" / sub / f"{table}.parquet")) == n
            assert len(pd.read_csv(out / "csv" / sub / f"{table}.csv")) == n


def test_the_data_dictionary_describes_every_table_and_column(warehouse, exports):
    out, _, _ = exports
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where table_schema in ('marts', 'metrics')").fetchall()
    for folder in ("csv", "parquet"):
        dictionary = pd.read_csv(out / folder / DICTIONARY, keep_default_na=False)
        assert list(dictionary.columns) == ["schema", "table", "column", "type", "description"]
        listed = dictionary[dictionary["column"] != ""]
        assert set(zip(listed["schema"], listed["table"], listed["column"])) == set(columns)
        blank = dictionary[dictionary["description"].str.strip() == ""]
        assert blank.empty, f"undescribed in the data dictionary: {blank[['schema', 'table', 'column']].values[:10]}"


def test_formula_looking_text_is_escaped_in_the_csv_files(warehouse, exports):
    """OWASP CSV injection: a text cell beginning with = + - @ (or tab / carriage return) gets a leading
    apostrophe in the CSV; numbers (a negative change) are untouched, and Parquet keeps the value."""
    out, _, _ = exports
    frame = pd.read_csv(out / "csv" / "fct_metric_observations.csv", dtype=str, keep_default_na=False)
    for column in frame.columns:
        texts = frame[column]
        assert not texts.str.match(r"^[=+@\t\r]").any(), column
    values = pd.read_csv(out / "csv" / "fct_metric_observations.csv")["value"]
    assert (values < 0).any(), "negative numbers stay numbers"


def test_exports_return_the_files_they_write(exports):
    out, written, _ = exports
    for name, paths in written.items():
        assert paths, name
        for p in paths:
            assert Path(p).is_file() and Path(p).stat().st_size > 0, (name, p)
            assert out in Path(p).parents, (name, p)


def test_exports_open_the_warehouse_read_only(warehouse, tmp_path):
    """The exports only read the warehouse: the file is unchanged afterwards."""
    from exporters import EXPORTERS

    before = warehouse.stat().st_mtime_ns
    for export in EXPORTERS.values():
        export(warehouse, tmp_path)
    assert warehouse.stat().st_mtime_ns == before


def test_the_csv_escaping_in_python_and_in_sql_agree():
    from exporters.safe_text import csv_cell, sql_csv_cell

    samples = ["=1+1", '=HYPERLINK("http://x","y")', "+44 151", "-", "–", "-0.4%", "-3.8", "1,234", "@SUM(A1)",
               "\tx", "\rx", "Sefton", "-x", "", "8.2%", "+2.1%"]
    with duckdb.connect() as con:
        for text in samples:
            in_sql = con.execute(f"select {sql_csv_cell('t')} from (select ? as t)", [text]).fetchone()[0]
            assert in_sql == csv_cell(text), text
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("-3.8") == "-3.8" and csv_cell("-") == "-"
