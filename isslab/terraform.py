"""Running Terraform against an AWS emulator: a bounded subprocess per command.

The runner never edits the user's files: it aims their ``aws`` providers at the emulator
with an ``isslab_override.tf`` (Terraform merges ``*_override.tf`` files into the blocks
they name), and runs Terraform in a minimal environment that carries no host credentials.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from isslab import terraform_files
from isslab.errors import IsslabError

log = logging.getLogger(__name__)

OVERRIDE_FILE = "isslab_override.tf"
# Only for a configuration that relies on the implicit default provider (no block to override).
PROVIDER_FILE = "isslab_provider.tf"
PLAN_FILE = "isslab.tfplan"
TAIL_LINES = 15
KILL_GRACE_SECONDS = 10

# Seconds each command may take; apply and destroy poll Lambda states every few seconds.
TIMEOUTS = {
    "init": 120, "validate": 60, "plan": 300, "apply": 600, "destroy": 600,
    "show": 60, "output": 60,
}

# Primary endpoint names (provider 5.x) of the services a course lab may touch.
ENDPOINT_SERVICES = (
    "acm", "apigateway", "apigatewayv2", "cloudformation", "cloudwatch", "dynamodb", "ec2",
    "ecr", "events", "firehose", "iam", "kinesis", "kms", "lambda", "logs", "route53", "s3",
    "s3control", "scheduler", "secretsmanager", "ses", "sfn", "sns", "sqs", "ssm", "sts",
)

# Host variables Terraform itself honours and that hold no secrets; all else is dropped.
HOST_VARIABLES = (
    "PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "TMP", "TEMP", "XDG_CONFIG_HOME",
    "XDG_DATA_HOME", "XDG_CACHE_HOME", "TF_CLI_CONFIG_FILE", "TF_PLUGIN_CACHE_DIR",
    "TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE", "TF_REGISTRY_DISCOVERY_RETRY",
    "TF_REGISTRY_CLIENT_TIMEOUT", "TF_LOG", "TF_LOG_CORE", "TF_LOG_PROVIDER", "TF_LOG_PATH",
)

FAKE_REGION = "us-east-1"


@dataclass(frozen=True)
class TerraformResult:
    """What one Terraform command did."""

    command: tuple[str, ...]
    exit_code: int
    duration: float
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    @property
    def shown(self) -> str:
        return " ".join(["terraform", *self.command[1:]])

    def tail(self, lines: int = TAIL_LINES) -> str:
        """The last lines Terraform printed, errors last."""
        text = "\n".join(part for part in (self.stdout.strip(), self.stderr.strip()) if part)
        return "\n".join(text.splitlines()[-lines:])

    def summary(self) -> str:
        """One line: the command, its exit code and duration."""
        return f"`{self.shown}` exited {self.exit_code} after {self.duration:.1f} s"


class TerraformError(IsslabError):
    """A Terraform command failed or timed out; the message carries its last output lines."""

    def __init__(self, result: TerraformResult) -> None:
        self.result = result
        super().__init__(f"{result.summary()}:\n{result.tail()}")


def terraform_env(endpoint_url: str, host_env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment Terraform runs in: allow-listed host settings plus fake credentials."""
    host_env = os.environ if host_env is None else host_env
    env = {name: host_env[name] for name in HOST_VARIABLES if name in host_env}
    env.setdefault("PATH", os.defpath)
    env.update({
        "CHECKPOINT_DISABLE": "1",
        "TF_IN_AUTOMATION": "1",
        "TF_INPUT": "0",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_REGION": FAKE_REGION,
        "AWS_DEFAULT_REGION": FAKE_REGION,
        # The provider must not read the host's profiles, nor ask a metadata service.
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        # Reaches services the override does not list, and providers inside local modules.
        "AWS_ENDPOINT_URL": endpoint_url,
    })
    return env


def provider_aliases(tf_dir: Path) -> list[str | None]:
    """The alias of every ``provider "aws"`` block in tf_dir (None for the default one)."""
    aliases = []
    for _, block in terraform_files.blocks(terraform_files.load_dir(tf_dir), "provider"):
        if "aws" in block:
            alias = block["aws"].get("alias")
            aliases.append(alias if isinstance(alias, str) else None)
    return aliases


def provider_block(endpoint_url: str, alias: str | None) -> str:
    """An ``aws`` provider block aimed at the emulator, with fake credentials."""
    lines = ['provider "aws" {']
    if alias:
        lines.append(f'  alias                       = "{alias}"')
    lines += [
        f'  region                      = "{FAKE_REGION}"',
        '  access_key                  = "test"',
        '  secret_key                  = "test"',
        "  profile                     = null",
        "  s3_use_path_style           = true",
        "  skip_credentials_validation = true",
        "  skip_metadata_api_check     = true",
        "  skip_region_validation      = true",
        "  skip_requesting_account_id  = true",
        "  endpoints {",
        *(f'    {service:<14} = "{endpoint_url}"' for service in ENDPOINT_SERVICES),
        "  }",
        "}",
    ]
    return "\n".join(lines) + "\n"


def write_endpoint_override(tf_dir: Path, endpoint_url: str) -> list[Path]:
    """Aim every ``aws`` provider of tf_dir at the emulator without touching its files."""
    aliases = provider_aliases(tf_dir)
    header = "# Written by isslab: aims the aws provider at the emulator under test.\n"
    written = []
    if aliases:
        blocks = [provider_block(endpoint_url, alias) for alias in sorted(
            set(aliases), key=lambda alias: alias or "")]
        written.append(_write(tf_dir / OVERRIDE_FILE, header + "\n".join(blocks)))
    if None not in aliases:
        written.append(_write(tf_dir / PROVIDER_FILE, header + provider_block(endpoint_url, None)))
    return written


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


class Terraform:
    """Terraform commands in one working directory, each bounded in time."""

    def __init__(self, working_dir: Path, *, endpoint_url: str, binary: str = "terraform",
                 log_dir: Path | None = None, timeouts: Mapping[str, float] | None = None,
                 host_env: Mapping[str, str] | None = None) -> None:
        self.working_dir = Path(working_dir)
        self.endpoint_url = endpoint_url
        self.binary = binary
        self.log_dir = log_dir
        self.timeouts = {**TIMEOUTS, **(timeouts or {})}
        self.env = terraform_env(endpoint_url, host_env)
        self.plan_json: dict[str, Any] | None = None
        self.state_json: dict[str, Any] | None = None
        self._count = 0

    def aim_at_endpoint(self) -> list[Path]:
        """Write the override file(s) aiming the providers at ``endpoint_url``."""
        return write_endpoint_override(self.working_dir, self.endpoint_url)

    def init(self) -> TerraformResult:
        return self.run("init", "-backend=false")

    def validate(self) -> TerraformResult:
        return self.run("validate")

    def plan(self) -> TerraformResult:
        """Plan into a saved file and keep its JSON rendering in ``plan_json``."""
        result = self.run("plan", f"-out={PLAN_FILE}")
        self.plan_json = self._show_json(PLAN_FILE)
        return result

    def apply(self) -> TerraformResult:
        """Apply the saved plan when there is one, else plan and apply at once."""
        if (self.working_dir / PLAN_FILE).is_file():
            return self.run("apply", PLAN_FILE)
        return self.run("apply", "-auto-approve")

    def destroy(self) -> TerraformResult:
        return self.run("destroy", "-auto-approve")

    def output(self) -> dict[str, Any]:
        """Output values by name (their ``value``)."""
        outputs = json.loads(self.run("output", "-json").stdout or "{}")
        return {name: entry.get("value") for name, entry in outputs.items()}

    def state(self) -> dict[str, Any]:
        """The state as ``terraform show -json`` renders it; also kept in ``state_json``."""
        self.state_json = self._show_json()
        return self.state_json

    def _show_json(self, *target: str) -> dict[str, Any]:
        return json.loads(self.run("show", "-json", *target).stdout)

    def run(self, subcommand: str, *args: str) -> TerraformResult:
        """Run one command; raise TerraformError unless it exits 0 in time."""
        command = (self.binary, subcommand, "-no-color", *args)
        timeout = self.timeouts.get(subcommand, max(TIMEOUTS.values()))
        log.info("running %s in %s", " ".join(command), self.working_dir)
        result = _run_bounded(command, self.working_dir, self.env, timeout)
        self._keep_log(subcommand, result)
        if not result.ok:
            raise TerraformError(result)
        log.info("%s", result.summary())
        return result

    def _keep_log(self, subcommand: str, result: TerraformResult) -> None:
        if self.log_dir is None:
            return
        self._count += 1
        self.log_dir.mkdir(parents=True, exist_ok=True)
        path = self.log_dir / f"{self._count:02d}-{subcommand}.log"
        path.write_text(f"$ {result.shown}\n# {result.summary()}\n\n{result.stdout}\n"
                        f"--- stderr ---\n{result.stderr}", encoding="utf-8")


def _run_bounded(command: tuple[str, ...], cwd: Path, env: dict[str, str],
                 timeout: float) -> TerraformResult:
    started = time.monotonic()
    try:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True)
    except OSError as error:
        return TerraformResult(command, 127, 0.0, "", f"cannot run {command[0]}: {error}")
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        exit_code = process.returncode
    except subprocess.TimeoutExpired:
        stdout, stderr = _stop_group(process)
        stderr += f"\nisslab: stopped after the {timeout:.0f} s time limit"
        exit_code = -signal.SIGKILL
    return TerraformResult(command, exit_code, time.monotonic() - started, stdout, stderr)


def _stop_group(process: subprocess.Popen) -> tuple[str, str]:
    """Interrupt Terraform and its provider plugins; kill them if they linger."""
    _signal_group(process, signal.SIGINT)
    try:
        output = process.communicate(timeout=KILL_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        _signal_group(process, signal.SIGKILL)
        return process.communicate()
    _signal_group(process, signal.SIGKILL)  # plugins Terraform left behind
    return output


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)
