"""Helpers of tests/test_capture.py: scratch copies of the project, the capture CLI as make runs it, the
printed cells of a seeds folder, and a dbt build of a project copy."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from scorecard import paths

ROOT = paths.REPO_ROOT
PROVENANCE = 5  # report_id, section, table_title, block, source_line


@dataclass(frozen=True)
class Report:
    report_id: str
    source_file: str
    lines: str


REPORTS = (
    Report("osc_2023_11_scorecard", "2023-11-28_overview-scrutiny-childrens-agenda-pack.txt", "2171-2479"),
    Report("osc_2023_11_send_jcp", "2023-11-28_overview-scrutiny-childrens-agenda-pack.txt", "752-2017"),
    Report("osc_2024_01_cmu", "2024-01-30_overview-scrutiny-childrens-supplementary-cabinet-updates.txt", "1-486"),
)


def quiet_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DO_NOT_TRACK": "1", "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "GX_ANALYTICS_ENABLED": "false"})
    env.update(extra)
    return env


def copy_project(dest: Path) -> Path:
    """dbt_project.yml, profiles.yml, dbt_project/ and seeds/ of the project (not .venv, warehouse, target)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy2(ROOT / name, dest / name)
    for name in ("dbt_project", "seeds"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def remove_reports(seeds: Path, report_ids: list[str]) -> None:
    """Remove what was captured by hand from these reports: their table seeds and declarations, and the
    row meanings of those tables (headline rows and the registry stay)."""
    for report_id in report_ids:
        shutil.rmtree(seeds / report_id)
    meanings = seeds / "reference" / "row_meanings.csv"
    lines = meanings.read_text(encoding="utf-8").splitlines(keepends=True)
    prefixes = tuple(f"{r}__" for r in report_ids)
    meanings.write_text("".join(line for line in lines if not line.startswith(prefixes)), encoding="utf-8")


def run_capture(report: Report, out: Path, reuse_from: Path, *extra: str,
                report_file: Path | None = None) -> subprocess.CompletedProcess:
    """``make capture`` as the Makefile runs it: ``python -m capture ...`` from the project root."""
    command = [sys.executable, "-m", "capture", "--report", str(report_file or paths.reports_dir() / report.source_file),
               "--report-id", report.report_id, "--out", str(out), "--reuse-from", str(reuse_from), *extra]
    if report.lines:
        command += ["--lines", report.lines]
    return subprocess.run(command, cwd=ROOT, env=quiet_env(), capture_output=True, text=True, timeout=300)


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def seed_files(seeds: Path, report_id: str) -> dict[str, Path]:
    return {p.stem: p for p in sorted((seeds / report_id).glob("*.csv"))}


def printed_cells(path: Path) -> list[tuple[int, str]]:
    """(source_line, text) of every non-blank label and value cell of a table seed."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return [(int(row[4]), cell) for row in reader for cell in row[PROVENANCE:len(header)] if cell.strip()]


def reproduction(hand: Path, drafts: Path, report_id: str) -> dict[str, tuple[int, int]]:
    """Per hand-captured table: (hand cells, cells the drafts hold at the same line with the same text)."""
    held: dict[int, set[str]] = {}
    for path in seed_files(drafts, report_id).values():
        for line, text in printed_cells(path):
            held.setdefault(line, set()).add(text)
    out = {}
    for name, path in seed_files(hand, report_id).items():
        cells = printed_cells(path)
        out[name] = (len(cells), sum(text in held.get(line, ()) for line, text in cells))
    return out


def dbt_build(project: Path, work: Path) -> tuple[subprocess.CompletedProcess, Path]:
    """``dbt build`` of a project copy into ``work/scorecard.duckdb``."""
    database = work / "scorecard.duckdb"
    env = quiet_env(SCORECARD_DUCKDB=str(database), DBT_TARGET_PATH=str(work / "target"), DBT_LOG_PATH=str(work / "logs"),
                    DBT_PROFILES_DIR=str(project), DBT_PROJECT_DIR=str(project))
    dbt = Path(sys.executable).parent / "dbt"
    done = subprocess.run([str(dbt), "build", "--project-dir", str(project), "--profiles-dir", str(project)],
                          cwd=project, env=env, capture_output=True, text=True, timeout=900)
    return done, database
