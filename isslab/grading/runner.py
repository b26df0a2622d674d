"""Run the rubric checks on a prepared submission in a pytest subprocess, bounded in time."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isslab.paths import PACKAGE_DIR

logger = logging.getLogger(__name__)

CHECKS_DIR = PACKAGE_DIR / "checks"
CHECKS_INI = PACKAGE_DIR / "grading" / "checks.ini"
# Host variables the checks may see. Everything else (tokens, cloud credentials, PYTEST_*,
# PYTHONPATH) stays out: whatever reaches this process can reach Terraform and emulators.
ALLOWED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "DOCKER_HOST",
               "XDG_CACHE_HOME", "TF_CLI_CONFIG_FILE", "TF_PLUGIN_CACHE_DIR",
               "TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE", "PLAYWRIGHT_BROWSERS_PATH")
ALLOWED_ENV_PREFIX = "ISSLAB_"
SECRET_MARKERS = ("TOKEN", "SECRET", "PASSWORD", "KEY", "CREDENTIAL")
FIXED_ENV = {
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONSAFEPATH": "1",  # never import from the working directory
    "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",  # only the plugins named on the command line
    "CHECKPOINT_DISABLE": "1",
}
INTERRUPT_GRACE_S = 30.0
LOG_TAIL_BYTES = 4000


@dataclass
class CheckRun:
    """What the pytest subprocess left: one record per check, and how the run ended."""

    tests: list[dict[str, Any]] = field(default_factory=list)
    backend: str | None = None
    finished: bool = False
    timed_out: bool = False
    exit_code: int | None = None
    duration_s: float = 0.0
    collection_errors: list[str] = field(default_factory=list)
    log_tail: str = ""


def checks_env(host: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the checks: allow-listed host variables plus fixed settings."""
    host = dict(os.environ if host is None else host)
    env = {name: host[name] for name in ALLOWED_ENV if name in host}
    for name, value in host.items():
        if name.startswith(ALLOWED_ENV_PREFIX) and not _looks_secret(name):
            env[name] = value
    env.update(FIXED_ENV)
    return env


def _looks_secret(name: str) -> bool:
    return any(marker in name.upper() for marker in SECRET_MARKERS)


def checks_command(submission: Path, workdir: Path, *, backend: str | None = None,
                   only: list[str] | None = None, markers: str | None = None) -> list[str]:
    """The pytest command line that grades `submission`, writing into `workdir`."""
    command = [
        sys.executable, "-m", "pytest",
        "-p", "isslab.plugin", "-p", "isslab.grading.collect", "-p", "no:cacheprovider",
        "-c", str(CHECKS_INI), "--rootdir", str(workdir), "--confcutdir", str(workdir),
        "--noconftest", "--basetemp", str(workdir / "pytest-tmp"),
        "--submission", str(submission), "--isslab-results", str(results_path(workdir)),
        "-q", "--color=no", "-o", "console_output_style=classic",
    ]
    if backend:
        command += ["--backend", backend]
    if only:
        command += ["--isslab-only", ",".join(only)]
    if markers:
        command += ["-m", markers]
    return [*command, str(CHECKS_DIR)]


def results_path(workdir: Path) -> Path:
    return workdir / "check-results.json"


def run_checks(submission: Path, workdir: Path, *, timeout_s: float, backend: str | None = None,
               only: list[str] | None = None, markers: str | None = None) -> CheckRun:
    """Run the checks in a new process group; on timeout interrupt, then kill, the group."""
    command = checks_command(submission, workdir, backend=backend, only=only, markers=markers)
    log_path = workdir / "pytest.log"
    logger.info("running the checks on %s", submission)
    logger.debug("command: %s", command)
    started = time.monotonic()
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=workdir, env=checks_env(), stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        timed_out = _wait(process, timeout_s)
    run = read_results(results_path(workdir))
    run.timed_out = timed_out
    run.exit_code = process.returncode
    run.duration_s = time.monotonic() - started
    run.log_tail = _tail(log_path)
    return run


def _wait(process: subprocess.Popen, timeout_s: float) -> bool:
    """Wait for the run; True when it had to be stopped at the time limit.

    Whatever the end, nothing of the group outlives it: a background child ignoring SIGINT
    (as non-interactive shells make them) is killed too.
    """
    try:
        process.wait(timeout=timeout_s)
        timed_out = False
    except subprocess.TimeoutExpired:
        logger.warning("checks still running after %.0f s: interrupting them", timeout_s)
        timed_out = True
        # SIGINT lets pytest tear its fixtures down (emulators, Terraform) and save results.
        _signal_group(process, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=INTERRUPT_GRACE_S)
    _signal_group(process, signal.SIGKILL)
    process.wait()
    return timed_out


def _signal_group(process: subprocess.Popen, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def read_results(path: Path) -> CheckRun:
    """The collector's records, or an empty run when it wrote nothing."""
    if not path.is_file():
        return CheckRun()
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return CheckRun()
    return CheckRun(tests=document.get("tests", []), backend=document.get("backend"),
                    finished=bool(document.get("finished")),
                    collection_errors=document.get("collection_errors", []))


def _tail(path: Path) -> str:
    with path.open("rb") as log:
        log.seek(max(0, path.stat().st_size - LOG_TAIL_BYTES))
        return log.read().decode("utf-8", "replace")
