"""Copies an emulator's output into a size-bounded log file and keeps its last lines."""

from __future__ import annotations

import collections
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

MAX_LOG_BYTES = 4 * 1024 * 1024
KEPT_LINES = 400


class LogPump:
    """A thread reading a pipe line by line into `path` (rolled over at max_bytes, one backup)."""

    def __init__(self, stream: IO[bytes], path: Path, *, max_bytes: int = MAX_LOG_BYTES,
                 echo: Callable[[str], None] | None = None) -> None:
        self._stream = stream
        self.path = path
        self._max_bytes = max_bytes
        self._echo = echo
        self._lines: collections.deque[str] = collections.deque(maxlen=KEPT_LINES)
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._pump, name=f"log-{path.name}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    def tail(self, count: int = 40) -> str:
        """The last count lines seen."""
        with self._lock:
            return "\n".join(list(self._lines)[-count:])

    def _pump(self) -> None:
        written = 0
        sink = self.path.open("ab")
        try:
            for raw in iter(self._stream.readline, b""):
                if written + len(raw) > self._max_bytes:
                    sink = self._roll_over(sink)
                    written = 0
                sink.write(raw)
                sink.flush()
                written += len(raw)
                self._remember(raw.decode("utf-8", "replace").rstrip("\n"))
        finally:
            sink.close()
            self._stream.close()

    def _roll_over(self, sink: IO[bytes]) -> IO[bytes]:
        sink.close()
        self.path.replace(self.path.with_name(self.path.name + ".1"))
        return self.path.open("wb")

    def _remember(self, line: str) -> None:
        with self._lock:
            self._lines.append(line)
        if self._echo is not None:
            self._echo(line)
