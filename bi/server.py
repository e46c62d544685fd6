"""A local PostgreSQL server for BI tools, started from the system's PostgreSQL binaries.

Layout (``pg_dir``: ``SCORECARD_PG_DATA``, default ``<repo>/warehouse/postgres``)::

    <pg_dir>/            mode 0711, the invoking user's
        .pgpass          mode 0600: the reader's password (host:port:db:user:password), nothing else
        data/            the cluster (PGDATA), mode 0700, owned by the OS user running PostgreSQL;
                         also its unix socket (.s.PGSQL.<port>) and server.log

Access:

* TCP on 127.0.0.1 only (``listen_addresses``), port ``SCORECARD_PG_PORT`` or ``DEFAULT_PORT``;
  ``scorecard_reader`` logs in to database ``scorecard`` with a password (scram-sha-256), and nobody
  else can log in over TCP (``scorecard_owner`` has no password).
* The unix socket lives in the 0700 data folder (or a 0700 folder under /tmp when that path is too
  long for a socket) and uses peer authentication with an ident map: only the OS user who started the
  server (and the ``postgres`` OS user) may connect, as ``postgres`` (superuser) or ``scorecard_owner``
  (owner of database ``scorecard``; the publisher).
* The reader's password is made once with ``secrets``, kept only in ``.pgpass`` and sent to the
  server as a SCRAM verifier (never as text); it is never printed or logged.

PostgreSQL refuses to run as root: when the effective uid is 0, initdb, pg_ctl and postgres run as the
``postgres`` OS user (``runuser -u postgres --``, else ``su``), which owns the data folder.
"""

from __future__ import annotations

import dataclasses
import glob
import hashlib
import os
import pwd
import re
import secrets
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from scorecard.paths import warehouse_paths

DEFAULT_PORT = 54329
HOST = "127.0.0.1"
DATABASE = "scorecard"
SUPERUSER = "postgres"
OWNER_ROLE = "scorecard_owner"
READER_ROLE = "scorecard_reader"
SERVER_OS_USER = "postgres"  # runs PostgreSQL when we are root
INSTALL_HINT = "install postgresql-15: apt-get install postgresql"
BINARIES = ("initdb", "pg_ctl", "postgres")
_SOCKET_DIR_MAX = 90  # sun_path is 108 bytes, and "/.s.PGSQL.<port>" follows the folder

Echo = Callable[[str], None]


class ServerError(RuntimeError):
    """The local PostgreSQL server could not be set up, started or stopped."""


class PostgresNotInstalled(ServerError):
    def __init__(self) -> None:
        super().__init__(f"PostgreSQL binaries (initdb, pg_ctl, postgres) not found: {INSTALL_HINT}")


def default_pg_dir() -> Path:
    env = os.environ.get("SCORECARD_PG_DATA")
    return Path(env).expanduser().resolve() if env else warehouse_paths().warehouse_dir / "postgres"


def default_port() -> int:
    env = os.environ.get("SCORECARD_PG_PORT")
    if not env:
        return DEFAULT_PORT
    try:
        port = int(env)
    except ValueError:
        raise ServerError(f"SCORECARD_PG_PORT must be a port number, not {env!r}") from None
    if not 1 <= port <= 65535:
        raise ServerError(f"SCORECARD_PG_PORT must be 1-65535, not {port}")
    return port


def reader_url(port: int) -> str:
    """The reader's connection URL, without its password (that one is in the .pgpass file)."""
    return f"postgresql://{READER_ROLE}@{HOST}:{port}/{DATABASE}"


def find_binaries() -> Path:
    """The folder holding initdb, pg_ctl and postgres: PATH first, then /usr/lib/postgresql/*/bin
    (newest version first). Raises PostgresNotInstalled."""
    folders: list[Path] = []
    on_path = shutil.which("pg_ctl")
    if on_path:
        folders.append(Path(on_path).resolve().parent)
        folders.append(Path(on_path).parent)

    def version(folder: str) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", Path(folder).parent.name)) or (0,)

    folders += [Path(f) for f in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)]
    for folder in folders:
        if all(os.access(folder / name, os.X_OK) for name in BINARIES):
            return folder
    raise PostgresNotInstalled()


def _server_os_user() -> str | None:
    """The OS user PostgreSQL must run as: None for ourselves, ``postgres`` when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVER_OS_USER)
    except KeyError:
        raise ServerError(
            f"running as root, and there is no '{SERVER_OS_USER}' OS user to run PostgreSQL as "
            f"(it refuses to run as root): {INSTALL_HINT}, or run as an ordinary user"
        ) from None
    return SERVER_OS_USER


def _as_server_user(cmd: list[str]) -> list[str]:
    user = _server_os_user()
    if user is None:
        return cmd
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", user, "--", *cmd]
    return ["su", user, "-s", "/bin/sh", "-c", shlex.join(cmd)]


def _invoking_os_user() -> str:
    return pwd.getpwuid(os.geteuid()).pw_name


@dataclasses.dataclass(frozen=True)
class Status:
    running: bool
    initialised: bool
    pid: int | None
    port: int
    pg_dir: Path
    data_dir: Path
    pgpass: Path
    socket_dir: Path

    @property
    def url(self) -> str:
        return reader_url(self.port)

    def describe(self) -> str:
        if self.running:
            state = f"running on {HOST}:{self.port} (pid {self.pid})"
        elif self.initialised:
            state = "stopped"
        else:
            state = "not created yet (python -m bi serve creates it)"
        return (
            f"PostgreSQL: {state}\n"
            f"  data:    {self.data_dir}\n"
            f"  url:     {self.url}\n"
            f"  .pgpass: {self.pgpass} (the reader's password: set PGPASSFILE to it, or copy its line "
            f"into ~/.pgpass)"
        )


class LocalServer:
    """One local cluster under ``pg_dir``. Methods are idempotent; nothing prints a secret."""

    def __init__(self, pg_dir: Path | str | None = None, port: int | None = None) -> None:
        self.pg_dir = Path(pg_dir).resolve() if pg_dir is not None else default_pg_dir()
        self.requested_port = port if port is not None else default_port()

    # -- paths ---------------------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        return self.pg_dir / "data"

    @property
    def pgpass(self) -> Path:
        return self.pg_dir / ".pgpass"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "server.log"

    @property
    def socket_dir(self) -> Path:
        if len(str(self.data_dir)) <= _SOCKET_DIR_MAX:
            return self.data_dir
        digest = hashlib.sha1(str(self.data_dir).encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"scorecard-pg-{digest}"

    # -- state -----------------------------------------------------------------------------------
    def _pid_file(self) -> tuple[int | None, int | None]:
        """(pid, port) from postmaster.pid, or (None, None)."""
        try:
            lines = (self.data_dir / "postmaster.pid").read_text().splitlines()
            return int(lines[0]), int(lines[3])
        except (OSError, ValueError, IndexError):
            return None, None

    def _run(self, args: list[str], *, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(
            _as_server_user(args), capture_output=True, text=True, timeout=timeout, cwd="/",
            env={**os.environ, "LC_ALL": "C", "LANG": "C"},
        )

    def status(self) -> Status:
        initialised = (self.data_dir / "PG_VERSION").exists()
        running = False
        pid = port = None
        if initialised:
            folder = find_binaries()
            proc = self._run([str(folder / "pg_ctl"), "status", "-D", str(self.data_dir)], timeout=30)
            running = proc.returncode == 0
            if running:
                pid, port = self._pid_file()
        return Status(
            running=running, initialised=initialised, pid=pid, port=port or self.requested_port,
            pg_dir=self.pg_dir, data_dir=self.data_dir, pgpass=self.pgpass, socket_dir=self.socket_dir,
        )

    # -- setup -----------------------------------------------------------------------------------
    def _chown_to_server(self, path: Path) -> None:
        user = _server_os_user()
        if user is not None:
            entry = pwd.getpwnam(user)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def _write_server_file(self, path: Path, text: str) -> None:
        path.write_text(text)
        os.chmod(path, 0o600)
        self._chown_to_server(path)

    def _initdb(self, folder: Path, echo: Echo) -> None:
        self.pg_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.pg_dir, 0o711)  # the server's OS user must pass through; nobody may list it
        self.data_dir.mkdir(mode=0o700, exist_ok=True)
        os.chmod(self.data_dir, 0o700)
        self._chown_to_server(self.data_dir)
        user = _server_os_user()
        if user is not None and self._run(["test", "-w", str(self.data_dir)], timeout=30).returncode != 0:
            raise ServerError(
                f"the '{user}' OS user cannot reach {self.data_dir}: a folder above it is not searchable "
                "by that user (e.g. mode 0700); point SCORECARD_PG_DATA at a folder it can reach"
            )
        echo(f"creating a PostgreSQL cluster in {self.data_dir}")
        proc = self._run([
            str(folder / "initdb"), "-D", str(self.data_dir), "-U", SUPERUSER, "-E", "UTF8",
            "--locale=C", "--auth-local=peer", "--auth-host=scram-sha-256", "--no-instructions",
        ], timeout=300)
        if proc.returncode != 0:
            raise ServerError(f"initdb failed (exit {proc.returncode}): {(proc.stderr or proc.stdout).strip()[-2000:]}")
        conf = self.data_dir / "postgresql.conf"
        with conf.open("a") as fh:
            fh.write("\n# scorecard BI server (bi/server.py): rewritten at every start\ninclude = 'scorecard.conf'\n")

    def _write_config(self, port: int) -> None:
        socket_dir = self.socket_dir
        if socket_dir != self.data_dir:
            socket_dir.mkdir(mode=0o700, exist_ok=True)
            os.chmod(socket_dir, 0o700)
            self._chown_to_server(socket_dir)
        self._write_server_file(self.data_dir / "scorecard.conf", "\n".join([
            "# written by bi/server.py at every start",
            f"listen_addresses = '{HOST}'",
            f"port = {port}",
            f"unix_socket_directories = '{socket_dir}'",
            "unix_socket_permissions = 0700",
            "password_encryption = 'scram-sha-256'",
            "log_statement = 'none'",
            "log_min_error_statement = 'panic'",  # never echo a failing statement's text into the log
            "max_connections = 30",
            "shared_buffers = 64MB",
            "",
        ]))
        self._write_server_file(self.data_dir / "pg_hba.conf", "\n".join([
            "# written by bi/server.py at every start",
            "# TYPE  DATABASE   USER               ADDRESS        METHOD",
            "local   all        all                               peer map=scorecard",
            f"host    {DATABASE}  {READER_ROLE}   {HOST}/32   scram-sha-256",
            f"host    {DATABASE}  {OWNER_ROLE}    {HOST}/32   scram-sha-256",
            "",
        ]))
        os_users = {_invoking_os_user(), SERVER_OS_USER if _server_os_user() else _invoking_os_user()}
        lines = ["# written by bi/server.py: OS users allowed on the unix socket, and as which role",
                 "# MAPNAME   SYSTEM-USERNAME   PG-USERNAME"]
        for os_user in sorted(os_users):
            lines += [f"scorecard  {os_user}  {SUPERUSER}", f"scorecard  {os_user}  {OWNER_ROLE}"]
        self._write_server_file(self.data_dir / "pg_ident.conf", "\n".join(lines) + "\n")

    def _reader_password(self, port: int) -> str:
        """The reader's password from .pgpass (made once); the file is rewritten for the current port."""
        password = None
        if self.pgpass.exists():
            for line in self.pgpass.read_text().splitlines():
                parts = line.split(":")
                if len(parts) == 5 and parts[3] == READER_ROLE and parts[4]:
                    password = parts[4]
                    break
        if password is None:
            password = secrets.token_urlsafe(32)  # [A-Za-z0-9_-]: nothing to escape in .pgpass
        text = "".join(f"{host}:{port}:{DATABASE}:{READER_ROLE}:{password}\n" for host in (HOST, "localhost"))
        tmp = self.pgpass.with_name(f".pgpass.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, 0o600)
            os.write(fd, text.encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.pgpass)
        return password

    def admin_conninfo(self, port: int | None = None, dbname: str = DATABASE, user: str = OWNER_ROLE) -> str:
        """libpq key=value string for the owner (publisher) over the unix socket (peer auth)."""
        from psycopg.conninfo import make_conninfo

        port = port or self.status().port
        return make_conninfo(host=str(self.socket_dir), port=str(port), dbname=dbname, user=user)

    def _provision(self, port: int) -> None:
        """Roles, database and privileges; the reader's password (as a SCRAM verifier). Idempotent."""
        import psycopg
        from psycopg import sql

        password = self._reader_password(port)
        with psycopg.connect(self.admin_conninfo(port, "postgres", SUPERUSER), autocommit=True) as con:
            for role in (OWNER_ROLE, READER_ROLE):
                if con.execute("select 1 from pg_roles where rolname = %s", [role]).fetchone() is None:
                    con.execute(sql.SQL("create role {} login").format(sql.Identifier(role)))
            con.execute(sql.SQL("alter role {} nosuperuser nocreatedb nocreaterole noreplication")
                        .format(sql.Identifier(READER_ROLE)))
            verifier = con.pgconn.encrypt_password(password.encode(), READER_ROLE.encode(), b"scram-sha-256")
            con.execute(sql.SQL("alter role {} password {}").format(
                sql.Identifier(READER_ROLE), sql.Literal(verifier.decode())))
            if con.execute("select 1 from pg_database where datname = %s", [DATABASE]).fetchone() is None:
                con.execute(sql.SQL("create database {} owner {}").format(
                    sql.Identifier(DATABASE), sql.Identifier(OWNER_ROLE)))
            # PUBLIC loses CONNECT and TEMP on the database; the reader gets CONNECT only
            con.execute(sql.SQL("revoke all on database {} from public").format(sql.Identifier(DATABASE)))
            con.execute(sql.SQL("grant connect on database {} to {}").format(
                sql.Identifier(DATABASE), sql.Identifier(READER_ROLE)))
        with psycopg.connect(self.admin_conninfo(port, DATABASE, SUPERUSER), autocommit=True) as con:
            con.execute("revoke all on schema public from public")

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self, echo: Echo = print) -> Status:
        folder = find_binaries()
        current = self.status()
        if current.running:
            note = ""
            if current.port != self.requested_port:
                note = f" (port {self.requested_port} applies after `python -m bi stop`)"
            echo(f"PostgreSQL already running on {HOST}:{current.port} (pid {current.pid}){note}")
            self._provision(current.port)
            return current
        if not current.initialised:
            self._initdb(folder, echo)
        port = self.requested_port
        self._write_config(port)
        proc = self._run([
            str(folder / "pg_ctl"), "start", "-D", str(self.data_dir), "-l", str(self.log_file),
            "-w", "-t", "60", "-s",
        ])
        if proc.returncode != 0:
            raise ServerError(
                f"PostgreSQL did not start on {HOST}:{port} (exit {proc.returncode}); "
                f"last lines of {self.log_file}:\n{self._log_tail()}"
            )
        self._provision(port)
        started = self.status()
        echo(f"PostgreSQL started on {HOST}:{started.port} (pid {started.pid})")
        return started

    def stop(self, echo: Echo = print) -> Status:
        current = self.status()
        if not current.running:
            echo("PostgreSQL is not running" + ("" if current.initialised else f" (no cluster in {self.data_dir})"))
            return current
        folder = find_binaries()
        proc = self._run([str(folder / "pg_ctl"), "stop", "-D", str(self.data_dir), "-m", "fast", "-w", "-t", "60", "-s"])
        if proc.returncode != 0:
            raise ServerError(f"pg_ctl stop failed (exit {proc.returncode}): {(proc.stderr or proc.stdout).strip()}")
        echo(f"PostgreSQL stopped (was pid {current.pid} on port {current.port})")
        return self.status()

    def _log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError as exc:
            return f"(no log: {exc})"


def start(pg_dir: Path | str | None = None, port: int | None = None, echo: Echo = print) -> Status:
    return LocalServer(pg_dir, port).start(echo)


def stop(pg_dir: Path | str | None = None, echo: Echo = print) -> Status:
    return LocalServer(pg_dir).stop(echo)


def status(pg_dir: Path | str | None = None) -> Status:
    return LocalServer(pg_dir).status()
