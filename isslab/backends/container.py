"""What the Docker backends share: settings as plain data, a readiness wait, the lifecycle.

Settings are built by pure functions and applied to a testcontainers object, so they can be
tested without Docker; the readiness wait takes the container as an argument for the same
reason.
"""

from __future__ import annotations

import abc
import logging
import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from testcontainers.core.labels import LABEL_SESSION_ID, SESSION_ID

from isslab.backends import Backend
from isslab.errors import IsslabError

logger = logging.getLogger(__name__)

DOCKER_SOCKET = "/var/run/docker.sock"
HOST_GATEWAY = "host-gateway"
READY_TIMEOUT_SECONDS = 120
LOG_TAIL_LINES = 40


@dataclass(frozen=True)
class ContainerSettings:
    """Everything a backend container is started with."""

    image: str
    env: dict[str, str] = field(default_factory=dict)
    volumes: tuple[tuple[str, str, str], ...] = ()
    extra_hosts: dict[str, str] = field(default_factory=dict)
    port: int = 4566

    def apply(self, container: Any) -> Any:
        """Set env, volumes and extra hosts on a testcontainers DockerContainer."""
        for key, value in self.env.items():
            container.with_env(key, value)
        for host_path, container_path, mode in self.volumes:
            container.with_volume_mapping(host_path, container_path, mode)
        if self.extra_hosts:
            container.with_kwargs(extra_hosts=dict(self.extra_hosts))
        return container


def reaper_label_flag() -> str:
    """A docker-run flag labelling a container as this session's, so Ryuk removes it."""
    return f"--label {LABEL_SESSION_ID}={SESSION_ID}"


def container_state(container: Any) -> tuple[str, int | None]:
    """(status, exit code or None) of a testcontainers container, freshly read."""
    wrapped = container.get_wrapped_container()
    wrapped.reload()
    state = wrapped.attrs.get("State", {})
    exit_code = state.get("ExitCode") if wrapped.status in ("exited", "dead") else None
    return wrapped.status, exit_code


def wait_until_ready(container: Any, is_healthy: Callable[[], bool], *,
                     explain_exit: Callable[[int, str], str],
                     timeout: float = READY_TIMEOUT_SECONDS,
                     sleep: Callable[[float], None] = time.sleep,
                     clock: Callable[[], float] = time.monotonic) -> None:
    """Poll until healthy; raise at once (with explain_exit's words) if the container exits."""
    deadline = clock() + timeout
    while True:
        status, exit_code = container_state(container)
        if exit_code is not None:
            raise IsslabError(explain_exit(exit_code, log_tail(container)))
        if is_healthy():
            return
        if clock() >= deadline:
            raise IsslabError(f"the container ({status}) was not ready within {timeout:.0f} s; "
                              f"its last output:\n{log_tail(container)}")
        sleep(0.5)


def log_tail(container: Any, lines: int = LOG_TAIL_LINES) -> str:
    """The container's last output lines, or a note that there is none."""
    try:
        stdout, stderr = container.get_logs()
    except Exception as error:  # logs are a courtesy in an error message: never fail here
        return f"(no logs: {error})"
    text = (stdout + stderr).decode("utf-8", "replace")
    return "\n".join(text.splitlines()[-lines:]) or "(no output)"


class ContainerBackend(Backend):
    """An emulator in a Docker container, started through testcontainers."""

    uses_docker = True

    def __init__(self, settings: ContainerSettings) -> None:
        self.settings = settings
        self._container: Any | None = None
        self._endpoint_url: str | None = None

    @property
    def endpoint_url(self) -> str:
        if self._endpoint_url is None:
            raise IsslabError(f"the {self.name} backend is not started")
        return self._endpoint_url

    def start(self) -> None:
        if self._container is not None:
            return
        self._container = self.settings.apply(self._make_container())
        started = time.monotonic()
        self._start_container(self._container)
        host = self._container.get_container_host_ip()
        port = self._container.get_exposed_port(self.settings.port)
        self._endpoint_url = f"http://{host}:{port}"
        logger.info("%s ready at %s in %.1f s", self.name, self._endpoint_url,
                    time.monotonic() - started)

    def logs(self) -> str:
        return "" if self._container is None else log_tail(self._container, 200)

    def stop(self) -> None:
        container, self._container = self._container, None
        self._endpoint_url = None
        if container is not None:
            container.stop()

    def _healthy(self) -> bool:
        try:
            host = self._container.get_container_host_ip()
            port = self._container.get_exposed_port(self.settings.port)
            self._endpoint_url = f"http://{host}:{port}"
            self.health()
        except (urllib.error.URLError, OSError, ValueError):
            return False
        return True

    @abc.abstractmethod
    def _make_container(self) -> Any:
        """A configured, not yet started testcontainers object."""

    @abc.abstractmethod
    def _start_container(self, container: Any) -> None:
        """Start it and return once the emulator answers."""
