"""``make bench``: time the pipeline, compare it with a floor, and run the same models at scale.

    python -m bench.run [--quick] [--reps N] [--full-refresh-reps N] [--scales 1,10,153] [--skip-scale]

Measured (each step several times; min / median / max), all into scratch paths under
``bench/scale/_work/`` (git-ignored) so nothing of the project's warehouse, exports or target is touched:

* validation: ``expectations.validate.validate_seeds`` on a copy of ``seeds/`` (its own GX context);
* seed load, models, tests: ``dbt seed`` (into a fresh file), ``dbt run``, ``dbt test`` on the project;
* exports: the four ``orchestration.exports`` functions on the built warehouse;
* the full refresh: ``python -m orchestration.run`` (validate + dbt build + tests + exports + publish),
  from a clean warehouse each time, then once more with nothing changed (the no-change re-run);
* floor: the compiled SQL of every model (``dbt compile``; manifest order), executed directly in one
  DuckDB connection on a file where only the seeds are loaded;
* BI queries: a fixed set of typical scorecard queries on the marts, read-only, p50 / p95;
* ``mf query --metrics absence_rate --group-by observation__cohort,observation__period_label``;
* scale: ``bench.scale`` data for 1, 10 and 153 synthetic authorities x 10 years; ``dbt seed`` then
  ``dbt build`` of the same models and tests (no validation: the GX suites and the provenance check
  describe the real reports, not synthetic rows); peak memory of each process; the floor again.

Writes ``bench/results/<YYYY-MM-DD>.json`` and prints a table with ratios to the floor.
Peak memory is the child process's peak resident set (``os.wait4`` rusage, ``ru_maxrss``), which
includes the children it waited for (the dbt subprocess of the Dagster run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

REPO_ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = REPO_ROOT / "bench"
RESULTS_DIR = BENCH_DIR / "results"
WORK = BENCH_DIR / "scale" / "_work"
PY = sys.executable
DBT = str(Path(PY).parent / "dbt")
MF = str(Path(PY).parent / "mf")
SCALES = (1, 10, 153)
MF_ARGS = ["query", "--metrics", "absence_rate", "--group-by", "observation__cohort,observation__period_label"]

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


def env_for(**extra: str | Path | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QUIET)
    for key in ("DBT_TARGET_PATH", "DBT_LOG_PATH", "SCORECARD_DUCKDB", "SCORECARD_BUILD_DIR",
                "SCORECARD_EXPORTS_DIR", "SCORECARD_SEEDS_DIR", "SCORECARD_LOGS_DIR", "SCORECARD_TARGET"):
        env.pop(key, None)
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = str(value)
    return env


def project_env(project: Path, db: Path, target: Path | None, logs: Path) -> dict[str, str]:
    return env_for(DBT_PROFILES_DIR=project, DBT_PROJECT_DIR=project, SCORECARD_DUCKDB=db,
                   DBT_TARGET_PATH=target, DBT_LOG_PATH=logs)


def run_cmd(cmd: list[str], *, env: dict[str, str], cwd: Path, log_path: Path, timeout: float = 3600) -> dict:
    """Run to completion; wall seconds, exit code and the child's peak RSS (MB, via wait4)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as out:
        out.write(f"\n$ {' '.join(cmd)}\n".encode())
        out.flush()
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=str(cwd), env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": seconds, "rc": proc.returncode, "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


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


def have_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def wait_for_modules(names: list[str], seconds: float) -> dict[str, bool]:
    """The pipeline entry points are written concurrently: wait up to `seconds` for them."""
    deadline = time.monotonic() + seconds
    while True:
        found = {n: have_module(n) for n in names}
        if all(found.values()) or time.monotonic() >= deadline:
            return found
        time.sleep(5)


def dbt_failures(target: Path) -> dict:
    """Statuses and failing nodes from the last run_results.json under `target`."""
    files = sorted(target.rglob("run_results.json"), key=lambda p: p.stat().st_mtime)
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
    slowest = sorted(data.get("results", []), key=lambda r: -(r.get("execution_time") or 0))[:8]
    return {
        "elapsed_s": round(float(data.get("elapsed_time") or 0), 3),
        "statuses": statuses,
        "seconds_by_resource_type": {k: round(v, 3) for k, v in by_type.items()},
        "failing": failing,
        "slowest": [{"node": r.get("unique_id"), "s": round(r.get("execution_time") or 0, 3)} for r in slowest],
    }


def machine_info() -> dict:
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {"python": platform.python_version()}
    for dist in ("duckdb", "dbt-core", "dbt-duckdb", "dagster", "dagster-dbt", "great-expectations",
                 "metricflow", "dbt-metricflow", "pandas", "pyarrow", "openpyxl"):
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            pass
    try:
        sched = len(os.sched_getaffinity(0))
    except AttributeError:
        sched = os.cpu_count()
    return {
        "cores": os.cpu_count(),
        "cores_available": sched,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "platform": platform.platform(),
        "versions": versions,
    }


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


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


def execute_floor(db: Path, manifest: Path) -> dict:
    """Execute every model's compiled SQL in one connection; seconds, total and per model."""
    import duckdb

    statements = model_statements(manifest)
    per_model: dict[str, float] = {}
    started = time.perf_counter()
    con = duckdb.connect(str(db))
    con.execute("PRAGMA disable_progress_bar")
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
                      env=env_for(), cwd=REPO_ROOT, log_path=work / "logs" / "floor.log")
        if res["rc"] != 0 or not out.exists():
            log(f"floor ({label}) failed: see {work / 'logs' / 'floor.log'}")
            return {"error": tail(work / "logs" / "floor.log")}
        detail = json.loads(out.read_text())
        samples.append(detail["seconds"])
        peaks.append(res["peak_rss_mb"])
        log(f"floor ({label}) {i + 1}/{reps}: {detail['seconds']:.2f}s")
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
            except Exception as exc:  # noqa: BLE001 - a mart may have changed shape
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


# --- the steps ---------------------------------------------------------------------------------

class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.reps = args.reps
        self.results: dict[str, Any] = {"steps": {}, "not_measured": {}, "notes": []}
        self.work = WORK
        self.logs = WORK / "logs"
        self.db = WORK / "warehouse" / "scorecard.duckdb"
        self.seeded_db = WORK / "seeded" / "scorecard.duckdb"
        self.target = WORK / "target"

    # one measured step: `fn(i)` returns a run_cmd-like dict; samples of `seconds`
    def step(self, name: str, reps: int, fn: Callable[[int], dict]) -> dict | None:
        samples, peaks, rcs, extra = [], [], [], []
        for i in range(reps):
            res = fn(i)
            if res is None:
                break
            samples.append(res["seconds"])
            peaks.append(res.get("peak_rss_mb") or 0)
            rcs.append(res.get("rc", 0))
            if res.get("detail") is not None:
                extra.append(res["detail"])
            log(f"{name} {i + 1}/{reps}: {res['seconds']:.2f}s rc={res.get('rc', 0)} peak {res.get('peak_rss_mb')} MB")
        if not samples:
            return None
        entry = {"seconds": summary(samples), "peak_rss_mb": max(peaks), "exit_codes": rcs}
        if extra:
            entry["detail"] = extra
        self.results["steps"][name] = entry
        return entry

    def dbt(self, args: list[str], log_name: str, project: Path = REPO_ROOT, db: Path | None = None,
            target: Path | None = None) -> dict:
        env = project_env(project, db or self.db, target or self.target, self.logs / "dbt")
        res = run_cmd([DBT, *args], env=env, cwd=project, log_path=self.logs / f"{log_name}.log")
        if res["rc"] != 0:
            log(f"dbt {' '.join(args)} exited {res['rc']}: {tail(self.logs / f'{log_name}.log', 5)}")
        return res

    # -- setup
    def prepare(self) -> None:
        if WORK.exists():
            shutil.rmtree(WORK)
        (WORK / "logs").mkdir(parents=True)
        shutil.copytree(REPO_ROOT / "seeds", WORK / "seeds")
        res = self.dbt(["parse"], "parse")
        self.results["steps"]["dbt_parse"] = {"seconds": summary([res["seconds"]]), "peak_rss_mb": res["peak_rss_mb"],
                                              "exit_codes": [res["rc"]]}
        log(f"dbt parse: {res['seconds']:.2f}s")

    # -- validation
    def validation(self) -> None:
        if not have_module("expectations.validate"):
            self.results["not_measured"]["validation"] = "expectations.validate is missing"
            return
        script = (
            "import json, sys, time; from pathlib import Path; t = time.perf_counter();\n"
            "from expectations.validate import validate_seeds\n"
            "r = validate_seeds(Path(sys.argv[1]), Path(sys.argv[2]))\n"
            "print(json.dumps({'success': bool(r.success), 'findings': len(r.findings), 's': time.perf_counter() - t}))\n"
        )

        def once(i: int) -> dict:
            return run_cmd([PY, "-c", script, str(WORK / "seeds"), str(WORK / "validation")],
                           env=env_for(), cwd=REPO_ROOT, log_path=self.logs / "validation.log")

        self.step("validation", self.reps, once)

    # -- dbt seed / run / test
    def dbt_steps(self) -> None:
        def seed(i: int) -> dict:
            fresh_db(self.db)
            return self.dbt(["seed"], "dbt_seed")

        self.step("seed_load", self.reps, seed)
        copy_db(self.db, self.seeded_db)
        if self.step("dbt_run_models", self.reps, lambda i: self.dbt(["run"], "dbt_run")):
            self.results["steps"]["dbt_run_models"]["dbt"] = dbt_failures(self.target)
        if self.step("dbt_test", self.reps, lambda i: self.dbt(["test"], "dbt_test")):
            self.results["steps"]["dbt_test"]["dbt"] = dbt_failures(self.target)

    # -- exports
    def exports(self) -> None:
        if not have_module("orchestration.exports"):
            self.results["not_measured"]["exports"] = "orchestration.exports is missing"
            return
        script = (
            "import json, sys, time; from pathlib import Path\n"
            "import orchestration.exports as ex\n"
            "db, out = Path(sys.argv[1]), Path(sys.argv[2]); per = {}\n"
            "for name in ex.__all__:\n"
            "    t = time.perf_counter(); files = getattr(ex, name)(db, out / name); per[name] = [time.perf_counter() - t, len(files)]\n"
            "Path(sys.argv[3]).write_text(json.dumps(per))\n"
        )
        per_export: dict[str, list[float]] = {}

        def once(i: int) -> dict:
            out = WORK / "exports"
            if out.exists():
                shutil.rmtree(out)
            detail = WORK / "exports.json"
            res = run_cmd([PY, "-c", script, str(self.db), str(out), str(detail)], env=env_for(), cwd=REPO_ROOT,
                          log_path=self.logs / "exports.log")
            if res["rc"] == 0 and detail.exists():
                for name, (s, _) in json.loads(detail.read_text()).items():
                    per_export.setdefault(name, []).append(s)
            else:
                log(f"exports failed: {tail(self.logs / 'exports.log', 5)}")
            return res

        if self.step("exports", self.reps, once):
            self.results["steps"]["exports"]["per_export_s"] = {k: summary(v) for k, v in per_export.items()}

    # -- floor (project)
    def floor(self) -> None:
        res = self.dbt(["compile"], "dbt_compile")
        self.results["steps"]["dbt_compile"] = {"seconds": summary([res["seconds"]]), "exit_codes": [res["rc"]]}
        manifest = self.target / "manifest.json"
        if res["rc"] != 0 or not manifest.exists():
            self.results["not_measured"]["floor"] = "dbt compile failed"
            return
        self.results["floor"] = run_floor(self.seeded_db, manifest, WORK, self.reps, "project")

    # -- full refresh and no-change re-run
    def full_refresh(self) -> None:
        found = wait_for_modules(["orchestration.run"], self.args.wait)
        if not found["orchestration.run"]:
            self.results["not_measured"]["full_refresh"] = "orchestration.run is missing"
            self.results["not_measured"]["noop_rerun"] = "orchestration.run is missing"
            return
        fr = WORK / "full_refresh"
        env = env_for(
            DBT_PROFILES_DIR=REPO_ROOT, DBT_PROJECT_DIR=REPO_ROOT,
            SCORECARD_DUCKDB=fr / "warehouse" / "scorecard.duckdb",
            SCORECARD_EXPORTS_DIR=fr / "exports",
            SCORECARD_SEEDS_DIR=WORK / "seeds",  # validation reads a copy: its GX context stays in bench/
            DAGSTER_HOME=fr / "dagster_home",
            DBT_TARGET_PATH=fr / "target",
            DBT_LOG_PATH=fr / "logs",
        )
        (fr / "dagster_home").mkdir(parents=True, exist_ok=True)

        def once(i: int, clean: bool = True) -> dict:
            if clean:
                for sub in ("warehouse", "exports"):
                    shutil.rmtree(fr / sub, ignore_errors=True)
            res = run_cmd([PY, "-m", "orchestration.run"], env=env, cwd=REPO_ROOT, log_path=self.logs / "full_refresh.log")
            if res["rc"] != 0:
                log(f"orchestration.run exited {res['rc']}: {tail(self.logs / 'full_refresh.log', 8)}")
            res["detail"] = dagster_step_seconds(fr / "dagster_home")
            return res

        self.step("full_refresh", self.args.full_refresh_reps, once)
        self.step("noop_rerun", 1, lambda i: once(i, clean=False))
        self.published_db = fr / "warehouse" / "scorecard.duckdb"

    # -- BI queries
    def bi(self) -> None:
        db = getattr(self, "published_db", None)
        if not db or not Path(db).exists():
            db = self.db
        self.results["mart_queries"] = run_bi_queries(db, self.args.query_reps)
        self.results["mart_queries"]["db"] = str(Path(db).relative_to(REPO_ROOT))
        log(f"mart queries: p50 {self.results['mart_queries']['p50_ms']} ms, p95 {self.results['mart_queries']['p95_ms']} ms")

    # -- mf query
    def mf(self) -> None:
        if not Path(MF).exists():
            self.results["not_measured"]["mf_query"] = "mf (dbt-metricflow) is not installed"
            return
        # mf reads <project>/target/semantic_manifest.json: run it in a snapshot of the project so the
        # project's own target/ is neither read (stale) nor written.
        proj = WORK / "mf_project"
        if proj.exists():
            shutil.rmtree(proj)
        proj.mkdir(parents=True)
        for name in ("dbt_project.yml", "profiles.yml"):
            shutil.copy2(REPO_ROOT / name, proj / name)
        for name in ("dbt_project", "seeds"):
            shutil.copytree(REPO_ROOT / name, proj / name)
        db = WORK / "mf_db" / "scorecard.duckdb"
        copy_db(self.db, db)
        env = env_for(DBT_PROFILES_DIR=proj, DBT_PROJECT_DIR=proj, SCORECARD_DUCKDB=db, DBT_LOG_PATH=proj / "logs",
                      DBT_TARGET_PATH=None)
        parse = run_cmd([DBT, "parse"], env=env, cwd=proj, log_path=self.logs / "mf.log")
        if parse["rc"] != 0:
            self.results["not_measured"]["mf_query"] = "dbt parse failed in the project snapshot"
            return

        def once(i: int) -> dict:
            res = run_cmd([MF, *MF_ARGS], env=env, cwd=proj, log_path=self.logs / "mf.log")
            if res["rc"] != 0:
                log(f"mf query exited {res['rc']}: {tail(self.logs / 'mf.log', 6)}")
            return res

        if self.step("mf_query", self.reps, once):
            self.results["steps"]["mf_query"]["command"] = "mf " + " ".join(MF_ARGS)
            self.results["steps"]["mf_query"]["output_tail"] = tail(self.logs / "mf.log", 12)

    # -- scale
    def scale(self) -> None:
        from bench import scale as gen

        out: dict[str, Any] = {}
        for n in self.args.scales:
            key = str(n)
            log(f"scale {n}: generating {n} synthetic authorities x {self.args.years} years")
            info = gen.generate(n, self.args.years)
            proj = Path(info["project_dir"])
            wh = proj / "warehouse"
            db = wh / "scorecard.duckdb"
            target = proj / "target"
            logs = proj / "logs"
            env = project_env(proj, db, target, logs)
            entry: dict[str, Any] = {"generator": info}

            # seeds: dbt seed (the pipeline's way), and DuckDB COPY without dbt (for comparison)
            fresh_db(db)
            seed = run_cmd([DBT, "seed"], env=env, cwd=proj, log_path=proj / "bench_seed.log")
            entry["dbt_seed"] = {"seconds": round(seed["seconds"], 3), "peak_rss_mb": seed["peak_rss_mb"], "rc": seed["rc"]}
            log(f"scale {n}: dbt seed {seed['seconds']:.1f}s, peak {seed['peak_rss_mb']} MB, rc={seed['rc']}")
            if seed["rc"] != 0:
                log(f"scale {n}: dbt seed failed; loading the seeds with DuckDB COPY instead (deviation)")
                fresh_db(db)
                gen.load_seeds_duckdb(proj, db)
                entry["notes"] = ["dbt seed failed; the seeds were loaded with DuckDB COPY"]
            copy_db(db, wh / "seeded" / "scorecard.duckdb")
            fast_db = wh / "copy_load" / "scorecard.duckdb"
            fresh_db(fast_db)
            fast = run_cmd([PY, "-c", "import sys, json; from pathlib import Path; from bench.scale import load_seeds_duckdb;"
                            " print(json.dumps(load_seeds_duckdb(Path(sys.argv[1]), Path(sys.argv[2]))))", str(proj), str(fast_db)],
                           env=env_for(), cwd=REPO_ROOT, log_path=proj / "bench_copy_load.log")
            entry["duckdb_copy_seed_load"] = {"seconds": round(fast["seconds"], 3), "peak_rss_mb": fast["peak_rss_mb"], "rc": fast["rc"]}
            shutil.rmtree(fast_db.parent, ignore_errors=True)

            builds, peaks = [], []
            for i in range(self.args.scale_reps):
                if i:
                    copy_db(wh / "seeded" / "scorecard.duckdb", db)
                res = run_cmd([DBT, "build", "--exclude", "resource_type:seed"], env=env, cwd=proj,
                              log_path=proj / "bench_build.log")
                builds.append(res["seconds"])
                peaks.append(res["peak_rss_mb"])
                log(f"scale {n}: dbt build (models + tests) {res['seconds']:.1f}s, peak {res['peak_rss_mb']} MB, rc={res['rc']}")
                entry["build_rc"] = res["rc"]
            entry["build_s"] = summary(builds)
            entry["build_peak_rss_mb"] = max(peaks)
            entry["dbt"] = dbt_failures(target)
            entry["peak_rss_mb"] = max([entry["build_peak_rss_mb"], seed["peak_rss_mb"]])
            entry["rows"] = mart_rows(db)
            entry["mart_queries"] = run_bi_queries(db, max(5, self.args.query_reps // 2))
            log(f"scale {n}: mart queries p95 {entry['mart_queries']['p95_ms']} ms")

            if not self.args.no_scale_floor:
                comp = run_cmd([DBT, "compile"], env=env, cwd=proj, log_path=proj / "bench_compile.log")
                if comp["rc"] == 0:
                    entry["floor"] = run_floor(wh / "seeded" / "scorecard.duckdb", target / "manifest.json",
                                               WORK / f"scale_{n}", 1, f"scale {n}")
            shutil.rmtree(WORK / f"scale_{n}", ignore_errors=True)
            out[key] = entry
        self.results["scale"] = out


def mart_rows(db: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
        rows = {t: con.execute(f'select count(*) from marts."{t}"').fetchall()[0][0] for t in tables}
        try:
            rows["_synthetic_observations"] = con.execute(
                "select count(*) from marts.fct_metric_observations where area_name like 'Synthetic Authority %'").fetchall()[0][0]
            rows["_areas_in_observations"] = con.execute(
                "select count(distinct area_name) from marts.fct_metric_observations").fetchall()[0][0]
        except Exception:  # noqa: BLE001
            pass
        return rows
    finally:
        con.close()


def dagster_step_seconds(dagster_home: Path) -> dict | None:
    """Seconds per step of the latest run in `dagster_home` (from its event log), or None."""
    saved = os.environ.get("DAGSTER_HOME")
    try:
        os.environ["DAGSTER_HOME"] = str(dagster_home)
        from dagster import DagsterInstance

        with DagsterInstance.get() as instance:
            runs = instance.get_runs(limit=1)
            if not runs:
                return None
            starts: dict[str, float] = {}
            steps: dict[str, float] = {}
            run_start = run_end = None
            for entry in instance.all_logs(runs[0].run_id):
                ev = entry.dagster_event
                if ev is None:
                    continue
                kind = ev.event_type_value
                if kind == "STEP_START":
                    starts[entry.step_key] = entry.timestamp
                elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and entry.step_key in starts:
                    steps[entry.step_key] = round(entry.timestamp - starts[entry.step_key], 3)
                elif kind == "RUN_START":
                    run_start = entry.timestamp
                elif kind in ("RUN_SUCCESS", "RUN_FAILURE"):
                    run_end = entry.timestamp
            if run_start and run_end:
                steps["_run"] = round(run_end - run_start, 3)
            return steps
    except Exception as exc:  # noqa: BLE001 - informative only
        return {"error": str(exc)[:200]}
    finally:
        if saved is None:
            os.environ.pop("DAGSTER_HOME", None)
        else:
            os.environ["DAGSTER_HOME"] = saved


# --- report ------------------------------------------------------------------------------------

def med(entry: dict | None) -> float | None:
    if not entry:
        return None
    s = entry.get("seconds") if isinstance(entry, dict) else None
    return s.get("median") if isinstance(s, dict) else None


def headline(results: dict) -> dict:
    steps = results["steps"]
    floor_s = med(results.get("floor"))
    scale = results.get("scale", {})
    out = {
        "full_refresh_s": med(steps.get("full_refresh")),
        "noop_rerun_s": med(steps.get("noop_rerun")),
        "floor_s": floor_s,
        "build_s_by_authorities": {k: (v.get("build_s") or {}).get("median") for k, v in scale.items()},
        "peak_rss_mb_by_authorities": {k: v.get("peak_rss_mb") for k, v in scale.items()},
        "mart_query_p95_ms": (results.get("mart_queries") or {}).get("p95_ms"),
        "mf_query_s": med(steps.get("mf_query")),
    }
    return out


def targets(results: dict) -> dict:
    h = headline(results)
    b = h["build_s_by_authorities"]
    m = h["peak_rss_mb_by_authorities"]
    t: dict[str, Any] = {}
    if h["full_refresh_s"] is not None:
        t["full_refresh_1_authority_le_20s"] = {"value_s": h["full_refresh_s"], "met": h["full_refresh_s"] <= 20}
    if b.get("153") and b.get("1"):
        ratio = round(b["153"] / b["1"], 2)
        t["build_153_le_3x_build_1"] = {"ratio": ratio, "met": ratio <= 3}
    if m.get("153"):
        t["peak_memory_153_lt_2gb"] = {"value_mb": m["153"], "met": m["153"] < 2048}
    if h["mart_query_p95_ms"] is not None:
        t["mart_query_p95_lt_50ms"] = {"value_ms": h["mart_query_p95_ms"], "met": h["mart_query_p95_ms"] < 50}
    return t


def fmt(x: float | None, unit: str = "s") -> str:
    if x is None:
        return "-"
    return f"{x:.1f}" if unit == "ms" or x >= 100 else f"{x:.2f}"


def table(results: dict) -> str:
    steps = results["steps"]
    floor_s = med(results.get("floor"))
    lines = [f"{'measure':<34} {'n':>3} {'min':>8} {'median':>8} {'max':>8} {'peak MB':>8} {'x floor':>8}", "-" * 84]

    def row(name: str, entry: dict | None, ratio: bool = True) -> None:
        if not entry or not isinstance(entry.get("seconds"), dict):
            return
        s = entry["seconds"]
        r = f"{s['median'] / floor_s:.1f}x" if ratio and floor_s else ""
        lines.append(f"{name:<34} {s['n']:>3} {fmt(s['min']):>8} {fmt(s['median']):>8} {fmt(s['max']):>8} "
                     f"{(entry.get('peak_rss_mb') or ''):>8} {r:>8}")

    row("validation (GX) s", steps.get("validation"), ratio=False)
    row("seed load (dbt seed) s", steps.get("seed_load"), ratio=False)
    row("dbt run (models) s", steps.get("dbt_run_models"))
    row("dbt test s", steps.get("dbt_test"), ratio=False)
    row("exports (4) s", steps.get("exports"), ratio=False)
    row("full refresh s", steps.get("full_refresh"))
    row("no-change re-run s", steps.get("noop_rerun"))
    row("floor (compiled SQL, 1 conn) s", results.get("floor"))
    row("mf query s", steps.get("mf_query"), ratio=False)
    mq = results.get("mart_queries") or {}
    if mq.get("p95_ms") is not None:
        lines.append(f"{'mart queries (' + str(len(mq['queries'])) + ' x ' + str(mq['reps_per_query']) + ') ms':<34} "
                     f"{'':>3} {'p50':>8} {fmt(mq['p50_ms'], 'ms'):>8} {'p95':>8} {fmt(mq['p95_ms'], 'ms'):>8}")
    scale = results.get("scale") or {}
    if scale:
        lines += ["", f"{'authorities x 10 years':<24} {'seed rows':>10} {'dbt seed s':>10} {'build s':>8} "
                      f"{'peak MB':>8} {'floor s':>8} {'x floor':>8} {'q p95 ms':>9}", "-" * 92]
        for key, e in scale.items():
            b = (e.get("build_s") or {}).get("median")
            f = med(e.get("floor"))
            lines.append(f"{key:<24} {e['generator']['seed_rows_total']:>10} {fmt(e['dbt_seed']['seconds']):>10} "
                         f"{fmt(b):>8} {e.get('peak_rss_mb', ''):>8} {fmt(f):>8} "
                         f"{(f'{b / f:.1f}x' if b and f else ''):>8} {fmt((e.get('mart_queries') or {}).get('p95_ms'), 'ms'):>9}")
    t = results.get("targets") or {}
    if t:
        lines += ["", "targets (benchmark figures, not tests):"]
        for name, v in t.items():
            shown = {k: val for k, val in v.items() if k != "met"}
            lines.append(f"  {'MET    ' if v['met'] else 'NOT MET'} {name}: {shown}")
    if results.get("not_measured"):
        lines += ["", "not measured: " + "; ".join(f"{k} ({v})" for k, v in results["not_measured"].items())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_floor"]:  # internal: one floor execution in a child process
        db, manifest, out = (Path(a) for a in argv[1:4])
        out.write_text(json.dumps(execute_floor(db, manifest)))
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one repetition of everything, fewer query runs")
    parser.add_argument("--reps", type=int, default=3, help="repetitions of each step (default 3)")
    parser.add_argument("--full-refresh-reps", type=int, default=2, help="full refresh repetitions (default 2)")
    parser.add_argument("--query-reps", type=int, default=50, help="runs of each BI query (default 50)")
    parser.add_argument("--scales", type=lambda s: [int(x) for x in s.split(",") if x], default=list(SCALES))
    parser.add_argument("--scale-reps", type=int, default=1, help="dbt builds per scale (default 1)")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--no-scale-floor", action="store_true")
    parser.add_argument("--only-scale", action="store_true", help="only the scale runs")
    parser.add_argument("--wait", type=float, default=60, help="seconds to wait for orchestration.run to appear")
    parser.add_argument("--out", type=Path, default=None, help="results file (default bench/results/<date>.json)")
    args = parser.parse_args(argv)
    if args.quick:
        args.reps, args.full_refresh_reps, args.query_reps, args.scale_reps = 1, 1, 20, 1
    if args.skip_scale:
        args.scales = []

    started = time.perf_counter()
    bench = Bench(args)
    res = bench.results
    res["machine"] = machine_info()
    res["load_average_start"] = load_average()
    res["started_at"] = dt.datetime.now().isoformat(timespec="seconds")
    res["settings"] = {"reps": args.reps, "full_refresh_reps": args.full_refresh_reps, "query_reps": args.query_reps,
                       "scales": args.scales, "scale_reps": args.scale_reps, "years": args.years, "quick": args.quick}
    try:
        res["git_commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                                           text=True).stdout.strip()
    except OSError:
        pass
    log(f"machine: {res['machine']['cores']} cores, {res['machine']['memory_gb']} GB; load {res['load_average_start']}")
    if not args.only_scale:
        bench.prepare()
        bench.validation()
        bench.dbt_steps()
        bench.exports()
        bench.floor()
        bench.full_refresh()
        bench.bi()
        bench.mf()
    if args.scales:
        bench.scale()
    res["load_average_end"] = load_average()
    res["total_bench_s"] = round(time.perf_counter() - started, 1)
    res["notes"] += [
        "Scale runs: synthetic data from bench.scale (labelled, drawn values); the real Sefton rows are kept, "
        "so n authorities means Sefton + n synthetic authorities x 10 annual report sets. Validation (GX, "
        "provenance against the report texts) is not run on synthetic data.",
        "build_s_by_authorities: `dbt build --exclude resource_type:seed` (models + tests) after `dbt seed`; "
        "peak_rss_mb_by_authorities: the larger of the dbt seed and dbt build peaks.",
        "Full refresh: python -m orchestration.run with SCORECARD_DUCKDB / SCORECARD_EXPORTS_DIR / DAGSTER_HOME / "
        "DBT_TARGET_PATH in bench/scale/_work and SCORECARD_SEEDS_DIR on a copy of seeds/ (so the GX context "
        "used is a scratch copy, not expectations/gx).",
        "The no-change re-run is the same command again with the published warehouse in place: the job has no "
        "change detection, so it does the whole work again.",
    ]
    res.update(headline(res))
    res["targets"] = targets(res)
    ordered = {k: res[k] for k in ("full_refresh_s", "noop_rerun_s", "floor_s", "build_s_by_authorities",
                                   "peak_rss_mb_by_authorities", "mart_query_p95_ms", "mf_query_s", "machine",
                                   "targets")}
    ordered.update({k: v for k, v in res.items() if k not in ordered})
    out = args.out or RESULTS_DIR / f"{dt.date.today().isoformat()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(ordered, indent=2, default=str) + "\n", encoding="utf-8")
    print()
    print(table(ordered))
    print()
    print(f"total {res['total_bench_s']:.0f}s; results: {out.relative_to(REPO_ROOT) if out.is_relative_to(REPO_ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
