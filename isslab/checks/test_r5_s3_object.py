"""Reto 5: each capture is stored in S3 under a dated key, as JSON with the position."""

from __future__ import annotations

from typing import Any

import pytest

from isslab import captures
from isslab.errors import PrerequisiteFailed
from isslab.fixtures.captures import CaptureRun
from isslab.stack import Stack

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def captured_key(capture_run: CaptureRun) -> str:
    """The key the invoke stored, preferring one stamped within the invoke's time."""
    if not capture_run.new_keys:
        raise PrerequisiteFailed("no object appeared in the bucket after invoking the "
                                 "capture function (see r5.object)")
    window = capture_run.invocation.seconds()
    stamped = [key for key in capture_run.new_keys if captures.key_second(key) in window]
    return (stamped or capture_run.new_keys)[0]


@pytest.mark.criterion("r5.object")
def test_capture_stores_an_object(capture_run: CaptureRun, stack: Stack) -> None:
    assert capture_run.new_keys, (
        f"expected a new object in bucket {stack.bucket} after invoking the capture function; "
        f"none appeared (the invoke returned {capture_run.invocation.payload!r})")


@pytest.mark.criterion("r5.key")
def test_capture_key_is_dated(captured_key: str) -> None:
    problem = captures.key_problem(captured_key)
    assert problem is None, (
        f"expected a key raw/iss/<UTC date>/<ISO-8601 timestamp>.json; {problem}")


@pytest.mark.criterion("r5.content")
def test_capture_content_is_the_position(captured_key: str, aws_clients: Any, stack: Stack,
                                         fake_iss_server: Any) -> None:
    body = captures.read_object(aws_clients("s3"), stack.bucket, captured_key)
    assert isinstance(body, dict), f"expected a JSON object in {captured_key}; got {body!r}"
    second = captures.unix_second(body.get("timestamp"))
    assert second is not None, (
        f"expected a timestamp (ISO-8601 or Unix seconds) in {captured_key}; got {body!r}")

    seconds = captures.candidate_seconds(body, range(0))
    matched = captures.matching_second(body, fake_iss_server.position_at, seconds)
    assert matched is not None, (
        f"expected {captured_key} to hold the API's position at its timestamp "
        f"{body['timestamp']!r}; differences: "
        + ", ".join(captures.differences(body, fake_iss_server.position_at(second))))
