"""Local copies of the CDN libraries a dashboard loads (Leaflet, satellite.js), from npm.

The files are never committed: `python -m isslab.browser.vendor` (run by CI) or the first
browser check packs them with `npm pack` into `$XDG_CACHE_HOME/isslab/vendor/<name>@<version>/`.
Without npm, Leaflet falls back to the PyPI package xstatic-leaflet (1.9.3) for any 1.9.x URL.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from isslab.errors import IsslabError

logger = logging.getLogger(__name__)

# What the reference dashboard loads; anything else is packed on first use.
DEFAULT_PACKAGES = ("leaflet@1.9.4", "satellite.js@5.0.0")
# Only these npm packages may be fetched on behalf of a page (submissions are untrusted).
ALLOWED_PACKAGES = ("leaflet", "satellite.js", "@joergdietrich/leaflet.terminator")
NPM_TIMEOUT_S = 120

_NPM_CDN = re.compile(r"^/(?:npm/)?(?P<name>(?:@[^/@]+/)?[^/@]+)(?:@(?P<version>[^/]+))?"
                      r"(?P<file>/.*)?$")
_CDNJS = re.compile(r"^/ajax/libs/(?P<name>[^/]+)/(?P<version>[^/]+)(?P<file>/.*)?$")
CDN_HOSTS = ("unpkg.com", "cdn.jsdelivr.net", "cdnjs.cloudflare.com")


@dataclass(frozen=True)
class CdnRequest:
    """A CDN URL taken apart: npm package, version spec (maybe empty) and file path."""

    name: str
    version: str
    file: str
    cdnjs: bool = False


def cache_root() -> Path:
    """Where packed packages live: $XDG_CACHE_HOME/isslab/vendor (default ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "isslab" / "vendor"


def parse_cdn_url(url: str) -> CdnRequest | None:
    """The package a unpkg, jsDelivr or cdnjs URL asks for, or None for other URLs."""
    parts = urlsplit(url)
    if parts.hostname not in CDN_HOSTS:
        return None
    if parts.hostname == "cdnjs.cloudflare.com":
        match = _CDNJS.match(parts.path)
        if not match:
            return None
        return CdnRequest(match["name"], match["version"], match["file"] or "", cdnjs=True)
    if parts.hostname == "cdn.jsdelivr.net" and not parts.path.startswith("/npm/"):
        return None
    match = _NPM_CDN.match(parts.path)
    if not match:
        return None
    return CdnRequest(match["name"], match["version"] or "", match["file"] or "")


def ensure_vendor_assets(packages: tuple[str, ...] = DEFAULT_PACKAGES) -> list[Path]:
    """Pack each `name@version` into the cache unless already there; return the package dirs."""
    found = []
    for spec in packages:
        name, version = split_spec(spec)
        directory = package_dir(name, version)
        if directory is None:
            raise IsslabError(f"could not obtain {spec}: npm is missing or failed; install npm "
                              "(apt-get install -y npm), then run python -m isslab.browser.vendor")
        found.append(directory)
    return found


def split_spec(spec: str) -> tuple[str, str]:
    """`name@version` (the name may be scoped, `@scope/name`) split into name and version."""
    at = spec.find("@", 1)
    return (spec, "") if at < 0 else (spec[:at], spec[at + 1:])


def package_dir(name: str, version: str) -> Path | None:
    """The unpacked `package/` folder of name@version, packing it with npm when missing."""
    if name not in ALLOWED_PACKAGES or not re.fullmatch(r"[\w.^~<>=*-]*", version):
        logger.warning("refusing to fetch npm package %s@%s (not allowed)", name, version)
        return None
    target = cache_root() / f"{name.replace('/', '+')}@{version or 'latest'}" / "package"
    if target.is_dir():
        return target
    return _npm_pack(name, version, target)


def _npm_pack(name: str, version: str, target: Path) -> Path | None:
    npm = shutil.which("npm")
    if npm is None:
        logger.warning("npm not found: cannot pack %s@%s", name, version)
        return None
    spec = f"{name}@{version}" if version else name
    with tempfile.TemporaryDirectory(prefix="isslab-npm-") as scratch:
        logger.info("Packing %s from npm", spec)
        done = subprocess.run([npm, "pack", spec, "--silent"], cwd=scratch, capture_output=True,
                              text=True, timeout=NPM_TIMEOUT_S, check=False)
        tarballs = sorted(Path(scratch).glob("*.tgz"))
        if done.returncode != 0 or len(tarballs) != 1:
            logger.warning("npm pack %s failed: %s", spec, done.stderr.strip()[-300:])
            return None
        staging = Path(scratch) / "unpacked"
        with tarfile.open(tarballs[0]) as archive:
            archive.extractall(staging, filter="data")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging / "package"), target)
    return target


def resolve(request: CdnRequest) -> Path | None:
    """The local file answering a CDN request, or None when there is no copy."""
    root = package_dir(request.name, request.version)
    if root is None and request.name == "leaflet" and request.version.startswith("1.9"):
        root = _xstatic_leaflet()
    return None if root is None else _file_in(root, request)


def _file_in(root: Path, request: CdnRequest) -> Path | None:
    relative = request.file.lstrip("/")
    if not relative:
        relative = _entry_point(root)
    candidates = [relative, f"dist/{relative}"] if request.cdnjs else [relative]
    for candidate in candidates:
        path = (root / candidate).resolve()
        if path.is_file() and path.is_relative_to(root.resolve()):
            return path
    return None


def _entry_point(root: Path) -> str:
    manifest = root / "package.json"
    data = json.loads(manifest.read_text("utf-8")) if manifest.is_file() else {}
    for field in ("unpkg", "jsdelivr", "browser", "main"):
        if isinstance(data.get(field), str):
            return data[field]
    return "index.js"


def _xstatic_leaflet() -> Path | None:
    """Leaflet 1.9.3 from the PyPI package xstatic-leaflet, laid out like npm's dist/."""
    try:
        from xstatic.pkg import leaflet  # type: ignore[import-not-found]
    except ImportError:
        return None
    logger.warning("npm Leaflet unavailable: answering with xstatic-leaflet %s instead",
                   leaflet.VERSION)
    shim = cache_root() / "xstatic-leaflet" / "package"
    if not shim.is_dir():
        shim.parent.mkdir(parents=True, exist_ok=True)
        shim.mkdir()
        (shim / "dist").symlink_to(Path(leaflet.BASE_DIR))
    return shim


def main() -> int:
    """Pack the default assets into the cache; print where they are."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        for directory in ensure_vendor_assets():
            print(directory)
    except IsslabError as error:
        print(f"isslab: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
