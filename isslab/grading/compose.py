"""Reading a student's Compose file: the LocalStack service, its ports, services and volumes.

Pure functions over the parsed YAML, so every syntax Compose accepts (short and long port
and volume forms, list and mapping environments, ${VAR:-default} values) is unit-tested.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

LOCALSTACK_REPO = "localstack/localstack"
STATE_DIR = "/var/lib/localstack"
GATEWAY_PORT = 4566
MAX_COMPOSE_BYTES = 1_000_000
# ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, $VAR; $$ is a literal dollar.
VARIABLE = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}"
                      r"|\$([A-Za-z_][A-Za-z0-9_]*)")


class ComposeError(ValueError):
    """The Compose file is missing, unreadable or not a Compose document."""


def load(path: Path) -> dict[str, Any]:
    """The Compose document; ComposeError says why it cannot be used."""
    if path.stat().st_size > MAX_COMPOSE_BYTES:
        raise ComposeError(f"{path.name} is over {MAX_COMPOSE_BYTES} bytes")
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise ComposeError(f"{path.name} is not UTF-8 text") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ComposeError(f"{path.name} is not valid YAML{where}") from error
    if not isinstance(document, dict) or not isinstance(document.get("services"), dict):
        raise ComposeError(f"{path.name} has no `services:` mapping")
    if not document["services"]:
        raise ComposeError(f"{path.name} defines no service under `services:`")
    return document


def services(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Service name → definition, skipping entries that are not mappings."""
    return {str(name): body for name, body in (document.get("services") or {}).items()
            if isinstance(body, dict)}


def interpolate(value: Any) -> str:
    """A Compose value with variables replaced by their defaults (the host env is ignored)."""
    def replace(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        operator, default = match.group(2), match.group(3)
        return default if operator in (":-", "-") and default is not None else ""
    return VARIABLE.sub(replace, str(value))


def image_parts(image: Any) -> tuple[str, str]:
    """(repository, tag) of an image reference; tag "latest" when none is given."""
    reference = interpolate(image).strip().split("@", 1)[0]
    name, _, tag = reference.rpartition(":")
    if not name or "/" in tag:
        name, tag = reference, "latest"
    for registry in ("docker.io/", "index.docker.io/", "registry-1.docker.io/"):
        name = name.removeprefix(registry)
    return name.lower(), tag or "latest"


def localstack_service(document: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The service that runs LocalStack: by image, else named localstack, else the only one."""
    defined = services(document)
    for name, body in defined.items():
        if image_parts(body.get("image", ""))[0] == LOCALSTACK_REPO:
            return name, body
    if "localstack" in defined:
        return "localstack", defined["localstack"]
    if len(defined) == 1:
        return next(iter(defined.items()))
    return None


def uses_latest_localstack(service: dict[str, Any]) -> bool:
    repository, tag = image_parts(service.get("image", ""))
    return repository == LOCALSTACK_REPO and tag == "latest"


def environment(service: dict[str, Any]) -> dict[str, str]:
    """The service's environment, from the list or the mapping syntax."""
    raw = service.get("environment") or {}
    if isinstance(raw, dict):
        return {str(k): "" if v is None else interpolate(v) for k, v in raw.items()}
    result = {}
    for entry in raw if isinstance(raw, list) else []:
        name, _, value = str(entry).partition("=")
        result[name.strip()] = interpolate(value)
    return result


def has_auth_token(service: dict[str, Any]) -> bool:
    """Whether a LOCALSTACK_AUTH_TOKEN is passed (a ${VAR} reference counts)."""
    raw = service.get("environment") or {}
    names = raw.keys() if isinstance(raw, dict) else [str(e).split("=")[0] for e in raw]
    return "LOCALSTACK_AUTH_TOKEN" in {str(name).strip() for name in names}


def enabled_services(service: dict[str, Any]) -> set[str] | None:
    """The SERVICES list, lower case; None when unset or empty (LocalStack enables all)."""
    value = environment(service).get("SERVICES", "").strip()
    if not value:
        return None
    return {part.strip().lower() for part in value.split(",") if part.strip()}


def publishes(service: dict[str, Any], port: int = GATEWAY_PORT) -> bool:
    """Whether host port `port` reaches container port `port` (or the host network is used)."""
    if str(service.get("network_mode", "")) == "host":
        return True
    return any(host == port and target == port
               for host, target in published_ports(service))


def published_ports(service: dict[str, Any]) -> list[tuple[int | None, int]]:
    """(host port, container port) pairs; host None when Compose picks one."""
    pairs: list[tuple[int | None, int]] = []
    for entry in service.get("ports") or []:
        if isinstance(entry, dict):
            pairs += _long_port(entry)
        else:
            pairs += _short_port(interpolate(entry))
    return pairs


def _long_port(entry: dict[str, Any]) -> list[tuple[int | None, int]]:
    targets = _port_range(interpolate(entry.get("target", "")))
    published = entry.get("published")
    hosts = _port_range(interpolate(published)) if published not in (None, "") else []
    if not hosts:
        return [(None, target) for target in targets]
    return list(zip(hosts, targets, strict=False))


def _short_port(text: str) -> list[tuple[int | None, int]]:
    text = text.strip().split("/", 1)[0]
    if text.startswith("["):  # IPv6 host address: [::1]:4566:4566
        text = text.split("]:", 1)[-1]
    parts = text.split(":")
    targets = _port_range(parts[-1])
    if len(parts) == 1:
        return [(None, target) for target in targets]
    hosts = _port_range(parts[-2])
    if not hosts:
        return [(None, target) for target in targets]
    return list(zip(hosts, targets, strict=False))


def _port_range(text: str) -> list[int]:
    start, _, end = text.strip().partition("-")
    try:
        first = int(start)
        last = int(end) if end else first
    except ValueError:
        return []
    return list(range(first, last + 1)) if 0 < first <= last <= 65535 else []


def volume_targets(service: dict[str, Any]) -> list[str]:
    """The container paths of the service's volumes, normalised without a trailing slash."""
    targets = []
    for entry in service.get("volumes") or []:
        if isinstance(entry, dict):
            target = interpolate(entry.get("target", ""))
        else:
            target = _short_volume_target(interpolate(entry))
        if target:
            targets.append(target.rstrip("/") or "/")
    return targets


def _short_volume_target(text: str) -> str:
    parts = text.split(":")
    if len(parts) >= 2 and len(parts[0]) == 1 and parts[0].isalpha():
        parts = [f"{parts[0]}:{parts[1]}", *parts[2:]]  # a Windows drive: C:\data:/target
    if len(parts) == 1:
        return parts[0]
    return parts[1]


def mounts_state_dir(service: dict[str, Any]) -> bool:
    return STATE_DIR in volume_targets(service)
