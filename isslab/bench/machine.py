"""Which backends this machine can run, and what it was doing while the bench ran."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from typing import Any

from isslab.backends.probe import docker_daemon_status

BENCH_BACKENDS = ("ministack", "localstack", "floci")
DOCKER_BACKENDS = ("localstack", "floci")


def backends_on_machine(chosen: list[str] | None = None) -> list[tuple[str, str]]:
    """(backend, why it cannot run here or ""): MiniStack always, the others need Docker."""
    names = chosen or list(BENCH_BACKENDS)
    docker_ok: bool | None = None
    found = []
    for name in names:
        reason = ""
        if name in DOCKER_BACKENDS:
            if docker_ok is None:
                docker_ok, _ = docker_daemon_status()
            reason = "" if docker_ok else "unavailable: no Docker daemon"
        found.append((name, reason))
    return found


def describe() -> dict[str, Any]:
    """Cores, load, Python and Terraform versions: what the figures depend on."""
    return {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(), "platform": platform.platform(),
            "terraform": terraform_version()}


def terraform_version() -> str | None:
    if shutil.which("terraform") is None:
        return None
    try:
        result = subprocess.run(["terraform", "version"], capture_output=True, text=True,
                                timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.splitlines()[0] if result.stdout else None
