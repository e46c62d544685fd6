"""The dbt layer on a real DuckDB file: build with every test, completeness of the observation fact,
reconciliation findings, loud failure on an unknown printed pattern, and the MetricFlow metric layer.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
BIN = Path(sys.executable).parent


def _env(db: Path, target: Path | None) -> dict[str, str]:
    env = {**os.environ, "DO_NOT_TRACK": "1", "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
           "DBT_PROFILES_DIR": str(ROOT), "SCORECARD_DUCKDB": str(db)}
    if target is not None:
        env.update(DBT_TARGET_PATH=str(target), DBT_LOG_PATH=str(target))
    return env


def _rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _run(args: list[str], env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def warehouse(published_warehouse) -> Path:
    """The warehouse published by the session's full pipeline run: `dbt build` with every data test,
    unit test and contract passed (tests/conftest.py)."""
    return published_warehouse


@pytest.fixture(scope="module")
def con(warehouse):
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()


def test_schemas_are_named_by_layer(con):
    schemas = {r[0] for r in con.execute("select distinct table_schema from information_schema.tables").fetchall()}
    assert {"raw", "staging", "intermediate", "marts"} <= schemas


def test_every_contract_primary_key_is_in_the_published_file(con, dbt_manifest):
    """Each mart's primary key (on DuckDB added after the insert, macros/primary_keys.sql) is a
    constraint of the published file, which DuckDB enforces."""
    manifest = json.loads(dbt_manifest.read_text(encoding="utf-8"))
    declared = {(n["schema"], n.get("alias") or n["name"], tuple(c["columns"]))
                for n in manifest["nodes"].values() if n["resource_type"] == "model"
                for c in n.get("constraints") or [] if c["type"] == "primary_key"}
    assert len(declared) >= 15
    present = {(s, t, tuple(cols)) for s, t, cols in con.execute(
        "select schema_name, table_name, constraint_column_names from duckdb_constraints() "
        "where constraint_type = 'PRIMARY KEY'").fetchall()}
    assert declared <= present, sorted(declared - present)


# --- every captured figure exactly once --------------------------------------------------------

def _expected_figures() -> Counter:
    """Figures per (seed, line, column), read from the CSVs independently of the models: a cell that
    prints a share and its count ("25.0% (697)", "1 33%") holds two figures, every other cell one."""
    meanings = {(r["source_table"], r["source_line"]) for r in _rows(SEEDS / "reference" / "row_meanings.csv")}
    two = re.compile(r"^\d[\d,]*(\.\d+)?% \(\d[\d, ]*\)$|^\d[\d,]*(\.\d+)? \d+(\.\d+)?%$")
    expected: Counter = Counter()
    for path in SEEDS.glob("*/*.csv"):
        if path.parent.name == "reference":
            continue
        with open(path, encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            for row in reader:
                if (path.stem, row["source_line"]) not in meanings:
                    break  # a text table (action plans, work programme): no figures
                labels = {"cohort", "measure", "language", "school_type", "service", "age_band",
                          "characteristic", "primary_sen_need", "la", "school"}
                for column in reader.fieldnames[5:]:
                    if column in labels:
                        continue
                    expected[(path.stem, int(row["source_line"]), column)] += 2 if two.match(row[column].strip()) else 1
    for row in _rows(SEEDS / "headline_observations.csv"):
        expected[("headline_observations", int(row["source_line"]), row["observation_key"])] += 1
    return expected


def test_every_captured_figure_appears_exactly_once(con):
    rows = con.execute(
        """select source_table, source_line, source_column, count(*)
           from marts.fct_metric_observations
           where figure_role in ('share', 'count', 'stated')
           group by all"""
    ).fetchall()
    actual = Counter({(t, line, c): n for t, line, c, n in rows})
    expected = _expected_figures()
    assert sum(expected.values()) > 1400
    missing = {k: v for k, v in expected.items() if actual.get(k) != v}
    extra = {k: v for k, v in actual.items() if k not in expected}
    assert not missing and not extra, f"missing/different: {list(missing.items())[:5]} extra: {list(extra.items())[:5]}"


def test_derived_figures_say_how(con):
    rows = con.execute(
        "select count(*), count(derivation) from marts.fct_metric_observations where value_status = 'derived'"
    ).fetchall()[0]
    assert rows[0] > 0 and rows[0] == rows[1]


@pytest.mark.parametrize(
    ("metric_id", "cohort", "phase", "period_label", "expected"),
    [
        ("absence_rate", "all pupils", "all", "2022/23", 8.2),
        ("persistent_absence_rate", "all pupils", "secondary", "2022/23", 31.9),
        ("fixed_term_exclusion_rate", "EHCP", "all", "2020/21", 5.5),
        ("attendance_rate", "all pupils", "special", "Autumn term 2023/24", 86.7),
    ],
)
def test_published_figures_are_typed(con, metric_id, cohort, phase, period_label, expected):
    values = con.execute(
        """select value from marts.fct_metric_observations
           where metric_id = ? and cohort = ? and phase = ? and period_label = ? and area_name = 'Sefton'
             and value_status = 'published' and source_table <> 'headline_observations'""",
        [metric_id, cohort, phase, period_label],
    ).fetchall()
    assert values == [(expected,)]


# --- reconciliation ------------------------------------------------------------------------------

def test_reconciliation_covers_every_table_with_derivable_figures(con):
    tables = {r[0] for r in con.execute("select distinct source_table from marts.fct_reconciliation").fetchall()}
    derivable = {
        "osc_2023_11_scorecard__fixed_term_exclusions", "osc_2023_11_scorecard__eyfs",
        "osc_2023_11_scorecard__phonics", "osc_2023_11_scorecard__ks1", "osc_2023_11_scorecard__ks2",
        "osc_2023_11_scorecard__language", "osc_2023_11_scorecard__ofsted_schools",
        "osc_2023_11_scorecard__ofsted_pupils", "osc_2023_11_scorecard__ehcp_provision",
        "osc_2023_11_send_jcp__ehcp_by_age", "osc_2023_11_send_jcp__ehcp_by_ethnicity",
        "osc_2023_11_send_jcp__ehcp_by_need_gender", "osc_2024_01_cmu__neighbour_attendance",
        "osc_2023_11_cmu__csc_budget", "headline_observations",
    }
    assert derivable <= tables, derivable - tables


def test_known_report_errors_are_flagged_not_fixed(con):
    def status(locator_end: str) -> list[tuple]:
        return con.execute(
            "select status, published_value from marts.fct_reconciliation where source_locator like ? order by 1",
            ["%" + locator_end],
        ).fetchall()

    # KS1 "Compared to 2019" prints the change from 2022 (67.9 - 65.8 = 2.1), not from 2019.
    assert status("line 2450, change_vs_2019") == [("mismatch", 2.1)]
    # Ofsted secondary academies: "8 64%" of 14 schools is 57%, not 64%.
    assert ("mismatch", 64.0) in status("line 2386, academies_grade2")
    # The January 2024 exclusion rises divide by the later year.
    stated = con.execute(
        "select status from marts.fct_reconciliation where printed_text = '36.03%'"
    ).fetchall()
    assert stated == [("mismatch",)]
    # ... and the figures stay as printed in the fact.
    assert con.execute(
        "select value from marts.fct_metric_observations where printed_text = '8 64%' and figure_role = 'share'"
    ).fetchall() == [(64.0,)]


def test_reconciliation_finds_matches_too(con):
    counts = dict(con.execute("select status, count(*) from marts.fct_reconciliation group by 1").fetchall())
    assert counts["match"] > 300 and counts["mismatch"] > 0 and counts.get("not_checkable", 0) > 0


# --- unknown printed patterns fail loudly ---------------------------------------------------------

def _show(project, sql: str, tmp_path: Path) -> tuple[bool, str]:
    """``dbt show --inline`` in this process, from a fresh copy of the session's saved manifest (no parse
    of its own; dbt adds the inline query to the manifest it is given): whether it succeeded, and dbt's
    output (the result table, or its error)."""
    from scorecard import env

    project.parsed_manifest()  # saved by the session's parse
    manifest = project._load_saved(project._manifest_key(project._parse_inputs()))
    assert manifest is not None
    messages: list[str] = []

    def collect(event) -> None:
        if event.info.level in ("error", "info"):
            messages.append(event.info.msg)

    with env.overridden(SCORECARD_DUCKDB=str(tmp_path / "scratch.duckdb")):
        result = project.invoke(["show", "--inline", sql, "--output", "json", "--target-path", str(tmp_path / "target"),
                                 "--log-path", str(tmp_path)], callbacks=(collect,), manifest=manifest)
    return bool(result.success), "\n".join(messages) + str(result.exception or "")


def test_unknown_printed_pattern_stops_the_query(project, tmp_path):
    ok, output = _show(project, "select {{ printed_cell_pattern(\"'n.a.'\") }} as pattern", tmp_path)
    assert not ok
    assert "unknown printed cell pattern: [n.a.]" in output


def test_known_printed_pattern_is_named(project, tmp_path):
    ok, output = _show(project, "select {{ printed_cell_pattern(\"'25.0% (697)'\") }} as pattern", tmp_path)
    assert ok and "percent_count" in output, output


# --- MetricFlow ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mf(warehouse, tmp_path_factory):
    """`mf` against a copy of the built warehouse (DuckDB allows one writer per file, and the tests hold
    the original open read-only). MetricFlow reads target/semantic_manifest.json of the project."""
    copy = tmp_path_factory.mktemp("mf") / "scorecard.duckdb"
    shutil.copyfile(warehouse, copy)
    env = _env(copy, None)
    proc = _run([str(BIN / "dbt"), "parse", "--quiet"], env)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    def query(tmp: Path, *args: str) -> list[dict[str, str]]:
        out = tmp / f"mf_{abs(hash(args))}.csv"
        proc = _run([str(BIN / "mf"), "query", *args, "--csv", str(out)], env)
        assert proc.returncode == 0 and out.exists(), proc.stdout[-3000:] + proc.stderr[-2000:]
        return list(csv.DictReader(open(out)))

    query.env = env
    return query


def test_mf_validate_configs(mf):
    proc = _run([str(BIN / "mf"), "validate-configs"], mf.env)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "ERRORS: 0" in proc.stdout


def _where(**pairs: str) -> str:
    return " and ".join(f"{{{{ Dimension('{k}') }}}} = '{v}'" for k, v in pairs.items())


def test_mf_absence_rate_all_pupils_2022_23(mf, tmp_path):
    rows = mf(tmp_path, "--metrics", "absence_rate,persistent_absence_rate",
              "--group-by", "observation__cohort,observation__phase,observation__period_label,observation__area_name",
              "--where", _where(observation__cohort="all pupils", observation__phase="all",
                                observation__period_label="2022/23", observation__area_name="Sefton"))
    assert len(rows) == 1
    assert float(rows[0]["absence_rate"]) == pytest.approx(8.2)
    assert float(rows[0]["persistent_absence_rate"]) == pytest.approx(22.9)


def test_mf_published_rate_is_not_averaged_at_a_coarser_grain(mf, tmp_path):
    rows = mf(tmp_path, "--metrics", "absence_rate", "--group-by", "observation__period_label",
              "--where", _where(observation__period_label="2022/23"))
    assert len(rows) == 1 and rows[0]["absence_rate"] in ("", None)


def _ofsted_pupils_from_seed() -> dict[str, tuple[float, float]]:
    """Good-or-better pupils and graded pupils per school type, from the captured cells (all schools)."""
    out = {}
    for row in _rows(SEEDS / "osc_2023_11_scorecard" / "osc_2023_11_scorecard__ofsted_pupils.csv"):
        if row["school_type"] == "Sefton Schools":
            continue
        count = lambda cell: 0.0 if cell.strip() == "-" else float(cell.split(" ")[0].replace(",", ""))  # noqa: E731
        grades = [count(row[f"all_grade{g}"]) for g in range(1, 5)]
        out[row["school_type"]] = (grades[0] + grades[1], sum(grades))
    return out


def test_mf_ofsted_good_or_better_pupil_share_all_schools(mf, tmp_path):
    rows = mf(tmp_path, "--metrics", "ofsted_good_or_better_pupil_share")
    # All Sefton schools: (3,575 + 30,944) / 40,689 pupils, from the printed total row.
    assert float(rows[0]["ofsted_good_or_better_pupil_share"]) == pytest.approx(100 * (3575 + 30944) / 40689)


def test_mf_ratio_metric_rolls_up_over_school_types(mf, tmp_path):
    by_type = mf(tmp_path, "--metrics", "ofsted_good_or_better_pupil_share,ofsted_graded_pupils",
                 "--group-by", "ofsted_cell__school_type")
    hand = _ofsted_pupils_from_seed()
    assert {r["ofsted_cell__school_type"] for r in by_type if r["ofsted_graded_pupils"] not in ("", "0", "0.0")} == set(hand)
    for r in by_type:
        if r["ofsted_cell__school_type"] in hand:
            good, graded = hand[r["ofsted_cell__school_type"]]
            assert float(r["ofsted_good_or_better_pupil_share"]) == pytest.approx(100 * good / graded)
    primary_and_secondary = mf(tmp_path, "--metrics", "ofsted_good_or_better_pupil_share",
                               "--where", "{{ Dimension('ofsted_cell__school_type') }} in ('Primary', 'Secondary')")
    good = hand["Primary"][0] + hand["Secondary"][0]
    graded = hand["Primary"][1] + hand["Secondary"][1]
    assert float(primary_and_secondary[0]["ofsted_good_or_better_pupil_share"]) == pytest.approx(100 * good / graded)


def test_mf_ehcp_placement_share_reproduces_the_printed_shares(mf, tmp_path):
    rows = mf(tmp_path, "--metrics", "ehcp_mainstream_share", "--group-by", "ehcp_snapshot__period_label")
    shares = {r["ehcp_snapshot__period_label"]: float(r["ehcp_mainstream_share"]) for r in rows}
    assert round(shares["Spring 2 2022/23"], 1) == 25.0
    assert round(shares["Autumn 1 2023/24"], 1) == 26.2


def test_mf_ehcp_placement_share_refuses_to_split_the_cohort_by_setting(mf):
    proc = _run([str(BIN / "mf"), "query", "--metrics", "ehcp_placement_share", "--group-by", "ehcp_placement__setting"], mf.env)
    assert proc.returncode != 0 or "error" in (proc.stdout + proc.stderr).lower()
