"""Imported at start-up by every Python process of the emulator, Lambda workers included.

isslab copies this file into a private directory on the emulator's PYTHONPATH. It reads one
environment variable, ISSLAB_HERMETIC (JSON), and:

- makes exact (host, port) pairs resolve to loopback addresses, so course code that calls
  https://api.wheretheiss.at or http://host.docker.internal:4566 reaches the fake service and
  the emulator with no internet and no change to the code;
- in a Lambda worker only, lowers the address-space and file-size limits.

It must import nothing outside the standard library: the emulator's interpreter runs it.
"""

import contextlib
import json
import os
import socket

_CONFIG_VARIABLE = "ISSLAB_HERMETIC"
_SERVICE_PORTS = {"http": 80, "https": 443}


def _numeric_port(port):
    """The port as an int, or None when it names no port we route."""
    if isinstance(port, int):
        return port
    if isinstance(port, bytes):
        port = port.decode("ascii", "replace")
    if isinstance(port, str):
        if port.isdigit():
            return int(port)
        return _SERVICE_PORTS.get(port.lower())
    return None


def _route_key(host, port):
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return None
    number = _numeric_port(port)
    if number is None:
        return None
    return f"{host.rstrip('.').lower()}:{number}"


def install_routes(routes):
    """Wrap socket.getaddrinfo so each "host:port" key of routes resolves to its [ip, port]."""
    original = socket.getaddrinfo
    table = {key.lower(): (str(ip), int(port)) for key, (ip, port) in routes.items()}

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        target = table.get(_route_key(host, port))
        if target is None:
            return original(host, port, family, type, proto, flags)
        ip, target_port = target
        return original(ip, target_port, family, type, proto, flags | socket.AI_NUMERICHOST)

    getaddrinfo.isslab_routes = table
    socket.getaddrinfo = getaddrinfo


def apply_lambda_limits(limits):
    """Lower resource limits in a Lambda worker (never raises: a limit is a safety net)."""
    try:
        import resource
    except ImportError:
        return
    for name, value in limits.items():
        which = getattr(resource, f"RLIMIT_{name.upper()}", None)
        if which is None:
            continue
        _soft, hard = resource.getrlimit(which)
        cap = int(value) if hard == resource.RLIM_INFINITY else min(int(value), hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(which, (cap, cap))


def _main():
    raw = os.environ.get(_CONFIG_VARIABLE)
    if not raw:
        return
    config = json.loads(raw)
    install_routes(config.get("routes", {}))
    if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
        apply_lambda_limits(config.get("lambda_limits", {}))


_main()
