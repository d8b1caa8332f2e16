"""A spinner for solves that take a while: shown on stderr after half a second, never on stdout
(so `--json` output stays clean) and never when stderr is not a terminal."""

from __future__ import annotations

import sys
import threading
from types import TracebackType

from rich.console import Console


class Spinner:
    def __init__(self, message: str, delay: float = 0.5):
        self._message = message
        self._delay = delay
        self._console = Console(stderr=True)
        self._status = None
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._enabled = sys.stderr.isatty()

    def _show(self) -> None:
        with self._lock:
            if self._status is None and self._enabled:
                self._status = self._console.status(self._message)
                self._status.start()

    def update(self, message: str) -> None:
        with self._lock:
            self._message = message
            if self._status is not None:
                self._status.update(message)

    def __enter__(self) -> Spinner:
        if self._enabled:
            self._timer = threading.Timer(self._delay, self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            if self._status is not None:
                self._status.stop()
                self._status = None
