"""The browser harness's pure parts: text reading, CDN URLs, routing rules, pass prediction."""

from __future__ import annotations

import json
import struct
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pytest

from isslab.browser import vendor
from isslab.browser.passes import Observer, PassPredictor
from isslab.browser.router import blank_png, classify, open_notify_now
from isslab.browser.text import has_value, numbers_in, times_in

pytestmark = pytest.mark.unit

# An ISS element set (epoch 2026-12-02 13:00 UTC) and Madrid, for the pass comparison.
LINE1 = "1 25544U 98067A   26336.54166667  .00013829  00000+0  24812-3 0  9993"
LINE2 = "2 25544  51.6321 187.2435 0004512 102.6357 257.5281 15.53712874587638"
MADRID = (40.4167047, -3.7035825)


@pytest.mark.parametrize(("text", "value"), [
    ("Velocidad 27.600,5 km/h", 27600.5),
    ("Velocity 27,600.5 km/h", 27600.5),
    ("27\u202f600 km/h", 27600.0),
    ("Longitud -3,7036°", -3.7036),
    ("Altitud 418 km", 418.0),
    ("lat −51.2", -51.2),
])
def test_numbers_in_reads_both_decimal_conventions(text: str, value: float) -> None:
    assert value in numbers_in(text)


def test_has_value_ignores_sign_and_respects_tolerance() -> None:
    numbers = numbers_in("40.42° S")
    assert has_value(numbers, -40.4168, 0.06)
    assert not has_value(numbers, -40.5, 0.06)


def test_times_in_reads_hours_minutes_and_optional_seconds() -> None:
    text = "Sale 08:26:28 · máx. 8:30 · id 123:45 · 24:10"
    assert times_in(text) == [8 * 3600 + 26 * 60 + 28, 8 * 3600 + 30 * 60]


@pytest.mark.parametrize(("url", "expected"), [
    ("https://unpkg.com/leaflet@1.9.4/dist/leaflet.js",
     vendor.CdnRequest("leaflet", "1.9.4", "/dist/leaflet.js")),
    ("https://cdn.jsdelivr.net/npm/satellite.js@5.0.0/dist/satellite.min.js",
     vendor.CdnRequest("satellite.js", "5.0.0", "/dist/satellite.min.js")),
    ("https://cdnjs.cloudflare.com/ajax/libs/leaflet/1.9.4/leaflet.css",
     vendor.CdnRequest("leaflet", "1.9.4", "/leaflet.css", cdnjs=True)),
    ("https://unpkg.com/@joergdietrich/leaflet.terminator@1.0.0",
     vendor.CdnRequest("@joergdietrich/leaflet.terminator", "1.0.0", "")),
    ("https://unpkg.com/leaflet/dist/leaflet.js",
     vendor.CdnRequest("leaflet", "", "/dist/leaflet.js")),
    ("https://example.com/leaflet@1.9.4/dist/leaflet.js", None),
    ("https://cdn.jsdelivr.net/gh/someone/repo/file.js", None),
])
def test_parse_cdn_url_understands_three_cdns(url: str, expected) -> None:
    assert vendor.parse_cdn_url(url) == expected


def test_split_spec_handles_scoped_names() -> None:
    assert vendor.split_spec("leaflet@1.9.4") == ("leaflet", "1.9.4")
    assert vendor.split_spec("@scope/pkg@2.0.0") == ("@scope/pkg", "2.0.0")
    assert vendor.split_spec("leaflet") == ("leaflet", "")


@pytest.fixture
def fake_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A vendor cache holding a hand-made leaflet@9.9.9 package."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    package = tmp_path / "isslab" / "vendor" / "leaflet@9.9.9" / "package"
    (package / "dist").mkdir(parents=True)
    (package / "dist" / "leaflet.js").write_text("window.L = {};")
    (package / "package.json").write_text(json.dumps({"main": "dist/leaflet.js"}))
    (tmp_path / "secret.txt").write_text("not for pages")
    return package


def test_resolve_finds_files_and_entry_point(fake_cache: Path) -> None:
    js = fake_cache / "dist" / "leaflet.js"
    assert vendor.resolve(vendor.CdnRequest("leaflet", "9.9.9", "/dist/leaflet.js")) == js
    assert vendor.resolve(vendor.CdnRequest("leaflet", "9.9.9", "")) == js
    assert vendor.resolve(vendor.CdnRequest("leaflet", "9.9.9", "/leaflet.js", cdnjs=True)) == js


def test_resolve_refuses_paths_outside_the_package(fake_cache: Path) -> None:
    escape = vendor.CdnRequest("leaflet", "9.9.9", "/../../../../secret.txt")
    assert vendor.resolve(escape) is None


def test_package_dir_refuses_packages_not_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vendor, "_npm_pack", lambda *args: pytest.fail("npm must not run"))
    assert vendor.package_dir("left-pad", "1.3.0") is None
    assert vendor.package_dir("leaflet", "1.9.4; rm -rf /") is None


@pytest.mark.parametrize(("url", "kind"), [
    ("https://api.wheretheiss.at/v1/satellites/25544", "position"),
    ("https://api.wheretheiss.at/v1/satellites/25544/?units=miles", "position"),
    ("http://api.open-notify.org/iss-now.json", "position"),
    ("https://api.wheretheiss.at/v1/satellites/25544/tles", "other"),
    ("http://api.open-notify.org/astros.json", "other"),
])
def test_classify_spots_position_requests(url: str, kind: str) -> None:
    assert classify(url) == kind


def test_open_notify_now_has_the_services_shape() -> None:
    body = open_notify_now({"timestamp": 1796328000, "latitude": 12.345678, "longitude": -1.5})
    assert body == {"message": "success", "timestamp": 1796328000,
                    "iss_position": {"latitude": "12.3457", "longitude": "-1.5000"}}


def test_blank_png_is_a_256_pixel_transparent_image() -> None:
    png = blank_png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (256, 256)
    idat = png.index(b"IDAT")
    length = struct.unpack(">I", png[idat - 4:idat])[0]
    assert zlib.decompress(png[idat + 4:idat + 4 + length]) == b"\x00" * (256 * (1 + 4 * 256))


def test_pass_times_agree_with_skyfield() -> None:
    from skyfield.api import EarthSatellite, load, wgs84

    start = datetime(2026, 12, 3, 20, 0, tzinfo=timezone.utc).timestamp()
    ours = PassPredictor(LINE1, LINE2, Observer(*MADRID)).passes(start, hours=24)

    timescale = load.timescale(builtin=True)
    satellite = EarthSatellite(LINE1, LINE2, "ISS", timescale)
    times, kinds = satellite.find_events(
        wgs84.latlon(*MADRID), timescale.from_datetime(datetime.fromtimestamp(start, timezone.utc)),
        timescale.from_datetime(datetime.fromtimestamp(start + 86400, timezone.utc)),
        altitude_degrees=0.0)
    theirs = [time.utc_datetime().timestamp() for time in times]

    assert len(theirs) == 3 * len(ours)
    ours_flat = [t for found in ours for t in (found.rise, found.culmination, found.set)]
    assert list(kinds) == [0, 1, 2] * len(ours)
    assert max(abs(a - b) for a, b in zip(ours_flat, theirs, strict=True)) < 2.0


def test_higher_horizon_gives_shorter_passes() -> None:
    start = datetime(2026, 12, 3, 20, 0, tzinfo=timezone.utc).timestamp()
    low = PassPredictor(LINE1, LINE2, Observer(*MADRID)).passes(start, hours=24)
    high = PassPredictor(LINE1, LINE2, Observer(*MADRID), horizon_deg=10).passes(start, hours=24)
    assert all(p.max_elevation >= 10 for p in high)
    assert len(high) == sum(p.max_elevation >= 10 for p in low)
