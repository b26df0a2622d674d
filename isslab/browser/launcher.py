"""Find the system Chromium and start it through Playwright (never `playwright install`)."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

logger = logging.getLogger(__name__)

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Headless on a shared CI machine: no sandbox (root), no GPU, no background traffic.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = ("install one with `apt-get install -y chromium` (Debian) or point ISSLAB_CHROMIUM "
                "at a Chromium/Chrome executable")


def find_chromium() -> Path | None:
    """The browser to drive: $ISSLAB_CHROMIUM, else the first known name on PATH."""
    chosen = os.environ.get("ISSLAB_CHROMIUM")
    if chosen:
        path = Path(chosen)
        return path if path.is_file() and os.access(path, os.X_OK) else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def launch(playwright, executable: Path):
    """A headless Chromium Browser from the given executable."""
    logger.info("Launching %s", executable)
    return playwright.chromium.launch(executable_path=str(executable), args=LAUNCH_ARGS,
                                      headless=True)
