"""Nominatim's /search and /reverse over a small table of cities shipped with the package."""

from __future__ import annotations

import json
import math
import unicodedata
from functools import cache
from importlib import resources
from typing import Any

from isslab.fakeiss.responses import Response, json_response

LICENCE = "Data © OpenStreetMap contributors, ODbL 1.0. https://osm.org/copyright"
FORMATS = ("json", "jsonv2")
DEFAULT_LIMIT = 10
MAX_LIMIT = 40
# /reverse answers a city only within this distance of its centre; elsewhere, "Unable to geocode".
REVERSE_RADIUS_KM = 60.0


@cache
def cities() -> tuple[dict[str, Any], ...]:
    """The city table shipped in data/cities.json."""
    text = resources.files("isslab.fakeiss").joinpath("data/cities.json").read_text("utf-8")
    return tuple(json.loads(text)["cities"])


def normalize(text: str) -> str:
    """Lower case, accents removed, spaces collapsed: "  Bogotá " -> "bogota"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def search(text: str) -> list[dict[str, Any]]:
    """Cities whose name, an alias or the head of their display name matches the text."""
    wanted = normalize(text)
    if not wanted:
        return []
    return [city for city in cities() if wanted in _names(city)]


def nearest(latitude: float, longitude: float) -> dict[str, Any] | None:
    """The city closest to a point, if within REVERSE_RADIUS_KM of it."""
    distance, city = min((_distance_km(latitude, longitude, c["lat"], c["lon"]), i)
                         for i, c in enumerate(cities()))
    return cities()[city] if distance <= REVERSE_RADIUS_KM else None


def place(city: dict[str, Any], output_format: str, address: bool) -> dict[str, Any]:
    """A city as Nominatim shows a place; jsonv2 says "category" where json says "class"."""
    span = city["half_span"]
    body: dict[str, Any] = {
        "place_id": city["place_id"],
        "licence": LICENCE,
        "osm_type": city["osm_type"],
        "osm_id": city["osm_id"],
        "lat": f"{city['lat']:.7f}",
        "lon": f"{city['lon']:.7f}",
        "category" if output_format == "jsonv2" else "class": "boundary",
        "type": "administrative",
        "place_rank": 16,
        "importance": city["importance"],
        "addresstype": "city",
        "name": city["name"],
        "display_name": city["display_name"],
    }
    if address:
        body["address"] = {"city": city["name"], "country": city["country"],
                           "country_code": city["country_code"]}
    body["boundingbox"] = [f"{city['lat'] - span:.7f}", f"{city['lat'] + span:.7f}",
                           f"{city['lon'] - span:.7f}", f"{city['lon'] + span:.7f}"]
    return body


def route(path: str, query: dict[str, str]) -> Response | None:
    """Answer /search and /reverse (also with Nominatim's optional .php suffix)."""
    endpoint = path.strip("/").removesuffix(".php")
    if endpoint not in ("search", "reverse"):
        return None
    output_format = query.get("format", "jsonv2")
    if output_format not in FORMATS:
        return _error(f"Parameter 'format' must be one of: {', '.join(FORMATS)}")
    address = query.get("addressdetails", "0") == "1"
    if endpoint == "reverse":
        return _reverse(query, output_format)
    try:
        limit = min(max(int(query.get("limit", DEFAULT_LIMIT)), 1), MAX_LIMIT)
    except ValueError:
        return _error("Integer number expected for parameter 'limit'")
    found = search(query.get("q") or query.get("city") or "")[:limit]
    return json_response([place(city, output_format, address) for city in found])


def _reverse(query: dict[str, str], output_format: str) -> Response:
    try:
        latitude, longitude = float(query["lat"]), float(query["lon"])
    except (KeyError, ValueError):
        return _error("Need coordinates or OSM object to lookup.")
    city = nearest(latitude, longitude)
    if city is None:
        return json_response({"error": "Unable to geocode"})
    return json_response(place(city, output_format, address=True))


def _names(city: dict[str, Any]) -> set[str]:
    head = city["display_name"].split(",")[0]
    return {normalize(name) for name in (city["name"], head, *city["aliases"])}


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a 6371 km sphere (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _error(message: str) -> Response:
    return json_response({"error": {"code": 400, "message": message}}, 400)
