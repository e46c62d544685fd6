"""What a run builds: everything, or only what changed since the published release and what depends on
it. One answer for ``make run``, the ``inputs_changed`` sensor and the weekly schedule.

* nothing changed: nothing to run (``scorecard.freshness``);
* a seed, a report text or the dbt project changed: the gate (it validates every seed, reusing the
  verdicts of unchanged ones), the dbt nodes ``orchestration.changes`` finds changed and their
  descendants (with their tests), the metric tables, every export and publish. The build starts from
  a copy of the published database, and publish still releases the database and every export as one;
* the pipeline's code or environment changed, nothing is published yet, a node was removed or added,
  or ``force``: everything.
"""

from __future__ import annotations

from dagster import AssetKey

from orchestration.assets import EXPORT_KEYS, METRIC_KEYS
from orchestration.assets.dbt import KEY_BY_UNIQUE_ID
from orchestration.assets.validation import VALIDATION_KEY
from orchestration.changes import plan
from orchestration.project import parse
from scorecard import freshness

PUBLISH_KEY = AssetKey("publish")
PARTIAL_CATEGORIES = {"seeds", "reports", "dbt"}


def run_selection(state: freshness.Freshness, force: bool = False) -> tuple[list[AssetKey] | None, str]:
    """(asset keys to run, or None for every asset; why)."""
    if force:
        return None, "everything (forced)"
    if state.published is None:
        return None, "everything (nothing published yet)"
    other = [c for c in state.changed if c not in PARTIAL_CATEGORIES]
    if other:
        return None, f"everything ({', '.join(other)} changed)"
    change = plan(state.published.path / "manifest.json", parse())
    if change.full:
        return None, f"everything ({change.reason})"
    unknown = [uid for uid in change.nodes if uid not in KEY_BY_UNIQUE_ID]
    if unknown:
        return None, f"everything ({len(unknown)} node(s) new to the loaded definitions)"
    keys = [VALIDATION_KEY, *sorted((KEY_BY_UNIQUE_ID[uid] for uid in change.nodes), key=str),
            *METRIC_KEYS, *EXPORT_KEYS, PUBLISH_KEY]
    return keys, f"only what changed ({change.reason})"
