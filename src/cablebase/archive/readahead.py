"""Bringing an archive's files into the operating system's page cache when a server starts.

A record or an index block not yet in the cache is a disk read: a cable page that waits for one takes tens
of milliseconds instead of one, and holds up the requests queued behind it (``benchmarks/serve.py`` saw a
p99 of 286 ms for cable pages on a freshly started server, 31 ms once the records had been read once).
Database servers warm their caches at start for the same reason (PostgreSQL's ``pg_prewarm``).

The files are mapped and their pages faulted in by the kernel (``MADV_POPULATE_READ``, Linux 5.14 and
later): no data is copied into Python, and the 2.1 GB records file of the 250,000-cable benchmark archive
took 1.1 s and 0.03 s of CPU. Elsewhere the kernel is only advised (``MADV_WILLNEED``), which it may
ignore. The most used files come first (the index's columns and term dictionaries, then its postings and
stored text, then the records), and no more is read than half the memory available, so a large archive
on a small machine does not push everything else out of the cache.
"""

from __future__ import annotations

import mmap
import os
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

_POPULATE_READ = getattr(mmap, "MADV_POPULATE_READ", 22 if sys.platform.startswith("linux") else None)
CHUNK = 64 << 20  # bytes per call: a stop request is seen between chunks
_ORDER = (".fast", ".term", ".fieldnorm", ".idx", ".pos", ".store")  # index files, most used first


def archive_files(db: Path) -> list[Path]:
    """The files a server reads, most used first."""
    index = sorted((p for p in (db / "index").glob("*.*") if not p.name.startswith(".") and p.suffix in _ORDER),
                   key=lambda p: (_ORDER.index(p.suffix), p.name))
    records = db / "cables.sqlite"
    return [*index, *([records] if records.exists() else [])]


def available_memory() -> int | None:
    """Bytes of memory the system could give without swapping (Linux's MemAvailable), or None if unknown."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def read_ahead(files: Iterable[Path], budget: int | None = None, stop: threading.Event | None = None) -> int:
    """Bring ``files`` into the page cache, in order, up to ``budget`` bytes (default: half the available
    memory); returns the bytes asked for. Best effort: a file that cannot be read is passed over."""
    if not hasattr(mmap.mmap, "madvise"):  # Windows
        return 0
    if budget is None:
        available = available_memory()
        budget = available // 2 if available is not None else 0
    done = 0
    populate = _POPULATE_READ
    for path in files:
        try:
            with open(path, "rb") as fh:
                size = min(os.fstat(fh.fileno()).st_size, budget - done)
                if size <= 0:
                    continue
                with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as m:
                    for start in range(0, size, CHUNK):
                        if stop is not None and stop.is_set():
                            return done
                        length = min(CHUNK, size - start)
                        if populate is not None:
                            try:
                                m.madvise(populate, start, length)
                            except OSError:  # an older kernel: advise instead, from here on
                                populate = None
                        if populate is None:
                            m.madvise(mmap.MADV_WILLNEED, start, length)
                        done += length
        except (OSError, ValueError):
            continue
        if done >= budget:
            break
    return done


def start(db: Path) -> threading.Event:
    """Read the archive ahead on a background thread; setting the returned event stops it."""
    stop = threading.Event()
    threading.Thread(target=read_ahead, args=(archive_files(db),), kwargs={"stop": stop}, daemon=True,
                     name="cablebase-read-ahead").start()
    return stop
