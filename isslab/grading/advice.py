"""Advice without points, found by reading the submission's files (never importing them).

Python files are read with `ast` and regular expressions, Terraform with python-hcl2, the
Compose file with PyYAML: nothing the student wrote is executed.
"""

from __future__ import annotations

import ast
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from isslab import terraform_files
from isslab.errors import IsslabError
from isslab.grading import compose
from isslab.lab import Lab

logger = logging.getLogger(__name__)

MAX_SOURCE_BYTES = 1_000_000
DEPRECATED_RUNTIMES = {"python2.7", "python3.6", "python3.7", "python3.8", "python3.9"}
DEFAULT_LAMBDA_TIMEOUT_S = 3
ENDPOINT = re.compile(
    r"""["'](?:https?://)?(?:localhost|127\.0\.0\.1|host\.docker\.internal|"""
    r"""localhost\.localstack\.cloud)(?::\d+)?/?["']""")
CALLS_NETWORK = re.compile(r"\burllib\b|\bhttp\.client\b|\brequests\b|https?://")


@dataclass(frozen=True)
class Advice:
    """One suggestion, about one file, in both languages."""

    id: str
    file: str
    text: dict[str, str]


def collect_advice(lab: Lab) -> list[Advice]:
    """Every suggestion for this submission, in a stable order."""
    found: list[Advice] = []
    sources = _python_sources(lab)
    for path, text in sources.items():
        found += _python_advice(lab, path, text)
    if lab.tf_dir is not None:
        found += _terraform_advice(lab, sources)
    if lab.compose_file is not None:
        found += _compose_advice(lab)
    return found


def _python_sources(lab: Lab) -> dict[Path, str]:
    folders = [lab.lambdas_dir, lab.root] if lab.lambdas_dir else [lab.root]
    sources = {}
    for folder in folders:
        for path in sorted(folder.glob("*.py")):
            if path.is_file() and path.stat().st_size <= MAX_SOURCE_BYTES:
                sources[path] = path.read_text(encoding="utf-8", errors="replace")
    return sources


def _python_advice(lab: Lab, path: Path, text: str) -> list[Advice]:
    name = _shown(lab, path)
    try:
        tree = ast.parse(text, filename=name)
    except SyntaxError as error:
        return [Advice("python-syntax", name, {
            "es": f"{name} tiene un error de sintaxis en la línea {error.lineno}: "
                  "ejecuta `python -m py_compile` sobre el archivo antes de empaquetarlo.",
            "en": f"{name} has a syntax error at line {error.lineno}: run "
                  "`python -m py_compile` on the file before packaging it."})]
    found = []
    if ENDPOINT.search(text):
        found.append(Advice("hard-coded-endpoint", name, {
            "es": f"{name} fija la dirección del emulador en el código. Crea los clientes sin "
                  "`endpoint_url` y deja que boto3 lea la variable AWS_ENDPOINT_URL: el mismo "
                  "código funcionará en LocalStack y en AWS.",
            "en": f"{name} hard-codes the emulator's address. Create clients without "
                  "`endpoint_url` and let boto3 read AWS_ENDPOINT_URL: the same code then runs "
                  "on LocalStack and on AWS."}))
    if "requests" in _imported_modules(tree):
        found.append(Advice("requests-in-lambda", name, {
            "es": f"{name} importa `requests`, que el runtime de Lambda no incluye: usa "
                  "`urllib.request` de la biblioteca estándar.",
            "en": f"{name} imports `requests`, which Lambda's runtime does not ship: use "
                  "the standard library's `urllib.request`."}))
    return found


def _imported_modules(tree: ast.AST) -> set[str]:
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module.split(".")[0])
    return modules


def _terraform_advice(lab: Lab, sources: dict[Path, str]) -> list[Advice]:
    try:
        files = terraform_files.load_dir(lab.tf_dir)
    except IsslabError as error:
        logger.debug("no Terraform advice: %s", error)
        return []
    found = []
    for name, attributes in terraform_files.resources(files, "aws_lambda_function"):
        found += _function_advice(lab, name, attributes, sources)
    return found


def _function_advice(lab: Lab, name: str, attributes: dict[str, Any],
                     sources: dict[Path, str]) -> list[Advice]:
    where = f"aws_lambda_function.{name}"
    found = []
    runtime = attributes.get("runtime")
    if isinstance(runtime, str) and runtime in DEPRECATED_RUNTIMES:
        found.append(Advice("deprecated-runtime", where, {
            "es": f"{where} usa `runtime = \"{runtime}\"`, ya obsoleto en AWS: usa python3.12 "
                  "o python3.13.",
            "en": f"{where} uses `runtime = \"{runtime}\"`, deprecated on AWS: use python3.12 "
                  "or python3.13."}))
    if attributes.get("filename") and "source_code_hash" not in attributes:
        found.append(Advice("no-source-code-hash", where, {
            "es": f"{where} no tiene `source_code_hash = filebase64sha256(...)`: sin él, "
                  "Terraform no vuelve a desplegar el zip cuando cambias el código.",
            "en": f"{where} has no `source_code_hash = filebase64sha256(...)`: without it "
                  "Terraform does not redeploy the zip when your code changes."}))
    if _calls_network(attributes, sources) and _timeout(attributes) <= DEFAULT_LAMBDA_TIMEOUT_S:
        found.append(Advice("short-timeout", where, {
            "es": f"{where} llama a una API con un timeout de {_timeout(attributes)} s (el "
                  "valor por defecto es 3 s): pon `timeout = 15` para dar margen a la red.",
            "en": f"{where} calls an API with a {_timeout(attributes)} s timeout (3 s is the "
                  "default): set `timeout = 15` to leave room for the network."}))
    return found


def _calls_network(attributes: dict[str, Any], sources: dict[Path, str]) -> bool:
    handler = attributes.get("handler")
    if not isinstance(handler, str) or "." not in handler:
        return False
    module = handler.rsplit(".", 1)[0]
    return any(path.stem == module and CALLS_NETWORK.search(text)
               for path, text in sources.items())


def _timeout(attributes: dict[str, Any]) -> float:
    value = attributes.get("timeout", DEFAULT_LAMBDA_TIMEOUT_S)
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("inf")  # an expression: we cannot tell, so say nothing


def _compose_advice(lab: Lab) -> list[Advice]:
    try:
        document = compose.load(lab.compose_file)
    except compose.ComposeError:
        return []
    name = _shown(lab, lab.compose_file)
    found = []
    for service_name, service in compose.services(document).items():
        if compose.uses_latest_localstack(service) and not compose.has_auth_token(service):
            found.append(Advice("latest-without-token", name, {
                "es": f"El servicio {service_name} usa localstack/localstack:latest sin "
                      "LOCALSTACK_AUTH_TOKEN: desde el 23-03-2026 esa imagen se detiene sin "
                      "token. Fija `localstack/localstack:4.14.0` o añade el token.",
                "en": f"Service {service_name} uses localstack/localstack:latest without "
                      "LOCALSTACK_AUTH_TOKEN: since 2026-03-23 that image exits without a "
                      "token. Pin `localstack/localstack:4.14.0` or add the token."}))
    return found


def _shown(lab: Lab, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(lab.root.resolve()))
    except ValueError:
        return path.name
