"""Faults (issue 19, items 1-3): only the main process killed, a lock held or left behind, a mistyped path,
a full disk. Each ends in one clear line, and the next run gives the archive a clean run makes."""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from cablebase.archive import Archive, store
from tests.conftest import CORPUS, SAMPLES

CLI = [sys.executable, "-m", "cablebase.cli"]
QUERIES = ("the", "tag:PREL", '"medina mora"', "origin:madrid", "subject:iran OR nuclear", "date:[2007-01 TO 2007-06]")
linux_only = pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux (/proc)")


def _answers(db: Path) -> tuple[object, ...]:
    """What an archive holds and answers: records, versions, content hash, and the hits of some queries."""
    a = Archive(db)
    s = a.stats()
    hits = tuple((q, a.search(q, limit=2000, facets=False, snippets=False).total,
                  sorted(h.id for h in a.search(q, limit=2000, facets=False, snippets=False).hits)) for q in QUERIES)
    versions = a.con.execute("SELECT id, version, raw_sha FROM versions ORDER BY id, version").fetchall()
    a.close()
    return s["cables"], s["versions"], s["content_hash"], versions, hits


def _alive_in_group(pgid: int) -> list[int]:
    """Processes of a process group that are still running (zombies waiting for init are not)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # state, ppid, pgrp, ...
        if int(fields[2]) == pgid and fields[0] not in "ZX":
            alive.append(int(entry.name))
    return alive


def _no_survivors(pgid: int) -> None:
    deadline = time.monotonic() + 15
    while (left := _alive_in_group(pgid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left, f"worker processes outlived the killed main process: {left}"


def _kill_main_only(cmd: list[str], rng: random.Random, low: float, high: float) -> bool:
    """Run ``cmd`` and SIGKILL only its main process at a random moment; True if it was killed (rather than
    finished first). Its workers must then all exit by themselves."""
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        p.wait(rng.uniform(low, high))
    except subprocess.TimeoutExpired:
        os.kill(p.pid, signal.SIGKILL)  # the main process only, not its group
        p.wait()
        _no_survivors(p.pid)
        return True
    assert p.returncode == 0, p.stderr.read().decode() if p.stderr else ""
    _no_survivors(p.pid)
    return False


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(CORPUS / "wikileaks" if CORPUS.is_dir() else SAMPLES, tree / "a")
    shutil.copytree(SAMPLES, tree / "b")
    return tree


@linux_only
@pytest.mark.slow
def test_item1_kill_main_process_only(tmp_path):
    """``kill -9`` of the main ``cablebase ingest`` process (not its group), at least ten times at random
    moments: no worker survives it, each next run opens the archive, and the last ends with the archive a
    clean run makes (records, versions, search answers)."""
    tree = _tree(tmp_path)
    clean = tmp_path / "clean"
    Archive(clean).ingest([tree], jobs=2)
    expected = _answers(clean)
    crashed = tmp_path / "crashed"
    cmd = [*CLI, "ingest", str(tree), "--db", str(crashed), "--jobs", "2"]
    rng = random.Random(19)
    kills = 0
    for _ in range(40):
        if _kill_main_only(cmd, rng, 0.2, 2.5):
            kills += 1
        else:  # it finished before the kill: start again from nothing, so that later kills land mid-run
            assert _answers(crashed) == expected
            shutil.rmtree(crashed)
        if kills >= 10:
            break
    assert kills >= 10
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _answers(crashed) == expected


def _as_if_older_decoder(db: Path) -> None:
    con = store.connect(db / "cables.sqlite")
    for rowid, blob in con.execute("SELECT rowid, record FROM versions").fetchall():
        rec = replace(store.unpack(blob), decoder=None)
        con.execute("UPDATE versions SET record=? WHERE rowid=?", (store.pack(rec), rowid))
    con.execute("DELETE FROM meta WHERE key='decoder'")
    con.close()


@linux_only
@pytest.mark.slow
def test_item1_kill_main_process_only_while_decoding_again(tmp_path):
    """The same for decoding the stored records again: its workers die with the main process, and the
    next run ends with the records and the index of an undisturbed run."""
    tree = _tree(tmp_path)
    db = tmp_path / "db"
    Archive(db).ingest([tree], jobs=2)
    expected = _answers(db)
    _as_if_older_decoder(db)
    cmd = [*CLI, "ingest", "--db", str(db), "--jobs", "2"]
    rng = random.Random(5)
    kills = sum(_kill_main_only(cmd, rng, 0.5, 1.5) for _ in range(3))
    assert kills >= 1
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _answers(db) == expected


@linux_only
def test_item1_serve_workers_die_with_the_server(tmp_path):
    """``kill -9`` of the main ``cablebase serve`` process: its worker processes stop too."""
    db = tmp_path / "db"
    Archive(db).ingest([SAMPLES / "raw-telegram"], jobs=1)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    p = subprocess.Popen([*CLI, "serve", "--db", str(db), "--port", str(port), "--workers", "2",
                          "--no-read-ahead"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    try:
        assert p.stdout is not None and b"reading room" in p.stdout.readline()
        deadline = time.monotonic() + 30
        while len(_alive_in_group(p.pid)) < 4 and time.monotonic() < deadline:  # main, tracker, 2 workers
            time.sleep(0.1)
        assert len(_alive_in_group(p.pid)) >= 3
    finally:
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
    _no_survivors(p.pid)


_HOLD_INDEX = """
import sys, time
from pathlib import Path
from cablebase.archive import index
w = index.open_index(Path(sys.argv[1])).writer(heap_size=15_000_000, num_threads=1)
print("holding", flush=True)
time.sleep(60)
"""


@linux_only
def test_item1_a_live_lock_holder_is_named_and_a_dead_ones_lock_is_taken_over(tmp_path):
    db = tmp_path / "db"
    Archive(db).ingest([SAMPLES / "raw-telegram"], jobs=1)
    # a process (an orphaned worker of an older cablebase, say) holding the search index's writer
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_INDEX, str(db / "index")], stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"holding"
        r = subprocess.run([*CLI, "ingest", str(SAMPLES / "wikileaks"), "--db", str(db)], capture_output=True,
                           text=True)
    finally:
        holder.kill()
        holder.wait()
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"PID {holder.pid}" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    # another ingest holding the archive
    blocker = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom pathlib import Path\n"
                                "from cablebase.archive.lock import writer_lock\n"
                                "with writer_lock(Path(sys.argv[1])):\n print('holding', flush=True)\n"
                                " time.sleep(60)\n", str(db)], stdout=subprocess.PIPE)
    try:
        assert blocker.stdout is not None and blocker.stdout.readline().strip() == b"holding"
        r = subprocess.run([*CLI, "ingest", str(SAMPLES / "wikileaks"), "--db", str(db)], capture_output=True,
                           text=True)
    finally:
        blocker.kill()
        blocker.wait()
    assert r.returncode == 2 and f"(PID {blocker.pid})" in r.stderr and "Traceback" not in r.stderr
    # both locks left behind by processes that are gone: taken over without a word
    (db / "cablebase-writer.lock").write_text("999999999\n")
    (db / "index" / ".tantivy-writer.lock").write_text("")
    r = subprocess.run([*CLI, "ingest", str(SAMPLES / "wikileaks"), "--db", str(db)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert Archive(db).stats()["cables"] > 1


def test_item2_missing_path_is_an_error(tmp_path):
    db = tmp_path / "db"
    missing = tmp_path / "nonexistent"
    r = subprocess.run([*CLI, "ingest", str(missing), "--db", str(db)], capture_output=True, text=True)
    assert r.returncode != 0
    assert f"no such file or directory: {missing}" in r.stderr and "Traceback" not in r.stderr
    assert not db.exists()
    # with a good path beside it: still an error, nothing made
    r = subprocess.run([*CLI, "ingest", str(SAMPLES / "raw-telegram"), str(missing), "--db", str(db)],
                       capture_output=True, text=True)
    assert r.returncode != 0 and not db.exists()
    # no paths and no archive there: a mistyped --db, not a new empty archive
    r = subprocess.run([*CLI, "ingest", "--db", str(db)], capture_output=True, text=True)
    assert r.returncode != 0 and f"no archive at {db}" in r.stderr and not db.exists()


def _mount_small_fs(where: Path, size: str) -> None:
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small file system needs root (to fill a disk without filling this one)")
    where.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if r.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.decode().strip()}")


@pytest.mark.slow
def test_item3_full_disk_is_one_line_and_the_rerun_is_clean(tmp_path):
    """An ingest into a file system that fills up says so in one line (where, how much, that the same command
    carries on), and after space is freed the same command gives the archive a clean run makes."""
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLES, tree / "samples")
    if CORPUS.is_dir():
        shutil.copytree(CORPUS / "versions", tree / "versions")
    clean = tmp_path / "clean"
    Archive(clean).ingest([tree], jobs=1)
    expected = _answers(clean)
    size = sum(f.stat().st_size for f in clean.rglob("*") if f.is_file())
    mnt = tmp_path / "small"
    _mount_small_fs(mnt, "8m")
    try:
        ballast = mnt / "ballast"
        free = shutil.disk_usage(mnt).free
        with open(ballast, "wb") as fh:  # leave a third of what the archive needs
            fh.write(b"\0" * max(free - size // 3, 0))
        db = mnt / "db"
        cmd = [*CLI, "ingest", str(tree), "--db", str(db), "--jobs", "2"]
        r = subprocess.run(cmd, capture_output=True, text=True)
        assert r.returncode == 2, r.stdout + r.stderr
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
        assert f"file system at {mnt} is full" in lines[0] and "MB more" in lines[0]
        assert "run the same command again" in lines[0]
        ballast.unlink()
        r = subprocess.run(cmd, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert _answers(db) == expected
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_item3_every_form_of_a_full_disk_is_recognised(tmp_path):
    import errno
    import sqlite3

    from cablebase.archive.faults import disk_full

    assert disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert disk_full(sqlite3.OperationalError("database or disk is full"))
    assert disk_full(ValueError("An IO error occurred: 'No space left on device (os error 28)'"))
    try:  # the error raised while cleaning up after the first one
        try:
            raise sqlite3.OperationalError("database or disk is full")
        except sqlite3.OperationalError:
            raise sqlite3.OperationalError("cannot rollback - no transaction is active") from None
    except sqlite3.OperationalError as exc:
        assert disk_full(exc)
    assert not disk_full(ValueError("The index writer was killed."), tmp_path)  # (this disk has room)
    assert not disk_full(ValueError("schema does not match")) and not disk_full(KeyError("x"))


def _as_if_before_the_links_column(db: Path) -> None:
    import sqlite3

    con = sqlite3.connect(db / "cables.sqlite")
    con.execute("ALTER TABLE cables DROP COLUMN links")
    con.execute("DELETE FROM meta WHERE key='links'")
    con.commit()
    con.close()


def _links(db: Path) -> list[tuple[str, bytes]]:
    import sqlite3

    con = sqlite3.connect(db / "cables.sqlite")
    try:
        return con.execute("SELECT id, links FROM cables ORDER BY id").fetchall()
    finally:
        con.close()


@linux_only
@pytest.mark.slow
def test_item1_kill_main_process_only_while_filling_the_analysis_column(tmp_path):
    """The same for an archive of an older cablebase getting the analysis column: killed while it is
    filled, the next run ends with the column a new archive has, and the archive's answers unchanged. (The
    fill takes about 0.15 s of a 0.5 s run here: the kills land in it, or just before or after it; the
    batch-by-batch resumption itself is tested deterministically in tests/archive/test_links.py.)"""
    tree = _tree(tmp_path)
    db = tmp_path / "db"
    Archive(db).ingest([tree], jobs=2)
    expected, want = _answers(db), _links(db)
    cmd = [*CLI, "ingest", "--db", str(db), "--jobs", "2"]
    rng = random.Random(23)
    kills = 0
    _as_if_before_the_links_column(db)
    for _ in range(20):
        if _kill_main_only(cmd, rng, 0.3, 0.6):
            kills += 1
        else:  # it finished first: make it old again, so that a later kill lands mid-fill
            assert _links(db) == want
            _as_if_before_the_links_column(db)
        if kills >= 3:
            break
    assert kills >= 1
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _links(db) == want and _answers(db) == expected
