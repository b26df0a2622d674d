"""Which fake service answers a path: wheretheiss.at, open-notify or Nominatim."""

from __future__ import annotations

from isslab.fakeiss import nominatim, opennotify, wheretheiss
from isslab.fakeiss.responses import Response, error_response
from isslab.fakeiss.wheretheiss import WhereTheIss


class Router:
    """Maps a GET request to the answer of the service that owns its path.

    The three services' paths do not overlap, so one listener serves them all whatever
    hostname the client thinks it is talking to.
    """

    def __init__(self, api: WhereTheIss) -> None:
        self.api = api

    def answer(self, method: str, path: str, query: dict[str, str], now: int) -> Response:
        """The response to one request received at Unix second `now`."""
        if method != "GET":
            return error_response(405, "method not allowed")
        parts = [part for part in path.split("/") if part]
        response = (wheretheiss.route(self.api, parts, query, now)
                    or opennotify.route(self.api, path, now)
                    or nominatim.route(path, query))
        return response or error_response(404, "not found")
