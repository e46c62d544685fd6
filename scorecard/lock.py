"""One run at a time: an exclusive lock on ``<warehouse>/.run.lock``.

The lock is an ``fcntl.flock`` on the lock file, held by the process for the whole run; the kernel
releases it when the process ends, however it ends. The file also says who holds it (pid, host,
command, start time, run id). A second run finds the lock taken and stops at once, naming that
process, without touching anything. A run that died leaves its description behind with the lock
free: the next run sees it as stale, reports it (``acquire`` returns it) and the caller marks that
run failed and clears its leftovers.

Within one process the lock is re-entrant (``make run`` takes it before loading Dagster; the run's
resource takes it again), and released when the outermost holder releases it.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path


class RunInProgress(RuntimeError):
    def __init__(self, path: Path, holder: dict):
        self.path, self.holder = path, holder
        who = f"pid {holder.get('pid', '?')} on {holder.get('host', '?')}"
        since = holder.get("started_at", "an unknown time")
        run = f", run {holder['run_id']}" if holder.get("run_id") else ""
        what = f" ({holder['command']})" if holder.get("command") else ""
        super().__init__(f"another run is in progress: {who}{what}, started {since}{run}. "
                         f"Nothing was touched; try again when it has finished (lock: {path})")


@dataclass
class _Held:
    fd: int
    path: Path
    depth: int
    info: dict


_HELD: dict[str, _Held] = {}


def _read(fd: int) -> dict:
    os.lseek(fd, 0, os.SEEK_SET)
    raw = os.read(fd, 65536).decode("utf-8", errors="replace").strip()
    if not raw:
        return {}
    try:
        return json.loads(raw)
    except ValueError:
        return {"unreadable": raw[:200]}


def _write(fd: int, info: dict) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, (json.dumps(info) + "\n").encode("utf-8"))
    os.fsync(fd)


def acquire(path: Path, command: str = "", run_id: str = "") -> dict | None:
    """Take the lock (or, in a process that holds it, take it again). Returns the description a dead
    run left behind (a stale lock), else None. Raises RunInProgress when another process holds it."""
    path = Path(path)
    key = str(path.resolve())
    if key in _HELD:
        held = _HELD[key]
        held.depth += 1
        if run_id and not held.info.get("run_id"):
            held.info["run_id"] = run_id
            _write(held.fd, held.info)
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _read(fd)
        os.close(fd)
        raise RunInProgress(path, holder) from None
    stale = _read(fd) or None
    info = {"pid": os.getpid(), "host": socket.gethostname(), "command": command or " ".join(sys.argv[:3]),
            "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "run_id": run_id}
    _write(fd, info)
    _HELD[key] = _Held(fd, path, 1, info)
    return stale


def set_run_id(path: Path, run_id: str) -> None:
    held = _HELD.get(str(Path(path).resolve()))
    if held is not None:
        held.info["run_id"] = run_id
        _write(held.fd, held.info)


def release(path: Path) -> None:
    key = str(Path(path).resolve())
    held = _HELD.get(key)
    if held is None:
        return
    held.depth -= 1
    if held.depth > 0:
        return
    os.ftruncate(held.fd, 0)  # a clean finish leaves no description: the next run sees no stale lock
    fcntl.flock(held.fd, fcntl.LOCK_UN)
    os.close(held.fd)
    del _HELD[key]


def holds(path: Path) -> bool:
    return str(Path(path).resolve()) in _HELD
