"""The dbt resource: ``dbt build`` inside the run's own process (dbt's programmatic API), its results
turned into Dagster events by dagster-dbt's own translation.

Running dbt in the process saves what a dbt subprocess costs on every run: an interpreter start, dbt's
imports, the adapter's start and a parse (the build reuses the ``Manifest`` the run parsed, see
``orchestration.project``). dbt's result events reach this process through a callback as the
dictionaries its JSON log would print, so dagster-dbt's ``DbtCoreCliEventMessage`` makes the same
outputs and asset check results it makes from a subprocess's log. The selection of a partial run is
dagster-dbt's too (``get_subset_selection_for_context``).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, ConfigurableResource
from dagster_dbt import DagsterDbtTranslator, DbtProject
from dagster_dbt.asset_utils import (
    DAGSTER_DBT_EXCLUDE_METADATA_KEY,
    DAGSTER_DBT_SELECT_METADATA_KEY,
    DAGSTER_DBT_SELECTOR_METADATA_KEY,
    DBT_INDIRECT_SELECTION_ENV,
    get_subset_selection_for_context,
)
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage

from orchestration.project import invoke, parsed_manifest

# dbt's events for a finished seed, model, snapshot or test (what dagster-dbt turns into Dagster events)
RESULT_EVENTS = frozenset({"LogSeedResult", "LogModelResult", "LogSnapshotResult", "LogTestResult"})


@dataclass
class DbtBuild:
    """One finished ``dbt build``: whether it succeeded, its result events and its artifacts."""

    target_path: Path
    success: bool
    raw_events: list[dict[str, Any]] = field(default_factory=list)
    error: BaseException | None = None

    def run_results(self) -> dict[str, Any]:
        try:
            return json.loads((self.target_path / "run_results.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):  # dbt stopped before writing it
            return {"results": []}

    def dagster_events(self, context: AssetExecutionContext, manifest: Mapping[str, Any],
                       translator: DagsterDbtTranslator, project: DbtProject) -> Iterator[Any]:
        """Outputs of the seeds and models built and asset check results of the tests run."""
        for raw in self.raw_events:
            event = DbtCoreCliEventMessage(raw_event=raw, event_history_metadata={})
            yield from event.to_default_asset_events(manifest=manifest, dagster_dbt_translator=translator,
                                                     context=context, target_path=self.target_path, project=project)


class DbtResource(ConfigurableResource):
    """dbt on the project's profile and target (``profiles.yml``; ``duckdb`` or ``spark``)."""

    target: str = "duckdb"

    def build(self, context: AssetExecutionContext, manifest: Mapping[str, Any], translator: DagsterDbtTranslator,
              target_root: Path, extra_args: tuple[str, ...] = ()) -> DbtBuild:
        """``dbt build`` of what the step selected (everything, or a subset and its tests). Its artifacts
        (run_results.json, compiled SQL, dbt.log) go to ``<target_root>/<step>``, replacing the previous
        build's: one run at a time (the run lock), and the run history keeps the results."""
        from dbt_common.events.functions import msg_to_dict

        selection, indirect = get_subset_selection_for_context(
            context=context, manifest=manifest,
            select=context.op.tags.get(DAGSTER_DBT_SELECT_METADATA_KEY),
            exclude=context.op.tags.get(DAGSTER_DBT_EXCLUDE_METADATA_KEY),
            selector=context.op.tags.get(DAGSTER_DBT_SELECTOR_METADATA_KEY),
            dagster_dbt_translator=translator,
            current_dbt_indirect_selection_env=None,
        )
        target_path = target_root / context.op.name
        shutil.rmtree(target_path, ignore_errors=True)
        raw_events: list[dict[str, Any]] = []

        def collect(event) -> None:
            if event.info.name in RESULT_EVENTS:
                raw_events.append(msg_to_dict(event))

        args = ["build", "--target", self.target, "--target-path", str(target_path), "--log-path", str(target_path),
                *selection, *extra_args]
        if indirect:
            args += ["--indirect-selection", indirect]
        context.log.debug(f"dbt {' '.join(args)} (in process; {DBT_INDIRECT_SELECTION_ENV}={indirect or 'default'})")
        try:
            result = invoke(args, callbacks=(collect,), manifest=parsed_manifest())
        except Exception as exc:  # dbt raised instead of returning a result
            return DbtBuild(target_path, False, raw_events, exc)
        return DbtBuild(target_path, bool(result.success), raw_events, result.exception)
