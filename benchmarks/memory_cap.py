"""Ingest with the whole process tree held to a memory limit: does the ingest need the memory its peak shows?

`VmHWM`, a process's peak resident set, counts the pages of files it maps as well as its own memory. The
index engine maps its segment files and reads them through those maps while it merges, so the writer's
`VmHWM` grows with the segments merged (1.6 GB at 1,000,000 and 2,000,000 cables) though its own memory
stays near 230 MB. Mapped file pages are the page cache's: the kernel takes them back when memory is short.
This runs the ingest stage of ``benchmarks/scale.py`` on an input it left (``--keep``) into a new archive,
inside a memory control group of LIMIT bytes: the writer, the fork server and the workers, with the page
cache they bring in, all charged to it. If the ingest finishes, without a process killed for want of
memory, in about the time it takes unlimited, the memory it needs is within LIMIT.

    python benchmarks/memory_cap.py /tmp/scale-2000000/input /tmp/capped [--limit-gb 1.5]

Needs root and a memory controller (cgroup v1 at /sys/fs/cgroup/memory or v2 at /sys/fs/cgroup); Linux only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

SCALE = Path(__file__).with_name("scale.py")


class MemoryGroup:
    """A memory control group made for one run, removed after it."""

    def __init__(self, limit: int) -> None:
        root = Path("/sys/fs/cgroup")
        enabled = root / "cgroup.subtree_control"  # (v2: a child group has the controllers enabled here)
        if enabled.exists() and "memory" in enabled.read_text().split():
            self.v2, self.path = True, root / f"cablebase-cap-{os.getpid()}"
        elif (root / "memory").is_dir():
            self.v2, self.path = False, root / "memory" / f"cablebase-cap-{os.getpid()}"
        else:
            sys.exit("no memory control group here (cgroup v1, or v2 with memory in cgroup.subtree_control)")
        try:
            self.path.mkdir()
        except PermissionError:
            sys.exit(f"cannot make {self.path}: run as root")
        try:  # no swap either, so that the limit holds
            if self.v2:
                (self.path / "memory.max").write_text(str(limit))
                if (self.path / "memory.swap.max").exists():
                    (self.path / "memory.swap.max").write_text("0")
            else:
                (self.path / "memory.limit_in_bytes").write_text(str(limit))
                if (self.path / "memory.memsw.limit_in_bytes").exists():
                    (self.path / "memory.memsw.limit_in_bytes").write_text(str(limit))
        except OSError as exc:
            self.remove()
            sys.exit(f"cannot set the limit in {self.path}: {exc}")
        self.limit = limit

    def join(self) -> None:
        """Put the calling process in the group (called in the child before it runs the stage)."""
        (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def figures(self) -> dict[str, int]:
        def read(name: str) -> str:
            f = self.path / name
            return f.read_text() if f.exists() else ""

        if self.v2:
            events = dict(line.split() for line in read("memory.events").splitlines())
            return {"peak": int(read("memory.peak") or 0), "limit_hits": int(events.get("max", 0)),
                    "oom_kills": int(events.get("oom_kill", 0))}
        control = dict(line.split() for line in read("memory.oom_control").splitlines())
        return {"peak": int(read("memory.max_usage_in_bytes")), "limit_hits": int(read("memory.failcnt")),
                "oom_kills": int(control.get("oom_kill", 0))}

    def remove(self) -> None:
        for _ in range(50):  # (the group can be removed once its last process has gone)
            try:
                self.path.rmdir()
                return
            except OSError:
                time.sleep(0.1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input", type=Path, help="the input folder a `scale.py N --keep` run left")
    ap.add_argument("work", type=Path, help="a new folder: the archive is made in WORK/archive")
    ap.add_argument("--limit-gb", type=float, default=1.5, help="memory of the whole process tree, page cache "
                    "included (default 1.5)")
    args = ap.parse_args()
    work, inputs = args.work.resolve(), args.input.resolve()
    if not inputs.is_dir():
        sys.exit(f"no input folder at {inputs}")
    if (work / "archive").exists():
        sys.exit(f"{work / 'archive'} exists: give a new folder")
    work.mkdir(parents=True, exist_ok=True)
    if not (work / "input").exists():
        (work / "input").symlink_to(inputs, target_is_directory=True)
    group = MemoryGroup(int(args.limit_gb * 2**30))
    try:
        run = subprocess.run([sys.executable, str(SCALE), "0", str(work), "--stage", "ingest"], capture_output=True,
                             text=True, preexec_fn=group.join)
        figures = group.figures()
    finally:
        group.remove()
    if run.returncode != 0:
        print(run.stderr[-3000:], file=sys.stderr)
        print(f"the ingest failed under {args.limit_gb} GB (exit {run.returncode}); group: {figures}")
        sys.exit(1)
    stage = json.loads(run.stdout.strip().splitlines()[-1])
    print(f"ingest under a memory limit of {args.limit_gb} GB for every process and the page cache they use")
    print(f"  {stage['cables_new']:,} cables in {stage['seconds']:.1f} s = {stage['cables_new'] / stage['seconds']:,.0f}"
          f" cables/s; {stage['failed']} files failed")
    print(f"  the group's peak {figures['peak'] / 2**20:,.0f} MB (page cache included); charges refused at the limit "
          f"{figures['limit_hits']:,} (pages were reclaimed instead); processes killed for memory: {figures['oom_kills']}")
    print(f"  main process VmHWM {stage['hwm_main_mb']:,} MB, its own memory at most {stage['anon_main_mb']:,} MB; "
          f"largest worker {stage['hwm_worker_mb']:,} MB")
    print(json.dumps({"limit_gb": args.limit_gb, **figures, **stage}, sort_keys=True))


if __name__ == "__main__":
    main()
