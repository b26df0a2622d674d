"""The wheretheiss.at API (v1) for the one satellite it tracks, the ISS."""

from __future__ import annotations

from typing import Any

from isslab.fakeiss.orbit import Orbit, load_tle
from isslab.fakeiss.responses import Response, error_response, json_response, text_response

ISS_ID = 25544
ISS_NAME = "iss"
KM_PER_MILE = 1.609344
UNITS = ("kilometers", "miles")
MAX_TIMESTAMPS = 10


class WhereTheIss:
    """Builds the API's bodies from an SGP4 orbit."""

    def __init__(self, orbit: Orbit | None = None) -> None:
        self.orbit = orbit or Orbit(load_tle())

    def position_at(self, unix_seconds: int, units: str = "kilometers") -> dict[str, Any]:
        """The body of GET /v1/satellites/25544 at that Unix second."""
        state = self.orbit.state_at(unix_seconds)
        scale = 1 / KM_PER_MILE if units == "miles" else 1.0
        return {
            "name": ISS_NAME,
            "id": ISS_ID,
            "latitude": state.latitude,
            "longitude": state.longitude,
            "altitude": state.altitude * scale,
            "velocity": state.velocity_kmh * scale,
            "visibility": "daylight" if state.sunlit else "eclipsed",
            "footprint": state.footprint * scale,
            "timestamp": unix_seconds,
            "daynum": state.daynum,
            "solar_lat": state.solar_lat,
            "solar_lon": state.solar_lon,
            "units": units,
        }

    def tles(self, unix_seconds: int) -> dict[str, Any]:
        """The body of GET /v1/satellites/25544/tles."""
        tle = self.orbit.tle
        return {
            "requested_timestamp": unix_seconds,
            "tle_timestamp": int(tle.epoch_unix),
            "id": str(ISS_ID),
            "name": ISS_NAME,
            "header": tle.header,
            "line1": tle.line1,
            "line2": tle.line2,
        }


def route(api: WhereTheIss, parts: list[str], query: dict[str, str], now: int
          ) -> Response | None:
    """Answer a /v1/... path split on "/", or None when it is not this API's."""
    if parts[:2] != ["v1", "satellites"]:
        return None
    if len(parts) == 2:
        return json_response([{"name": ISS_NAME, "id": ISS_ID}])
    if parts[2] != str(ISS_ID):
        return error_response(404, "satellite not found")
    units = query.get("units", "kilometers")
    if units not in UNITS:
        return error_response(400, "invalid units; expected kilometers or miles")
    rest = parts[3:]
    if not rest:
        return json_response(api.position_at(now, units))
    if rest == ["positions"]:
        return _positions(api, query.get("timestamps"), units)
    if rest == ["tles"]:
        return _tles(api, query.get("format", "json"), now)
    return None


def _positions(api: WhereTheIss, timestamps: str | None, units: str) -> Response:
    if not timestamps:
        return error_response(400, "timestamps parameter required")
    items = timestamps.split(",")
    if len(items) > MAX_TIMESTAMPS:
        return error_response(400, f"too many timestamps; at most {MAX_TIMESTAMPS} allowed")
    if not all(item.strip().isdigit() for item in items):
        return error_response(400, "invalid timestamp; expected Unix seconds")
    return json_response([api.position_at(int(item), units) for item in items])


def _tles(api: WhereTheIss, output_format: str, now: int) -> Response:
    body = api.tles(now)
    if output_format == "text":
        return text_response("\n".join((body["header"], body["line1"], body["line2"])))
    if output_format != "json":
        return error_response(400, "invalid format; expected json or text")
    return json_response(body)
