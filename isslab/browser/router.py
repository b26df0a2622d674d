"""One Playwright route for every request a dashboard makes, so the page never leaves the host.

The page itself comes from its folder on a made-up origin; CDN libraries from the vendor
cache; the ISS API, its TLEs, open-notify and Nominatim from the fake service (proxied over
HTTP, so its fault modes apply); map tiles are a blank PNG; the rest is aborted and logged.

Time: the page runs on Playwright's paused clock while the fake answers from the host clock,
so the current-position endpoint is asked of the fake for the page's own second (through the
fake's /positions endpoint). The page then sees the ISS move exactly as its clock advances.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import re
import struct
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from isslab.browser import vendor

logger = logging.getLogger(__name__)

PAGE_ORIGIN = "http://dashboard.isslab.localhost"
ISS_PATH = "/v1/satellites/25544"
PROXY_TIMEOUT_S = 15
_TILE_PATH = re.compile(r"/\d+/\d+/\d+(@2x)?\.(png|jpe?g|webp)$")
_TILE_HOSTS = ("tile", "basemaps", "arcgisonline", "stamen", "carto")


@dataclass
class VirtualClock:
    """The page's clock: where Playwright's paused clock started and how far it has run."""

    start_s: int
    elapsed_ms: int = 0

    def now_s(self) -> int:
        """The page's current Unix second."""
        return self.start_s + self.elapsed_ms // 1000


@dataclass
class Exchange:
    """One request the page made, classified, at the page's time (ms since the clock start)."""

    at_ms: int
    kind: str
    url: str
    body: Any = None


@dataclass
class OfflineRouter:
    """Answers every request of one page; records what it saw."""

    page_dir: Path
    fake_url: str
    clock: VirtualClock
    exchanges: list[Exchange] = field(default_factory=list)
    strip_integrity: bool = False

    def handle(self, route) -> None:
        """The `page.route("**/*", ...)` handler."""
        url = route.request.url
        parts = urlsplit(url)
        host = parts.hostname or ""
        try:
            self._dispatch(route, url, host, parts.path, parts.query)
        except OSError as error:
            logger.info("fake service unreachable for %s: %s", url, error)
            route.abort("connectionrefused")
        except Exception:
            logger.exception("routing %s failed", url)
            route.abort("failed")

    def kinds(self, kind: str) -> list[Exchange]:
        """The exchanges of one kind, in order."""
        return [exchange for exchange in self.exchanges if exchange.kind == kind]

    def _record(self, kind: str, url: str, body: Any = None) -> None:
        self.exchanges.append(Exchange(self.clock.elapsed_ms, kind, url, body))

    def _dispatch(self, route, url: str, host: str, path: str, query: str) -> None:
        if url.startswith(PAGE_ORIGIN + "/"):
            self._serve_page_file(route, path)
        elif vendor.parse_cdn_url(url):
            self._serve_cdn(route, url)
        elif host == "api.wheretheiss.at":
            self._serve_wheretheiss(route, url, path, query)
        elif host == "nominatim.openstreetmap.org":
            self._record("geocode", url)
            endpoint = "/reverse" if path.startswith("/reverse") else "/search"
            self._proxy(route, endpoint, query)
        elif host == "api.open-notify.org":
            self._serve_open_notify(route, url, path)
        elif host.endswith(("celestrak.org", "celestrak.com")):
            self._record("tle", url)
            self._proxy(route, f"{ISS_PATH}/tles", "format=text")
        elif _TILE_PATH.search(path) or any(word in host for word in _TILE_HOSTS):
            route.fulfill(status=200, content_type="image/png", body=blank_png())
        else:
            self._record("blocked", url)
            logger.info("blocked %s", url)
            route.abort("blockedbyclient")

    def _serve_page_file(self, route, path: str) -> None:
        root = self.page_dir.resolve()
        target = (root / path.lstrip("/")).resolve()
        if not target.is_file() or not target.is_relative_to(root):
            route.fulfill(status=404, content_type="text/plain", body="not found")
            return
        body = target.read_bytes()
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if self.strip_integrity and content_type == "text/html":
            # The stand-in Leaflet differs from the version the page pinned.
            body = re.sub(rb"\sintegrity=(\"[^\"]*\"|'[^']*')", b"", body)
        route.fulfill(status=200, content_type=content_type, body=body)

    def _serve_cdn(self, route, url: str) -> None:
        path = vendor.resolve(vendor.parse_cdn_url(url))
        if path is None:
            self._record("blocked", url)
            logger.warning("no local copy of %s", url)
            route.abort("blockedbyclient")
            return
        self._record("cdn", url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        route.fulfill(status=200, content_type=content_type, body=path.read_bytes())

    def _serve_wheretheiss(self, route, url: str, path: str, query: str) -> None:
        if path.rstrip("/") != ISS_PATH:
            self._record("tle" if path.endswith("/tles") else "api", url)
            self._proxy(route, path, query)
            return
        status, body = self._position_now(query)
        self._record("position", url, _json_or_none(body))
        route.fulfill(status=status, content_type="application/json", body=body)

    def _serve_open_notify(self, route, url: str, path: str) -> None:
        if path != "/iss-now.json":
            self._record("crew", url)
            self._proxy(route, path, "")
            return
        status, body = self._position_now("")
        position = _json_or_none(body)
        self._record("position", url, position)
        if status == 200 and position is not None:
            body = json.dumps(open_notify_now(position)).encode()
        route.fulfill(status=status, content_type="application/json", body=body)

    def _position_now(self, query: str) -> tuple[int, bytes]:
        """The fake's answer for the page's current second, shaped like the live endpoint."""
        options = dict(parse_qsl(query))
        asked = {"timestamps": str(self.clock.now_s()), "units": options.get("units", "kilometers")}
        status, body = self._fetch(f"{ISS_PATH}/positions", urlencode(asked))
        listed = _json_or_none(body)
        if status == 200 and isinstance(listed, list) and len(listed) == 1:
            return status, json.dumps(listed[0]).encode()
        return status, body

    def _proxy(self, route, path: str, query: str) -> None:
        status, body = self._fetch(path, query)
        content_type = "application/json" if body[:1] in (b"{", b"[") else "text/plain"
        route.fulfill(status=status, content_type=content_type, body=body)

    def _fetch(self, path: str, query: str) -> tuple[int, bytes]:
        url = f"{self.fake_url}{path}" + (f"?{query}" if query else "")
        try:
            with urllib.request.urlopen(url, timeout=PROXY_TIMEOUT_S) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


def classify(url: str) -> str:
    """"position" for the URLs that give the ISS's current position, else "other"."""
    parts = urlsplit(url)
    if parts.hostname == "api.wheretheiss.at" and parts.path.rstrip("/") == ISS_PATH:
        return "position"
    if parts.hostname == "api.open-notify.org" and parts.path == "/iss-now.json":
        return "position"
    return "other"


def open_notify_now(position: dict[str, Any]) -> dict[str, Any]:
    """open-notify's iss-now.json body for a wheretheiss position."""
    return {
        "message": "success",
        "timestamp": position["timestamp"],
        "iss_position": {"latitude": f"{position['latitude']:.4f}",
                         "longitude": f"{position['longitude']:.4f}"},
    }


def _json_or_none(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


@cache
def blank_png(size: int = 256) -> bytes:
    """A fully transparent size x size PNG, standing in for every map tile."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        payload = kind + data
        return struct.pack(">I", len(data)) + payload + struct.pack(">I", zlib.crc32(payload))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x00" * (4 * size) for _ in range(size))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))
