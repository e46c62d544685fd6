"""Without the reports folder the run stops and says where it looked; the explicit opt-out
(SCORECARD_UNCHECKED=1) publishes, and every reader-facing output says the figures were not checked
against the source reports: the run summary, marts.dim_publication, every workbook sheet, the page.
Through ``python -m orchestration.run`` (what ``make run`` calls), into temp paths."""

from __future__ import annotations

import os
import subprocess
import sys

import duckdb
import pytest
from openpyxl import load_workbook

from scorecard.paths import REPO_ROOT

pytestmark = pytest.mark.slow
MARK = "not checked against the source reports"


def _run(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "orchestration.run"], cwd=REPO_ROOT, env=env, capture_output=True,
                          text=True, timeout=900)


def test_a_missing_reports_folder_stops_the_run_and_the_opt_out_marks_everything(tmp_path):
    missing = tmp_path / "no_reports_here"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCORECARD_", "DBT_TARGET", "DAGSTER_HOME"))}
    env.update(SCORECARD_DUCKDB=str(tmp_path / "warehouse" / "scorecard.duckdb"),
               SCORECARD_EXPORTS_DIR=str(tmp_path / "exports"), SCORECARD_REPORTS_DIR=str(missing),
               DBT_TARGET_PATH=str(tmp_path / "target"), DAGSTER_HOME=str(tmp_path / "dagster"),
               SCORECARD_GX_DATA_DOCS="0", SCORECARD_LOG_LEVEL="WARNING")

    stopped = _run(env)
    assert stopped.returncode == 1, stopped.stdout[-2000:] + stopped.stderr[-2000:]
    assert str(missing) in stopped.stdout and "SCORECARD_REPORTS_DIR" in stopped.stdout
    assert "SCORECARD_UNCHECKED=1" in stopped.stdout
    assert not (tmp_path / "warehouse" / "scorecard.duckdb").exists(), "nothing is published"

    done = _run({**env, "SCORECARD_UNCHECKED": "1"})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert MARK in done.stdout, done.stdout[-3000:]

    with duckdb.connect(env["SCORECARD_DUCKDB"], read_only=True) as con:
        checked, note = con.execute(
            "select checked_against_reports, provenance_note from marts.dim_publication").fetchone()
    assert checked is False and MARK in note

    exports = tmp_path / "exports"
    book = load_workbook(exports / "education_scorecard.xlsx")
    for sheet in book.worksheets:
        top = " ".join(str(c.value) for row in sheet.iter_rows(max_row=4) for c in row if c.value)
        assert MARK in top.lower(), f"sheet {sheet.title} does not carry the mark"
    page = (exports / "scorecard.html").read_text(encoding="utf-8")
    assert MARK in page.lower()
