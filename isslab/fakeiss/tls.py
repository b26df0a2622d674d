"""A private certificate authority and a server certificate for the hostnames the fake serves."""

from __future__ import annotations

import shutil
import ssl
import tempfile
from pathlib import Path

import trustme


class TlsMaterial:
    """A trustme CA, a server certificate for some hostnames, and the CA written as PEM."""

    def __init__(self, hostnames: list[str]) -> None:
        self.hostnames = list(hostnames)
        self._ca = trustme.CA(organization_name="isslab fake ISS")
        # Loopback names too, so clients may also connect by address.
        self._cert = self._ca.issue_cert(*self.hostnames, "localhost", "127.0.0.1")
        self._dir = Path(tempfile.mkdtemp(prefix="isslab-fakeiss-"))
        self.ca_pem = self._dir / "ca.pem"
        self._ca.cert_pem.write_to_path(str(self.ca_pem))

    def server_context(self) -> ssl.SSLContext:
        """An SSL context that presents the server certificate."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._cert.configure_cert(context)
        return context

    def client_context(self) -> ssl.SSLContext:
        """An SSL context that trusts only this CA and verifies hostnames."""
        return ssl.create_default_context(cafile=str(self.ca_pem))

    def remove(self) -> None:
        """Delete the CA file and its private directory."""
        shutil.rmtree(self._dir, ignore_errors=True)
