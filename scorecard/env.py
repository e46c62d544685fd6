"""The process environment every entry point runs with, declared once.

Telemetry of dbt, Great Expectations and Dagster is off (nothing reaches the network at run time),
and dbt and Dagster find the project's profile and instance folder. ``apply()`` sets what is not set
already, so a caller (a test, CI) can still override any of it; ``python -m scorecard.env CMD ...``
runs a command with it (the Makefile uses that for the dbt and Dagster command lines).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

from scorecard.paths import REPO_ROOT

QUIET = {
    "DO_NOT_TRACK": "1",
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "GX_ANALYTICS_ENABLED": "false",
    "DAGSTER_DISABLE_TELEMETRY": "1",
}
PROJECT = {
    "DBT_PROFILES_DIR": str(REPO_ROOT),
    "DBT_PROJECT_DIR": str(REPO_ROOT),
    "DAGSTER_HOME": str(REPO_ROOT / ".dagster_home"),
}


def apply() -> None:
    """Set the quiet and project variables where the environment does not already set them, and
    make sure the Dagster instance folder exists with telemetry off."""
    for key, value in {**QUIET, **PROJECT}.items():
        os.environ.setdefault(key, value)
    home = os.environ["DAGSTER_HOME"]
    os.makedirs(home, exist_ok=True)
    config = os.path.join(home, "dagster.yaml")
    if not os.path.exists(config):
        with open(config, "w", encoding="utf-8") as fh:
            fh.write("telemetry:\n  enabled: false\n")


@contextlib.contextmanager
def overridden(**values: str) -> Iterator[None]:
    """Set environment variables for the duration of the block and restore them after (dbt runs
    inside this process and reads its profile's ``env_var`` from ``os.environ``)."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m scorecard.env COMMAND [ARGS...]", file=sys.stderr)
        return 2
    apply()
    command = argv[0]
    local = os.path.join(os.path.dirname(sys.executable), command)  # .venv/bin/<command>
    os.execvp(local if os.path.exists(local) else command, [command, *argv[1:]])
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
