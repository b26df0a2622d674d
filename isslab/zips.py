"""Reproducible Lambda zips: the same sources always give the same bytes.

Terraform redeploys a function when `filebase64sha256` of its zip changes, so a zip must
change only when its code does. Entries are therefore sorted, dated 1980-01-01 (the zip
epoch), given fixed Unix permissions and deflated; the file is rewritten only when its
bytes would differ, so its mtime also tells when the code last changed.
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import os
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from isslab.errors import IsslabError

log = logging.getLogger(__name__)

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
# A regular file, rw-r--r--: readable by the Lambda runtime's unprivileged user.
ENTRY_MODE = 0o100644
MAX_INPUT_BYTES = 50 * 1024 * 1024


def build_lambda_zips(lab_root: Path, out_dir: Path | None = None) -> list[Path]:
    """Zip each `lambdas/*.py` module of a lab into `<out_dir>/<module>.zip` (default build/)."""
    lambdas_dir = lab_root / "lambdas"
    sources = sorted(lambdas_dir.glob("*.py")) if lambdas_dir.is_dir() else []
    if not sources:
        raise IsslabError(f"no Lambda modules to build: {lambdas_dir} has no .py files")
    out_dir = out_dir if out_dir is not None else lab_root / "build"
    return [build_zip([source], out_dir / f"{source.stem}.zip") for source in sources]


def build_zip(files: Iterable[Path], destination: Path) -> Path:
    """Pack `files` (each under its own name, at the zip's root) into `destination`."""
    content = zip_bytes(files)
    if destination.is_file() and destination.read_bytes() == content:
        log.debug("%s is up to date", destination)
        return destination
    _write_atomically(destination, content)
    log.info("Built %s (%d bytes)", destination, len(content))
    return destination


def zip_bytes(files: Iterable[Path]) -> bytes:
    """The reproducible zip of `files` as bytes, entries sorted by name."""
    by_name = _entries_by_name(files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(by_name):
            archive.writestr(_entry_info(name), by_name[name].read_bytes())
    return buffer.getvalue()


def _entries_by_name(files: Iterable[Path]) -> dict[str, Path]:
    by_name: dict[str, Path] = {}
    total = 0
    for path in files:
        _refuse_unusual(path)
        if path.name in by_name:
            raise IsslabError(f"two files named {path.name} for one zip: "
                              f"{by_name[path.name]} and {path}")
        by_name[path.name] = path
        total += path.stat().st_size
    if total > MAX_INPUT_BYTES:
        raise IsslabError(f"refusing to zip {total} bytes: over the {MAX_INPUT_BYTES} byte "
                          "limit for a Lambda's sources")
    return by_name


def _refuse_unusual(path: Path) -> None:
    # A symlink could pack a file from outside the lab (an untrusted submission) into a zip.
    if path.is_symlink():
        raise IsslabError(f"refusing to zip {path}: it is a symbolic link")
    if not path.is_file():
        raise IsslabError(f"cannot zip {path}: not a regular file")


def _entry_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever the host, so the mode bits below are honoured.
    info.external_attr = ENTRY_MODE << 16
    return info


def _write_atomically(destination: Path, content: bytes) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{destination.name}.",
                                         dir=destination.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def filebase64sha256(path: Path) -> str:
    """What Terraform's filebase64sha256(path) returns: base64 of the file's SHA-256."""
    return base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode("ascii")


def sha256_hex(path: Path) -> str:
    """The file's SHA-256 as hex, as `sha256sum` prints it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
