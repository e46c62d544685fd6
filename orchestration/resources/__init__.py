"""Resources: dbt (in the run's process) and the warehouse (locations, target, run lock)."""

from __future__ import annotations

from orchestration.resources.dbt import DbtResource
from orchestration.resources.warehouse import WarehouseResource
from scorecard.paths import dbt_target_name


def build_resources() -> dict:
    return {
        "dbt": DbtResource(target=dbt_target_name()),
        "warehouse": WarehouseResource(target=dbt_target_name()),
    }


__all__ = ["DbtResource", "WarehouseResource", "build_resources"]
