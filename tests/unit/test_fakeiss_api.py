"""The fake wheretheiss.at API over real HTTP: shapes, types, units and frozen-time exactness."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from freezegun import freeze_time
from sgp4.api import Satrec

from isslab.fakeiss import FakeISS
from isslab.fakeiss.orbit import load_tle

pytestmark = pytest.mark.unit

FROZEN = "2026-12-03T19:46:29Z"
FROZEN_SECOND = 1_796_327_189
POSITION_TYPES = {
    "name": str, "id": int, "latitude": float, "longitude": float, "altitude": float,
    "velocity": float, "visibility": str, "footprint": float, "timestamp": int,
    "daynum": float, "solar_lat": float, "solar_lon": float, "units": str,
}


def fetch(url: str, timeout: float = 5) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a GET, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def fetch_json(url: str) -> tuple[int, Any]:
    status, _, body = fetch(url)
    return status, json.loads(body)


def test_position_has_the_api_fields_types_and_units(fake_iss: FakeISS):
    status, body = fetch_json(fake_iss.iss_url)

    assert status == 200
    assert {key: type(value) for key, value in body.items()} == POSITION_TYPES
    assert (body["name"], body["id"], body["units"]) == ("iss", 25544, "kilometers")
    assert body["visibility"] in ("daylight", "eclipsed")
    assert -90 <= body["latitude"] <= 90
    assert -180 <= body["longitude"] <= 180


def test_iss_url_is_the_position_endpoint(fake_iss: FakeISS):
    assert fake_iss.iss_url == f"http://127.0.0.1:{fake_iss.port}/v1/satellites/25544"


def test_frozen_clock_gives_identical_bodies_at_the_frozen_second(fake_iss: FakeISS):
    with freeze_time(FROZEN):
        first = fetch(fake_iss.iss_url)[2]
        second = fetch(fake_iss.iss_url)[2]

    assert first == second
    assert json.loads(first)["timestamp"] == FROZEN_SECOND
    assert json.loads(first) == fake_iss.position_at(FROZEN_SECOND)


def test_miles_scale_distances_and_speed_only(fake_iss: FakeISS):
    with freeze_time(FROZEN):
        kilometers = fetch_json(fake_iss.iss_url)[1]
        miles = fetch_json(fake_iss.iss_url + "?units=miles")[1]

    for key in ("altitude", "velocity", "footprint"):
        assert miles[key] == pytest.approx(kilometers[key] / 1.609344, rel=1e-12)
    same = {k: v for k, v in miles.items() if k not in ("altitude", "velocity", "footprint")}
    assert same == {**{k: kilometers[k] for k in same}, "units": "miles"}


def test_unknown_units_are_rejected(fake_iss: FakeISS):
    assert fetch_json(fake_iss.iss_url + "?units=parsecs") == (
        400, {"error": "invalid units; expected kilometers or miles", "status": 400})


def test_positions_answers_each_requested_second(fake_iss: FakeISS):
    seconds = [FROZEN_SECOND, FROZEN_SECOND + 60, FROZEN_SECOND + 3600]
    query = ",".join(map(str, seconds))

    status, body = fetch_json(f"{fake_iss.iss_url}/positions?timestamps={query}")

    assert status == 200
    assert body == [fake_iss.position_at(second) for second in seconds]


@pytest.mark.parametrize(("query", "error"), [
    ("", "timestamps parameter required"),
    ("?timestamps=" + ",".join(str(FROZEN_SECOND + i) for i in range(11)),
     "too many timestamps; at most 10 allowed"),
    ("?timestamps=1796327189,yesterday", "invalid timestamp; expected Unix seconds"),
])
def test_positions_rejects_bad_timestamps(fake_iss: FakeISS, query: str, error: str):
    assert fetch_json(f"{fake_iss.iss_url}/positions{query}") == (
        400, {"error": error, "status": 400})


def test_ten_timestamps_is_the_limit_accepted(fake_iss: FakeISS):
    query = ",".join(str(FROZEN_SECOND + i) for i in range(10))

    status, body = fetch_json(f"{fake_iss.iss_url}/positions?timestamps={query}")

    assert status == 200
    assert [item["timestamp"] for item in body] == [FROZEN_SECOND + i for i in range(10)]


def test_tles_json_carries_the_shipped_element_set(fake_iss: FakeISS):
    tle = load_tle()
    with freeze_time(FROZEN):
        status, body = fetch_json(fake_iss.iss_url + "/tles")

    assert status == 200
    assert body == {"requested_timestamp": FROZEN_SECOND, "tle_timestamp": 1_796_216_400,
                    "id": "25544", "name": "iss", "header": "ISS (ZARYA)",
                    "line1": tle.line1, "line2": tle.line2}
    assert Satrec.twoline2rv(body["line1"], body["line2"]).satnum == 25544


def test_tles_text_is_three_lines(fake_iss: FakeISS):
    status, headers, body = fetch(fake_iss.iss_url + "/tles?format=text")

    lines = body.decode().splitlines()
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain")
    assert lines[0] == "ISS (ZARYA)"
    assert [line[:7] for line in lines[1:]] == ["1 25544", "2 25544"]


def test_satellites_lists_only_the_iss(fake_iss: FakeISS):
    assert fetch_json(fake_iss.url + "/v1/satellites") == (200, [{"name": "iss", "id": 25544}])


def test_unknown_satellite_is_a_json_404(fake_iss: FakeISS):
    assert fetch_json(fake_iss.url + "/v1/satellites/99999") == (
        404, {"error": "satellite not found", "status": 404})


def test_unknown_path_is_a_json_404(fake_iss: FakeISS):
    assert fetch_json(fake_iss.url + "/v2/where") == (404, {"error": "not found", "status": 404})


@pytest.mark.parametrize("path", ["/v1/satellites/25544", "/nowhere", "/search?q=Lima"])
def test_every_answer_allows_any_origin(fake_iss: FakeISS, path: str):
    assert fetch(fake_iss.url + path)[1]["Access-Control-Allow-Origin"] == "*"


def test_cors_preflight_is_answered(fake_iss: FakeISS):
    request = urllib.request.Request(fake_iss.iss_url, method="OPTIONS")
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 204
        assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_requests_are_recorded_with_their_query(fake_iss: FakeISS):
    fetch(fake_iss.iss_url + "?units=miles")
    fetch(fake_iss.url + "/astros.json")

    assert fake_iss.requests == [("GET", "/v1/satellites/25544", {"units": "miles"}),
                                 ("GET", "/astros.json", {})]
