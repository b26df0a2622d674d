"""Unit tests of the reference capture Lambda (Retos 4, 5, 7), in-process.

The ISS API is the fake service (real HTTP on loopback) or, for answers it never gives, a
patched `urllib.request.urlopen`; S3 and DynamoDB are moto's; the clock is frozen so every
key and timestamp is exact.
"""

from __future__ import annotations

import io
import json
import logging
import socket
import urllib.error
from decimal import Decimal
from typing import Any

import pytest
from freezegun import freeze_time

from isslab.fakeiss import Fault

pytestmark = pytest.mark.unit

# 2026-12-03T19:46:29Z, the instant the common brief's examples use.
INSTANT = 1796327189
NOTHING_STORED = {"objects": [], "items": []}


@pytest.fixture(scope="module")
def capture_module(load_lambda, moto_lake):
    """One copy of the Lambda module per test module, so its boto3 clients are made once."""
    return load_lambda("capturar_iss")


@pytest.fixture
def capturar(capture_module, lake, monkeypatch: pytest.MonkeyPatch):
    """The Lambda module, with an empty bucket and table and no environment overrides."""
    for name in ("ISS_API_URL", "BUCKET_NAME", "TABLE_NAME"):
        monkeypatch.delenv(name, raising=False)
    return capture_module


@pytest.fixture
def aimed_at_fake(capturar, fake_iss, monkeypatch: pytest.MonkeyPatch):
    """The Lambda module calling the fake ISS service over plain HTTP."""
    monkeypatch.setenv("ISS_API_URL", fake_iss.iss_url)
    return capturar


def stored(lake: dict, bucket: str = "mi-data-lake") -> dict[str, list]:
    """Every object (key and parsed body) in the bucket and every item in the table."""
    listing = lake["s3"].list_objects_v2(Bucket=bucket).get("Contents", [])
    objects = [(entry["Key"], json.loads(
        lake["s3"].get_object(Bucket=bucket, Key=entry["Key"])["Body"].read()))
        for entry in listing]
    return {"objects": objects, "items": lake["table"].scan()["Items"]}


def body_of(response: dict) -> Any:
    return json.loads(response["body"])


def answering(payload: bytes):
    """A stand-in for urlopen that answers 200 with `payload` and records its call."""
    calls = []

    def urlopen(request, timeout=None):
        calls.append((request.full_url, timeout))
        return io.BytesIO(payload)
    urlopen.calls = calls
    return urlopen


def raising(error: BaseException):
    def urlopen(request, timeout=None):
        raise error
    return urlopen


def api_answer(**overrides: Any) -> bytes:
    position = {"name": "iss", "id": 25544, "latitude": 12.5, "longitude": -45.25,
                "altitude": 418.123, "velocity": 27600.5, "timestamp": INSTANT,
                "units": "kilometers"}
    position.update(overrides)
    return json.dumps({k: v for k, v in position.items() if v is not ...}).encode()


# Success against the fake service


@freeze_time("2026-12-03T19:46:29Z")
def test_capture_writes_object_under_dated_key(aimed_at_fake, lake) -> None:
    response = aimed_at_fake.handler({}, None)

    assert response["statusCode"] == 200
    keys = [key for key, _ in stored(lake)["objects"]]
    assert keys == ["raw/iss/2026-12-03/2026-12-03T19:46:29Z.json"]


@freeze_time("2026-12-03T19:46:29Z")
def test_capture_object_holds_the_api_position(aimed_at_fake, fake_iss, lake) -> None:
    expected = fake_iss.position_at(INSTANT)

    aimed_at_fake.handler({}, None)

    [(_, body)] = stored(lake)["objects"]
    assert body == {"timestamp": "2026-12-03T19:46:29Z",
                    "latitude": expected["latitude"], "longitude": expected["longitude"],
                    "altitude": expected["altitude"], "velocity": expected["velocity"]}


@freeze_time("2026-12-03T19:46:29Z")
def test_capture_item_indexes_the_object_with_decimals(aimed_at_fake, fake_iss, lake) -> None:
    expected = fake_iss.position_at(INSTANT)

    aimed_at_fake.handler({}, None)

    assert stored(lake)["items"] == [{
        "capture_id": "2026-12-03T19:46:29Z",
        "s3_path": "s3://mi-data-lake/raw/iss/2026-12-03/2026-12-03T19:46:29Z.json",
        **{name: Decimal(str(expected[name]))
           for name in ("latitude", "longitude", "altitude", "velocity")},
    }]


@freeze_time("2026-12-03T19:46:29Z")
def test_capture_answers_200_with_capture_and_s3_path(aimed_at_fake, fake_iss) -> None:
    response = aimed_at_fake.handler({}, None)

    body = body_of(response)
    assert response["statusCode"] == 200
    assert body["s3_path"] == "s3://mi-data-lake/raw/iss/2026-12-03/2026-12-03T19:46:29Z.json"
    assert body["capture"]["timestamp"] == "2026-12-03T19:46:29Z"
    assert body["capture"]["latitude"] == fake_iss.position_at(INSTANT)["latitude"]
    assert fake_iss.requests[-1].path == "/v1/satellites/25544"


@freeze_time("2026-12-31T23:59:59Z")
def test_capture_just_before_midnight_stays_in_its_utc_day(aimed_at_fake, lake) -> None:
    aimed_at_fake.handler({}, None)

    [(key, body)] = stored(lake)["objects"]
    assert key == "raw/iss/2026-12-31/2026-12-31T23:59:59Z.json"
    assert body["timestamp"] == "2026-12-31T23:59:59Z"


def test_captures_at_two_instants_make_two_objects_and_items(aimed_at_fake, lake) -> None:
    for instant in ("2027-01-01T00:00:00Z", "2027-01-01T00:01:00Z"):
        with freeze_time(instant):
            aimed_at_fake.handler({}, None)

    contents = stored(lake)
    assert [key for key, _ in contents["objects"]] == [
        "raw/iss/2027-01-01/2027-01-01T00:00:00Z.json",
        "raw/iss/2027-01-01/2027-01-01T00:01:00Z.json",
    ]
    assert sorted(item["capture_id"] for item in contents["items"]) == [
        "2027-01-01T00:00:00Z", "2027-01-01T00:01:00Z"]


@freeze_time("2026-12-03T19:46:29Z")
def test_bucket_and_table_come_from_the_environment(aimed_at_fake, lake,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    lake["s3"].create_bucket(Bucket="otro-lago")
    monkeypatch.setenv("BUCKET_NAME", "otro-lago")

    response = aimed_at_fake.handler({}, None)

    assert body_of(response)["s3_path"].startswith("s3://otro-lago/raw/iss/2026-12-03/")
    assert stored(lake, "otro-lago")["objects"][0][0] == (
        "raw/iss/2026-12-03/2026-12-03T19:46:29Z.json")
    assert stored(lake)["objects"] == []


@freeze_time("2026-12-03T19:46:29Z")
def test_table_comes_from_the_environment(aimed_at_fake, lake,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    other = lake["table"].meta.client
    other.create_table(
        TableName="otra-tabla", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "capture_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "capture_id", "AttributeType": "S"}])
    monkeypatch.setenv("TABLE_NAME", "otra-tabla")

    aimed_at_fake.handler({}, None)

    items = other.scan(TableName="otra-tabla")["Items"]
    assert [item["capture_id"] for item in items] == ["2026-12-03T19:46:29Z"]
    assert stored(lake)["items"] == []


# The HTTP call itself


def test_calls_the_real_api_url_by_default(capturar, monkeypatch: pytest.MonkeyPatch) -> None:
    urlopen = answering(api_answer())
    monkeypatch.setattr("urllib.request.urlopen", urlopen)

    capturar.handler({}, None)

    assert urlopen.calls == [("https://api.wheretheiss.at/v1/satellites/25544", 5)]


def test_numbers_keep_their_short_form_in_dynamodb(capturar, lake,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("urllib.request.urlopen", answering(api_answer(latitude=0.1,
                                                                          altitude=400)))
    capturar.handler({}, None)

    [item] = stored(lake)["items"]
    assert (item["latitude"], item["altitude"]) == (Decimal("0.1"), Decimal("400"))


def test_importing_needs_no_aws_region(load_lambda, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)

    module = load_lambda("capturar_iss")

    assert module.DEFAULT_API_URL == "https://api.wheretheiss.at/v1/satellites/25544"


# Faults: a 502 naming the cause, nothing stored


@pytest.mark.parametrize(("fault", "error", "detail"), [
    (Fault.HTTP_500, "http_status", "ISS API answered HTTP 500"),
    (Fault.REFUSED, "network", None),
    (Fault.MALFORMED, "malformed_json", None),
])
def test_fake_service_faults_give_502_and_store_nothing(aimed_at_fake, fake_iss, lake,
                                                        fault, error, detail) -> None:
    fake_iss.fault = fault

    response = aimed_at_fake.handler({}, None)

    assert response["statusCode"] == 502
    assert body_of(response)["error"] == error
    if detail is not None:
        assert body_of(response)["detail"] == detail
    assert stored(lake) == NOTHING_STORED


def test_slow_service_times_out_and_stores_nothing(aimed_at_fake, fake_iss, lake,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # The real 5 s client timeout, shrunk so the test stays fast; the fake waits longer.
    monkeypatch.setattr(aimed_at_fake, "HTTP_TIMEOUT_SECONDS", 0.2)
    fake_iss.slow_seconds = 2.0
    fake_iss.fault = Fault.SLOW

    response = aimed_at_fake.handler({}, None)

    assert (response["statusCode"], body_of(response)) == (
        502, {"error": "timeout", "detail": "no answer within 0.2 s"})
    assert stored(lake) == NOTHING_STORED


@pytest.mark.parametrize(("exception", "error"), [
    (TimeoutError("timed out"), "timeout"),
    (urllib.error.URLError(TimeoutError("timed out")), "timeout"),
    (urllib.error.URLError(ConnectionRefusedError(111, "Connection refused")), "network"),
    (urllib.error.URLError(socket.gaierror(-2, "Name or service not known")), "network"),
    (ConnectionResetError(104, "Connection reset by peer"), "network"),
])
def test_network_errors_give_502_and_store_nothing(capturar, lake, monkeypatch, exception,
                                                   error) -> None:
    monkeypatch.setattr("urllib.request.urlopen", raising(exception))

    response = capturar.handler({}, None)

    assert (response["statusCode"], body_of(response)["error"]) == (502, error)
    assert stored(lake) == NOTHING_STORED


def test_refused_connection_detail_names_the_reason(capturar, monkeypatch) -> None:
    refused = urllib.error.URLError(ConnectionRefusedError(111, "Connection refused"))
    monkeypatch.setattr("urllib.request.urlopen", raising(refused))

    detail = body_of(capturar.handler({}, None))["detail"]

    assert detail == "cannot reach the ISS API ([Errno 111] Connection refused)"


@pytest.mark.parametrize("field", ["timestamp", "latitude", "longitude", "altitude",
                                   "velocity"])
def test_missing_field_gives_502_and_stores_nothing(capturar, lake, monkeypatch,
                                                    field) -> None:
    monkeypatch.setattr("urllib.request.urlopen", answering(api_answer(**{field: ...})))

    response = capturar.handler({}, None)

    assert (response["statusCode"], body_of(response)) == (
        502, {"error": "missing_fields", "detail": f"ISS API answer lacks {field}"})
    assert stored(lake) == NOTHING_STORED


@pytest.mark.parametrize(("payload", "detail"), [
    (b"<html>rate limited</html>", None),
    (b"[12.5, -45.25]", "ISS API answer is not a JSON object"),
    (api_answer(latitude="12.5"), "latitude is not a number: '12.5'"),
    (api_answer(velocity=True), "velocity is not a number: True"),
    (api_answer(timestamp="2026-12-03"), "timestamp is not unix seconds: '2026-12-03'"),
])
def test_unusable_answer_gives_502_and_stores_nothing(capturar, lake, monkeypatch, payload,
                                                      detail) -> None:
    monkeypatch.setattr("urllib.request.urlopen", answering(payload))

    response = capturar.handler({}, None)

    assert (response["statusCode"], body_of(response)["error"]) == (502, "malformed_json")
    if detail is not None:
        assert body_of(response)["detail"] == detail
    assert stored(lake) == NOTHING_STORED


def test_failure_is_logged_as_an_error(capturar, monkeypatch,
                                       caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr("urllib.request.urlopen", raising(TimeoutError("timed out")))

    capturar.handler({}, None)

    assert [(record.levelno, record.getMessage()) for record in caplog.records] == [
        (logging.ERROR, "ISS capture failed, nothing stored: timeout: no answer within 5 s")]


def test_success_is_logged_at_info(capturar, monkeypatch,
                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=capturar.logger.name)
    monkeypatch.setattr("urllib.request.urlopen", answering(api_answer()))

    capturar.handler({}, None)

    assert caplog.messages[-1] == ("Stored ISS capture 2026-12-03T19:46:29Z at "
                                   "s3://mi-data-lake/raw/iss/2026-12-03/2026-12-03T19:46:29Z.json")
