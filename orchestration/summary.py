"""What a run reports about a built warehouse: reconciliation findings, figures captured, tables per
schema. Read-only queries (``scorecard.duck``), shared by the run summary and the assets' metadata."""

from __future__ import annotations

from pathlib import Path

import duckdb

from scorecard import duck


def reconciliation_counts(db_path: Path) -> dict[str, int] | None:
    """Counts by status of marts.fct_reconciliation, or None when the table is not built (yet)."""
    if not Path(db_path).exists():
        return None
    with duck.connect(db_path) as con:
        if not duck.exists(con, "marts", "fct_reconciliation"):
            return None
        try:
            rows = con.execute("select coalesce(cast(status as varchar), '(null)'), count(*) "
                               "from marts.fct_reconciliation group by 1 order by 1").fetchall()
        except duckdb.Error:
            return None
    return {status: int(n) for status, n in rows}


def figures_captured(db_path: Path) -> list[tuple[str, str, int, int, int]] | None:
    """Captured figures per report and table (marts.mart_capture_summary): (report_id, source_table,
    printed, unavailable, derived), or None when the mart is not there."""
    if not Path(db_path).exists():
        return None
    with duck.connect(db_path) as con:
        if not duck.exists(con, "marts", "mart_capture_summary"):
            return None
        rows = con.execute("select report_id, source_table, figures_printed, figures_unavailable, figures_derived "
                           "from marts.mart_capture_summary order by report_id, source_table").fetchall()
    return [(r, t, int(p), int(u), int(d)) for r, t, p, u, d in rows]


def md_counts(counts: dict, key_header: str, value_header: str = "rows") -> str:
    lines = [f"| {key_header} | {value_header} |", "| --- | --- |"]
    lines += [f"| {key} | {value} |" for key, value in counts.items()]
    return "\n".join(lines)


def _cell(value) -> str:
    text = "" if value is None else str(value)
    text = text.replace("|", "/").replace("\n", " ")
    return text if len(text) <= 40 else text[:37] + "..."


def profiles(db_path: Path, relations: list[tuple[str, str]], preview_rows: int = 5) -> dict[tuple[str, str], dict]:
    """What an officer wants on an asset's page, per relation: its row count, a few rows, and the
    periods and reports it covers (where it has those columns). One read-only connection."""
    out: dict[tuple[str, str], dict] = {}
    if not Path(db_path).exists():
        return out
    with duck.connect(db_path) as con:
        columns = {}
        for schema in {s for s, _ in relations}:
            columns.update({(schema, t): [c for c, _ in cols] for t, cols in duck.columns(con, schema).items()})
        for schema, name in relations:
            cols = columns.get((schema, name))
            if cols is None:
                continue
            rel = duck.relation(schema, name)
            profile: dict = {"dagster/row_count": int(con.execute(f"select count(*) from {rel}").fetchone()[0])}
            if schema in ("raw", "marts"):
                shown = cols[:8]
                rows = con.execute(f"select {', '.join(duck.quote(c) for c in shown)} from {rel} limit {preview_rows}").fetchall()
                lines = ["| " + " | ".join(shown) + " |", "|" + " --- |" * len(shown)]
                lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
                profile["preview"] = "\n".join(lines)
                if {"period_start", "period_end"} <= set(cols):
                    lo, hi = con.execute(f"select min(period_start), max(period_end) from {rel}").fetchone()
                    if lo is not None:
                        profile["periods_covered"] = f"{lo} to {hi}"
                if "report_id" in cols:
                    ids = [r[0] for r in con.execute(
                        f"select distinct report_id from {rel} where report_id is not null order by 1").fetchall()]
                    profile["reports_covered"] = ", ".join(map(str, ids)) or "-"
            out[(schema, name)] = profile
    return out
