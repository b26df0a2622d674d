"""Starting a student's Compose stack for r1.running, only when Docker is there and it is safe.

The stack runs with the Docker daemon's power, so the file is vetted first: only the
official LocalStack image, no builds, no privileges, no host paths but the Docker socket.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import subprocess
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from isslab.grading import compose

logger = logging.getLogger(__name__)

DOCKER_SOCKET = "/var/run/docker.sock"
PROBE_TIMEOUT_S = 10
UP_TIMEOUT_S = 240
DOWN_TIMEOUT_S = 120
HEALTH_URL = "http://127.0.0.1:4566/_localstack/health"
FORBIDDEN_KEYS = ("build", "privileged", "cap_add", "devices", "security_opt", "pid", "ipc",
                  "userns_mode", "cgroup_parent")
ENV_PASSED = ("PATH", "HOME", "DOCKER_HOST", "DOCKER_CONFIG", "DOCKER_CONTEXT")


def engine_version() -> tuple[str | None, str]:
    """(server version, "") when a daemon and Compose answer, else (None, why not)."""
    if shutil.which("docker") is None:
        return None, "no docker command on PATH"
    version = _run(["docker", "version", "--format", "{{.Server.Version}}"], PROBE_TIMEOUT_S)
    if not version.ok:
        return None, f"no Docker daemon answered: {version.tail or 'no output'}"
    if not _run(["docker", "compose", "version"], PROBE_TIMEOUT_S).ok:
        return None, "the docker compose plugin is missing"
    return version.output.strip(), ""


def unsafe_to_start(document: dict[str, Any], root: Path) -> list[str]:
    """Why this Compose file must not be started on the grading machine."""
    problems = []
    for name, service in compose.services(document).items():
        repository, _tag = compose.image_parts(service.get("image", ""))
        if repository != compose.LOCALSTACK_REPO:
            problems.append(f"service {name!r}: only localstack/localstack is started "
                            f"(image {service.get('image')!r})")
        problems += [f"service {name!r}: {key!r} is not allowed"
                     for key in FORBIDDEN_KEYS if key in service]
        problems += [f"service {name!r}: {problem}" for problem in _mount_problems(service, root)]
    return problems


def _mount_problems(service: dict[str, Any], root: Path) -> list[str]:
    problems = []
    for entry in service.get("volumes") or []:
        source = _volume_source(entry)
        if not source or source == DOCKER_SOCKET:
            continue
        if source.startswith(("/", "~")):
            problems.append(f"host path {source!r} is mounted")
        elif source.startswith(".") and not _inside(root / source, root):
            problems.append(f"path {source!r} points outside the submission")
    return problems


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def _volume_source(entry: Any) -> str:
    if isinstance(entry, dict):
        return compose.interpolate(entry.get("source", ""))
    parts = compose.interpolate(entry).split(":")
    return parts[0] if len(parts) >= 2 else ""


@dataclass(frozen=True)
class CommandResult:
    ok: bool
    output: str
    tail: str


def _run(command: list[str], timeout_s: float, cwd: Path | None = None) -> CommandResult:
    env = {name: os.environ[name] for name in ENV_PASSED if name in os.environ}
    try:
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=timeout_s, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return CommandResult(False, "", str(error))
    text = (done.stdout + done.stderr).strip()
    return CommandResult(done.returncode == 0, done.stdout, "\n".join(text.splitlines()[-15:]))


class ComposeStack:
    """A Compose project under a unique name, always taken down on exit."""

    def __init__(self, compose_file: Path, workdir: Path) -> None:
        self.compose_file = compose_file
        self.workdir = workdir
        self.project = f"isslab-{secrets.token_hex(4)}"

    def _compose(self, *args: str, timeout_s: float) -> CommandResult:
        command = ["docker", "compose", "-p", self.project, "-f", str(self.compose_file), *args]
        logger.info("running %s", " ".join(command))
        return _run(command, timeout_s, cwd=self.compose_file.parent)

    def up(self) -> CommandResult:
        return self._compose("up", "-d", "--wait", "--wait-timeout", str(UP_TIMEOUT_S - 20),
                             timeout_s=UP_TIMEOUT_S)

    def health(self) -> dict[str, str]:
        """Service name → state, as /_localstack/health reports it."""
        with urllib.request.urlopen(HEALTH_URL, timeout=10) as response:
            document = json.loads(response.read(1_000_000))
        return {str(k): str(v) for k, v in (document.get("services") or {}).items()}

    def __enter__(self) -> ComposeStack:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        down = self._compose("down", "-v", "--remove-orphans", "--timeout", "10",
                             timeout_s=DOWN_TIMEOUT_S)
        if not down.ok:
            logger.warning("docker compose down failed for %s: %s", self.project, down.tail)
