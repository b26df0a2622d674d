"""`isslab serve`: the embedded AWS emulator in the foreground, LocalStack-compatible.

A student without Docker can do every Reto against it with
`aws --endpoint-url http://localhost:4566 ...` and Terraform.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Iterator

from isslab.backends.ministack import MiniStackBackend

USAGE = """\
AWS emulator (MiniStack {version}) listening at {endpoint}
  export AWS_ENDPOINT_URL={endpoint} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \\
         AWS_DEFAULT_REGION=us-east-1
  aws --endpoint-url {endpoint} s3 ls
  Terraform: point the aws provider's endpoints at {endpoint}
  Lambda code reaches it as http://host.docker.internal:{alias_port} too.
Stop with Ctrl-C."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=4566, help="port to listen on (4566)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (127.0.0.1; 0.0.0.0 exposes it to the network)")
    parser.add_argument("--with-fake-iss", action="store_true",
                        help="also serve the fake ISS API and route the real hostnames to it")
    parser.add_argument("--quiet", action="store_true", help="do not echo the emulator's log")


def run(args: argparse.Namespace) -> int:
    stop_requested = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop_requested.set())
    try:
        with _fake_iss(args.with_fake_iss) as fake:
            backend = MiniStackBackend(port=args.port, host=args.host, fake_iss=fake,
                                       echo=None if args.quiet else _echo)
            with backend:
                _announce(backend, fake)
                _wait(stop_requested)
    finally:
        signal.signal(signal.SIGTERM, previous)
    print("isslab serve: stopped", file=sys.stderr)
    return 0


@contextlib.contextmanager
def _fake_iss(enabled: bool) -> Iterator[object | None]:
    if not enabled:
        yield None
        return
    from isslab.fakeiss import PUBLIC_HOSTNAMES, FakeISS

    with FakeISS(tls_hostnames=list(PUBLIC_HOSTNAMES)) as fake:
        yield fake


def _announce(backend: MiniStackBackend, fake: object | None) -> None:
    from isslab.backends.emulator_venv import MINISTACK_VERSION
    from isslab.hermetic import EMULATOR_ALIAS_PORT

    print(USAGE.format(version=MINISTACK_VERSION, endpoint=backend.endpoint_url,
                       alias_port=EMULATOR_ALIAS_PORT), flush=True)
    if fake is not None:
        print(f"Fake ISS API at {fake.iss_url}; Lambdas calling https://api.wheretheiss.at "
              "reach it.", flush=True)


def _wait(stop_requested: threading.Event) -> None:
    """Block until SIGTERM or Ctrl-C (KeyboardInterrupt ends the with-blocks cleanly)."""
    with contextlib.suppress(KeyboardInterrupt):
        while not stop_requested.wait(0.5):
            pass


def _echo(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
