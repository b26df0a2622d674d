"""Choosing a backend: by name, or `auto` by whether a Docker daemon answers."""

from __future__ import annotations

from unittest import mock

import pytest

from isslab.backends import create_backend, resolve_backend, select_backend
from isslab.backends.external import ExternalBackend
from isslab.backends.localstack import LocalStackBackend
from isslab.backends.ministack import MiniStackBackend
from isslab.backends.probe import docker_daemon_status
from isslab.errors import UsageError

pytestmark = pytest.mark.unit

PROBE = "isslab.backends.probe.docker_daemon_status"


def test_auto_without_docker_is_ministack() -> None:
    why = "no Docker daemon answered at unix:///var/run/docker.sock (no such socket)"
    with mock.patch(PROBE, return_value=(False, why)):
        backend, reason = select_backend("auto")

    assert isinstance(backend, MiniStackBackend)
    assert reason == f"auto: {why}"


def test_auto_with_docker_is_localstack() -> None:
    with mock.patch(PROBE, return_value=(True, "a Docker daemon answered at unix:///x")):
        backend, reason = select_backend("auto")

    assert isinstance(backend, LocalStackBackend)
    assert reason == "auto: a Docker daemon answered at unix:///x"


def test_explicit_choice_does_not_probe_docker() -> None:
    with mock.patch(PROBE) as probe:
        assert resolve_backend("ministack") == \
            ("ministack", "chosen with --backend / ISSLAB_BACKEND")

    probe.assert_not_called()


def test_unknown_name_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown backend 'moto'"):
        resolve_backend("moto")


def test_missing_socket_is_reported_without_the_sdk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")

    assert docker_daemon_status() == (
        False, "no Docker daemon answered at unix:///nonexistent/docker.sock (no such socket)")


def test_unanswered_tcp_daemon_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "tcp://127.0.0.1:1")

    answers, reason = docker_daemon_status()

    assert answers is False
    assert reason.startswith("no Docker daemon answered at tcp://127.0.0.1:1 (")


def test_external_needs_an_endpoint() -> None:
    with pytest.raises(UsageError, match="needs --endpoint-url or AWS_ENDPOINT_URL"):
        create_backend("external")


def test_external_cannot_be_reset() -> None:
    backend = create_backend("external", endpoint_url="http://localhost:4566/")

    assert isinstance(backend, ExternalBackend)
    assert backend.endpoint_url == "http://localhost:4566"
    assert backend.supports_reset is False
