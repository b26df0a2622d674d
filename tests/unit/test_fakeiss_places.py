"""The fake Nominatim and open-notify endpoints."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest
from freezegun import freeze_time

from isslab.fakeiss import FakeISS

pytestmark = pytest.mark.unit

MADRID = {
    "place_id": 300100000, "osm_type": "relation", "osm_id": 341000,
    "lat": "40.4167047", "lon": "-3.7035825", "type": "administrative", "place_rank": 16,
    "importance": 0.8522, "addresstype": "city", "name": "Madrid",
    "display_name": "Madrid, Comunidad de Madrid, España",
    "boundingbox": ["40.2267047", "40.6067047", "-3.8935825", "-3.5135825"],
}


def get_json(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.load(error)


def search(fake: FakeISS, **params: str) -> tuple[int, Any]:
    return get_json(f"{fake.url}/search?{urllib.parse.urlencode(params)}")


def without_licence(place: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in place.items() if key != "licence"}


def test_search_json_answers_nominatim_fields_with_string_coordinates(fake_iss: FakeISS):
    status, places = search(fake_iss, q="Madrid", format="json")

    assert status == 200
    assert [without_licence(place) for place in places] == [{**MADRID, "class": "boundary"}]
    assert "OpenStreetMap" in places[0]["licence"]


def test_search_jsonv2_says_category_instead_of_class(fake_iss: FakeISS):
    status, places = search(fake_iss, q="Madrid", format="jsonv2")

    assert status == 200
    assert [without_licence(place) for place in places] == [{**MADRID, "category": "boundary"}]


@pytest.mark.parametrize("text", ["Bogotá", "bogota", "  BOGOTÁ ", "BOGOTA"])
def test_search_ignores_case_accents_and_spaces(fake_iss: FakeISS, text: str):
    status, places = search(fake_iss, q=text, format="json")

    assert status == 200
    assert [(p["name"], p["lat"], p["lon"]) for p in places] == [
        ("Bogotá", "4.6533816", "-74.0836333")]


@pytest.mark.parametrize(("text", "name"), [
    ("Ciudad de Mexico", "Ciudad de México"), ("Mexico City", "Ciudad de México"),
    ("Nueva York", "New York"), ("Londres", "London"), ("la paz", "La Paz"),
    ("Montevideo", "Montevideo"), ("Quito", "Quito"), ("Buenos Aires", "Buenos Aires"),
])
def test_search_knows_course_cities_and_aliases(fake_iss: FakeISS, text: str, name: str):
    assert [place["name"] for place in search(fake_iss, q=text, format="json")[1]] == [name]


def test_search_unknown_place_is_an_empty_list(fake_iss: FakeISS):
    assert search(fake_iss, q="Atlantis", format="json") == (200, [])


def test_search_addressdetails_adds_the_address(fake_iss: FakeISS):
    places = search(fake_iss, q="Lima", format="json", addressdetails="1")[1]

    assert places[0]["address"] == {"city": "Lima", "country": "Perú", "country_code": "pe"}


def test_search_rejects_formats_it_does_not_serve(fake_iss: FakeISS):
    assert search(fake_iss, q="Lima", format="xml") == (400, {"error": {
        "code": 400, "message": "Parameter 'format' must be one of: json, jsonv2"}})


def test_search_body_is_utf8_not_escaped(fake_iss: FakeISS):
    url = f"{fake_iss.url}/search?q=Bogota&format=json"
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.headers["Content-Type"] == "application/json; charset=utf-8"
        assert "Bogotá".encode() in response.read()


def test_reverse_names_the_city_near_a_point(fake_iss: FakeISS):
    status, place = get_json(f"{fake_iss.url}/reverse?lat=40.45&lon=-3.69&format=json")

    assert status == 200
    assert (place["name"], place["address"]["country_code"]) == ("Madrid", "es")


def test_reverse_over_the_ocean_cannot_geocode(fake_iss: FakeISS):
    assert get_json(f"{fake_iss.url}/reverse?lat=-40&lon=-30&format=json") == (
        200, {"error": "Unable to geocode"})


def test_astros_lists_people_in_space_like_open_notify(fake_iss: FakeISS):
    status, body = get_json(fake_iss.url + "/astros.json")

    assert status == 200
    assert list(body) == ["message", "number", "people"]
    assert body["message"] == "success"
    assert body["number"] == len(body["people"]) == 10
    assert all(set(person) == {"name", "craft"} for person in body["people"])
    assert [p["craft"] for p in body["people"]].count("ISS") == 7


def test_iss_now_gives_string_coordinates_of_the_same_position(fake_iss: FakeISS):
    with freeze_time("2026-12-03T19:46:29Z"):
        status, body = get_json(fake_iss.url + "/iss-now.json")
    position = fake_iss.position_at(1_796_327_189)

    assert status == 200
    assert body == {"message": "success", "timestamp": 1_796_327_189, "iss_position": {
        "latitude": f"{position['latitude']:.4f}", "longitude": f"{position['longitude']:.4f}"}}
