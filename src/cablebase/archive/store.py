"""The system of record: SQLite (WAL) holding records, versions, references and the ingest log.

``cables`` says which version of each cable is the current one (with a few columns to look at it by);
``versions`` holds every distinct text ever seen for an id, with its provenance and its decoded record
(the current version's record too: ``cables.record`` is left empty, see :data:`CURRENT`); ``refs`` the REF
edges of current versions, with the citing cable's day, and ``serials`` each current cable's post, year
and serial (see :mod:`cablebase.archive.lookups`); ``cables.links`` each current version's TAGS and
TO/INFO posts, for the analysis layer's graphs (see :func:`links`); ``files`` the files already ingested
(by sha256); ``topic_models``, ``topic_labels`` and ``cable_topics`` the topic model and each current
cable's topics under it (see :mod:`cablebase.analysis.topics`). ``seq`` numbers changes so the full-text
index can catch up after a crash.

Records are stored as zstd-compressed JSON, with a dictionary trained on the archive's own records once it
holds a thousand (see :func:`pack` and :mod:`cablebase.archive.packing`); records stored as plain JSON by
an older cablebase are read as they are.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import orjson

from cablebase.archive import lookups, packing
from cablebase.decode import DECODER_VERSION
from cablebase.errors import CablebaseError
from cablebase.model import Addressee, Cable, StoredCable, iso_date

SCHEMA = """
CREATE TABLE IF NOT EXISTS cables (
  id TEXT PRIMARY KEY, version INTEGER NOT NULL, seq INTEGER NOT NULL, date TEXT, origin TEXT,
  classification TEXT, subject TEXT, raw_sha TEXT NOT NULL, record BLOB NOT NULL, links BLOB);
CREATE INDEX IF NOT EXISTS cables_seq ON cables(seq);
CREATE TABLE IF NOT EXISTS versions (
  id TEXT NOT NULL, version INTEGER NOT NULL, raw_sha TEXT NOT NULL, path TEXT, format TEXT, locator TEXT,
  label TEXT, record BLOB NOT NULL, PRIMARY KEY (id, version));
CREATE UNIQUE INDEX IF NOT EXISTS versions_sha ON versions(id, raw_sha);
CREATE TABLE IF NOT EXISTS refs (src TEXT NOT NULL, dst TEXT NOT NULL, letter TEXT, text TEXT, day TEXT,
  PRIMARY KEY (src, dst));
CREATE TABLE IF NOT EXISTS files (sha256 TEXT PRIMARY KEY, path TEXT, size INTEGER, cables INTEGER,
  status TEXT, message TEXT);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS topic_models (version TEXT PRIMARY KEY, made TEXT NOT NULL, model BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS topic_labels (version TEXT NOT NULL, topic INTEGER NOT NULL, label TEXT NOT NULL,
  PRIMARY KEY (version, topic));
CREATE TABLE IF NOT EXISTS cable_topics (id TEXT NOT NULL, topic INTEGER NOT NULL, weight REAL NOT NULL,
  PRIMARY KEY (id, topic));
CREATE INDEX IF NOT EXISTS cable_topics_topic ON cable_topics(topic, weight);
"""


# The current version of each cable, with its record: ``SELECT versions.record FROM {CURRENT} WHERE
# cables.id=?``. (Archives made before this kept a second copy of the record in ``cables.record``; it is
# no longer read, and a cable's next change empties it.)
CURRENT = "cables JOIN versions USING (id, version)"


# How records are stored: 1, plain JSON, the current version's twice; 2, compressed (see pack) and once (see
# CURRENT); 3, compressed with the archive's dictionary (see packing; stamped when the dictionary is made,
# so that an older cablebase still opened an archive without one); 4, with the reading room's lookups as
# well (see lookups; stamped on every archive this cablebase writes to, with a dictionary or not: an older
# one would write REF edges without their day, and cables without their serials). This cablebase reads
# them all; an archive stamped with a higher number was written by a newer one.
STORAGE = 4
WRITTEN = 4  # what an archive is stamped when this cablebase opens it to write (3 had waited for a dictionary)


def readonly_uri(path: str | Path) -> str:
    """The URI that opens a database read-only (made from the absolute path, so that a "?", "#" or "%" in a
    folder's name stays part of the name)."""
    return Path(path).absolute().as_uri() + "?mode=ro"


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        con = sqlite3.connect(readonly_uri(path), uri=True, check_same_thread=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.executescript(SCHEMA + packing.TABLE)
    con.execute("PRAGMA busy_timeout=10000")
    stamped = con.execute("SELECT value FROM meta WHERE key='storage'").fetchone()
    if stamped and int(stamped[0]) > STORAGE:
        con.close()
        raise CablebaseError(f"{path.parent} was written by a newer cablebase (storage format {stamped[0]}; this "
                             f"one reads formats up to {STORAGE}): upgrade cablebase to use it")
    if not readonly and (stamped is None or int(stamped[0]) < WRITTEN):
        con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('storage', ?)", (str(WRITTEN),))
    if not readonly and not links_ready(con):
        _add_links_column(con)
    if not readonly:
        lookups.prepare(con)
    packing.remember(path, con)
    return con


def record(cable: Cable) -> StoredCable:
    """The stored form of a decoded cable: a cable with no id gets one from its text, and the record says
    which decoder made it (see :mod:`cablebase.archive.redecode`)."""
    if not cable.id:
        cable = replace(cable, id="UNIDENTIFIED-" + raw_sha(cable.raw)[:12])
    return StoredCable(cable, version=1, decoder=DECODER_VERSION)  # version: see put


# A record holds its text three times (raw, reading text, paragraphs): 35 KB of JSON on average in the
# 250,000-cable benchmark, which zstd makes 7 KB in 0.09 ms (and back in 0.03 ms). Records take a fifth
# of the space, and a record not yet in the operating system's cache is two or three disk pages to read
# instead of a chain of nine.
def pack(rec: StoredCable, dictionary: int | None = None) -> bytes:
    """A record as stored: its JSON form (:meth:`StoredCable.to_dict`), compressed (with the archive's
    dictionary ``dictionary``, see :mod:`cablebase.archive.packing`)."""
    return packing.compress(orjson.dumps(rec.to_dict()), dictionary)


def unpack(blob: bytes) -> StoredCable:
    """A stored record (compressed, or plain JSON from an older cablebase)."""
    return StoredCable.from_dict(unpack_json(blob))


def unpack_json(blob: bytes) -> dict[str, Any]:
    """A stored record in its JSON form, as a dict."""
    if packing.is_compressed(blob):
        blob = packing.decompress(blob)
    record: dict[str, Any] = orjson.loads(blob)
    return record


def json_bytes(blob: bytes) -> bytes:
    """A stored record's JSON form as bytes, parsed only when it must be. A compressed record is orjson's
    output for :meth:`StoredCable.to_dict` (see :func:`pack`), which is what writing its parsed form again
    gives, so it is returned as it is; plain JSON from an older cablebase is parsed and written by orjson."""
    if packing.is_compressed(blob):
        return packing.decompress(blob)
    return orjson.dumps(orjson.loads(blob))


# The end of a record's JSON form: the raw text is the cable's last member, then the record's own
# (StoredCable.to_dict). Matched in the last bytes only.
_AFTER_RAW = re.compile(rb'"(?:,"decoder":-?\d+)?,"version":-?\d+\}\Z')
_RAW_KEY = b',"raw":"'


def without_raw(doc: bytes) -> bytes:
    """A record's JSON form (orjson's, as :func:`json_bytes` gives it) without its ``raw`` member: the bytes
    orjson writes for the record's dict with ``raw`` left out, found without parsing the record (the raw text
    is a third of it).

    In orjson's output a quote inside a string always follows a backslash, so ``,"raw":"`` is never inside a
    string: the last one is the record's raw member, which runs to the quote before ``decoder`` and
    ``version``. That it does is checked: between them every quote follows a backslash (had the last string
    another key, its opening quote would follow a colon). Any other layout (a record written otherwise) is
    parsed and written again."""
    m = _AFTER_RAW.search(doc, max(0, len(doc) - 80))
    if m is not None:
        end = m.start()
        start = doc.rfind(_RAW_KEY, 0, end)
        if start >= 0:
            quote = doc.find(b'"', start + 8, end)
            while quote >= 0 and doc[quote - 1] == 0x5C:  # a backslash
                quote = doc.find(b'"', quote + 1, end)
            if quote < 0:
                return doc[:start] + doc[end + 1:]
    d = orjson.loads(doc)
    d.pop("raw", None)
    return orjson.dumps(d)


def decoder_of(con: sqlite3.Connection) -> int:
    """The decoder the stored records are marked as made by (1: an archive from before decoders had
    numbers)."""
    row = con.execute("SELECT value FROM meta WHERE key='decoder'").fetchone()
    return int(row[0]) if row else 1


def raw_sha(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def next_seq(con: sqlite3.Connection) -> int:
    row = con.execute("SELECT value FROM meta WHERE key='seq'").fetchone()
    seq = int(row[0]) + 1 if row else 1
    con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('seq', ?)", (str(seq),))
    return seq


def put(con: sqlite3.Connection, rec: StoredCable, blob: bytes | None = None,
        dictionary: int | None = None) -> tuple[str, int]:
    """Store one decoded record (inside the caller's transaction); ``blob``: the record already packed
    (ingest packs on its workers), stored as it is when the record is the cable's first version and was
    packed with ``dictionary``, the archive's (see :mod:`cablebase.archive.packing`).

    Returns ``(status, seq)``: status is ``new``, ``version`` or ``unchanged`` (seq 0)."""
    ident = rec.id
    sha = raw_sha(rec.cable.raw)
    if con.execute("SELECT 1 FROM versions WHERE id=? AND raw_sha=?", (ident, sha)).fetchone():
        return "unchanged", 0
    row = con.execute("SELECT MAX(version) FROM versions WHERE id=?", (ident,)).fetchone()
    version = (row[0] or 0) + 1
    if (blob is None or rec.version != version or not packing.is_compressed(blob)
            or packing.dictionary_of(blob) != (dictionary or 0)):
        rec = replace(rec, version=version)
        blob = pack(rec, dictionary)
    src = rec.cable.provenance
    con.execute("INSERT INTO versions VALUES (?,?,?,?,?,?,?,?)",
                (ident, version, sha, src.path, src.format, src.locator, src.version_label, blob))
    seq = next_seq(con)
    put_current(con, rec, sha, seq)
    return ("new" if version == 1 else "version"), seq


def put_current(con: sqlite3.Connection, rec: StoredCable, sha: str, seq: int) -> None:
    """Make a stored version (``rec`` with its ``version``, and its text hash) the cable's current one, under
    change number ``seq``, with its REF edges replacing those of the one before."""
    ident, cable = rec.id, rec.cable
    day = iso_date(cable.date)
    con.execute("INSERT OR REPLACE INTO cables VALUES (?,?,?,?,?,?,?,?,?,?)",
                (ident, rec.version, seq, day, cable.origin, cable.classification, cable.subject,
                 sha, b"", links(_cable_links(cable))))
    lookups.put(con, ident, day, ((r.id, r.letter, r.text) for r in cable.references if r.kind == "cable" and r.id))


# -- the analysis layer's column -----------------------------------------------------------------------------
# ``cables.links``: a cable's TAGS and the posts it was sent TO and INFO, as compact JSON
# (``{"tags": [...], "to": [...], "info": [...], "collective": [...]}``, the last naming the collective
# addresses among them): what the posts and TAGS graphs need, read in the same row as the cable's date and
# origin (a query's 10,000 cables in one pass of the table, not 150,000 rows of a table per addressee).

# The version of that column: an archive stamped lower (or not at all) has it filled from its records by
# the next ingest (see fill_links).
LINKS = 2
LINKS_BATCH = 2000  # records a transaction when the column is filled


def _link_lists(tags: list[str], to: list[tuple[str, bool]], info: list[tuple[str, bool]]) -> dict[str, list[str]]:
    """The column's lists from the TAGS and the ``(name, collective)`` of each TO and INFO addressee (its
    post, else its address, else its line as written)."""
    return {"tags": tags, "to": [n for n, _ in to if n], "info": [n for n, _ in info if n],
            "collective": [n for n, c in (*to, *info) if c and n]}


def _cable_links(cable: Cable) -> dict[str, list[str]]:
    def names(group: tuple[Addressee, ...]) -> list[tuple[str, bool]]:
        return [(a.post or a.address or a.text, a.collective) for a in group]
    return _link_lists([t.code for t in cable.tags], names(cable.to), names(cable.info))


def _stored_links(d: dict[str, Any]) -> dict[str, list[str]]:
    """The same, from a stored record's JSON form (no typed record built: the column is filled for every
    cable of an archive at once)."""
    def names(group: list[dict[str, Any]] | None) -> list[tuple[str, bool]]:
        return [(a.get("post") or a.get("address") or a.get("text") or "", bool(a.get("collective")))
                for a in group or ()]
    return _link_lists(d.get("tags") or [], names(d.get("to")), names(d.get("info")))


def links(lists: dict[str, list[str]]) -> bytes:
    """The ``links`` column's value (empty lists left out)."""
    return orjson.dumps({k: v for k, v in lists.items() if v})


def links_ready(con: sqlite3.Connection) -> bool:
    row = con.execute("SELECT value FROM meta WHERE key='links'").fetchone()
    return row is not None and int(row[0]) >= LINKS


def _add_links_column(con: sqlite3.Connection) -> None:
    """Give an archive made before the column exists the column (empty until fill_links); a new, empty
    archive is stamped as filled."""
    if "links" not in {r[1] for r in con.execute("PRAGMA table_info(cables)")}:
        con.execute("ALTER TABLE cables ADD COLUMN links BLOB")
    con.execute("DROP TABLE IF EXISTS addressees")  # (the first form of the analysis tables, never released)
    con.execute("DROP TABLE IF EXISTS cable_tags")
    if not con.execute("SELECT 1 FROM cables LIMIT 1").fetchone():
        con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('links', ?)", (str(LINKS),))


def fill_links(con: sqlite3.Connection, progress: Callable[[int, int, str], None] | None = None) -> int:
    """Fill ``cables.links`` from the current records of an archive made before it existed (one pass over
    the records, committed in batches; an interrupted run starts again). Returns the records read."""
    if links_ready(con):
        return 0
    total = con.execute("SELECT COUNT(*) FROM cables").fetchone()[0]
    done, last = 0, ""
    while rows := con.execute(f"SELECT cables.id, versions.record FROM {CURRENT} WHERE cables.id > ? "
                              "ORDER BY cables.id LIMIT ?", (last, LINKS_BATCH)).fetchall():
        con.execute("BEGIN IMMEDIATE")
        try:
            for ident, blob in rows:
                con.execute("UPDATE cables SET links=? WHERE id=?", (links(_stored_links(unpack_json(blob))), ident))
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        last = rows[-1][0]
        done += len(rows)
        if progress:
            progress(done, total, "analysis column")
    con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('links', ?)", (str(LINKS),))
    return done


def free_share(con: sqlite3.Connection) -> float:
    """The share of the database file that is free pages: space left by records replaced or stored again
    more compactly (an archive of an older cablebase, decoded again, frees four fifths of its file). SQLite
    reuses it for new records but gives it back to the disk only on ``VACUUM`` (see :func:`compact`)."""
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    return con.execute("PRAGMA freelist_count").fetchone()[0] / pages if pages else 0.0


def compact(path: Path) -> tuple[int, int]:
    """Write the database file again without its free pages (SQLite's ``VACUUM``: it needs the archive to
    itself and, for a while, as much free disk as the file takes). Returns the size before and after."""
    before = path.stat().st_size
    con = connect(path)
    try:
        con.execute("VACUUM")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    return before, path.stat().st_size


def content_hash(con: sqlite3.Connection) -> str:
    """A digest of every stored version (ids, versions, text hashes): equal archives have equal hashes."""
    h = hashlib.sha256()
    for row in con.execute("SELECT id, version, raw_sha FROM versions ORDER BY id, version"):
        h.update("\x1f".join(map(str, row)).encode() + b"\n")
    for row in con.execute("SELECT id, version, raw_sha FROM cables ORDER BY id"):
        h.update(b"C" + "\x1f".join(map(str, row)).encode() + b"\n")
    return h.hexdigest()


T = TypeVar("T")


def in_transaction(con: sqlite3.Connection, work: Callable[[], T]) -> T:
    """``work()`` in one write transaction: all of it stored, or (on any error, a full disk included) none."""
    con.execute("BEGIN IMMEDIATE")
    try:
        out = work()
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:  # (SQLite has rolled back itself after some errors: a full disk)
            con.execute("ROLLBACK")
        raise
    return out
