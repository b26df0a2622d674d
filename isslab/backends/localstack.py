"""LocalStack in Docker, through testcontainers' LocalStackContainer.

Lambdas run in sibling containers (the Docker socket is mounted). Those containers get
`host.docker.internal` (the course's emulator address), the fake service's hostnames, and
the testcontainers session label so the Ryuk reaper removes them with the emulator.
"""

from __future__ import annotations

import logging
import os
import urllib.error
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from isslab import hermetic
from isslab.backends import fetch_json
from isslab.backends.container import (
    DOCKER_SOCKET,
    HOST_GATEWAY,
    ContainerBackend,
    ContainerSettings,
    reaper_label_flag,
    wait_until_ready,
)

if TYPE_CHECKING:
    from isslab.fakeiss import FakeISS

logger = logging.getLogger(__name__)

IMAGE_VARIABLE = "ISSLAB_LOCALSTACK_IMAGE"
# The last tag that starts without an auth token; later ones exit with code 55 without one.
DEFAULT_IMAGE = "localstack/localstack:4.14.0"
TOKEN_VARIABLE = "LOCALSTACK_AUTH_TOKEN"
TOKEN_EXIT_CODE = 55
SERVICES = ("s3", "lambda", "iam", "sts", "events", "scheduler", "logs", "dynamodb",
            "cloudwatch")
RESET_PATH = "/_localstack/state/reset"


def localstack_settings(environ: Mapping[str, str], *,
                        fake_iss: FakeISS | None = None) -> ContainerSettings:
    """The container settings for LocalStack, from the host environment (pure)."""
    env = {
        "SERVICES": ",".join(SERVICES),
        "AWS_DEFAULT_REGION": "us-east-1",
        "LAMBDA_DOCKER_FLAGS": lambda_docker_flags(fake_iss),
    }
    if environ.get(TOKEN_VARIABLE):
        env[TOKEN_VARIABLE] = environ[TOKEN_VARIABLE]
    return ContainerSettings(
        image=environ.get(IMAGE_VARIABLE) or DEFAULT_IMAGE,
        env=env,
        volumes=((DOCKER_SOCKET, DOCKER_SOCKET, "rw"),),
        extra_hosts={"host.docker.internal": HOST_GATEWAY},
    )


def lambda_docker_flags(fake_iss: FakeISS | None) -> str:
    """docker-run flags for LocalStack's Lambda containers."""
    hosts = ["host.docker.internal"]
    if fake_iss is not None:
        hosts += [*hermetic.FAKE_HTTPS_HOSTS, *hermetic.FAKE_HTTP_HOSTS]
    flags = [f"--add-host={host}:{HOST_GATEWAY}" for host in hosts]
    return " ".join([*flags, reaper_label_flag()])


def explain_exit(exit_code: int, logs: str) -> str:
    """What a LocalStack exit while starting means, and what to do."""
    if exit_code == TOKEN_EXIT_CODE:
        return (f"LocalStack exited with code {TOKEN_EXIT_CODE}: this image needs "
                f"{TOKEN_VARIABLE}. Set {TOKEN_VARIABLE}, or use {DEFAULT_IMAGE} "
                f"({IMAGE_VARIABLE}={DEFAULT_IMAGE}), or --backend ministack")
    return f"LocalStack exited with code {exit_code} while starting; its last output:\n{logs}"


class LocalStackBackend(ContainerBackend):
    """LocalStack Community (or Pro with a token) in a container."""

    name = "localstack"
    runs_lambdas = True
    fires_schedules = True

    def __init__(self, *, fake_iss: FakeISS | None = None,
                 environ: Mapping[str, str] | None = None) -> None:
        super().__init__(localstack_settings(os.environ if environ is None else environ,
                                             fake_iss=fake_iss))

    def _make_container(self) -> Any:
        from testcontainers.community.localstack import LocalStackContainer

        return LocalStackContainer(image=self.settings.image, region_name="us-east-1")

    def _start_container(self, container: Any) -> None:
        # Skip LocalStackContainer.start's log wait: it cannot see an early exit.
        from testcontainers.core.container import DockerContainer

        DockerContainer.start(container)
        wait_until_ready(container, self._healthy, explain_exit=explain_exit)

    def reset(self) -> None:
        try:
            fetch_json(self.endpoint_url + RESET_PATH, method="POST", timeout=60)
        except urllib.error.HTTPError:
            logger.info("LocalStack has no state reset here; restarting its container")
            self.stop()
            self.start()
