"""Reference ISS pass prediction (SGP4 via the `sgp4` package) to judge a dashboard's times.

Units: Unix seconds, degrees, km. A pass runs from the satellite rising above the observer's
horizon (elevation 0° by default; some trackers use 10°) to it setting; rise and set are
found to the second by bisection, the culmination by ternary search.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sgp4.api import Satrec
from sgp4.propagation import gstime

UNIX_EPOCH_JD = 2440587.5
WGS84_A_KM = 6378.137
WGS84_F = 1 / 298.257223563
RESOLUTION_S = 1.0


@dataclass(frozen=True)
class Pass:
    """One pass over an observer, times as Unix seconds."""

    rise: float
    culmination: float
    set: float
    max_elevation: float


class Observer:
    """A place on the WGS84 ellipsoid that can tell a satellite's elevation above it."""

    def __init__(self, latitude: float, longitude: float, height_km: float = 0.0) -> None:
        self.lat = math.radians(latitude)
        self.lon = math.radians(longitude)
        self.ecef = _geodetic_to_ecef(self.lat, self.lon, height_km)

    def elevation(self, satellite_ecef: tuple[float, float, float]) -> float:
        """Elevation of an Earth-fixed point above this observer's horizon, in degrees."""
        dx, dy, dz = (s - o for s, o in zip(satellite_ecef, self.ecef, strict=True))
        up = (math.cos(self.lat) * math.cos(self.lon) * dx
              + math.cos(self.lat) * math.sin(self.lon) * dy + math.sin(self.lat) * dz)
        return math.degrees(math.asin(up / math.sqrt(dx * dx + dy * dy + dz * dz)))


def _geodetic_to_ecef(lat: float, lon: float, height_km: float) -> tuple[float, float, float]:
    e2 = WGS84_F * (2 - WGS84_F)
    n = WGS84_A_KM / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    return ((n + height_km) * math.cos(lat) * math.cos(lon),
            (n + height_km) * math.cos(lat) * math.sin(lon),
            (n * (1 - e2) + height_km) * math.sin(lat))


class PassPredictor:
    """Elevation of one satellite over one observer at any second."""

    def __init__(self, line1: str, line2: str, observer: Observer, horizon_deg: float = 0.0
                 ) -> None:
        self.satrec = Satrec.twoline2rv(line1, line2)
        self.observer = observer
        self.horizon = horizon_deg

    def _up(self, unix_seconds: float) -> bool:
        return self.elevation_at(unix_seconds) >= self.horizon

    def elevation_at(self, unix_seconds: float) -> float:
        """The satellite's elevation in degrees (SGP4 TEME rotated by GMST to Earth-fixed)."""
        days, seconds = divmod(unix_seconds, 86400)
        jd, fraction = UNIX_EPOCH_JD + days, seconds / 86400
        error, position, _ = self.satrec.sgp4(jd, fraction)
        if error:
            raise ValueError(f"SGP4 error {error} at {unix_seconds}")
        gmst = gstime(jd + fraction)
        x, y, z = position
        cos_g, sin_g = math.cos(gmst), math.sin(gmst)
        ecef = (cos_g * x + sin_g * y, -sin_g * x + cos_g * y, z)
        return self.observer.elevation(ecef)

    def passes(self, start: float, hours: float = 48, step_s: float = 30) -> list[Pass]:
        """Every pass whose set lies within `hours` from `start` (one already under way counts)."""
        found = []
        end = start + hours * 3600
        previous, rise = start, start if self._up(start) else None
        t = start + step_s
        while t <= end:
            up = self._up(t)
            if up and rise is None:
                rise = self._crossing(previous, t)
            elif not up and rise is not None:
                found.append(self._describe(rise, self._crossing(previous, t)))
                rise = None
            previous, t = t, t + step_s
        return found

    def _crossing(self, low: float, high: float) -> float:
        rising = not self._up(low)
        while high - low > RESOLUTION_S:
            middle = (low + high) / 2
            if self._up(middle) == rising:
                high = middle
            else:
                low = middle
        return high

    def _describe(self, rise: float, set_: float) -> Pass:
        low, high = rise, set_
        while high - low > RESOLUTION_S:
            a, b = low + (high - low) / 3, high - (high - low) / 3
            if self.elevation_at(a) < self.elevation_at(b):
                low = a
            else:
                high = b
        top = (low + high) / 2
        return Pass(rise, top, set_, self.elevation_at(top))
