"""Resources: the dbt CLI and the warehouse (locations, target, run lock)."""

from __future__ import annotations

from dagster_dbt import DbtCliResource

from orchestration.project import dbt_executable, get_dbt_project
from orchestration.resources.warehouse import WarehouseResource
from scorecard.paths import dbt_target_name


def build_resources() -> dict:
    return {
        "dbt": DbtCliResource(project_dir=get_dbt_project(), dbt_executable=dbt_executable()),
        "warehouse": WarehouseResource(target=dbt_target_name()),
    }


__all__ = ["WarehouseResource", "build_resources"]
