"""`isslab doctor`: is this machine ready to grade? Each tool is ok, or says what to do."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from isslab.grading import docker_stack

logger = logging.getLogger(__name__)

MIN_TERRAFORM = (1, 5)
INIT_TIMEOUT_S = 90
PROVIDER_CONFIG = """terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}
"""
TF_ENV = ("PATH", "HOME", "TF_CLI_CONFIG_FILE", "TF_PLUGIN_CACHE_DIR",
          "TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE")


@dataclass(frozen=True)
class Finding:
    """The state of one tool."""

    name: str
    ok: bool
    required: bool
    detail: str


def run_all() -> list[Finding]:
    """Every check, in the order a user would fix them."""
    checks: list[Callable[[], Finding]] = [terraform_version, aws_provider_offline, emulator,
                                           browser, docker_engine, npm]
    return [check() for check in checks]


def terraform_version() -> Finding:
    name = "Terraform >= 1.5"
    if shutil.which("terraform") is None:
        return Finding(name, False, True, "terraform is not on PATH: install Terraform 1.5 or "
                       "newer (https://developer.hashicorp.com/terraform/install)")
    done = _run(["terraform", "version", "-json"], 30)
    try:
        version = json.loads(done.stdout)["terraform_version"]
    except (ValueError, KeyError):
        return Finding(name, False, True, f"`terraform version -json` failed: {_tail(done)}")
    numbers = tuple(int(n) for n in re.findall(r"\d+", version)[:2])
    if numbers < MIN_TERRAFORM:
        return Finding(name, False, True, f"found {version}: upgrade to 1.5 or newer")
    return Finding(name, True, True, version)


def aws_provider_offline() -> Finding:
    name = "AWS provider, offline"
    if shutil.which("terraform") is None:
        return Finding(name, False, True, "needs Terraform first")
    with tempfile.TemporaryDirectory(prefix="isslab-doctor-") as folder:
        Path(folder, "versions.tf").write_text(PROVIDER_CONFIG, encoding="utf-8")
        done = _run(["terraform", "init", "-backend=false", "-input=false", "-no-color"],
                    INIT_TIMEOUT_S, cwd=Path(folder))
    if done.returncode == 0:
        found = re.search(r"hashicorp/aws v(\d+\.\d+\.\d+)", done.stdout)
        version = f" (v{found.group(1)})" if found else ""
        return Finding(name, True, True, f"terraform init ok{version}")
    config = os.environ.get("TF_CLI_CONFIG_FILE")
    hint = (f"TF_CLI_CONFIG_FILE={config}: check that its provider_installation "
            "filesystem_mirror holds registry.terraform.io/hashicorp/aws" if config else
            "without internet, set TF_CLI_CONFIG_FILE to a CLI config whose "
            "provider_installation block has a filesystem_mirror holding hashicorp/aws "
            "(or set TF_PLUGIN_CACHE_DIR to a filled plugin cache)")
    return Finding(name, False, True, f"terraform init failed: {_tail(done)} — {hint}")


def emulator() -> Finding:
    name = "Embedded emulator"
    try:
        from isslab.backends.emulator_venv import (
            READY_MARKER,
            base_interpreter,
            venv_path,
        )
        from isslab.backends.sandbox import emulator_user
    except ImportError as error:
        return Finding(name, False, True, f"isslab's backend modules are missing: {error}")
    shared = emulator_user().is_other
    path = venv_path(shared=shared)
    if (path / READY_MARKER).is_file():
        return Finding(name, True, True, f"ready in {path}")
    try:
        interpreter = base_interpreter(shared=shared)
    except Exception as error:
        return Finding(name, False, True, str(error))
    return Finding(name, True, True, f"not built yet: built on first use in {path} from "
                   f"{interpreter} (about a minute; needs the package index)")


def browser() -> Finding:
    name = "Chromium (dashboard)"
    try:
        from isslab.browser.launcher import INSTALL_HINT, find_chromium
    except ImportError as error:
        return Finding(name, False, True, f"isslab's browser modules are missing: {error}")
    found = find_chromium()
    if found is None:
        return Finding(name, False, True, f"no Chromium found: {INSTALL_HINT}")
    return Finding(name, True, True, str(found))


def docker_engine() -> Finding:
    name = "Docker engine"
    version, problem = docker_stack.engine_version()
    if version is None:
        return Finding(name, False, False, f"{problem}; r1.running is skipped and the "
                       "embedded emulator is used instead")
    return Finding(name, True, False, f"server {version}")


def npm() -> Finding:
    name = "npm (Leaflet assets)"
    found = shutil.which("npm")
    if found is None:
        return Finding(name, False, False, "npm not found: install Node.js/npm to fetch "
                       "leaflet@1.9.4 for offline dashboard checks")
    return Finding(name, True, False, found)


def _run(command: list[str], timeout_s: float,
         cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {name: os.environ[name] for name in TF_ENV if name in os.environ}
    env.update({"CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1", "TF_INPUT": "0"})
    try:
        return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(command, 124, "", f"timed out after {timeout_s} s")
    except OSError as error:
        return subprocess.CompletedProcess(command, 127, "", str(error))


def _tail(done: subprocess.CompletedProcess) -> str:
    lines = [line.strip() for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    return " | ".join(lines[-3:]) or f"exit code {done.returncode}"
