"""What the emulator process may see and use: a scrubbed environment, a user, resource limits.

Lambda workers inherit the emulator's environment, so whatever is passed here is what
student code sees: only an allow-list, fake credentials, and no secret of the host.
"""

from __future__ import annotations

import ctypes
import logging
import os
import pwd
import signal
import stat
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from isslab.errors import IsslabError

logger = logging.getLogger(__name__)

USER_VARIABLE = "ISSLAB_EMULATOR_USER"
DEFAULT_ROOT_USER = "nobody"
# Values that mean "run the emulator as the current user even when root".
SAME_USER = ("", "-", "none", "self")

# The only host variable that passes through, for text encodings.
PASSED_THROUGH = ("LANG",)
# A fixed PATH: the host's may name private folders (and the emulator user cannot read them).
SAFE_PATH = "/usr/local/bin:/usr/bin:/bin"
FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_DEFAULT_REGION": "us-east-1",
}

GIB = 1024 ** 3
MIB = 1024 ** 2
# Generous enough for MiniStack, boto3 and its threads' malloc arenas (measured well below).
EMULATOR_LIMITS = {"AS": 6 * GIB, "FSIZE": 1 * GIB, "NPROC": 1024}
# Lowered again inside each Lambda worker by the hermetic hook.
LAMBDA_LIMITS = {"as": 2 * GIB, "fsize": 256 * MIB}


def scrubbed_environment(host: Mapping[str, str], extra: Mapping[str, str]) -> dict[str, str]:
    """An env -i style environment: a fixed PATH, LANG, fake AWS credentials, then extra."""
    environment = {"PATH": SAFE_PATH, "LANG": "C.UTF-8"}
    environment.update({name: host[name] for name in PASSED_THROUGH if host.get(name)})
    environment.update(FAKE_AWS)
    environment.update(extra)
    return environment


@dataclass(frozen=True)
class EmulatorUser:
    """The account the emulator runs as; None fields mean "the current user"."""

    name: str | None = None
    uid: int | None = None
    gid: int | None = None

    @property
    def is_other(self) -> bool:
        return self.uid is not None and self.uid != os.geteuid()

    def popen_kwargs(self) -> dict[str, object]:
        """Popen arguments that switch to this user (no supplementary groups)."""
        if not self.is_other:
            return {}
        return {"user": self.uid, "group": self.gid, "extra_groups": []}

    def give(self, path: Path) -> None:
        """Make path owned by this user (for its private TMPDIR)."""
        if self.is_other:
            os.chown(path, self.uid, self.gid)


def emulator_user(environ: Mapping[str, str] | None = None) -> EmulatorUser:
    """ISSLAB_EMULATOR_USER, else `nobody` when we are root, else the current user."""
    environ = os.environ if environ is None else environ
    requested = environ.get(USER_VARIABLE)
    if requested is None:
        requested = DEFAULT_ROOT_USER if os.geteuid() == 0 else ""
    if requested.strip().lower() in SAME_USER:
        return EmulatorUser()
    try:
        entry = pwd.getpwnam(requested)
    except KeyError as error:
        raise IsslabError(f"{USER_VARIABLE}={requested!r}: no such user on this machine; "
                          f"set it to an existing unprivileged user or to 'self'") from error
    if entry.pw_uid != os.geteuid() and os.geteuid() != 0:
        raise IsslabError(f"{USER_VARIABLE}={requested!r}: only root can run the emulator as "
                          "another user; unset it or set it to 'self'")
    return EmulatorUser(entry.pw_name, entry.pw_uid, entry.pw_gid)


def limits_preexec(limits: Mapping[str, int], *,
                   with_nproc: bool) -> Callable[[], None]:
    """A preexec_fn that lowers the child's limits and ties its life to ours (on Linux).

    RLIMIT_NPROC counts every process of the user, so it is set only for a dedicated
    user: for a developer's own account it would count their browser and editor too.
    The parent-death signal kills the emulator if we are killed before stop() runs.
    """
    import resource

    wanted = {getattr(resource, f"RLIMIT_{name}"): value for name, value in limits.items()
              if with_nproc or name != "NPROC"}
    die_with_parent = _parent_death_signal()

    def apply() -> None:
        for which, value in wanted.items():
            _soft, hard = resource.getrlimit(which)
            cap = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(which, (cap, cap))
        die_with_parent()

    return apply


def _parent_death_signal() -> Callable[[], None]:
    """A call that makes the calling process get SIGKILL when its parent dies (Linux only)."""
    if not sys.platform.startswith("linux"):
        return lambda: None
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up here, not in the child
    set_parent_death_signal = 1  # PR_SET_PDEATHSIG in <linux/prctl.h>
    return lambda: prctl(set_parent_death_signal, signal.SIGKILL)


def check_reachable(path: Path, user: EmulatorUser) -> None:
    """Raise unless every folder above path lets other users through (when one runs it)."""
    if not user.is_other:
        return
    for folder in [path, *path.parents]:
        mode = folder.stat().st_mode
        if folder.stat().st_uid != user.uid and not mode & stat.S_IXOTH:
            raise IsslabError(
                f"the emulator runs as {user.name!r} but {folder} is not open to other users "
                f"(mode {stat.filemode(mode)}): set ISSLAB_EMULATOR_VENV to a folder outside "
                f"it, or {USER_VARIABLE}=self")
