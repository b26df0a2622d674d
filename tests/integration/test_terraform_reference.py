"""The reference deployed from infra/ by the session fixtures: exact facts beyond the rubric."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import pytest

from isslab import captures, terraform
from isslab.fakeiss import Fault
from isslab.fixtures.terraform import TerraformRun
from isslab.lab import Lab
from isslab.stack import Stack

pytestmark = pytest.mark.integration

RUNTIME = "python3.12"
RULE_ARN = "arn:aws:events:us-east-1:000000000000:rule/captura-iss-schedule"
EXPECTED_ADDRESSES = {
    "aws_s3_bucket.data_lake", "aws_dynamodb_table.captures",
    "aws_lambda_function.hello", "aws_lambda_function.capturar_iss",
    "aws_cloudwatch_event_rule.every_minute", "aws_cloudwatch_event_target.capturar_iss",
    "aws_lambda_permission.allow_eventbridge",
}


def configuration(aws_clients: Any, name: str) -> dict[str, Any]:
    return aws_clients("lambda").get_function(FunctionName=name)["Configuration"]


def tf_hashes(folder: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.glob("*.tf")) if not path.name.startswith("isslab_")}


@pytest.mark.parametrize(("role", "handler"), [("hello", "hello.handler"),
                                               ("capture", "capturar_iss.handler")])
def test_functions_have_the_reference_handler_and_runtime(
        stack: Stack, aws_clients: Any, role: str, handler: str) -> None:
    deployed = configuration(aws_clients, getattr(stack, role).name)

    assert (deployed["Handler"], deployed["Runtime"]) == (handler, RUNTIME)


def test_hello_greets_by_name_with_the_request_id(stack: Stack, aws_clients: Any,
                                                  lambda_backend: Any) -> None:
    invocation = captures.invoke(aws_clients("lambda"), stack.hello.name, {"name": "Ada"})

    body = json.loads(invocation.payload["body"])
    assert invocation.payload["statusCode"] == 200
    assert body["message"] == "Hola, Ada!"
    assert isinstance(body["request_id"], str)
    assert len(body["request_id"]) == 36


def test_hello_logs_to_its_log_group(stack: Stack, aws_clients: Any,
                                     lambda_backend: Any) -> None:
    invocation = captures.invoke(aws_clients("lambda"), stack.hello.name, {"name": "Grace"})
    request_id = json.loads(invocation.payload["body"])["request_id"]
    wanted = f"Greeting Grace (request {request_id})"

    messages = log_messages(aws_clients, f"/aws/lambda/{stack.hello.name}", wanted)

    assert any(wanted in message for message in messages), messages[-10:]


def log_messages(aws_clients: Any, group: str, wanted: str) -> list[str]:
    """The group's messages, polled briefly until one contains ``wanted``."""
    deadline = time.monotonic() + 10
    while True:
        events = aws_clients("logs").filter_log_events(logGroupName=group)["events"]
        messages = [event["message"] for event in events]
        if any(wanted in message for message in messages) or time.monotonic() > deadline:
            return messages
        time.sleep(0.5)


def test_permission_names_eventbridge_and_the_rule(stack: Stack, aws_clients: Any) -> None:
    policy = json.loads(aws_clients("lambda").get_policy(
        FunctionName=stack.capture.name)["Policy"])

    statement = policy["Statement"][0]
    assert len(policy["Statement"]) == 1
    assert statement["Sid"] == "AllowExecutionFromEventBridge"
    assert statement["Principal"] == {"Service": "events.amazonaws.com"}
    assert statement["Condition"]["ArnLike"]["AWS:SourceArn"] == RULE_ARN


@pytest.mark.parametrize(("fault", "error"), [
    (Fault.HTTP_500, {"error": "http_status", "detail": "ISS API answered HTTP 500"}),
    (Fault.REFUSED, {"error": "network",
                     "detail": "cannot reach the ISS API ([Errno 111] Connection refused)"}),
    (Fault.MALFORMED, {"error": "malformed_json", "detail": "ISS API answer is not JSON "
                       "(Expecting value: line 1 column 37 (char 36))"}),
])
def test_api_failure_answers_502_and_stores_nothing(
        stack: Stack, aws_clients: Any, fake_iss: Any, lambda_backend: Any,
        fault: Fault, error: dict[str, str]) -> None:
    before = captures.list_keys(aws_clients("s3"), stack.bucket)
    items_before = aws_clients("dynamodb").scan(TableName=stack.table)["Count"]
    fake_iss.fault = fault

    invocation = captures.invoke(aws_clients("lambda"), stack.capture.name)

    fake_iss.fault = None
    assert invocation.function_error is None
    assert invocation.payload["statusCode"] == 502
    assert json.loads(invocation.payload["body"]) == error
    assert captures.list_keys(aws_clients("s3"), stack.bucket) == before
    assert aws_clients("dynamodb").scan(TableName=stack.table)["Count"] == items_before


def test_plan_and_state_json_are_kept(deployed: TerraformRun) -> None:
    planned = {change["address"] for change in deployed.plan["resource_changes"]
               if change["change"]["actions"] == ["create"]}
    in_state = {resource["address"]
                for resource in deployed.state["values"]["root_module"]["resources"]
                if resource["mode"] == "managed"}

    assert planned >= EXPECTED_ADDRESSES
    assert planned == in_state


def test_override_aims_terraform_without_editing_the_user_files(
        deployed: TerraformRun, lab: Lab, submission_root: Path, aws_backend: Any) -> None:
    override = (lab.tf_dir / terraform.OVERRIDE_FILE).read_text(encoding="utf-8")

    assert f's3             = "{aws_backend.endpoint_url}"' in override
    assert tf_hashes(lab.tf_dir) == tf_hashes(submission_root / "infra")
    assert not (submission_root / "infra" / terraform.OVERRIDE_FILE).exists()
    assert not (submission_root / "infra" / ".terraform").exists()


def test_each_step_left_a_log(deployed: TerraformRun) -> None:
    names = sorted(path.name for path in deployed.log_dir.iterdir())

    assert names == ["01-init.log", "02-plan.log", "03-show.log", "04-apply.log",
                     "05-show.log"]
