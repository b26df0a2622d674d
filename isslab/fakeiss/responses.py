"""What a route answers: status, body and content type, independent of the HTTP server."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Response:
    """One HTTP answer."""

    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"


def json_response(data: Any, status: int = 200) -> Response:
    """A JSON answer, compact and in UTF-8 like the real services."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return Response(status, text.encode("utf-8"))


def text_response(text: str, status: int = 200) -> Response:
    """A plain-text answer."""
    return Response(status, text.encode(), "text/plain; charset=utf-8")


def error_response(status: int, message: str) -> Response:
    """The error shape of the wheretheiss API: {"error": ..., "status": ...}."""
    return json_response({"error": message, "status": status}, status)
