"""Validate the seeds before dbt loads them: the gate's file checks, then Great Expectations.

    python -m expectations.validate [--seeds DIR] [--report-dir DIR] [--full] [--no-docs] [--warnings]

prints one line per blocking finding, then a summary, and exits 1 if any finding blocks.

1. The gate (``expectations.gate``): declarations, structure of every CSV, provenance against the
   report text and the reports' fingerprints. Its findings stop the run before GX is even imported
   when a file cannot be read at all.
2. GX: each seed read as text (every cell the printed text, index = spreadsheet row number, header =
   row 1), given the derived columns its suite needs (``expectations.suites.prepare_frame``) and
   validated by that seed's validation definition, in a file context built at run time (never
   committed): ``warehouse/validation/gx`` for the project's seeds, ``<report_dir>/gx`` for another
   seeds folder (a test's copy), so nothing of the project is touched.

Every failure becomes a ``Finding(file, row, column, rule, value, message, blocking)``; the findings
go to ``<report_dir>/errors.csv`` and, per seed, to ``ValidationResult.per_seed`` (the Dagster asset
checks show them).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from expectations import gate
from expectations.findings import Finding, write_csv
from scorecard import paths

from .spec import SeedSpec, seed_specs

EXPECTATIONS_DIR = Path(__file__).resolve().parent
DATASOURCE = "seeds"
BATCH_DEFINITION = "whole_seed"
SITE = "local_site"
# A validation answers pass/fail cheaply; a seed that fails is validated again with COMPLETE results
# (same run id: the detailed result replaces the short one) to name its rows.
RESULT_FORMAT = {"result_format": "BASIC"}
DETAIL_RESULT_FORMAT = {"result_format": "COMPLETE", "include_unexpected_rows": False}


@dataclass
class ValidationResult:
    success: bool
    findings: list[Finding]
    expectations_per_suite: dict[str, int]
    data_docs_index: Path
    errors_csv: Path | None = None
    seconds: float = 0.0
    suites_failed: list[str] = field(default_factory=list)
    provenance_checked: bool = False
    provenance_note: str = ""
    files: dict[str, str] = field(default_factory=dict)  # seed name -> its file as findings name it

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocking]

    @property
    def informational(self) -> list[Finding]:
        return [f for f in self.findings if not f.blocking]

    def of_seed(self, name: str) -> list[Finding]:
        rel = self.files.get(name)
        return [f for f in self.findings if f.file == rel]

    def summary(self) -> str:
        n_suites = len(self.expectations_per_suite)
        n_exp = sum(self.expectations_per_suite.values())
        passed = n_suites - len(self.suites_failed)
        return (f"{n_suites} suites, {n_exp} expectations: {passed} passed, {len(self.suites_failed)} failed; "
                f"{len(self.blocking)} blocking finding(s), {len(self.informational)} informational; "
                f"provenance: {self.provenance_note}; {self.seconds:.1f}s")


def frame_of(read) -> Any:
    """A seed as GX reads it: every cell the printed text, index = spreadsheet row (header = 1)."""
    import pandas as pd

    header = read.header or []
    names, seen = [], {}
    for name in header:  # a repeated header name gets a suffix so the frame can hold both
        n = seen.get(name, 0)
        names.append(name if n == 0 else f"{name}.{n}")
        seen[name] = n + 1
    frame = pd.DataFrame([values for _, values in read.rows], columns=names, dtype=object)
    frame.index = pd.Index([number for number, _ in read.rows], dtype="int64")
    return frame.astype(object)


# --- GX context -------------------------------------------------------------------------------

_CONTEXTS: dict[Path, Any] = {}


def _context_root(report_dir: Path) -> Path:
    """The GX file context lives in ``<report_dir>/gx``: built at run time, never committed."""
    return report_dir


def get_context(root: Path):
    """The file context at <root>/gx, created on first use (progress bars off), one per process."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    root = root.resolve()
    if root not in _CONTEXTS:
        root.mkdir(parents=True, exist_ok=True)
        project_gx = default_report_dir(paths.SEEDS_DIR) / "gx"
        if not (root / "gx").exists() and (project_gx / "great_expectations.yml").exists():
            # A scratch context starts as a copy of the project's (suites, validation definitions,
            # stored results and their cache, all keyed on their inputs), so only what differs is
            # rebuilt or re-validated.
            shutil.copytree(project_gx, root / "gx", ignore=shutil.ignore_patterns("data_docs"))
        context = gx.get_context(mode="file", project_root_dir=str(root))
        bars = context.variables.progress_bars
        if not isinstance(bars, dict):
            bars = vars(bars) if bars is not None else {}
        if bars.get("globally", True) or bars.get("metric_calculations", True):
            context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
            context.variables.save()
        _CONTEXTS.clear()  # one context at a time: GX keeps a process-wide "current project"
        _CONTEXTS[root] = context
    return _CONTEXTS[root]


def _fingerprint(suite) -> str:
    body: list[Any] = [RESULT_FORMAT]
    body += [{"type": e.expectation_type, "kwargs": e.configuration.kwargs, "meta": e.meta,
             "severity": str(getattr(e.severity, "value", e.severity))} for e in suite.expectations]
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _definition_for(context, datasource, spec: SeedSpec, suite):
    """Data asset, batch definition, suite and validation definition of one seed, each added or
    updated only when missing or changed."""
    import great_expectations as gx

    try:
        asset = datasource.get_asset(spec.name)
    except LookupError:
        asset = datasource.add_dataframe_asset(name=spec.name)
    try:
        batch = asset.get_batch_definition(BATCH_DEFINITION)
    except KeyError:
        batch = asset.add_batch_definition_whole_dataframe(BATCH_DEFINITION)

    fingerprint = _fingerprint(suite)
    suite.meta["fingerprint"] = fingerprint
    gx_dir = Path(context.root_directory)
    if (_stored_fingerprint(gx_dir, spec.name) == fingerprint
            and (gx_dir / "validation_definitions" / f"{spec.name}.json").exists()):
        try:
            return context.validation_definitions.get(spec.name), False
        except Exception:  # unreadable: rebuild below
            pass
    suite = context.suites.add_or_update(suite)
    vd = context.validation_definitions.add_or_update(gx.ValidationDefinition(name=spec.name, data=batch,
                                                                              suite=suite))
    return vd, True


def _stored_fingerprint(gx_dir: Path, name: str) -> str | None:
    """The fingerprint in the stored suite's meta, read without building the suite."""
    try:
        return json.loads((gx_dir / "expectations" / f"{name}.json").read_text(encoding="utf-8"))["meta"]["fingerprint"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _prune(context, datasource, keep: set[str]) -> None:
    """Remove the GX objects of seeds that no longer exist."""
    gx_dir = Path(context.root_directory)
    for folder, factory in (("validation_definitions", context.validation_definitions),
                            ("expectations", context.suites)):
        for path in (gx_dir / folder).glob("*.json"):
            if path.stem not in keep:
                try:
                    factory.delete(path.stem)
                except Exception:  # best effort
                    path.unlink(missing_ok=True)
    for name in list(datasource.get_asset_names()):
        if name not in keep:
            datasource.delete_asset(name)


# --- results -> findings ----------------------------------------------------------------------

_MESSAGES = {
    "required_value": "required value is blank",
    "unique_key": "duplicate key: the value appears on more than one row",
    "known_report": "report_id is not in reports.csv",
    "known_table": "not the name of a seed",
    "integer_format": "not an integer",
    "date_format": "not an ISO date (YYYY-MM-DD)",
    "allowed_printed_pattern": "not a printed-cell pattern staging accepts",
    "allowed_value": "not an allowed value",
    "identifier_format": "not a snake_case id",
    "percent_range": "percentage outside 0-100",
    "count_range": "negative count",
}


def _findings_from(spec: SeedSpec, raw, frame, notes, validation) -> list[Finding]:
    findings: list[Finding] = []
    present = set(frame.columns)
    for res in validation.results:
        if res.success:
            continue
        cfg = res.expectation_config
        meta = cfg.meta or {}
        rule = meta.get("rule", cfg.type)
        column = meta.get("column", cfg.kwargs.get("column", ""))
        blocking = bool(meta.get("blocking", True))
        kwargs = cfg.kwargs
        domain = [kwargs["column"]] if "column" in kwargs else list(kwargs.get("column_list") or [])
        info = res.exception_info or {}
        raised = info.get("raised_exception") if isinstance(info, dict) else False
        if cfg.type == "expect_table_columns_to_match_ordered_list":
            findings += _column_findings(spec, list(spec.columns), list(raw.columns), blocking)
            continue
        if raised or any(c not in present for c in domain):
            if any(c not in present for c in domain):
                continue  # a missing column: the expected_columns finding says so
            findings.append(Finding(spec.rel, 1, column, "gx_error", "", str(info.get("exception_message")), True))
            continue
        result = res.result or {}
        rows = result.get("unexpected_index_list")
        if rows is None:
            findings.append(Finding(spec.rel, 1, column, rule, str(result.get("observed_value", "")),
                                    _MESSAGES.get(rule, "check failed"), blocking))
            continue
        value_set = kwargs.get("value_set")
        for row in rows:
            row = int(row["index"] if isinstance(row, dict) and "index" in row else row)
            message = notes.get((domain[0] if domain else column, row))
            if isinstance(message, list):  # an arithmetic rule: one finding per mismatching cell
                for cell_column, cell_message in message:
                    value = raw.at[row, cell_column] if cell_column in raw.columns else ""
                    findings.append(Finding(spec.rel, row, cell_column, rule, str(value), cell_message, blocking))
                continue
            value = raw.at[row, column] if column in raw.columns and row in raw.index else ""
            if message is None:
                message = _MESSAGES.get(rule, rule.replace("_", " "))
                if rule == "allowed_value" and isinstance(value_set, list):
                    message = f"not one of {', '.join(map(str, value_set))}"
            findings.append(Finding(spec.rel, row, column, rule, str(value), message, blocking))
    return findings


def _column_findings(spec: SeedSpec, expected: list[str], observed: list[str], blocking: bool) -> list[Finding]:
    source = f"its declaration {spec.columns_source}"
    out = [Finding(spec.rel, 1, c, "expected_columns", c, f"column missing from the header; expected by {source}",
                   blocking) for c in expected if c not in observed]
    out += [Finding(spec.rel, 1, c, "expected_columns", c, f"column not expected by {source}", blocking)
            for c in observed if c not in expected]
    if not out:
        for i, (e, o) in enumerate(zip(expected, observed), start=1):
            if e != o:
                out.append(Finding(spec.rel, 1, o, "column_order", o,
                                   f"column {i} should be {e!r}", blocking))
                break
    return out


# --- the run ----------------------------------------------------------------------------------

def _registry_context(specs: list[SeedSpec], files: dict[str, Any]):
    from .suites import Context

    ctx = Context(seed_names=tuple(s.name for s in specs))
    for spec in specs:
        if spec.kind == "registry" and spec.name in files:
            for row in files[spec.name].records():
                rid = (row.get("report_id") or "").strip()
                if rid:
                    ctx.report_lines[rid] = (_to_int(row.get("line_start")), _to_int(row.get("line_end")))
    return ctx


def _read_printed_cells(specs: list[SeedSpec], frames: dict[str, Any], ctx) -> list[Finding]:
    """Staging's reading of every value cell (one DuckDB run of the printed-cell macros)."""
    from . import printed_cells

    texts: set[str] = set()
    for spec in specs:
        frame = frames.get(spec.name)
        if frame is None:
            continue
        for column in spec.value_columns:
            if column in frame.columns:
                texts.update(str(v) for v in frame[column])
        if spec.kind == "headline" and "printed_value" in frame.columns:
            texts.update(str(v) for v in frame["printed_value"])
    try:
        ctx.patterns = printed_cells.accepted_patterns()
        ctx.cells = printed_cells.evaluate_cells(texts)
    except printed_cells.MacroError as exc:
        rel = str(printed_cells.MACRO_FILE.relative_to(paths.REPO_ROOT))
        return [Finding(rel, 1, "", "printed_cell_macro", "", f"{exc}; printed cells cannot be checked", True)]
    return []


def _to_int(text: str | None) -> int | None:
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        return None


def default_report_dir(seeds_dir: Path) -> Path:
    """warehouse/validation for the project's seeds; <seeds_dir>/../validation for any other folder."""
    if Path(seeds_dir).resolve() == paths.SEEDS_DIR.resolve():
        return paths.warehouse_paths().validation_dir
    return Path(seeds_dir).parent / "validation"


def _code_version() -> str:
    """What a cached verdict also depends on: this package's code, the GX version (from the installed
    package's metadata: no GX import)."""
    h = hashlib.sha256(importlib.metadata.version("great-expectations").encode())
    for path in sorted(EXPECTATIONS_DIR.glob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()


def _cache_key(code: str, spec_key: str, frame, notes, params) -> str:
    h = hashlib.sha256(f"{code}|{spec_key}|{json.dumps(params, sort_keys=True)}".encode())
    h.update(frame.to_csv().encode())
    h.update(repr(sorted(notes.items(), key=repr)).encode())
    return h.hexdigest()


def _load_cache(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def validate_seeds(seeds_dir: Path | None = None, report_dir: Path | None = None, *,
                   build_docs: bool = True, reuse: bool = True, reports_dir: Path | None = None) -> ValidationResult:
    """Validate every seed in ``seeds_dir`` (default: SCORECARD_SEEDS_DIR or the project's seeds/):
    the gate's checks, then GX. Blocking findings make ``.success`` False. Writes
    ``<report_dir>/errors.csv`` and the data docs.

    reuse: a seed whose GX input (the prepared frame, its suite, the run parameters, this code and
    the GX version) is exactly what it was at its last validation keeps that validation's findings
    instead of running GX again; ``reuse=False`` (CLI ``--full``) runs GX on every seed."""
    from .suites import prepare_frame

    started = time.perf_counter()
    seeds_dir = Path(seeds_dir or paths.seeds_dir()).resolve()
    report_dir = Path(report_dir).resolve() if report_dir else default_report_dir(seeds_dir)
    checked = gate.run(seeds_dir, reports_dir)
    findings: list[Finding] = list(checked.findings)
    specs = seed_specs(checked.catalog, checked.files)
    frames = {name: frame_of(read) for name, read in checked.files.items() if read.header is not None}
    ctx = _registry_context(specs, checked.files)
    findings += _read_printed_cells(specs, frames, ctx)

    # Each seed's GX input and its cache key, computed without GX: when every seed's verdict is cached
    # (and the data docs exist), GX is not even imported.
    code, params = _code_version(), ctx.parameters()
    prepared = {spec.name: prepare_frame(spec, frames[spec.name], ctx) for spec in specs if spec.name in frames}
    keys = {name: _cache_key(code, _spec_key(spec), *prepared[name], params)
            for spec in specs if (name := spec.name) in prepared}
    gx_dir = _context_root(report_dir) / "gx"
    cache_path = gx_dir / "uncommitted" / "seed_validation_cache.json"
    index = gx_dir / "uncommitted" / "data_docs" / SITE / "index.html"
    cache = _load_cache(cache_path) if reuse else {}
    names = {s.name for s in specs}
    all_cached = (set(cache) == names == set(keys) and (index.exists() or not build_docs)
                  and all(cache[n].get("key") == keys[n] and "expectations" in cache[n] for n in names))
    per_suite: dict[str, int] = {}
    failed: list[str] = []
    if all_cached:
        for spec in specs:
            findings += _cached(spec, cache[spec.name])
            per_suite[spec.name] = cache[spec.name]["expectations"]
    else:
        findings += _run_gx(specs, frames, prepared, keys, cache, cache_path, report_dir, params, per_suite,
                            build_docs, reuse)
    for spec in specs:
        if any(f.blocking and f.file == spec.rel for f in findings):
            failed.append(spec.name)

    findings.sort(key=lambda f: (f.file, f.row, f.column, f.rule))
    errors_csv = write_csv(findings, report_dir / "errors.csv")
    return ValidationResult(success=not any(f.blocking for f in findings), findings=findings,
                            expectations_per_suite=per_suite, data_docs_index=index, errors_csv=errors_csv,
                            seconds=time.perf_counter() - started, suites_failed=failed,
                            provenance_checked=checked.provenance_checked, provenance_note=checked.provenance_note,
                            files={name: read.rel for name, read in checked.files.items()})


def _spec_key(spec: SeedSpec) -> str:
    """What a seed's suite is built from (with this package's code, in the cache key): its spec, but
    not where its files are, so a copy of the seeds (a test's, a scratch project's) reuses the project's
    verdicts (``_cached`` names the copy's file in them)."""
    return hashlib.sha256(repr(replace(spec, path=Path(), rel="", columns_source="")).encode()).hexdigest()


def _cached(spec: SeedSpec, entry: dict[str, Any]) -> list[Finding]:
    return [Finding(**{**f, "file": spec.rel}) for f in entry["findings"]]


def _run_gx(specs, frames, prepared, keys, cache, cache_path: Path, report_dir: Path, params,
            per_suite: dict[str, int], build_docs: bool, reuse: bool) -> list[Finding]:
    """Great Expectations over every seed whose verdict is not cached (the others keep theirs); the
    cache and the data docs brought up to date. Returns the seeds' findings."""
    from great_expectations.core.run_identifier import RunIdentifier

    from .suites import build_suite

    context = get_context(_context_root(report_dir))
    if reuse and not cache:  # a scratch context starts as a copy of the project's, its cache included
        cache = _load_cache(cache_path)
    gx_dir = Path(context.root_directory)
    results_dir = gx_dir / "uncommitted" / "validations"
    pages_dir = gx_dir / "uncommitted" / "data_docs" / SITE / "validations"
    if DATASOURCE in context.data_sources.all():
        datasource = context.data_sources.get(DATASOURCE)
    else:
        datasource = context.data_sources.add_or_update_pandas(name=DATASOURCE)
    names = {s.name for s in specs}
    _prune(context, datasource, names)
    for folder in (results_dir, pages_dir):  # results of seeds that are gone
        for old in folder.glob("*") if folder.exists() else ():
            if old.is_dir() and old.name not in names:
                shutil.rmtree(old, ignore_errors=True)

    run_id = RunIdentifier(run_name="seeds")
    findings: list[Finding] = []
    rebuilt: list[Any] = []  # resource identifiers whose data docs pages need rendering
    new_cache: dict[str, Any] = {}
    for spec in specs:
        suite = build_suite(spec)
        per_suite[spec.name] = len(suite.expectations)
        definition, suite_changed = _definition_for(context, datasource, spec, suite)
        if suite_changed:
            rebuilt.append(_suite_identifier(spec.name))
        if spec.name not in prepared:
            continue
        raw = frames[spec.name]
        frame, notes = prepared[spec.name]
        entry = cache.get(spec.name)
        if entry and entry.get("key") == keys[spec.name]:
            seed_findings = _cached(spec, entry)
        else:
            shutil.rmtree(results_dir / spec.name, ignore_errors=True)
            shutil.rmtree(pages_dir / spec.name, ignore_errors=True)
            batch = {"dataframe": frame}
            validation = definition.run(batch_parameters=batch, expectation_parameters=params,
                                        result_format=RESULT_FORMAT, run_id=run_id)
            if not validation.success:
                validation = definition.run(batch_parameters=batch, expectation_parameters=params,
                                            result_format=DETAIL_RESULT_FORMAT, run_id=run_id)
            seed_findings = _findings_from(spec, raw, frame, notes, validation)
            rebuilt.append(_validation_identifier(definition, validation))
        new_cache[spec.name] = {"key": keys[spec.name], "expectations": per_suite[spec.name],
                                "findings": [asdict(f) for f in seed_findings]}
        findings += seed_findings
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    cache_path.write_text(json.dumps(new_cache, indent=1), encoding="utf-8")

    index = gx_dir / "uncommitted" / "data_docs" / SITE / "index.html"
    rebuilt = [r for r in rebuilt if r is not None]
    if build_docs and (rebuilt or not index.exists()):
        if index.exists():
            context.build_data_docs(site_names=[SITE], resource_identifiers=rebuilt)
        else:
            context.build_data_docs(site_names=[SITE])
    return findings


def _suite_identifier(name: str):
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

    return ExpectationSuiteIdentifier(name=name)


def _validation_identifier(definition, validation):
    """The stored result of a validation definition's run, for the data docs (None if not stored)."""
    try:
        from great_expectations.data_context.types.resource_identifiers import ValidationResultIdentifier

        return ValidationResultIdentifier.from_object(validation)
    except Exception:  # data docs only
        return None


def main(argv: list[str] | None = None) -> int:
    from scorecard import env

    env.apply()
    parser = argparse.ArgumentParser(prog="python -m expectations.validate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=None, help="seeds folder (default: the project's seeds/)")
    parser.add_argument("--report-dir", type=Path, default=None,
                        help="where errors.csv and the GX context go (default: warehouse/validation)")
    parser.add_argument("--no-docs", action="store_true", help="skip building the data docs")
    parser.add_argument("--full", action="store_true",
                        help="run GX on every seed (default: reuse the verdict of a seed whose GX input is unchanged)")
    parser.add_argument("--warnings", action="store_true", help="also print the informational findings")
    args = parser.parse_args(argv)
    result = validate_seeds(args.seeds, args.report_dir, build_docs=not args.no_docs, reuse=not args.full)
    for f in result.blocking:
        print(f)
    if args.warnings:
        for f in result.informational:
            print(f"warning: {f}")
    print("expectations per suite:")
    for suite, count in sorted(result.expectations_per_suite.items()):
        print(f"  {suite:<58} {count:>4}")
    print(result.summary())
    print(f"error report: {result.errors_csv}")
    if not args.no_docs:
        print(f"data docs: {result.data_docs_index}")
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
