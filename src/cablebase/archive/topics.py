"""``cablebase topics build``: fit a topic model, give every cable its topics, bring the index along.

1. A deterministic sample of the cables (all of them in a small archive) is read on the workers and the
   model fitted on it (:mod:`cablebase.analysis.topics.fit`): the fit's time grows with its texts, and
   30,000 cables (750 a topic at k = 40) keep it near a minute; every cable then gets its topics from it.
2. The model is stored; every current cable's topics are computed on the workers (mostly tokenizing) into
   a staging table, batch by batch.
3. One transaction makes the model current, replaces every cable's topics, carries over the names people
   gave topics the new model still has, and gives every cable a new change number, so that
4. the index takes every cable again, as after a crash (:func:`cablebase.archive.ingest.catch_up_index`):
   searches go on meanwhile, each cable answered with its old topics or its new ones.

Killed before step 3, the archive is as it was, but for the stored model and staged topics, which the next
``cablebase ingest`` (or build) drops; after it, the next ``cablebase ingest`` (or build) finishes the index.
"""

from __future__ import annotations

import os
import random
import resource
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cablebase.analysis.topics import fit, store
from cablebase.analysis.topics.model import TopicModel, Topics, cable_text
from cablebase.archive import index as idx
from cablebase.archive import lock, packing, workers
from cablebase.archive import store as records
from cablebase.archive.ingest import catch_up_index
from cablebase.errors import CablebaseError

SAMPLE = 30_000  # cables the model is fitted on (all of them in a smaller archive)
BATCH = 1000  # cables a worker is given topics for at a time
SAME_TOPIC = 0.7  # cosine similarity of two topics' word weights above which a name carries over

Progress = Callable[[int, int, str], None]
READING, FITTING, GIVING = "reading the sample", "fitting the topic model", "giving every cable its topics"


@dataclass
class BuildSummary:
    version: str
    k: int
    fitted_on: int
    cables: int  # cables given topics (those with a reading text)
    without_text: int
    labels_kept: int
    reindexed: int
    iterations: int
    stages: list[tuple[str, float, float]]  # (stage, seconds, this process's peak resident MB at its end)


def build(db: Path, settings: fit.Settings | None = None, sample: int = SAMPLE, jobs: int | None = None,
          progress: Progress | None = None) -> BuildSummary:
    """Fit a model on the archive at ``db`` and give every cable its topics (see above)."""
    db, settings = Path(db), settings or fit.Settings()
    if not (db / "cables.sqlite").exists():
        raise CablebaseError(f"no archive at {db} (make one with: cablebase ingest FILES --db {db})")
    with lock.writer_lock(db):
        con = records.connect(db / "cables.sqlite")
        try:
            return _build(db, con, settings, sample, jobs, progress)
        finally:
            con.close()


def _build(db: Path, con: sqlite3.Connection, settings: fit.Settings, sample: int, jobs: int | None,
           progress: Progress | None) -> BuildSummary:
    clock = _Stages()
    if lock.EXCLUSIVE:  # (what a build killed before left)
        records.in_transaction(con, lambda: store.discard_unfinished(con))
    ids = [r[0] for r in con.execute("SELECT id FROM cables ORDER BY id")]
    chosen = sorted(random.Random(settings.seed).sample(ids, sample)) if len(ids) > sample else ids
    texts = _sample_words(con, chosen, jobs, progress)
    clock.done("reading the sample")
    if progress:
        progress(0, 1, FITTING)
    try:
        model, _ = fit.fit(texts, settings)
    except fit.TooFewTexts as exc:
        raise CablebaseError(f"cannot fit topics on {db}: {exc}") from None
    del texts
    data = model.to_bytes()
    version = records.in_transaction(con, lambda: store.add_model(con, data))
    clock.done("fitting")
    given, without = _give_all(db, con, (str(db / "cables.sqlite"), version), len(ids), jobs, progress)
    clock.done("giving every cable its topics")

    kept: dict[int, str] = {}

    def swap() -> None:  # (the names carried over are read here: a name given during the build is kept)
        old_version = store.current_version(con)
        kept.update(carried_labels(store.model(con, old_version) if old_version else None,
                                   store.labels(con, old_version) if old_version else {}, model))
        store.install(con, version, store.STAGED, kept)
        base = records.next_seq(con)
        top = con.execute("SELECT MAX(rowid) FROM cables").fetchone()[0] or 0
        con.execute("UPDATE cables SET seq = ? + rowid", (base,))
        con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('seq', ?)", (str(base + top),))

    records.in_transaction(con, swap)
    con.execute(f"DROP TABLE IF EXISTS {store.STAGED}")
    clock.done("storing them")
    index = idx.open_index(db / "index", rebuild=True)
    reindexed = catch_up_index(con, index, progress, db / "index")
    clock.done("re-indexing")
    return BuildSummary(version, model.k, int(model.settings.get("fitted_on", 0)), given, without, len(kept),
                        reindexed, int(model.settings.get("iterations", 0)), clock.stages)


class _Stages:
    """Each stage's time and this process's peak resident memory at its end (what a benchmark reports)."""

    def __init__(self) -> None:
        self.stages: list[tuple[str, float, float]] = []
        self._since = time.perf_counter()

    def done(self, name: str) -> None:
        now = time.perf_counter()
        self.stages.append((name, round(now - self._since, 1), peak_mb()))
        self._since = now


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _sample_words(con: sqlite3.Connection, ids: list[str], jobs: int | None,
                  progress: Progress | None) -> list[str]:
    """The words of each sampled cable with a reading text, read and cut on the workers."""
    out: list[str] = []

    def batches() -> Iterator[workers.Task[int, list[str]]]:
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            marks = ",".join("?" * len(chunk))
            blobs = [b for (b,) in con.execute(
                f"SELECT versions.record FROM {records.CURRENT} WHERE cables.id IN ({marks})", chunk)]
            yield len(chunk), _words, (blobs,)

    def keep(n: int, found: list[str]) -> None:
        out.extend(w for w in found if w)
        if progress:
            progress(min(len(out), len(ids)), len(ids), READING)

    workers.run_in_order(batches(), keep, jobs or os.cpu_count() or 1, ahead=2,
                         archive=packing.archive_of(con))
    return out


def _words(blobs: list[bytes]) -> list[str]:
    """Run in a worker: the words of each stored record's text (none without a reading text)."""
    texts = (cable_text(d.get("subject"), d.get("body")) for d in map(records.unpack_json, blobs))
    return [fit.words(t) if t else "" for t in texts]


def _give_all(db: Path, con: sqlite3.Connection, ref: store.ModelRef, total: int, jobs: int | None,
              progress: Progress | None) -> tuple[int, int]:
    """Every current cable's topics under the model of ``ref``, into the staging table. Returns (cables
    given topics, cables without a reading text)."""
    con.execute(f"DROP TABLE IF EXISTS {store.STAGED}")
    con.execute(f"CREATE TABLE {store.STAGED} (id TEXT NOT NULL, topic INTEGER NOT NULL, weight REAL NOT NULL)")
    given = without = done = 0

    def batches() -> Iterator[workers.Task[int, list[tuple[str, Topics]]]]:
        last = 0
        while rows := con.execute(f"SELECT cables.rowid, versions.record FROM {records.CURRENT} "
                                  "WHERE cables.rowid > ? ORDER BY cables.rowid LIMIT ?", (last, BATCH)).fetchall():
            last = rows[-1][0]
            yield len(rows), _assign, (ref, [blob for _, blob in rows])

    def write(n: int, result: list[tuple[str, Topics]]) -> None:
        nonlocal given, without, done
        rows = [(ident, t, w) for ident, topics in result for t, w in topics]
        records.in_transaction(con, lambda: con.executemany(f"INSERT INTO {store.STAGED} VALUES (?,?,?)", rows))
        given += sum(1 for _, topics in result if topics)
        without += sum(1 for _, topics in result if not topics)
        done += n
        if progress:
            progress(done, total, GIVING)

    workers.run_in_order(batches(), write, jobs or os.cpu_count() or 1, ahead=2,
                         archive=packing.archive_of(con))
    return given, without


def _assign(ref: store.ModelRef, blobs: list[bytes]) -> list[tuple[str, Topics]]:
    """Run in a worker: the topics of each stored record (none for a record without a reading text)."""
    found = [records.unpack_json(b) for b in blobs]
    given = store.model_at(ref).assign([cable_text(d.get("subject"), d.get("body")) for d in found])
    return [(str(d["id"]), topics) for d, topics in zip(found, given, strict=True)]


def carried_labels(old: TopicModel | None, names: dict[int, str], new: TopicModel) -> dict[int, str]:
    """The names of ``old``'s topics that ``new`` still has: a new topic takes the name of the named old
    topic most like it (cosine similarity of their word weights, over the words both know) when that is at
    least :data:`SAME_TOPIC`, each name once."""
    if old is None or not names:
        return {}
    shared = sorted(set(map(str, old.vocabulary)) & set(map(str, new.vocabulary)))
    if not shared:
        return {}

    def columns(m: TopicModel) -> np.ndarray:
        where = {str(w): j for j, w in enumerate(m.vocabulary)}
        rows: np.ndarray = m.components[:, [where[w] for w in shared]].astype(np.float64)
        norms: np.ndarray = np.linalg.norm(rows, axis=1, keepdims=True)
        norms[norms == 0] = 1
        unit: np.ndarray = rows / norms
        return unit

    similarity = columns(new) @ columns(old).T  # new topics x old topics
    out: dict[int, str] = {}
    pairs: list[tuple[float, int, int]] = sorted(
        ((-float(similarity[i, j - 1]), i + 1, j) for i in range(new.k) for j in names), key=lambda p: p)
    taken: set[int] = set()
    for minus, t, j in pairs:
        if -minus < SAME_TOPIC:
            break
        if t not in out and j not in taken:
            out[t] = names[j]
            taken.add(j)
    return out
