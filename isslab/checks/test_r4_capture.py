"""Reto 4: the capture function is deployed, reads the ISS position and survives API failures."""

from __future__ import annotations

import time
from typing import Any

import pytest

from isslab import captures
from isslab.fakeiss import Fault
from isslab.fixtures.captures import CaptureRun, deployed_configuration, stored_keys
from isslab.stack import Function, Stack

pytestmark = pytest.mark.integration

NETWORK_FAULTS = (Fault.HTTP_500, Fault.SLOW, Fault.REFUSED)
# The slow fault must outlast the function's own timeout, or a patient function would win.
SLOW_MARGIN_SECONDS = 3


def captured_position(run: CaptureRun, aws_clients: Any, bucket: str) -> tuple[str, Any]:
    """Where the position was found (the invoke result, else a new object) and the position."""
    position = captures.find_position(run.invocation.payload)
    if position is not None:
        return "the invoke result", position
    for key in run.new_keys:
        position = captures.find_position(captures.read_object(aws_clients("s3"), bucket, key))
        if position is not None:
            return f"s3://{bucket}/{key}", position
    return "", None


@pytest.mark.criterion("r4.deployed")
def test_capture_function_is_deployed(aws_clients: Any, capture_function: Function) -> None:
    configuration = deployed_configuration(aws_clients, capture_function)
    assert configuration is not None, (
        f"expected function {capture_function.name} from the state to exist in the emulator; "
        "it does not")
    runtime = configuration.get("Runtime", "")
    assert runtime.startswith("python"), (
        f"expected a Python runtime for {capture_function.name}; it is {runtime!r}")


@pytest.mark.criterion("r4.position")
def test_capture_returns_the_current_position(capture_run: CaptureRun, aws_clients: Any,
                                              stack: Stack, fake_iss_server: Any) -> None:
    source, position = captured_position(capture_run, aws_clients, stack.bucket)
    assert position is not None, (
        "expected latitude, longitude, altitude and velocity in the invoke result or in a new "
        f"object of {stack.bucket}; the result was {capture_run.invocation.payload!r}")

    seconds = captures.candidate_seconds(position, capture_run.invocation.seconds())
    matched = captures.matching_second(position, fake_iss_server.position_at, seconds)
    assert matched is not None, (
        f"expected the position in {source} to be the API's answer at the capture's time; "
        "differences: "
        + ", ".join(captures.differences(position, fake_iss_server.position_at(seconds[0]))))


@pytest.mark.criterion("r4.stdlib")
def test_capture_runs_with_the_standard_library_only(capture_run: CaptureRun) -> None:
    """The backend's Lambda runtime offers the standard library and boto3, not `requests`.

    So an invoke that completes shows the function needs nothing else (or ships it in its
    zip, as AWS allows); an import error in the result is the evidence of the opposite.
    """
    invocation = capture_run.invocation
    message = str(invocation.payload)
    assert "No module named" not in message, (
        "expected the function to use only the standard library (urllib.request) and boto3; "
        f"it imports a module the Lambda runtime lacks: {message}")
    assert invocation.function_error is None, (
        f"expected the invoke to complete; it raised ({invocation.function_error}): {message}")


@pytest.mark.criterion("r4.network_errors")
def test_capture_handles_api_failures(aws_clients: Any, stack: Stack,
                                      capture_function: Function, fake_iss: Any,
                                      lambda_backend: Any) -> None:
    timeout = aws_clients("lambda").get_function(
        FunctionName=capture_function.name)["Configuration"].get("Timeout", 3)
    fake_iss.slow_seconds = min(timeout + SLOW_MARGIN_SECONDS, 120)

    problems = [problem for fault in NETWORK_FAULTS
                for problem in fault_problems(aws_clients, stack, capture_function, fake_iss,
                                              fault)]

    assert not problems, "expected each API failure to be handled: " + "; ".join(problems)


def fault_problems(aws_clients: Any, stack: Stack, function: Function, fake_iss: Any,
                   fault: Fault) -> list[str]:
    """What went wrong when the function ran while the API showed one fault."""
    before = stored_keys(aws_clients, stack.bucket)
    fault_start = int(time.time())
    fake_iss.fault = fault
    try:
        invocation = captures.invoke(aws_clients("lambda"), function.name)
    finally:
        fake_iss.fault = None
    # A scheduled run that read the API just before the fault may land meanwhile.
    written = sorted(key for key in stored_keys(aws_clients, stack.bucket) - before
                     if (captures.key_second(key) or fault_start) >= fault_start)
    problems = []
    if invocation.function_error is not None:
        problems.append(f"{fault.value}: the invoke raised ({invocation.function_error}): "
                        f"{invocation.payload}")
    if written:
        problems.append(f"{fault.value}: it still wrote {written}")
    return problems
