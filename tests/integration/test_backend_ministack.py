"""The embedded MiniStack backend, started for real: health, reset, clean stop."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

from isslab.backends import Backend
from isslab.backends.ministack import MiniStackBackend
from isslab.backends.processes import descendants, is_alive, wait_gone

pytestmark = pytest.mark.integration


@pytest.fixture
def own_ministack() -> MiniStackBackend:
    """A MiniStack of this test alone (not the session's), stopped at the end."""
    backend = MiniStackBackend()
    try:
        backend.start()
        yield backend
    finally:
        backend.stop()


def test_session_backend_answers_health_as_localstack_does(aws_backend: Backend) -> None:
    health = aws_backend.health()

    assert health["services"]["s3"] == "available"
    assert health["services"]["lambda"] == "available"


def test_reset_wipes_buckets(own_ministack: MiniStackBackend) -> None:
    s3 = boto3.client("s3", **own_ministack.client_kwargs())
    s3.create_bucket(Bucket="isslab-reset-probe")

    own_ministack.reset()

    assert s3.list_buckets()["Buckets"] == []


def test_stop_leaves_no_process_and_no_temp_dir() -> None:
    backend = MiniStackBackend()
    backend.start()
    pid, workdir = backend.pid, Path(backend.workdir)
    family = [pid, *descendants(pid)]

    backend.stop()

    assert [p for p in family if is_alive(p)] == []
    assert not workdir.exists(), f"{workdir} survived stop()"
    backend.stop()  # a second stop is harmless


def test_emulator_does_not_run_as_root_when_we_are_root(own_ministack: MiniStackBackend) -> None:
    if os.geteuid() != 0 or os.environ.get("ISSLAB_EMULATOR_USER") is not None:
        pytest.skip("only meaningful when the grader runs as root with the default user")
    owner = Path(f"/proc/{own_ministack.pid}").stat().st_uid

    assert owner != 0, "MiniStack runs as root; it should run as an unprivileged user"


def test_emulator_dies_with_a_killed_parent() -> None:
    # The parent is SIGKILLed, so it never runs stop(): the parent-death signal must act.
    script = ("from isslab.backends.ministack import MiniStackBackend; b = MiniStackBackend(); "
              "b.start(); print(b.pid, b.workdir, flush=True); import time; time.sleep(60)")
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                          text=True) as parent:
        pid_text, workdir = parent.stdout.readline().split()
        emulator = int(pid_text)
        assert is_alive(emulator)

        parent.kill()

    assert wait_gone([emulator], timeout=10), f"MiniStack {emulator} outlived its parent"
    shutil.rmtree(workdir, ignore_errors=True)  # stop() never ran to remove it
