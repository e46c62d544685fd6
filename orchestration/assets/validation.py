"""The validation gate: Great Expectations suites over every seed, before dbt loads any of them.

``expectations.validate.validate_seeds`` returns an object with ``.success``, ``.findings`` (each with
``file, row, column, rule, value, message, blocking``), ``.expectations_per_suite`` and
``.data_docs_index``. A blocking finding fails the asset with a ``dagster.Failure`` whose description
lists every blocking finding (file, row, column, rule, value), so nothing downstream (seeds, models,
exports, publish) runs. GX is imported lazily, inside the asset only.
"""


import inspect
import os
from pathlib import Path
from typing import Any, Iterable

from dagster import AssetExecutionContext, Failure, MaterializeResult, MetadataValue, asset

from orchestration.resources.warehouse import WarehouseResource

VALIDATION_GROUP = "validation"
MAX_LISTED = 50
_ERROR_CSV_ATTRS = ("error_csv", "errors_csv", "error_csv_path", "errors_csv_path", "error_report", "error_report_path")


def _call_validate(seeds_dir: Path, output_dir: Path):
    from expectations.validate import validate_seeds  # lazy: imports Great Expectations

    params = inspect.signature(validate_seeds).parameters
    # report_dir: where validate_seeds writes errors.csv (next to the published warehouse)
    candidates = {"seeds_dir": seeds_dir, "report_dir": output_dir}
    kwargs = {name: value for name, value in candidates.items() if name in params}
    if "build_docs" in params:  # SCORECARD_GX_DATA_DOCS=0 skips the data docs (faster; tests)
        kwargs["build_docs"] = os.environ.get("SCORECARD_GX_DATA_DOCS", "1").lower() not in ("0", "false", "no", "off")
    if "seeds_dir" not in kwargs:
        positional = [
            p for p in params.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name not in kwargs
        ]
        if positional:
            return validate_seeds(seeds_dir, **kwargs)
    return validate_seeds(**kwargs)


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def format_finding(finding: Any) -> str:
    file = _get(finding, "file", "?")
    row = _get(finding, "row", None)
    column = _get(finding, "column", None)
    rule = _get(finding, "rule", "?")
    value = _get(finding, "value", None)
    message = _get(finding, "message", "") or ""
    where = f"{file}, row {row if row not in (None, '') else '-'}, column {column or '-'}"
    shown = "" if value is None else repr(str(value)) if len(str(value)) <= 80 else repr(str(value)[:77] + "...")
    return f"{where}: rule {rule}, value {shown or '(blank)'}" + (f" - {message}" if message else "")


def describe_findings(findings: Iterable[Any], header: str, error_csv: str | None) -> str:
    findings = list(findings)
    lines = [header, ""]
    lines += [f"  - {format_finding(f)}" for f in findings[:MAX_LISTED]]
    if len(findings) > MAX_LISTED:
        lines.append(f"  ... and {len(findings) - MAX_LISTED} more")
    if error_csv:
        lines += ["", f"All findings: {error_csv}"]
    return "\n".join(lines)


def _findings_table(findings: list[Any], limit: int = 30) -> str:
    lines = ["| file | row | column | rule | value | blocking |", "| --- | --- | --- | --- | --- | --- |"]
    for f in findings[:limit]:
        value = str(_get(f, "value", "") or "").replace("|", "/")[:60]
        lines.append(
            f"| {_get(f, 'file', '')} | {_get(f, 'row', '')} | {_get(f, 'column', '') or ''} | "
            f"{_get(f, 'rule', '')} | {value} | {'yes' if _get(f, 'blocking', True) else 'no'} |"
        )
    if len(findings) > limit:
        lines.append(f"\n... {len(findings) - limit} more")
    return "\n".join(lines)


def validation_metadata(result: Any) -> dict[str, Any]:
    per_suite = dict(_get(result, "expectations_per_suite", {}) or {})
    findings = list(_get(result, "findings", []) or [])
    blocking = [f for f in findings if _get(f, "blocking", True)]
    docs = _get(result, "data_docs_index", None)
    error_csv = next((_get(result, a) for a in _ERROR_CSV_ATTRS if _get(result, a)), None)
    metadata: dict[str, Any] = {
        "success": bool(_get(result, "success", False)),
        "suites": len(per_suite),
        "expectations": int(sum(int(v) for v in per_suite.values())),
        "failures": len(findings),
        "blocking_failures": len(blocking),
        "warnings": len(findings) - len(blocking),
        "expectations_per_suite": MetadataValue.md(
            "| suite | expectations |\n| --- | --- |\n"
            + "\n".join(f"| {name} | {count} |" for name, count in sorted(per_suite.items()))
        )
        if per_suite
        else MetadataValue.md("-"),
    }
    summary = _get(result, "summary", None)
    if callable(summary):
        try:
            metadata["summary"] = str(summary())
        except Exception:  # noqa: BLE001 - metadata only
            pass
    if docs:
        metadata["data_docs"] = MetadataValue.path(str(docs))
    if error_csv:
        metadata["error_csv"] = MetadataValue.path(str(error_csv))
    if findings:
        metadata["findings"] = MetadataValue.md(_findings_table(blocking + [f for f in findings if f not in blocking]))
    return metadata


@asset(
    key="seed_validation",
    group_name=VALIDATION_GROUP,
    kinds={"great_expectations"},
    description=(
        "Great Expectations suites over every seed CSV (the validation gate). Blocking findings fail "
        "the run before dbt loads anything; the description lists file, row, column, rule and value."
    ),
)
def seed_validation(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    paths = warehouse.paths()
    context.log.info(f"Validating seeds in {paths.seeds_dir}")
    result = _call_validate(paths.seeds_dir, paths.published_db.parent / "validation")
    metadata = validation_metadata(result)
    metadata["seeds_dir"] = MetadataValue.path(str(paths.seeds_dir))
    findings = list(_get(result, "findings", []) or [])
    blocking = [f for f in findings if _get(f, "blocking", True)]
    informational = [f for f in findings if not _get(f, "blocking", True)]
    for finding in informational:
        context.log.debug(f"validation note: {format_finding(finding)}")
    if informational:
        # the report's own arithmetic (e.g. Ofsted totals): findings for readers, not load failures;
        # fct_reconciliation and the error CSV carry each one
        context.log.info(
            f"{len(informational)} non-blocking finding(s) about the reports' arithmetic; "
            "see the error CSV and marts.fct_reconciliation"
        )
    error_csv = metadata.get("error_csv")
    error_csv_text = error_csv.value if error_csv is not None else None
    if not _get(result, "success", False) or blocking:
        header = (
            f"Seed validation failed: {len(blocking)} blocking finding(s) in "
            f"{len({_get(f, 'file') for f in blocking})} file(s) under {paths.seeds_dir}"
        )
        if not blocking:
            header = f"Seed validation failed under {paths.seeds_dir} (no blocking finding was reported)"
        raise Failure(description=describe_findings(blocking, header, error_csv_text), metadata=metadata)
    return MaterializeResult(metadata=metadata)
