"""Every captured figure is found where its provenance says, in the report text.

The report folder is ../shared/reports (override: SCORECARD_REPORTS_DIR). Without it these tests are
skipped with a reason, never passed.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from tests import provenance

SEEDS = provenance.SEEDS


@pytest.fixture(scope="module")
def reports_dir() -> Path:
    folder = provenance.reports_dir()
    if not folder.is_dir():
        pytest.skip(f"report folder {folder} is absent: provenance cannot be checked (set SCORECARD_REPORTS_DIR)")
    return folder


def test_every_seed_row_is_found_on_its_cited_line(reports_dir):
    findings = provenance.check_all(SEEDS, reports_dir)
    assert not findings, "\n".join(map(str, findings[:20]))


def test_every_table_and_headline_seed_was_checked(reports_dir):
    tables = provenance.table_seed_files(SEEDS)
    assert len(tables) >= 25
    rows = sum(1 for p in tables for _ in csv.DictReader(open(p, encoding="utf-8")))
    headlines = list(csv.DictReader(open(SEEDS / "headline_observations.csv", encoding="utf-8")))
    assert rows > 250 and len(headlines) > 300


def _copy_seeds(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def _rewrite(path: Path, row_index: int, column: str, change) -> str:
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    before = rows[row_index][column]
    rows[row_index][column] = change(before)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return before


def test_one_changed_digit_in_a_table_cell_is_caught(reports_dir, tmp_path):
    seeds = _copy_seeds(tmp_path)
    path = seeds / "osc_2023_11_scorecard" / "osc_2023_11_scorecard__absence_rate.csv"
    before = _rewrite(path, 0, "ay_2022_23", lambda v: v.replace("8.2", "8.3"))
    assert before == "8.2%"
    findings = provenance.check_all(seeds, reports_dir)
    assert [(f.file, f.row, f.column) for f in findings] == [
        ("osc_2023_11_scorecard/osc_2023_11_scorecard__absence_rate.csv", 2, "ay_2022_23")
    ]


def test_one_changed_digit_in_a_shared_cell_is_caught(reports_dir, tmp_path):
    seeds = _copy_seeds(tmp_path)
    path = seeds / "osc_2023_11_scorecard" / "osc_2023_11_scorecard__ehcp_provision.csv"
    _rewrite(path, 0, "ht_spring2_2022_23", lambda v: v.replace("(697)", "(698)"))
    findings = provenance.check_all(seeds, reports_dir)
    assert len(findings) == 1 and findings[0].column == "ht_spring2_2022_23"


def test_one_changed_digit_in_a_stated_figure_is_caught(reports_dir, tmp_path):
    seeds = _copy_seeds(tmp_path)
    path = seeds / "headline_observations.csv"
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    index = next(i for i, r in enumerate(rows) if r["printed_value"] == "31.3%")
    _rewrite(path, index, "printed_value", lambda v: "31.4%")
    findings = provenance.check_all(seeds, reports_dir)
    assert [(f.row, f.column) for f in findings] == [(index + 2, "printed_value")]


def test_a_wrong_line_number_is_caught(reports_dir, tmp_path):
    seeds = _copy_seeds(tmp_path)
    path = seeds / "osc_2024_01_cmu" / "osc_2024_01_cmu__neighbour_attendance.csv"
    _rewrite(path, 0, "source_line", lambda v: str(int(v) + 1))
    findings = provenance.check_all(seeds, reports_dir)
    assert findings and findings[0].file.endswith("neighbour_attendance.csv") and findings[0].row == 2


def test_missing_report_folder_skips_rather_than_passes(monkeypatch, tmp_path):
    monkeypatch.setenv("SCORECARD_REPORTS_DIR", str(tmp_path / "nowhere"))
    assert not provenance.reports_dir().is_dir()
    with pytest.raises(FileNotFoundError):
        provenance.check_all(SEEDS)
