"""One writer per archive, and a clear line naming it when another holds the archive.

Both locks are ``flock`` locks, which the kernel drops when the process holding them dies: a lock left by
a killed process is never in the way (its file stays, naming a process that is gone, and is taken over).
A lock held by a live process is reported with that process's id, read from the lock file (ours) or from
``/proc/locks`` (the search index's own lock, held by some other program or an older cablebase's orphaned
workers).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import tantivy

from cablebase.errors import CablebaseError

try:
    import fcntl
except ImportError:  # (Windows: no flock; the search index's own lock still keeps a second writer out)
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = "cablebase-writer.lock"
INDEX_LOCK = ".tantivy-writer.lock"


class ArchiveBusy(CablebaseError):
    """Another live process is writing to the archive."""


def _busy(db: Path, pid: int | None) -> ArchiveBusy:
    who = f"another process (PID {pid})" if pid else "another process"
    return ArchiveBusy(f"{db} is being written by {who}; wait for it to finish, or stop it"
                       + (f" (kill {pid})" if pid else "") + ", then run the command again")


# Whether writer_lock keeps a second writer out on this system (it has no flock elsewhere): what one writer
# may take for another's leftovers (a topic build's, see analysis.topics.store.discard_unfinished) could
# then be that writer's work in progress.
EXCLUSIVE = fcntl is not None


@contextmanager
def writer_lock(db: Path) -> Iterator[None]:
    """Hold the archive's writer lock for the block (``db`` must exist); :class:`ArchiveBusy` if a live
    process holds it."""
    if fcntl is None:
        yield
        return
    fd = os.open(db / LOCK_FILE, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            raise _busy(db, int(text) if text.isdigit() else holder(db / LOCK_FILE)) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # (closing drops the lock)


def holder(path: Path) -> int | None:
    """The id of the process holding a ``flock`` on ``path`` (Linux's ``/proc/locks``), or None."""
    try:
        st = path.stat()
        with open("/proc/locks") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    where = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    for line in lines:  # "1: FLOCK  ADVISORY  WRITE 4242 fd:01:1234 0 EOF" (blocked waiters have "->")
        parts = line.split()
        if "->" in parts or "FLOCK" not in parts:
            continue
        for i, token in enumerate(parts[1:], 1):  # (the device is in hex, the inode in decimal)
            if token == where and parts[i - 1].isdigit():
                pid = int(parts[i - 1])
                if pid != os.getpid():
                    return pid
    return None


def index_writer(index: tantivy.Index, path: Path | None, heap_size: int, threads: int = 1) -> tantivy.IndexWriter:
    """The search index's writer (``threads`` indexing threads), or :class:`ArchiveBusy` naming the process
    that holds it (``path``: the index's folder)."""
    try:
        writer = index.writer(heap_size=heap_size, num_threads=threads)
    except ValueError as exc:
        if "LockBusy" not in str(exc) and "lock" not in str(exc).lower():
            raise
        if path is None:
            raise ArchiveBusy(f"the search index is being written by another process ({exc})") from None
        raise _busy(path.parent, holder(path / INDEX_LOCK)) from None
    # Files a killed writer made after its last commit are removed first: the engine names files by segment
    # and operation number, so the next writer, doing the same work again, would otherwise fail to create
    # the same file ("FileAlreadyExists ... .del", seen after kill -9 of a re-index).
    writer.garbage_collect_files()
    return writer
