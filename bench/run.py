"""``make bench``: time the pipeline as ``make run`` runs it, its parts, a floor, the tests, and the
same models at scale, in one run on this machine.

    python -m bench.run [--quick] [--reps N] [--scales 1,10,153] [--skip-scale] [--skip-make-test]

Everything is written under ``bench/scale/_work/`` (git-ignored); nothing of the project's warehouse,
exports, dbt target or Dagster instance is touched. The pipeline measures run in a scratch copy of the
project (``_work/project``: the dbt project, seeds and the Python packages, as tests/test_incremental.py
copies it), reading the real report texts, in its default configuration (every ``SCORECARD_*`` and
``DBT_*`` setting and ``DAGSTER_HOME`` removed from the environment):

* ``full_refresh_s``: ``python -m orchestration.run --force`` (gate, Dagster job: validation, dbt
  build with tests, metric tables, exports, publish), after a first run into an empty warehouse
  (recorded too, ``first_run_s``);
* ``noop_rerun_s``: the same command with nothing changed: the run compares the fingerprint of its
  inputs with the published release's, says "published warehouse is current" and exits 0 without
  starting a Dagster run;
* ``one_seed_change_s``: one seed rewritten without changing a cell (the header's ``report_id``
  quoted, then unquoted again: provenance holds, the file changed), then the same command: the run
  rebuilds that seed and its dbt descendants (plus the gate, metric tables, exports and publish,
  which always go together), starting from a copy of the published database;
* the stage tables: the seconds of each stage of one forced full refresh and of one one-seed run:
  before the Dagster run (the process's wall time minus the Dagster run: start-up, lock, input
  fingerprints, the gate's file checks, ``dbt parse`` when the manifest is not current, loading the
  Dagster definitions), each Dagster step from the run's event log (``dagster_step_seconds``), and the
  dbt step split by its log (the dbt build's wall time, the row counts after it) and its
  ``run_results.json`` (seed load, models, tests); the gate and a full ``dbt parse`` are also timed
  on their own (``steps.gate``, ``steps.dbt_parse``);
* ``dbt_build_s``: ``dbt build`` (seeds, models, every test) of the copy into a fresh file;
* ``floor_s``: the compiled SQL of every model (``dbt compile``; DAG order) executed in one DuckDB
  connection, with the profile's memory limit, on a file where only the seeds are loaded (``dbt
  seed``): the work without dbt;
* ``exports``: each of ``exporters.EXPORTERS`` on the published database, into a scratch folder;
* ``make_test_s``: ``make test`` (``pytest -m "not slow and not spark"``) from the repository root,
  run as ``make -o .venv/.installed test`` so a stale install stamp does not re-install (that needs
  the network);
* mart queries (typical dashboard queries on the published marts, p50 / p95) and ``mf query``;
* scale (``build_s_by_authorities``, ``peak_rss_mb_by_authorities``): ``bench.scale`` projects for 1,
  10 and 153 synthetic authorities x 10 years; their generated dbt files come from
  ``scorecard.staging`` like the project's own, so every seed CSV above
  ``scorecard.staging.EXTERNAL_INPUT_BYTES`` is read by DuckDB directly (a dbt source over
  ``read_csv``) instead of ``dbt seed``; ``dbt build`` of everything (seeds, the external inputs,
  models, tests) into a fresh file, peak memory of that process, the floor again.

Seconds and peak memory of a command are measured by a small launcher around it (``LAUNCHER``): wall
time, and the peak resident set from ``os.wait4`` (the process and the children it waited for).
Writes ``bench/results/<YYYY-MM-DD>.json`` and prints the tables; ``targets()`` says met or not met
for each target of issue 16 (benchmarks record figures; no test asserts a duration).
The load average is recorded before each measure: other processes share the cores.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from scorecard.fingerprint import CODE_PACKAGES

REPO_ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = REPO_ROOT / "bench"
RESULTS_DIR = BENCH_DIR / "results"
WORK = BENCH_DIR / "scale" / "_work"
PY = sys.executable
BIN = Path(PY).parent
DBT = str(BIN / "dbt")
MF = str(BIN / "mf")
SCALES = (1, 10, 153)
MF_ARGS = ["query", "--metrics", "absence_rate", "--group-by", "observation__cohort,observation__period_label"]
# what a copy of the project needs to run the pipeline (as tests/test_incremental.py copies it)
PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "pyproject.toml", "constraints.txt", "dbt_project", "seeds",
                 *CODE_PACKAGES)
CHANGED_SEED = "osc_2023_11_scorecard__absence_rate"
# Fails on the synthetic data at 153 authorities (secondary suppression needs more passes than
# disclosure_passes() on a few synthetic groups), which would skip fct_disclosure and what reads it:
# the scale builds exclude it so every model is built and timed, and run it on its own afterwards.
SCALE_EXCLUDED_TEST = "assert_disclosure_converged"

QUIET = {
    "DO_NOT_TRACK": "1",
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "GX_ANALYTICS_ENABLED": "false",
    "DAGSTER_DISABLE_TELEMETRY": "1",
}

# Typical scorecard queries (what a dashboard asks of the marts). $area / $report are bound.
BI_QUERIES: dict[str, str] = {
    "absence_by_cohort_and_year": """
        select cohort, period_label, max(value) as absence_rate
        from marts.mart_absence
        where area_name = $area and metric_id = 'absence_rate' and statistic = 'level' and value is not null
        group by cohort, period_label
        order by cohort, period_label""",
    "ehcp_timeliness_series": """
        select metric_id, period_label, period_end, value, report_id
        from marts.mart_ehcp_timeliness
        where area_name = $area and metric_id like 'ehcp_20_week_compliance%'
        order by metric_id, sequence_in_series""",
    "ofsted_good_or_better_by_school_type": """
        select school_type,
               sum(count_value) filter (where is_good_or_better) as good_or_better,
               sum(count_value) filter (where is_good_or_better is not null) as graded,
               round(100.0 * sum(count_value) filter (where is_good_or_better)
                     / nullif(sum(count_value) filter (where is_good_or_better is not null), 0), 1) as pct
        from marts.mart_ofsted
        where area_name = $area and basis = 'schools' and governance = 'all schools'
        group by school_type
        order by school_type""",
    "attainment_vs_national": """
        select metric_id, cohort, period_label, value, national_value, gap_to_national
        from marts.mart_attainment
        where area_name = $area and statistic = 'level'
        order by gap_to_national nulls last, metric_id, cohort""",
    "reconciliation_mismatches": """
        select check_type, count(*) as checks, count(*) filter (where status = 'mismatch') as mismatches
        from marts.fct_reconciliation
        group by check_type
        order by mismatches desc, check_type""",
    "observations_for_one_report": """
        select metric_id, count(*) as figures, count(value) as with_value
        from marts.fct_metric_observations
        where report_id = $report
        group by metric_id
        order by figures desc, metric_id""",
    "exclusions_trend": """
        select metric_id, period_label, value
        from marts.mart_exclusions
        where area_name = $area and statistic = 'level'
        order by metric_id, period_start""",
    "ehcp_placement_by_setting": """
        select setting, period_label, published_share, placed_count, implied_cohort
        from marts.mart_ehcp_placement
        where area_name = $area
        order by period_label, setting""",
    "absence_league_table": """
        select o.area_name, a.geographic_level, avg(o.value) as absence_rate
        from marts.mart_absence as o
        inner join marts.dim_area as a on o.area_code = a.area_code
        where o.metric_id = 'absence_rate' and o.cohort = 'all pupils' and o.statistic = 'level'
            and o.value is not null
        group by 1, 2
        order by absence_rate desc
        limit 20""",
}
BI_PARAMS = {"area": "Sefton", "report": "osc_2023_11_scorecard"}


# --- helpers -------------------------------------------------------------------------------------

def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def summary(samples: list[float], digits: int = 3) -> dict[str, Any] | None:
    if not samples:
        return None
    return {
        "min": round(min(samples), digits),
        "median": round(statistics.median(samples), digits),
        "max": round(max(samples), digits),
        "n": len(samples),
        "samples": [round(s, digits) for s in samples],
    }


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(samples)
    rank = max(1, int(-(-q * len(ordered) // 100)))  # ceil
    return ordered[min(rank, len(ordered)) - 1]


def clean_env(**extra: str | Path | None) -> dict[str, str]:
    """This process's environment without the project's settings (every SCORECARD_* and DBT_* variable
    and DAGSTER_HOME: each run sees the defaults, or what `extra` sets), telemetry off."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCORECARD_", "DBT_")) and k != "DAGSTER_HOME"}
    env.update(QUIET)
    for key, value in extra.items():
        if value is not None:
            env[key] = str(value)
    return env


def project_env(project: Path, db: Path, target: Path, logs: Path) -> dict[str, str]:
    """dbt on the project at `project`, building into `db`, artifacts into `target`."""
    return clean_env(DBT_PROFILES_DIR=project, DBT_PROJECT_DIR=project, SCORECARD_DUCKDB=db,
                     DBT_TARGET_PATH=target, DBT_LOG_PATH=logs)


# A measured command runs under this small launcher, which forks it, waits for it and writes its wall
# seconds and peak resident set. Measuring from the bench process itself would be wrong: a child
# started from a large process (vfork, then exec) inherits that process's high-water RSS in its
# ru_maxrss, and the bench holds DuckDB results in memory; the launcher is small.
LAUNCHER = """
import json, os, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(cmd[0], cmd)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
with open(out, "w") as fh:
    json.dump({"seconds": seconds, "rc": os.waitstatus_to_exitcode(status), "maxrss_kb": usage.ru_maxrss}, fh)
sys.exit(0)
"""


def run_cmd(cmd: list[str], *, env: dict[str, str], cwd: Path, log_path: Path, timeout: float = 3600) -> dict:
    """Run to completion (output appended to `log_path`); wall seconds, exit code and peak resident
    set (MB; the process and the children it waited for, from wait4 in the launcher)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    measured = log_path.with_name(f".{log_path.name}.{os.getpid()}.json")
    with open(log_path, "ab") as out:
        out.write(f"\n$ {' '.join(cmd)}\n".encode())
        out.flush()
        started = time.perf_counter()
        proc = subprocess.Popen([PY, "-S", "-c", LAUNCHER, str(measured), *cmd], cwd=str(cwd), env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
        seconds = time.perf_counter() - started
    try:
        got = json.loads(measured.read_text())
        measured.unlink()
    except (OSError, ValueError):  # killed, or the launcher failed: what the bench saw
        return {"seconds": seconds, "rc": proc.returncode or -9, "peak_rss_mb": None}
    return {"seconds": got["seconds"], "rc": got["rc"], "peak_rss_mb": round(got["maxrss_kb"] / 1024, 1)}


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def fresh_db(db: Path) -> None:
    for suffix in ("", ".wal", ".tmp"):
        p = db.with_name(db.name + suffix)
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    db.parent.mkdir(parents=True, exist_ok=True)


def copy_db(src: Path, dst: Path) -> None:
    fresh_db(dst)
    shutil.copy2(src, dst)


def run_results(target: Path) -> dict:
    """Statuses, seconds by resource type, failing and slowest nodes of the newest run_results.json
    under `target` (the pipeline's dbt build writes its artifacts into a folder of its own there)."""
    files = sorted(target.rglob("run_results.json"), key=lambda p: p.stat().st_mtime) if target.exists() else []
    if not files:
        return {}
    data = json.loads(files[-1].read_text(encoding="utf-8"))
    statuses: dict[str, int] = {}
    failing = []
    by_type: dict[str, float] = {}
    for r in data.get("results", []):
        status = str(r.get("status"))
        statuses[status] = statuses.get(status, 0) + 1
        kind = r.get("unique_id", "").split(".", 1)[0]
        by_type[kind] = by_type.get(kind, 0.0) + float(r.get("execution_time") or 0)
        if status in ("error", "fail", "runtime error"):
            failing.append({"node": r.get("unique_id"), "status": status, "failures": r.get("failures"),
                            "message": " ".join(str(r.get("message") or "").split())[:300]})
    slowest = sorted(data.get("results", []), key=lambda r: -(r.get("execution_time") or 0))[:10]
    return {
        "file": str(files[-1].relative_to(REPO_ROOT)) if files[-1].is_relative_to(REPO_ROOT) else str(files[-1]),
        "elapsed_s": round(float(data.get("elapsed_time") or 0), 3),
        "statuses": statuses,
        "seconds_by_resource_type": {k: round(v, 3) for k, v in sorted(by_type.items())},
        "failing": failing,
        "slowest": [{"node": r.get("unique_id"), "s": round(r.get("execution_time") or 0, 3)} for r in slowest],
    }


def machine_info() -> dict:
    mem_kb = 0
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    cpu = platform.processor()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = {"python": platform.python_version()}
    for dist in ("duckdb", "dbt-core", "dbt-duckdb", "dagster", "dagster-dbt", "great-expectations",
                 "metricflow", "dbt-metricflow", "pandas", "pyarrow", "openpyxl"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions[dist] = importlib.metadata.version(dist)
    try:
        sched = len(os.sched_getaffinity(0))
    except AttributeError:
        sched = os.cpu_count()
    return {"cores": os.cpu_count(), "cores_available": sched, "memory_gb": round(mem_kb / 1024 / 1024, 1),
            "cpu": cpu, "platform": platform.platform(), "versions": versions}


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def copy_project(dest: Path) -> None:
    """A scratch copy of the project: what the pipeline reads and runs (no warehouse, target, .dagster_home)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, dest / name)


# --- floor -------------------------------------------------------------------------------------

def model_statements(manifest_path: Path) -> list[tuple[str, str]]:
    """(model, `create or replace ... as <compiled sql>`) for every enabled model, in DAG order."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    nodes = {uid: n for uid, n in manifest["nodes"].items()
             if n.get("resource_type") == "model" and (n.get("config") or {}).get("enabled", True)}
    deps = {uid: [d for d in (n.get("depends_on") or {}).get("nodes", []) if d in nodes] for uid, n in nodes.items()}
    order: list[str] = []
    done: set[str] = set()

    def visit(uid: str, stack: tuple = ()) -> None:
        if uid in done:
            return
        if uid in stack:
            raise RuntimeError(f"cycle at {uid}")
        for d in sorted(deps[uid]):
            visit(d, stack + (uid,))
        done.add(uid)
        order.append(uid)

    for uid in sorted(nodes):
        visit(uid)
    statements = []
    schemas = sorted({(nodes[u]["database"], nodes[u]["schema"]) for u in order})
    for database, schema in schemas:
        statements.append((f"schema {schema}", f'create schema if not exists "{database}"."{schema}"'))
    for uid in order:
        node = nodes[uid]
        materialized = (node.get("config") or {}).get("materialized", "view")
        if materialized == "ephemeral":
            continue  # inlined by dbt into its dependents' compiled SQL
        sql = node.get("compiled_code")
        if not sql:
            raise RuntimeError(f"{uid} has no compiled SQL (run dbt compile first)")
        sql = sql.strip().rstrip(";")
        kind = "view" if materialized == "view" else "table"
        statements.append((node["name"], f"create or replace {kind} {node['relation_name']} as\n{sql}\n"))
    return statements


def execute_floor(db: Path, manifest: Path, memory_limit: str | None = None) -> dict:
    """Execute every model's compiled SQL in one connection; seconds, total and per model."""
    import duckdb

    statements = model_statements(manifest)
    per_model: dict[str, float] = {}
    started = time.perf_counter()
    con = duckdb.connect(str(db))
    con.execute("PRAGMA disable_progress_bar")
    if memory_limit:
        con.execute(f"set memory_limit = '{memory_limit}'")  # as the dbt profile sets it
    try:
        for name, sql in statements:
            t0 = time.perf_counter()
            con.execute(sql)
            per_model[name] = time.perf_counter() - t0
    finally:
        con.close()
    total = time.perf_counter() - started
    slowest = sorted(per_model.items(), key=lambda kv: -kv[1])[:8]
    return {"seconds": total, "statements": len(statements), "slowest": [{"model": k, "s": round(v, 3)} for k, v in slowest]}


def run_floor(seeded_db: Path, manifest: Path, work: Path, reps: int, label: str) -> dict:
    """Floor reps in child processes (a copy of the seeds-only file each time); seconds inside."""
    samples, peaks, detail = [], [], None
    for i in range(reps):
        db = work / "floor" / seeded_db.name  # same file name: compiled SQL names the catalog
        copy_db(seeded_db, db)
        out = work / "floor" / "floor.json"
        res = run_cmd([PY, "-m", "bench.run", "--_floor", str(db), str(manifest), str(out)],
                      env=clean_env(), cwd=REPO_ROOT, log_path=work / "logs" / "floor.log")
        if res["rc"] != 0 or not out.exists():
            log(f"floor ({label}) failed: see {work / 'logs' / 'floor.log'}")
            return {"error": tail(work / "logs" / "floor.log")}
        detail = json.loads(out.read_text())
        samples.append(detail["seconds"])
        peaks.append(res["peak_rss_mb"])
        log(f"floor ({label}) {i + 1}/{reps}: {detail['seconds']:.2f}s")
    shutil.rmtree(work / "floor", ignore_errors=True)
    return {"seconds": summary(samples), "peak_rss_mb": max(peaks), "statements": detail["statements"],
            "slowest_models": detail["slowest"]}


# --- BI queries --------------------------------------------------------------------------------

def run_bi_queries(db: Path, reps: int, params: dict[str, str] = BI_PARAMS) -> dict:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    con.execute("PRAGMA disable_progress_bar")
    per_query: dict[str, Any] = {}
    pooled: list[float] = []
    try:
        for name, sql in BI_QUERIES.items():
            bound = {k: v for k, v in params.items() if f"${k}" in sql}
            try:
                rows = con.execute(sql, bound).fetchall()  # warm-up (first read of the pages)
                con.execute(sql, bound).fetchall()
            except Exception as exc:  # a mart may have changed shape
                per_query[name] = {"error": str(exc).splitlines()[0][:300]}
                continue
            samples = []
            for _ in range(reps):
                t0 = time.perf_counter()
                con.execute(sql, bound).fetchall()
                samples.append((time.perf_counter() - t0) * 1000)
            pooled += samples
            per_query[name] = {"rows": len(rows), "p50_ms": round(percentile(samples, 50), 2),
                               "p95_ms": round(percentile(samples, 95), 2), "max_ms": round(max(samples), 2)}
    finally:
        con.close()
    measured = [q for q in per_query.values() if "p95_ms" in q]
    return {
        "reps_per_query": reps,
        "queries": per_query,
        "p50_ms": round(percentile(pooled, 50), 2) if pooled else None,
        "p95_ms": round(percentile(pooled, 95), 2) if pooled else None,
        "worst_query_p95_ms": max((q["p95_ms"] for q in measured), default=None),
    }


def mart_rows(db: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
        rows = {t: con.execute(f'select count(*) from marts."{t}"').fetchall()[0][0] for t in tables}
        with contextlib.suppress(Exception):
            rows["_synthetic_observations"] = con.execute(
                "select count(*) from marts.fct_metric_observations "
                "where area_name like 'Synthetic Authority %'").fetchall()[0][0]
            rows["_areas_in_observations"] = con.execute(
                "select count(distinct area_name) from marts.fct_metric_observations").fetchall()[0][0]
        return rows
    finally:
        con.close()


# --- the Dagster run's stages --------------------------------------------------------------------

def dagster_runs(dagster_home: Path) -> list[str]:
    """Run ids in `dagster_home`, newest first."""
    from dagster import DagsterInstance

    if not (dagster_home / "dagster.yaml").exists():
        return []
    with DagsterInstance.from_config(str(dagster_home)) as instance:
        return [r.run_id for r in instance.get_runs()]


def dagster_step_seconds(dagster_home: Path, run_id: str) -> dict | None:
    """Seconds per step of one run (from its event log: STEP_START to STEP_SUCCESS/FAILURE) and of the
    whole run (RUN_START to RUN_SUCCESS/FAILURE), or None."""
    from dagster import DagsterEventType, DagsterInstance

    run_starts = (DagsterEventType.RUN_START.value,)
    run_ends = (DagsterEventType.RUN_SUCCESS.value, DagsterEventType.RUN_FAILURE.value)
    try:
        with DagsterInstance.from_config(str(dagster_home)) as instance:
            starts: dict[str, float] = {}
            steps: dict[str, float] = {}
            run_start = run_end = first = None
            for entry in instance.all_logs(run_id):
                ev = entry.dagster_event
                if ev is None:
                    continue
                first = entry.timestamp if first is None else first
                kind = ev.event_type_value
                if kind == "STEP_START":
                    starts[entry.step_key] = entry.timestamp
                elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and entry.step_key in starts:
                    steps[entry.step_key] = round(entry.timestamp - starts[entry.step_key], 3)
                elif kind in run_starts:
                    run_start = entry.timestamp
                elif kind in run_ends:
                    run_end = entry.timestamp
            if run_start and run_end:
                steps["_run"] = round(run_end - run_start, 3)
            if first and run_start:  # the run's creation: an event for every asset and check it plans
                steps["_created"] = round(run_start - first, 3)
            return steps
    except Exception as exc:  # informative only
        return {"error": str(exc)[:200]}


def stage_table(run: dict) -> list[dict]:
    """One run of ``python -m orchestration.run`` split into stages (seconds): outside the Dagster run
    (wall minus the run and its creation), the run's creation, the Dagster steps, and the dbt step split
    by what its log says (the dbt build's wall time, the row counts after it) and by its run_results
    (the nodes' elapsed time; seed load, models and tests summed over dbt's threads, so they can add
    up to more than that)."""
    steps = run.get("dagster_steps") or {}
    if not steps or "error" in steps:
        return []
    dbt = run.get("dbt") or {}
    by_type, nodes = dbt.get("seconds_by_resource_type") or {}, dbt.get("elapsed_s")
    dbt_wall, counts = run.get("dbt_build_s"), run.get("row_counts_s")
    seeds, models = by_type.get("seed", 0.0), by_type.get("model", 0.0)
    tests = by_type.get("test", 0.0) + by_type.get("unit_test", 0.0)
    exports = sum(v for k, v in steps.items() if k.startswith("export"))
    named = ("seed_validation", "scorecard_dbt", "metric_tables", "publish", "_run", "_created")
    checks = sum(v for k, v in steps.items() if k not in named and not k.startswith("export"))
    dagster_run = steps.get("_run")
    dbt_step = steps.get("scorecard_dbt")
    created = steps.get("_created") or 0.0
    in_steps = sum(v for k, v in steps.items() if k not in ("_run", "_created"))
    rows = [
        ("outside the Dagster run: start-up, lock, fingerprints, gate, the dbt manifest, definitions, summary",
         run["seconds"] - dagster_run - created if dagster_run else None),
        ("the Dagster run's creation (a planned event for every asset and check)", created or None),
        ("validation (step seed_validation: the gate's checks and Great Expectations)", steps.get("seed_validation")),
        ("dbt build (step scorecard_dbt), of which:", dbt_step),
        ("    dbt's nodes, elapsed (run_results), of which summed over its threads:", nodes if dbt_wall else None),
        ("        seed load (dbt seeds)", seeds if dbt_wall else None),
        ("        models", models if dbt_wall else None),
        ("        tests (data tests, and unit tests when they run)", tests if dbt_wall else None),
        ("    dbt before and after its nodes (set-up, artifacts)", dbt_wall - nodes if dbt_wall and nodes else None),
        ("    row counts of what was built", counts),
        ("    rest of the step (build database, events)", dbt_step - dbt_wall - (counts or 0) if dbt_step and dbt_wall else None),
        ("metric tables (MetricFlow saved queries)", steps.get("metric_tables")),
        ("exports (4 exporters)", exports or None),
        ("publish (the release: database and exports)", steps.get("publish")),
        ("asset checks", checks or None),
        ("Dagster between steps", dagster_run - in_steps if dagster_run else None),
        ("total: python -m orchestration.run, wall", run.get("seconds")),
    ]
    return [{"stage": name, "s": round(s, 3) if s is not None else None} for name, s in rows]


# --- the measures --------------------------------------------------------------------------------

class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.reps = args.reps
        self.results: dict[str, Any] = {"steps": {}, "not_measured": {}, "notes": [], "load_average": {}}
        self.logs = WORK / "logs"
        self.project = WORK / "project"

    def load(self, name: str) -> None:
        self.results["load_average"][name] = load_average()

    def record(self, name: str, runs: list[dict], **extra: Any) -> dict | None:
        if not runs:
            return None
        entry = {"seconds": summary([r["seconds"] for r in runs]), "peak_rss_mb": max(r.get("peak_rss_mb") or 0 for r in runs),
                 "exit_codes": [r.get("rc", 0) for r in runs], **extra}
        self.results["steps"][name] = entry
        return entry

    def dbt(self, args: list[str], log_name: str, project: Path, db: Path, target: Path) -> dict:
        env = project_env(project, db, target, self.logs / "dbt")
        res = run_cmd([DBT, *args], env=env, cwd=project, log_path=self.logs / f"{log_name}.log")
        if res["rc"] != 0:
            log(f"dbt {' '.join(args)} exited {res['rc']}: {tail(self.logs / f'{log_name}.log', 5)}")
        return res

    # -- setup
    def prepare(self) -> None:
        if WORK.exists():
            shutil.rmtree(WORK)
        self.logs.mkdir(parents=True)
        copy_project(self.project)
        from scorecard.paths import reports_dir

        reports = reports_dir()
        self.pipeline_env = clean_env(**({"SCORECARD_REPORTS_DIR": reports} if reports.is_dir() else
                                         {"SCORECARD_UNCHECKED": "1"}))
        self.results["project_copy"] = {
            "path": str(self.project.relative_to(REPO_ROOT)),
            "reports": str(reports) if reports.is_dir() else "absent: SCORECARD_UNCHECKED=1",
        }

    # -- the pipeline, as make run runs it
    def pipeline(self, label: str, *args: str) -> dict:
        home = self.project / ".dagster_home"
        before = set(dagster_runs(home))
        log_path = self.logs / f"pipeline_{label}.log"
        res = run_cmd([PY, "-m", "orchestration.run", *args], env=self.pipeline_env, cwd=self.project, log_path=log_path)
        out = log_path.read_text(encoding="utf-8", errors="replace")
        res["said"] = next((line.strip() for line in out.splitlines()
                            if line.startswith(("building ", "published warehouse is current"))), None)
        for key, pattern in (("dbt_build_s", r"dbt build (?:succeeded|FAILED) in ([0-9.]+)s"),
                             ("row_counts_s", r"profiled \d+ relations in ([0-9.]+)s")):
            found = re.findall(pattern, out)
            if found:
                res[key] = float(found[-1])
        new = [r for r in dagster_runs(home) if r not in before]
        res["dagster_runs"] = len(new)
        if new:
            res["dagster_steps"] = dagster_step_seconds(home, new[0])
            res["dbt"] = run_results(self.project / "target")
        if res["rc"] != 0:
            log(f"orchestration.run {' '.join(args)} exited {res['rc']}: {tail(log_path, 8)}")
        return res

    def pre_dagster_parts(self) -> None:
        """The gate's file checks and a full dbt parse, timed on their own (in the copy)."""
        script = ("import json, sys, time; t = time.perf_counter()\n"
                  "from expectations import gate\n"
                  "r = gate.run()\n"
                  "print('BENCH', json.dumps({'s': time.perf_counter() - t, 'success': bool(r.success)}))\n")
        log_path = self.logs / "gate.log"
        gate = run_cmd([PY, "-c", script], env=self.pipeline_env, cwd=self.project, log_path=log_path)
        gate_s = None
        for line in tail(log_path, 50).splitlines():
            if line.startswith("BENCH "):
                gate_s = json.loads(line[6:])["s"]
        target = WORK / "parse_target"
        shutil.rmtree(target, ignore_errors=True)
        parse = self.dbt(["parse"], "dbt_parse", self.project, WORK / "parse_db" / "scorecard.duckdb", target)
        shutil.rmtree(target, ignore_errors=True)
        self.results["steps"]["gate"] = {"seconds_in_process": round(gate_s, 3) if gate_s else None,
                                         "process_s": round(gate["seconds"], 3), "rc": gate["rc"]}
        self.results["steps"]["dbt_parse"] = {"seconds": round(parse["seconds"], 3), "rc": parse["rc"],
                                              "peak_rss_mb": parse["peak_rss_mb"]}
        log(f"gate {gate_s or float('nan'):.2f}s (process {gate['seconds']:.2f}s); dbt parse {parse['seconds']:.2f}s")

    def runs(self) -> None:
        self.load("pipeline")
        first = self.pipeline("first")
        log(f"first run (empty warehouse): {first['seconds']:.1f}s rc={first['rc']}: {first['said']}")
        self.record("first_run", [first], said=first["said"], dagster_steps=first.get("dagster_steps"))

        forced = []
        for i in range(self.args.full_refresh_reps):
            res = self.pipeline(f"force_{i}", "--force")
            log(f"full refresh (--force) {i + 1}/{self.args.full_refresh_reps}: {res['seconds']:.1f}s rc={res['rc']}, "
                f"peak {res['peak_rss_mb']} MB")
            forced.append(res)
        self.record("full_refresh", forced, dagster_steps=[r.get("dagster_steps") for r in forced])

        noop = []
        for i in range(self.reps):
            res = self.pipeline(f"noop_{i}")
            log(f"no-change re-run {i + 1}/{self.reps}: {res['seconds']:.2f}s rc={res['rc']}: {res['said']}")
            noop.append(res)
        self.record("noop_rerun", noop, said=noop[-1]["said"], dagster_runs_started=sum(r["dagster_runs"] for r in noop))

        seed = next((self.project / "seeds").rglob(f"{CHANGED_SEED}.csv"))
        changed = []
        for i in range(self.reps):
            header, rest = seed.read_text(encoding="utf-8").split("\n", 1)
            header = header.replace('"report_id"', "report_id", 1) if i % 2 else header.replace("report_id", '"report_id"', 1)
            seed.write_text(header + "\n" + rest, encoding="utf-8")
            res = self.pipeline(f"one_seed_{i}")
            log(f"one seed changed {i + 1}/{self.reps}: {res['seconds']:.1f}s rc={res['rc']}: {res['said']}")
            changed.append(res)
        self.record("one_seed_change", changed, seed=CHANGED_SEED, said=changed[-1]["said"],
                    dagster_steps=[r.get("dagster_steps") for r in changed],
                    dbt_nodes=[(r.get("dbt") or {}).get("statuses") for r in changed])

        self.pre_dagster_parts()
        reference = forced[-1] if forced else first
        self.results["stages"] = {"full_refresh": stage_table(reference),
                                  "one_seed_change": stage_table(changed[-1]) if changed else []}
        self.results["stages_detail"] = {
            "full_refresh": {k: reference.get(k) for k in ("dagster_steps", "dbt_build_s", "row_counts_s", "dbt")},
            "one_seed_change": {k: changed[-1].get(k) for k in ("dagster_steps", "dbt_build_s", "row_counts_s", "dbt")}
            if changed else None,
        }
        self.published_db = self.project / "warehouse" / "scorecard.duckdb"

    # -- dbt alone, and the floor
    def dbt_alone(self) -> None:
        self.load("dbt_build")
        db, target = WORK / "dbt_build" / "scorecard.duckdb", WORK / "dbt_build" / "target"
        builds = []
        for i in range(self.args.dbt_reps):
            fresh_db(db)
            res = self.dbt(["build"], "dbt_build", self.project, db, target)
            log(f"dbt build (fresh file) {i + 1}/{self.args.dbt_reps}: {res['seconds']:.1f}s rc={res['rc']}, "
                f"peak {res['peak_rss_mb']} MB")
            builds.append(res)
        self.record("dbt_build", builds, dbt=run_results(target))

        self.load("floor")
        seeded = WORK / "seeded" / "scorecard.duckdb"
        fresh_db(seeded)
        seed = self.dbt(["seed"], "dbt_seed", self.project, seeded, target)
        self.record("dbt_seed", [seed])
        comp = self.dbt(["compile"], "dbt_compile", self.project, seeded, target)
        self.record("dbt_compile", [comp])
        if seed["rc"] or comp["rc"] or not (target / "manifest.json").exists():
            self.results["not_measured"]["floor"] = "dbt seed or dbt compile failed"
            return
        self.results["floor"] = run_floor(seeded, target / "manifest.json", WORK, self.reps, "project")

    # -- exports, one by one, on the published database
    def exports(self) -> None:
        db = getattr(self, "published_db", None)
        if not db or not Path(db).exists():
            self.results["not_measured"]["exports"] = "no published database (the pipeline runs failed)"
            return
        script = (
            "import json, sys, time; from pathlib import Path\n"
            "from exporters import EXPORTERS\n"
            "db, out = Path(sys.argv[1]), Path(sys.argv[2]); per = {}\n"
            "for name, fn in EXPORTERS.items():\n"
            "    t = time.perf_counter(); files = fn(db, out / name)\n"
            "    per[name] = [time.perf_counter() - t, len(files)]\n"
            "Path(sys.argv[3]).write_text(json.dumps(per))\n"
        )
        per_export: dict[str, list[float]] = {}
        runs = []
        for _ in range(self.reps):
            out, detail = WORK / "exports", WORK / "exports.json"
            shutil.rmtree(out, ignore_errors=True)
            res = run_cmd([PY, "-c", script, str(db), str(out), str(detail)], env=self.pipeline_env, cwd=self.project,
                          log_path=self.logs / "exports.log")
            if res["rc"] == 0 and detail.exists():
                for name, (s, _) in json.loads(detail.read_text()).items():
                    per_export.setdefault(name, []).append(s)
            else:
                log(f"exports failed: {tail(self.logs / 'exports.log', 5)}")
            runs.append(res)
        self.record("exports", runs, per_export_s={k: summary(v) for k, v in per_export.items()})

    # -- make test
    def make_test(self) -> None:
        if self.args.skip_make_test:
            self.results["not_measured"]["make_test"] = "--skip-make-test"
            return
        self.load("make_test")
        log("make test (pytest -m 'not slow and not spark'): a few minutes")
        log_path = self.logs / "make_test.log"
        res = run_cmd(["make", "-o", ".venv/.installed", "test"], env=clean_env(), cwd=REPO_ROOT, log_path=log_path,
                      timeout=3600)
        last = [line for line in tail(log_path, 40).splitlines() if " passed" in line or " failed" in line or " error" in line]
        log(f"make test: {res['seconds']:.0f}s rc={res['rc']}: {last[-1] if last else ''}")
        self.record("make_test", [res], command="make -o .venv/.installed test", pytest=last[-1].strip("= ") if last else None)

    # -- mart queries and mf
    def bi(self) -> None:
        db = getattr(self, "published_db", None)
        if not db or not Path(db).exists():
            self.results["not_measured"]["mart_queries"] = "no published database"
            return
        self.results["mart_queries"] = run_bi_queries(db, self.args.query_reps)
        self.results["mart_queries"]["db"] = str(Path(db).relative_to(REPO_ROOT))
        log(f"mart queries: p50 {self.results['mart_queries']['p50_ms']} ms, p95 {self.results['mart_queries']['p95_ms']} ms")

    def mf(self) -> None:
        db = getattr(self, "published_db", None)
        if not Path(MF).exists() or not db or not Path(db).exists():
            self.results["not_measured"]["mf_query"] = "mf (dbt-metricflow) or the published database is missing"
            return
        # mf reads <project>/target/semantic_manifest.json (the copy's, from its runs) and queries a copy
        # of the published database through the dbt profile
        mf_db = WORK / "mf_db" / "scorecard.duckdb"
        copy_db(Path(db).resolve(), mf_db)
        env = clean_env(DBT_PROFILES_DIR=self.project, DBT_PROJECT_DIR=self.project, SCORECARD_DUCKDB=mf_db,
                        DBT_LOG_PATH=self.logs / "mf")
        runs = []
        for _ in range(self.reps):
            res = run_cmd([MF, *MF_ARGS], env=env, cwd=self.project, log_path=self.logs / "mf.log")
            if res["rc"] != 0:
                log(f"mf query exited {res['rc']}: {tail(self.logs / 'mf.log', 6)}")
            runs.append(res)
        self.record("mf_query", runs, command="mf " + " ".join(MF_ARGS), output_tail=tail(self.logs / "mf.log", 8))

    # -- scale
    def scale(self) -> None:
        from bench import scale as gen

        out: dict[str, Any] = {}
        for n in self.args.scales:
            self.load(f"scale_{n}")
            log(f"scale {n}: generating {n} synthetic authorities x {self.args.years} years")
            info = gen.generate(n, self.args.years)
            proj = Path(info["project_dir"])
            db, target, logs = proj / "warehouse" / "scorecard.duckdb", proj / "target", proj / "logs"
            env = project_env(proj, db, target, logs)
            entry: dict[str, Any] = {"generator": info}
            log(f"scale {n}: {info['seed_mb']} MB of seeds, {info['external_inputs']} input(s) above "
                f"{info['external_threshold_bytes']} bytes read by DuckDB directly ({info['external_mb']} MB)")

            builds, peaks = [], []
            for _ in range(self.args.scale_reps):
                fresh_db(db)
                res = run_cmd([DBT, "build", "--exclude", SCALE_EXCLUDED_TEST], env=env, cwd=proj,
                              log_path=proj / "bench_build.log")
                builds.append(res["seconds"])
                peaks.append(res["peak_rss_mb"])
                entry["build_rc"] = res["rc"]
                log(f"scale {n}: dbt build {res['seconds']:.1f}s, peak {res['peak_rss_mb']} MB, rc={res['rc']}")
            entry["build_s"] = summary(builds)
            entry["peak_rss_mb"] = max(peaks)
            entry["dbt"] = run_results(target)
            excluded = run_cmd([DBT, "test", "--select", SCALE_EXCLUDED_TEST], env=env, cwd=proj,
                               log_path=proj / "bench_excluded_test.log")
            entry["excluded_test"] = {"test": SCALE_EXCLUDED_TEST, "rc": excluded["rc"],
                                      "result": (run_results(target).get("failing") or "pass")}
            entry["rows"] = mart_rows(db)
            entry["mart_queries"] = run_bi_queries(db, max(5, self.args.query_reps // 2))

            if not self.args.no_scale_floor:
                seeded = proj / "warehouse" / "seeded" / "scorecard.duckdb"
                fresh_db(seeded)
                seed = run_cmd([DBT, "seed"], env=project_env(proj, seeded, target, logs), cwd=proj,
                               log_path=proj / "bench_seed.log")
                entry["dbt_seed"] = {"seconds": round(seed["seconds"], 3), "peak_rss_mb": seed["peak_rss_mb"], "rc": seed["rc"]}
                comp = run_cmd([DBT, "compile"], env=env, cwd=proj, log_path=proj / "bench_compile.log")
                if seed["rc"] == 0 and comp["rc"] == 0:
                    entry["floor"] = run_floor(seeded, target / "manifest.json", WORK / f"scale_{n}", 1, f"scale {n}")
                shutil.rmtree(WORK / f"scale_{n}", ignore_errors=True)
            out[str(n)] = entry
        self.results["scale"] = out


# --- report ------------------------------------------------------------------------------------

def med(entry: dict | None) -> float | None:
    if not entry:
        return None
    s = entry.get("seconds") if isinstance(entry, dict) else None
    return s.get("median") if isinstance(s, dict) else None


def headline(results: dict) -> dict:
    steps = results["steps"]
    scale = results.get("scale", {})
    return {
        "noop_rerun_s": med(steps.get("noop_rerun")),
        "one_seed_change_s": med(steps.get("one_seed_change")),
        "full_refresh_s": med(steps.get("full_refresh")),
        "first_run_s": med(steps.get("first_run")),
        "dbt_build_s": med(steps.get("dbt_build")),
        "floor_s": med(results.get("floor")),
        "make_test_s": med(steps.get("make_test")),
        "build_s_by_authorities": {k: (v.get("build_s") or {}).get("median") for k, v in scale.items()},
        "peak_rss_mb_by_authorities": {k: v.get("peak_rss_mb") for k, v in scale.items()},
        "mart_query_p95_ms": (results.get("mart_queries") or {}).get("p95_ms"),
        "mf_query_s": med(steps.get("mf_query")),
    }


def targets(results: dict) -> dict:
    """Issue 16's targets, met or not (figures; nothing asserts them)."""
    h = headline(results)
    b = h["build_s_by_authorities"]
    m = h["peak_rss_mb_by_authorities"]
    t: dict[str, Any] = {}
    if h["noop_rerun_s"] is not None:
        t["noop_rerun_le_3s"] = {"value_s": h["noop_rerun_s"], "met": h["noop_rerun_s"] <= 3}
    if h["one_seed_change_s"] is not None and h["full_refresh_s"]:
        ratio = round(h["one_seed_change_s"] / h["full_refresh_s"], 2)
        t["one_seed_change_le_third_of_full_refresh"] = {"value_s": h["one_seed_change_s"], "full_refresh_s": h["full_refresh_s"],
                                                         "ratio": ratio, "met": ratio <= 1 / 3}
    if h["full_refresh_s"] is not None:
        t["full_refresh_le_20s"] = {"value_s": h["full_refresh_s"], "met": h["full_refresh_s"] <= 20}
    if b.get("153") and b.get("1"):
        ratio = round(b["153"] / b["1"], 2)
        t["build_153_le_3x_build_1"] = {"build_1_s": b["1"], "build_153_s": b["153"], "ratio": ratio, "met": ratio <= 3}
    if m.get("153"):
        t["peak_memory_153_lt_2000mb"] = {"value_mb": m["153"], "met": m["153"] < 2000}
    if h["mart_query_p95_ms"] is not None:
        t["mart_query_p95_lt_50ms"] = {"value_ms": h["mart_query_p95_ms"], "met": h["mart_query_p95_ms"] < 50}
    return t


def fmt(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.1f}" if x >= 100 else f"{x:.2f}"


def table(results: dict) -> str:
    steps = results["steps"]
    floor_s = med(results.get("floor"))
    lines = [f"{'measure':<36} {'n':>3} {'min':>8} {'median':>8} {'max':>8} {'peak MB':>8} {'x floor':>8}", "-" * 86]

    def row(name: str, entry: dict | None, ratio: bool = True) -> None:
        if not entry or not isinstance(entry.get("seconds"), dict):
            return
        s = entry["seconds"]
        r = f"{s['median'] / floor_s:.1f}x" if ratio and floor_s else ""
        lines.append(f"{name:<36} {s['n']:>3} {fmt(s['min']):>8} {fmt(s['median']):>8} {fmt(s['max']):>8} "
                     f"{(entry.get('peak_rss_mb') or ''):>8} {r:>8}")

    row("make run, nothing changed s", steps.get("noop_rerun"), ratio=False)
    row("make run, one seed changed s", steps.get("one_seed_change"))
    row("make run FORCE=1 (full refresh) s", steps.get("full_refresh"))
    row("make run, empty warehouse s", steps.get("first_run"))
    row("dbt build (fresh file) s", steps.get("dbt_build"))
    row("dbt seed s", steps.get("dbt_seed"), ratio=False)
    row("floor (compiled SQL, 1 conn) s", results.get("floor"))
    row("exports (4, on the published db) s", steps.get("exports"), ratio=False)
    row("make test s", steps.get("make_test"), ratio=False)
    row("mf query s", steps.get("mf_query"), ratio=False)
    mq = results.get("mart_queries") or {}
    if mq.get("p95_ms") is not None:
        lines.append(f"{'mart queries (' + str(len(mq['queries'])) + ' x ' + str(mq['reps_per_query']) + ') ms':<36} "
                     f"{'':>3} {'p50':>8} {mq['p50_ms']:>8} {'p95':>8} {mq['p95_ms']:>8}")
    stages = results.get("stages") or {}
    if stages.get("full_refresh"):
        other = {r["stage"]: r["s"] for r in stages.get("one_seed_change") or []}
        lines += ["", f"{'stages of one run (s)':<96} {'FORCE=1':>8} {'1 seed':>8}", "-" * 114]
        lines += [f"  {r['stage']:<94} {fmt(r['s']):>8} {fmt(other.get(r['stage'])):>8}" for r in stages["full_refresh"]]
        gate, parse = steps.get("gate") or {}, steps.get("dbt_parse") or {}
        lines.append(f"  {'timed on their own: the gate (in process) / a full dbt parse':<94} "
                     f"{fmt(gate.get('seconds_in_process')):>8} {fmt(parse.get('seconds')):>8}")
    scale = results.get("scale") or {}
    if scale:
        lines += ["", f"{'authorities x 10 years':<22} {'seed MB':>8} {'read by':>8} {'build s':>8} {'peak MB':>8} "
                      f"{'floor s':>8} {'x floor':>8} {'q p95 ms':>9}", f"{'':<22} {'':>8} {'DuckDB':>8}", "-" * 86]
        for key, e in scale.items():
            b = (e.get("build_s") or {}).get("median")
            f = med(e.get("floor"))
            g = e["generator"]
            lines.append(f"{key:<22} {g['seed_mb']:>8} {g['external_mb']:>8} {fmt(b):>8} {e.get('peak_rss_mb', ''):>8} "
                         f"{fmt(f):>8} {(f'{b / f:.1f}x' if b and f else ''):>8} "
                         f"{fmt((e.get('mart_queries') or {}).get('p95_ms')):>9}")
    t = results.get("targets") or {}
    if t:
        lines += ["", "targets (benchmark figures, not tests):"]
        for name, v in t.items():
            shown = {k: val for k, val in v.items() if k != "met"}
            lines.append(f"  {'MET    ' if v['met'] else 'NOT MET'} {name}: {shown}")
    if results.get("not_measured"):
        lines += ["", "not measured: " + "; ".join(f"{k} ({v})" for k, v in results["not_measured"].items())]
    return "\n".join(lines)


NOTES = [
    "Pipeline measures: python -m orchestration.run in a scratch copy of the project (bench/scale/_work/project), "
    "its own warehouse, exports, dbt target and Dagster instance, the real report texts; default settings.",
    "noop_rerun_s: nothing changed: the run finds the published release built from the same input fingerprint "
    "(scorecard.freshness), prints 'published warehouse is current' and exits 0 without starting a Dagster run.",
    "one_seed_change_s: the header of one seed rewritten (report_id quoted / unquoted: same cells, another file); "
    "the run validates every seed (reusing the verdicts of unchanged ones), builds that seed and its dbt "
    "descendants from a copy of the published database, the metric tables and every export, and publishes.",
    "full_refresh_s: --force (everything rebuilt into a fresh build database); stages: the Dagster event log of "
    "one such run, the dbt step split by that invocation's run_results.json; gate and dbt parse timed on their own.",
    "build_s_by_authorities: dbt build of seeds, models and tests into a fresh file, with every seed CSV above "
    "scorecard.staging.EXTERNAL_INPUT_BYTES read by DuckDB (generated source + model, no dbt seed); "
    f"{SCALE_EXCLUDED_TEST} is excluded from the build and run on its own (see excluded_test).",
    "Scale data: bench.scale, synthetic and labelled; the real rows kept, n synthetic authorities x 10 annual "
    "report sets; a synthetic report prints no figure for a period ending after its own date. Validation (GX, "
    "provenance against the report texts) is not run on synthetic data.",
]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_floor"]:  # internal: one floor execution in a child process
        db, manifest, out = (Path(a) for a in argv[1:4])
        limit = os.environ.get("SCORECARD_DUCKDB_MEMORY_LIMIT", "1GB")
        out.write_text(json.dumps(execute_floor(db, manifest, limit)))
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one repetition of everything, fewer query runs")
    parser.add_argument("--reps", type=int, default=3, help="repetitions of the short measures (default 3)")
    parser.add_argument("--full-refresh-reps", type=int, default=2, help="forced full refreshes (default 2)")
    parser.add_argument("--dbt-reps", type=int, default=2, help="dbt builds of the project (default 2)")
    parser.add_argument("--query-reps", type=int, default=50, help="runs of each mart query (default 50)")
    parser.add_argument("--scales", type=lambda s: [int(x) for x in s.split(",") if x], default=list(SCALES))
    parser.add_argument("--scale-reps", type=int, default=1, help="dbt builds per scale (default 1)")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--no-scale-floor", action="store_true")
    parser.add_argument("--only-scale", action="store_true", help="only the scale runs")
    parser.add_argument("--skip-make-test", action="store_true")
    parser.add_argument("--out", type=Path, default=None, help="results file (default bench/results/<date>.json)")
    args = parser.parse_args(argv)
    if args.quick:
        args.reps, args.full_refresh_reps, args.dbt_reps, args.query_reps, args.scale_reps = 1, 1, 1, 20, 1
    if args.skip_scale:
        args.scales = []

    started = time.perf_counter()
    bench = Bench(args)
    res = bench.results
    res["machine"] = machine_info()
    res["started_at"] = dt.datetime.now().isoformat(timespec="seconds")
    bench.load("start")
    res["settings"] = {k: v for k, v in vars(args).items() if k != "out"}
    with contextlib.suppress(OSError):
        res["git_commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                                           text=True).stdout.strip()
        res["git_uncommitted_files"] = len(subprocess.run(["git", "status", "--porcelain"], cwd=REPO_ROOT,
                                                          capture_output=True, text=True).stdout.splitlines())
    log(f"machine: {res['machine']['cores']} cores, {res['machine']['memory_gb']} GB; load {res['load_average']['start']}")
    if not args.only_scale:
        bench.prepare()
        bench.runs()
        bench.dbt_alone()
        bench.exports()
        bench.bi()
        bench.mf()
        bench.make_test()
    else:
        WORK.mkdir(parents=True, exist_ok=True)
    if args.scales:
        bench.scale()
    bench.load("end")
    res["total_bench_s"] = round(time.perf_counter() - started, 1)
    res["notes"] += NOTES
    res.update(headline(res))
    res["targets"] = targets(res)
    first = ["noop_rerun_s", "one_seed_change_s", "full_refresh_s", "first_run_s", "dbt_build_s", "floor_s", "make_test_s",
             "build_s_by_authorities", "peak_rss_mb_by_authorities", "mart_query_p95_ms", "mf_query_s", "targets",
             "stages", "load_average", "machine"]
    ordered = {k: res[k] for k in first if k in res}
    ordered.update({k: v for k, v in res.items() if k not in ordered})
    out = args.out or RESULTS_DIR / f"{dt.date.today().isoformat()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(ordered, indent=2, default=str) + "\n", encoding="utf-8")
    print()
    print(table(ordered))
    print()
    shown = out.relative_to(REPO_ROOT) if out.is_relative_to(REPO_ROOT) else out
    print(f"total {res['total_bench_s']:.0f}s; load average {res['load_average']}; results: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
