"""Each broken dashboard of the corpus earns exactly the Reto FINAL outcomes it deserves."""

from __future__ import annotations

from pathlib import Path

import pytest

from isslab.browser import criteria
from isslab.browser.dashboard import DashboardOpener

pytestmark = pytest.mark.dashboard

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "dashboards"
REFERENCE = Path(__file__).resolve().parents[2] / "dashboard" / "index.html"

CHECKS = {
    "final.map": criteria.check_map,
    "final.icon": criteria.check_icon,
    "final.refresh": criteria.check_refresh,
    "final.trail": criteria.check_trail,
    "final.live_data": criteria.check_live_data,
    "final.pass_predictor": criteria.check_pass_predictor,
    "final.design": criteria.check_design,
}

# The criteria each page fails; every other criterion must pass.
EXPECTED_FAILURES = {
    "good-minimal": set(),
    "no-refresh": {"final.refresh", "final.trail", "final.live_data"},
    "refresh-60s": {"final.refresh"},
    "refresh-1s": {"final.refresh"},
    "no-trail": {"final.trail"},
    "default-icon": {"final.icon"},
    "no-pass-predictor": {"final.pass_predictor"},
    "pass-times-off": {"final.pass_predictor"},
    "swapped-latlon": {"final.map"},
    "script-error": {"final.design"},
    "no-viewport": {"final.design"},
}


def outcomes(page: Path, chromium, fake, screenshots: Path) -> dict[str, str]:
    """Every final.* criterion judged on one page, each in fresh browser contexts."""
    found = {}
    for criterion, check in CHECKS.items():
        opener = DashboardOpener(chromium, page, fake.url)
        extra = (screenshots, lambda name, path: None) if criterion == "final.design" else ()
        try:
            check(opener, fake, *extra)
            found[criterion] = "passed"
        except AssertionError:
            found[criterion] = "failed"
        finally:
            opener.close()
    return found


def test_corpus_lists_every_page() -> None:
    assert sorted(path.stem for path in CORPUS.glob("*.html")) == sorted(EXPECTED_FAILURES)


@pytest.mark.usefixtures("vendor_assets")
@pytest.mark.parametrize("name", sorted(EXPECTED_FAILURES))
def test_corpus_page_gets_expected_outcomes(name: str, chromium, fake_iss, tmp_path: Path
                                            ) -> None:
    expected = {criterion: "failed" if criterion in EXPECTED_FAILURES[name] else "passed"
                for criterion in CHECKS}
    assert outcomes(CORPUS / f"{name}.html", chromium, fake_iss, tmp_path) == expected


@pytest.mark.usefixtures("vendor_assets")
def test_reference_dashboard_passes_every_criterion(chromium, fake_iss, tmp_path: Path) -> None:
    assert outcomes(REFERENCE, chromium, fake_iss, tmp_path) == dict.fromkeys(CHECKS, "passed")
