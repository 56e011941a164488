"""Records stored by an older decoder are decoded again from the raw text they keep."""

import re
from pathlib import Path

import orjson
import pytest

from cablebase.archive import Archive, store
from cablebase.archive.redecode import decoded_again
from cablebase.decode import DECODER_VERSION
from cablebase.readers import READER_CODES, RETIRED_READER_CODES
from tests.conftest import CORPUS, SAMPLES


def _as_if_older(db, ident, change):
    """Make the stored record of ``ident`` look as an older decoder left it."""
    con = store.connect(db / "cables.sqlite")
    for rowid, version, blob in con.execute("SELECT rowid, version, record FROM versions WHERE id=?",
                                            (ident,)).fetchall():
        rec = store.unpack_json(blob)
        rec.pop("decoder", None)
        change(rec)  # (stored as plain JSON, and the current one twice, as the older cablebases did)
        con.execute("UPDATE versions SET record=? WHERE rowid=?", (orjson.dumps(rec), rowid))
        con.execute("UPDATE cables SET record=? WHERE id=? AND version=?", (orjson.dumps(rec), ident, version))
    con.execute("DELETE FROM meta WHERE key='decoder'")
    con.close()


def test_records_of_an_older_decoder_are_decoded_again(tmp_path):
    a = Archive(tmp_path / "db")
    a.ingest([SAMPLES], jobs=1)
    before = a.stats()["content_hash"]
    good = a.get("07MEXICO1102")

    def older(rec):
        rec["body"] = rec["body"].replace("Medina Mora", "Medina SIPDIS Mora")
        rec["paragraphs"] = rec["paragraphs"][:2]
        rec["diagnostics"].insert(0, {"code": "encoding-fallback", "message": "not UTF-8 (byte 7); read as cp1252"})

    _as_if_older(tmp_path / "db", "07MEXICO1102", older)
    assert "decodes the records again" in Archive(tmp_path / "db").stats()["decoded_by"]
    assert a.search('"medina mora"').total == 1  # the index still has the text as it was indexed
    s = Archive(tmp_path / "db").ingest([], jobs=2)  # on two worker processes
    assert s.redecoded == 1 and s.reindexed == 1 and not s.failed
    b = Archive(tmp_path / "db")
    now = b.get("07MEXICO1102")
    assert now.cable.body == good.cable.body and now.cable.paragraphs == good.cable.paragraphs
    assert now.decoder == DECODER_VERSION and now.version == good.version
    assert now.cable.diagnostics[0].code == "encoding-fallback"  # what the reader said is kept
    assert now.cable.diagnostics[1:] == good.cable.diagnostics
    assert b.search('"medina mora"').total == 1 and b.stats()["content_hash"] == before
    # the copy of the record an older cablebase kept in the cables table is gone
    assert b.con.execute("SELECT COUNT(*) FROM cables WHERE record != x''").fetchone()[0] == 0
    again = b.ingest([], jobs=1)
    assert again.redecoded == 0 and again.reindexed == 0
    assert b.stats()["decoded_by"] == f"decoder {DECODER_VERSION} (this cablebase's)"


def test_an_older_cablebase_marks_the_archive_for_a_newer_one_to_look_again(tmp_path):
    a = Archive(tmp_path / "db")
    a.ingest([SAMPLES], jobs=1)
    con = store.connect(tmp_path / "db" / "cables.sqlite")
    con.execute("UPDATE meta SET value='99' WHERE key='decoder'")  # as a newer cablebase left it
    assert Archive(tmp_path / "db").ingest([], jobs=1).redecoded == 0
    assert con.execute("SELECT value FROM meta WHERE key='decoder'").fetchone()[0] == str(DECODER_VERSION)


def test_a_record_whose_id_would_change_is_left_and_reported(tmp_path):
    a = Archive(tmp_path / "db")
    a.ingest([SAMPLES], jobs=1)
    assert not any(d.code == "id-from-text" for d in a.get("06MADRID2657").cable.diagnostics)
    _as_if_older(tmp_path / "db", "06MADRID2657", lambda rec: rec.update(published_id="06MADRID9999"))
    s = Archive(tmp_path / "db").ingest([], jobs=1)
    assert len(s.failed) == 1 and "06MADRID9999" in s.failed[0] and "left as it was" in s.failed[0]
    assert Archive(tmp_path / "db").get("06MADRID2657").cable.published_id == "06MADRID9999"


def test_every_reader_diagnostic_code_is_listed():
    """The codes kept on decoding again: every code a reader (or its byte decoding) writes."""
    root = Path(__file__).resolve().parents[2] / "src" / "cablebase"
    sources = [*sorted((root / "readers").glob("*.py")), root / "decode" / "text.py"]
    codes = {c for f in sources for c in re.findall(r'Diagnostic\("([a-z-]+)"', f.read_text())}
    decoder_only = {"control-characters", "markdown-residue", "flattened-text", "repeated-header",
                    "other-cable-appended", "record-block"}  # normalise()
    assert codes - decoder_only == READER_CODES - RETIRED_READER_CODES


@pytest.mark.corpus
def test_every_stored_record_of_the_corpus_decodes_again_to_itself(tmp_path):
    """What re-decoding needs is all in the record: decoded again, every version of every corpus cable is
    the record ingest stored (so only a decoder change makes a difference)."""
    Archive(tmp_path / "db").ingest([CORPUS], jobs=2)
    con = store.connect(tmp_path / "db" / "cables.sqlite", readonly=True)
    rows = con.execute("SELECT record FROM versions").fetchall()
    assert len(rows) > 1500
    for (blob,) in rows:
        old = store.unpack(blob)
        assert decoded_again(old) == old, old.id


def test_a_damaged_stored_record_is_reported_and_the_others_go_on(tmp_path):
    a = Archive(tmp_path / "db")
    a.ingest([SAMPLES], jobs=1)
    _as_if_older(tmp_path / "db", "07MEXICO1102", lambda rec: None)
    con = store.connect(tmp_path / "db" / "cables.sqlite")
    con.execute("UPDATE versions SET record=? WHERE id='06MADRID2657'", (b"{not json",))
    s = Archive(tmp_path / "db").ingest([], jobs=1)
    assert len(s.failed) == 1 and "could not be decoded again" in s.failed[0]
    assert Archive(tmp_path / "db").get("07MEXICO1102").decoder == DECODER_VERSION
