"""The broken-submission corpus: each case is the course-style `_good` submission plus a patch."""

from __future__ import annotations

import io
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from isslab.paths import REPO_ROOT

CORPUS = REPO_ROOT / "tests" / "corpus" / "submissions"
BASE = "_good"
MANIFEST = "case.yaml"


@dataclass(frozen=True)
class Case:
    """One corpus submission: what it breaks and the statuses the grader must give it."""

    name: str
    breaks: str
    run: str  # static | gate | deployed | full
    expected: dict[str, str]
    advice: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    xfail: str = ""  # why the grader gets this case wrong today, until it is fixed


def load_case(name: str) -> Case:
    manifest = yaml.safe_load((CORPUS / name / MANIFEST).read_text(encoding="utf-8"))
    return Case(name=name, breaks=manifest["breaks"], run=manifest["run"],
                expected=manifest.get("expected", {}), advice=manifest.get("advice", []),
                notes=manifest.get("notes", []), xfail=manifest.get("xfail", ""))


def case_names(*runs: str) -> list:
    """pytest params of the cases graded this way, sorted; known grader bugs marked xfail."""
    names = sorted(p.name for p in CORPUS.iterdir()
                   if (p / MANIFEST).is_file() and load_case(p.name).run in runs)
    return [pytest.param(name, marks=_marks(load_case(name))) for name in names]


def _marks(case: Case) -> list:
    return [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []


def materialize(name: str, destination: Path) -> Path:
    """Build the case's full submission folder: base, minus removals, plus its files."""
    manifest = yaml.safe_load((CORPUS / name / MANIFEST).read_text(encoding="utf-8"))
    destination.mkdir(parents=True)
    if not manifest.get("empty"):
        _copy(CORPUS / BASE, destination)
        for relative in yaml.safe_load((CORPUS / BASE / MANIFEST).read_text())["from_reference"]:
            (destination / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REPO_ROOT / relative, destination / relative)
    for relative in manifest.get("remove", []):
        (destination / relative).unlink()
    if name != BASE:
        _copy(CORPUS / name, destination)
    for relative, kind in (manifest.get("generate") or {}).items():
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(GENERATORS[kind]())
    return destination


def _copy(source: Path, destination: Path) -> None:
    for path in sorted(source.rglob("*")):
        if path.is_file() and path.name != MANIFEST:
            target = destination / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def _zip_bomb() -> bytes:
    """A small zip that claims to expand to about 200 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(4):
            archive.writestr(f"hello{index}.py", b"\0" * 50_000_000)
    return buffer.getvalue()


def _garbage() -> bytes:
    return bytes((i * 151 + 7) % 256 for i in range(4096))


def _huge_tf() -> bytes:
    comment = b"# padding line that makes this file too big to review\n"
    return comment * (2_000_000 // len(comment) + 1)


GENERATORS = {"zip_bomb": _zip_bomb, "garbage": _garbage, "huge_tf": _huge_tf}
