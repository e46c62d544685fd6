"""The validation gate, upstream of every seed: nothing loads until it passes.

``expectations.validate.validate_seeds`` runs the gate's file checks (declarations, structure,
provenance against the report text, report fingerprints) and each seed's Great Expectations suite.
Every seed's result is recorded as that seed's ``great_expectations`` asset check (pass/fail, the
failing rows), even when the gate fails and nothing downstream runs. A blocking finding fails the
asset with a description listing file, row, column, rule and value. The run's input fingerprint and
whether provenance was checked are written to the build area for ``publish`` (release.json).
GX is imported inside the asset only.
"""

import json
import os

from dagster import (
    AssetCheckEvaluation,
    AssetCheckSeverity,
    AssetExecutionContext,
    AssetKey,
    Failure,
    MaterializeResult,
    MetadataValue,
    asset,
)

from expectations.findings import Finding, describe
from orchestration.assets.run_scope import builds_all_of
from orchestration.resources.warehouse import WarehouseResource
from scorecard import fingerprint

VALIDATION_GROUP = "validation"
VALIDATION_KEY = AssetKey("seed_validation")
GX_CHECK = "great_expectations"
RUN_INPUTS = "run_inputs.json"


def _cell(text) -> str:
    return str(text).replace("|", "/").replace("\n", " ")[:80]


def findings_table(findings: list[Finding], limit: int = 30) -> MetadataValue:
    if not findings:
        return MetadataValue.md("none")
    lines = ["| row | column | rule | value | message | blocking |", "| --- | --- | --- | --- | --- | --- |"]
    for f in findings[:limit]:
        lines.append(f"| {f.row} | {_cell(f.column)} | {f.rule} | {_cell(f.value)} | {_cell(f.message)} | "
                     f"{'yes' if f.blocking else 'no'} |")
    if len(findings) > limit:
        lines.append(f"\n... {len(findings) - limit} more (see the error report)")
    return MetadataValue.md("\n".join(lines))


@asset(
    key="seed_validation",
    group_name=VALIDATION_GROUP,
    kinds={"great_expectations"},
    description=(
        "The validation gate over every seed CSV, before dbt loads any: declarations, file structure, "
        "provenance (every printed cell on its cited report line), report fingerprints, and each seed's Great "
        "Expectations suite. A blocking finding fails the run here, naming file, row, column, rule and value."
    ),
)
def seed_validation(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    from expectations.validate import validate_seeds  # lazy: imports Great Expectations
    from orchestration.assets.dbt import scorecard_dbt

    partial = not builds_all_of(context, scorecard_dbt.keys)
    paths = warehouse.start_build(from_published=partial)
    if partial:
        context.log.info(f"a partial run: the build starts from a copy of {paths.published_db}")
    inputs = fingerprint.inputs(paths)
    context.log.info(f"Validating seeds in {paths.seeds_dir} against the reports in {paths.reports_dir}")
    build_docs = os.environ.get("SCORECARD_GX_DATA_DOCS", "1").lower() not in ("0", "false", "no", "off")
    result = validate_seeds(paths.seeds_dir, build_docs=build_docs)

    for name, rel in sorted(result.files.items()):
        mine = result.of_seed(name)
        blocking = [f for f in mine if f.blocking]
        context.log_event(AssetCheckEvaluation(
            asset_key=AssetKey(["raw", name]), check_name=GX_CHECK, passed=not blocking,
            severity=AssetCheckSeverity.ERROR if blocking else AssetCheckSeverity.WARN,
            metadata={"file": MetadataValue.path(rel), "expectations": result.expectations_per_suite.get(name, 0),
                      "blocking_findings": len(blocking), "informational_findings": len(mine) - len(blocking),
                      "failing_rows": findings_table(mine)},
        ))
    (paths.build_dir / RUN_INPUTS).write_text(json.dumps({
        "inputs": inputs, "provenance_checked": result.provenance_checked,
        "provenance_note": result.provenance_note}, indent=1), encoding="utf-8")

    blocking = result.blocking
    metadata = {
        "result": "passed" if result.success else "FAILED",
        "blocking_findings": len(blocking),
        "informational_findings": len(result.informational),
        "suites": len(result.expectations_per_suite),
        "expectations": sum(result.expectations_per_suite.values()),
        "provenance": result.provenance_note,
        "seconds": round(result.seconds, 2),
        "findings": findings_table(blocking + result.informational),
        "error_report": MetadataValue.path(str(result.errors_csv)),
        "data_docs": MetadataValue.path(str(result.data_docs_index)),
    }
    for finding in result.informational:
        context.log.debug(f"validation note: {finding}")
    if result.informational:
        context.log.info(f"{len(result.informational)} non-blocking finding(s) about the reports' own arithmetic; "
                         "see the error report and marts.fct_reconciliation")
    if blocking:
        files = len({f.file for f in blocking})
        header = f"Seed validation failed: {len(blocking)} blocking finding(s) in {files} file(s) under {paths.seeds_dir}"
        raise Failure(description=describe(blocking, header) + f"\n\nAll findings: {result.errors_csv}",
                      metadata=metadata)
    return MaterializeResult(metadata=metadata)
