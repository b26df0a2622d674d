"""MiniStack in a subprocess: the embedded backend for machines without Docker.

It runs from its own minimal venv, with a scrubbed environment, as an unprivileged user when
we are root, under resource limits, with the hermetic network hook on its PYTHONPATH. Its
Lambda workers are its children and inherit all of that.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from isslab import hermetic
from isslab.backends import HEALTH_PATH, Backend, fetch_json
from isslab.backends.emulator_venv import EmulatorVenv
from isslab.backends.logpump import LogPump
from isslab.backends.processes import descendants, kill_all, wait_gone
from isslab.backends.sandbox import (
    EMULATOR_LIMITS,
    LAMBDA_LIMITS,
    EmulatorUser,
    check_reachable,
    emulator_user,
    limits_preexec,
    scrubbed_environment,
)
from isslab.errors import IsslabError

if TYPE_CHECKING:
    from isslab.fakeiss import FakeISS

logger = logging.getLogger(__name__)

RESET_PATH = "/_ministack/reset"
READY_TIMEOUT_SECONDS = 30
STOP_GRACE_SECONDS = 5
START_ATTEMPTS = 3


class MiniStackBackend(Backend):
    """MiniStack started as `python -m ministack` on a loopback port."""

    name = "ministack"
    runs_lambdas = True
    fires_schedules = True
    uses_docker = False

    def __init__(self, *, port: int = 0, host: str = "127.0.0.1",
                 fake_iss: FakeISS | None = None, log_level: str = "INFO",
                 echo: Callable[[str], None] | None = None) -> None:
        self._requested_port = port
        self._host = host
        self._fake_iss = fake_iss
        self._log_level = log_level
        self._echo = echo
        self._port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._pump: LogPump | None = None
        self.workdir: Path | None = None

    @property
    def endpoint_url(self) -> str:
        if self._process is None:
            raise IsslabError("the MiniStack backend is not started")
        return f"http://127.0.0.1:{self._port}"

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def start(self) -> None:
        if self._process is not None:
            return
        user = emulator_user()
        python = EmulatorVenv(shared=user.is_other).ensure()
        check_reachable(python.parent, user)
        atexit.register(self.stop)
        self.workdir = Path(tempfile.mkdtemp(prefix="isslab-ministack-"))
        self.workdir.chmod(0o711)
        started = time.monotonic()
        for attempt in range(1, START_ATTEMPTS + 1):
            self._port = self._requested_port or free_port(self._host)
            self._spawn(python, user)
            if self._wait_ready(last_attempt=attempt == START_ATTEMPTS
                                or bool(self._requested_port)):
                break
            self._terminate()
        logger.info("MiniStack ready at %s in %.2f s (pid %s)", self.endpoint_url,
                    time.monotonic() - started, self.pid)

    def reset(self) -> None:
        fetch_json(self.endpoint_url + RESET_PATH, method="POST", timeout=30)

    def logs(self) -> str:
        return "" if self._pump is None else self._pump.tail(200)

    def stop(self) -> None:
        atexit.unregister(self.stop)
        self._terminate()
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def _spawn(self, python: Path, user: EmulatorUser) -> None:
        assert self.workdir is not None
        private_tmp = self.workdir / f"tmp-{self._port}"
        private_tmp.mkdir(mode=0o700)
        user.give(private_tmp)
        network = hermetic.for_emulator(self._port, self._fake_iss)
        network.lambda_limits = dict(LAMBDA_LIMITS)
        hook_vars = network.install(self.workdir / "hermetic")
        (self.workdir / "hermetic").chmod(0o755)
        environment = scrubbed_environment(os.environ, {
            "GATEWAY_PORT": str(self._port), "BIND_HOST": self._host,
            "TMPDIR": str(private_tmp), "LOG_LEVEL": self._log_level, **hook_vars,
        })
        logger.debug("starting MiniStack on port %s as %s", self._port, user)
        self._process = subprocess.Popen(
            [str(python), "-m", "ministack"], env=environment, cwd=private_tmp,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True, **user.popen_kwargs(),
            preexec_fn=limits_preexec(EMULATOR_LIMITS, with_nproc=user.is_other),
        )
        self._pump = LogPump(self._process.stdout, self.workdir / f"ministack-{self._port}.log",
                             echo=self._echo)
        self._pump.start()

    def _wait_ready(self, *, last_attempt: bool) -> bool:
        """True once healthy; False (to retry on another port) or raise when it exited."""
        assert self._process is not None
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            code = self._process.poll()
            if code is not None:
                if not last_attempt and "already in use" in self.logs():
                    return False
                raise IsslabError(f"MiniStack exited with code {code} while starting; "
                                  f"its last output:\n{self._pump_tail()}")
            if self._healthy():
                return True
            time.sleep(0.05)
        self._terminate()
        raise IsslabError(f"MiniStack did not answer {HEALTH_PATH} within "
                          f"{READY_TIMEOUT_SECONDS} s; its last output:\n{self._pump_tail()}")

    def _healthy(self) -> bool:
        try:
            fetch_json(f"http://127.0.0.1:{self._port}{HEALTH_PATH}", timeout=1)
        except (urllib.error.URLError, OSError, ValueError):
            return False
        return True

    def _pump_tail(self) -> str:
        if self._pump is not None:
            self._pump.join(1)
        return self.logs() or "(no output)"

    def _terminate(self) -> None:
        """Stop the emulator's process group and every process it started, then reap."""
        process, self._process = self._process, None
        if process is None:
            return
        family = [process.pid, *descendants(process.pid)]
        if process.poll() is None:
            _signal_group(process.pid, signal.SIGTERM)
            try:
                process.wait(STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                logger.debug("MiniStack ignored SIGTERM; killing it")
        _signal_group(process.pid, signal.SIGKILL)
        kill_all(family)
        process.wait()
        wait_gone(family, timeout=STOP_GRACE_SECONDS)
        if self._pump is not None:
            self._pump.join(2)


def _signal_group(pgid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signum)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago on host."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]
