"""The grading subprocess: its command line, its environment, its ini file."""

from __future__ import annotations

import configparser
import subprocess
import time
from pathlib import Path

import pytest

from isslab.grading.runner import CHECKS_INI, _wait, checks_command, checks_env
from isslab.paths import REPO_ROOT

pytestmark = pytest.mark.unit


def test_env_keeps_allow_list_and_drops_secrets() -> None:
    host = {"PATH": "/usr/bin", "HOME": "/home/t", "TF_CLI_CONFIG_FILE": "/etc/tf.rc",
            "AWS_SECRET_ACCESS_KEY": "realsecret", "AWS_PROFILE": "prod",
            "LOCALSTACK_AUTH_TOKEN": "ls-token", "GITHUB_TOKEN": "gh", "PYTEST_ADDOPTS": "-p x",
            "PYTHONPATH": "/evil", "ISSLAB_BACKEND": "ministack", "ISSLAB_API_TOKEN": "t"}

    env = checks_env(host)

    assert env == {"PATH": "/usr/bin", "HOME": "/home/t", "TF_CLI_CONFIG_FILE": "/etc/tf.rc",
                   "ISSLAB_BACKEND": "ministack", "PYTHONDONTWRITEBYTECODE": "1",
                   "PYTHONSAFEPATH": "1", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
                   "CHECKPOINT_DISABLE": "1"}


def test_command_never_reads_submission_config(tmp_path: Path) -> None:
    command = checks_command(tmp_path / "sub", tmp_path / "run", backend="ministack",
                             only=["r1"], markers="not e2e")

    assert command[1:3] == ["-m", "pytest"]
    assert command[command.index("-c") + 1] == str(CHECKS_INI)
    assert "--noconftest" in command
    assert command[command.index("--rootdir") + 1] == str(tmp_path / "run")
    assert command[command.index("--submission") + 1] == str(tmp_path / "sub")
    assert command[command.index("--backend") + 1] == "ministack"
    assert command[command.index("--isslab-only") + 1] == "r1"
    assert command[-3:-1] == ["-m", "not e2e"]
    assert command[-1].endswith("isslab/checks")


def _markers(path: Path) -> list[str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path, encoding="utf-8")
    return [line for line in parser["pytest"]["markers"].splitlines() if line.strip()]


def test_grading_ini_declares_the_repository_markers() -> None:
    assert _markers(CHECKS_INI) == _markers(REPO_ROOT / "pytest.ini")


def test_time_limit_stops_the_whole_process_group() -> None:
    process = subprocess.Popen(["sh", "-c", "sleep 30 & sleep 30; wait"],
                               start_new_session=True)

    started = time.monotonic()
    assert _wait(process, 0.5) is True

    assert process.returncode is not None
    assert time.monotonic() - started < 10
    assert wait_until_gone(process.pid, within_s=5) == []


def wait_until_gone(group: int, within_s: float) -> list[int]:
    """The group's live members once they are gone, or those still there at the deadline.

    SIGKILL is delivered asynchronously: a member can show as running for a moment after
    killpg() returned.
    """
    deadline = time.monotonic() + within_s
    while (members := live_members(group)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return members


def live_members(group: int) -> list[int]:
    """Processes of a group that are still running (killed, unreaped ones do not count)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members
