"""Whether a Docker daemon answers, asked quickly, so `auto` can choose a backend."""

from __future__ import annotations

import gc
import logging
import os
import warnings
from pathlib import Path

logger = logging.getLogger(__name__)

PING_TIMEOUT_SECONDS = 2
DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock"


def docker_daemon_status() -> tuple[bool, str]:
    """(answers, reason): whether the Docker daemon of DOCKER_HOST answered a ping, and why not."""
    host = os.environ.get("DOCKER_HOST", DEFAULT_DOCKER_HOST)
    if host.startswith("unix://") and not Path(host[len("unix://"):]).exists():
        return False, f"no Docker daemon answered at {host} (no such socket)"
    try:
        _ping(host)
    except Exception as error:  # the SDK raises many types; any of them means "no daemon"
        logger.debug("docker ping failed: %r", error)
        return False, f"no Docker daemon answered at {host} ({type(error).__name__})"
    return True, f"a Docker daemon answered at {host}"


def _ping(host: str) -> None:
    import docker

    client = docker.DockerClient(base_url=host, timeout=PING_TIMEOUT_SECONDS)
    try:
        client.ping()
    finally:
        client.close()
        # A failed ping can leave the SDK's socket to the garbage collector; collect it here,
        # quietly, rather than as a ResourceWarning in some later test.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            gc.collect()
