"""The hermetic network of code under test: exact host names routed to loopback services.

An emulator started with `HermeticNetwork.install(folder)`'s variables imports a
`sitecustomize.py` at start-up (so do its Lambda workers, which inherit its environment).
That hook resolves each routed (host, port) to a loopback address and trusts the fake
service's CA, so unmodified course code reaches the fakes instead of the internet.
"""

from __future__ import annotations

import json
import logging
import shutil
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from isslab.fakeiss import FakeISS

logger = logging.getLogger(__name__)

CONFIG_VARIABLE = "ISSLAB_HERMETIC"
HOOK_SOURCE = Path(__file__).with_name("sitecustomize.py")

# Names the course's code uses for the emulator, as seen from inside a Lambda.
EMULATOR_ALIASES = ("host.docker.internal", "localhost.localstack.cloud")
EMULATOR_ALIAS_PORT = 4566
# Public services the course calls; the fake ISS service answers for all of them.
FAKE_HTTPS_HOSTS = ("api.wheretheiss.at", "nominatim.openstreetmap.org")
FAKE_HTTP_HOSTS = ("api.open-notify.org",)
LOOPBACK = "127.0.0.1"


@dataclass
class HermeticNetwork:
    """Routes "host:port" -> (ip, port), an optional extra CA, and limits for Lambda workers."""

    routes: dict[str, tuple[str, int]] = field(default_factory=dict)
    extra_ca: Path | None = None
    lambda_limits: dict[str, int] = field(default_factory=dict)

    def route(self, host: str, port: int, target_port: int, target_ip: str = LOOPBACK) -> None:
        """Send connections for exactly (host, port) to (target_ip, target_port)."""
        self.routes[f"{host.lower()}:{port}"] = (target_ip, target_port)

    def config_json(self) -> str:
        """The value of ISSLAB_HERMETIC that the hook reads."""
        return json.dumps({
            "routes": {key: list(target) for key, target in sorted(self.routes.items())},
            "lambda_limits": self.lambda_limits,
        }, separators=(",", ":"))

    def install(self, folder: Path) -> dict[str, str]:
        """Write the hook (and CA bundle) into folder; return the variables that enable them."""
        folder.mkdir(parents=True, exist_ok=True)
        hook = folder / "sitecustomize.py"
        shutil.copyfile(HOOK_SOURCE, hook)
        hook.chmod(0o644)
        variables = {"PYTHONPATH": str(folder), CONFIG_VARIABLE: self.config_json()}
        bundle = self._write_ca_bundle(folder)
        if bundle is not None:
            variables["SSL_CERT_FILE"] = str(bundle)
        logger.debug("hermetic routes: %s", self.routes)
        return variables

    def _write_ca_bundle(self, folder: Path) -> Path | None:
        if self.extra_ca is None:
            return None
        bundle = folder / "ca-bundle.pem"
        system = system_ca_bundle()
        parts = [system.read_text()] if system is not None else []
        parts.append(Path(self.extra_ca).read_text())
        bundle.write_text("\n".join(part.rstrip("\n") for part in parts) + "\n")
        bundle.chmod(0o644)
        return bundle


def system_ca_bundle() -> Path | None:
    """The system's CA bundle file, so real HTTPS keeps working beside the fake CA."""
    paths = ssl.get_default_verify_paths()
    for candidate in (paths.cafile, paths.openssl_cafile):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def for_emulator(emulator_port: int, fake_iss: FakeISS | None) -> HermeticNetwork:
    """The course's routes: its emulator aliases, plus the fake ISS service when there is one."""
    network = HermeticNetwork()
    for alias in EMULATOR_ALIASES:
        network.route(alias, EMULATOR_ALIAS_PORT, emulator_port)
    if fake_iss is None:
        return network
    tls_hosts = [host for host in FAKE_HTTPS_HOSTS if host in fake_iss.tls_hostnames]
    for host in tls_hosts:
        network.route(host, 443, fake_iss.https_port)
    if tls_hosts:
        network.extra_ca = Path(fake_iss.ca_pem)
    for host in FAKE_HTTP_HOSTS:
        network.route(host, 80, fake_iss.port)
    return network
