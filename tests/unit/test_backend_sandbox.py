"""The emulator's scrubbed environment, its user, its limits and its venv location."""

from __future__ import annotations

import os
import pwd
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from isslab.backends import emulator_venv
from isslab.backends.sandbox import (
    EmulatorUser,
    emulator_user,
    limits_preexec,
    scrubbed_environment,
)
from isslab.errors import IsslabError

pytestmark = pytest.mark.unit

HOST = {
    "PATH": "/root/.pyenv/shims:/usr/bin",
    "LANG": "es_ES.UTF-8",
    "HOME": "/root",
    "AWS_SECRET_ACCESS_KEY": "realsecret",
    "AWS_ACCESS_KEY_ID": "AKIAREAL",
    "AWS_SESSION_TOKEN": "realsession",
    "AWS_PROFILE": "prod",
    "AWS_CA_BUNDLE": "/etc/corp-ca.pem",
    "GITHUB_TOKEN": "ghp_planted",
    "LOCALSTACK_AUTH_TOKEN": "ls-planted",
}


def test_scrubbed_environment_is_exactly_the_allow_list() -> None:
    environment = scrubbed_environment(HOST, {"GATEWAY_PORT": "4566"})

    assert environment == {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "es_ES.UTF-8",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
        "GATEWAY_PORT": "4566",
    }


def test_scrubbed_environment_has_no_host_secret() -> None:
    values = " ".join(scrubbed_environment(HOST, {}).values())

    for secret in ("realsecret", "AKIAREAL", "realsession", "ghp_planted", "ls-planted",
                   "corp-ca", "prod", "/root"):
        assert secret not in values


def test_default_user_is_nobody_for_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 0)

    nobody = pwd.getpwnam("nobody")

    user = emulator_user({})

    assert (user.name, user.uid) == ("nobody", nobody.pw_uid)
    assert user.popen_kwargs() == {"user": nobody.pw_uid, "group": nobody.pw_gid,
                                   "extra_groups": []}


def test_self_keeps_the_current_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 0)

    user = emulator_user({"ISSLAB_EMULATOR_USER": "self"})

    assert user == EmulatorUser()
    assert user.popen_kwargs() == {}


def test_unknown_user_is_an_error() -> None:
    with pytest.raises(IsslabError, match="'no-such-user-x': no such user on this machine"):
        emulator_user({"ISSLAB_EMULATOR_USER": "no-such-user-x"})


def test_limits_are_applied_in_the_child() -> None:
    preexec = limits_preexec({"AS": 3 * 1024 ** 3, "FSIZE": 5 * 1024 ** 2, "NPROC": 10},
                             with_nproc=False)
    script = ("import resource as r; print(r.getrlimit(r.RLIMIT_AS)[0], "
              "r.getrlimit(r.RLIMIT_FSIZE)[0], r.getrlimit(r.RLIMIT_NPROC)[0])")

    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, preexec_fn=preexec).stdout.split()

    unchanged = resource.getrlimit(resource.RLIMIT_NPROC)[0]
    assert output == [str(3 * 1024 ** 3), str(5 * 1024 ** 2), str(unchanged)]


def test_venv_override_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ISSLAB_EMULATOR_VENV", str(tmp_path / "venv"))

    assert emulator_venv.venv_path(shared=True) == tmp_path / "venv"


def test_venv_lives_in_xdg_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ISSLAB_EMULATOR_VENV", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    tag = f"py{sys.version_info.major}{sys.version_info.minor}"

    assert emulator_venv.venv_path(shared=False) == \
        tmp_path / "isslab" / f"ministack-1.5.33-{tag}"


def test_shared_venv_defaults_to_a_system_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ISSLAB_EMULATOR_VENV", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("ISSLAB_EMULATOR_PYTHON", raising=False)

    assert emulator_venv.venv_path(shared=True) == \
        Path("/var/cache/isslab/ministack-1.5.33-system")
    assert emulator_venv.base_interpreter(shared=True) == "/usr/bin/python3"


def test_pins_match_ministacks_botocore_pin() -> None:
    assert emulator_venv.REQUIREMENTS == ("ministack==1.5.33", "boto3==1.43.106")
