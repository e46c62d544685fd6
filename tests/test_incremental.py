"""Change detection, through ``python -m orchestration.run`` (what ``make run`` calls) in a scratch copy
of the project, asserted from the runs Dagster recorded (never from durations):

* an unchanged second run starts no Dagster run and keeps the published release;
* one changed seed rebuilds that seed and its dbt descendants only (plus the gate, the metric tables,
  the exports and publish, which always go together);
* a changed model rebuilds that model and its descendants only, and runs dbt's unit tests (a changed
  seed does not);
* ``--force`` rebuilds every asset;
* a changed report text invalidates the published release, and the gate names the changed file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from dagster import AssetKey, DagsterEventType, DagsterInstance

from orchestration.assets.translator import ScorecardTranslator
from orchestration.changes import downstream
from scorecard.fingerprint import CODE_PACKAGES
from scorecard.paths import REPO_ROOT, reports_dir

pytestmark = pytest.mark.slow

PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "pyproject.toml", "constraints.txt", "dbt_project", "seeds",
                 *CODE_PACKAGES)
ALWAYS = {AssetKey("seed_validation"), AssetKey("publish")}
SEED = "osc_2023_11_scorecard__absence_rate"
MODEL = "fct_reconciliation"


class Project:
    """A copy of the project with its own warehouse, exports, dbt target and Dagster instance."""

    def __init__(self, root: Path, reports: Path | None):
        self.root = root
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("SCORECARD_", "DBT_", "DAGSTER_HOME"))}
        if reports is None:
            self.env["SCORECARD_UNCHECKED"] = "1"
        else:
            self.env["SCORECARD_REPORTS_DIR"] = str(reports)
        self.env["SCORECARD_GX_DATA_DOCS"] = "0"
        self.env["SCORECARD_LOG_LEVEL"] = "WARNING"

    def run(self, *args: str) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "orchestration.run", *args], cwd=self.root, env=self.env,
                              capture_output=True, text=True, timeout=600)
        return done

    def runs(self) -> list:
        with DagsterInstance.from_config(str(self.root / ".dagster_home")) as instance:
            return list(reversed(instance.get_runs()))

    def materialized(self, run_id: str) -> set[AssetKey]:
        with DagsterInstance.from_config(str(self.root / ".dagster_home")) as instance:
            records = instance.all_logs(run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION)
            return {r.dagster_event.asset_key for r in records}

    def logged(self, run_id: str) -> str:
        with DagsterInstance.from_config(str(self.root / ".dagster_home")) as instance:
            return "\n".join(r.user_message or "" for r in instance.all_logs(run_id))

    def manifest(self) -> dict:
        return json.loads((self.root / "target" / "manifest.json").read_text(encoding="utf-8"))

    def release(self) -> str:
        return os.readlink(self.root / "warehouse" / "current")

    def dbt_keys(self, uids: set[str] | None = None) -> set[AssetKey]:
        translator = ScorecardTranslator()
        nodes = self.manifest()["nodes"]
        return {translator.get_asset_key(n) for uid, n in nodes.items()
                if n["resource_type"] in ("seed", "model") and (uids is None or uid in uids)}


def _ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    root = tmp_path_factory.mktemp("project")
    for name in PROJECT_FILES:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / name)
    reports = None
    if reports_dir().is_dir():
        reports = tmp_path_factory.mktemp("reports")
        shutil.copytree(reports_dir(), reports, dirs_exist_ok=True)
    project = Project(root, reports)
    out = _ok(project.run())
    assert "nothing is published yet" in out and "building everything" in out, out
    return project


def _one_run_since(project: Project, before: int):
    runs = project.runs()
    assert len(runs) == before + 1, f"expected one new Dagster run, found {len(runs) - before}"
    return runs[-1]


def test_an_unchanged_second_run_starts_no_run_and_keeps_the_release(project):
    runs, release = len(project.runs()), project.release()
    out = _ok(project.run())
    assert "published warehouse is current" in out and "nothing to do" in out, out
    assert len(project.runs()) == runs, "an unchanged run must not start a Dagster run"
    assert project.release() == release


def test_one_changed_seed_rebuilds_its_descendants_only(project):
    seed = next((project.root / "seeds").rglob(f"{SEED}.csv"))
    text = seed.read_text(encoding="utf-8")
    # the same cells, written differently (a quoted header): provenance still holds, the file changed
    header, rest = text.split("\n", 1)
    seed.write_text(header.replace("report_id", '"report_id"', 1) + "\n" + rest, encoding="utf-8")
    runs, release = len(project.runs()), project.release()

    out = _ok(project.run())
    assert "only what changed" in out, out
    run = _one_run_since(project, runs)
    built = project.materialized(run.run_id)
    manifest = project.manifest()
    seed_uid = next(uid for uid, n in manifest["nodes"].items() if n["resource_type"] == "seed" and n["name"] == SEED)
    expected = project.dbt_keys(downstream(manifest, {seed_uid}))
    dbt_built = built & project.dbt_keys()
    assert dbt_built == expected, (sorted(map(str, dbt_built ^ expected)))[:20]
    assert len(expected) < len(project.dbt_keys()) / 2
    assert built >= ALWAYS and any(k.path[0] == "exports" for k in built)
    logged = project.logged(run.run_id)
    assert "a partial run" in logged
    assert "dbt unit tests: not run" in logged  # a seed's content does not change what they test
    assert project.release() != release, "the partial run publishes a new, complete release"
    assert "published warehouse is current" in _ok(project.run())


def test_a_changed_model_rebuilds_it_and_its_descendants_only(project):
    model = next((project.root / "dbt_project" / "models").rglob(f"{MODEL}.sql"))
    model.write_text(model.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")
    runs = len(project.runs())

    out = _ok(project.run())
    assert "only what changed" in out and MODEL in out, out
    run = _one_run_since(project, runs)
    built = project.materialized(run.run_id)
    manifest = project.manifest()
    uid = next(u for u, n in manifest["nodes"].items() if n["resource_type"] == "model" and n["name"] == MODEL)
    assert built & project.dbt_keys() == project.dbt_keys(downstream(manifest, {uid}))
    assert "dbt unit tests: run (changed since the published release: dbt)" in project.logged(run.run_id)


def test_force_rebuilds_everything(project):
    runs = len(project.runs())
    out = _ok(project.run("--force"))
    assert "rebuilding everything" in out, out
    built = project.materialized(_one_run_since(project, runs).run_id)
    assert project.dbt_keys() <= built
    assert built >= ALWAYS
    # every build so far replaced the previous one's artifacts: target/ does not grow with each run
    builds = sorted(p.name for p in (project.root / "target").iterdir() if p.name.startswith("scorecard_dbt"))
    assert builds == ["scorecard_dbt"], builds


def test_a_changed_report_invalidates_the_release_and_the_gate_names_it(project):
    if "SCORECARD_REPORTS_DIR" not in project.env:
        pytest.skip("the reports folder is absent: report changes cannot be tried")
    reports = Path(project.env["SCORECARD_REPORTS_DIR"])
    report = sorted(p for p in reports.iterdir() if p.suffix in (".txt", ".md"))[0]
    release = project.release()
    report.write_text(report.read_text(encoding="utf-8") + "\nedited after capture\n", encoding="utf-8")
    done = project.run()
    assert done.returncode == 1, done.stdout[-3000:]
    assert "inputs changed" in done.stdout and "reports" in done.stdout
    assert report.name in done.stdout and "fingerprint" in done.stdout, done.stdout[-3000:]
    assert project.release() == release, "nothing is published from a failed gate"
