"""Peak memory of a benchmark's processes, read from ``/proc``, and the disk an archive takes.

``getrusage(RUSAGE_CHILDREN)`` does not see ingest's workers: they are started by a fork server, so they are
the benchmark's grandchildren, counted only once their own parent reaps them (it printed 0 MB). Polling each
process's ``VmHWM`` (its peak resident set) sees every one of them while they run.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path


def disk_bytes(path: Path) -> int:
    """Bytes the files under ``path`` take on disk (allocated blocks)."""
    if path.is_file():
        return path.stat().st_blocks * 512
    return sum((Path(root) / f).stat().st_blocks * 512 for root, _, files in os.walk(path) for f in files
               if (Path(root) / f).exists())


_TICKS = os.sysconf("SC_CLK_TCK")


class Watch(threading.Thread):
    """Polls, twice a second, the peak resident memory (``VmHWM``) of this process and of every process
    below it (the fork server's ingest workers are its grandchildren, which ``RUSAGE_CHILDREN`` only counts
    once they are reaped by their own parent), and the disk the archive takes."""

    def __init__(self, db: Path) -> None:
        super().__init__(daemon=True)
        self.db, self.disk = db, 0
        self.peaks: dict[int, int] = {}  # pid -> VmHWM, MB
        self.anon: dict[int, int] = {}  # pid -> the most RssAnon seen (its own memory, not mapped files), MB
        self.cpu: dict[int, float] = {}  # pid -> CPU seconds (user + system) at the last poll
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.5):
            self.poll()

    def poll(self) -> None:
        children: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    ppid = int(Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(entry.name))
        todo = [os.getpid()]
        while todo:
            pid = todo.pop()
            todo.extend(children.get(pid, []))
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                ticks = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[11:13]  # utime, stime
            except (OSError, IndexError):
                continue
            self.cpu[pid] = sum(int(t) for t in ticks) / _TICKS
            for name, table in (("VmHWM", self.peaks), ("RssAnon", self.anon)):
                if m := re.search(rf"^{name}:\s+(\d+) kB", status, re.M):
                    table[pid] = max(table.get(pid, 0), int(m.group(1)) // 1024)
        try:
            self.disk = max(self.disk, disk_bytes(self.db))
        except OSError:  # (a file removed while it was counted)
            pass

    def stop(self) -> None:
        self.poll()
        self.done.set()
        self.join()
