"""Unit tests of the reference hello Lambda (Reto 3)."""

from __future__ import annotations

import json
import logging
from types import SimpleNamespace

import pytest

pytestmark = pytest.mark.unit


@pytest.fixture
def hello(load_lambda):
    return load_lambda("hello")


def test_greets_the_world_without_a_name(hello) -> None:
    response = hello.handler({}, None)

    assert response == {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"message": "Hola, mundo!", "request_id": None}),
    }


def test_greets_the_name_in_the_event(hello) -> None:
    body = json.loads(hello.handler({"name": "Ada"}, None)["body"])

    assert body["message"] == "Hola, Ada!"


def test_strips_spaces_around_the_name(hello) -> None:
    body = json.loads(hello.handler({"name": "  Grace "}, None)["body"])

    assert body["message"] == "Hola, Grace!"


@pytest.mark.parametrize("event", [None, [], "Ada", {"name": ""}, {"name": "   "},
                                   {"name": 42}, {"nombre": "Ada"}])
def test_falls_back_to_mundo_for_unusable_events(hello, event) -> None:
    response = hello.handler(event, None)

    assert response["statusCode"] == 200
    assert json.loads(response["body"])["message"] == "Hola, mundo!"


def test_echoes_the_request_id_from_the_context(hello) -> None:
    context = SimpleNamespace(aws_request_id="3f1c-req")

    body = json.loads(hello.handler({"name": "Ada"}, context)["body"])

    assert body == {"message": "Hola, Ada!", "request_id": "3f1c-req"}


def test_logs_the_greeting_at_info(hello, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)

    hello.handler({"name": "Ada"}, SimpleNamespace(aws_request_id="r-1"))

    assert [record.getMessage() for record in caplog.records] == ["Greeting Ada (request r-1)"]
