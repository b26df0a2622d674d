"""Finding the lab's resources by role in hand-written Terraform state documents."""

from __future__ import annotations

from typing import Any

import pytest

from isslab import stack

pytestmark = pytest.mark.unit

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


def resource(resource_type: str, label: str, **values: Any) -> dict[str, Any]:
    return {"address": f"{resource_type}.{label}", "mode": "managed", "type": resource_type,
            "name": label, "values": values}


def function(name: str, handler: str, **env: str) -> dict[str, Any]:
    environment = [{"variables": env}] if env else []
    return resource("aws_lambda_function", name.replace("-", "_"), function_name=name,
                    arn=ARN + name, handler=handler, runtime="python3.12",
                    environment=environment)


def state(*resources: dict[str, Any], children: list[dict] | None = None) -> dict[str, Any]:
    root: dict[str, Any] = {"resources": list(resources)}
    if children:
        root["child_modules"] = children
    return {"format_version": "1.0", "values": {"root_module": root}}


def course_state() -> dict[str, Any]:
    return state(
        resource("aws_s3_bucket", "data_lake", bucket="mi-data-lake"),
        resource("aws_dynamodb_table", "capturas", name="capturas-iss"),
        function("hello-lambda", "hello.handler"),
        function("capturar-iss", "capturar_iss.handler"),
        resource("aws_cloudwatch_event_rule", "cada_minuto", name="captura-iss-schedule",
                 schedule_expression="rate(1 minute)"),
        resource("aws_cloudwatch_event_target", "t", rule="captura-iss-schedule",
                 arn=ARN + "capturar-iss"),
    )


def renamed_state() -> dict[str, Any]:
    return state(
        resource("aws_s3_bucket", "logs", bucket="ana-logs"),
        resource("aws_s3_bucket", "lake", bucket="ana-lake"),
        resource("aws_dynamodb_table", "other", name="ana-otra"),
        resource("aws_dynamodb_table", "meta", name="ana-meta"),
        function("saludo", "main.saludar"),
        function("iss-tracker", "tracker.run", DATA_BUCKET="ana-lake", META="ana-meta"),
        function("decoy", "capturar_iss.handler"),
        resource("aws_cloudwatch_event_rule", "nightly", name="nightly",
                 event_pattern='{"source": ["aws.s3"]}', schedule_expression=""),
        resource("aws_cloudwatch_event_rule", "tick", name="tick",
                 schedule_expression="cron(* * * * ? *)"),
        resource("aws_cloudwatch_event_target", "t", rule="tick", arn=ARN + "iss-tracker"),
    )


def test_course_names_are_found() -> None:
    found = stack.discover(course_state())

    assert (found.hello.name, found.capture.name) == ("hello-lambda", "capturar-iss")
    assert (found.rule, found.bucket, found.table) == (
        "captura-iss-schedule", "mi-data-lake", "capturas-iss")
    assert found.notes == []


def test_capture_function_is_the_one_the_rule_targets_not_the_one_named_so() -> None:
    found = stack.discover(renamed_state())

    assert found.capture.name == "iss-tracker"
    assert found.rule == "tick"


def test_bucket_and_table_come_from_the_capture_environment() -> None:
    found = stack.discover(renamed_state())

    assert (found.bucket, found.table) == ("ana-lake", "ana-meta")


def test_hello_is_found_by_name_when_its_handler_module_differs() -> None:
    assert stack.discover(renamed_state()).hello is None
    renamed = state(function("hello-lambda", "main.saludar"))

    assert stack.hello_function(renamed).handler == "main.saludar"


def test_handler_module_wins_over_name() -> None:
    found = stack.hello_function(state(function("hello-lambda", "x.handler"),
                                       function("saludo", "hello.handler")))

    assert found.name == "saludo"


def test_capture_falls_back_to_handler_module_and_says_so() -> None:
    found = stack.discover(state(function("mi-captura", "capturar_iss.handler")))

    assert found.capture.name == "mi-captura"
    assert found.rule is None
    assert found.notes[0] == ("capture function 'mi-captura' found by its handler or name: "
                              "no schedule rule targets a function")


def test_single_bucket_is_chosen_without_a_reference() -> None:
    found = stack.discover(state(resource("aws_s3_bucket", "b", bucket="solo")))

    assert found.bucket == "solo"


def test_course_defaults_when_nothing_decides() -> None:
    found = stack.discover(state())

    assert (found.hello, found.capture, found.rule) == (None, None, None)
    assert (found.bucket, found.table) == ("mi-data-lake", "capturas-iss")
    assert found.notes == [
        "aws_s3_bucket: 0 in the state and none named by the capture function's environment;"
        " assuming 'mi-data-lake'",
        "aws_dynamodb_table: 0 in the state and none named by the capture function's "
        "environment; assuming 'capturas-iss'",
    ]


def test_resources_in_child_modules_count() -> None:
    child = {"address": "module.lambdas", "resources": [function("hello-lambda", "hello.h")]}

    assert stack.hello_function(state(children=[child])).name == "hello-lambda"


def test_data_sources_are_ignored() -> None:
    data = function("hello-lambda", "hello.handler") | {"mode": "data"}

    assert stack.functions(state(data)) == []


def test_rule_without_schedule_is_not_the_schedule_rule() -> None:
    only_pattern = state(resource("aws_cloudwatch_event_rule", "r", name="r",
                                  event_pattern="{}", schedule_expression=""))

    assert stack.schedule_rule(only_pattern) is None


def test_empty_state_of_a_fresh_directory() -> None:
    assert stack.functions({"format_version": "1.0"}) == []
