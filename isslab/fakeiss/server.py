"""FakeISS: fake wheretheiss.at, open-notify and Nominatim on loopback, with faults on demand."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any, NamedTuple

from isslab.fakeiss.faults import Fault
from isslab.fakeiss.listener import Listener
from isslab.fakeiss.responses import Response
from isslab.fakeiss.routes import Router
from isslab.fakeiss.tls import TlsMaterial
from isslab.fakeiss.wheretheiss import ISS_ID, WhereTheIss

logger = logging.getLogger(__name__)

# The real hosts whose APIs the fake answers; the HTTPS certificate is valid for all of them.
PUBLIC_HOSTNAMES = ("api.wheretheiss.at", "nominatim.openstreetmap.org", "api.open-notify.org")
DEFAULT_SLOW_SECONDS = 8.0
MAX_SLOW_SECONDS = 120.0
# How long stop() lets handlers finish before cutting their connections (idle clients).
STOP_GRACE_SECONDS = 1.0


class RecordedRequest(NamedTuple):
    """A request the fake received: method, path without query, query parameters."""

    method: str
    path: str
    query: dict[str, str]


class FakeISS:
    """A real HTTP(S) server on loopback serving the ISS position computed at request time."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0,
                 tls_hostnames: list[str] | None = None,
                 slow_seconds: float = DEFAULT_SLOW_SECONDS) -> None:
        self.host = host
        self.slow_seconds = slow_seconds
        self.api = WhereTheIss()
        self._router = Router(self.api)
        self._requested_port = port
        self._tls_hostnames = list(tls_hostnames or [])
        self._tls: TlsMaterial | None = None
        self._http: Listener | None = None
        self._https: Listener | None = None
        self._retired: list[Listener] = []
        self._fault: Fault | None = None
        self._fault_timer: threading.Timer | None = None
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._requests: list[RecordedRequest] = []

    # Lifecycle

    def start(self) -> FakeISS:
        """Bind the listeners and serve from background threads."""
        self._stopping.clear()
        if self._tls_hostnames:
            self._tls = TlsMaterial(self._tls_hostnames)
        try:
            self._http = Listener(self.host, self._requested_port, self)
            if self._tls:
                self._https = Listener(self.host, 0, self, self._tls.server_context())
        except OSError:
            self._abandon_start()
            raise
        for listener in self._live_listeners():
            listener.start()
        logger.info("Fake ISS serving on %s", ", ".join(self.urls))
        return self

    def stop(self) -> None:
        """Stop serving, wake slow replies, join every thread and remove the CA files."""
        with self._lock:
            timer = self._cancel_timer()
            self._stopping.set()
            if self._fault is not Fault.REFUSED:
                self._close_listeners()
            deadline = time.monotonic() + STOP_GRACE_SECONDS
            for listener in self._retired:
                listener.join_handlers(deadline)
            self._http = self._https = None
            self._retired.clear()
            self._fault = None
        if timer is not None:
            timer.join()
        if self._tls:
            self._tls.remove()
        logger.info("Fake ISS stopped")

    def __enter__(self) -> FakeISS:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # Addresses

    @property
    def port(self) -> int:
        """The plain-HTTP port."""
        return self._listener("http").port

    @property
    def https_port(self) -> int:
        """The HTTPS port (only with tls_hostnames)."""
        return self._listener("https").port

    @property
    def url(self) -> str:
        """Base URL of the plain-HTTP listener, e.g. http://127.0.0.1:41234."""
        return f"http://{self.host}:{self.port}"

    @property
    def https_url(self) -> str:
        """Base URL of the HTTPS listener by address (certificate also valid for 127.0.0.1)."""
        return f"https://{self.host}:{self.https_port}"

    @property
    def iss_url(self) -> str:
        """The position endpoint on the plain-HTTP listener."""
        return f"{self.url}/v1/satellites/{ISS_ID}"

    @property
    def urls(self) -> list[str]:
        """Every base URL being served."""
        return [f"{listener.scheme}://{self.host}:{listener.port}"
                for listener in self._live_listeners()]

    @property
    def ca_pem(self) -> Path:
        """The PEM file of the CA that issued the HTTPS certificate (only with tls_hostnames)."""
        if self._tls is None:
            raise RuntimeError("FakeISS has no TLS listener: pass tls_hostnames")
        return self._tls.ca_pem

    @property
    def tls_hostnames(self) -> list[str]:
        """The hostnames the HTTPS certificate is valid for."""
        return list(self._tls_hostnames)

    # Behaviour

    def position_at(self, unix_seconds: int) -> dict[str, Any]:
        """Exactly the body GET /v1/satellites/25544 answers at that Unix second."""
        return self.api.position_at(unix_seconds)

    @property
    def slow_seconds(self) -> float:
        """How long the slow fault delays each reply."""
        return self._slow_seconds

    @slow_seconds.setter
    def slow_seconds(self, value: float) -> None:
        if not 0 < value <= MAX_SLOW_SECONDS:
            raise ValueError(f"slow_seconds must be in (0, {MAX_SLOW_SECONDS}], got {value}")
        self._slow_seconds = float(value)

    @property
    def fault(self) -> Fault | None:
        """The active fault, or None when the service behaves."""
        return self._fault

    @fault.setter
    def fault(self, value: Fault | str | None) -> None:
        self.set_fault(value)

    def set_fault(self, value: Fault | str | None, seconds: float | None = None) -> None:
        """Activate a fault (None clears it); with `seconds`, clear it again after that long."""
        fault = Fault.parse(value)
        with self._lock:
            self._cancel_timer()
            if fault is Fault.REFUSED and self._fault is not Fault.REFUSED:
                self._close_listeners()
            elif fault is not Fault.REFUSED and self._fault is Fault.REFUSED:
                self._reopen_listeners()
            self._fault = fault
            if fault is not None and seconds is not None:
                self._fault_timer = threading.Timer(float(seconds), self.set_fault, (None,))
                self._fault_timer.daemon = True
                self._fault_timer.start()
        logger.info("Fake ISS fault: %s", fault.value if fault else "none")

    @property
    def requests(self) -> list[RecordedRequest]:
        """The requests received so far (a copy), control requests excluded."""
        with self._lock:
            return list(self._requests)

    def clear(self) -> None:
        """Clear the fault and the recorded requests."""
        self.set_fault(None)
        with self._lock:
            self._requests.clear()

    # Called by the request handler

    def record(self, method: str, path: str, query: dict[str, str]) -> None:
        """Remember one request."""
        with self._lock:
            self._requests.append(RecordedRequest(method, path, query))

    def answer(self, method: str, path: str, query: dict[str, str], now: int) -> Response:
        """The normal (fault-free) answer to a request."""
        return self._router.answer(method, path, query, now)

    def wait_slow(self) -> None:
        """Delay a reply for the slow fault; returns early when the server stops."""
        self._stopping.wait(self.slow_seconds)

    # Internals

    def _abandon_start(self) -> None:
        """Release what a failed start() had bound or written (nothing is serving yet)."""
        for listener in self._live_listeners():
            listener.server_close()
        self._http = self._https = None
        if self._tls:
            self._tls.remove()

    def _listener(self, scheme: str) -> Listener:
        listener = self._http if scheme == "http" else self._https
        if listener is None:
            raise RuntimeError(f"FakeISS has no {scheme} listener (not started, or no TLS)")
        return listener

    def _live_listeners(self) -> list[Listener]:
        return [listener for listener in (self._http, self._https) if listener is not None]

    def _close_listeners(self) -> None:
        for listener in self._live_listeners():
            listener.stop_listening()
        self._retired.extend(self._live_listeners())

    def _reopen_listeners(self) -> None:
        http, https = self._http, self._https
        if http is not None:
            self._http = Listener(self.host, http.port, self)
            self._http.start()
        if https is not None:
            self._https = Listener(self.host, https.port, self, https.ssl_context)
            self._https.start()

    def _cancel_timer(self) -> threading.Timer | None:
        timer, self._fault_timer = self._fault_timer, None
        if timer is not None:
            timer.cancel()
        return timer
