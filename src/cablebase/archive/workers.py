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
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any, TypeVar

K = TypeVar("K")  # what the caller keeps of a task, to apply its result
R = TypeVar("R")  # a task's result
Task = tuple[K, Callable[..., R], tuple[Any, ...]]  # (key, function run in a worker, its arguments)


def _context() -> multiprocessing.context.BaseContext:
    """``forkserver`` where there is one (POSIX): workers start quickly and hold none of our files."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def preload(modules: list[str]) -> None:
    """Have the fork server import ``modules`` once, so that each worker starts with them rather than
    importing them itself (scipy's optimizer takes half a second). Effective only before this process's
    fork server has started (its first pool)."""
    context = _context()
    if isinstance(context, multiprocessing.context.ForkServerContext):
        context.set_forkserver_preload(modules)


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


# Workers run at a lower priority than the process that started them. That process is the one serial step
# (it writes, in order, what the workers made), and when it waits for a core while the workers run, the
# workers soon wait for it: ingest of 20,000 cables from a CSV on 2 cores took 0.90 of the time with the
# workers niced (0.88-0.93 over three pairs of runs, the same CPU time; docs/decisions/worker-priority.md).
WORKER_NICENESS = 10


def _start_worker(archive: str | None) -> None:
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)
    watch_parent()
    if archive is not None:  # (so that its workers read its records: see archive.packing)
        from cablebase.archive import packing

        packing.remember(archive)


def pool(jobs: int, archive: Path | None = None) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes that die with this one and hold none of its locks (``archive``:
    the ``cables.sqlite`` whose records they read or write)."""
    return ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_start_worker,
                               initargs=(str(archive) if archive is not None else None,))


def run_in_order(tasks: Iterable[Task[K, R]], apply: Callable[[K, R], None], jobs: int, ahead: int,
                 archive: Path | None = None) -> None:
    """Run each task's function on ``jobs`` workers (in this process when ``jobs`` is 1) and ``apply`` the
    results here, in the order of the tasks, at most ``ahead`` tasks per worker waiting or running.

    Ingest and the re-decoder both commit in order, so that an interrupted run leaves a prefix of a clean
    one; the bounded window keeps the workers busy while the results waiting to be applied, and the tasks
    read ahead, stay few. ``apply`` runs between submissions: a task may read what the ones before it
    wrote. An exception in ``apply`` stops the run, the pool waiting for the tasks already started."""
    if jobs == 1:
        for key, fn, args in tasks:
            apply(key, fn(*args))
        return
    with pool(jobs, archive) as workers:
        window: deque[tuple[K, Future[R]]] = deque()
        for key, fn, args in tasks:
            window.append((key, workers.submit(fn, *args)))
            while len(window) > ahead * jobs:
                done, future = window.popleft()
                apply(done, future.result())
        while window:
            done, future = window.popleft()
            apply(done, future.result())
