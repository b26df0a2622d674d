"""AWS emulator backends: one interface, several emulators, chosen by name or by `auto`.

- ministack: embedded MiniStack in a subprocess (no Docker); runs Lambdas and schedules.
- localstack: LocalStack in Docker through testcontainers.
- floci: Floci in Docker through testcontainers-floci.
- external: an endpoint someone else already runs (no reset).
"""

from __future__ import annotations

import abc
import json
import logging
import urllib.request
from types import TracebackType
from typing import TYPE_CHECKING, Any

from isslab.errors import UsageError

if TYPE_CHECKING:
    from isslab.fakeiss import FakeISS

logger = logging.getLogger(__name__)

BACKEND_NAMES = ("auto", "ministack", "localstack", "floci", "external")
FAKE_CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
REGION = "us-east-1"
HEALTH_PATH = "/_localstack/health"


class Backend(abc.ABC):
    """An AWS emulator the suite deploys to: start, health, reset, logs, stop."""

    name: str
    runs_lambdas: bool = True
    fires_schedules: bool = True
    uses_docker: bool = False
    supports_reset: bool = True

    @abc.abstractmethod
    def start(self) -> None:
        """Start the emulator and return once it answers its health endpoint."""

    @property
    @abc.abstractmethod
    def endpoint_url(self) -> str:
        """The edge URL that AWS clients use, e.g. http://127.0.0.1:45123."""

    def health(self) -> dict[str, Any]:
        """The parsed answer of the emulator's health endpoint."""
        return fetch_json(self.endpoint_url + HEALTH_PATH)

    @abc.abstractmethod
    def reset(self) -> None:
        """Wipe all AWS state (buckets, functions, tables, rules)."""

    @abc.abstractmethod
    def logs(self) -> str:
        """Recent emulator output, for error messages."""

    @abc.abstractmethod
    def stop(self) -> None:
        """Stop the emulator and remove what it left; safe to call twice."""

    def client_kwargs(self) -> dict[str, str]:
        """Keyword arguments for boto3.client: this endpoint, fake credentials, the region."""
        return {"endpoint_url": self.endpoint_url, "region_name": REGION, **FAKE_CREDENTIALS}

    def __enter__(self) -> Backend:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()


def fetch_json(url: str, *, method: str = "GET", timeout: float = 5.0) -> dict[str, Any]:
    """GET (or POST) url and parse its JSON body."""
    request = urllib.request.Request(url, method=method)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = response.read()
    return json.loads(body or b"{}")


def select_backend(name: str, *, fake_iss: FakeISS | None = None,
                   endpoint_url: str | None = None, port: int = 0) -> tuple[Backend, str]:
    """The backend for name (auto picks by Docker), and a sentence saying why it was chosen."""
    resolved, reason = resolve_backend(name)
    backend = create_backend(resolved, fake_iss=fake_iss, endpoint_url=endpoint_url, port=port)
    return backend, reason


def resolve_backend(name: str) -> tuple[str, str]:
    """(concrete backend name, why): auto becomes localstack with Docker, else ministack."""
    from isslab.backends.probe import docker_daemon_status

    if name not in BACKEND_NAMES:
        raise UsageError(f"unknown backend {name!r}: choose one of {', '.join(BACKEND_NAMES)}")
    if name != "auto":
        return name, "chosen with --backend / ISSLAB_BACKEND"
    answers, why = docker_daemon_status()
    return ("localstack" if answers else "ministack"), f"auto: {why}"


def create_backend(name: str, *, fake_iss: FakeISS | None = None,
                   endpoint_url: str | None = None, port: int = 0) -> Backend:
    """A not yet started backend of a concrete name."""
    if name == "ministack":
        from isslab.backends.ministack import MiniStackBackend
        return MiniStackBackend(port=port, fake_iss=fake_iss)
    if name == "localstack":
        from isslab.backends.localstack import LocalStackBackend
        return LocalStackBackend(fake_iss=fake_iss)
    if name == "floci":
        from isslab.backends.floci import FlociBackend
        return FlociBackend(fake_iss=fake_iss)
    if name == "external":
        from isslab.backends.external import ExternalBackend
        return ExternalBackend(endpoint_url)
    raise UsageError(f"unknown backend {name!r}: choose one of {', '.join(BACKEND_NAMES[1:])}")
