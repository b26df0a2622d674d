"""Static checks of the reference's docker-compose.yml and infra/*.tf (no Docker, no Terraform).

The Terraform files are parsed with python-hcl2; expressions stay as text (`${var.x}`), so
these tests pin what the files say, and tests/integration/test_infra_validate.py what
Terraform makes of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from isslab.paths import reference_root
from isslab.terraform_files import blocks, load_dir, resources

pytestmark = pytest.mark.unit

EMULATED_SERVICES = {"dynamodb", "events", "iam", "lambda", "logs", "s3", "sts"}


@pytest.fixture(scope="module")
def tf_files():
    return load_dir(reference_root() / "infra")


@pytest.fixture(scope="module")
def compose_service() -> dict[str, Any]:
    document = yaml.safe_load((reference_root() / "docker-compose.yml").read_text())
    return document["services"]["localstack"]


def resource(tf_files, resource_type: str, name: str) -> dict[str, Any]:
    found = dict(resources(tf_files, resource_type))
    assert name in found, f"no {resource_type}.{name}; found {sorted(found)}"
    return found[name]


def named(tf_files, kind: str) -> dict[str, dict[str, Any]]:
    """Top-level labelled blocks of a kind (variable, output, ...) by label."""
    merged: dict[str, dict[str, Any]] = {}
    for _, block in blocks(tf_files, kind):
        merged.update(block)
    return merged


def policy_document(tf_files, name: str) -> dict[str, Any]:
    found = {label: body for _, block in blocks(tf_files, "data")
             for label, body in block.get("aws_iam_policy_document", {}).items()}
    assert name in found, f"no data.aws_iam_policy_document.{name}; found {sorted(found)}"
    return found[name]


def policy_statements(tf_files, name: str) -> dict[str, tuple[list[str], list[str]]]:
    """sid -> (actions, resources) of one aws_iam_policy_document data source."""
    document = policy_document(tf_files, name)
    return {statement["sid"]: (statement["actions"], statement["resources"])
            for statement in document["statement"]}


# docker-compose.yml (Reto 1)


def test_compose_pins_the_last_free_localstack_image(compose_service) -> None:
    assert compose_service["image"] == "${LOCALSTACK_IMAGE:-localstack/localstack:4.14.0}"


def test_compose_publishes_the_gateway_on_loopback(compose_service) -> None:
    assert compose_service["ports"] == ["4566:4566"]


def test_compose_enables_the_lab_services_and_passes_the_token(compose_service) -> None:
    environment = dict(item.split("=", 1) for item in compose_service["environment"])

    assert set(environment["SERVICES"].split(",")) == EMULATED_SERVICES
    assert environment["LOCALSTACK_AUTH_TOKEN"] == "${LOCALSTACK_AUTH_TOKEN:-}"
    assert environment["LAMBDA_DOCKER_FLAGS"] == "--add-host=host.docker.internal:host-gateway"


def test_compose_mounts_state_volume_and_docker_socket(compose_service) -> None:
    targets = [volume.rsplit(":", 1)[1] for volume in compose_service["volumes"]]

    assert targets == ["/var/lib/localstack", "/var/run/docker.sock"]
    assert "/var/run/docker.sock:/var/run/docker.sock" in compose_service["volumes"]


def test_compose_resolves_the_host_and_checks_health(compose_service) -> None:
    assert compose_service["extra_hosts"] == ["host.docker.internal:host-gateway"]
    assert "http://localhost:4566/_localstack/health" in compose_service["healthcheck"]["test"]


# Provider and variables (Reto 2)


def test_provider_sends_every_used_service_to_the_endpoint(tf_files) -> None:
    [(_, block)] = blocks(tf_files, "provider")
    [endpoints] = block["aws"]["endpoints"]

    aimed = {service for service, url in endpoints.items() if url == "${var.endpoint_url}"}
    assert aimed == EMULATED_SERVICES


def test_provider_skips_account_checks_and_uses_path_style(tf_files) -> None:
    [(_, block)] = blocks(tf_files, "provider")
    aws = block["aws"]

    assert (aws["access_key"], aws["secret_key"], aws["region"]) == (
        "test", "test", "${var.region}")
    assert aws["s3_use_path_style"] is True
    for flag in ("skip_credentials_validation", "skip_metadata_api_check",
                 "skip_requesting_account_id"):
        assert aws[flag] is True, flag


def test_variable_defaults(tf_files) -> None:
    variables = named(tf_files, "variable")

    assert {name: spec.get("default") for name, spec in variables.items()} == {
        "endpoint_url": "http://localhost:4566",
        "region": "us-east-1",
        "lambda_runtime": "python3.12",
        "iss_api_url": "https://api.wheretheiss.at/v1/satellites/25544",
        "log_retention_days": 7,
    }


def test_bucket_is_the_data_lake_and_can_be_destroyed_full(tf_files) -> None:
    bucket = resource(tf_files, "aws_s3_bucket", "data_lake")

    assert (bucket["bucket"], bucket["force_destroy"]) == ("mi-data-lake", True)


# Lambda functions (Retos 3-5)


@pytest.mark.parametrize(("name", "function_name", "handler"), [
    ("hello", "hello-lambda", "hello.handler"),
    ("capturar_iss", "capturar-iss", "capturar_iss.handler"),
])
def test_function_deploys_its_built_zip(tf_files, name, function_name, handler) -> None:
    function = resource(tf_files, "aws_lambda_function", name)
    module = handler.split(".")[0]

    assert (function["function_name"], function["handler"], function["runtime"]) == (
        function_name, handler, "${var.lambda_runtime}")
    assert function["filename"] == f"${{path.module}}/../build/{module}.zip"
    assert function["source_code_hash"] == (
        f'${{filebase64sha256("${{path.module}}/../build/{module}.zip")}}')
    assert function["role"] == f"${{aws_iam_role.{name}.arn}}"


def test_capture_function_outlasts_its_http_timeout(tf_files) -> None:
    function = resource(tf_files, "aws_lambda_function", "capturar_iss")

    assert function["timeout"] == 15


def test_capture_function_gets_bucket_table_and_api_url(tf_files) -> None:
    [environment] = resource(tf_files, "aws_lambda_function", "capturar_iss")["environment"]

    assert environment["variables"] == {
        "BUCKET_NAME": "${aws_s3_bucket.data_lake.bucket}",
        "TABLE_NAME": "${aws_dynamodb_table.captures.name}",
        "ISS_API_URL": "${var.iss_api_url}",
    }


@pytest.mark.parametrize(("name", "group"), [("hello", "/aws/lambda/hello-lambda"),
                                             ("capturar_iss", "/aws/lambda/capturar-iss")])
def test_log_group_with_retention_precedes_its_function(tf_files, name, group) -> None:
    log_group = resource(tf_files, "aws_cloudwatch_log_group", name)
    function = resource(tf_files, "aws_lambda_function", name)

    assert (log_group["name"], log_group["retention_in_days"]) == (
        group, "${var.log_retention_days}")
    assert function["depends_on"] == [f"${{aws_cloudwatch_log_group.{name}}}"]


# Schedule (Reto 6) and table (Reto 7)


def test_rule_runs_every_minute(tf_files) -> None:
    rule = resource(tf_files, "aws_cloudwatch_event_rule", "every_minute")

    assert (rule["name"], rule["schedule_expression"]) == (
        "captura-iss-schedule", "rate(1 minute)")


def test_rule_targets_the_capture_function(tf_files) -> None:
    target = resource(tf_files, "aws_cloudwatch_event_target", "capturar_iss")

    assert (target["rule"], target["arn"]) == (
        "${aws_cloudwatch_event_rule.every_minute.name}",
        "${aws_lambda_function.capturar_iss.arn}")


def test_permission_lets_only_the_rule_invoke(tf_files) -> None:
    permission = resource(tf_files, "aws_lambda_permission", "allow_eventbridge")

    assert permission["action"] == "lambda:InvokeFunction"
    assert permission["principal"] == "events.amazonaws.com"
    assert permission["function_name"] == "${aws_lambda_function.capturar_iss.function_name}"
    assert permission["source_arn"] == "${aws_cloudwatch_event_rule.every_minute.arn}"


def test_table_is_on_demand_keyed_by_capture_id(tf_files) -> None:
    table = resource(tf_files, "aws_dynamodb_table", "captures")

    assert (table["name"], table["billing_mode"], table["hash_key"]) == (
        "capturas-iss", "PAY_PER_REQUEST", "capture_id")
    assert [(a["name"], a["type"]) for a in table["attribute"]] == [("capture_id", "S")]


# IAM: least privilege


def test_roles_trust_only_lambda(tf_files) -> None:
    [statement] = policy_document(tf_files, "lambda_assume_role")["statement"]
    [principal] = statement["principals"]

    assert statement["actions"] == ["sts:AssumeRole"]
    assert (principal["type"], principal["identifiers"]) == ("Service", ["lambda.amazonaws.com"])
    for name in ("hello", "capturar_iss"):
        role = resource(tf_files, "aws_iam_role", name)
        assert role["assume_role_policy"] == (
            "${data.aws_iam_policy_document.lambda_assume_role.json}")


def test_hello_may_only_write_its_own_logs(tf_files) -> None:
    assert policy_statements(tf_files, "hello") == {
        "WriteOwnLogs": (["logs:CreateLogStream", "logs:PutLogEvents"],
                         ["${aws_cloudwatch_log_group.hello.arn}:*"]),
    }


def test_capture_may_only_put_captures_items_and_its_logs(tf_files) -> None:
    assert policy_statements(tf_files, "capturar_iss") == {
        "WriteCaptures": (["s3:PutObject"], ["${aws_s3_bucket.data_lake.arn}/raw/iss/*"]),
        "IndexCaptures": (["dynamodb:PutItem"], ["${aws_dynamodb_table.captures.arn}"]),
        "WriteOwnLogs": (["logs:CreateLogStream", "logs:PutLogEvents"],
                         ["${aws_cloudwatch_log_group.capturar_iss.arn}:*"]),
    }


def test_outputs_name_every_resource_a_check_needs(tf_files) -> None:
    outputs = named(tf_files, "output")

    assert {name: spec["value"] for name, spec in outputs.items()} == {
        "bucket_name": "${aws_s3_bucket.data_lake.bucket}",
        "hello_function_name": "${aws_lambda_function.hello.function_name}",
        "hello_function_arn": "${aws_lambda_function.hello.arn}",
        "capture_function_name": "${aws_lambda_function.capturar_iss.function_name}",
        "capture_function_arn": "${aws_lambda_function.capturar_iss.arn}",
        "schedule_rule_name": "${aws_cloudwatch_event_rule.every_minute.name}",
        "table_name": "${aws_dynamodb_table.captures.name}",
    }


def test_infra_has_no_state_or_provider_cache_committed() -> None:
    infra: Path = reference_root() / "infra"

    leftovers = [path.name for path in infra.iterdir()
                 if path.name == ".terraform" or ".tfstate" in path.name]
    assert leftovers == []
