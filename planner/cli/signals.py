"""SIGTERM handled like SIGINT: `csip` ends through KeyboardInterrupt, so the solver's temporary
files are removed and its CBC children are killed on the way out, whichever signal asked."""

from __future__ import annotations

import contextlib
import signal


def _as_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def install_sigterm_handler() -> None:
    """Call once at the start of `main` (main thread only, as Python requires)."""
    with contextlib.suppress(ValueError, OSError):  # not the main thread, or no SIGTERM here
        signal.signal(signal.SIGTERM, _as_interrupt)
