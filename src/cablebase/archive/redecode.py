"""Decoding stored records again after the decoder has changed.

Each record keeps the raw text it was decoded from, with its provenance, the id and metadata its container
gave and the container's own diagnostics, which is all :func:`~cablebase.decode.decode` needs: records
stored by an older cablebase are brought up to :data:`~cablebase.decode.DECODER_VERSION` without reading
the source files again. Versions keep their numbers and text hashes (the archive's content hash does not
change); a current version whose record changed gets a new change number, so the index takes it again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import orjson

from cablebase.archive import store
from cablebase.decode import DECODER_VERSION, decode
from cablebase.model import Cable, Diagnostic, Provenance
from cablebase.readers import READER_CODES

REDECODING = "decoding the stored records again"
BATCH = 500
_PROVENANCE = ("path", "format", "locator", "sha256", "version_label")


def record(cable: Cable) -> dict[str, Any]:
    """The stored form of a decoded cable (a cable with no id gets one from its text)."""
    d = cable.to_dict()
    if not d["id"]:
        d["id"] = "UNIDENTIFIED-" + store.raw_sha(d["raw"])[:12]
    d["decoder"] = DECODER_VERSION
    return d


def decoded_again(rec: dict[str, Any]) -> dict[str, Any]:
    """A stored record decoded again by this cablebase, its version number kept."""
    src = rec.get("source") or {}
    prov = Provenance(**{k: src.get(k) or "" for k in _PROVENANCE})
    diags = rec.get("diagnostics") or []
    kept = [Diagnostic(d["code"], d["message"]) for d in diags if d["code"] in READER_CODES]
    # an id the decoder built from the text (no id in the container) is built again
    given = None if any(d["code"] == "id-from-text" for d in diags) else rec.get("published_id")
    cable = decode(rec["raw"], prov, published_id=given, metadata=rec.get("metadata") or {}, diagnostics=kept)
    # in its stored (JSON) form, so that it compares equal to a stored record when nothing changed
    return orjson.loads(orjson.dumps({**record(cable), "version": rec.get("version")}))


def redecode(con: sqlite3.Connection, progress: Callable[[int, int, str], None] | None = None
             ) -> tuple[int, list[str]]:
    """Decode again every stored version made by an older decoder. Returns how many records changed, and
    what could not be done (a record whose id would change stays as it is: ingest its source again).

    Batches of versions are committed one at a time and the archive is marked up to date at the end, so an
    interrupted run carries on where it stopped (records already done are recognised and skipped)."""
    row = con.execute("SELECT value FROM meta WHERE key='decoder'").fetchone()
    if row and int(row[0]) >= DECODER_VERSION:
        return 0, []
    total = con.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
    changed, problems, done, last = 0, [], 0, 0
    while True:
        rows = con.execute("SELECT rowid, record FROM versions WHERE rowid > ? ORDER BY rowid LIMIT ?",
                           (last, BATCH)).fetchall()
        if not rows:
            break
        con.execute("BEGIN IMMEDIATE")
        try:
            for rowid, blob in rows:
                old = orjson.loads(blob)
                if old.get("decoder") == DECODER_VERSION:
                    continue
                new = decoded_again(old)
                if new["id"] != old["id"]:
                    problems.append(f"{old['id']} v{old.get('version')}: decoded again it would be {new['id']}; "
                                    "left as it was (ingest its source again)")
                    continue
                changed += _store(con, rowid, old, new)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        last = rows[-1][0]
        done += len(rows)
        if progress:
            progress(done, total, REDECODING)
    con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('decoder', ?)", (str(DECODER_VERSION),))
    return changed, problems


def _store(con: sqlite3.Connection, rowid: int, old: dict[str, Any], new: dict[str, Any]) -> int:
    """Write a record decoded again; returns 1 if it differs from the old one (not counting the version
    stamp)."""
    differs = {**old, "decoder": DECODER_VERSION} != new
    blob = orjson.dumps(new)
    con.execute("UPDATE versions SET record=? WHERE rowid=?", (blob, rowid))
    current = con.execute("SELECT 1 FROM cables WHERE id=? AND version=?", (new["id"], new["version"])).fetchone()
    if current:
        if differs:  # a new change number: the index takes the record again
            con.execute("UPDATE cables SET seq=?, date=?, origin=?, classification=?, subject=?, record=? "
                        "WHERE id=?", (store.next_seq(con), new.get("date"), new.get("origin"),
                                       new.get("classification"), new.get("subject"), blob, new["id"]))
            store.put_refs(con, new)
        else:
            con.execute("UPDATE cables SET record=? WHERE id=?", (blob, new["id"]))
    return int(differs)
