"""The browser stages: Chromium's launch, the dashboard's page load and one criterion."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from isslab.bench.stopwatch import Stopwatch, first_line
from isslab.browser import vendor
from isslab.browser.criteria import check_map
from isslab.browser.dashboard import DashboardOpener
from isslab.browser.launcher import INSTALL_HINT, find_chromium, launch
from isslab.fakeiss import PUBLIC_HOSTNAMES, FakeISS

logger = logging.getLogger(__name__)


def measure_browser(dashboard: Path | None, watch: Stopwatch) -> None:
    """Launch Chromium, load the dashboard, run final.map on a fresh page: each timed."""
    executable = find_chromium()
    if dashboard is None or executable is None:
        reason = "no dashboard page" if dashboard is None else f"no Chromium: {INSTALL_HINT}"
        for name in ("browser launch", "dashboard page load", "dashboard check (final.map)"):
            watch.skip(name, reason)
        return
    from playwright.sync_api import sync_playwright

    with contextlib.suppress(Exception):  # missing assets show up in the page load instead
        vendor.ensure_vendor_assets()
    with FakeISS(tls_hostnames=list(PUBLIC_HOSTNAMES)) as fake, sync_playwright() as playwright:
        with watch.stage("browser launch"):
            browser = launch(playwright, executable)
        opener = DashboardOpener(browser, dashboard, fake.url)
        try:
            _timed_checks(opener, fake, watch)
        finally:
            opener.close()
            browser.close()


def _timed_checks(opener: DashboardOpener, fake: FakeISS, watch: Stopwatch) -> None:
    with watch.stage("dashboard page load"):
        opener()
    with watch.stage("dashboard check (final.map)") as stage:
        try:
            check_map(opener, fake)
        except AssertionError as error:  # a failing page is still a measured check
            stage.note = f"criterion failed: {first_line(error)}"
