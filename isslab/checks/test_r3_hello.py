"""Reto 3: the greeting function is deployed, answers 200 and says something."""

from __future__ import annotations

from typing import Any

import pytest

from isslab import captures
from isslab.fixtures.captures import deployed_configuration
from isslab.stack import Function

pytestmark = pytest.mark.integration


def has_text(value: Any) -> bool:
    """Whether a body holds a non-empty string somewhere."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, dict):
        return any(has_text(item) for item in value.values())
    if isinstance(value, list):
        return any(has_text(item) for item in value)
    return False


@pytest.mark.criterion("r3.deployed")
def test_hello_function_is_deployed(aws_clients: Any, hello_function: Function) -> None:
    configuration = deployed_configuration(aws_clients, hello_function)
    assert configuration is not None, (
        f"expected function {hello_function.name} from the state to exist in the emulator; "
        "it does not")
    handler, runtime = configuration.get("Handler", ""), configuration.get("Runtime", "")
    assert handler.rsplit(".", 1)[0] == "hello", (
        f"expected the handler of {hello_function.name} to be in hello.py "
        f"(hello.<function>); it is {handler!r}")
    assert runtime.startswith("python"), (
        f"expected a Python runtime for {hello_function.name}; it is {runtime!r}")


@pytest.mark.criterion("r3.status200")
def test_hello_answers_status_200(hello_invocation: captures.Invocation) -> None:
    payload = hello_invocation.payload
    assert hello_invocation.function_error is None, (
        f"expected the invoke to succeed; it raised ({hello_invocation.function_error}): "
        f"{payload}")
    status = payload.get("statusCode") if isinstance(payload, dict) else None
    assert status == 200, f"expected statusCode 200 in the result; got {payload!r}"


@pytest.mark.criterion("r3.body")
def test_hello_body_carries_a_message(hello_invocation: captures.Invocation) -> None:
    payload = hello_invocation.payload
    body = payload.get("body") if isinstance(payload, dict) else None
    assert has_text(captures.body_of(payload) if body is not None else None), (
        f"expected a non-empty message in the result's body; got {payload!r}")
