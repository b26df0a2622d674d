"""Reading Terraform files statically (python-hcl2), without running Terraform.

python-hcl2 keeps HCL's quotes around block labels and string literals; ``load_dir``
removes them so callers compare plain names (``aws_lambda_function``, ``hello.handler``).
Expressions stay as hcl2 renders them, e.g. ``${path.module}/../build/hello.zip``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hcl2

from isslab.errors import IsslabError

_QUOTED = re.compile(r'^"(.*)"$', re.DOTALL)


class TerraformSyntaxError(IsslabError):
    """A .tf file that python-hcl2 cannot parse."""


@dataclass(frozen=True)
class TerraformFile:
    path: Path
    body: dict[str, Any]


@dataclass(frozen=True)
class LambdaFunction:
    """What the files say about one aws_lambda_function resource."""

    address: str
    function_name: str | None
    handler_module: str | None
    archive_path: Path | None


def load_dir(tf_dir: Path) -> list[TerraformFile]:
    """Parse every .tf file of a directory (not its subdirectories), sorted by name."""
    return [load_file(path) for path in sorted(tf_dir.glob("*.tf"))]


def load_file(path: Path) -> TerraformFile:
    """Parse one .tf file; a syntax error names the file and hcl2's reason."""
    try:
        with path.open(encoding="utf-8") as handle:
            raw = hcl2.load(handle)
    except UnicodeDecodeError as error:
        raise TerraformSyntaxError(f"{path.name} is not UTF-8 text ({error.reason})") from error
    except Exception as error:  # hcl2 raises lark errors of many kinds
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise TerraformSyntaxError(f"{path.name} does not parse as HCL: {reason}") from error
    return TerraformFile(path=path, body=_unquote(raw))


def blocks(files: list[TerraformFile], kind: str) -> list[tuple[TerraformFile, dict[str, Any]]]:
    """Every top-level block of a kind ("resource", "provider", ...) with its file."""
    found = []
    for tf_file in files:
        for block in tf_file.body.get(kind, []):
            found.append((tf_file, block))
    return found


def resources(files: list[TerraformFile], resource_type: str) -> list[tuple[str, dict[str, Any]]]:
    """(name, attributes) of every resource of one type."""
    found = []
    for _, block in blocks(files, "resource"):
        for name, attributes in block.get(resource_type, {}).items():
            found.append((name, attributes))
    return found


def lambda_functions(tf_dir: Path) -> list[LambdaFunction]:
    """The Lambda functions the directory declares, with their zip paths resolved."""
    functions = []
    for name, attributes in resources(load_dir(tf_dir), "aws_lambda_function"):
        handler = _string(attributes.get("handler"))
        functions.append(LambdaFunction(
            address=f"aws_lambda_function.{name}",
            function_name=_string(attributes.get("function_name")),
            handler_module=handler.rsplit(".", 1)[0] if handler and "." in handler else None,
            archive_path=_archive_path(tf_dir, _string(attributes.get("filename"))),
        ))
    return functions


def _archive_path(tf_dir: Path, expression: str | None) -> Path | None:
    if not expression:
        return None
    expression = expression.replace("${path.module}", ".").replace("${path.root}", ".")
    if "${" in expression:
        return None
    return (tf_dir / expression).resolve()


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _unquote(value: Any) -> Any:
    if isinstance(value, dict):
        return {_unquote(key): _unquote(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unquote(item) for item in value]
    if isinstance(value, str):
        match = _QUOTED.match(value)
        return match.group(1) if match else value
    return value
