"""Where the ISS is at a given second: SGP4 propagation and the quantities wheretheiss reports.

Units: distances in km, speeds in km/s unless a name says otherwise, angles in degrees
unless a name ends in _rad, time as Unix seconds (UTC; UT1 is taken equal to UTC, an error
below 0.5 km on the ground track).

One element set only fits the real orbit for days: SGP4 decays or fails years away from its
epoch. So the satellite is propagated to the requested instant only within VALID_DAYS of the
epoch; further away it flies the same ISS orbit, folded into that window (a jump in the
ground track once per window), while the Earth's rotation and the Sun use the real instant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources

from sgp4.api import Satrec
from sgp4.propagation import gstime

UNIX_EPOCH_JD = 2440587.5
J2000_JD = 2451545.0
SECONDS_PER_DAY = 86400

# WGS84 ellipsoid; wheretheiss' footprints match the equatorial radius.
EARTH_RADIUS_KM = 6378.137
EARTH_FLATTENING = 1 / 298.257223563
AU_KM = 149_597_870.7
VALID_DAYS = 7


@dataclass(frozen=True)
class Tle:
    """A two-line element set with its title line."""

    header: str
    line1: str
    line2: str

    @property
    def epoch_unix(self) -> float:
        """The element set's epoch as Unix seconds."""
        satrec = Satrec.twoline2rv(self.line1, self.line2)
        days = satrec.jdsatepoch - UNIX_EPOCH_JD + satrec.jdsatepochF
        return days * SECONDS_PER_DAY


@dataclass(frozen=True)
class SatelliteState:
    """What wheretheiss reports for one instant, in kilometres."""

    latitude: float
    longitude: float
    altitude: float
    velocity_kmh: float
    footprint: float
    sunlit: bool
    daynum: float
    solar_lat: float
    solar_lon: float


def load_tle() -> Tle:
    """The ISS element set shipped with the package (epoch 2026-12-02)."""
    text = resources.files("isslab.fakeiss").joinpath("data/iss.tle").read_text("ascii")
    header, line1, line2 = text.strip().splitlines()
    return Tle(header.strip(), line1, line2)


def julian_date(unix_seconds: float) -> tuple[float, float]:
    """The Julian date split as SGP4 wants it: a whole part ending in .5 and a day fraction."""
    days, seconds = divmod(unix_seconds, SECONDS_PER_DAY)
    return UNIX_EPOCH_JD + days, seconds / SECONDS_PER_DAY


def teme_to_ecef(position: tuple[float, float, float], gmst_rad: float
                 ) -> tuple[float, float, float]:
    """Rotate a TEME vector about the pole by Greenwich sidereal time (polar motion ignored)."""
    x, y, z = position
    cos_g, sin_g = math.cos(gmst_rad), math.sin(gmst_rad)
    return (cos_g * x + sin_g * y, -sin_g * x + cos_g * y, z)


def ecef_to_geodetic(x: float, y: float, z: float) -> tuple[float, float, float]:
    """WGS84 latitude and longitude (degrees) and height (km) of an Earth-fixed point."""
    e2 = EARTH_FLATTENING * (2 - EARTH_FLATTENING)
    p = math.hypot(x, y)
    latitude = math.atan2(z, p * (1 - e2))
    # Fixed-point iteration converges to well under a millimetre in a few steps at LEO heights.
    for _ in range(6):
        n = EARTH_RADIUS_KM / math.sqrt(1 - e2 * math.sin(latitude) ** 2)
        height = p / math.cos(latitude) - n
        latitude = math.atan2(z, p * (1 - e2 * n / (n + height)))
    return math.degrees(latitude), math.degrees(math.atan2(y, x)), height


def sun_equatorial(jd: float) -> tuple[float, float, float]:
    """Geocentric position of the Sun in km, equator and equinox of date.

    The Astronomical Almanac's low-precision formula: about 0.01 degree until 2050.
    """
    n = jd - J2000_JD
    mean_longitude = math.radians((280.460 + 0.9856474 * n) % 360)
    anomaly = math.radians((357.528 + 0.9856003 * n) % 360)
    ecliptic_longitude = (mean_longitude + math.radians(1.915) * math.sin(anomaly)
                          + math.radians(0.020) * math.sin(2 * anomaly))
    obliquity = math.radians(23.439 - 0.0000004 * n)
    distance = AU_KM * (1.00014 - 0.01671 * math.cos(anomaly) - 0.00014 * math.cos(2 * anomaly))
    return (distance * math.cos(ecliptic_longitude),
            distance * math.cos(obliquity) * math.sin(ecliptic_longitude),
            distance * math.sin(obliquity) * math.sin(ecliptic_longitude))


def is_sunlit(satellite: tuple[float, float, float], sun: tuple[float, float, float]) -> bool:
    """Whether the straight line from the satellite to the Sun clears the Earth's sphere."""
    sx, sy, sz = satellite
    dx, dy, dz = (sun[0] - sx, sun[1] - sy, sun[2] - sz)
    length = math.hypot(dx, dy, dz)
    dx, dy, dz = dx / length, dy / length, dz / length
    # Distance along the sunward line to the point closest to the Earth's centre.
    along = -(sx * dx + sy * dy + sz * dz)
    if along <= 0:
        return True
    closest = math.hypot(sx + along * dx, sy + along * dy, sz + along * dz)
    return closest >= EARTH_RADIUS_KM


def footprint_km(altitude_km: float) -> float:
    """Diameter, along the ground, of the circle from which the satellite is above the horizon."""
    return 2 * EARTH_RADIUS_KM * math.acos(EARTH_RADIUS_KM / (EARTH_RADIUS_KM + altitude_km))


def subsolar_point(sun: tuple[float, float, float], gmst_rad: float) -> tuple[float, float]:
    """Latitude (-90..90) and east longitude (0..360) where the Sun is at the zenith."""
    x, y, z = sun
    declination = math.degrees(math.atan2(z, math.hypot(x, y)))
    right_ascension = math.degrees(math.atan2(y, x))
    return declination, (right_ascension - math.degrees(gmst_rad)) % 360


class Orbit:
    """Propagates one element set with SGP4."""

    def __init__(self, tle: Tle) -> None:
        self.tle = tle
        self._satrec = Satrec.twoline2rv(tle.line1, tle.line2)
        self._epoch = tle.epoch_unix

    def propagation_time(self, unix_seconds: float) -> float:
        """The instant SGP4 is evaluated at: the same one within VALID_DAYS of the epoch."""
        half_window = VALID_DAYS * SECONDS_PER_DAY
        if abs(unix_seconds - self._epoch) <= half_window:
            return unix_seconds
        offset = (unix_seconds - self._epoch + half_window) % (2 * half_window) - half_window
        return self._epoch + offset

    def teme_at(self, unix_seconds: float) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """TEME position (km) and velocity (km/s) at a Unix time."""
        jd, fraction = julian_date(self.propagation_time(unix_seconds))
        error, position, velocity = self._satrec.sgp4(jd, fraction)
        if error:
            raise ValueError(f"SGP4 error {error} at {unix_seconds}")
        return position, velocity

    def state_at(self, unix_seconds: int) -> SatelliteState:
        """Everything wheretheiss reports about the satellite at a Unix second."""
        jd, fraction = julian_date(unix_seconds)
        position, velocity = self.teme_at(unix_seconds)
        gmst = gstime(jd + fraction)
        latitude, longitude, altitude = ecef_to_geodetic(*teme_to_ecef(position, gmst))
        sun = sun_equatorial(jd + fraction)
        solar_lat, solar_lon = subsolar_point(sun, gmst)
        return SatelliteState(
            latitude=latitude,
            longitude=longitude,
            altitude=altitude,
            velocity_kmh=math.sqrt(sum(c * c for c in velocity)) * 3600,
            footprint=footprint_km(altitude),
            sunlit=is_sunlit(position, sun),
            daynum=jd + fraction,
            solar_lat=solar_lat,
            solar_lon=solar_lon,
        )
