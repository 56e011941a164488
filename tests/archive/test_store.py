"""The stored form of records: compressed JSON, with plain JSON from older archives still read."""

from __future__ import annotations

from dataclasses import replace

import orjson
import pytest
import zstandard
from hypothesis import given
from hypothesis import strategies as st

from cablebase.archive import Archive, store
from cablebase.errors import CablebaseError
from tests.conftest import SAMPLES
from tests.model_strategies import stored_cables

_json = st.recursive(st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                     max_leaves=20)


@given(stored_cables)
def test_a_packed_record_unpacks_to_itself(rec):
    assert store.unpack(store.pack(rec)) == rec


@given(st.dictionaries(st.text(max_size=12), _json, max_size=6))
def test_the_json_form_unpacks_as_it_was_packed(d):
    assert store.unpack_json(zstandard.compress(orjson.dumps(d))) == d
    assert store.unpack_json(orjson.dumps(d)) == d


def test_records_are_stored_compressed_and_plain_json_still_reads(tmp_path):
    a = Archive(tmp_path / "db")
    a.ingest([SAMPLES], jobs=1)
    want = a.get("07MEXICO1102")
    con = store.connect(tmp_path / "db" / "cables.sqlite")
    blob = con.execute("SELECT record FROM versions WHERE id='07MEXICO1102'").fetchone()[0]
    assert not blob.startswith(b"{") and len(blob) < len(orjson.dumps(want.to_dict())) / 2
    # kept once: the current version's record is not copied into the cables table
    assert con.execute("SELECT COUNT(*) FROM cables WHERE record != x''").fetchone()[0] == 0
    # as an older cablebase stored it
    con.execute("UPDATE versions SET record=? WHERE id='07MEXICO1102'", (orjson.dumps(want.to_dict()),))
    con.close()
    assert Archive(tmp_path / "db").get("07MEXICO1102") == want


def test_an_archive_of_a_newer_storage_format_gets_a_clear_error(tmp_path):
    Archive(tmp_path / "db").ingest([SAMPLES / "raw-telegram"], jobs=1)
    con = store.connect(tmp_path / "db" / "cables.sqlite")
    assert con.execute("SELECT value FROM meta WHERE key='storage'").fetchone()[0] == str(store.WRITTEN)
    con.execute("UPDATE meta SET value=? WHERE key='storage'", (str(store.STORAGE + 1),))
    con.close()
    for use in (lambda a: a.get("07MEXICO1102"), lambda a: a.ingest([], jobs=1)):
        with pytest.raises(CablebaseError, match="written by a newer cablebase"):
            use(Archive(tmp_path / "db"))


# What a record of an older cablebase may lack: the fields added to the record since (and the decoder's
# number, from before decoders had numbers).
_ADDED_SINCE = ("date_source", "text_of", "decoder")


def test_an_archive_of_records_without_the_keys_added_since_still_reads(tmp_path):
    from fastapi.testclient import TestClient

    from cablebase.web import create_app

    a = Archive(tmp_path / "db")
    a.ingest([SAMPLES], jobs=1)
    want = {ident: a.get(ident) for (ident,) in a.con.execute("SELECT id FROM cables")}
    con = store.connect(tmp_path / "db" / "cables.sqlite")
    for rowid, blob in con.execute("SELECT rowid, record FROM versions").fetchall():
        d = store.unpack_json(blob)
        for key in _ADDED_SINCE:
            del d[key]
        con.execute("UPDATE versions SET record=? WHERE rowid=?", (orjson.dumps(d), rowid))
    con.close()
    old = Archive(tmp_path / "db")
    for ident, rec in want.items():
        got = old.get(ident)
        assert got.decoder is None and "decoder" not in got.to_dict()
        assert got.cable.date_source is None and got.cable.text_of is None
        assert replace(got.cable, date_source=rec.cable.date_source, text_of=rec.cable.text_of) == rec.cable, ident
    assert [v.version for v in old.versions("05SOFIA1207")] == [1, 2]
    assert old.search("tag:PREL").total == a.search("tag:PREL").total
    with TestClient(create_app(tmp_path / "db")) as client:  # the reading room and the API serve them as before
        page = client.get("/cable/07MEXICO1102")
        assert page.status_code == 200 and want["07MEXICO1102"].cable.paragraphs[0].text[:40] in page.text
        assert client.get("/api/cable/07MEXICO1102").json()["tags"] == [t.code for t in want["07MEXICO1102"].cable.tags]
        assert client.get("/api/export.jsonl").text.count("\n") == len(want)


@pytest.mark.parametrize("name", ["a?b", "c#d", "50% e"])
def test_an_archive_whose_folder_name_has_uri_characters_is_read(tmp_path, name):
    """Readers open the records read-only through a URI: '?', '#' and '%' in a folder's name stay part of it."""
    db = tmp_path / name / "db"
    Archive(db).ingest([SAMPLES / "raw-telegram"], jobs=1)
    a = Archive(db)
    assert a.stats()["cables"] > 0
    some = a.search("the", limit=1).hits[0].id
    assert a.get(some).cable.id == some
