"""The capture tool (``python -m capture``, ``make capture``) against the hand captures.

* Without reuse: for each of three reports, the hand-captured table seeds (CSVs, declarations, row
  meanings) are removed from a scratch copy of seeds/ and the CLI captures the report's lines again with
  nothing known about those tables. At least 95% of the hand-captured printed cells (labels and values,
  not blank) must come back at the same source_line, and the drafts must pass the gate (structure,
  provenance, fingerprints) and the Great Expectations suites.
* With reuse (knowledge from the hand capture): the same seed names, columns and declarations, and a dbt
  build of the scratch project gives the same ``marts.fct_metric_observations`` rows for the three reports
  as a build of the hand capture.
* A new quarter of a known table (a new period column and a new row): names and meanings are reused,
  and the review lists exactly the new column and the row without a meaning.

Every test works in temp copies; the project's seeds/ and dbt_project/ are only read.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from capture import periods, project_staging
from capture.cells import cell_text
from capture.declarations import flow, merge
from capture.figures import figures
from capture.review import FILE_NAME
from expectations import gate
from expectations.validate import validate_seeds
from scorecard import paths
from tests.capture_support import (
    REPORTS,
    Report,
    copy_project,
    dbt_build,
    read_rows,
    remove_reports,
    reproduction,
    run_capture,
    seed_files,
)

MIN_REPRODUCED = 0.95
REPORT_IDS = [r.report_id for r in REPORTS]
NOT_THE_DRAFTS = {"staging_not_current"}  # the gate compares staging with the project's own dbt_project/


@pytest.fixture(scope="module")
def hand_project(tmp_path_factory, reports_dir) -> Path:
    """The project as it is now (dbt files and seeds), copied once: the hand capture compared against."""
    project = copy_project(tmp_path_factory.mktemp("hand") / "project")
    project_staging.write_into(project, project / "seeds")
    return project


@pytest.fixture(scope="module")
def drafts(hand_project, tmp_path_factory) -> tuple[Path, dict]:
    """A scratch seeds/ without the three reports' tables, each report captured into it again, knowing
    nothing of those tables (the knowledge is the scratch folder itself)."""
    seeds = tmp_path_factory.mktemp("no_reuse") / "seeds"
    shutil.copytree(hand_project / "seeds", seeds)
    remove_reports(seeds, REPORT_IDS)
    runs = {r.report_id: run_capture(r, seeds, seeds) for r in REPORTS}
    return seeds, runs


@pytest.fixture(scope="module")
def drafts_checked(drafts, tmp_path_factory, reports_dir):
    seeds, _ = drafts
    checked = gate.run(seeds, reports_dir)
    validated = validate_seeds(seeds, tmp_path_factory.mktemp("no_reuse_validation"), build_docs=False,
                               reports_dir=reports_dir)
    return checked, validated


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_capture_reproduces_the_hand_captured_cells(report_id, hand_project, drafts):
    seeds, runs = drafts
    run = runs[report_id]
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    figures_by_table = reproduction(hand_project / "seeds", seeds, report_id)
    hand = sum(h for h, _ in figures_by_table.values())
    reproduced = sum(r for _, r in figures_by_table.values())
    print(f"\n{report_id}: hand cells, reproduced at the same source_line, %")
    for table, (h, r) in figures_by_table.items():
        print(f"  {table:<58} {h:>5} {r:>5} {100 * r / h:6.1f}%")
    print(f"  {'(report)':<58} {hand:>5} {reproduced:>5} {100 * reproduced / hand:6.1f}%")
    print(f"  drafted seeds: {', '.join(seed_files(seeds, report_id))}")
    assert hand > 0
    assert reproduced / hand >= MIN_REPRODUCED


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_drafts_pass_the_gate_and_validation(report_id, drafts, drafts_checked):
    seeds, _ = drafts
    checked, validated = drafts_checked
    drafted = f"seeds/{report_id}/"
    assert seed_files(seeds, report_id), "nothing drafted"
    on_drafts = [f for f in checked.findings if f.file.startswith(drafted)]
    assert not on_drafts, "\n".join(map(str, on_drafts))
    assert not [f for f in checked.blocking if f.rule not in NOT_THE_DRAFTS], "\n".join(map(str, checked.blocking))
    gx = [f for f in validated.blocking if f.rule not in NOT_THE_DRAFTS]
    assert not gx, "\n".join(map(str, gx))
    assert not [f for f in validated.findings if f.file.startswith(drafted)]
    assert set(seed_files(seeds, report_id)) <= set(validated.expectations_per_suite)


def test_review_file_lists_tables_names_and_unmapped(drafts):
    seeds, runs = drafts
    review = (seeds / "osc_2023_11_scorecard" / FILE_NAME).read_text(encoding="utf-8")
    for name in seed_files(seeds, "osc_2023_11_scorecard"):
        assert f"### `{name}`" in review
    assert "| `ay_2018_19` | value | Academic Year > 2018/2019 | period from '2018/2019'" in review
    assert "| `ytd_2023_24_to_2023_10_19` | value | 2023/2024 > Latest 19th Oct 2023 |" in review
    assert "### Rows without a row meaning (90)" in review
    assert "line 2289: LAC" in review
    assert "| 2173-2178 | a report cover sheet |" in review
    assert review in runs["osc_2023_11_scorecard"].stdout  # printed as well as written
    cmu = (seeds / "osc_2024_01_cmu" / FILE_NAME).read_text(encoding="utf-8")
    assert "### Value columns without a period or unit (2)" in cmu
    assert ".attendance_rate` (printed: Attendance rate): no period" in cmu
    send = (seeds / "osc_2023_11_send_jcp" / FILE_NAME).read_text(encoding="utf-8")
    assert "a bullet list read as a table: each row's label is what follows 'aged'" in send
    assert "| 1208-1233 | a table of contents |" in send


def _declared(seeds: Path, report_id: str) -> dict:
    doc = yaml.safe_load((seeds / report_id / f"_{report_id}__seeds.yml").read_text(encoding="utf-8"))
    return {s["name"]: s for s in doc["seeds"]}


def _observations(database: Path, report_id: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.sql(f"select * from marts.fct_metric_observations where report_id = '{report_id}' "
                       "order by all").fetchall()


@pytest.mark.slow
def test_reuse_reproduces_the_seeds_and_the_warehouse_rows(hand_project, tmp_path_factory, reports_dir):
    work = tmp_path_factory.mktemp("reuse")
    project = work / "project"
    shutil.copytree(hand_project, project)
    remove_reports(project / "seeds", REPORT_IDS)
    for report in REPORTS:
        run = run_capture(report, project / "seeds", hand_project / "seeds")
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]

    for report_id in REPORT_IDS:
        hand, captured = seed_files(hand_project / "seeds", report_id), seed_files(project / "seeds", report_id)
        assert list(captured) == list(hand), report_id
        for name, path in hand.items():
            assert read_rows(captured[name])[0].keys() == read_rows(path)[0].keys(), name
            assert read_rows(captured[name]) == read_rows(path), name
        hand_decl, captured_decl = _declared(hand_project / "seeds", report_id), _declared(project / "seeds", report_id)
        assert captured_decl == hand_decl, report_id
    staged = sorted(p.relative_to(project) for p in (project / "dbt_project/models/staging").rglob("stg_*.sql"))
    assert staged == sorted(p.relative_to(hand_project) for p in (hand_project / "dbt_project/models/staging").rglob("stg_*.sql"))

    checked = gate.run(project / "seeds", reports_dir)
    assert not [f for f in checked.blocking if f.rule not in NOT_THE_DRAFTS], "\n".join(map(str, checked.blocking))

    hand_build, hand_db = dbt_build(hand_project, tmp_path_factory.mktemp("hand_build"))
    if hand_build.returncode != 0:
        pytest.skip("the project itself does not build at the moment:\n" + hand_build.stdout[-2000:])
    build, db = dbt_build(project, tmp_path_factory.mktemp("captured_build"))
    assert build.returncode == 0, build.stdout[-4000:]
    for report_id in REPORT_IDS:
        expected, actual = _observations(hand_db, report_id), _observations(db, report_id)
        print(f"\n{report_id}: marts.fct_metric_observations rows: hand {len(expected)}, capture {len(actual)}, "
              f"identical: {expected == actual}")
        assert expected and actual == expected, report_id


NEXT_QUARTER = "2024-03-12_education-scorecard-next-quarter.txt"


def _next_quarter_report(folder: Path) -> Path:
    """The scorecard printed again a quarter later: a new 'latest' column date and a new absence row."""
    lines = (paths.reports_dir() / REPORTS[0].source_file).read_text(encoding="utf-8").split("\n")[2170:2479]
    text = "\n".join(lines).replace("Latest 19 th Oct 2023", "Latest 15 th Jan 2024")
    text = text.replace("Special\t13.3%\t9.5%\t15.8%\t13.3%\t13.1%\n",
                        "Special\t13.3%\t9.5%\t15.8%\t13.3%\t13.1%\nAlternative provision\t21.0%\t18.2%\t19.9%\t23.4%\t24.0%\n")
    for source in paths.reports_dir().iterdir():
        (folder / source.name).symlink_to(source)
    (folder / NEXT_QUARTER).write_text(text, encoding="utf-8")
    return folder / NEXT_QUARTER


@pytest.mark.slow
def test_a_new_quarter_of_a_known_table_needs_meanings_only_for_what_is_new(hand_project, tmp_path_factory):
    work = tmp_path_factory.mktemp("next_quarter")
    reports = work / "reports"
    reports.mkdir()
    report_file = _next_quarter_report(reports)
    seeds = work / "seeds"
    shutil.copytree(hand_project / "seeds", seeds)
    report = Report("osc_2024_03_scorecard", NEXT_QUARTER, "")
    run = run_capture(report, seeds, hand_project / "seeds", report_file=report_file)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]

    known = [n.split("__", 1)[1] for n in seed_files(hand_project / "seeds", "osc_2023_11_scorecard")]
    assert [n.split("__", 1)[1] for n in seed_files(seeds, report.report_id)] == known
    absence = read_rows(seeds / report.report_id / "osc_2024_03_scorecard__absence_rate.csv")
    assert list(absence[0])[5:] == ["cohort", "ytd_2023_24_to_2024_01_15", "ay_2018_19", "ay_2020_21", "ay_2021_22",
                                    "ay_2022_23"]
    column = _declared(seeds, report.report_id)["osc_2024_03_scorecard__absence_rate"]["columns"][6]
    assert column["config"]["meta"]["period"] == {"label": "2023/24 to 15 Jan 2024", "type": "year_to_date",
                                                  "start": "2023-09-01", "end": "2024-01-15"}
    meanings = [r for r in read_rows(seeds / "reference" / "row_meanings.csv") if r["source_table"].startswith(report.report_id)]
    assert len(meanings) == 90  # every printed row of the hand capture, on its new line; the new row has none
    review = (seeds / report.report_id / FILE_NAME).read_text(encoding="utf-8")
    unmapped = review.split("## Left unmapped")[1]
    assert "### Rows without a row meaning (1)" in unmapped and "Alternative provision" in unmapped
    assert "### Value columns without a period or unit (0)" in unmapped
    new_column = "`osc_2024_03_scorecard__absence_rate.ytd_2023_24_to_2024_01_15`"
    assert f"{new_column} (not in `osc_2023_11_scorecard__absence_rate`)" in unmapped
    assert "`osc_2024_03_scorecard__persistent_absence.ytd_2023_24_to_2024_01_15`" in unmapped

    registry = {r["report_id"]: r for r in read_rows(seeds / "reports.csv")}[report.report_id]
    assert registry["title"] == "Education Scorecard" and registry["source_file"] == NEXT_QUARTER
    headlines = [h for h in read_rows(seeds / "headline_observations.csv") if h["report_id"] == report.report_id]
    assert len(headlines) == 12  # the overview's sentences are printed again: their rows are reused
    checked = gate.run(seeds, reports)
    assert not [f for f in checked.blocking if f.rule not in NOT_THE_DRAFTS], "\n".join(map(str, checked.blocking))
    validated = validate_seeds(seeds, work / "validation", build_docs=False, reports_dir=reports)
    assert not [f for f in validated.blocking if f.rule not in NOT_THE_DRAFTS], "\n".join(map(str, validated.blocking))


# --- the pieces -------------------------------------------------------------------------------------

def test_a_cell_is_the_printed_text_of_its_field():
    assert cell_text(" 25.0% (697) ") == "25.0% (697)"
    assert cell_text("<p>Q3 2023/24</p>") == "Q3 2023/24"
    assert cell_text("<p>We have a strategy.</p> <p>Page 101</p>") == "We have a strategy."
    two = "<p>One.</p> <p>Two.</p>"
    assert cell_text(two) == two


def test_periods_read_from_printed_headers():
    assert periods.parse("2018/2019").token == "ay_2018_19"
    ytd = periods.parse("Latest 19th Oct 2023", periods.academic_year(2023))
    assert (ytd.token, ytd.label, ytd.type) == ("ytd_2023_24_to_2023_10_19", "2023/24 to 19 Oct 2023", "year_to_date")
    half = periods.parse("Spring 2nd half term", periods.academic_year(2022))
    assert (half.token, half.start.isoformat(), half.end.isoformat()) == ("ht_spring2_2022_23", "2023-02-16", "2023-03-31")
    assert periods.search("Ofsted School Inspection Summary (Updated as at 16th October 2023).").token == "asat_2023_10_16"


def test_a_declaration_file_is_extended_in_place():
    text = (paths.SEEDS_DIR / "osc_2023_11_scorecard" / "_osc_2023_11_scorecard__seeds.yml").read_text(encoding="utf-8")
    assert merge(text, "osc_2023_11_scorecard", []) == text


def test_figures_in_a_sentence_skip_dates_ranges_and_references():
    sentence = ("In January 2022, the number of school pupils with SEN but no EHC plan (SEN support) has increased to "
                "5,403, 12.7%, compared to the national percentage of 12.6%.")
    assert figures(sentence) == ["5,403", "12.7%", "12.6%"]
    assert figures("for SEND aged 0 – 25; for 150 post-16 students and 964 aged 0-16.") == ["150", "964"]
    assert figures("there is potential for at least another 20.") == ["at least another 20"]


def test_declaration_values_read_back_as_written():
    values = {"a": "no", "b": "2018/2019", "c": "Sefton - All Schools", "d": "%", "e": "x: y", "f": "Children's",
              "g": "{{ doc('seed_block') }}", "h": "Spring 2 2022/23 (number as printed).", "i": True, "j": "Y"}
    assert yaml.safe_load(flow(values)) == values
