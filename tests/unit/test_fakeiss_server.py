"""The fake service's lifecycle and its HTTPS listener for the real APIs' hostnames."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request

import pytest

from isslab.fakeiss import PUBLIC_HOSTNAMES, FakeISS, Fault

pytestmark = pytest.mark.unit


@pytest.fixture
def loopback_dns(monkeypatch: pytest.MonkeyPatch, fake_iss: FakeISS) -> None:
    """Resolve the public API hostnames and example.org to loopback, as the lab's hook does."""
    real_getaddrinfo = socket.getaddrinfo
    hijacked = {*PUBLIC_HOSTNAMES, "example.org"}

    def getaddrinfo(host, *args, **kwargs):
        return real_getaddrinfo("127.0.0.1" if host in hijacked else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.usefixtures("loopback_dns")
@pytest.mark.parametrize(("host", "path"), [
    ("api.wheretheiss.at", "/v1/satellites/25544"),
    ("api.open-notify.org", "/astros.json"),
    ("nominatim.openstreetmap.org", "/search?q=Quito&format=json"),
])
def test_https_with_the_ca_verifies_each_public_hostname(fake_iss: FakeISS, host: str,
                                                         path: str):
    context = ssl.create_default_context(cafile=str(fake_iss.ca_pem))

    url = f"https://{host}:{fake_iss.https_port}{path}"
    with urllib.request.urlopen(url, context=context, timeout=5) as response:
        assert response.status == 200
        assert json.load(response)


@pytest.mark.usefixtures("loopback_dns")
def test_https_certificate_is_not_valid_for_other_hostnames(fake_iss: FakeISS):
    context = ssl.create_default_context(cafile=str(fake_iss.ca_pem))

    with pytest.raises(urllib.error.URLError) as raised:
        urllib.request.urlopen(f"https://example.org:{fake_iss.https_port}/", context=context,
                               timeout=5)

    assert isinstance(raised.value.reason, ssl.SSLCertVerificationError)
    assert "Hostname mismatch" in str(raised.value.reason)


@pytest.mark.usefixtures("loopback_dns")
def test_https_without_the_ca_is_not_trusted(fake_iss: FakeISS):
    context = ssl.create_default_context()  # the system's trust store only

    with pytest.raises(urllib.error.URLError) as raised:
        urllib.request.urlopen(f"https://api.wheretheiss.at:{fake_iss.https_port}/v1/satellites",
                               context=context, timeout=5)

    assert isinstance(raised.value.reason, ssl.SSLCertVerificationError)


def test_without_tls_hostnames_there_is_no_https_listener():
    with FakeISS() as fake:
        assert fake.urls == [fake.url]
        with pytest.raises(RuntimeError, match="no TLS listener"):
            _ = fake.ca_pem


def test_fixed_port_is_honoured():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with FakeISS(port=port) as fake:
        assert fake.url == f"http://127.0.0.1:{port}"


def test_failed_start_leaves_no_socket_or_file():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        fake = FakeISS(port=taken.getsockname()[1], tls_hostnames=["api.wheretheiss.at"])

        with pytest.raises(OSError, match=os.strerror(errno.EADDRINUSE)) as raised:
            fake.start()

    assert raised.value.errno == errno.EADDRINUSE
    assert not fake.ca_pem.parent.exists()
    assert fake.urls == []


def test_stop_leaves_no_thread_connection_or_file_even_mid_reply():
    before = set(threading.enumerate())
    fake = FakeISS(tls_hostnames=["api.wheretheiss.at"], slow_seconds=30).start()
    ca_pem = fake.ca_pem
    fake.fault = Fault.SLOW
    stuck = threading.Thread(target=_get_ignoring_errors, args=(fake.iss_url, 30))
    stuck.start()
    idle = socket.create_connection(("127.0.0.1", fake.port))  # connects, never asks
    while not fake.requests:
        time.sleep(0.01)

    started = time.monotonic()
    fake.stop()
    stopped_in = time.monotonic() - started
    stuck.join(5)
    idle.close()

    assert stopped_in < 2.0
    assert set(threading.enumerate()) - before == set()
    assert not ca_pem.exists()
    assert not ca_pem.parent.exists()


def test_stop_while_refusing_leaves_no_thread():
    before = set(threading.enumerate())
    fake = FakeISS().start()
    port = fake.port
    fake.set_fault(Fault.REFUSED, seconds=30)

    fake.stop()

    assert set(threading.enumerate()) - before == set()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def _get_ignoring_errors(url: str, timeout: float) -> None:
    with contextlib.suppress(OSError):
        urllib.request.urlopen(url, timeout=timeout).close()
