"""External assets: the committee report text files every seed is captured from.

One asset per report FILE (an agenda pack holds several report ids), key ``["reports", <file stem>]``,
group ``reports``. They are not materialized by Dagster; they are the upstream of the seeds.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from dagster import AssetKey, AssetSpec, MetadataValue

from scorecard import catalog
from scorecard.paths import reports_dir

REPORTS_GROUP = "source_reports"


def report_asset_key(source_file: str) -> AssetKey:
    return AssetKey(["report_files", Path(source_file).stem])


@lru_cache(maxsize=1)
def report_id_keys() -> dict[str, AssetKey]:
    """report_id -> asset key of the file it was captured from (from seeds/reports.csv)."""
    return {
        row["report_id"]: report_asset_key(source_file)
        for source_file, rows in catalog.report_files().items()
        for row in rows
    }


def _reports_table(rows: list[dict[str, str]]) -> str:
    lines = [
        "| report_id | title | meeting | report date | lines | period covered |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        lines.append(
            "| {report_id} | {title} | {meeting} | {report_date} | {lines} | {period} |".format(
                report_id=row.get("report_id", ""),
                title=(row.get("title") or "").replace("|", "/"),
                meeting=row.get("meeting_date") or "-",
                report_date=row.get("report_date") or "-",
                lines=f"{row.get('line_start') or '?'}-{row.get('line_end') or '?'}",
                period=(row.get("period_covered") or "").replace("|", "/"),
            )
        )
    return "\n".join(lines)


def build_report_specs() -> list[AssetSpec]:
    folder = reports_dir()
    specs = []
    for source_file, rows in sorted(catalog.report_files().items()):
        path = folder / source_file
        titles = [row.get("title") or row["report_id"] for row in rows]
        meeting_dates = sorted({row.get("meeting_date") for row in rows if row.get("meeting_date")})
        report_dates = sorted({row.get("report_date") for row in rows if row.get("report_date")})
        committees = sorted({row.get("committee") for row in rows if row.get("committee")})
        metadata = {
            "path": MetadataValue.path(str(path)),
            "file_exists": path.exists(),
            "report_ids": ", ".join(row["report_id"] for row in rows),
            "titles": MetadataValue.md("\n".join(f"- {title}" for title in titles)),
            "meeting_dates": ", ".join(meeting_dates) or "-",
            "report_dates": ", ".join(report_dates) or "-",
            "committees": ", ".join(committees) or "-",
            "reports": MetadataValue.md(_reports_table(rows)),
        }
        if path.exists():
            metadata["size_bytes"] = path.stat().st_size
        specs.append(
            AssetSpec(
                key=report_asset_key(source_file),
                description=f"Report text file `{source_file}`: " + "; ".join(titles),
                group_name=REPORTS_GROUP,
                metadata=metadata,
                kinds={"text"},
            )
        )
    return specs
