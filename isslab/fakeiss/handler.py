"""The HTTP request handler: records the request, applies the active fault, routes, adds CORS."""

from __future__ import annotations

import json
import logging
import time
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from isslab.fakeiss.faults import Fault
from isslab.fakeiss.responses import Response, error_response, json_response

if TYPE_CHECKING:
    from isslab.fakeiss.server import FakeISS

logger = logging.getLogger(__name__)

CONTROL_PATH = "/_fake/fault"
# A body that starts like the API's and stops mid-object: json.loads fails on it.
MALFORMED_BODY = b'{"name":"iss","id":25544,"latitude":'


class FakeHandler(BaseHTTPRequestHandler):
    """One request to the fake service; the owning FakeISS is `server.fake`."""

    server_version = "isslab-fakeiss"
    # A client that connects and never sends a request must not hold a thread for long.
    timeout = 10

    def do_GET(self) -> None:
        now = int(time.time())  # first, so a frozen clock is read at a shallow stack depth
        self._serve("GET", now)

    def do_POST(self) -> None:
        now = int(time.time())
        self._serve("POST", now)

    def do_OPTIONS(self) -> None:
        self._send(Response(204, b"", "text/plain"))

    def _serve(self, method: str, now: int) -> None:
        fake: FakeISS = self.server.fake  # type: ignore[attr-defined]
        url = urlsplit(self.path)
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        if url.path == CONTROL_PATH:
            self._send(self._control(fake, method))
            return
        fake.record(method, url.path, query)
        fault = fake.fault
        if fault is Fault.HTTP_500:
            self._send(error_response(500, "internal server error"))
        elif fault is Fault.MALFORMED:
            self._send(Response(200, MALFORMED_BODY))
        else:
            if fault is Fault.SLOW:
                fake.wait_slow()
            self._send(fake.answer(method, url.path, query, now))

    def _control(self, fake: FakeISS, method: str) -> Response:
        if method != "POST":
            return json_response({"fault": fake.fault.value if fake.fault else None})
        try:
            payload = json.loads(self._read_body() or b"{}")
            fake.set_fault(payload.get("fault"), payload.get("seconds"))
        except (ValueError, AttributeError, TypeError) as error:
            return error_response(400, f"bad control request: {error}")
        return json_response({"fault": fake.fault.value if fake.fault else None})

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "*")
        self.end_headers()
        self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s %s", self.address_string(), format % args)
