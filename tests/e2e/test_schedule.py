"""The reference's schedule alone captures the ISS every minute, each capture indexed once."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from isslab import captures
from isslab.fixtures.captures import ScheduledCaptures
from isslab.stack import Stack

pytestmark = pytest.mark.e2e


def item(aws_clients: Any, table: str, capture_id: str) -> dict[str, Any]:
    return aws_clients("dynamodb").get_item(TableName=table,
                                            Key={"capture_id": {"S": capture_id}})["Item"]


def test_schedule_stores_two_captures_each_with_its_item(
        scheduled_captures: ScheduledCaptures, stack: Stack, aws_clients: Any,
        fake_iss_server: Any) -> None:
    keys = scheduled_captures.new_keys
    assert len(keys) >= 2, keys

    for key in keys:
        body = captures.read_object(aws_clients("s3"), stack.bucket, key)
        assert key == f"raw/iss/{body['timestamp'][:10]}/{body['timestamp']}.json"
        expected = fake_iss_server.position_at(captures.unix_second(body["timestamp"]))
        assert captures.differences(body, expected) == []
        stored = item(aws_clients, stack.table, body["timestamp"])
        assert stored["s3_path"] == {"S": f"s3://{stack.bucket}/{key}"}
        assert stored["latitude"] == {"N": str(body["latitude"])}


def test_scheduled_captures_are_a_minute_apart(scheduled_captures: ScheduledCaptures) -> None:
    seconds = sorted(captures.key_second(key) for key in scheduled_captures.new_keys)

    gaps = [later - earlier for earlier, later in itertools.pairwise(seconds)]
    # MiniStack checks its schedules every 10 s, so a minute may stretch or shrink by that.
    assert all(50 <= gap <= 70 for gap in gaps), gaps
