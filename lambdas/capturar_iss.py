"""Retos 4, 5 and 7: capture the ISS position, keep it in S3 and index it in DynamoDB.

Only the standard library talks to the ISS API (Lambda's Python runtime has no `requests`).
boto3 clients get no endpoint_url: on AWS they reach AWS, and on an emulator the
AWS_ENDPOINT_URL variable (honoured by boto3 >= 1.28, set by LocalStack in its Lambda
containers) aims them at it. So the same code deploys to both.

Environment: ISS_API_URL, BUCKET_NAME, TABLE_NAME (defaults below).
"""

import http.client
import json
import logging
import os
import urllib.error
import urllib.request
from datetime import datetime, timezone
from decimal import Decimal
from functools import lru_cache

import boto3

DEFAULT_API_URL = "https://api.wheretheiss.at/v1/satellites/25544"
DEFAULT_BUCKET = "mi-data-lake"
DEFAULT_TABLE = "capturas-iss"
HTTP_TIMEOUT_SECONDS = 5
NUMERIC_FIELDS = ("latitude", "longitude", "altitude", "velocity")

logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)
# The Lambda runtime gives the root logger a handler; emulators that run the code as a plain
# subprocess do not, and INFO lines would then never reach CloudWatch Logs.
if not logging.getLogger().handlers:
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s")


class CaptureError(Exception):
    """The API gave no usable position; `cause` is a short code for the error body."""

    def __init__(self, cause: str, detail: str):
        super().__init__(f"{cause}: {detail}")
        self.cause = cause
        self.detail = detail


def handler(event, context):
    """Capture one position; 200 with the capture, or 502 naming the cause (nothing stored)."""
    try:
        capture = capture_from(fetch_position(os.environ.get("ISS_API_URL", DEFAULT_API_URL)))
    except CaptureError as error:
        logger.error("ISS capture failed, nothing stored: %s", error)
        return _response(502, {"error": error.cause, "detail": error.detail})

    bucket = os.environ.get("BUCKET_NAME", DEFAULT_BUCKET)
    key = object_key(capture)
    _s3().put_object(Bucket=bucket, Key=key, Body=json.dumps(capture).encode(),
                     ContentType="application/json")
    s3_path = f"s3://{bucket}/{key}"
    table = _dynamodb().Table(os.environ.get("TABLE_NAME", DEFAULT_TABLE))
    table.put_item(Item=metadata_item(capture, s3_path))
    logger.info("Stored ISS capture %s at %s", capture["timestamp"], s3_path)
    return _response(200, {"capture": capture, "s3_path": s3_path})


def fetch_position(url: str) -> dict:
    """GET the API and return its JSON object, or raise CaptureError with the cause."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:
            raw = response.read()
    except urllib.error.HTTPError as error:
        raise CaptureError("http_status", f"ISS API answered HTTP {error.code}") from error
    except urllib.error.URLError as error:
        raise _network_error(error.reason) from error
    except (OSError, http.client.HTTPException) as error:
        raise _network_error(error) from error
    try:
        document = json.loads(raw)
    except ValueError as error:
        raise CaptureError("malformed_json", f"ISS API answer is not JSON ({error})") from error
    if not isinstance(document, dict):
        raise CaptureError("malformed_json", "ISS API answer is not a JSON object")
    return document


def _network_error(reason) -> CaptureError:
    # urlopen raises TimeoutError itself while reading, or wraps it in URLError while connecting.
    if isinstance(reason, TimeoutError):
        return CaptureError("timeout", f"no answer within {HTTP_TIMEOUT_SECONDS} s")
    return CaptureError("network", f"cannot reach the ISS API ({reason})")


def capture_from(position: dict) -> dict:
    """The stored capture: ISO-8601 UTC timestamp plus the four numbers, validated."""
    missing = [name for name in ("timestamp", *NUMERIC_FIELDS) if name not in position]
    if missing:
        raise CaptureError("missing_fields", "ISS API answer lacks " + ", ".join(missing))
    capture = {"timestamp": _iso_utc(position["timestamp"])}
    for name in NUMERIC_FIELDS:
        value = position[name]
        # bool is an int subclass, but true/false is no coordinate.
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise CaptureError("malformed_json", f"{name} is not a number: {value!r}")
        capture[name] = value
    return capture


def _iso_utc(unix_seconds) -> str:
    if isinstance(unix_seconds, bool) or not isinstance(unix_seconds, int):
        raise CaptureError("malformed_json", f"timestamp is not unix seconds: {unix_seconds!r}")
    moment = datetime.fromtimestamp(unix_seconds, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def object_key(capture: dict) -> str:
    """raw/iss/<UTC date>/<timestamp>.json: one folder per day, one object per capture."""
    return f"raw/iss/{capture['timestamp'][:10]}/{capture['timestamp']}.json"


def metadata_item(capture: dict, s3_path: str) -> dict:
    """The DynamoDB item; numbers as Decimal because DynamoDB rejects floats."""
    item = {"capture_id": capture["timestamp"], "s3_path": s3_path}
    for name in NUMERIC_FIELDS:
        # str() first: Decimal(float) would keep the binary expansion's 50 digits.
        item[name] = Decimal(str(capture[name]))
    return item


def _response(status: int, body: dict) -> dict:
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body),
    }


# Created on first use and kept for warm invocations; lazily, so importing needs no AWS.
@lru_cache(maxsize=1)
def _s3():
    return boto3.client("s3")


@lru_cache(maxsize=1)
def _dynamodb():
    return boto3.resource("dynamodb")
