"""A full disk during an ingest, said in one line.

SQLite and the search index report a full disk each in their own way (``database or disk is full``, an
``OSError`` with ``ENOSPC``, Tantivy's "No space left on device" from a writer thread), and often as a
second error raised while cleaning up after the first. Every file's records are committed in one SQLite
transaction and the index catches up from SQLite on the next run, so nothing stored is lost: the user only
needs to know where space ran out, roughly how much more is needed, and that the same command carries on.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from cablebase.errors import CablebaseError

_FULL_TEXT = ("database or disk is full", "no space left on device", "os error 28", "disk quota exceeded")
DEFAULT_GROWTH = 2.0  # archive bytes per input byte when the archive is too small to measure its own


@dataclass
class Progress:
    """How far an ingest got: input bytes still to store, and the input bytes stored before it began."""

    remaining: int = 0
    stored_before: int = 0


LOW_SPACE = 64_000_000  # bytes: below this, a search index writer that died is taken to have filled the disk


def disk_full(exc: BaseException | None, db: Path | None = None) -> bool:
    """Whether ``exc`` (or an error it was raised from or while handling) says that the disk is full. The
    search index's writer can die of a full disk in a thread and say only that it was killed: with ``db``,
    such an error on a file system with almost no space left counts too."""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if isinstance(exc, sqlite3.Error) and getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
            return True
        message = str(exc).lower()
        if any(text in message for text in _FULL_TEXT):
            return True
        if db is not None and "writer was killed" in message and _free(db) < LOW_SPACE:
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _free(db: Path) -> int:
    try:
        return shutil.disk_usage(db).free
    except OSError:
        return LOW_SPACE


def stored_bytes(con: sqlite3.Connection) -> int:
    """Input bytes the archive has taken so far (the files in its ingest log)."""
    return int(con.execute("SELECT COALESCE(SUM(size), 0) FROM files").fetchone()[0])


def _mount_point(path: Path) -> Path:
    path = path.resolve()
    while not os.path.ismount(path) and path.parent != path:
        path = path.parent
    return path


def _size(db: Path) -> int:
    total = 0
    for root, _, files in os.walk(db):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total


def _mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB" if n >= 1e6 else f"{n / 1e3:,.0f} KB"


class DiskFull(CablebaseError):
    """The file system holding the archive filled up during an ingest."""

    def __init__(self, db: Path, remaining: int, stored_before: int):
        free = _free(db)
        size = _size(db)
        growth = size / stored_before if stored_before > 1_000_000 else DEFAULT_GROWTH
        need = max(remaining * growth * 1.2, 1_000_000)  # (with room for the index's merges)
        super().__init__(
            f"the file system at {_mount_point(db)} is full ({_mb(free)} free; the archive in {db} needs about "
            f"{_mb(need)} more for the rest of this ingest). Nothing stored was lost: free some space and run "
            "the same command again to carry on")
