"""Static safety review of a Terraform folder before any Terraform command runs on it.

Student Terraform is untrusted: a provisioner runs commands on the grader's machine, other
providers reach the network or the file system, remote backends and modules fetch code.
`unsafe_terraform` reads the files (python-hcl2, never Terraform itself) and lists every such
problem, so the caller can refuse to run Terraform at all.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hcl2
from lark.exceptions import LarkError

logger = logging.getLogger(__name__)

ALLOWED_PROVIDER = "hashicorp/aws"
MAX_TF_BYTES = 1_000_000
# Resource types without a provider prefix that Terraform itself implements.
BUILTIN_TYPES = {"terraform_data"}
LOCAL_MODULE_PREFIXES = ("./", "../")
CLI_CONFIG_NAMES = (".terraformrc", "terraform.rc")
# Labeled blocks whose first label is a type from a provider.
TYPED_BLOCKS = ("resource", "data", "ephemeral")


def unsafe_terraform(tf_dir: Path, boundary: Path | None = None, *,
                     own_workdir: bool = False) -> list[str]:
    """Problems that forbid running Terraform in tf_dir; an empty list means safe.

    `boundary` is the folder nothing may point outside of (default: tf_dir itself); local
    modules are followed and reviewed too. `own_workdir` says any .terraform/ folder there
    was made by the grader's own `terraform init` (a prepared lab copy drops shipped ones).
    """
    tf_dir = Path(tf_dir).resolve()
    boundary = Path(boundary).resolve() if boundary else tf_dir
    skip = {".terraform"} if own_workdir else set()
    problems = _shipped_state(boundary, skip) + _escaping_symlinks(boundary, skip)
    pending, seen = [tf_dir], set()
    while pending:
        folder = pending.pop()
        if folder in seen:
            continue
        seen.add(folder)
        for path in _config_files(folder):
            found, modules = _review_file(path, boundary)
            problems += found
            pending += modules
    logger.debug("safety review of %s: %d problem(s)", tf_dir, len(problems))
    return problems


def _shipped_state(boundary: Path, skip: set[str]) -> list[str]:
    problems = []
    for path in sorted(_walk(boundary, skip)):
        name = _relative(path, boundary)
        if path.name in CLI_CONFIG_NAMES:
            problems.append(f"{name}: a Terraform CLI configuration file must not be shipped")
        elif path.name == ".terraform" and path.is_dir() and not path.is_symlink():
            problems.append(f"{name}: a .terraform/ folder (providers, modules) must not be "
                            "shipped; delete it")
    return problems


def _escaping_symlinks(boundary: Path, skip: set[str]) -> list[str]:
    problems = []
    for path in sorted(_walk(boundary, skip)):
        if path.is_symlink() and not _inside(path.resolve(), boundary):
            problems.append(f"{_relative(path, boundary)}: symbolic link points outside the "
                            f"submission ({os.readlink(path)})")
    return problems


def _walk(root: Path, skip: set[str]) -> Iterator[Path]:
    """Every path under root, without following symbolic links nor entering `skip` folders."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in skip)
        for name in dirs + files:
            yield Path(folder) / name


def _config_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.name.endswith((".tf", ".tf.json")) and not p.is_dir())


def _review_file(path: Path, boundary: Path) -> tuple[list[str], list[Path]]:
    """The problems of one configuration file and the local module folders it uses."""
    name = _relative(path, boundary)
    if path.is_symlink() and not _inside(path.resolve(), boundary):
        return [], []  # already reported as an escaping link; never read it
    size = path.stat().st_size
    if size > MAX_TF_BYTES:
        return [f"{name}: file too big ({size} bytes, limit {MAX_TF_BYTES})"], []
    try:
        document = _parse(path)
    except ValueError as error:
        return [f"{name}: {error}"], []
    problems = [f"{name}: {problem}" for problem in _review_document(document)]
    modules = []
    for source in _module_sources(document):
        if not source.startswith(LOCAL_MODULE_PREFIXES):
            problems.append(f"{name}: module source {source!r} is not a local path "
                            "(remote modules are not allowed)")
            continue
        folder = (path.parent / source).resolve()
        if _inside(folder, boundary):
            modules.append(folder)
        else:
            problems.append(f"{name}: module source {source!r} points outside the submission")
    return problems, modules


def _parse(path: Path) -> dict[str, Any]:
    """The file as a dict; ValueError with the line number when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text (byte {error.start})") from error
    if path.name.endswith(".tf.json"):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"invalid JSON at line {error.lineno}: {error.msg}") from error
        if not isinstance(document, dict):
            raise ValueError("invalid Terraform JSON: the top level must be an object")
        return document
    try:
        return hcl2.loads(text)
    except LarkError as error:
        line = getattr(error, "line", None)
        where = f" at line {line}" if line and line > 0 else ""
        raise ValueError(f"HCL syntax error{where}") from error
    except Exception as error:  # python-hcl2 raises bare exceptions for some inputs
        raise ValueError(f"HCL syntax error ({type(error).__name__})") from error


def _review_document(document: dict[str, Any]) -> list[str]:
    problems = []
    problems += _provisioner_problems(document)
    problems += _typed_block_problems(document)
    problems += _provider_block_problems(document)
    problems += _terraform_block_problems(document)
    return problems


def _provisioner_problems(document: dict[str, Any]) -> list[str]:
    problems = []
    for where, body in _deep_blocks(document, "provisioner", ()):
        for kind in _labels(body):
            problems.append(f"{' '.join(where)}: provisioner {kind!r} is not allowed "
                            "(it would run on the grading machine)")
    return problems


def _typed_block_problems(document: dict[str, Any]) -> list[str]:
    problems = []
    checks = [body for body in _bodies(document.get("check"))]
    for block in TYPED_BLOCKS:
        sources = [document.get(block)] + [_labeled_body(c).get(block) for c in checks]
        for source in sources:
            for type_name, name, body in _typed(source):
                problem = _type_problem(block, type_name, body)
                if problem:
                    problems.append(f'{block} "{type_name}" "{name}": {problem}')
    return problems


def _type_problem(block: str, type_name: str, body: Any) -> str | None:
    if type_name in BUILTIN_TYPES:
        return None
    if type_name == "terraform_remote_state":
        return "reading another Terraform state is not allowed"
    if not type_name.startswith("aws_"):
        return f"only {ALLOWED_PROVIDER} resources are allowed (provider {_provider(type_name)!r})"
    meta = _unquote(body.get("provider", "")) if isinstance(body, dict) else ""
    if meta and meta.split(".")[0] != "aws":
        return f"provider {meta!r} is not allowed"
    return None


def _provider_block_problems(document: dict[str, Any]) -> list[str]:
    return [f'provider "{name}": only the aws provider ({ALLOWED_PROVIDER}) is allowed'
            for name in _labels_of(document.get("provider")) if name != "aws"]


def _terraform_block_problems(document: dict[str, Any]) -> list[str]:
    problems = []
    for body in _bodies(document.get("terraform")):
        for required in _bodies(body.get("required_providers")):
            problems += _required_provider_problems(required)
        for kind in _labels_of(body.get("backend")):
            if kind != "local":
                problems.append(f'backend "{kind}": only local state is allowed')
        if body.get("cloud"):
            problems.append("terraform cloud block: only local state is allowed")
    return problems


def _required_provider_problems(required: dict[str, Any]) -> list[str]:
    problems = []
    for name, spec in required.items():
        if _is_meta(name):
            continue
        source = _unquote(spec.get("source", "")) if isinstance(spec, dict) else ""
        source = source.lower().removeprefix("registry.terraform.io/")
        if (source or f"hashicorp/{name}") != ALLOWED_PROVIDER:
            problems.append(f"required provider {name!r} ({source or 'hashicorp/' + name}): "
                            f"only {ALLOWED_PROVIDER} is allowed")
    return problems


def _module_sources(document: dict[str, Any]) -> list[str]:
    sources = []
    for _name, body in _labeled(document.get("module")):
        if isinstance(body, dict) and "source" in body:
            sources.append(_unquote(body["source"]))
    return sources


# --- walking python-hcl2 and Terraform JSON documents alike ----------------------------------
# python-hcl2 gives every block as a list of dicts with quoted labels ('"aws_s3_bucket"');
# Terraform JSON gives a dict (or a list of dicts) with bare labels. These helpers hide that.


def _bodies(value: Any) -> list[dict[str, Any]]:
    """The block bodies of an unlabeled block value (list or single dict)."""
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict)]


def _labeled(value: Any) -> Iterator[tuple[str, Any]]:
    """(label, body) of a block with one label."""
    for body in _bodies(value):
        for key, inner in body.items():
            if not _is_meta(key):
                for item in inner if isinstance(inner, list) else [inner]:
                    yield _unquote(key), item


def _labels_of(value: Any) -> list[str]:
    return [label for label, _body in _labeled(value)]


def _labels(body: Any) -> list[str]:
    """The labels of one provisioner entry (its kind)."""
    return _labels_of(body) or ["?"]


def _labeled_body(value: Any) -> dict[str, Any]:
    """Merge the bodies of a one-label block such as check "name" { ... }."""
    merged: dict[str, Any] = {}
    for _label, body in _labeled(value):
        if isinstance(body, dict):
            merged.update(body)
    return merged


def _typed(value: Any) -> Iterator[tuple[str, str, Any]]:
    """(type, name, body) of a block with two labels, like resource "type" "name"."""
    for type_name, by_name in _labeled(value):
        for name, body in _labeled(by_name):
            yield type_name, name, body


def _deep_blocks(node: Any, key: str, where: tuple[str, ...]) -> Iterator[tuple[tuple, Any]]:
    """Every value stored under `key` at any depth, with the labels that lead to it."""
    if isinstance(node, list):
        for item in node:
            yield from _deep_blocks(item, key, where)
    elif isinstance(node, dict):
        for name, inner in node.items():
            if name == key:
                yield where or ("configuration",), inner
            elif not _is_meta(name):
                label = _unquote(name)
                yield from _deep_blocks(inner, key, (*where, label)[-3:])


def _is_meta(key: str) -> bool:
    """python-hcl2's own keys, such as __is_block__ and __inline_comments__."""
    return key.startswith("__") and key.endswith("__")


def _unquote(value: Any) -> str:
    text = str(value)
    if text.startswith("${") and text.endswith("}"):
        text = text[2:-1]
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def _provider(type_name: str) -> str:
    return type_name.split("_", 1)[0]


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root)) or "."
    except ValueError:
        return str(path)
