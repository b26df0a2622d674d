"""`isslab serve` in a subprocess: answers as an AWS endpoint, stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator

import boto3
import pytest

from isslab.backends.ministack import free_port

pytestmark = pytest.mark.integration


@pytest.fixture
def served_port() -> Iterator[tuple[int, subprocess.Popen[str]]]:
    """A running `isslab serve` on a free port, and its process."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "isslab", "serve", "--port", str(port), "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first_line = process.stdout.readline()
        assert first_line.startswith("AWS emulator (MiniStack 1.5.33) listening at "), \
            first_line + process.stderr.read()
        yield port, process
    finally:
        if process.poll() is None:
            process.terminate()
        process.communicate(timeout=30)


def test_serve_answers_s3_and_stops_on_sigterm(served_port: tuple[int, subprocess.Popen[str]]
                                              ) -> None:
    port, process = served_port
    s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
    s3.create_bucket(Bucket="mi-data-lake")

    names = [bucket["Name"] for bucket in s3.list_buckets()["Buckets"]]
    process.send_signal(signal.SIGTERM)
    code = process.wait(timeout=30)

    assert names == ["mi-data-lake"]
    assert code == 0


def test_aws_cli_lists_buckets_through_serve(served_port: tuple[int, subprocess.Popen[str]]
                                            ) -> None:
    aws = shutil.which("aws")
    if aws is None or subprocess.run([aws, "--version"], capture_output=True).returncode:
        pytest.skip("the aws CLI is not installed here; boto3 covers the same call above")
    port, _process = served_port
    environment = {"PATH": os.environ["PATH"], "AWS_ACCESS_KEY_ID": "test",
                   "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1",
                   "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
    completed = subprocess.run([aws, "--endpoint-url", f"http://127.0.0.1:{port}", "s3", "ls"],
                               env=environment, capture_output=True, text=True, timeout=60)

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == ""
