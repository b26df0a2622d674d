"""A dashboard page in a fresh browser context: offline, on a paused clock, with probes."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from isslab.browser import vendor
from isslab.browser.router import PAGE_ORIGIN, OfflineRouter, VirtualClock, classify

logger = logging.getLogger(__name__)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 667}
# Chromium reports resources it could not load (blocked offline) as console errors; those are
# an artefact of the sandbox, not of the page.
_NETWORK_NOISE = ("Failed to load resource",)
SETTLE_POLL_MS = 25
SETTLE_LIMIT_S = 5.0


def _asset(name: str) -> str:
    return resources.files("isslab.browser").joinpath(name).read_text("utf-8")


@dataclass
class Dashboard:
    """One open page: advance its clock, read its text and its Leaflet objects."""

    page: Any
    router: OfflineRouter
    clock: VirtualClock
    errors: list[str] = field(default_factory=list)
    pending: set = field(default_factory=set)

    @property
    def elapsed_ms(self) -> int:
        """Page time since the clock started, in milliseconds."""
        return self.clock.elapsed_ms

    def advance(self, milliseconds: int) -> None:
        """Run the page's timers for that long, then let the requests they caused finish.

        Position requests made during the step are answered for the step's last second:
        keep steps no longer than the page's refresh period to see every position.
        """
        # Requests the timers make are routed while run_for is still waiting: they belong to
        # the end of this step.
        self.clock.elapsed_ms += milliseconds
        self.page.clock.run_for(milliseconds)
        self.settle()

    def settle(self) -> None:
        """Wait in real time until no request is in flight (fetch chains use no timers)."""
        deadline = time.monotonic() + SETTLE_LIMIT_S
        quiet = 0
        while quiet < 3 and time.monotonic() < deadline:
            self.page.wait_for_timeout(SETTLE_POLL_MS)
            quiet = quiet + 1 if not self.pending else 0

    def leaflet(self) -> dict[str, Any]:
        """Snapshot of the recorded Leaflet maps, markers and polylines."""
        return self.page.evaluate(_asset("leaflet_state.js"))

    def text(self) -> str:
        """The visible text of the page."""
        return self.page.inner_text("body")

    def request_times(self, kind: str) -> list[int]:
        """When the page asked for each URL of a kind, in ms of its clock since the start."""
        logged = self.page.evaluate("() => window.__isslab.requests")
        start_ms = self.clock.start_s * 1000
        return [entry["at"] - start_ms for entry in logged if classify(entry["url"]) == kind]

    def positions(self) -> list[dict[str, Any]]:
        """The position bodies the page received, in order (None for unparsable ones)."""
        return [exchange.body for exchange in self.router.kinds("position")]


class DashboardOpener:
    """Opens a dashboard file in a new context of a shared browser; closes them all at the end."""

    def __init__(self, browser, page_file: Path, fake_url: str) -> None:
        self.browser = browser
        self.page_file = page_file
        self.fake_url = fake_url
        self._contexts: list[Any] = []
        self._opened: list[Dashboard] = []

    def __call__(self, viewport: dict[str, int] = DESKTOP, locale: str = "es-ES") -> Dashboard:
        """The dashboard loaded at the current real second, its clock paused there."""
        context = self.browser.new_context(viewport=viewport, locale=locale, timezone_id="UTC")
        self._contexts.append(context)
        context.add_init_script(script=_asset("leaflet_probe.js"))
        page = context.new_page()
        # install() lets time flow until pause_at(), which cannot go back: pause a second ahead.
        start = int(time.time()) + 1
        page.clock.install(time=start - 1)
        page.clock.pause_at(start)

        clock = VirtualClock(start)
        router = OfflineRouter(self.page_file.parent, self.fake_url, clock,
                               strip_integrity=_leaflet_stand_in())
        dashboard = Dashboard(page, router, clock)
        self._opened.append(dashboard)
        _watch(page, dashboard)
        page.route("**/*", router.handle)
        page.goto(f"{PAGE_ORIGIN}/{self.page_file.name}", wait_until="load")
        dashboard.settle()
        return dashboard

    def missing_libraries(self) -> list[str]:
        """CDN URLs the pages asked for that had no local copy (so the page could not work)."""
        return sorted({exchange.url for dashboard in self._opened
                       for exchange in dashboard.router.kinds("blocked")
                       if vendor.parse_cdn_url(exchange.url)})

    def close(self) -> None:
        """Close every context opened so far."""
        while self._contexts:
            self._contexts.pop().close()


def _watch(page, dashboard: Dashboard) -> None:
    def on_console(message) -> None:
        if message.type == "error" and not message.text.startswith(_NETWORK_NOISE):
            dashboard.errors.append(f"console.error: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: dashboard.errors.append(f"uncaught {error}"))
    page.on("request", lambda request: dashboard.pending.add(request))
    page.on("requestfinished", lambda request: dashboard.pending.discard(request))
    page.on("requestfailed", lambda request: dashboard.pending.discard(request))


def _leaflet_stand_in() -> bool:
    """True when Leaflet 1.9.4 is not in the vendor cache and the xstatic copy stands in."""
    return vendor.package_dir("leaflet", "1.9.4") is None
