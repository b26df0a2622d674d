"""Terraform runs that go wrong: a half-done apply is destroyed, failures carry their cause."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from isslab.fixtures.terraform import TerraformRun, _tear_down
from isslab.terraform import Terraform

pytestmark = pytest.mark.integration

HALF_APPLIED = """
provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "kept" {
  bucket = "isslab-half-applied"
}

# The second table fails at apply time, after the bucket and the first table exist:
# DynamoDB refuses a second table of the same name at once (S3 errors are retried for minutes).
resource "aws_dynamodb_table" "first" {
  name         = "isslab-twice"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  depends_on = [aws_s3_bucket.kept]
}

resource "aws_dynamodb_table" "second" {
  name         = "isslab-twice"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  depends_on = [aws_dynamodb_table.first]
}
"""


@pytest.fixture
def half_applied(tmp_path: Path, aws_backend: Any) -> TerraformRun:
    """A configuration whose apply fails after creating one bucket."""
    (tmp_path / "main.tf").write_text(HALF_APPLIED, encoding="utf-8")
    runner = Terraform(tmp_path, endpoint_url=aws_backend.endpoint_url,
                       log_dir=tmp_path / "logs")
    run = TerraformRun(runner, tmp_path / "logs")
    runner.aim_at_endpoint()
    assert run.record("init", runner.init)
    assert run.record("plan", runner.plan)
    return run


def bucket_names(aws_clients: Any) -> set[str]:
    return {bucket["Name"] for bucket in aws_clients("s3").list_buckets()["Buckets"]}


def test_failed_apply_is_recorded_then_destroyed(half_applied: TerraformRun,
                                                 aws_clients: Any) -> None:
    assert not half_applied.record("apply", half_applied.terraform.apply)
    failure = half_applied.failures["apply"]
    assert failure.startswith("`terraform apply -no-color isslab.tfplan` exited 1 after ")
    assert "ResourceInUseException" in failure
    assert "isslab-half-applied" in bucket_names(aws_clients)

    _tear_down(half_applied, SimpleNamespace(supports_reset=False))

    assert "isslab-half-applied" not in bucket_names(aws_clients)
    assert "isslab-twice" not in aws_clients("dynamodb").list_tables()["TableNames"]
    assert (half_applied.log_dir / "05-destroy.log").is_file()
