"""The fake's orbit math against an independent propagation by skyfield."""

from __future__ import annotations

import math
from datetime import datetime, timezone
from importlib import resources

import pytest
from sgp4.api import Satrec
from skyfield.api import EarthSatellite, load, load_file, wgs84

from isslab.fakeiss.orbit import VALID_DAYS, Orbit, footprint_km, load_tle

pytestmark = pytest.mark.unit

TLE = load_tle()
EPOCH = int(TLE.epoch_unix)
# Instants from the element set's epoch to a week after it, when the fake is still used.
INSTANTS = [EPOCH, EPOCH + 1_234, EPOCH + 6 * 3600 + 17, EPOCH + 86_400 + 3_001,
            EPOCH + 3 * 86_400 + 999, EPOCH + 7 * 86_400 - 5]


@pytest.fixture(scope="module")
def timescale():
    """Skyfield's timescale from its built-in files (no download)."""
    return load.timescale(builtin=True)


@pytest.fixture(scope="module")
def satellite(timescale) -> EarthSatellite:
    """The same element set, propagated by skyfield."""
    return EarthSatellite(TLE.line1, TLE.line2, TLE.header, timescale)


@pytest.fixture(scope="module")
def ephemeris():
    """JPL DE421, as shipped by the skyfield-data package (no download)."""
    path = resources.files("skyfield_data").joinpath("data/de421.bsp")
    kernel = load_file(str(path))
    yield kernel
    kernel.close()


def ecef_km(latitude: float, longitude: float, altitude_km: float) -> list[float]:
    return list(wgs84.latlon(latitude, longitude, elevation_m=altitude_km * 1000).itrs_xyz.km)


@pytest.mark.parametrize("instant", INSTANTS)
def test_position_agrees_with_skyfield_within_one_km(instant, timescale, satellite):
    state = Orbit(TLE).state_at(instant)
    where = satellite.at(timescale.from_datetime(_utc(instant)))
    theirs = ecef_km(wgs84.latlon_of(where)[0].degrees, wgs84.latlon_of(where)[1].degrees,
                     wgs84.height_of(where).km)

    ours = ecef_km(state.latitude, state.longitude, state.altitude)

    assert math.dist(ours, theirs) < 1.0


@pytest.mark.parametrize("instant", INSTANTS)
def test_velocity_is_the_inertial_speed_skyfield_computes(instant, timescale, satellite):
    speed = math.hypot(*satellite.at(timescale.from_datetime(_utc(instant))).velocity.km_per_s)

    assert Orbit(TLE).state_at(instant).velocity_kmh == pytest.approx(speed * 3600, abs=1.0)


def test_altitude_and_speed_are_those_of_the_iss_over_a_day():
    orbit = Orbit(TLE)
    states = [orbit.state_at(EPOCH + minute * 60) for minute in range(0, 24 * 60, 7)]

    assert 400 < min(s.altitude for s in states) < max(s.altitude for s in states) < 430
    speeds = [s.velocity_kmh for s in states]
    assert 27_500 < min(speeds) < max(speeds) < 27_700
    assert max(abs(s.latitude) for s in states) == pytest.approx(51.6, abs=0.5)


@pytest.mark.parametrize("years", [-3, 1, 10])
def test_far_from_the_epoch_the_orbit_is_folded_into_the_valid_window(years):
    orbit = Orbit(TLE)
    instant = EPOCH + years * 365 * 86_400 + 4_321

    folded = orbit.propagation_time(instant)
    state = orbit.state_at(instant)

    assert abs(folded - TLE.epoch_unix) <= VALID_DAYS * 86_400
    assert folded != instant
    assert 400 < state.altitude < 430
    assert abs(state.latitude) < 52


def test_within_the_valid_window_the_requested_instant_is_propagated():
    orbit = Orbit(TLE)

    assert [orbit.propagation_time(t) for t in INSTANTS] == INSTANTS


def test_footprint_is_the_visibility_circle_diameter():
    # The real API reports a 4446.19 km footprint for a 408.06 km altitude.
    assert footprint_km(408.05526028199) == pytest.approx(4446.19, abs=0.05)
    assert footprint_km(0) == 0


def test_sunlit_agrees_with_skyfield_away_from_the_terminator(timescale, satellite, ephemeris):
    instants = list(range(EPOCH, EPOCH + 4 * 5_560, 30))  # four orbits, every 30 s
    times = timescale.from_datetimes([_utc(instant) for instant in instants])
    lit = satellite.at(times).is_sunlit(ephemeris)
    margin = 10 // 30 + 1  # samples within 10 s of a shadow crossing are not decided
    orbit = Orbit(TLE)

    decided = [(instant, bool(lit[i])) for i, instant in enumerate(instants)
               if len(set(lit[max(0, i - margin):i + margin + 1])) == 1]
    mismatches = [instant for instant, expected in decided
                  if orbit.state_at(instant).sunlit != expected]

    assert mismatches == []
    assert sum(expected for _, expected in decided) > 200
    assert sum(not expected for _, expected in decided) > 150


@pytest.mark.parametrize("instant", INSTANTS[::2])
def test_subsolar_point_agrees_with_de421(instant, timescale, ephemeris):
    sun = (ephemeris["sun"] - ephemeris["earth"]).at(timescale.from_datetime(_utc(instant)))
    latitude, longitude = wgs84.latlon_of(sun)

    state = Orbit(TLE).state_at(instant)

    assert state.solar_lat == pytest.approx(latitude.degrees, abs=0.05)
    assert (state.solar_lon - longitude.degrees + 180) % 360 - 180 == pytest.approx(0, abs=0.05)
    assert 0 <= state.solar_lon < 360


def test_daynum_is_the_julian_day():
    # The real API pairs timestamp 1364069476 with daynum 2456375.3411574.
    assert Orbit(TLE).state_at(1_364_069_476).daynum == pytest.approx(2456375.3411574, abs=1e-7)


def test_shipped_element_set_is_a_valid_2026_iss_tle():
    satrec = Satrec.twoline2rv(TLE.line1, TLE.line2)

    assert TLE.header == "ISS (ZARYA)"
    assert satrec.satnum == 25544
    assert satrec.epochyr == 26
    assert [_checksum(line) for line in (TLE.line1, TLE.line2)] == [
        int(TLE.line1[68]), int(TLE.line2[68])]


def _checksum(line: str) -> int:
    return sum(int(c) if c.isdigit() else c == "-" for c in line[:68]) % 10


def _utc(instant: int) -> datetime:
    return datetime.fromtimestamp(instant, tz=timezone.utc)
