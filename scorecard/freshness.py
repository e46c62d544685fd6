"""Is the published warehouse current? The one answer ``make run``, the file sensor and the weekly
schedule all use: the fingerprint of today's inputs (``scorecard.fingerprint``) against the one the
published release recorded."""

from __future__ import annotations

from dataclasses import dataclass

from scorecard import fingerprint, release
from scorecard.paths import WarehousePaths


@dataclass(frozen=True)
class Freshness:
    current: bool
    published: release.Published | None
    inputs: dict
    changed: list[str]  # categories of input that differ from the published release's

    @property
    def changed_seed_files(self) -> list[str]:
        old = ((self.published.info if self.published else {}).get("inputs") or {}).get("seed_files") or {}
        new = self.inputs.get("seed_files") or {}
        return sorted(name for name in set(old) | set(new) if old.get(name) != new.get(name))

    def unit_tests_reason(self) -> str | None:
        """Why dbt's unit tests must run in this build, or None when what they test did not change since
        the published release, whose build ran them (or inherited them the same way): the dbt project
        (models, macros, the unit tests), the environment (dbt and DuckDB versions, settings) and the
        seed declarations (the column types their fixtures take). Their fixtures are static, so a
        seed's content or a report does not change their result (dbt's advice: run them where code
        changes, not on every production build)."""
        if self.published is None:
            return "nothing is published yet"
        changed = [c for c in ("dbt", "environment") if c in self.changed]
        changed += [f"seed declaration {name}" for name in self.changed_seed_files if name.endswith((".yml", ".yaml"))]
        return f"changed since the published release: {', '.join(changed)}" if changed else None

    def message(self) -> str:
        if self.published is None:
            return "nothing is published yet"
        info = self.published.info
        where = f"release {self.published.release_id} (run {info.get('run_id', '?')} at {info.get('published_at', '?')})"
        if self.current:
            return f"published warehouse is current, from {where}"
        return f"inputs changed since {where}: {', '.join(self.changed)}"


def check(paths: WarehousePaths) -> Freshness:
    published = release.current_release(paths)
    inputs = fingerprint.inputs(paths)
    recorded = (published.info.get("inputs") if published else None) or None
    changed = fingerprint.changed(recorded, inputs)
    ok = published is not None and not changed and paths.published_db.exists() and paths.published_exports.exists()
    return Freshness(ok, published, inputs, changed)
