"""`isslab fake-iss`: serve the fake ISS API, open-notify and Nominatim in the foreground."""

from __future__ import annotations

import argparse
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from isslab.errors import IsslabError, UsageError
from isslab.fakeiss import PUBLIC_HOSTNAMES, FakeISS, Fault
from isslab.fakeiss.server import DEFAULT_SLOW_SECONDS, MAX_SLOW_SECONDS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default: %(default)s)")
    parser.add_argument("--port", type=int, default=0,
                        help="plain-HTTP port (default: a free one, printed at start)")
    parser.add_argument("--fault", choices=[fault.value for fault in Fault], default=None,
                        help="start with this fault active (POST /_fake/fault changes it)")
    parser.add_argument("--slow-seconds", type=float, default=DEFAULT_SLOW_SECONDS,
                        help="reply delay of the slow fault (default: %(default)s)")
    parser.add_argument("--tls", action="store_true",
                        help="also serve HTTPS, certificate valid for "
                        + ", ".join(PUBLIC_HOSTNAMES))


def run(args: argparse.Namespace) -> int:
    if not 0 < args.slow_seconds <= MAX_SLOW_SECONDS:
        raise UsageError(f"--slow-seconds must be in (0, {MAX_SLOW_SECONDS:g}]")
    fake = FakeISS(host=args.host, port=args.port, slow_seconds=args.slow_seconds,
                   tls_hostnames=list(PUBLIC_HOSTNAMES) if args.tls else None)
    try:
        fake.start()
    except OSError as error:
        raise IsslabError(f"cannot listen on {args.host}:{args.port}: {error.strerror}. "
                          "Choose another --port, or 0 for a free one.") from error
    try:
        fake.fault = args.fault
        # Handlers first: whoever reads the banner may signal at once.
        with _stop_signals() as stop:
            _print_banner(fake)
            stop.wait()
    finally:
        fake.stop()
    return 0


def _print_banner(fake: FakeISS) -> None:
    print(f"Fake ISS API:  {fake.iss_url}")
    print(f"Astronauts:    {fake.url}/astros.json")
    print(f"Nominatim:     {fake.url}/search?q=Madrid&format=json")
    print(f"Fault control: POST {fake.url}/_fake/fault  {{\"fault\": \"http_500\"|null}}")
    if fake.tls_hostnames:
        print(f"HTTPS:         {fake.https_url} (valid for {', '.join(fake.tls_hostnames)})")
        print(f"CA (PEM):      {fake.ca_pem}")
    if fake.fault:
        print(f"Active fault:  {fake.fault.value}")
    print("Press Ctrl-C to stop.", flush=True)


@contextmanager
def _stop_signals() -> Iterator[threading.Event]:
    """An event set by SIGINT or SIGTERM; the previous handlers come back afterwards."""
    stop = threading.Event()
    previous = {number: signal.signal(number, lambda *_: stop.set())
                for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
