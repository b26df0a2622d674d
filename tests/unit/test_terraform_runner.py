"""The Terraform runner without Terraform: environment, override files, errors, time limits."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import hcl2
import pytest

from isslab import terraform
from isslab.terraform import Terraform, TerraformError

pytestmark = pytest.mark.unit

ENDPOINT = "http://127.0.0.1:45123"


def fake_binary(tmp_path: Path, script: str) -> str:
    """A stand-in for the terraform binary: a shell script."""
    path = tmp_path / "fake-terraform"
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_env_drops_host_secrets_and_sets_fake_credentials() -> None:
    host = {"PATH": "/usr/bin", "HOME": "/home/ana", "AWS_SECRET_ACCESS_KEY": "realsecret",
            "AWS_ACCESS_KEY_ID": "AKIAREAL", "AWS_PROFILE": "prod", "AWS_SESSION_TOKEN": "tok",
            "AWS_CA_BUNDLE": "/etc/ca.pem", "GITHUB_TOKEN": "ghp_x", "TF_TOKEN_app_io": "t",
            "TF_VAR_endpoint_url": "http://evil", "TF_CLI_ARGS": "-var x=1",
            "TF_CLI_CONFIG_FILE": "/etc/tf.rc", "TF_PLUGIN_CACHE_DIR": "/cache"}

    env = terraform.terraform_env(ENDPOINT, host)

    assert env == {
        "PATH": "/usr/bin", "HOME": "/home/ana", "TF_CLI_CONFIG_FILE": "/etc/tf.rc",
        "TF_PLUGIN_CACHE_DIR": "/cache", "CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1",
        "TF_INPUT": "0", "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": ENDPOINT,
    }


def test_runner_env_has_no_planted_secret(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "realsecret")
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_planted")

    runner = Terraform(tmp_path, endpoint_url=ENDPOINT)

    assert runner.env["AWS_SECRET_ACCESS_KEY"] == "test"
    assert "GITHUB_TOKEN" not in runner.env
    assert not any("realsecret" in value or "ghp_planted" in value
                   for value in runner.env.values())


def test_override_covers_the_default_provider_and_each_alias(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "eu-west-1"\n}\n'
        'provider "aws" {\n  alias = "west"\n  region = "us-west-2"\n}\n', encoding="utf-8")

    written = terraform.write_endpoint_override(tmp_path, ENDPOINT)

    assert written == [tmp_path / "isslab_override.tf"]
    with written[0].open() as handle:
        providers = [block['"aws"'] for block in hcl2.load(handle)["provider"]]
    assert [block.get("alias") for block in providers] == [None, '"west"']
    for block in providers:
        endpoints = block["endpoints"][0]
        assert {key for key in endpoints if key != "__is_block__"} == set(
            terraform.ENDPOINT_SERVICES)
        assert endpoints["s3"] == f'"{ENDPOINT}"'
        assert block["s3_use_path_style"] is True
        assert block["access_key"] == '"test"'


def test_missing_default_provider_gets_a_plain_provider_file(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('provider "aws" {\n  alias = "east"\n}\n',
                                      encoding="utf-8")

    written = terraform.write_endpoint_override(tmp_path, ENDPOINT)

    assert [path.name for path in written] == ["isslab_override.tf", "isslab_provider.tf"]
    with written[1].open() as handle:
        assert "alias" not in hcl2.load(handle)["provider"][0]['"aws"']


def test_no_provider_block_at_all_writes_no_override(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {}\n', encoding="utf-8")

    written = terraform.write_endpoint_override(tmp_path, ENDPOINT)

    assert [path.name for path in written] == ["isslab_provider.tf"]


def test_user_files_are_left_unchanged(tmp_path: Path) -> None:
    text = 'provider "aws" {\n  endpoints {\n    s3 = "http://localhost:4566"\n  }\n}\n'
    (tmp_path / "main.tf").write_text(text, encoding="utf-8")

    terraform.write_endpoint_override(tmp_path, ENDPOINT)

    assert (tmp_path / "main.tf").read_text(encoding="utf-8") == text


def test_failure_raises_with_command_exit_code_and_tail(tmp_path: Path) -> None:
    binary = fake_binary(tmp_path, 'seq 1 40\necho "Error: no bucket" >&2\nexit 3\n')
    runner = Terraform(tmp_path, endpoint_url=ENDPOINT, binary=binary)

    with pytest.raises(TerraformError) as raised:
        runner.init()

    message = str(raised.value)
    assert message.startswith("`terraform init -no-color -backend=false` exited 3 after ")
    assert message.splitlines()[1:] == [str(n) for n in range(27, 41)] + ["Error: no bucket"]
    assert raised.value.result.exit_code == 3


def test_success_returns_the_result_and_keeps_a_log(tmp_path: Path) -> None:
    binary = fake_binary(tmp_path, 'echo "args: $*"\n')
    runner = Terraform(tmp_path, endpoint_url=ENDPOINT, binary=binary, log_dir=tmp_path / "logs")

    result = runner.validate()

    assert (result.ok, result.stdout) == (True, "args: validate -no-color\n")
    log_text = (tmp_path / "logs" / "01-validate.log").read_text(encoding="utf-8")
    assert log_text.startswith("$ terraform validate -no-color\n# `terraform validate")


def test_plan_saves_a_plan_file_and_keeps_its_json(tmp_path: Path) -> None:
    binary = fake_binary(tmp_path, 'case "$1" in show) echo \'{"planned": "$4"}\';; esac\n'
                         .replace('"$4"', '"\'"$4"\'"'))
    runner = Terraform(tmp_path, endpoint_url=ENDPOINT, binary=binary)

    runner.plan()

    assert runner.plan_json == {"planned": "isslab.tfplan"}


def test_timeout_stops_the_whole_process_group(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terraform, "KILL_GRACE_SECONDS", 1)
    pid_file = tmp_path / "child.pid"
    binary = fake_binary(tmp_path, f"sleep 60 &\necho $! > {pid_file}\nwait\n")
    runner = Terraform(tmp_path, endpoint_url=ENDPOINT, binary=binary,
                       timeouts={"apply": 0.5})

    started = time.monotonic()
    with pytest.raises(TerraformError, match="stopped after the 0 s time limit"):
        runner.apply()

    assert time.monotonic() - started < 5
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 2  # a killed process takes a moment to finish exiting
    while process_state(child) not in {"gone", "Z"} and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process_state(child) in {"gone", "Z"}


def process_state(pid: int) -> str:
    """A process's state letter from /proc ("Z" for a zombie), or "gone"."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except FileNotFoundError:
        return "gone"
    return stat_line.rsplit(")", 1)[1].split()[0]


def test_missing_binary_is_a_terraform_error(tmp_path: Path) -> None:
    runner = Terraform(tmp_path, endpoint_url=ENDPOINT, binary=str(tmp_path / "nope"))

    with pytest.raises(TerraformError, match="exited 127"):
        runner.init()
