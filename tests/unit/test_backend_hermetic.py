"""The hermetic network hook, run in a fresh interpreter as Lambda workers run it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from isslab import hermetic
from isslab.hermetic import HermeticNetwork

pytestmark = pytest.mark.unit

PROBE = """\
import json, socket, resource
answers = {}
for host, port in [("api.wheretheiss.at", 443), ("API.WhereTheISS.at.", "443"),
                   ("api.wheretheiss.at", "https"), ("host.docker.internal", 4566)]:
    info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    answers[f"{host}|{port}"] = list(info[0][4])
info = socket.getaddrinfo("127.0.0.2", 443, type=socket.SOCK_STREAM)
answers["unrouted"] = list(info[0][4])
answers["as"] = resource.getrlimit(resource.RLIMIT_AS)[0]
print(json.dumps(answers))
"""


def run_with_hook(network: HermeticNetwork, folder: Path, **extra: str) -> dict:
    variables = network.install(folder)
    environment = {"PATH": os.environ["PATH"], **variables, **extra}
    completed = subprocess.run([sys.executable, "-c", PROBE], env=environment,
                               capture_output=True, text=True, timeout=30, check=True)
    return json.loads(completed.stdout)


@pytest.fixture
def network() -> HermeticNetwork:
    network = HermeticNetwork(lambda_limits={"as": 3 * 1024 ** 3})
    network.route("api.wheretheiss.at", 443, 45443)
    network.route("host.docker.internal", 4566, 45566)
    return network


def test_routed_names_resolve_to_loopback_ports(network: HermeticNetwork,
                                                tmp_path: Path) -> None:
    answers = run_with_hook(network, tmp_path)

    assert answers["api.wheretheiss.at|443"] == ["127.0.0.1", 45443]
    assert answers["API.WhereTheISS.at.|443"] == ["127.0.0.1", 45443]
    assert answers["api.wheretheiss.at|https"] == ["127.0.0.1", 45443]
    assert answers["host.docker.internal|4566"] == ["127.0.0.1", 45566]


def test_unrouted_addresses_pass_through_unchanged(network: HermeticNetwork,
                                                   tmp_path: Path) -> None:
    assert run_with_hook(network, tmp_path)["unrouted"] == ["127.0.0.2", 443]


def test_limits_apply_only_in_lambda_workers(network: HermeticNetwork, tmp_path: Path) -> None:
    import resource
    ours = resource.getrlimit(resource.RLIMIT_AS)[0]

    in_emulator = run_with_hook(network, tmp_path)["as"]
    in_lambda = run_with_hook(network, tmp_path, AWS_LAMBDA_FUNCTION_NAME="f")["as"]

    assert in_emulator == ours
    assert in_lambda == 3 * 1024 ** 3


def test_routed_connection_reaches_the_loopback_server(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        network = HermeticNetwork()
        network.route("api.open-notify.org", 80, server.getsockname()[1])
        script = ("import socket; s = socket.create_connection(('api.open-notify.org', 80), 5);"
                  " s.sendall(b'ping'); s.close()")
        variables = network.install(tmp_path)
        subprocess.run([sys.executable, "-c", script], env={"PATH": os.environ["PATH"],
                       **variables}, timeout=30, check=True)
        connection, _ = server.accept()
        with connection:
            assert connection.recv(4) == b"ping"


def test_bundle_holds_system_cas_and_the_fake_ca(tmp_path: Path) -> None:
    fake_ca = tmp_path / "fake-ca.pem"
    fake_ca.write_text("-----BEGIN CERTIFICATE-----\nFAKE\n-----END CERTIFICATE-----\n")
    network = HermeticNetwork(extra_ca=fake_ca)

    variables = network.install(tmp_path / "hook")

    bundle = Path(variables["SSL_CERT_FILE"]).read_text()
    system = hermetic.system_ca_bundle()
    assert system is not None, "this machine has no system CA bundle"
    assert bundle.startswith(system.read_text().rstrip("\n"))
    assert bundle.endswith("FAKE\n-----END CERTIFICATE-----\n")


def test_install_sets_exactly_three_variables(network: HermeticNetwork, tmp_path: Path) -> None:
    network.extra_ca = tmp_path / "ca.pem"
    network.extra_ca.write_text("x\n")

    variables = network.install(tmp_path / "hook")

    assert sorted(variables) == ["ISSLAB_HERMETIC", "PYTHONPATH", "SSL_CERT_FILE"]
    assert json.loads(variables["ISSLAB_HERMETIC"]) == {
        "routes": {"api.wheretheiss.at:443": ["127.0.0.1", 45443],
                   "host.docker.internal:4566": ["127.0.0.1", 45566]},
        "lambda_limits": {"as": 3 * 1024 ** 3},
    }


def test_course_routes_for_an_emulator_and_fake_service() -> None:
    fake = mock.Mock(tls_hostnames=["api.wheretheiss.at", "nominatim.openstreetmap.org",
                                    "api.open-notify.org"], port=8080, https_port=8443,
                     ca_pem="/tmp/ca.pem")

    network = hermetic.for_emulator(45123, fake)

    assert network.routes == {
        "host.docker.internal:4566": ("127.0.0.1", 45123),
        "localhost.localstack.cloud:4566": ("127.0.0.1", 45123),
        "api.wheretheiss.at:443": ("127.0.0.1", 8443),
        "nominatim.openstreetmap.org:443": ("127.0.0.1", 8443),
        "api.open-notify.org:80": ("127.0.0.1", 8080),
    }
    assert network.extra_ca == Path("/tmp/ca.pem")
