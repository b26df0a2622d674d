"""Reading capture results: positions wherever they sit, timestamps, keys, s3 paths."""

from __future__ import annotations

import json

import pytest

from isslab import captures

pytestmark = pytest.mark.unit

POSITION = {"latitude": 12.5, "longitude": -45.25, "altitude": 417.0, "velocity": 27600.5}


def position_at(second: int) -> dict[str, float]:
    """A stand-in for the fake service: the latitude moves one degree a second."""
    return {**POSITION, "latitude": float(second % 90), "timestamp": second}


def test_position_found_in_a_proxy_body() -> None:
    payload = {"statusCode": 200, "body": json.dumps({"capture": POSITION, "s3_path": "x"})}

    assert captures.find_position(payload) == POSITION


def test_position_found_in_a_raw_api_answer() -> None:
    assert captures.find_position([{"name": "iss", **POSITION}])["altitude"] == 417.0


def test_no_position_in_an_error() -> None:
    assert captures.find_position({"errorMessage": "boom", "errorType": "X"}) is None


@pytest.mark.parametrize(("value", "second"), [
    (1796327189, 1796327189), (1796327189.9, 1796327189),
    ("2026-12-03T19:46:29Z", 1796327189), ("2026-12-03T19:46:29+00:00", 1796327189),
    ("2026-12-03T19:46:29", 1796327189), ("ayer", None), (True, None), (None, None),
])
def test_unix_second(value: object, second: int | None) -> None:
    assert captures.unix_second(value) == second


def test_matching_second_uses_the_stamp_then_the_window() -> None:
    # 1796327190 % 90 == 0: the API answered this latitude a second after the stamp.
    seen = {**POSITION, "latitude": 0.0, "timestamp": "2026-12-03T19:46:29Z"}

    seconds = captures.candidate_seconds(seen, range(1796327190, 1796327193))

    assert seconds == [1796327187, 1796327188, 1796327189, 1796327190, 1796327191, 1796327192]
    assert captures.matching_second(seen, position_at, seconds) == 1796327190


def test_matching_second_finds_the_exact_second() -> None:
    seen = {**POSITION, "latitude": 11.0}

    assert captures.matching_second(seen, position_at, range(9, 13)) == 11
    assert captures.matching_second({**seen, "latitude": 11.5}, position_at, range(9, 13)) is None


def test_differences_name_each_wrong_field() -> None:
    seen = {**POSITION, "velocity": "fast", "altitude": 417.0000001}

    assert captures.differences(seen, POSITION) == ["velocity='fast' (expected 27600.5)"]


@pytest.mark.parametrize(("key", "problem"), [
    ("raw/iss/2026-12-03/2026-12-03T19:46:29Z.json", None),
    ("raw/iss/2026-12-03/2026-12-03T20:46:29+01:00.json", None),
    ("raw/iss/2026-12-04/2026-12-03T19:46:29Z.json",
     "'raw/iss/2026-12-04/2026-12-03T19:46:29Z.json' is filed under 2026-12-04 but its "
     "timestamp's UTC date is 2026-12-03"),
    ("raw/iss/2026-12-03/1796327189.json",
     "'1796327189' in 'raw/iss/2026-12-03/1796327189.json' is not an ISO-8601 timestamp"),
    ("iss/2026-12-03/x.json",
     "'iss/2026-12-03/x.json' does not match raw/iss/<YYYY-MM-DD>/<timestamp>.json"),
])
def test_key_problem(key: str, problem: str | None) -> None:
    assert captures.key_problem(key) == problem


def test_key_second() -> None:
    assert captures.key_second("raw/iss/2026-12-03/2026-12-03T19:46:29Z.json") == 1796327189
    assert captures.key_second("raw/other.json") is None


@pytest.mark.parametrize(("s3_path", "key"), [
    ("s3://mi-data-lake/raw/iss/a.json", "raw/iss/a.json"),
    ("raw/iss/a.json", "raw/iss/a.json"),
    ("s3://otro/raw/iss/a.json", None), ("", None), (None, None),
])
def test_s3_path_key(s3_path: object, key: str | None) -> None:
    assert captures.s3_path_key(s3_path, "mi-data-lake") == key
