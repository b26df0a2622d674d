"""The Reto FINAL criteria as plain functions: each opens the dashboard and asserts.

Each takes `open_dashboard` (a DashboardOpener) and the fake service; a failed assertion's
message is the student's feedback. The pytest checks and the corpus tests both call them.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from isslab.browser.dashboard import DESKTOP, PHONE, Dashboard
from isslab.browser.passes import Observer, PassPredictor
from isslab.browser.text import has_value, numbers_in, times_in

# The marker may trail the fake's position by a fraction of an update or be rounded/animated:
# 0.5° is about 55 km, some 7 s of flight; a stale, swapped or hard-coded position is far off.
MAP_TOLERANCE_DEG = 0.5
# The course asks for an update every 5 to 10 s; request times come from the page's clock.
REFRESH_EARLIEST_MS = 4999
REFRESH_LATEST_MS = 10000
# Judging the trail and the panel needs updates at whatever pace the page has, up to a minute.
UPDATE_WAIT_MS = 65000
UPDATE_STEP_MS = 5000
# Values shown rounded to 1 decimal (lat/lon) or to whole km and km/h still match.
LATLON_TOLERANCE = 0.06
ALTITUDE_TOLERANCE_KM = 0.6
VELOCITY_TOLERANCE_KMH = 0.6
# A shown pass time must be within 2 min of a reference rise, culmination or set (for a 0°
# or a 10° horizon): covers a 60 s search step without refinement and rounding to minutes,
# while a time off by a few minutes (another TLE, a wrong clock) fails.
PASS_MARGIN_S = 120
PASS_HORIZONS_DEG = (0.0, 10.0)
PASS_CITY = "Madrid"
PASS_WAIT_STEPS = 8
MIN_MAP_SIZE = (300, 250)

Opener = Callable[..., Dashboard]


def check_map(open_dashboard: Opener, fake) -> None:
    """final.map: a marker where the fake says the ISS is at the page's current second."""
    page = open_dashboard()
    state = _leaflet_loaded(page)
    assert state["maps"], "no Leaflet map was created: expected a call to L.map(...)"
    assert page.positions(), ("the page never asked for the ISS position: expected "
                              "fetch('https://api.wheretheiss.at/v1/satellites/25544')")
    expected = fake.position_at(page.clock.now_s())
    marker = _nearest(state["markers"], expected)
    assert marker is not None, "no marker on the map: expected L.marker([lat, lon]).addTo(map)"
    seen = f"({marker['lat']:.3f}, {marker['lng']:.3f})"
    assert _gap_deg(marker, expected) <= MAP_TOLERANCE_DEG, (
        f"expected the ISS marker at ({expected['latitude']:.3f}, {expected['longitude']:.3f}) "
        f"within {MAP_TOLERANCE_DEG}°, the nearest marker is at {seen}")


def check_icon(open_dashboard: Opener, fake) -> None:
    """final.icon: the ISS marker has a custom image, SVG or divIcon, not Leaflet's pin."""
    page = open_dashboard()
    state = _leaflet_loaded(page)
    markers = [m for m in state["markers"] if m["kind"] == "marker"]
    assert markers, "no L.marker on the map: the ISS needs a marker with a custom icon"
    icon = _nearest(markers, fake.position_at(page.clock.now_s()))["icon"]
    assert icon["kind"] != "default", (
        "the ISS marker uses Leaflet's default blue pin (L.Icon.Default): expected "
        "L.icon({iconUrl: ...}) or L.divIcon({html: '<svg ...>'})")
    if icon["kind"] == "image":
        assert "marker-icon" not in icon["url"], (
            f"the ISS icon is Leaflet's own pin image ({icon['url']}), not a custom one")
        assert icon["url"], "the ISS marker's L.icon has no iconUrl"
    if icon["kind"] == "div":
        assert icon["html"].strip() or icon["className"] != "leaflet-div-icon", (
            "the ISS divIcon is empty (html missing): it shows as a plain white square")


def check_refresh(open_dashboard: Opener, fake) -> None:
    """final.refresh: each new position request comes 5 to 10 s after the previous one."""
    page = open_dashboard()
    assert page.request_times("position"), "the page did not ask for the ISS position on load"
    for _ in range(2):
        previous = page.request_times("position")[-1]
        page.advance(previous + REFRESH_EARLIEST_MS - page.elapsed_ms)
        early = [t - previous for t in page.request_times("position") if t > previous]
        assert not early, (
            f"a new position request came {early[0] / 1000:.1f} s after the previous one: "
            "expected an update every 5 to 10 s")
        while page.elapsed_ms < previous + REFRESH_LATEST_MS:
            page.advance(min(1000, previous + REFRESH_LATEST_MS - page.elapsed_ms))
            if page.request_times("position")[-1] != previous:
                break
        assert page.request_times("position")[-1] != previous, (
            "no new position request within 10 s of the previous one: expected "
            "setInterval(update, 5000) (any period from 5 to 10 s)")


def check_trail(open_dashboard: Opener, fake) -> None:
    """final.trail: the points of the page's polylines grow with every position update."""
    page = open_dashboard()
    _leaflet_loaded(page)
    counts = [_trail_points(page)]
    for _ in range(2):
        assert _await_update(page), (
            f"no position update within {UPDATE_WAIT_MS // 1000} s, so the trail cannot grow")
        counts.append(_trail_points(page))
    assert counts[0] > 0 or counts[-1] > 0, (
        "no polyline with points on the map: expected L.polyline(points).addTo(map) for the trail")
    assert counts[0] < counts[1] < counts[2], (
        f"the trail's points did not grow with each update: counted {counts} "
        "(expected more after every update, e.g. polyline.addLatLng([lat, lon]))")


def check_live_data(open_dashboard: Opener, fake) -> None:
    """final.live_data: the latest latitude, longitude, altitude and velocity are on the page."""
    page = open_dashboard()
    for moment in ("after loading", "after the next update"):
        if moment != "after loading":
            assert _await_update(page), (
                f"no position update within {UPDATE_WAIT_MS // 1000} s: the data never changes")
        latest = page.positions()[-1] if page.positions() else None
        assert latest, "the page received no ISS position to show"
        missing = _missing_values(latest, numbers_in(page.text()))
        assert not missing, f"{moment}, the page does not show {', '.join(missing)}"


def check_pass_predictor(open_dashboard: Opener, fake) -> None:
    """final.pass_predictor: a city gives pass times that agree with a reference SGP4 run."""
    page = open_dashboard()
    field = _city_input(page)
    assert field is not None, (
        "no text or search box for a city: expected <input type=\"search\"> with a label "
        "such as \"Ciudad\"")
    before = set(page.text().splitlines())
    field.fill(PASS_CITY)
    field.press("Enter")
    shown = _new_times(page, before)
    if not shown:
        _click_submit(page, field)
        shown = _new_times(page, before)
    assert shown, (f"after submitting \"{PASS_CITY}\" no pass time (HH:MM) appeared on the page")
    wrong = _times_off_events(shown, _reference_events(fake, page))
    assert not wrong, (
        f"pass times shown for {PASS_CITY} that match no pass of the reference SGP4 "
        f"prediction (rise, highest point or set ±{PASS_MARGIN_S // 60} min, UTC): "
        + ", ".join(wrong))


def check_design(open_dashboard: Opener, fake, screenshots: Path,
                 record: Callable[[str, str], None]) -> None:
    """final.design (automatic part): viewport meta, no errors, fits desktop and phone."""
    problems = []
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = open_dashboard(viewport=viewport)
        page.advance(UPDATE_STEP_MS)
        path = screenshots / f"dashboard-{name}.png"
        page.page.screenshot(path=str(path))
        record(f"screenshot_{name}", str(path))
        problems += [f"{name}: {problem}" for problem in _layout_problems(page, viewport)]
        problems += [f"{name}: {error}" for error in page.errors[:3]]
    assert not problems, "; ".join(problems)


# ---- helpers -------------------------------------------------------------------------

def _leaflet_loaded(page: Dashboard) -> dict[str, Any]:
    state = page.leaflet()
    assert state["leaflet"], (
        "Leaflet never loaded (window.L was not set): expected "
        "<script src=\"https://unpkg.com/leaflet@1.9.4/dist/leaflet.js\">")
    return state


def _gap_deg(marker: dict[str, float], position: dict[str, Any]) -> float:
    dlon = abs((marker["lng"] - position["longitude"] + 180) % 360 - 180)
    return max(abs(marker["lat"] - position["latitude"]), dlon)


def _nearest(markers: list[dict[str, Any]], position: dict[str, Any]) -> dict[str, Any] | None:
    return min(markers, key=lambda marker: _gap_deg(marker, position), default=None)


def _trail_points(page: Dashboard) -> int:
    return sum(line["points"] for line in page.leaflet()["lines"])


def _await_update(page: Dashboard) -> bool:
    """Advance the clock until the page asks for a new position; False after a minute."""
    before = len(page.positions())
    waited = 0
    while waited < UPDATE_WAIT_MS:
        page.advance(UPDATE_STEP_MS)
        waited += UPDATE_STEP_MS
        if len(page.positions()) > before:
            return True
    return False


def _missing_values(position: dict[str, Any], numbers: list[float]) -> list[str]:
    wanted = {
        "latitude": has_value(numbers, position["latitude"], LATLON_TOLERANCE),
        "longitude": has_value(numbers, position["longitude"], LATLON_TOLERANCE),
        "altitude": has_value(numbers, position["altitude"], ALTITUDE_TOLERANCE_KM),
        "velocity": has_value(numbers, position["velocity"], VELOCITY_TOLERANCE_KMH)
        or has_value(numbers, position["velocity"] / 3600, VELOCITY_TOLERANCE_KMH / 3600),
    }
    return [f"the {name} {position[name]:.2f}" for name, found in wanted.items() if not found]


_CITY_WORDS = ("ciudad", "city", "lugar", "ubicaci", "location", "place", "localidad", "pueblo")


def _city_input(page: Dashboard):
    fields = page.page.locator("input[type=search], input[type=text], input:not([type])")
    visible = [field for field in fields.all() if field.is_visible()]
    for field in visible:
        description = field.evaluate(
            "(el) => [el.id, el.name, el.placeholder, el.getAttribute('aria-label'),"
            " ...Array.from(el.labels || [], (label) => label.textContent)].join(' ')")
        if any(word in description.lower() for word in _CITY_WORDS):
            return field
    return visible[0] if visible else None


def _click_submit(page: Dashboard, field) -> None:
    buttons = field.locator("xpath=ancestor::form//*[self::button or @type='submit']")
    if buttons.count() == 0:
        buttons = page.page.get_by_role("button", name=_SUBMIT_WORDS)
    if buttons.count():
        buttons.first.click()


_SUBMIT_WORDS = re.compile(r"pase|pass|predec|predict|calcul|buscar|search|ver", re.IGNORECASE)


def _new_times(page: Dashboard, before: set[str]) -> list[int]:
    """Clock times in lines that appeared since `before`, minus the live panel's own times."""
    shown: list[int] = []
    for _ in range(PASS_WAIT_STEPS):
        page.advance(500)
        lines = [line for line in page.text().splitlines() if line not in before]
        shown = [t for line in lines for t in times_in(line) if not _is_update_time(page, t)]
        if shown:
            break
    return shown


def _is_update_time(page: Dashboard, seconds_of_day: int) -> bool:
    """Whether a time is that of a received position (a "last update" field, not a pass)."""
    stamps = {body["timestamp"] % 86400 for body in page.positions() if body}
    return any(abs(seconds_of_day - stamp) <= 1 or seconds_of_day == stamp // 60 * 60
               for stamp in stamps)


def _reference_events(fake, page: Dashboard) -> list[float]:
    """Rise, culmination and set times of the passes over the city from an hour before load."""
    place = _fetch_json(f"{fake.url}/search?format=json&limit=1&q={PASS_CITY}")[0]
    tle = _fetch_json(f"{fake.url}/v1/satellites/25544/tles")
    observer = Observer(float(place["lat"]), float(place["lon"]))
    events = []
    for horizon in PASS_HORIZONS_DEG:
        predictor = PassPredictor(tle["line1"], tle["line2"], observer, horizon)
        for found in predictor.passes(page.clock.start_s - 3600, hours=50):
            events += [found.rise, found.culmination, found.set]
    return events


def _times_off_events(shown: list[int], events: list[float]) -> list[str]:
    def near(seconds_of_day: int) -> bool:
        return any(abs((seconds_of_day - event + 43200) % 86400 - 43200) <= PASS_MARGIN_S
                   for event in events)

    return [f"{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}" for t in shown if not near(t)]


def _fetch_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def _layout_problems(page: Dashboard, viewport: dict[str, int]) -> list[str]:
    problems = []
    layout = page.page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, width: window.innerWidth,"
        " meta: Boolean(document.querySelector('meta[name=viewport]'))})")
    if not layout["meta"]:
        problems.append('no <meta name="viewport" content="width=device-width, ...">')
    if layout["scroll"] > layout["width"] + 1:
        problems.append(f"horizontal scroll: the page is {layout['scroll']} px wide "
                        f"in a {viewport['width']} px window")
    maps = page.leaflet()["maps"]
    biggest = max(maps, key=lambda box: box["width"] * box["height"], default=None)
    width, height = MIN_MAP_SIZE
    if biggest is None or biggest["width"] < width or biggest["height"] < height:
        seen = "no map" if biggest is None else f"{biggest['width']:.0f}x{biggest['height']:.0f}"
        problems.append(f"the map should be at least {width}x{height} px, it is {seen}")
    return problems
