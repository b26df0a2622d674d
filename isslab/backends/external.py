"""An emulator someone else runs (LocalStack, MiniStack, ...), reached by its endpoint URL.

isslab neither starts nor stops it, and cannot reset it: it holds someone's state, so checks
use unique names or skip where they would need a clean emulator.
"""

from __future__ import annotations

import logging
import urllib.error

from isslab.backends import HEALTH_PATH, Backend
from isslab.errors import IsslabError, UsageError

logger = logging.getLogger(__name__)


class ExternalBackend(Backend):
    """An already running, LocalStack-compatible endpoint (health checked on start)."""

    name = "external"
    runs_lambdas = True
    fires_schedules = True
    uses_docker = False
    supports_reset = False

    def __init__(self, endpoint_url: str | None) -> None:
        if not endpoint_url:
            raise UsageError("--backend external needs --endpoint-url or AWS_ENDPOINT_URL, "
                             "e.g. http://localhost:4566")
        self._endpoint_url = endpoint_url.rstrip("/")

    @property
    def endpoint_url(self) -> str:
        return self._endpoint_url

    def start(self) -> None:
        try:
            health = self.health()
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise IsslabError(f"no emulator answered {self._endpoint_url}{HEALTH_PATH}: "
                              f"{error}; start it first or choose another --backend") from error
        logger.info("Using the emulator at %s (%s)", self._endpoint_url,
                    health.get("edition", "unknown edition"))

    def reset(self) -> None:
        raise IsslabError("the external backend cannot be reset: it is not ours to wipe")

    def logs(self) -> str:
        return f"(the external emulator at {self._endpoint_url} keeps its own logs)"

    def stop(self) -> None:
        """Nothing to stop: the emulator belongs to whoever started it."""
