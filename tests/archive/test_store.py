"""The stored form of records: compressed JSON, with plain JSON from older archives still read."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablebase.archive import Archive, store
from cablebase.errors import CablebaseError
from tests.conftest import SAMPLES

_json = st.recursive(st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                     max_leaves=20)


@given(st.dictionaries(st.text(max_size=12), _json, max_size=6))
def test_a_packed_record_unpacks_to_itself(rec):
    assert store.unpack(store.pack(rec)) == rec


def test_records_are_stored_compressed_and_plain_json_still_reads(tmp_path):
    a = Archive(tmp_path / "db")
    a.ingest([SAMPLES], jobs=1)
    want = a.get("07MEXICO1102")
    con = store.connect(tmp_path / "db" / "cables.sqlite")
    blob = con.execute("SELECT record FROM versions WHERE id='07MEXICO1102'").fetchone()[0]
    assert not blob.startswith(b"{") and len(blob) < len(orjson.dumps(want)) / 2
    # kept once: the current version's record is not copied into the cables table
    assert con.execute("SELECT COUNT(*) FROM cables WHERE record != x''").fetchone()[0] == 0
    # as an older cablebase stored it
    con.execute("UPDATE versions SET record=? WHERE id='07MEXICO1102'", (orjson.dumps(want),))
    con.close()
    assert Archive(tmp_path / "db").get("07MEXICO1102") == want


def test_an_archive_of_a_newer_storage_format_gets_a_clear_error(tmp_path):
    Archive(tmp_path / "db").ingest([SAMPLES / "raw-telegram"], jobs=1)
    con = store.connect(tmp_path / "db" / "cables.sqlite")
    assert con.execute("SELECT value FROM meta WHERE key='storage'").fetchone()[0] == str(store.STORAGE)
    con.execute("UPDATE meta SET value=? WHERE key='storage'", (str(store.STORAGE + 1),))
    con.close()
    for use in (lambda a: a.get("07MEXICO1102"), lambda a: a.ingest([], jobs=1)):
        with pytest.raises(CablebaseError, match="written by a newer cablebase"):
            use(Archive(tmp_path / "db"))
