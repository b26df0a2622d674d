"""Reto 1: the Compose file that runs LocalStack (static checks, and a real start with Docker)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from isslab.errors import PrerequisiteFailed
from isslab.grading import compose, docker_stack
from isslab.lab import Lab

REQUIRED_SERVICES = {"s3", "lambda", "dynamodb", "events"}
# LocalStack accepts either name for EventBridge.
SERVICE_ALIASES = {"eventbridge": "events"}


@pytest.fixture(scope="module")
def compose_document(lab: Lab) -> dict[str, Any]:
    """The parsed Compose file; the checks that need it error when r1.compose failed."""
    if lab.compose_file is None:
        raise PrerequisiteFailed("r1.compose failed: no Compose file was found")
    try:
        return compose.load(lab.compose_file)
    except compose.ComposeError as error:
        raise PrerequisiteFailed(f"r1.compose failed: {error}") from error


@pytest.fixture(scope="module")
def localstack(compose_document: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(name, definition) of the service that runs LocalStack."""
    found = compose.localstack_service(compose_document)
    if found is None:
        names = ", ".join(compose.services(compose_document)) or "none"
        raise PrerequisiteFailed(f"no LocalStack service found among the services ({names})")
    return found


@pytest.mark.unit
@pytest.mark.criterion("r1.compose")
def test_compose_file_parses_with_services(lab: Lab) -> None:
    """A docker-compose.yml (or compose.yaml variant) that parses and defines services."""
    assert lab.compose_file is not None, (
        "expected docker-compose.yml, docker-compose.yaml, compose.yml or compose.yaml at "
        "the root of the submission; none was found")
    try:
        document = compose.load(lab.compose_file)
    except compose.ComposeError as error:
        pytest.fail(f"expected a Compose file with services; {error}", pytrace=False)
    assert compose.services(document), f"{lab.compose_file.name}: no service is a mapping"


@pytest.mark.unit
@pytest.mark.criterion("r1.image")
def test_localstack_image_is_used(localstack: tuple[str, dict[str, Any]]) -> None:
    """The LocalStack service runs localstack/localstack, any tag."""
    name, service = localstack
    image = service.get("image")
    repository, _tag = compose.image_parts(image or "")
    assert repository == compose.LOCALSTACK_REPO, (
        f"expected service {name!r} to use image localstack/localstack; found {image!r}")


@pytest.mark.unit
@pytest.mark.criterion("r1.port")
def test_gateway_port_is_published(localstack: tuple[str, dict[str, Any]]) -> None:
    """Host port 4566 reaches the container's 4566 (short or long syntax)."""
    name, service = localstack
    assert compose.publishes(service, compose.GATEWAY_PORT), (
        f"expected service {name!r} to publish port 4566 as 4566 (e.g. \"4566:4566\"); "
        f"ports found: {service.get('ports') or 'none'}")


@pytest.mark.unit
@pytest.mark.criterion("r1.services")
def test_required_services_are_enabled(localstack: tuple[str, dict[str, Any]]) -> None:
    """SERVICES lists s3, lambda, dynamodb and events, or is unset (all enabled)."""
    name, service = localstack
    enabled = compose.enabled_services(service)
    if enabled is None:
        return
    enabled = {SERVICE_ALIASES.get(s, s) for s in enabled}
    missing = sorted(REQUIRED_SERVICES - enabled)
    assert not missing, (
        f"expected SERVICES of {name!r} to include {', '.join(sorted(REQUIRED_SERVICES))}; "
        f"missing: {', '.join(missing)} (SERVICES={','.join(sorted(enabled))})")


@pytest.mark.unit
@pytest.mark.criterion("r1.volume")
def test_state_volume_is_mounted(localstack: tuple[str, dict[str, Any]]) -> None:
    """A volume is mounted on /var/lib/localstack."""
    name, service = localstack
    assert compose.mounts_state_dir(service), (
        f"expected a volume on {compose.STATE_DIR} in service {name!r}; container paths "
        f"mounted: {', '.join(compose.volume_targets(service)) or 'none'}")


@pytest.fixture(scope="module")
def docker_engine() -> str:
    """The Docker server version; skips when no daemon answers."""
    version, problem = docker_stack.engine_version()
    if version is None:
        pytest.skip(f"needs a Docker engine ({problem})")
    return version


@pytest.mark.integration
@pytest.mark.criterion("r1.running")
def test_stack_starts_and_is_healthy(
        docker_engine: str, lab: Lab, localstack: tuple[str, dict[str, Any]],
        compose_document: dict[str, Any], tmp_path: Path) -> None:
    """`docker compose up` starts the stack and LocalStack's health shows the services."""
    problems = docker_stack.unsafe_to_start(compose_document, lab.root)
    assert not problems, "the stack was not started: " + "; ".join(problems)
    with docker_stack.ComposeStack(lab.compose_file, tmp_path) as stack:
        started = stack.up()
        assert started.ok, f"`docker compose up --wait` failed: {started.tail}"
        health = stack.health()
    not_ready = sorted(s for s in REQUIRED_SERVICES
                       if health.get(s) not in ("available", "running"))
    assert not not_ready, (
        f"expected {', '.join(sorted(REQUIRED_SERVICES))} available in "
        f"/_localstack/health; not ready: {', '.join(not_ready)} (health: {health})")
