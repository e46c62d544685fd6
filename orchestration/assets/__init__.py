"""Assets: report files (external) -> seed_validation -> dbt (seeds, models, tests) -> exports -> publish."""

from __future__ import annotations

from orchestration.assets.dbt import MART_KEYS, MODEL_KEYS, SEED_KEYS, scorecard_dbt
from orchestration.assets.exports import EXPORT_KEYS, export_assets
from orchestration.assets.metrics import METRIC_KEYS, metric_tables
from orchestration.assets.publish import publish
from orchestration.assets.reports import build_report_specs, report_asset_key
from orchestration.assets.validation import seed_validation


def all_assets() -> list:
    return [*build_report_specs(), seed_validation, scorecard_dbt, metric_tables, *export_assets, publish]


__all__ = [
    "EXPORT_KEYS",
    "MART_KEYS",
    "METRIC_KEYS",
    "MODEL_KEYS",
    "SEED_KEYS",
    "all_assets",
    "build_report_specs",
    "export_assets",
    "publish",
    "report_asset_key",
    "scorecard_dbt",
    "seed_validation",
]
