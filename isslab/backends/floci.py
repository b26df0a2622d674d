"""Floci in Docker, through testcontainers-floci's FlociContainer (extra `floci`).

FlociContainer mounts the Docker socket itself while Lambda is enabled, waits on its own
health path and removes the Lambda containers it spawned when stopped.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from isslab.backends import fetch_json
from isslab.backends.container import (
    HOST_GATEWAY,
    ContainerBackend,
    ContainerSettings,
)
from isslab.errors import IsslabError

if TYPE_CHECKING:
    from isslab.fakeiss import FakeISS

logger = logging.getLogger(__name__)

IMAGE_VARIABLE = "ISSLAB_FLOCI_IMAGE"
DEFAULT_IMAGE = "floci/floci:latest"
HEALTH_PATH = "/_floci/health"


def floci_settings(environ: Mapping[str, str]) -> ContainerSettings:
    """The container settings for Floci, from the host environment (pure)."""
    return ContainerSettings(
        image=environ.get(IMAGE_VARIABLE) or DEFAULT_IMAGE,
        env={"FLOCI_DEFAULT_REGION": "us-east-1"},
        extra_hosts={"host.docker.internal": HOST_GATEWAY},
    )


class FlociBackend(ContainerBackend):
    """The Floci AWS emulator in a container."""

    name = "floci"
    runs_lambdas = True
    # TODO(docker): measure whether Floci fires rate() rules on its own; until then, no.
    fires_schedules = False

    def __init__(self, *, fake_iss: FakeISS | None = None,
                 environ: Mapping[str, str] | None = None) -> None:
        # TODO(floci-hosts): route the fake service's hostnames into Floci's Lambda
        # containers once Floci offers docker-run flags for them; fake_iss is unused until then.
        del fake_iss
        super().__init__(floci_settings(os.environ if environ is None else environ))

    def health(self) -> dict[str, Any]:
        return fetch_json(self.endpoint_url + HEALTH_PATH)

    def _make_container(self) -> Any:
        try:
            from floci import FlociContainer
        except ImportError as error:
            raise IsslabError("the floci backend needs testcontainers-floci: "
                              "pip install 'isslab[floci]'") from error
        return FlociContainer(image=self.settings.image)

    def _start_container(self, container: Any) -> None:
        container.start()

    def reset(self) -> None:
        self._container.reset()
