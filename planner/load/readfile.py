"""Reading the files a user names, safely.

A path can name a FIFO (reading blocks forever), a device (`/dev/zero` never ends), a directory, a
name longer than the file system allows or a symlink loop. Every loader reads through `read_text`,
which accepts regular files only, stops at a size cap, and turns every operating-system error into
a `Problem` naming the file (shortened when the name itself is huge).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from planner.errors import InputError, Problem

MAX_BYTES = 8 * 1024 * 1024
"""No scenario, framework or mapping comes near this; anything larger is a mistake or an attack."""

MAX_SHOWN = 80


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """`text` cut to `limit` characters with an ellipsis, for echoing user values in messages."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _os_message(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long for the file system"
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "file not found"
    if exc.errno == errno.EACCES:
        return "permission denied"
    return f"cannot read: {exc.strerror or type(exc).__name__}"


def read_text(path: Path | str, shown: str | None = None,
              error_class: type[InputError] = InputError, what: str = "file") -> str:
    """The UTF-8 text of a regular file of at most MAX_BYTES, or `error_class` with one Problem."""
    shown = shorten(shown if shown is not None else str(path))

    def fail(message: str) -> InputError:
        return error_class([Problem(shown, "", message)])

    try:
        # O_NONBLOCK: opening a FIFO with no writer must not block; it is refused right after
        fd = os.open(str(path), os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except ValueError:
        raise fail("the file name contains a NUL character") from None
    except IsADirectoryError:
        raise fail(f"is a directory, not a {what}") from None
    except OSError as exc:
        raise fail(_os_message(exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise fail(f"is {_kind(mode)}, not a {what}")
        if os.fstat(fd).st_size > MAX_BYTES:
            raise fail(f"is larger than {MAX_BYTES // (1024 * 1024)} MB, far beyond any {what}")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > MAX_BYTES:
                raise fail(f"is larger than {MAX_BYTES // (1024 * 1024)} MB, far beyond any {what}")
            chunks.append(chunk)
    except OSError as exc:
        raise fail(_os_message(exc)) from None
    finally:
        os.close(fd)
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(f"not UTF-8 text ({exc.reason})") from None


def exists(path: Path) -> bool:
    """Path.exists() that answers False instead of raising for a name too long or a link loop
    (the read that follows then says exactly what is wrong)."""
    try:
        return path.exists()
    except (OSError, RuntimeError, ValueError):
        return True  # something is there or the name is bad: let read_text explain


def resolve(path: Path) -> Path:
    """Path.resolve() that keeps the path as given when resolving fails (loop, name too long)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()
