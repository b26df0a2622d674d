"""Watching a schedule from outside: when its rule appears, when its captures land in S3."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from isslab import captures

logger = logging.getLogger(__name__)

RULE_POLL_S = 0.25
CAPTURE_POLL_S = 1.0
# MiniStack's 1st fire comes ~60-70 s after the rule and the 2nd a minute later: 200 s is ample.
SCHEDULE_LIMIT_S = 200.0


class RuleWatcher:
    """Polls EventBridge in a thread and notes when a scheduled rule first exists."""

    def __init__(self, events_client: Any) -> None:
        self._client = events_client
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="rule-watcher", daemon=True)
        self.created_at: float | None = None  # time.perf_counter() when first seen

    def __enter__(self) -> RuleWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        while not self._stop.is_set() and self.created_at is None:
            if self._scheduled_rule_exists():
                self.created_at = time.perf_counter()
                logger.info("a scheduled rule exists")
                return
            self._stop.wait(RULE_POLL_S)

    def _scheduled_rule_exists(self) -> bool:
        try:
            rules = self._client.list_rules().get("Rules", [])
        except (BotoCoreError, ClientError) as error:
            logger.debug("list_rules: %s", error)
            return False
        return any(rule.get("ScheduleExpression") for rule in rules)


@dataclass
class Fires:
    """When the schedule's captures appeared (perf_counter times), in order."""

    times: list[float] = field(default_factory=list)
    waited: float = 0.0


def wait_for_captures(list_keys: Callable[[], set[str]], wanted: int = 2,
                      limit_s: float = SCHEDULE_LIMIT_S, poll_s: float = CAPTURE_POLL_S, *,
                      clock: Callable[[], float] = time.perf_counter,
                      sleep: Callable[[float], None] = time.sleep) -> Fires:
    """Poll until `wanted` new keys appeared (one time per new key) or the limit passed."""
    known = list_keys()
    fires = Fires()
    started = clock()
    while len(fires.times) < wanted and clock() - started < limit_s:
        sleep(poll_s)
        new = list_keys() - known
        fires.times += [clock()] * len(new)
        known |= new
    fires.waited = clock() - started
    return fires


def bucket_lister(s3_client: Any, bucket: str) -> Callable[[], set[str]]:
    """A function giving the bucket's keys now (empty when it cannot be listed)."""
    def keys() -> set[str]:
        try:
            return captures.list_keys(s3_client, bucket)
        except (BotoCoreError, ClientError) as error:
            logger.debug("cannot list %s: %s", bucket, error)
            return set()
    return keys
