"""`isslab check`: build the reference's zips and validate its Terraform offline.

Terraform runs in a temporary copy, so no .terraform folder or lock file lands in the
repository. The provider comes from wherever this machine's Terraform finds it
(TF_CLI_CONFIG_FILE mirrors, TF_PLUGIN_CACHE_DIR), never from a path named here.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from isslab import zips
from isslab.errors import IsslabError
from isslab.paths import reference_root

log = logging.getLogger(__name__)

TERRAFORM_TIMEOUT_SECONDS = 300
# What a copy of infra/ must not carry over from a previous run in place.
COPY_IGNORED = shutil.ignore_patterns(".terraform", ".terraform.lock.hcl", "*.tfstate*",
                                      "*.tfplan")
OUTPUT_TAIL_LINES = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # Only the reference: a submission's Terraform goes through `isslab grade`, which
    # checks it is safe to run first.
    del parser


def run(args: argparse.Namespace) -> int:
    lab_root = reference_root()
    for archive in zips.build_lambda_zips(lab_root):
        print(f"built {archive} (sha256 {zips.sha256_hex(archive)})")
    validate_infra(lab_root)
    print(f"ok: terraform validate passed for {lab_root / 'infra'}")
    return 0


def validate_infra(lab_root: Path) -> None:
    """Run `terraform init -backend=false` and `validate` on a copy of infra/ with its zips."""
    terraform = shutil.which("terraform")
    if terraform is None:
        raise IsslabError("terraform not found on PATH: install Terraform >= 1.0 "
                          "(https://developer.hashicorp.com/terraform/install)")
    infra = lab_root / "infra"
    if not infra.is_dir():
        raise IsslabError(f"no infra/ folder in {lab_root}")
    with tempfile.TemporaryDirectory(prefix="isslab-check-") as scratch:
        copy = Path(scratch) / "infra"
        shutil.copytree(infra, copy, ignore=COPY_IGNORED)
        # validate evaluates filebase64sha256("${path.module}/../build/<module>.zip"), so
        # the zips must sit beside the copy with the same relative layout.
        zips.build_lambda_zips(lab_root, Path(scratch) / "build")
        _terraform(terraform, copy, "init", "-backend=false")
        _terraform(terraform, copy, "validate")


def _terraform(terraform: str, workdir: Path, *arguments: str) -> None:
    command = [terraform, f"-chdir={workdir}", *arguments, "-no-color"]
    if arguments[0] == "init":
        command.append("-input=false")
    log.debug("Running %s", " ".join(command))
    try:
        finished = subprocess.run(command, capture_output=True, text=True, check=False,
                                  timeout=TERRAFORM_TIMEOUT_SECONDS, env=_offline_env())
    except subprocess.TimeoutExpired as error:
        raise IsslabError(f"terraform {arguments[0]} took over "
                          f"{TERRAFORM_TIMEOUT_SECONDS} s and was stopped") from error
    if finished.returncode != 0:
        raise IsslabError(f"terraform {arguments[0]} failed (exit {finished.returncode}): "
                          + _tail(finished.stderr or finished.stdout))
    log.info("terraform %s: ok", arguments[0])


def _offline_env() -> dict[str, str]:
    # The host's TF_* settings (mirror, plugin cache) stay; the version check would only
    # wait for a network this machine may not have.
    return {**os.environ, "CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1"}


def _tail(output: str) -> str:
    lines = [line.strip() for line in output.strip().splitlines() if line.strip()]
    return " | ".join(lines[-OUTPUT_TAIL_LINES:])
