"""open-notify.org: the people in space (astros.json) and the ISS's current position."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from isslab.fakeiss.responses import Response, json_response
from isslab.fakeiss.wheretheiss import WhereTheIss


def astronauts() -> dict[str, Any]:
    """The body of /astros.json: fictional crews shipped in data/astros.json."""
    text = resources.files("isslab.fakeiss").joinpath("data/astros.json").read_text("utf-8")
    return json.loads(text)


def iss_now(api: WhereTheIss, now: int) -> dict[str, Any]:
    """The body of /iss-now.json, whose coordinates open-notify sends as strings."""
    position = api.position_at(now)
    return {
        "message": "success",
        "timestamp": now,
        "iss_position": {"latitude": f"{position['latitude']:.4f}",
                         "longitude": f"{position['longitude']:.4f}"},
    }


def route(api: WhereTheIss, path: str, now: int) -> Response | None:
    """Answer /astros.json and /iss-now.json, or None for other paths."""
    if path == "/astros.json":
        return json_response(astronauts())
    if path == "/iss-now.json":
        return json_response(iss_now(api, now))
    return None
