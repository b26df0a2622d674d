"""Reto 2: Terraform initialises, plans and applies the lab, and the bucket exists."""

from __future__ import annotations

from typing import Any

import pytest

from isslab import stack as stack_module
from isslab.fixtures.terraform import TerraformRun

pytestmark = pytest.mark.integration


def planned_creates(plan: dict[str, Any], resource_type: str) -> list[str]:
    """Addresses of the resources of a type the plan creates."""
    return [change["address"] for change in plan.get("resource_changes") or []
            if change.get("type") == resource_type
            and "create" in (change.get("change") or {}).get("actions", [])]


@pytest.mark.criterion("r2.init")
def test_terraform_init_succeeds(terraform_run: TerraformRun) -> None:
    assert terraform_run.passed("init"), (
        f"expected `terraform init` to succeed; it failed: {terraform_run.failures.get('init')}")


@pytest.mark.criterion("r2.plan")
def test_terraform_plan_creates_a_bucket(terraform_initialized: TerraformRun) -> None:
    run = terraform_initialized
    assert run.passed("plan"), (
        f"expected `terraform plan` to succeed; it failed: {run.failures.get('plan')}")
    planned = sorted({change["type"] for change in run.plan.get("resource_changes") or []})
    assert planned_creates(run.plan, "aws_s3_bucket"), (
        f"expected the plan to create an aws_s3_bucket; it plans only: {planned or 'nothing'}")


@pytest.mark.criterion("r2.apply")
def test_terraform_apply_succeeds(terraform_planned: TerraformRun) -> None:
    assert terraform_planned.passed("apply"), (
        "expected `terraform apply` to succeed; it failed: "
        f"{terraform_planned.failures.get('apply')}")


@pytest.mark.criterion("r2.bucket")
def test_bucket_exists_in_the_emulator(deployed: TerraformRun, aws_clients: Any) -> None:
    in_state = sorted(values["bucket"] for values in
                      stack_module.resources(deployed.state, "aws_s3_bucket"))
    assert in_state, "expected the Terraform state to hold an aws_s3_bucket; it holds none"
    listed = {bucket["Name"] for bucket in aws_clients("s3").list_buckets()["Buckets"]}
    missing = [name for name in in_state if name not in listed]
    assert not missing, (
        f"expected bucket(s) {missing} from the state to exist in the emulator; "
        f"it lists: {sorted(listed) or 'no buckets'}")
