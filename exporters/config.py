"""Disclosure-control settings for the public exports (spreadsheet, HTML scorecard, open data).

The threshold comes from, in order: the environment variable ``SCORECARD_SUPPRESSION_THRESHOLD``,
``vars.suppression_threshold`` in ``dbt_project.yml``, then ``DEFAULT_THRESHOLD``. A threshold of 0
switches suppression off (useful to check the workbook against the printed tables).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_FILE = PROJECT_ROOT / "dbt_project.yml"
ENV_VAR = "SCORECARD_SUPPRESSION_THRESHOLD"
DEFAULT_THRESHOLD = 5

# The DfE / GSS symbol Explore Education Statistics uses for a confidential (suppressed) value.
SUPPRESSED_MARKER = "c"
# EES symbol for "not available" (the report prints N/a, Not Available, Currently Unavailable or leaves it blank).
UNAVAILABLE_MARKER = "x"

# A count is a count of children unless its metric counts something else: a metric id (or, for a
# printed figure the warehouse has not mapped, the table name) with one of these words and no word
# naming children counts schools, sessions, money, ... and is published as printed.
NOT_CHILDREN_WORDS = frozenset({
    "school", "schools", "setting", "settings", "provider", "providers", "session", "sessions", "class",
    "classes", "moderator", "moderators", "governor", "governors", "meeting", "meetings", "budget", "gbp",
    "spend", "cost", "costs", "staff", "post", "posts", "visit", "visits", "forecast", "variance", "outturn",
})
CHILDREN_WORDS = frozenset({"pupil", "pupils", "child", "children", "learner", "learners", "student", "students",
                            "people", "ehcp", "ehcps", "neet", "sen"})


@dataclass(frozen=True)
class DisclosureConfig:
    threshold: int = DEFAULT_THRESHOLD
    marker: str = SUPPRESSED_MARKER

    @property
    def enabled(self) -> bool:
        return self.threshold > 0


def _threshold_from_dbt_project(path: Path = DBT_PROJECT_FILE) -> int | None:
    """``vars.suppression_threshold`` from dbt_project.yml (a plain scan: no YAML dependency needed)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    in_vars = False
    for line in text.splitlines():
        if re.match(r"^vars:\s*(#.*)?$", line):
            in_vars = True
            continue
        if in_vars and re.match(r"^\S", line):
            in_vars = False
        if in_vars:
            m = re.match(r"^\s+suppression_threshold:\s*['\"]?(\d+)['\"]?\s*(#.*)?$", line)
            if m:
                return int(m.group(1))
    return None


def load_config(threshold: int | None = None) -> DisclosureConfig:
    """The disclosure settings in force (an explicit ``threshold`` wins over env and dbt_project.yml)."""
    if threshold is None:
        env = os.environ.get(ENV_VAR, "").strip()
        if env:
            threshold = int(env)
    if threshold is None:
        threshold = _threshold_from_dbt_project()
    if threshold is None:
        threshold = DEFAULT_THRESHOLD
    if threshold < 0:
        raise ValueError(f"suppression threshold must be >= 0, got {threshold}")
    return DisclosureConfig(threshold=threshold)


def counts_children(metric_id: str | None, *fallback_names: str | None) -> bool:
    """True when a count (unit 'count') is a count of children: decided by its metric id when it has
    one, else by the other names given (table, column)."""
    names = [metric_id] if metric_id else [n for n in fallback_names if n]
    words = set(re.split(r"[^a-z0-9]+", " ".join(n for n in names if isinstance(n, str)).lower()))
    return not (words & NOT_CHILDREN_WORDS) or bool(words & CHILDREN_WORDS)
