"""Whether a run builds all of some assets or only part of them (a partial run: some dbt assets picked
in the UI, or ``make run`` after a change). A run of the whole job has no selection: Dagster records
None or an empty set, and both mean everything."""

from collections.abc import Iterable

from dagster import AssetExecutionContext, AssetKey


def builds_all_of(context: AssetExecutionContext, keys: Iterable[AssetKey]) -> bool:
    selection = context.run.asset_selection
    return not selection or set(keys) <= set(selection)
