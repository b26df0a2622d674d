"""`terraform init -backend=false` + `validate` on the reference infra/, offline.

Slow-ish (Terraform loads the provider), hence integration rather than unit. The provider
comes from this machine's Terraform settings (TF_CLI_CONFIG_FILE mirror or plugin cache).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from isslab import cli
from isslab.commands.check import validate_infra
from isslab.errors import IsslabError
from isslab.paths import reference_root

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("terraform") is None,
                       reason="terraform is not on PATH; install it to validate infra/"),
]


def test_reference_infra_validates_and_leaves_nothing_behind() -> None:
    before = sorted(path.name for path in (reference_root() / "infra").iterdir())

    validate_infra(reference_root())

    assert sorted(path.name for path in (reference_root() / "infra").iterdir()) == before
    assert not (reference_root() / "infra" / ".terraform").exists()


def test_broken_configuration_reports_terraform_error(tmp_path: Path) -> None:
    for part in ("infra", "lambdas"):
        shutil.copytree(reference_root() / part, tmp_path / part)
    with (tmp_path / "infra" / "events.tf").open("a") as tf:
        tf.write('\nresource "aws_lambda_permission" "extra" {\n  action = "x"\n}\n')

    with pytest.raises(IsslabError) as raised:
        validate_infra(tmp_path)

    message = str(raised.value)
    assert message.startswith("terraform validate failed (exit 1): ")
    assert 'The argument "function_name" is required' in message


def test_check_command_builds_zips_and_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" (")[0] for line in lines[:2]] == [
        f"built {reference_root() / 'build' / 'capturar_iss.zip'}",
        f"built {reference_root() / 'build' / 'hello.zip'}",
    ]
    assert lines[-1] == f"ok: terraform validate passed for {reference_root() / 'infra'}"

