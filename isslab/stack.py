"""Finding the lab's resources by the role they play, in Terraform's state JSON.

Students name things their own way, so each resource is found by what it does (the function
the schedule rule targets is the capture function) and only then by the course's names.
Pure functions over the dict ``terraform show -json`` prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

HELLO_MODULE, HELLO_NAME = "hello", "hello-lambda"
CAPTURE_MODULE, CAPTURE_NAME = "capturar_iss", "capturar-iss"
DEFAULT_BUCKET = "mi-data-lake"
DEFAULT_TABLE = "capturas-iss"


@dataclass(frozen=True)
class Function:
    """A deployed Lambda function as the state records it."""

    name: str
    arn: str | None
    handler: str | None
    runtime: str | None
    environment: dict[str, str]

    @property
    def handler_module(self) -> str | None:
        return self.handler.rsplit(".", 1)[0] if self.handler and "." in self.handler else None


@dataclass(frozen=True)
class Stack:
    """The lab's resources by role; a name is None when the state has no such resource."""

    hello: Function | None
    capture: Function | None
    rule: str | None
    bucket: str
    table: str
    notes: list[str] = field(default_factory=list)


def resources(state: dict[str, Any], resource_type: str) -> list[dict[str, Any]]:
    """The managed resources of one type, in every module, with their attribute values."""
    root = (state.get("values") or {}).get("root_module") or {}
    return [resource.get("values") or {} for resource in _walk(root)
            if resource.get("type") == resource_type and resource.get("mode") == "managed"]


def _walk(module: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from module.get("resources") or []
    for child in module.get("child_modules") or []:
        yield from _walk(child)


def functions(state: dict[str, Any]) -> list[Function]:
    """Every aws_lambda_function in the state."""
    return [Function(name=values.get("function_name", ""), arn=values.get("arn"),
                     handler=values.get("handler"), runtime=values.get("runtime"),
                     environment=_variables(values))
            for values in resources(state, "aws_lambda_function")]


def _variables(values: dict[str, Any]) -> dict[str, str]:
    blocks = values.get("environment") or []
    return dict((blocks[0] or {}).get("variables") or {}) if blocks else {}


def discover(state: dict[str, Any]) -> Stack:
    """Each resource of the lab by its role, with a note when a fallback decided."""
    notes: list[str] = []
    rule = schedule_rule(state)
    capture = capture_function(state, rule, notes)
    return Stack(
        hello=hello_function(state),
        capture=capture,
        rule=rule,
        bucket=_by_reference(state, capture, "aws_s3_bucket", "bucket", DEFAULT_BUCKET, notes),
        table=_by_reference(state, capture, "aws_dynamodb_table", "name", DEFAULT_TABLE, notes),
        notes=notes,
    )


def hello_function(state: dict[str, Any]) -> Function | None:
    """The function whose handler lives in hello.py, else the one named hello-lambda."""
    return _by_module_or_name(functions(state), HELLO_MODULE, HELLO_NAME)


def schedule_rule(state: dict[str, Any]) -> str | None:
    """The name of the EventBridge rule with a schedule, preferring one with a target."""
    scheduled = [values["name"] for values in resources(state, "aws_cloudwatch_event_rule")
                 if values.get("schedule_expression") and values.get("name")]
    targeted = {values.get("rule") for values in resources(state, "aws_cloudwatch_event_target")}
    preferred = [name for name in scheduled if name in targeted]
    return (preferred or scheduled or [None])[0]


def capture_function(state: dict[str, Any], rule: str | None,
                     notes: list[str] | None = None) -> Function | None:
    """The function the schedule rule targets, else by handler module or course name."""
    notes = [] if notes is None else notes
    every = functions(state)
    target_arns = {values.get("arn") for values in resources(state, "aws_cloudwatch_event_target")
                   if rule is not None and values.get("rule") == rule}
    for function in every:
        if function.arn in target_arns:
            return function
    found = _by_module_or_name(every, CAPTURE_MODULE, CAPTURE_NAME)
    if found is not None:
        notes.append(f"capture function {found.name!r} found by its handler or name: "
                     "no schedule rule targets a function")
    return found


def _by_module_or_name(every: list[Function], module: str, name: str) -> Function | None:
    for function in every:
        if function.handler_module == module:
            return function
    for function in every:
        if function.name == name:
            return function
    return None


def _by_reference(state: dict[str, Any], capture: Function | None, resource_type: str,
                  name_key: str, default: str, notes: list[str]) -> str:
    """A resource name the capture function's environment names, else the only one."""
    names = [values[name_key] for values in resources(state, resource_type)
             if values.get(name_key)]
    referenced = set(capture.environment.values()) if capture else set()
    for name in names:
        if name in referenced:
            return name
    if len(names) == 1:
        return names[0]
    notes.append(f"{resource_type}: {len(names)} in the state and none named by the capture "
                 f"function's environment; assuming {default!r}")
    return default
