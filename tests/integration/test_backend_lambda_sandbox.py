"""What Lambda code sees on the embedded MiniStack: its environment, its imports, its network."""

from __future__ import annotations

import io
import json
import time
import uuid
import zipfile
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from isslab.backends import Backend
from isslab.backends.ministack import MiniStackBackend
from isslab.fakeiss import FakeISS

pytestmark = pytest.mark.integration

ROLE = "arn:aws:iam::000000000000:role/isslab-test"

# Every variable a Lambda worker may see, written out: the scrubbed emulator environment
# (isslab's choice), the Lambda runtime variables MiniStack adds, and the function's own.
ALLOWED_VARIABLES = {
    # isslab's scrubbed emulator environment
    "PATH", "LANG", "GATEWAY_PORT", "BIND_HOST", "TMPDIR", "LOG_LEVEL",
    "PYTHONPATH", "ISSLAB_HERMETIC", "SSL_CERT_FILE",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION",
    # added by MiniStack for each function, as AWS's runtime does
    "AWS_REGION", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_DISABLE_HOST_PREFIX_INJECTION",
    "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_LOG_STREAM_NAME", "LAMBDA_TASK_ROOT",
    "_LAMBDA_FUNCTION_ARN", "_LAMBDA_TIMEOUT", "_MINISTACK_INVOKE_DEPTH",
    # the function's own configuration
    "CAPTURE_LABEL",
}

ENV_DUMP = """\
import os
import resource

import boto3


def handler(event, context):
    return {
        "environ": dict(os.environ),
        "boto3": boto3.__version__,
        "address_space": resource.getrlimit(resource.RLIMIT_AS)[0],
    }
"""

IMPORTS_REQUESTS = """\
import requests


def handler(event, context):
    return requests.__version__
"""

# Written the course's way: a hard-coded emulator address and urllib on the real API URL.
COURSE_STYLE_CAPTURE = """\
import json
import urllib.request

import boto3

s3 = boto3.client("s3", endpoint_url="http://host.docker.internal:4566")


def handler(event, context):
    url = "https://api.wheretheiss.at/v1/satellites/25544"
    with urllib.request.urlopen(url, timeout=5) as response:
        data = json.loads(response.read())
    key = "raw/iss/%d.json" % data["timestamp"]
    s3.put_object(Bucket=event["bucket"], Key=key, Body=json.dumps(data))
    return {"statusCode": 200, "key": key}
"""


def zip_of(module: str, source: str) -> bytes:
    """A deployment package holding one module."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{module}.py", source)
    return buffer.getvalue()


def deploy(lambda_client: Any, source: str, **config: Any) -> str:
    """Create a function from source (module `fn`) under a unique name; wait until Active."""
    name = f"isslab-{uuid.uuid4().hex[:10]}"
    lambda_client.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE,
                                  Handler="fn.handler", Code={"ZipFile": zip_of("fn", source)},
                                  Timeout=10, **config)
    deadline = time.monotonic() + 20
    while lambda_client.get_function_configuration(FunctionName=name)["State"] != "Active":
        assert time.monotonic() < deadline, f"function {name} never became Active"
        time.sleep(0.1)
    return name


def invoke(lambda_client: Any, name: str, event: dict[str, Any] | None = None) -> dict[str, Any]:
    """Invoke synchronously; the payload parsed, with FunctionError if there was one."""
    answer = lambda_client.invoke(FunctionName=name, Payload=json.dumps(event or {}))
    return {"payload": json.loads(answer["Payload"].read()),
            "error": answer.get("FunctionError")}


@pytest.fixture
def planted_ministack(monkeypatch: pytest.MonkeyPatch,
                      fake_iss_server: FakeISS) -> Iterator[MiniStackBackend]:
    """A MiniStack started from a host environment that holds secrets it must not pass on."""
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "realsecret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "realsession")
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_planted")
    monkeypatch.setenv("LOCALSTACK_AUTH_TOKEN", "ls-planted")
    monkeypatch.setenv("AWS_CA_BUNDLE", "/planted/ca.pem")
    backend = MiniStackBackend(fake_iss=fake_iss_server)
    try:
        backend.start()
        yield backend
    finally:
        backend.stop()


def test_lambda_sees_only_allow_listed_variables(planted_ministack: MiniStackBackend) -> None:
    lambda_client = boto3.client("lambda", **planted_ministack.client_kwargs())
    name = deploy(lambda_client, ENV_DUMP, Environment={"Variables": {"CAPTURE_LABEL": "x"}})

    result = invoke(lambda_client, name)

    assert result["error"] is None, result["payload"]
    environ = result["payload"]["environ"]
    assert sorted(set(environ) - ALLOWED_VARIABLES) == []
    leaked = [key for key, value in environ.items()
              if any(secret in value for secret in ("realsecret", "realsession",
                                                    "ghp_planted", "ls-planted", "/planted/"))]
    assert leaked == []
    assert environ["AWS_SECRET_ACCESS_KEY"] == "test"
    assert environ["CAPTURE_LABEL"] == "x"


def test_lambda_runs_with_boto3_and_lowered_limits(aws_backend: Backend,
                                                   aws_clients: Any) -> None:
    if aws_backend.name != "ministack":
        pytest.skip(f"the worker limits are isslab's hook on MiniStack, not {aws_backend.name}")
    name = deploy(aws_clients("lambda"), ENV_DUMP)

    result = invoke(aws_clients("lambda"), name)

    assert result["error"] is None, result["payload"]
    assert result["payload"]["boto3"] == "1.43.106"
    assert result["payload"]["address_space"] == 2 * 1024 ** 3


def test_import_requests_fails_as_on_aws(aws_backend: Backend, aws_clients: Any) -> None:
    if aws_backend.name != "ministack":
        pytest.skip(f"requests' absence is a property of isslab's MiniStack venv, "
                    f"not of {aws_backend.name}")
    name = deploy(aws_clients("lambda"), IMPORTS_REQUESTS)

    result = invoke(aws_clients("lambda"), name)

    assert result["error"] == "Unhandled"
    assert "No module named 'requests'" in json.dumps(result["payload"])


def test_course_style_capture_works_unmodified(aws_backend: Backend, aws_clients: Any,
                                               fake_iss: FakeISS) -> None:
    bucket = f"isslab-{uuid.uuid4().hex[:10]}"
    aws_clients("s3").create_bucket(Bucket=bucket)
    name = deploy(aws_clients("lambda"), COURSE_STYLE_CAPTURE)

    result = invoke(aws_clients("lambda"), name, {"bucket": bucket})

    assert result["error"] is None, result["payload"]
    key = result["payload"]["key"]
    timestamp = int(key.removeprefix("raw/iss/").removesuffix(".json"))
    body = aws_clients("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
    assert json.loads(body) == fake_iss.position_at(timestamp)
    assert ("GET", "/v1/satellites/25544") in [(r.method, r.path) for r in fake_iss.requests]
