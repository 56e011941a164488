"""Records compressed with a dictionary trained on the archive's own records.

A record is JSON compressed with zstd. Most of a short record (a 1970s telegram: 3 KB of text, 12 KB of
JSON) is what every record holds: the same keys, header forms, TAGS meanings, boilerplate. Compressed one
by one, each record pays for all of it again; with a dictionary trained on the archive's first records,
held-out records of the corpus take 21% less space (short ones 33%) and compress and decompress in half
the time (``docs/decisions/record-dictionary.md``). The dictionary is trained once the archive holds
:data:`TRAIN_AFTER` records, on its latest :data:`TRAIN_SAMPLE`.

An archive's dictionaries live in its ``record_dictionaries`` table, for good (a record names the one it
was compressed with, by the id zstd writes in its frame); ``meta.record_dictionary`` is the one new records
use. A process learns an archive's dictionaries when it opens it (:func:`remember`), workers when their
pool starts (``workers.run_in_order(archive=...)``); one trained later, while a process runs, is read when
a record first names it.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from pathlib import Path

import zstandard

LEVEL = 3  # zstd's level: higher levels were 5% smaller and 3-30 times slower to compress
DICTIONARY_BYTES = 112_640  # the zstd tool's default dictionary size
TRAIN_AFTER = 1_000  # records an archive holds before its dictionary is trained ...
TRAIN_SAMPLE = 2_000  # ... on this many of them (0.8 s)
REPACK_LIMIT = 50_000  # the records stored before it are compressed again with it when there are no more
REPACK_BATCH = 2_000  # records a transaction, when they are

TABLE = "CREATE TABLE IF NOT EXISTS record_dictionaries (id INTEGER PRIMARY KEY, data BLOB NOT NULL);"

_known: dict[int, bytes] = {}  # every dictionary this process has read, by id
_archives: set[str] = set()  # the archives it read them from (read again for an id not yet known)
_local = threading.local()  # zstd's compressors and decompressors are not thread-safe: one set a thread


class UnknownDictionary(ValueError):
    """A record names a dictionary that no archive this process has opened holds."""


def remember(path: Path | str, con: sqlite3.Connection | None = None) -> None:
    """Read the dictionaries of the archive at ``path`` (its ``cables.sqlite``), through ``con`` when given."""
    _archives.add(str(path))
    own = con is None
    if own:
        from cablebase.archive.store import readonly_uri  # (store compresses with this module)

        try:
            con = sqlite3.connect(readonly_uri(path), uri=True)
        except sqlite3.Error:  # (not there yet: nothing to learn; a record naming a dictionary says so)
            return
    assert con is not None
    try:  # (ids first: every connection to the archive calls this, and a dictionary is 110 KB)
        for (ident,) in con.execute("SELECT id FROM record_dictionaries").fetchall():
            if ident not in _known:
                row = con.execute("SELECT data FROM record_dictionaries WHERE id=?", (ident,)).fetchone()
                _known[int(ident)] = bytes(row[0])
    except sqlite3.OperationalError:  # (an archive made before dictionaries, opened read-only)
        pass
    finally:
        if own:
            con.close()


def archive_of(con: sqlite3.Connection) -> Path:
    """The ``cables.sqlite`` a connection has open (for the workers it starts: see :func:`remember`)."""
    return Path(con.execute("PRAGMA database_list").fetchone()[2])


def _dictionary(ident: int) -> zstandard.ZstdCompressionDict:
    if ident not in _known:
        for path in list(_archives):
            remember(path)
    if ident not in _known:
        raise UnknownDictionary(f"a record is compressed with dictionary {ident}, which the archive does not hold")
    return zstandard.ZstdCompressionDict(_known[ident])


def decompress(blob: bytes) -> bytes:
    """A record's JSON from its compressed bytes (with or without a dictionary)."""
    ident = dictionary_of(blob)
    if not ident:
        return zstandard.decompress(blob)
    cache: dict[int, zstandard.ZstdDecompressor] = _local.__dict__.setdefault("decompressors", {})
    if ident not in cache:
        cache[ident] = zstandard.ZstdDecompressor(dict_data=_dictionary(ident))
    return cache[ident].decompress(blob)


def compress(data: bytes, dictionary: int | None = None) -> bytes:
    """A record's JSON compressed, with the archive's dictionary ``dictionary`` (None: without)."""
    cache: dict[int, zstandard.ZstdCompressor] = _local.__dict__.setdefault("compressors", {})
    key = dictionary or 0
    if key not in cache:
        cache[key] = (zstandard.ZstdCompressor(level=LEVEL, dict_data=_dictionary(key)) if key
                      else zstandard.ZstdCompressor(level=LEVEL))
    return cache[key].compress(data)


_FRAME = b"\x28\xb5\x2f\xfd"  # how a zstd frame starts


def is_compressed(blob: bytes) -> bool:
    """Whether a stored record is compressed (records of an older cablebase are plain JSON)."""
    return blob[:4] == _FRAME


def dictionary_of(blob: bytes) -> int:
    """The id of the dictionary a compressed record was made with (0: none)."""
    return int(zstandard.get_frame_parameters(blob).dict_id)


def current(con: sqlite3.Connection) -> int | None:
    """The dictionary new records of this archive are compressed with (None before it has one)."""
    try:
        row = con.execute("SELECT value FROM meta WHERE key='record_dictionary'").fetchone()
    except sqlite3.OperationalError:
        return None
    return int(row[0]) if row else None


def train(con: sqlite3.Connection) -> int | None:
    """Train the archive's dictionary on its latest records, store it and make it the current one (one
    transaction: no record can name a dictionary the archive lacks), then compress the records stored before
    it again with it when they are few (:data:`REPACK_LIMIT`; in batches, each its own transaction: a record
    is readable either way). Returns its id; None when zstd could not train one (the records stay as they
    are, and the next ingest tries again)."""
    from cablebase.archive.store import STORAGE, in_transaction, json_bytes

    samples: list[bytes | bytearray | memoryview] = [json_bytes(blob) for (blob,) in con.execute(
        "SELECT record FROM versions ORDER BY rowid DESC LIMIT ?", (TRAIN_SAMPLE,))]
    ident = 32_768 + secrets.randbelow(2**31 - 32_768)  # (zstd keeps ids below 32,768 for registered ones)
    try:
        data = zstandard.train_dictionary(DICTIONARY_BYTES, samples, dict_id=ident, level=LEVEL).as_bytes()
    except zstandard.ZstdError:
        return None

    def store() -> None:
        con.execute("INSERT INTO record_dictionaries VALUES (?, ?)", (ident, data))
        con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('record_dictionary', ?)", (str(ident),))
        con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('storage', ?)", (str(STORAGE),))

    in_transaction(con, store)
    _known[ident] = data
    if con.execute("SELECT COUNT(*) FROM versions").fetchone()[0] <= REPACK_LIMIT:
        last = 0
        while rows := con.execute("SELECT rowid, record FROM versions WHERE rowid > ? ORDER BY rowid LIMIT ?",
                                  (last, REPACK_BATCH)).fetchall():
            last = rows[-1][0]
            again = [(compress(json_bytes(blob), ident), rowid) for rowid, blob in rows
                     if not is_compressed(blob) or not dictionary_of(blob)]

            def write(again: list[tuple[bytes, int]] = again) -> None:
                con.executemany("UPDATE versions SET record=? WHERE rowid=?", again)

            in_transaction(con, write)
    return ident
