"""The gate before any Terraform command: the student's configuration is safe to run."""

from __future__ import annotations

import pytest

from isslab.lab import Lab
from isslab.safety import unsafe_terraform


@pytest.mark.unit
@pytest.mark.criterion("safety.terraform")
def test_terraform_configuration_is_safe_to_run(lab: Lab) -> None:
    """No provisioners, foreign providers, external data, remote modules or backends."""
    if lab.tf_dir is None:
        pytest.skip("no Terraform configuration (*.tf) was found to review")
    # The lab copy drops shipped .terraform/ folders: one found now is our own init's.
    problems = unsafe_terraform(lab.tf_dir, boundary=lab.root, own_workdir=True)
    assert not problems, (
        "expected a configuration that is safe to run; Terraform will not be run because of: "
        + "; ".join(problems))
