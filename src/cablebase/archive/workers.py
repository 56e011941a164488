"""Worker processes that never outlive, and never share a lock with, the process that started them.

A worker made by ``fork`` inherits every open file of its parent, the search index's writer lock
included: when only the parent is killed (``kill -9``, the OOM killer, a closed terminal), orphaned
workers kept the lock and the next ``cablebase ingest`` could not open the index. Workers here are
started from a fork server (a clean process that has opened nothing of the archive), and each watches its
parent's sentinel pipe, which the kernel closes when the parent dies, and exits at once.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.connection import wait


def _context() -> multiprocessing.context.BaseContext:
    """``forkserver`` where there is one (POSIX): workers start quickly and hold none of our files."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def watch_parent(on_death: object = None) -> None:
    """In a worker: exit as soon as the process that started it has died (``on_death``, a callable, is
    called instead when given; a server uses it to stop cleanly)."""
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        wait([sentinel])
        if callable(on_death):
            on_death()
        else:
            os._exit(1)

    threading.Thread(target=watch, name="cablebase-parent-watch", daemon=True).start()


def pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes that die with this one and hold none of its locks."""
    return ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=watch_parent)
