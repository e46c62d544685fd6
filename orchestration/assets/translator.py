"""How dbt nodes become Dagster assets.

* keys: dagster-dbt's default, ``[<schema>, <name>]`` (``raw/…`` seeds, ``staging/…``, ``marts/…``);
* groups: the layer (``raw`` for seeds, then ``staging`` / ``intermediate`` / ``marts``);
* descriptions: dbt's;
* lineage: every seed depends on the ``seed_validation`` gate and on the report file(s) its rows
  cite (``seed_catalog``); models inherit their reports through dbt lineage;
* metadata: the reports (and the periods they cover) behind each seed and model.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from dagster import AssetCheckSpec, AssetDep, AssetKey, AssetSpec, MetadataValue
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings

from orchestration.assets.reports import report_id_keys
from scorecard import catalog

VALIDATION_KEY = AssetKey("seed_validation")  # the gate (orchestration.assets.validation)
LAYERS = ("raw", "staging", "intermediate", "marts", "semantic")


@lru_cache(maxsize=1)
def _seed_reports() -> dict[str, tuple[str, ...]]:
    """Seed name -> the report ids its rows cite."""
    return {seed.name: catalog.cited_reports(seed) for seed in catalog.project_catalog().seeds.values()}


def layer_of(props: Mapping[str, Any]) -> str | None:
    """raw / staging / intermediate / marts for a dbt node, from its schema config or folder."""
    if props.get("resource_type") == "seed":
        return "raw"
    schema = (props.get("config") or {}).get("schema") or props.get("schema")
    if schema in LAYERS:
        return schema
    fqn = props.get("fqn") or []
    for part in fqn[1:-1]:
        if part in LAYERS:
            return part
    return None


def upstream_seed_names(manifest: Mapping[str, Any], unique_id: str) -> set[str]:
    """Every seed a node reads, directly or through other models."""
    parent_map = manifest.get("parent_map", {})
    seen: set[str] = set()
    stack = [unique_id]
    seeds: set[str] = set()
    while stack:
        node = stack.pop()
        for parent in parent_map.get(node, []):
            if parent in seen:
                continue
            seen.add(parent)
            if parent.startswith("seed."):
                seeds.add(manifest["nodes"][parent]["name"])
            stack.append(parent)
    return seeds


def report_coverage_metadata(report_ids: list[str]) -> dict[str, Any]:
    registry = catalog.registry()
    rows = [registry.get(rid, {"report_id": rid}) for rid in report_ids]
    table = ["| report_id | title | period covered | from | to |", "| --- | --- | --- | --- | --- |"]
    for row in rows:
        table.append(
            "| {} | {} | {} | {} | {} |".format(
                row.get("report_id", ""),
                (row.get("title") or "").replace("|", "/"),
                (row.get("period_covered") or "").replace("|", "/"),
                row.get("period_start") or "",
                row.get("period_end") or "",
            )
        )
    starts = [r["period_start"] for r in rows if r.get("period_start")]
    ends = [r["period_end"] for r in rows if r.get("period_end")]
    metadata: dict[str, Any] = {
        "reports": ", ".join(report_ids) or "-",
        "report_periods": MetadataValue.md("\n".join(table)) if rows else MetadataValue.md("-"),
    }
    if starts and ends:
        metadata["period_span"] = f"{min(starts)} to {max(ends)}"
    return metadata


def test_description(test: Mapping[str, Any]) -> str:
    """What a dbt test checks, in words."""
    if (test.get("description") or "").strip():
        return test["description"].strip()
    meta = test.get("test_metadata") or {}
    kwargs = meta.get("kwargs") or {}
    column = kwargs.get("column_name") or test.get("column_name") or ""
    model = (test.get("refs") or [{}])[0].get("name", "") if test.get("refs") else ""
    name = meta.get("name")
    if name == "unique":
        return f"No two rows have the same {column}."
    if name == "not_null":
        return f"{column} is filled on every row."
    if name == "accepted_values":
        return f"{column} is one of: {', '.join(map(str, kwargs.get('values') or []))}."
    if name == "relationships":
        to = str(kwargs.get("to") or "").replace("ref('", "").replace("')", "")
        return f"Every {column} is a {kwargs.get('field')} of {to} (a foreign key)."
    if name == "unique_combination_of_columns":
        return f"No two rows share the same {', '.join(kwargs.get('combination_of_columns') or [])}."
    comment = [line.strip("- ").strip() for line in (test.get("raw_code") or "").splitlines() if line.startswith("--")]
    if comment:
        return " ".join(comment)
    return f"dbt test {test.get('name', '?')}" + (f" on {model}" if model else "")


class ScorecardTranslator(DagsterDbtTranslator):
    def __init__(self, settings: DagsterDbtTranslatorSettings | None = None):
        super().__init__(settings or DagsterDbtTranslatorSettings(enable_asset_checks=True))
        self._scorecard_specs: dict[tuple[int, str, int], AssetSpec] = {}

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return layer_of(dbt_resource_props) or super().get_group_name(dbt_resource_props) or "dbt"

    def get_description(self, dbt_resource_props: Mapping[str, Any]) -> str:
        """The dbt description (every model and seed has one in YAML); never the raw SQL."""
        described = (dbt_resource_props.get("description") or "").strip()
        path = dbt_resource_props.get("original_file_path") or dbt_resource_props.get("name", "")
        if dbt_resource_props.get("resource_type") == "seed":
            reports = ", ".join(_seed_reports().get(dbt_resource_props["name"], ())) or "-"
            return described or f"Seed `{path}`, captured verbatim from the report(s): {reports}."
        return described or f"dbt model `{path}`."

    def get_asset_check_spec(self, asset_spec: AssetSpec, manifest: Mapping[str, Any], unique_id: str,
                             project) -> AssetCheckSpec | None:
        """dbt tests as asset checks, each with a description: the test's own (YAML), else what it
        means, generated from its kind and arguments, else a singular test's leading comment."""
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None or spec.description:
            return spec
        test = manifest.get("nodes", {}).get(unique_id, {})
        return AssetCheckSpec(name=spec.name, asset=spec.asset_key, description=test_description(test),
                              additional_deps=spec.additional_deps, blocking=spec.blocking, metadata=spec.metadata)

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project) -> AssetSpec:
        memo = (id(manifest), unique_id, id(project))
        if memo in self._scorecard_specs:
            return self._scorecard_specs[memo]
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        resource_type = props.get("resource_type")

        if resource_type == "seed":
            report_ids = sorted(_seed_reports().get(props["name"], ()))
            keys = report_id_keys()
            report_keys = sorted({keys[rid] for rid in report_ids if rid in keys}, key=str)
            spec = spec.merge_attributes(
                deps=[AssetDep(VALIDATION_KEY), *(AssetDep(key) for key in report_keys)],
                metadata={
                    **report_coverage_metadata(report_ids),
                    "seed_file": MetadataValue.path(props.get("original_file_path") or ""),
                },
            )
        elif resource_type in ("model", "snapshot"):
            seeds = upstream_seed_names(manifest, unique_id)
            seed_reports = _seed_reports()
            report_ids = sorted({rid for seed in seeds for rid in seed_reports.get(seed, ())})
            spec = spec.merge_attributes(
                metadata={
                    **report_coverage_metadata(report_ids),
                    "upstream_seeds": len(seeds),
                }
            )
        layer = layer_of(props)
        if layer:
            spec = spec.merge_attributes(metadata={"layer": layer})
        self._scorecard_specs[memo] = spec
        return spec
