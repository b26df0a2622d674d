"""Reading what a capture function produced: invoke results, S3 keys, capture bodies.

Students shape their captures in their own way (the raw API answer, the course's format,
a Lambda proxy response with a JSON ``body``), so these helpers look for the position
fields wherever they are and compare them with the fake service's exact answer.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

POSITION_FIELDS = ("latitude", "longitude", "altitude", "velocity")
TOLERANCE = 1e-6
KEY_PATTERN = re.compile(r"^raw/iss/(?P<date>\d{4}-\d{2}-\d{2})/(?P<stamp>[^/]+)\.json$")
# A student's own clock may stamp a capture a second or two off the API's timestamp.
CLOCK_SLACK_SECONDS = 2


@dataclass(frozen=True)
class Invocation:
    """One synchronous Lambda invoke: its error kind, parsed payload and time window."""

    function: str
    function_error: str | None
    payload: Any
    started: float
    finished: float

    def seconds(self) -> range:
        """The Unix seconds the invoke spanned, widened by the clock slack."""
        return range(int(self.started) - CLOCK_SLACK_SECONDS,
                     int(self.finished) + CLOCK_SLACK_SECONDS + 1)


def invoke(lambda_client: Any, function: str, event: dict[str, Any] | None = None) -> Invocation:
    """Invoke a function synchronously and parse its payload (JSON when it is JSON)."""
    started = time.time()
    response = lambda_client.invoke(FunctionName=function, InvocationType="RequestResponse",
                                    Payload=json.dumps(event or {}).encode())
    raw = response["Payload"].read().decode("utf-8", errors="replace")
    return Invocation(function, response.get("FunctionError"), parse_json(raw),
                      started, time.time())


def parse_json(text: str) -> Any:
    """The JSON value of text, or text itself when it is not JSON."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def body_of(payload: Any) -> Any:
    """A proxy-style response's ``body`` parsed as JSON, else the payload unchanged."""
    if isinstance(payload, dict) and isinstance(payload.get("body"), str):
        return parse_json(payload["body"])
    return payload


def find_position(document: Any) -> dict[str, Any] | None:
    """The first object holding all four position fields, searched depth first."""
    document = body_of(document)
    if isinstance(document, dict):
        if all(name in document for name in POSITION_FIELDS):
            return document
        children: Iterable[Any] = document.values()
    elif isinstance(document, list):
        children = document
    else:
        return None
    for child in children:
        found = find_position(child)
        if found is not None:
            return found
    return None


def unix_second(value: Any) -> int | None:
    """A timestamp (Unix seconds, or ISO-8601 text) as a whole Unix second."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str):
        parsed = parse_iso(value)
        return int(parsed.timestamp()) if parsed else None
    return None


def parse_iso(text: str) -> datetime | None:
    """An ISO-8601 instant (naive ones read as UTC), or None when text is not one."""
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def differences(position: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """The fields of position that differ from expected by more than the tolerance."""
    wrong = []
    for name in POSITION_FIELDS:
        seen = position.get(name)
        if not _number(seen) or abs(float(seen) - float(expected[name])) > TOLERANCE:
            wrong.append(f"{name}={seen!r} (expected {expected[name]!r})")
    return wrong


def _number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return False
        return True
    return isinstance(value, (int, float))


def matching_second(position: dict[str, Any], position_at: Any,
                    seconds: Iterable[int]) -> int | None:
    """The first second at which the fake service answered exactly this position."""
    for second in seconds:
        if not differences(position, position_at(second)):
            return second
    return None


def candidate_seconds(position: dict[str, Any], fallback: range) -> list[int]:
    """The capture's own timestamp (with the clock slack) first, then the fallback window."""
    stamped = unix_second(position.get("timestamp"))
    near = [] if stamped is None else list(range(stamped - CLOCK_SLACK_SECONDS,
                                                 stamped + CLOCK_SLACK_SECONDS + 1))
    return near + [second for second in fallback if second not in near]


def key_problem(key: str) -> str | None:
    """Why a key is not ``raw/iss/<UTC date>/<ISO-8601 timestamp>.json``; None when it is."""
    match = KEY_PATTERN.match(key)
    if match is None:
        return f"{key!r} does not match raw/iss/<YYYY-MM-DD>/<timestamp>.json"
    stamp = parse_iso(match["stamp"])
    if stamp is None:
        return f"{match['stamp']!r} in {key!r} is not an ISO-8601 timestamp"
    utc_date = stamp.astimezone(timezone.utc).date().isoformat()
    if utc_date != match["date"]:
        return f"{key!r} is filed under {match['date']} but its timestamp's UTC date is {utc_date}"
    return None


def key_second(key: str) -> int | None:
    """The Unix second a well-formed capture key is stamped with."""
    match = KEY_PATTERN.match(key)
    stamp = parse_iso(match["stamp"]) if match else None
    return int(stamp.timestamp()) if stamp else None


def list_keys(s3_client: Any, bucket: str, prefix: str = "") -> set[str]:
    """Every object key in a bucket under a prefix."""
    keys: set[str] = set()
    paginator = s3_client.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
        keys.update(item["Key"] for item in page.get("Contents", []))
    return keys


def read_object(s3_client: Any, bucket: str, key: str) -> Any:
    """An object's body, parsed as JSON when it is JSON."""
    body = s3_client.get_object(Bucket=bucket, Key=key)["Body"].read()
    return parse_json(body.decode("utf-8", errors="replace"))


def s3_path_key(s3_path: Any, bucket: str) -> str | None:
    """The key an item's ``s3_path`` names: ``s3://<bucket>/<key>`` or a bare key."""
    if not isinstance(s3_path, str) or not s3_path:
        return None
    prefix = f"s3://{bucket}/"
    if s3_path.startswith(prefix):
        return s3_path[len(prefix):]
    return None if s3_path.startswith("s3://") else s3_path
