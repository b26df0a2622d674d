"""The browser harness in a real Chromium: offline routing, the paused clock, fault states."""

from __future__ import annotations

from pathlib import Path

import pytest

from isslab.browser.dashboard import DashboardOpener
from isslab.fakeiss import Fault

pytestmark = [pytest.mark.dashboard, pytest.mark.usefixtures("vendor_assets")]

REFERENCE = Path(__file__).resolve().parents[2] / "dashboard" / "index.html"

PROBE_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<p id="out">waiting</p>
<script>
  const results = [];
  const note = (name, ok) => { results.push(`${name}:${ok}`);
    document.getElementById("out").textContent = results.sort().join(" "); };
  fetch("https://example.com/tracker.js").then(() => note("outside", "loaded"),
                                               () => note("outside", "blocked"));
  fetch("notes.txt").then((r) => r.text()).then((t) => note("sibling", t.trim()));
  fetch("../../../etc/hostname").then((r) => note("escape", r.status));
  fetch("https://a.tile.openstreetmap.org/2/1/1.png").then((r) => r.blob())
    .then((b) => note("tile", b.type));
</script></body></html>"""


@pytest.fixture
def opener(chromium, fake_iss):
    """Opens pages in fresh contexts; closes them afterwards."""
    openers = []

    def open_page(page: Path):
        made = DashboardOpener(chromium, page, fake_iss.url)
        openers.append(made)
        return made()

    yield open_page
    for made in openers:
        made.close()


def test_page_stays_offline_and_gets_its_own_files(opener, tmp_path: Path) -> None:
    (tmp_path / "probe.html").write_text(PROBE_PAGE)
    (tmp_path / "notes.txt").write_text("hello\n")

    page = opener(tmp_path / "probe.html")

    assert page.page.inner_text("#out") == (
        "escape:404 outside:blocked sibling:hello tile:image/png")
    assert [e.url for e in page.router.kinds("blocked")] == ["https://example.com/tracker.js"]


def test_position_follows_the_page_clock_not_the_host_clock(opener, fake_iss) -> None:
    page = opener(REFERENCE)
    # The fake answers for the end of each step, so steps match the page's 5 s period.
    for _ in range(12):
        page.advance(5_000)

    bodies = page.positions()
    assert [body["timestamp"] - page.clock.start_s for body in bodies] == list(range(0, 61, 5))
    assert bodies[-1] == fake_iss.position_at(page.clock.start_s + 60)


def test_refresh_timing_is_deterministic(opener) -> None:
    page = opener(REFERENCE)
    page.advance(4_999)
    assert page.request_times("position") == [0]
    page.advance(1)
    assert page.request_times("position") == [0, 5000]


def test_reference_shows_error_banner_and_keeps_last_position(opener, fake_iss) -> None:
    page = opener(REFERENCE)
    before = page.leaflet()["markers"]

    fake_iss.fault = Fault.HTTP_500
    page.advance(5_000)

    assert page.page.is_visible("#banner")
    assert "HTTP 500" in page.page.inner_text("#banner-text")
    assert page.page.inner_text("#status") == "Sin conexión"
    assert page.leaflet()["markers"] == before

    fake_iss.fault = None
    page.page.click("#retry")
    page.settle()
    assert not page.page.is_visible("#banner")
    assert page.page.inner_text("#status") == "En directo"


def test_reference_survives_a_refused_connection(opener, fake_iss) -> None:
    page = opener(REFERENCE)
    fake_iss.fault = Fault.REFUSED
    page.advance(5_000)
    fake_iss.fault = None

    assert page.page.is_visible("#banner")
    assert page.errors == []


def test_reference_units_toggle_switches_to_miles(opener) -> None:
    page = opener(REFERENCE)
    altitude_km = page.positions()[-1]["altitude"]

    page.page.click("#units")

    assert page.page.get_attribute("#units", "aria-pressed") == "true"
    shown = page.page.inner_text("#alt")
    assert shown.endswith(" mi")
    assert shown == f"{altitude_km / 1.609344:.1f} mi".replace(".", ",")
