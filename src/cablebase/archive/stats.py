"""``cablebase stats``: an archive's counts, how its REF items resolve, and the state of its files, with
what to run when the records file or the index would gain from it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from cablebase import reference
from cablebase.archive import index as idx
from cablebase.archive import store
from cablebase.decode import DECODER_VERSION

if TYPE_CHECKING:
    from cablebase.archive import Archive


REBUILD_HINT = 0.2  # share of deleted documents in the index above which a rebuild is suggested


def rebuild_advice(db: str | os.PathLike[str], deleted: float) -> str | None:
    """What to run when a ``deleted`` share of the search index is documents deleted by updates (None when
    it is small)."""
    if deleted <= REBUILD_HINT:
        return None
    return f"`cablebase ingest --db {db} --rebuild-index` makes it again without them, for quicker searches"


COMPACT_HINT = 0.2  # share of free pages in cables.sqlite above which compacting is suggested


def compact_advice(db: str | os.PathLike[str], free: float) -> str | None:
    """What to run when a ``free`` share of the records' file is free space (None when it is small)."""
    if free <= COMPACT_HINT:
        return None
    return f"`cablebase ingest --db {db} --compact` gives it back to the disk"


def stats(archive: Archive) -> dict[str, Any]:
    """The counts of an archive, how its REF items resolve, and the state of its records file and index."""
    con = archive.con
    cables = con.execute("SELECT COUNT(*) FROM cables").fetchone()[0]
    versions = con.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
    files = dict(con.execute("SELECT status, COUNT(*) FROM files GROUP BY status").fetchall())
    total_refs = resolved = 0
    present = known = 0
    universe = reference.cablegate_universe()
    for (blob,) in con.execute(f"SELECT versions.record FROM {store.CURRENT}"):
        for r in store.unpack(blob).cable.references:
            total_refs += 1
            if r.kind == "cable" and r.id:
                resolved += 1
                st = archive.status(r.id, universe)
                present += st == "present"
                known += st == "known-absent"
    return {"cables": cables, "versions": versions, "files": files, "ref_items": total_refs,
            "ref_items_resolved_to_ids": resolved,
            "ref_resolved_share": round(resolved / total_refs, 4) if total_refs else None,
            "refs_present": present, "refs_known_absent": known, "refs_unknown": resolved - present - known,
            "decoded_by": _decoded_by(archive), "index": _index_shape(archive), "records_file": _file_shape(archive),
            "content_hash": store.content_hash(con)}

def _file_shape(archive: Archive) -> str:
    free = archive.free_space()
    advice = compact_advice(archive.path, free)
    size = (archive.path / "cables.sqlite").stat().st_size
    return f"{size / 1e6:,.1f} MB, {free:.0%} of it free space" + (f"; {advice}" if advice else "")

def _index_shape(archive: Archive) -> str:
    segments, deleted = idx.index_shape(archive.path / "index")
    advice = rebuild_advice(archive.path, deleted)
    return f"{segments} segment{'' if segments == 1 else 's'}, {deleted:.0%} of the documents in them deleted " \
           f"by updates" + (f"; {advice}" if advice else "")

def _decoded_by(archive: Archive) -> str:
    """Which decoder made the stored records, and whether ``cablebase ingest`` would decode them again."""
    made = store.decoder_of(archive.con)
    if made == DECODER_VERSION:
        return f"decoder {made} (this cablebase's)"
    return (f"decoder {made}; this cablebase has decoder {DECODER_VERSION}: `cablebase ingest --db "
            f"{archive.path}` decodes the records again")
