"""``cablebase ingest``: parse on all cores, store in SQLite, index in Tantivy; incremental and crash-safe.

Files are taken in sorted order and their results committed in that order, one SQLite transaction per file
(records, versions, references and the file's entry in the ingest log together), so a kill at any moment
leaves a prefix of a clean run. The Tantivy index follows SQLite through the change counter ``seq``: on
start it re-indexes whatever SQLite holds beyond the index's last commit, after decoding again the records
an older decoder made (see :mod:`cablebase.archive.redecode`).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import tantivy

from cablebase.analysis.topics import store as topic_store
from cablebase.analysis.topics.model import Topics, cable_text
from cablebase.archive import faults, lock, lookups, packing, store, workers
from cablebase.archive import index as idx
from cablebase.archive.redecode import redecode
from cablebase.errors import CablebaseError
from cablebase.model import Cable
from cablebase.readers import Document, ReadError, Skipped, iter_files, read_documents, to_cable
from cablebase.readers.detect import STREAMING, detect

BATCH_DOCS = 500
INDEX_COMMIT_EVERY = 5000
LARGE_STREAM = 20 * 1024 * 1024


@dataclass
class IngestSummary:
    files: int = 0
    files_ingested: int = 0
    files_unchanged: int = 0
    cables_new: int = 0
    cables_versions: int = 0
    cables_unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    reindexed: int = 0
    redecoded: int = 0


_Unit = tuple[str, str, int, bool]  # a file's part: path, sha256, size, and whether it is the file's last part


@dataclass
class _Result:
    path: str
    records: list[bytes]
    errors: list[str]
    skipped: str | None = None
    topics: list[Topics] | None = None  # each record's topics, when the archive has a topic model


def _records(cables: list[Cable], path: str, errors: list[str], skipped: str | None,
             topics: topic_store.ModelRef | None, dictionary: int | None) -> _Result:
    """Cables as the workers hand them over: packed, as they are stored (a fifth of the JSON to send, and
    the main process, the one that writes, does not compress them again), with their topics when the
    archive has a model (given here, on the workers: it is mostly tokenizing)."""
    records = [store.pack(store.record(c), dictionary) for c in cables]
    found = None
    if topics is not None:  # (a cable without a reading text has none)
        found = topic_store.model_at(topics).assign([cable_text(c.subject, c.body) for c in cables])
    return _Result(path, records, errors, skipped, found)


def _work_file(path: str, topics: topic_store.ModelRef | None = None, dictionary: int | None = None) -> _Result:
    try:
        return _read_file(path, topics, dictionary)
    except packing.UnknownDictionary:  # (not the file's fault: the run stops, the file is not marked failed)
        raise
    except Exception as exc:  # a reader bug must not stop the run
        return _Result(path, [], [f"{path}: reader failed: {type(exc).__name__}: {exc}"])


def _read_file(path: str, topics: topic_store.ModelRef | None = None, dictionary: int | None = None) -> _Result:
    cables, errors = [], []
    skipped = None
    for doc in read_documents(path):
        if isinstance(doc, ReadError):
            errors.append(str(doc))
        elif isinstance(doc, Skipped):
            skipped = doc.reason
        else:
            cables.append(to_cable(doc, path))
    return _records(cables, path, errors, skipped, topics, dictionary)


def _work_docs(path: str, docs: list[Document], errors: list[str], skipped: str | None = None,
               topics: topic_store.ModelRef | None = None, dictionary: int | None = None) -> _Result:
    """A batch of a large file's documents decoded; ``errors`` and ``skipped``: what the reader reported
    while reading the batch's part of the file (carried to the main process with it)."""
    return _records([to_cable(d, path) for d in docs], path, errors, skipped, topics, dictionary)


def file_sha(path: str) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


REINDEX_THREADS = 2
TOPIC_MODULES = ["cablebase.archive.ingest", "scipy.optimize", "scipy.linalg"]  # what giving topics imports
REINDEX_COMMIT = 25_000  # records per commit while re-indexing: an interrupted rebuild resumes from there


def catch_up_index(con: sqlite3.Connection, index: tantivy.Index,
                   progress: Callable[[int, int, str], None] | None = None, path: Path | None = None) -> int:
    """Re-index records SQLite holds beyond the index's last commit (after a crash, or all of them after a
    schema change). Records go in by ``seq`` and are committed every :data:`REINDEX_COMMIT`, so a rebuild
    that is interrupted carries on from its last commit (``path``: the index's folder, to name a process
    holding its lock). Returns the count."""
    index.reload()
    searcher = index.searcher()
    top = 0
    if searcher.num_docs:
        res = searcher.search(tantivy.Query.all_query(), limit=1, order_by_field="seq")
        if res.hits:
            top = int(searcher.doc(res.hits[0][1])["seq"][0])
    pending: int = con.execute("SELECT COUNT(*) FROM cables WHERE seq > ?", (top,)).fetchone()[0]
    if not pending:
        return 0
    # two indexing threads: nothing else runs meanwhile, and the engine's tokenizing, not reading the records,
    # is most of the work (20,000 benchmark records: 16 s with one thread, 11.5 s with two, on two cores)
    writer = lock.index_writer(index, path, 128_000_000, threads=REINDEX_THREADS)

    def step(done: int) -> None:
        if done % REINDEX_COMMIT == 0:
            writer.commit()
        if progress and done % 500 == 0:
            progress(done, pending, REINDEXING)

    _, done = index_since(con, writer, top, step)
    writer.commit()
    writer.wait_merging_threads()
    if progress:
        progress(done, pending, REINDEXING)
    return pending


REINDEXING = "re-indexing the stored records"


def index_since(con: sqlite3.Connection, writer: tantivy.IndexWriter, top: int,
                step: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Add to the index (uncommitted) the current records whose change number is above ``top``, each cable
    once however often it changed since: a cable met in several files of one ingest (a page, the CSV dump,
    a PlusD page) leaves no deleted documents behind. Records are streamed from SQLite, so memory stays
    bounded. ``step`` is called with the count after each record. Returns (highest change number, count)."""
    done = 0
    topics = "(SELECT group_concat(topic) FROM cable_topics WHERE cable_topics.id = cables.id)"
    for seq, blob, numbers in con.execute(f"SELECT cables.seq, versions.record, {topics} FROM {store.CURRENT} "
                                          "WHERE cables.seq > ? ORDER BY cables.seq", (top,)):
        rec = store.unpack(blob)
        writer.delete_documents_by_term("id", rec.id)
        writer.add_document(idx.document(rec, seq, numbers.split(",") if numbers else ()))
        top, done = seq, done + 1
        if step:
            step(done)
    return top, done


def ingest(db: Path, paths: Iterable[str | os.PathLike[str]], jobs: int | None = None,
           progress: Callable[[int, int, str], None] | None = None, rebuild_index: bool = False) -> IngestSummary:
    """Bring the archive up to date (records decoded again, index caught up), then ingest ``paths``. With
    ``rebuild_index`` the search index is made again from the stored records (compact, without the deleted
    documents updates leave behind); interrupted, the next ingest carries the rebuild on."""
    db = Path(db)
    names = [str(p) for p in paths]
    missing = [p for p in names if not os.path.lexists(p)]
    if missing:  # a mistyped path is the user's mistake: no archive is made for it
        raise CablebaseError("no such file or directory: " + ", ".join(missing))
    if not names and not (db / "cables.sqlite").exists():  # a mistyped --db, most likely
        raise CablebaseError(f"no archive at {db}: nothing to bring up to date (give the files or folders to "
                             "ingest to make one)")
    summary = IngestSummary()
    state = faults.Progress()
    try:
        db.mkdir(parents=True, exist_ok=True)
        with lock.writer_lock(db):
            _ingest(db, names, jobs, progress, rebuild_index, summary, state)
    except BaseException as exc:
        if faults.disk_full(exc, db):
            raise faults.DiskFull(db, state.remaining, state.stored_before) from None
        raise
    return summary


def _ingest(db: Path, paths: list[str], jobs: int | None, progress: Callable[[int, int, str], None] | None,
            rebuild_index: bool, summary: IngestSummary, state: faults.Progress) -> None:
    con = store.connect(db / "cables.sqlite")
    state.stored_before = faults.stored_bytes(con)
    index = idx.open_index(db / "index", rebuild=True, wipe=rebuild_index)
    # records made by an older decoder first: those that change are then re-indexed with the rest
    summary.redecoded, problems = redecode(con, progress, jobs)
    summary.failed.extend(problems)
    store.fill_links(con, progress)  # (an archive made before the analysis tables)
    lookups.fill(con, progress)  # (and one made before the reading room's lookups)
    if lock.EXCLUSIVE:  # (what a topic build killed before left)
        store.in_transaction(con, lambda: topic_store.discard_unfinished(con))
    summary.reindexed = catch_up_index(con, index, progress, db / "index")
    files = [str(p) for p in iter_files(paths)]
    summary.files = len(files)
    todo: list[tuple[str, str, int]] = []
    for i, f in enumerate(files, 1):
        try:
            sha, size = file_sha(f)
        except OSError as exc:
            summary.failed.append(f"{f}: cannot read file: {exc.strerror or exc}")
            continue
        if con.execute("SELECT 1 FROM files WHERE sha256=?", (sha,)).fetchone():
            summary.files_unchanged += 1
        else:
            todo.append((f, sha, size))
        if progress and i % 200 == 0:
            progress(0, len(files), "hashing")
    state.remaining = sum(size for _, _, size in todo)
    writer = lock.index_writer(index, db / "index", 256_000_000)
    # the index takes the stored records every INDEX_COMMIT_EVERY changes (see index_since)
    indexed = con.execute("SELECT COALESCE(MAX(seq), 0) FROM cables").fetchone()[0]
    pending_docs = 0
    done = summary.files_unchanged
    jobs = jobs or os.cpu_count() or 1
    model = topic_store.current_ref(con, str(db / "cables.sqlite"))
    if model is not None:
        workers.preload(TOPIC_MODULES)
    # records are compressed with the archive's dictionary, trained once it holds enough of them (here, or
    # below when this run brings it there: the tasks made after that carry it)
    dictionary = packing.current(con)
    stored = con.execute("SELECT COUNT(*) FROM versions").fetchone()[0] if dictionary is None and todo else 0
    tried = False  # (one training a run: zstd may fail to make one)
    if dictionary is None and todo and stored >= packing.TRAIN_AFTER:
        tried = True
        dictionary = packing.train(con)

    def units() -> Iterator[workers.Task[_Unit, _Result]]:
        for f, sha, size in todo:
            fmt = "unknown"
            try:
                with open(f, "rb") as fh:
                    fmt = detect(fh.read(65536), f)
            except OSError:
                pass
            if STREAMING.get(fmt) and size > LARGE_STREAM:
                batch: list[Document] = []
                errors: list[str] = []  # (a broken record is reported with its batch, not dropped)
                skipped = None
                for doc in read_documents(f):
                    if isinstance(doc, ReadError):
                        errors.append(str(doc))
                        continue
                    if isinstance(doc, Skipped):
                        skipped = doc.reason
                        continue
                    batch.append(doc)
                    if len(batch) >= BATCH_DOCS:
                        yield (f, sha, size, False), _work_docs, (f, batch, errors, None, model, dictionary)
                        batch, errors = [], []
                yield (f, sha, size, True), _work_docs, (f, batch, errors, skipped, model, dictionary)
            else:
                yield (f, sha, size, True), _work_file, (f, model, dictionary)

    file_records: dict[str, int] = {}  # records and errors so far of a file read in batches
    file_errors: dict[str, list[str]] = {}

    def apply(unit: _Unit, result: _Result) -> None:
        nonlocal pending_docs, indexed, done, dictionary, stored, tried
        f, sha, size, last = unit
        records = file_records.pop(f, 0) + len(result.records)
        errors = file_errors.pop(f, []) + result.errors
        if not last:
            file_records[f], file_errors[f] = records, errors
        con.execute("BEGIN IMMEDIATE")
        try:
            given: dict[str, Topics] = {}  # the topics of the cables stored anew (a cable's last version's)
            replaced: list[str] = []  # of those, cables that had topics (a new version of one)
            for i, blob in enumerate(result.records):
                rec = store.unpack(blob)
                status, seq = store.put(con, rec, blob, dictionary)
                stored += status != "unchanged"
                if seq and result.topics is not None:
                    given[rec.id] = result.topics[i]
                    if status == "version":
                        replaced.append(rec.id)
                if status == "new":
                    summary.cables_new += 1
                elif status == "version":
                    summary.cables_versions += 1
                else:
                    summary.cables_unchanged += 1
                pending_docs += bool(seq)
            topic_store.write_topics(con, list(given.items()), replaced)
            if last:
                status = "failed" if errors and not records else "ok"
                message = "; ".join(errors) or result.skipped or ""
                con.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?)",
                            (sha, f, size, records, "skipped" if result.skipped else status, message))
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:  # (SQLite has rolled back itself after some errors: a full disk)
                con.execute("ROLLBACK")
            raise
        if dictionary is None and not tried and stored >= packing.TRAIN_AFTER:
            tried = True
            dictionary = packing.train(con)
        if pending_docs >= INDEX_COMMIT_EVERY:
            indexed = index_since(con, writer, indexed)[0]
            writer.commit()
            pending_docs = 0
        if last:
            done += 1
            state.remaining -= size
            summary.files_ingested += 1
            summary.failed.extend(errors)
            if result.skipped:
                summary.skipped.append((f, result.skipped))
            if progress:
                progress(done, len(files), f)

    workers.run_in_order(units(), apply, jobs, ahead=4, archive=db / "cables.sqlite")
    index_since(con, writer, indexed)
    writer.commit()
    writer.wait_merging_threads()
    con.close()
