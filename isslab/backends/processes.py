"""Finding and ending a process's descendants through /proc (Linux; elsewhere a no-op).

Killing the emulator's process group is not enough on its own: a Lambda worker may start
its own session. Listing descendants before the kill catches those too.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

PROC = Path("/proc")


def _parent_of(stat_line: str) -> int:
    # The command name in field 2 may hold spaces and parentheses: parse after the last ")".
    return int(stat_line.rsplit(")", 1)[1].split()[1])


def _state_of(pid: int) -> str | None:
    try:
        return (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def parents() -> dict[int, int]:
    """pid -> parent pid of every process visible in /proc."""
    table = {}
    for entry in PROC.glob("[0-9]*"):
        try:
            table[int(entry.name)] = _parent_of((entry / "stat").read_text())
        except (OSError, ValueError, IndexError):
            continue
    return table


def descendants(pid: int) -> list[int]:
    """Every living descendant of pid (children, grandchildren, ...)."""
    children: dict[int, list[int]] = {}
    for child, parent in parents().items():
        children.setdefault(parent, []).append(child)
    found, pending = [], list(children.get(pid, []))
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(children.get(current, []))
    return found


def is_alive(pid: int) -> bool:
    """True while pid runs (a zombie waiting to be reaped counts as gone)."""
    state = _state_of(pid)
    return state is not None and state not in ("Z", "X")


def kill_all(pids: list[int]) -> None:
    """SIGKILL each pid that is still there."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            continue


def wait_gone(pids: list[int], timeout: float) -> bool:
    """Wait until none of pids runs; True when that happened within timeout."""
    deadline = time.monotonic() + timeout
    while any(is_alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
