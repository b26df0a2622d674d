"""The emulator's own minimal virtualenv: MiniStack and boto3, nothing else.

Lambda code runs with the emulator's interpreter, so this venv is what student code can
import: the standard library, boto3 (as on AWS's Python runtime) and its own zip. It is
built once per machine in a cache folder, under a file lock so parallel pytest-xdist
workers do not build it twice, and reused after.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

from filelock import FileLock

from isslab.errors import IsslabError

logger = logging.getLogger(__name__)

# MiniStack releases daily; this pin is the one place to move it.
MINISTACK_VERSION = "1.5.33"
# MiniStack pins botocore exactly; boto3 of the same number requires that same botocore.
BOTO3_VERSION = "1.43.106"
REQUIREMENTS = (f"ministack=={MINISTACK_VERSION}", f"boto3=={BOTO3_VERSION}")

VENV_VARIABLE = "ISSLAB_EMULATOR_VENV"
PYTHON_VARIABLE = "ISSLAB_EMULATOR_PYTHON"
# The interpreter for a venv another user must run: the pyenv one under /root is not
# readable by that user, Debian's is.
SHARED_PYTHON = "/usr/bin/python3"
SHARED_CACHE = Path("/var/cache")
READY_MARKER = ".isslab-ready.json"
BUILD_TIMEOUT_SECONDS = 600
LOCK_TIMEOUT_SECONDS = 900


class EmulatorVenv:
    """Where the emulator venv lives, which interpreter makes it, and how to build it once."""

    def __init__(self, *, shared: bool) -> None:
        self.shared = shared
        self.path = venv_path(shared=shared)

    @property
    def python(self) -> Path:
        return self.path / "bin" / "python"

    def ensure(self) -> Path:
        """Build the venv unless a complete one is there; return its interpreter."""
        if self._is_ready():
            return self.python
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_SECONDS):
            if not self._is_ready():
                self._build()
        return self.python

    def _is_ready(self) -> bool:
        marker = self.path / READY_MARKER
        if not marker.is_file() or not self.python.exists():
            return False
        return json.loads(marker.read_text()).get("requirements") == list(REQUIREMENTS)

    def _build(self) -> None:
        started = time.monotonic()
        logger.info("Building the emulator venv in %s (first use, about a minute)", self.path)
        interpreter = base_interpreter(shared=self.shared)
        _run([interpreter, "-m", "venv", "--clear", str(self.path)])
        _run([str(self.python), "-m", "pip", "install", "--quiet", "--no-input",
              "--disable-pip-version-check", *REQUIREMENTS])
        if self.shared:
            _make_world_readable(self.path)
        marker = {"requirements": list(REQUIREMENTS), "interpreter": interpreter}
        (self.path / READY_MARKER).write_text(json.dumps(marker))
        logger.info("Emulator venv ready in %.1f s", time.monotonic() - started)


def venv_path(*, shared: bool) -> Path:
    """ISSLAB_EMULATOR_VENV, else a folder of the user's cache (a system one when shared)."""
    override = os.environ.get(VENV_VARIABLE)
    if override:
        return Path(override).expanduser().resolve()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        cache = Path(xdg)
    elif shared:
        cache = SHARED_CACHE
    else:
        cache = Path.home() / ".cache"
    python = f"py{sys.version_info.major}{sys.version_info.minor}" if not shared else "system"
    return cache / "isslab" / f"ministack-{MINISTACK_VERSION}-{python}"


def base_interpreter(*, shared: bool) -> str:
    """ISSLAB_EMULATOR_PYTHON, else Debian's python when another user runs it, else ours."""
    override = os.environ.get(PYTHON_VARIABLE)
    if override:
        return override
    if shared:
        if not Path(SHARED_PYTHON).exists():
            raise IsslabError(f"{SHARED_PYTHON} not found: set {PYTHON_VARIABLE} to a python "
                              "interpreter that the emulator user can run")
        return SHARED_PYTHON
    return sys.executable


def _run(command: list[str]) -> None:
    logger.debug("running %s", command)
    try:
        completed = subprocess.run(command, capture_output=True, text=True,
                                   timeout=BUILD_TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired as error:
        raise IsslabError(f"building the emulator venv timed out: {' '.join(command)}") from error
    if completed.returncode != 0:
        tail = "\n".join((completed.stdout + completed.stderr).splitlines()[-15:])
        raise IsslabError(f"building the emulator venv failed (exit {completed.returncode}): "
                          f"{' '.join(command)}\n{tail}")


def _make_world_readable(root: Path) -> None:
    """Let the unprivileged emulator user read and run the venv whatever our umask was."""
    for folder, subfolders, files in os.walk(root):
        for name in subfolders + files:
            path = Path(folder, name)
            if path.is_symlink():
                continue
            mode = path.stat().st_mode
            extra = 0o055 if path.is_dir() or mode & 0o100 else 0o044
            path.chmod(mode | extra)
    root.chmod(root.stat().st_mode | 0o055)
