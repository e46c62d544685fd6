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
