"""Faults of the fake service, set in-process and over the control endpoint."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request

import pytest

from isslab.fakeiss import FakeISS, Fault

pytestmark = pytest.mark.unit


def get(url: str, timeout: float = 5) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()


def control(fake: FakeISS, payload: object) -> tuple[int, object]:
    request = urllib.request.Request(fake.url + "/_fake/fault", method="POST",
                                     data=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.load(error)


def connect(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass


def test_http_500_answers_a_json_server_error(fake_iss: FakeISS):
    fake_iss.fault = Fault.HTTP_500

    assert get(fake_iss.iss_url) == (500, b'{"error":"internal server error","status":500}')


def test_malformed_answers_200_with_invalid_json(fake_iss: FakeISS):
    fake_iss.fault = Fault.MALFORMED

    status, body = get(fake_iss.iss_url)

    assert status == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(body)


def test_slow_outlasts_a_short_client_timeout(fake_iss: FakeISS):
    fake_iss.slow_seconds = 1.0
    fake_iss.fault = Fault.SLOW
    started = time.monotonic()

    with pytest.raises(TimeoutError):
        get(fake_iss.iss_url, timeout=0.3)

    assert 0.3 <= time.monotonic() - started < 1.0
    assert fake_iss.requests == [("GET", "/v1/satellites/25544", {})]


def test_slow_eventually_answers_normally(fake_iss: FakeISS):
    fake_iss.slow_seconds = 0.4
    fake_iss.fault = "slow"
    started = time.monotonic()

    status, body = get(fake_iss.iss_url, timeout=5)

    assert status == 200
    assert json.loads(body)["name"] == "iss"
    assert time.monotonic() - started >= 0.4


def test_refused_closes_both_listeners_and_clearing_reopens_the_same_ports(fake_iss: FakeISS):
    ports = (fake_iss.port, fake_iss.https_port)
    fake_iss.fault = Fault.REFUSED

    for port in ports:
        with pytest.raises(ConnectionRefusedError):
            connect(port)

    fake_iss.fault = None

    assert (fake_iss.port, fake_iss.https_port) == ports
    assert get(fake_iss.iss_url)[0] == 200
    connect(fake_iss.https_port)


def test_default_slow_delay_is_eight_seconds():
    assert FakeISS().slow_seconds == 8.0


@pytest.mark.parametrize("seconds", [0, -1, 121])
def test_slow_delay_is_bounded(fake_iss: FakeISS, seconds: float):
    message = rf"slow_seconds must be in \(0, 120.0\], got {seconds}"
    with pytest.raises(ValueError, match=message):
        FakeISS(slow_seconds=seconds)
    with pytest.raises(ValueError, match=message):
        fake_iss.slow_seconds = seconds
    assert fake_iss.slow_seconds == 8.0


def test_unknown_fault_name_is_rejected(fake_iss: FakeISS):
    with pytest.raises(ValueError, match="unknown fault 'flaky'"):
        fake_iss.fault = "flaky"
    assert fake_iss.fault is None


def test_control_endpoint_sets_and_clears_a_fault(fake_iss: FakeISS):
    assert control(fake_iss, {"fault": "http_500"}) == (200, {"fault": "http_500"})
    assert fake_iss.fault is Fault.HTTP_500
    assert get(fake_iss.iss_url)[0] == 500

    assert control(fake_iss, {"fault": None}) == (200, {"fault": None})
    assert fake_iss.fault is None
    assert get(fake_iss.iss_url)[0] == 200
    assert fake_iss.requests == [("GET", "/v1/satellites/25544", {})] * 2


def test_control_endpoint_reports_the_active_fault(fake_iss: FakeISS):
    fake_iss.fault = Fault.MALFORMED

    assert get(fake_iss.url + "/_fake/fault") == (200, b'{"fault":"malformed"}')


def test_control_endpoint_rejects_an_unknown_fault(fake_iss: FakeISS):
    status, body = control(fake_iss, {"fault": "meteor"})

    assert status == 400
    assert body["error"].startswith("bad control request: unknown fault 'meteor'")
    assert fake_iss.fault is None


def test_control_endpoint_can_refuse_for_a_while(fake_iss: FakeISS):
    assert control(fake_iss, {"fault": "refused", "seconds": 0.3}) == (200, {"fault": "refused"})
    with pytest.raises(ConnectionRefusedError):
        connect(fake_iss.port)

    deadline = time.monotonic() + 3
    while fake_iss.fault is not None and time.monotonic() < deadline:
        time.sleep(0.05)

    assert fake_iss.fault is None
    assert get(fake_iss.iss_url)[0] == 200
