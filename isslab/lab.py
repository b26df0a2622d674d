"""A lab folder prepared for checking: a private, bounded copy with its Lambda zips built.

Students lay their work out the course's way (``main.tf``, ``lambdas/`` and
``docker-compose.yml`` at the root) or the reference's way (Terraform in ``infra/``).
``prepare_lab`` copies either into a private directory, refusing what could harm the
grader (symlinks out of the folder, huge files, zip bombs), finds each part by role,
and builds every Lambda zip that Terraform references but that is missing or older
than its source. Everything done on the student's behalf is recorded in ``notes``.
"""

from __future__ import annotations

import logging
import os
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from isslab.errors import IsslabError

log = logging.getLogger(__name__)

COMPOSE_NAMES = ("docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml")
TERRAFORM_DIRS = ("infra", "terraform", ".")
IGNORED_NAMES = {
    ".git", ".terraform", "__pycache__", ".venv", "venv", "node_modules", ".tox",
    ".pytest_cache", ".ruff_cache", "isslab-report",
}
IGNORED_SUFFIXES = (".tfstate", ".tfstate.backup", ".pyc")
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_TOTAL_BYTES = 50 * 1024 * 1024
MAX_FILES = 2000
MAX_ZIP_EXPANDED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 1000


@dataclass
class Lab:
    """Where each part of a prepared lab lives; None when the submission lacks it."""

    root: Path
    tf_dir: Path | None = None
    compose_file: Path | None = None
    lambdas_dir: Path | None = None
    dashboard_file: Path | None = None
    notes: list[str] = field(default_factory=list)


def prepare_lab(source: Path, destination: Path) -> Lab:
    """Copy ``source`` into the empty or missing ``destination`` and prepare it."""
    source = source.resolve()
    if not source.is_dir():
        raise IsslabError(f"submission folder not found: {source}")
    lab = Lab(root=destination)
    _copy_tree(source, destination, lab.notes)
    lab.tf_dir = _find_terraform_dir(destination)
    lab.compose_file = _first_existing(destination, COMPOSE_NAMES)
    lab.lambdas_dir = _dir_or_none(destination / "lambdas")
    lab.dashboard_file = find_dashboard(destination)
    if lab.tf_dir is not None:
        _refuse_zip_bombs(lab)
        _build_referenced_zips(lab)
    return lab


def _copy_tree(source: Path, destination: Path, notes: list[str]) -> None:
    destination.mkdir(parents=True, exist_ok=True)
    copied_files = 0
    copied_bytes = 0
    for directory, subdirs, files in os.walk(source):
        subdirs[:] = sorted(d for d in subdirs if d not in IGNORED_NAMES)
        here = Path(directory)
        target_dir = destination / here.relative_to(source)
        target_dir.mkdir(exist_ok=True)
        for name in sorted(files):
            path = here / name
            relative = path.relative_to(source)
            if name.endswith(IGNORED_SUFFIXES):
                continue
            if path.is_symlink():
                notes.append(f"skipped symbolic link {relative}")
                continue
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                notes.append(f"skipped {relative}: {size} bytes is over the "
                             f"{MAX_FILE_BYTES} byte limit per file")
                continue
            if copied_files >= MAX_FILES or copied_bytes + size > MAX_TOTAL_BYTES:
                notes.append(f"stopped copying at {relative}: the submission is over "
                             f"{MAX_FILES} files or {MAX_TOTAL_BYTES} bytes")
                return
            shutil.copyfile(path, target_dir / name)
            shutil.copystat(path, target_dir / name)
            copied_files += 1
            copied_bytes += size
        # Symlinked directories are listed in subdirs; os.walk does not follow them.
        for name in list(subdirs):
            if (here / name).is_symlink():
                notes.append(f"skipped symbolic link {(here / name).relative_to(source)}")
                subdirs.remove(name)


def _find_terraform_dir(root: Path) -> Path | None:
    for name in TERRAFORM_DIRS:
        candidate = (root / name).resolve()
        if candidate.is_dir() and any(candidate.glob("*.tf")):
            return candidate
    return None


def find_dashboard(root: Path) -> Path | None:
    """The dashboard page: dashboard/index.html, else an index.html, else a lone page."""
    for relative in ("dashboard/index.html", "index.html", "dashboard.html"):
        if (root / relative).is_file():
            return root / relative
    pages = sorted(root.glob("*.html")) + sorted(root.glob("dashboard/*.html"))
    return pages[0] if len(pages) == 1 else None


def _first_existing(root: Path, names: tuple[str, ...]) -> Path | None:
    for name in names:
        if (root / name).is_file():
            return root / name
    return None


def _dir_or_none(path: Path) -> Path | None:
    return path if path.is_dir() else None


def _refuse_zip_bombs(lab: Lab) -> None:
    for archive in sorted(lab.root.rglob("*.zip")):
        problem = zip_problem(archive)
        if problem:
            archive.unlink()
            lab.notes.append(f"removed {archive.relative_to(lab.root)}: {problem}")


def zip_problem(archive: Path) -> str | None:
    """Why a zip must not be deployed (unreadable, too many entries, expands too far)."""
    try:
        with zipfile.ZipFile(archive) as opened:
            entries = opened.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        return f"not a valid zip file ({error})"
    if len(entries) > MAX_ZIP_ENTRIES:
        return f"{len(entries)} entries, over the limit of {MAX_ZIP_ENTRIES}"
    expanded = sum(entry.file_size for entry in entries)
    if expanded > MAX_ZIP_EXPANDED_BYTES:
        return f"expands to {expanded} bytes, over the limit of {MAX_ZIP_EXPANDED_BYTES}"
    return None


def _build_referenced_zips(lab: Lab) -> None:
    from isslab import terraform_files, zips

    try:
        functions = terraform_files.lambda_functions(lab.tf_dir)
    except terraform_files.TerraformSyntaxError as error:
        lab.notes.append(f"no Lambda zip was built: {error}")
        return
    for function in functions:
        archive = function.archive_path
        if archive is None:
            continue
        source = _source_for(lab, archive, function.handler_module)
        if source is None:
            if not archive.exists():
                lab.notes.append(f"{_shown(lab, archive)} is missing and no "
                                 f"{archive.stem}.py was found to build it from")
            continue
        if archive.exists() and (
            archive.stat().st_mtime >= source.stat().st_mtime or _zip_holds(archive, source)
        ):
            continue
        reason = "was missing" if not archive.exists() else f"was older than {_shown(lab, source)}"
        zips.build_zip([source], archive)
        lab.notes.append(f"{_shown(lab, archive)} {reason}: built it from {_shown(lab, source)}")
        log.info("built %s from %s", archive, source)


def _zip_holds(archive: Path, source: Path) -> bool:
    """Whether the zip already carries this exact source (an older mtime alone is no change)."""
    try:
        with zipfile.ZipFile(archive) as opened:
            return opened.read(source.name) == source.read_bytes()
    except (KeyError, zipfile.BadZipFile, OSError):
        return False


def _source_for(lab: Lab, archive: Path, handler_module: str | None) -> Path | None:
    search_dirs = [archive.parent, lab.lambdas_dir, lab.tf_dir, lab.root]
    stems = [archive.stem] + ([handler_module] if handler_module else [])
    for stem in stems:
        for directory in search_dirs:
            if directory is not None and (directory / f"{stem}.py").is_file():
                return directory / f"{stem}.py"
    return None


def _shown(lab: Lab, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(lab.root.resolve()))
    except ValueError:
        return str(path)
