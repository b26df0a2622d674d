"""Reto 3: the first Lambda, a greeting built from the event.

Invoke it with a payload such as {"name": "Ada"} to get "Hola, Ada!"; with no name (or a
payload that is not an object, like an EventBridge test) it greets "mundo". When the runtime
passes a context, its request id is echoed so an invocation can be found in the logs.
"""

from __future__ import annotations

import json
import logging

DEFAULT_NAME = "mundo"

logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)
# The Lambda runtime gives the root logger a handler; emulators that run the code as a plain
# subprocess do not, and INFO lines would then never reach CloudWatch Logs.
if not logging.getLogger().handlers:
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s")


def handler(event, context):
    """Answer 200 with a JSON body holding the greeting and the request id."""
    name = _name_from(event)
    body = {"message": f"Hola, {name}!", "request_id": _request_id(context)}
    logger.info("Greeting %s (request %s)", name, body["request_id"])
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body),
    }


def _name_from(event) -> str:
    if isinstance(event, dict):
        name = event.get("name")
        if isinstance(name, str) and name.strip():
            return name.strip()
    return DEFAULT_NAME


def _request_id(context) -> str | None:
    # Local calls (tests, a Python shell) usually pass None as the context.
    return getattr(context, "aws_request_id", None)
