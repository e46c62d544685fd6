"""Broken copies of the seeds fail validation, and the finding names file, row and column.

The breakages live in `expectations.bad_input` so other tests (the pipeline's) can reuse them.
"""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

from expectations.bad_input import CASES, break_seed
from expectations.validate import main, validate_seeds
from scorecard.paths import SEEDS_DIR, reports_dir


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """One folder for the GX scratch context, shared by the cases (it starts as a copy of the
    project's context, so only what differs is rebuilt)."""
    return tmp_path_factory.mktemp("gx_scratch")


def _copy_seeds(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    return seeds


@pytest.mark.parametrize("case", CASES)
def test_bad_input_fails_validation(case, tmp_path, scratch):
    seeds = _copy_seeds(tmp_path)
    breakage = break_seed(seeds, case)
    if breakage.rule == "provenance" and not reports_dir().is_dir():
        pytest.skip("the reports folder is absent: a changed printed value cannot be found out")
    result = validate_seeds(seeds, report_dir=scratch, build_docs=False)
    assert not result.success, f"{case}: validation passed ({breakage.description})"
    named = [f for f in result.blocking if (f.file, f.row, f.column) == (breakage.file, breakage.row, breakage.column)]
    if breakage.rule == "undeclared_seed":  # the whole file: no row or column
        named = [f for f in result.blocking if f.file == breakage.file]
    listing = "\n".join(str(f) for f in result.blocking)
    assert named, f"{case}: no blocking finding at {breakage.file} row {breakage.row} column {breakage.column}:\n{listing}"
    assert breakage.rule in {f.rule for f in named}, f"{case}: expected rule {breakage.rule}, got:\n{listing}"
    with open(result.errors_csv, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert any((r["file"], r["row"], r["column"], r["blocking"]) == (breakage.file, str(breakage.row), breakage.column, "True")
               for r in rows)


def test_cli_prints_blocking_findings_and_exits_1(tmp_path, scratch, capsys):
    seeds = _copy_seeds(tmp_path)
    breakage = break_seed(seeds, "wrong_type")
    code = main(["--seeds", str(seeds), "--report-dir", str(scratch), "--no-docs"])
    out = capsys.readouterr().out
    assert code == 1
    line = f"{breakage.file}: row {breakage.row}, column {breakage.column}, rule allowed_printed_pattern: value "
    assert line in out, out
    assert "suites" in out.splitlines()[-2] or "suites" in out


def test_break_seed_refuses_the_project_seeds():
    with pytest.raises(ValueError):
        break_seed(SEEDS_DIR, "wrong_type")
