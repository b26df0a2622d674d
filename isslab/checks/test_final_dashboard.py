"""Reto FINAL: the dashboard, driven in an offline Chromium against the fake ISS service."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from isslab.browser import criteria

pytestmark = pytest.mark.dashboard


def judge(check: Callable[..., None], opener, *args) -> None:
    """Run a criterion; skip instead of failing when a CDN library could not be served here."""
    try:
        check(opener, *args)
    except AssertionError:
        missing = opener.missing_libraries()
        if missing:
            pytest.skip("cannot judge: no local copy of " + ", ".join(missing)
                        + " (run `python -m isslab.browser.vendor` with npm installed)")
        raise


@pytest.mark.criterion("final.map")
def test_marker_is_at_the_current_iss_position(open_dashboard, fake_iss) -> None:
    judge(criteria.check_map, open_dashboard, fake_iss)


@pytest.mark.criterion("final.icon")
def test_iss_marker_has_a_custom_icon(open_dashboard, fake_iss) -> None:
    judge(criteria.check_icon, open_dashboard, fake_iss)


@pytest.mark.criterion("final.refresh")
def test_position_is_requested_every_5_to_10_seconds(open_dashboard, fake_iss) -> None:
    judge(criteria.check_refresh, open_dashboard, fake_iss)


@pytest.mark.criterion("final.trail")
def test_trail_grows_with_each_update(open_dashboard, fake_iss) -> None:
    judge(criteria.check_trail, open_dashboard, fake_iss)


@pytest.mark.criterion("final.live_data")
def test_panel_shows_latest_position_altitude_and_velocity(open_dashboard, fake_iss) -> None:
    judge(criteria.check_live_data, open_dashboard, fake_iss)


@pytest.mark.criterion("final.pass_predictor")
def test_city_passes_agree_with_reference_prediction(open_dashboard, fake_iss) -> None:
    judge(criteria.check_pass_predictor, open_dashboard, fake_iss)


@pytest.mark.criterion("final.design")
def test_layout_fits_desktop_and_phone_without_errors(open_dashboard, fake_iss,
                                                      dashboard_screenshots,
                                                      request: pytest.FixtureRequest) -> None:
    # user_properties rather than record_property, which warns under junit_family xunit2;
    # the grader reads screenshot_desktop / screenshot_phone from here.
    def record(name: str, path: str) -> None:
        request.node.user_properties.append((name, path))

    judge(criteria.check_design, open_dashboard, fake_iss, dashboard_screenshots, record)
