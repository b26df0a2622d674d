"""Where the reference solution lives, whether run from a checkout or an install."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent


def reference_root() -> Path:
    """The folder that holds the reference solution (infra/, lambdas/, dashboard/)."""
    return REPO_ROOT
