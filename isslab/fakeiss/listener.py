"""One listening socket of the fake service, plain HTTP or TLS, served from its own thread."""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
import threading
import time
from http.server import ThreadingHTTPServer
from typing import TYPE_CHECKING

from isslab.fakeiss.handler import FakeHandler

if TYPE_CHECKING:
    from isslab.fakeiss.server import FakeISS

logger = logging.getLogger(__name__)


class Listener(ThreadingHTTPServer):
    """A threading HTTP server that tracks its connections so it can stop without hanging."""

    allow_reuse_address = True
    # Handler threads are joined on close; stop() first cuts the connections they wait on.
    daemon_threads = False
    block_on_close = True

    def __init__(self, host: str, port: int, fake: FakeISS,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        super().__init__((host, port), FakeHandler)
        self.fake = fake
        self.ssl_context = ssl_context
        self._connections: set[socket.socket] = set()
        self._handlers: set[threading.Thread] = set()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"fakeiss-{self.scheme}-{self.port}", daemon=True)

    @property
    def port(self) -> int:
        """The bound TCP port."""
        return self.server_address[1]

    @property
    def scheme(self) -> str:
        """"https" when this listener speaks TLS, else "http"."""
        return "https" if self.ssl_context else "http"

    def start(self) -> None:
        """Accept connections from a background thread."""
        self._thread.start()

    def stop_listening(self) -> None:
        """Close the listening socket so new connections are refused; current ones finish."""
        self.shutdown()
        self._thread.join()
        self.socket.close()

    def cut_connections(self) -> None:
        """Shut down every open connection, waking handlers blocked on a slow client."""
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def join_handlers(self, deadline: float) -> None:
        """Let handler threads finish until the deadline (time.monotonic), then cut them off."""
        with self._lock:
            handlers = list(self._handlers)
        for thread in handlers:
            thread.join(max(0.0, deadline - time.monotonic()))
        self.cut_connections()
        self.server_close()

    def finish_request(self, request: socket.socket, client_address: tuple) -> None:
        connection = request
        try:
            if self.ssl_context is not None:
                request.settimeout(FakeHandler.timeout)
                connection = self.ssl_context.wrap_socket(request, server_side=True)
            with self._lock:
                self._connections.add(connection)
                self._handlers.add(threading.current_thread())
            self.RequestHandlerClass(connection, client_address, self)
        except (ssl.SSLError, OSError) as error:
            logger.debug("Connection from %s dropped: %s", client_address, error)
        finally:
            with self._lock:
                self._connections.discard(connection)
                self._handlers.discard(threading.current_thread())
            if connection is not request:
                connection.close()
