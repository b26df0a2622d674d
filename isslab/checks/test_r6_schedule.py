"""Reto 6: an EventBridge rule runs the capture function every minute."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from isslab.errors import PrerequisiteFailed
from isslab.fixtures.captures import SCHEDULED_CAPTURES_WANTED, ScheduledCaptures
from isslab.stack import Function, Stack

EVERY_MINUTE = {"rate(1 minute)", "cron(* * * * ? *)", "cron(0/1 * * * ? *)",
                "cron(*/1 * * * ? *)", "cron(* * ? * * *)"}
EVENTS_PRINCIPAL = "events.amazonaws.com"


@pytest.fixture(scope="module")
def rule(stack: Stack, aws_clients: Any) -> dict[str, Any]:
    """The schedule rule as the emulator describes it."""
    if stack.rule is None:
        raise PrerequisiteFailed("no EventBridge rule with a schedule_expression is deployed")
    return aws_clients("events").describe_rule(Name=stack.rule)


def normalised(expression: str) -> str:
    return re.sub(r"\s+", " ", expression.strip())


@pytest.mark.integration
@pytest.mark.criterion("r6.rule")
def test_rule_fires_every_minute(rule: dict[str, Any]) -> None:
    expression = normalised(rule.get("ScheduleExpression", ""))
    assert expression in EVERY_MINUTE, (
        f"expected rule {rule['Name']} to run every minute, e.g. rate(1 minute); "
        f"its schedule is {expression!r}")
    assert rule.get("State") == "ENABLED", (
        f"expected rule {rule['Name']} to be ENABLED; it is {rule.get('State')!r}")


@pytest.mark.integration
@pytest.mark.criterion("r6.target")
def test_rule_targets_the_capture_function(rule: dict[str, Any], aws_clients: Any,
                                           capture_function: Function) -> None:
    targets = aws_clients("events").list_targets_by_rule(Rule=rule["Name"])["Targets"]
    arns = [target["Arn"] for target in targets]
    assert capture_function.arn in arns, (
        f"expected rule {rule['Name']} to target {capture_function.arn}; it targets "
        f"{arns or 'nothing'}")


@pytest.mark.integration
@pytest.mark.criterion("r6.permission")
def test_eventbridge_may_invoke_the_function(rule: dict[str, Any], aws_clients: Any,
                                             capture_function: Function) -> None:
    statements = policy_statements(aws_clients, capture_function.name)
    allowing = [statement for statement in statements if allows_rule(statement, rule["Arn"])]
    assert allowing, (
        f"expected {capture_function.name}'s policy to let {EVENTS_PRINCIPAL} invoke it "
        f"from {rule['Arn']} (aws_lambda_permission); its statements: {statements or 'none'}")


def policy_statements(aws_clients: Any, function: str) -> list[dict[str, Any]]:
    client = aws_clients("lambda")
    try:
        policy = client.get_policy(FunctionName=function)["Policy"]
    except client.exceptions.ResourceNotFoundException:
        return []
    return json.loads(policy).get("Statement", [])


def allows_rule(statement: dict[str, Any], rule_arn: str) -> bool:
    """Whether a statement lets EventBridge invoke the function, from this rule or any."""
    principal = statement.get("Principal")
    service = principal.get("Service") if isinstance(principal, dict) else principal
    actions = statement.get("Action")
    actions = actions if isinstance(actions, list) else [actions]
    source = source_arn(statement.get("Condition") or {})
    return (statement.get("Effect") == "Allow" and service == EVENTS_PRINCIPAL
            and any(action in ("lambda:InvokeFunction", "lambda:*") for action in actions)
            and source in (None, rule_arn))


@pytest.mark.e2e
@pytest.mark.criterion("r6.scheduled")
def test_schedule_alone_stores_captures(scheduled_captures: ScheduledCaptures,
                                        stack: Stack) -> None:
    found = scheduled_captures.new_keys
    assert len(found) >= SCHEDULED_CAPTURES_WANTED, (
        f"expected the schedule alone to store at least {SCHEDULED_CAPTURES_WANTED} captures "
        f"in {stack.bucket} within {scheduled_captures.waited:.0f} s; it stored "
        f"{len(found)}: {found or 'none'}")


def source_arn(condition: dict[str, Any]) -> str | None:
    """The AWS:SourceArn a condition requires (under ArnLike, ArnEquals, ...), if any."""
    for operator in condition.values():
        for key, value in (operator or {}).items():
            if key.lower() == "aws:sourcearn":
                return value
    return None
