"""The reference applied through `isslab serve`, the emulator a student runs by hand."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from isslab.lab import prepare_lab
from isslab.paths import reference_root
from isslab.terraform import Terraform

pytestmark = pytest.mark.integration

READY_SECONDS = 120  # the first run builds the emulator's venv


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def served_endpoint(tmp_path: Path) -> Iterator[str]:
    """`isslab serve` running in a subprocess on a free port."""
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "isslab", "serve", "--port", str(port),
                                "--quiet"], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + READY_SECONDS
        while not answers(endpoint + "/_localstack/health"):
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "isslab serve did not answer in time"
            time.sleep(0.5)
        yield endpoint
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_reference_applies_through_isslab_serve(served_endpoint: str, tmp_path: Path) -> None:
    lab = prepare_lab(reference_root(), tmp_path / "lab")
    runner = Terraform(lab.tf_dir, endpoint_url=served_endpoint, log_dir=tmp_path / "logs")
    runner.aim_at_endpoint()

    for step in (runner.init, runner.plan, runner.apply):
        step()

    s3 = boto3.client("s3", endpoint_url=served_endpoint, region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
    assert [bucket["Name"] for bucket in s3.list_buckets()["Buckets"]] == ["mi-data-lake"]
    assert runner.output()["capture_function_name"] == "capturar-iss"
