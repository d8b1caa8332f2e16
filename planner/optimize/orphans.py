"""Keeping CBC from outliving csip.

CBC runs as child processes. If csip is killed (SIGKILL, or SIGTERM before it was handled), the
children used to run on until their own time limit and left their `csip-cbc-*` directory behind.
On Linux each child asks the kernel for SIGKILL when its parent dies (prctl PR_SET_PDEATHSIG);
elsewhere that is not available and the stale-directory sweep is the only remedy.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

_PR_SET_PDEATHSIG = 1
STALE_AFTER = 15 * 60
"""Seconds after which a `csip-cbc-*` directory is left over from a killed run (no solve runs
anywhere near that long with its files untouched)."""


def _libc():
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name, use_errno=True) if name else None


def die_with_parent(parent_pid: int | None = None):
    """A `preexec_fn` for subprocess.Popen that makes the child die when csip dies (Linux only;
    None elsewhere). `parent_pid` closes the race where the parent died before the prctl."""
    if not sys.platform.startswith("linux"):
        return None
    libc = _libc()
    if libc is None:
        return None
    parent = parent_pid if parent_pid is not None else os.getpid()

    def preexec() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return preexec


def sweep_stale_dirs(prefix: str = "csip-cbc-", older_than: float = STALE_AFTER) -> int:
    """Remove temporary directories of earlier, killed solves; returns how many went."""
    removed = 0
    now = time.time()
    base = Path(tempfile.gettempdir())
    try:
        entries = list(base.glob(prefix + "*"))
    except OSError:
        return 0
    for entry in entries:
        try:
            if entry.is_dir() and not entry.is_symlink() and now - entry.stat().st_mtime > older_than:
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
        except OSError:
            continue
    return removed
