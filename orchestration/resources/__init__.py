"""Resources: the dbt CLI and the warehouse locations."""

from __future__ import annotations

from dagster_dbt import DbtCliResource

from orchestration.project import dbt_executable, dbt_target_name, get_dbt_project
from orchestration.resources.warehouse import WarehousePaths, WarehouseResource, resolve_paths


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=get_dbt_project(), dbt_executable=dbt_executable())


def warehouse_resource() -> WarehouseResource:
    return WarehouseResource(target=dbt_target_name())


def build_resources() -> dict:
    return {"dbt": dbt_resource(), "warehouse": warehouse_resource()}


__all__ = [
    "WarehousePaths",
    "WarehouseResource",
    "build_resources",
    "dbt_resource",
    "resolve_paths",
    "warehouse_resource",
]
