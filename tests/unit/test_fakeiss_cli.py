"""`isslab fake-iss` in a subprocess: prints its URLs, serves, stops cleanly on SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from isslab.cli import main

pytestmark = pytest.mark.unit


def start(*options: str) -> tuple[subprocess.Popen, dict[str, str]]:
    """Start the command and read its banner into {label: value}."""
    process = subprocess.Popen([sys.executable, "-m", "isslab", "fake-iss", *options],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    banner = {}
    for line in process.stdout:
        if line.startswith("Press Ctrl-C"):
            return process, banner
        label, _, value = line.partition(":")
        banner[label] = value.strip()
    process.wait(5)
    raise AssertionError(f"fake-iss exited {process.returncode}: {process.stderr.read()}")


def stop(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(5)
    finally:
        process.kill()
        process.stdout.close()
        process.stderr.close()


def test_cli_serves_with_tls_and_the_chosen_fault_then_stops_on_sigterm():
    process, banner = start("--tls", "--fault", "http_500")
    try:
        with pytest.raises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(banner["Fake ISS API"], timeout=5)
        raised.value.close()
        ca_pem = Path(banner["CA (PEM)"])
        assert ca_pem.read_text().startswith("-----BEGIN CERTIFICATE-----")
    finally:
        code = stop(process)

    assert code == 0
    assert raised.value.code == 500
    assert banner["Active fault"] == "http_500"
    assert "api.wheretheiss.at" in banner["HTTPS"]
    assert not ca_pem.parent.exists()


def test_cli_rejects_an_unbounded_slow_delay(capsys: pytest.CaptureFixture[str]):
    assert main(["fake-iss", "--slow-seconds", "0"]) == 2
    assert capsys.readouterr().err == "isslab: --slow-seconds must be in (0, 120]\n"
