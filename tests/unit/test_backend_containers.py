"""LocalStack and Floci container settings, and the early-exit wait, without Docker."""

from __future__ import annotations

from unittest import mock

import pytest
from testcontainers.core.labels import SESSION_ID

from isslab.backends.container import ContainerSettings, wait_until_ready
from isslab.backends.floci import floci_settings
from isslab.backends.localstack import explain_exit, localstack_settings
from isslab.errors import IsslabError

pytestmark = pytest.mark.unit


def fake_fake_iss() -> mock.Mock:
    return mock.Mock(tls_hostnames=["api.wheretheiss.at"], port=8080, https_port=8443)


def test_localstack_defaults_to_the_last_tokenless_image() -> None:
    assert localstack_settings({}).image == "localstack/localstack:4.14.0"


def test_localstack_image_can_be_overridden() -> None:
    settings = localstack_settings({"ISSLAB_LOCALSTACK_IMAGE": "localstack/localstack:4.15"})

    assert settings.image == "localstack/localstack:4.15"


def test_localstack_token_passes_through_when_set() -> None:
    settings = localstack_settings({"LOCALSTACK_AUTH_TOKEN": "ls-abc"})

    assert settings.env["LOCALSTACK_AUTH_TOKEN"] == "ls-abc"


def test_localstack_has_no_token_variable_when_host_has_none() -> None:
    settings = localstack_settings({"GITHUB_TOKEN": "x", "AWS_SECRET_ACCESS_KEY": "real"})

    assert "LOCALSTACK_AUTH_TOKEN" not in settings.env
    assert set(settings.env) == {"SERVICES", "AWS_DEFAULT_REGION", "LAMBDA_DOCKER_FLAGS"}


def test_localstack_runs_the_course_services_with_docker_socket_and_host_alias() -> None:
    settings = localstack_settings({})

    assert settings.env["SERVICES"] == \
        "s3,lambda,iam,sts,events,scheduler,logs,dynamodb,cloudwatch"
    assert settings.volumes == (("/var/run/docker.sock", "/var/run/docker.sock", "rw"),)
    assert settings.extra_hosts == {"host.docker.internal": "host-gateway"}
    assert settings.port == 4566


def test_localstack_lambda_containers_get_host_alias_and_reaper_label() -> None:
    flags = localstack_settings({}).env["LAMBDA_DOCKER_FLAGS"]

    assert flags == ("--add-host=host.docker.internal:host-gateway "
                     f"--label org.testcontainers.session-id={SESSION_ID}")


def test_localstack_lambda_containers_map_public_apis_with_a_fake_service() -> None:
    flags = localstack_settings({}, fake_iss=fake_fake_iss()).env["LAMBDA_DOCKER_FLAGS"]

    assert flags.split() == [
        "--add-host=host.docker.internal:host-gateway",
        "--add-host=api.wheretheiss.at:host-gateway",
        "--add-host=nominatim.openstreetmap.org:host-gateway",
        "--add-host=api.open-notify.org:host-gateway",
        "--label", f"org.testcontainers.session-id={SESSION_ID}",
    ]


def test_settings_are_applied_to_a_container() -> None:
    container = mock.Mock()
    settings = ContainerSettings(image="i", env={"A": "1"}, volumes=(("/h", "/c", "ro"),),
                                 extra_hosts={"h": "host-gateway"})

    settings.apply(container)

    container.with_env.assert_called_once_with("A", "1")
    container.with_volume_mapping.assert_called_once_with("/h", "/c", "ro")
    container.with_kwargs.assert_called_once_with(extra_hosts={"h": "host-gateway"})


def test_floci_settings() -> None:
    settings = floci_settings({})

    assert settings.image == "floci/floci:latest"
    assert settings.env == {"FLOCI_DEFAULT_REGION": "us-east-1"}
    assert settings.extra_hosts == {"host.docker.internal": "host-gateway"}
    assert floci_settings({"ISSLAB_FLOCI_IMAGE": "floci/floci:1.2"}).image == "floci/floci:1.2"


def exited_container(exit_code: int) -> mock.Mock:
    wrapped = mock.Mock(status="exited", attrs={"State": {"ExitCode": exit_code}})
    container = mock.Mock()
    container.get_wrapped_container.return_value = wrapped
    container.get_logs.return_value = (b"starting\n", b"License activation failed\n")
    return container


def test_exit_55_fails_at_once_naming_the_token() -> None:
    container = exited_container(55)
    healthy = mock.Mock(return_value=False)
    sleep = mock.Mock()

    with pytest.raises(IsslabError) as raised:
        wait_until_ready(container, healthy, explain_exit=explain_exit, sleep=sleep)

    assert str(raised.value) == (
        "LocalStack exited with code 55: this image needs LOCALSTACK_AUTH_TOKEN. "
        "Set LOCALSTACK_AUTH_TOKEN, or use localstack/localstack:4.14.0 "
        "(ISSLAB_LOCALSTACK_IMAGE=localstack/localstack:4.14.0), or --backend ministack")
    sleep.assert_not_called()
    healthy.assert_not_called()


def test_other_exit_codes_show_the_last_logs() -> None:
    with pytest.raises(IsslabError, match="exited with code 1 while starting") as raised:
        wait_until_ready(exited_container(1), lambda: False, explain_exit=explain_exit,
                         sleep=mock.Mock())

    assert str(raised.value).endswith("starting\nLicense activation failed")


def test_running_container_waits_until_healthy() -> None:
    wrapped = mock.Mock(status="running", attrs={"State": {"ExitCode": 0}})
    container = mock.Mock()
    container.get_wrapped_container.return_value = wrapped
    answers = iter([False, False, True])
    sleep = mock.Mock()

    wait_until_ready(container, lambda: next(answers), explain_exit=explain_exit, sleep=sleep)

    assert sleep.call_count == 2


def test_wait_times_out_with_status_and_logs() -> None:
    wrapped = mock.Mock(status="running", attrs={"State": {}})
    container = mock.Mock()
    container.get_wrapped_container.return_value = wrapped
    container.get_logs.return_value = (b"still booting\n", b"")
    ticks = iter([0.0, 10.0, 200.0])

    with pytest.raises(IsslabError) as raised:
        wait_until_ready(container, lambda: False, explain_exit=explain_exit, timeout=120,
                         sleep=mock.Mock(), clock=lambda: next(ticks))

    assert str(raised.value) == ("the container (running) was not ready within 120 s; "
                                 "its last output:\nstill booting")
