"""Every captured figure is found where its provenance says, in the report text: the gate's rule
(``expectations.provenance``), the one implementation the pipeline and these tests share.

The report folder is ../shared/reports (override: SCORECARD_REPORTS_DIR). Without it these tests are
skipped with a reason, never passed.
"""

from __future__ import annotations

import csv
import shutil
import time
from pathlib import Path

from expectations import gate
from scorecard import catalog
from scorecard.paths import SEEDS_DIR


def _provenance(seeds: Path, reports_dir: Path):
    result = gate.run(seeds, reports_dir, unchecked=False)
    return [f for f in result.findings if f.rule == "provenance"], result


def test_every_seed_row_is_found_on_its_cited_line(reports_dir):
    started = time.perf_counter()
    findings, result = _provenance(SEEDS_DIR, reports_dir)
    elapsed = time.perf_counter() - started
    assert result.provenance_checked
    assert not findings, "\n".join(map(str, findings[:20]))
    assert elapsed < 1.0, f"the provenance pass took {elapsed:.2f}s"


def test_every_table_and_headline_seed_was_checked(reports_dir):
    cat = catalog.load(SEEDS_DIR)
    tables = cat.tables
    assert len(tables) >= 25
    rows = sum(len(catalog.read_rows(t.csv_path)) for t in tables)
    headlines = catalog.read_rows(SEEDS_DIR / "headline_observations.csv")
    assert rows > 250 and len(headlines) > 300


def _copy_seeds(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, target)
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
    before = _rewrite(path, 0, "ay_2022_23", lambda v: v.replace("8.2", "9.2"))
    assert before == "8.2%"
    findings, _ = _provenance(seeds, reports_dir)
    assert [(f.file, f.row, f.column, f.value) for f in findings] == [
        ("seeds/osc_2023_11_scorecard/osc_2023_11_scorecard__absence_rate.csv", 2, "ay_2022_23", "9.2%")
    ]
    message = findings[0].message
    assert "line 2286 of 2023-11-28_overview-scrutiny-childrens-agenda-pack.txt" in message
    assert "All pupils | 6.9% | 5.0% | 5.0% | 8.0% | 8.2%" in message  # what the line says


def test_a_thousands_separator_that_was_not_printed_is_caught(reports_dir, tmp_path):
    seeds = _copy_seeds(tmp_path)
    path = seeds / "osc_2023_11_scorecard" / "osc_2023_11_scorecard__ehcp_requests.csv"
    before = _rewrite(path, 0, "ay_2022_23", lambda v: "1,234")
    assert before == "805"
    findings, _ = _provenance(seeds, reports_dir)
    assert [(f.row, f.column, f.value) for f in findings] == [(2, "ay_2022_23", "1,234")]


def test_one_changed_digit_in_a_shared_cell_is_caught(reports_dir, tmp_path):
    seeds = _copy_seeds(tmp_path)
    path = seeds / "osc_2023_11_scorecard" / "osc_2023_11_scorecard__ehcp_provision.csv"
    _rewrite(path, 0, "ht_spring2_2022_23", lambda v: v.replace("(697)", "(698)"))
    findings, _ = _provenance(seeds, reports_dir)
    assert len(findings) == 1 and findings[0].column == "ht_spring2_2022_23"


def test_one_changed_digit_in_a_stated_figure_is_caught(reports_dir, tmp_path):
    seeds = _copy_seeds(tmp_path)
    path = seeds / "headline_observations.csv"
    rows = catalog.read_rows(path)
    index = next(i for i, r in enumerate(rows) if r["printed_value"] == "31.3%")
    _rewrite(path, index, "printed_value", lambda v: "31.4%")
    findings, _ = _provenance(seeds, reports_dir)
    assert [(f.row, f.column) for f in findings] == [(index + 2, "printed_value")]


def test_a_wrong_line_number_is_caught(reports_dir, tmp_path):
    seeds = _copy_seeds(tmp_path)
    path = seeds / "osc_2024_01_cmu" / "osc_2024_01_cmu__neighbour_attendance.csv"
    _rewrite(path, 0, "source_line", lambda v: str(int(v) + 1))
    findings, _ = _provenance(seeds, reports_dir)
    assert findings and findings[0].file.endswith("neighbour_attendance.csv") and findings[0].row == 2


def test_an_edited_or_truncated_report_fails_its_fingerprint(reports_dir, tmp_path):
    reports = tmp_path / "reports"
    shutil.copytree(reports_dir, reports)
    pack = reports / "2024-11-12_overview-scrutiny-send-data.txt"
    pack.write_text(pack.read_text(encoding="utf-8").replace("SEND", "SEN", 1), encoding="utf-8")
    agenda = reports / "2021_education-excellence-strategy-2021-2025-draft.txt"
    text = agenda.read_text(encoding="utf-8")
    agenda.write_text(text[: len(text) // 2], encoding="utf-8")
    result = gate.run(SEEDS_DIR, reports, unchecked=False)
    fingerprints = [f for f in result.blocking if f.rule == "report_fingerprint"]
    assert {f.file for f in fingerprints} == {"seeds/reports.csv"}
    assert any(pack.name in f.message and "recorded sha256" in f.message for f in fingerprints)
    assert any(agenda.name in f.message for f in fingerprints)


def test_missing_report_folder_stops_with_where_it_looked_unless_opted_out(tmp_path):
    nowhere = tmp_path / "nowhere"
    result = gate.run(SEEDS_DIR, nowhere, unchecked=False)
    assert not result.success and not result.provenance_checked
    (finding,) = [f for f in result.blocking if f.rule == "reports_folder"]
    assert str(nowhere) in finding.message and "SCORECARD_REPORTS_DIR" in finding.message
    assert "SCORECARD_UNCHECKED=1" in finding.message
    opted_out = gate.run(SEEDS_DIR, nowhere, unchecked=True)
    assert opted_out.success and not opted_out.provenance_checked
    assert "not checked against the source reports" in opted_out.provenance_note
