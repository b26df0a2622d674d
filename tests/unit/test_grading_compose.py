"""isslab.grading.compose and docker_stack: every Compose syntax the Reto 1 checks accept."""

from __future__ import annotations

from pathlib import Path

import pytest

from isslab.grading import compose, docker_stack

pytestmark = pytest.mark.unit


def test_load_reports_yaml_error_line(tmp_path: Path) -> None:
    path = tmp_path / "docker-compose.yml"
    path.write_text("services:\n  localstack:\n    image: [unclosed\n", encoding="utf-8")

    with pytest.raises(compose.ComposeError, match=r"^docker-compose.yml is not valid YAML at "
                                                   r"line 4$"):
        compose.load(path)


@pytest.mark.parametrize(("text", "reason"), [
    ("version: '3'\n", "docker-compose.yml has no `services:` mapping"),
    ("services: {}\n", "docker-compose.yml defines no service under `services:`"),
    ("- a\n- b\n", "docker-compose.yml has no `services:` mapping"),
])
def test_load_refuses_documents_without_services(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "docker-compose.yml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(compose.ComposeError) as caught:
        compose.load(path)
    assert str(caught.value) == reason


@pytest.mark.parametrize(("value", "expected"), [
    ("${LOCALSTACK_IMAGE:-localstack/localstack:4.14.0}", "localstack/localstack:4.14.0"),
    ("${IMAGE-localstack/localstack}", "localstack/localstack"),
    ("${UNSET}x", "x"),
    ("$HOME/data", "/data"),
    ("cost $$5", "cost $5"),
])
def test_interpolate_uses_defaults_only(value: str, expected: str) -> None:
    assert compose.interpolate(value) == expected


@pytest.mark.parametrize(("image", "expected"), [
    ("localstack/localstack", ("localstack/localstack", "latest")),
    ("localstack/localstack:4.14.0", ("localstack/localstack", "4.14.0")),
    ("docker.io/localstack/localstack:latest", ("localstack/localstack", "latest")),
    ("localstack/localstack@sha256:abc", ("localstack/localstack", "latest")),
    ("registry:5000/localstack/localstack", ("registry:5000/localstack/localstack", "latest")),
    ("LocalStack/LocalStack:3.0", ("localstack/localstack", "3.0")),
])
def test_image_parts(image: str, expected: tuple[str, str]) -> None:
    assert compose.image_parts(image) == expected


def test_localstack_service_found_by_image_then_name() -> None:
    document = {"services": {"db": {"image": "postgres"},
                             "emu": {"image": "localstack/localstack:4.14.0"}}}
    expected = ("emu", {"image": "localstack/localstack:4.14.0"})
    assert compose.localstack_service(document) == expected
    document = {"services": {"db": {"image": "postgres"}, "localstack": {"image": "x"}}}
    assert compose.localstack_service(document) == ("localstack", {"image": "x"})
    assert compose.localstack_service({"services": {"a": {}, "b": {}}}) is None


@pytest.mark.parametrize("ports", [
    ["4566:4566"], ["127.0.0.1:4566:4566"], ["4566:4566/tcp"], ["4510-4570:4510-4570"],
    [{"target": 4566, "published": 4566}], [{"target": 4566, "published": "4566"}],
    ["${PORT:-4566}:4566"], ["[::1]:4566:4566"],
])
def test_gateway_port_published(ports: list) -> None:
    assert compose.publishes({"ports": ports}) is True


@pytest.mark.parametrize("ports", [
    [], ["4566"], ["4567:4566"], ["4566:4567"], [{"target": 4566}], ["4510-4559:4510-4559"],
])
def test_gateway_port_not_published(ports: list) -> None:
    assert compose.publishes({"ports": ports}) is False


def test_host_network_publishes_every_port() -> None:
    assert compose.publishes({"network_mode": "host"}) is True


@pytest.mark.parametrize(("environment", "expected"), [
    (["SERVICES=s3, lambda,DynamoDB"], {"s3", "lambda", "dynamodb"}),
    ({"SERVICES": "s3,events"}, {"s3", "events"}),
    ({"SERVICES": ""}, None),
    (["DEBUG=1"], None),
    (None, None),
])
def test_enabled_services(environment: object, expected: set[str] | None) -> None:
    assert compose.enabled_services({"environment": environment}) == expected


@pytest.mark.parametrize(("volumes", "expected"), [
    (["./volume:/var/lib/localstack"], ["/var/lib/localstack"]),
    (["${DIR:-./v}:/var/lib/localstack/:rw"], ["/var/lib/localstack"]),
    (["/var/lib/localstack"], ["/var/lib/localstack"]),
    ([{"type": "volume", "source": "data", "target": "/var/lib/localstack"}],
     ["/var/lib/localstack"]),
    ([r"C:\data:/var/lib/localstack"], ["/var/lib/localstack"]),
    (["./data:/tmp/localstack"], ["/tmp/localstack"]),
])
def test_volume_targets(volumes: list, expected: list[str]) -> None:
    assert compose.volume_targets({"volumes": volumes}) == expected


@pytest.mark.parametrize(("environment", "expected"), [
    (["LOCALSTACK_AUTH_TOKEN=${LOCALSTACK_AUTH_TOKEN:-}"], True),
    ({"LOCALSTACK_AUTH_TOKEN": None}, True),
    (["SERVICES=s3"], False),
])
def test_auth_token_detection(environment: object, expected: bool) -> None:
    assert compose.has_auth_token({"environment": environment}) is expected


def test_reference_compose_is_safe_to_start(tmp_path: Path) -> None:
    document = {"services": {"localstack": {
        "image": "localstack/localstack:4.14.0",
        "volumes": ["./volume:/var/lib/localstack", "/var/run/docker.sock:/var/run/docker.sock"]}}}

    assert docker_stack.unsafe_to_start(document, tmp_path) == []


def test_dangerous_compose_is_not_started(tmp_path: Path) -> None:
    document = {"services": {
        "localstack": {"image": "localstack/localstack", "privileged": True,
                       "volumes": ["/:/host", "../../x:/y"]},
        "miner": {"build": "."}}}

    assert docker_stack.unsafe_to_start(document, tmp_path) == [
        "service 'localstack': 'privileged' is not allowed",
        "service 'localstack': host path '/' is mounted",
        "service 'localstack': path '../../x' points outside the submission",
        "service 'miner': only localstack/localstack is started (image None)",
        "service 'miner': 'build' is not allowed",
    ]
