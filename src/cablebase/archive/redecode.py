"""Decoding stored records again after the decoder has changed.

Each record keeps the raw text it was decoded from, with its provenance, the id and metadata its container
gave and the container's own diagnostics, which is all :func:`~cablebase.decode.decode` needs: records
stored by an older cablebase are brought up to :data:`~cablebase.decode.DECODER_VERSION` without reading
the source files again. Versions keep their numbers and text hashes (the archive's content hash does not
change); a current version whose record changed gets a new change number, so the index takes it again.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace

from cablebase.analysis.topics import store as topic_store
from cablebase.analysis.topics.model import Topics, cable_text
from cablebase.archive import packing, store, workers
from cablebase.container import Container
from cablebase.decode import DECODER_VERSION, decode
from cablebase.model import Provenance, StoredCable
from cablebase.readers import READER_CODES

REDECODING = "decoding the stored records again"
BATCH = 200  # versions per worker task and per SQLite transaction
_Row = tuple[int, str, int, str, bytes]  # a stored version: rowid, id, version, text hash, record


def decoded_again(rec: StoredCable) -> StoredCable:
    """A stored record decoded again by this cablebase, its version number kept."""
    old = rec.cable
    kept = [d for d in old.diagnostics if d.code in READER_CODES]
    # an id the decoder built from the text (no id in the container) is built again
    given = None if any(d.code == "id-from-text" for d in old.diagnostics) else old.published_id
    src = old.provenance  # (fields an older cablebase left empty as null are empty strings)
    prov = Provenance(src.path or "", src.format or "", src.locator or "", src.sha256 or "", src.version_label or "")
    cable = decode(old.raw, prov, published_id=given, container=Container.from_fields(old.metadata),
                   diagnostics=kept)
    # (compared with a stored record as it is: a record read back from its JSON form is the record it was)
    return replace(store.record(cable), version=rec.version)


def redecode(con: sqlite3.Connection, progress: Callable[[int, int, str], None] | None = None,
             jobs: int | None = None) -> tuple[int, list[str]]:
    """Decode again, on ``jobs`` cores (default all), every stored version made by an older decoder. Returns
    how many records changed, and what could not be done (a record whose id would change stays as it is:
    ingest its source again).

    Batches of versions are committed one at a time, in order, and the archive is marked up to date at the
    end, so an interrupted run carries on where it stopped (records already done are recognised and
    skipped)."""
    made = store.decoder_of(con)
    if made > DECODER_VERSION:  # an older cablebase about to add records: a newer one will then look at
        _mark(con)              # every record again (skipping its own quickly)
    if made >= DECODER_VERSION:
        return 0, []
    total = con.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
    jobs = jobs or os.cpu_count() or 1
    changed, problems, done = 0, [], 0

    def batches() -> Iterator[list[_Row]]:
        last = 0
        while rows := con.execute("SELECT rowid, id, version, raw_sha, record FROM versions WHERE rowid > ? "
                                  "ORDER BY rowid LIMIT ?", (last, BATCH)).fetchall():
            last = rows[-1][0]
            yield rows

    def write(rows: list[_Row], results: list[_Outcome]) -> None:
        nonlocal changed, done
        con.execute("BEGIN IMMEDIATE")
        try:
            for row, (blob, differs, problem, topics) in zip(rows, results, strict=True):
                if problem:
                    problems.append(problem)
                elif blob is not None:
                    _store(con, row, blob, differs, topics)
                    changed += differs
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        done += len(rows)
        if progress:
            progress(done, total, REDECODING)

    dictionary, archive = packing.current(con), packing.archive_of(con)
    model = topic_store.current_ref(con, str(archive))  # (the changed records' topics are given on the workers)
    tasks = ((rows, _decode_batch, ([row[-1] for row in rows], dictionary, model)) for rows in batches())
    workers.run_in_order(tasks, write, jobs, ahead=2, archive=archive)
    _mark(con)
    return changed, problems


def _mark(con: sqlite3.Connection) -> None:
    """Record that every stored record is as this decoder makes it (or will be, for those it adds)."""
    con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('decoder', ?)", (str(DECODER_VERSION),))


# (record to store or None, changed?, what went wrong, the changed record's topics when there is a model)
_Outcome = tuple[bytes | None, bool, str | None, Topics | None]


def _decode_batch(blobs: list[bytes], dictionary: int | None = None,
                  model: topic_store.ModelRef | None = None) -> list[_Outcome]:
    """Run in a worker: each stored record decoded again (None for one already made by this decoder), and
    with the archive's topic ``model``, each changed record's topics (given together, as ingest does)."""
    out: list[_Outcome] = []
    texts: dict[int, str] = {}  # place in out -> reading text of a changed record
    for blob in blobs:
        old: StoredCable | None = None
        try:
            old = store.unpack(blob)
            if old.decoder == DECODER_VERSION:
                out.append((None, False, None, None))
                continue
            new = decoded_again(old)
        except Exception as exc:  # a damaged stored record: reported, the others go on
            what = f"{old.id} v{old.version}" if old is not None else "a stored record"
            out.append((None, False, f"{what} could not be decoded again ({type(exc).__name__}: {exc}); "
                                     "left as it was", None))
            continue
        if new.id != old.id:
            out.append((None, False, f"{old.id} v{old.version}: decoded again it would be {new.id}; "
                                     "left as it was (ingest its source again)", None))
            continue
        differs = replace(old, decoder=DECODER_VERSION) != new
        if differs and model is not None:
            texts[len(out)] = cable_text(new.cable.subject, new.cable.body)
        out.append((store.pack(new, dictionary), differs, None, None))
    if texts and model is not None:
        given = topic_store.model_at(model).assign(list(texts.values()))
        for place, topics in zip(texts, given, strict=True):
            out[place] = (*out[place][:3], topics)
    return out


def _store(con: sqlite3.Connection, row: _Row, blob: bytes, differs: bool, topics: Topics | None) -> None:
    """Write a record decoded again; a current version that ``differs`` gets a new change number (so that
    the index takes it again), its REF edges anew, and its ``topics`` (given on the worker, when the archive
    has a topic model)."""
    rowid, ident, version, sha, _ = row
    con.execute("UPDATE versions SET record=? WHERE rowid=?", (blob, rowid))
    if not con.execute("SELECT 1 FROM cables WHERE id=? AND version=?", (ident, version)).fetchone():
        return
    if differs:
        rec = store.unpack(blob)
        store.put_current(con, rec, sha, store.next_seq(con))
        if topics is not None:
            topic_store.write_topics(con, [(ident, topics)])
    else:  # (the copy an archive of an older cablebase kept there is not needed)
        con.execute("UPDATE cables SET record=x'' WHERE id=? AND record != x''", (ident,))
