"""The grading rubric: criteria, their points and feedback, loaded from YAML and validated."""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import jsonschema
import yaml

from isslab.errors import IsslabError, UsageError

HERE = Path(__file__).resolve().parent
DEFAULT_RUBRIC = HERE / "rubric.yaml"
SCHEMA = HERE / "rubric.schema.json"
LANGUAGES = ("es", "en")


@dataclass(frozen=True)
class Criterion:
    """One gradable criterion of the rubric."""

    id: str
    reto: str
    points: Fraction
    title: dict[str, str]
    advice: dict[str, str]
    skipped_points: str = "excluded"


@dataclass(frozen=True)
class Reto:
    """A group of criteria, as the course numbers them."""

    id: str
    title: dict[str, str]


@dataclass(frozen=True)
class Rubric:
    """The whole rubric, in file order."""

    retos: tuple[Reto, ...]
    criteria: tuple[Criterion, ...]
    source: Path

    def criterion(self, criterion_id: str) -> Criterion | None:
        """The criterion with this id, or None."""
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def reto(self, reto_id: str) -> Reto:
        """The Reto with this id."""
        return next(r for r in self.retos if r.id == reto_id)


def load_rubric(path: Path | None = None) -> Rubric:
    """Load and validate a rubric file (default: the one shipped with isslab)."""
    path = Path(path or DEFAULT_RUBRIC)
    if not path.is_file():
        raise UsageError(f"rubric file not found: {path}")
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise IsslabError(f"rubric {path} is not valid YAML: {error}") from error
    _validate(document, path)
    return _build(document, path)


def _validate(document: object, path: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    try:
        jsonschema.validate(document, schema)
    except jsonschema.ValidationError as error:
        where = "/".join(str(part) for part in error.absolute_path) or "top level"
        raise IsslabError(f"rubric {path} is invalid at {where}: {error.message}") from error


def _build(document: dict, path: Path) -> Rubric:
    retos = tuple(Reto(id=r["id"], title=r["title"]) for r in document["retos"])
    reto_ids = {reto.id for reto in retos}
    criteria = []
    for entry in document["criteria"]:
        if entry["reto"] not in reto_ids:
            raise IsslabError(f"rubric {path}: criterion {entry['id']} names unknown Reto "
                              f"{entry['reto']!r}")
        criteria.append(Criterion(
            id=entry["id"], reto=entry["reto"], points=Fraction(str(entry["points"])),
            title=entry["title"], advice=entry["advice"],
            skipped_points=entry.get("skipped_points", "excluded")))
    ids = [criterion.id for criterion in criteria]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise IsslabError(f"rubric {path}: duplicate criterion ids {', '.join(duplicates)}")
    return Rubric(retos=retos, criteria=tuple(criteria), source=path)


def reto_of(criterion_id: str) -> str:
    """The Reto part of a criterion id: "r3" for "r3.status200"."""
    return criterion_id.split(".", 1)[0]
