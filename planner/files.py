"""Writing files the user keeps: atomically, and never over an existing file unless told to.

The text goes to a temporary file in the target's own directory (so the final rename stays on one
file system), is flushed to disk, and then takes the target's name in one step; if anything fails
the old file is left as it was and the temporary file is removed. Exports may replace their output
(the user named it); what-if files the TUI writes may not, unless the user agreed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: str | bytes, overwrite: bool = False) -> Path:
    """Write `data` to `path` so that no reader ever sees half a file, and never replace an
    existing file unless `overwrite` is true (raises FileExistsError)."""
    if not str(path).strip():
        raise ValueError("an empty file name")
    path = Path(path)
    if path.is_symlink():  # write to what the link points at and keep the link
        path = Path(os.path.realpath(path))
    if path.exists() and not path.is_file():
        return _write_through(path, data, overwrite)
    folder = path.parent if str(path.parent) else Path(".")
    if not overwrite and path.exists():
        raise FileExistsError(str(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private; what we write are ordinary documents
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        if overwrite:
            os.replace(tmp, path)
        else:
            _publish_new(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _publish_new(tmp: str, path: Path) -> None:
    """Move `tmp` to `path` only if nothing is there: a hard link fails if the name exists,
    which closes the gap between the check and the rename; where links are not supported,
    fall back to check-then-replace."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise FileExistsError(str(path)) from None
    except OSError:
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def _write_through(path: Path, data: str | bytes, overwrite: bool) -> Path:
    """A device or FIFO at the path (`/dev/null`, `/dev/stdout`, a pipe): write into it instead of
    renaming a regular file over the node. A directory is refused."""
    if path.is_dir():
        raise IsADirectoryError(str(path))
    if not overwrite:
        raise FileExistsError(str(path))
    with open(path, "wb") as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def free_name(folder: Path, stem: str, suffix: str) -> Path:
    """`stem.suffix` in `folder`, or `stem-2.suffix` and so on if that exists: a default name
    that never proposes to overwrite anything."""
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate
