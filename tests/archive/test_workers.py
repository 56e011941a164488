"""The ordered process-pool window that ingest and the re-decoder share (workers.run_in_order)."""

import pytest

from cablebase.archive import workers


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_are_applied_in_task_order_with_a_bounded_window(jobs):
    taken: list[int] = []
    applied: list[tuple[int, int, int]] = []  # (key, result, tasks taken when it was applied)

    def tasks():
        for i in range(20):
            taken.append(i)
            yield i, pow, (i, 2)

    workers.run_in_order(tasks(), lambda k, r: applied.append((k, r, len(taken))), jobs, ahead=2)
    assert [(k, r) for k, r, _ in applied] == [(i, i * i) for i in range(20)]
    # one task at a time in this process; else at most ahead * jobs waiting beyond the one applied
    assert all(n - 1 - k <= (0 if jobs == 1 else 2 * jobs) for k, _, n in applied)


def test_an_error_in_apply_stops_the_run():
    seen: list[int] = []

    def apply(k: int, r: int) -> None:
        if k == 3:
            raise RuntimeError("disk full")
        seen.append(k)

    with pytest.raises(RuntimeError, match="disk full"):
        workers.run_in_order(((i, abs, (i,)) for i in range(100)), apply, 2, ahead=1)
    assert seen == [0, 1, 2]


def test_workers_yield_the_cpu_to_the_process_that_writes():
    """Workers run WORKER_NICENESS below this process (it writes what they make, in order: it must not
    wait for a core while they run)."""
    import os

    got: list[int] = []
    workers.run_in_order(((i, os.nice, (0,)) for i in range(4)), lambda k, r: got.append(r), 2, ahead=1)
    assert got == [min(os.nice(0) + workers.WORKER_NICENESS, 19)] * 4
