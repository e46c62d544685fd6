"""``python -m bi serve | stop | status | publish``: the warehouse for BI tools on PostgreSQL.

serve    start the local server if needed (bi.server), publish the published DuckDB warehouse into
         it, print the reader's URL (no secret) and where its password is (.pgpass)
stop     stop the local server
status   is it running, on which port, where its data and .pgpass are
publish  publish into an existing server: --url or SCORECARD_POSTGRES_URL (a password in it is
         never printed)

Errors are one line on stderr, exit status 1 (2 for usage errors).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bi import server
from scorecard.paths import REPO_ROOT as ROOT
from scorecard.paths import warehouse_paths


def default_duckdb() -> Path:
    return warehouse_paths().published_db


class CliError(Exception):
    pass


def _secrets(url: str | None) -> list[str]:
    """Strings that must not appear in anything printed: a password given in the URL or PGPASSWORD."""
    found = [os.environ.get("PGPASSWORD") or ""]
    if url:
        from psycopg.conninfo import conninfo_to_dict

        try:
            found.append(conninfo_to_dict(url).get("password") or "")
        except Exception:  # an unparseable string: hide it whole
            found.append(url)
    return [s for s in found if s]


def _scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def _warehouse(path: str | None) -> Path:
    db = Path(path) if path else default_duckdb()
    if not db.is_file():
        shown = db.relative_to(ROOT) if db.is_absolute() and db.is_relative_to(ROOT) else db
        raise CliError(f"{shown} not found: run make run first")
    return db


def _schemas(text: str) -> list[str]:
    return [s.strip() for s in text.split(",") if s.strip()]


def _foreign_keys(db: Path):
    """The relationships of the dbt project the published release was built from (its manifest)."""
    from bi.keys import foreign_keys

    return foreign_keys(db.resolve().parent / "manifest.json")


def cmd_serve(args: argparse.Namespace) -> None:
    from bi.publish import publish

    db = _warehouse(args.duckdb)
    local = server.LocalServer(args.pg_dir, args.port)
    status = local.start()
    summary = publish(db, local.admin_conninfo(status.port), _schemas(args.schemas), foreign_keys=_foreign_keys(db))
    print(summary)
    print(f"connect (read-only): {status.url}")
    print(f"password: in {status.pgpass} (export PGPASSFILE={status.pgpass}, or copy its line into ~/.pgpass)")


def cmd_stop(args: argparse.Namespace) -> None:
    server.LocalServer(args.pg_dir).stop()


def cmd_status(args: argparse.Namespace) -> None:
    print(server.LocalServer(args.pg_dir).status().describe())


def cmd_publish(args: argparse.Namespace) -> None:
    from bi.publish import publish

    url = args.url or os.environ.get("SCORECARD_POSTGRES_URL")
    if not url:
        raise CliError("no server given: pass --url postgresql://user@host:port/scorecard or set SCORECARD_POSTGRES_URL")
    db = _warehouse(args.duckdb)
    print(publish(db, url, _schemas(args.schemas), foreign_keys=_foreign_keys(db)))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bi", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--pg-dir", help="server folder (default: SCORECARD_PG_DATA or warehouse/postgres)")
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument("--duckdb", help="DuckDB file to publish (default: SCORECARD_DUCKDB or warehouse/scorecard.duckdb)")
    data.add_argument("--schemas", default="marts,metrics", help="comma-separated (default: marts,metrics)")
    s = sub.add_parser("serve", parents=[common, data], help="start the local server and publish into it")
    s.add_argument("--port", type=int, help=f"TCP port on 127.0.0.1 (default: SCORECARD_PG_PORT or {server.DEFAULT_PORT})")
    s.set_defaults(func=cmd_serve)
    sub.add_parser("stop", parents=[common], help="stop the local server").set_defaults(func=cmd_stop)
    sub.add_parser("status", parents=[common], help="report the local server").set_defaults(func=cmd_status)
    pub = sub.add_parser("publish", parents=[data], help="publish into an existing server")
    pub.add_argument("--url", help="postgresql://user@host:port/scorecard (default: SCORECARD_POSTGRES_URL)")
    pub.set_defaults(func=cmd_publish)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    hidden = _secrets(getattr(args, "url", None) or os.environ.get("SCORECARD_POSTGRES_URL"))
    try:
        args.func(args)
    except server.PostgresNotInstalled as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (CliError, server.ServerError, FileNotFoundError) as exc:
        print(f"error: {_scrub(str(exc), hidden)}", file=sys.stderr)
        return 1
    except Exception as exc:  # psycopg and duckdb errors: one line, never a password
        import psycopg

        if not isinstance(exc, (psycopg.Error, ValueError, OSError)) and type(exc).__module__.split(".")[0] != "duckdb" \
                and not type(exc).__module__.startswith("_duckdb"):
            raise
        first = " ".join(str(exc).split("\n")[:1]).strip() or type(exc).__name__
        print(f"error: {type(exc).__name__}: {_scrub(first, hidden)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
