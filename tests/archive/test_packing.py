"""Records compressed with the archive's own dictionary (archive/packing.py): trained once an archive holds
enough records, the records read back exactly as without it, smaller; processes that opened the archive
before the dictionary existed still read the records compressed with it."""

from __future__ import annotations

import sqlite3
import subprocess
from collections import Counter

import pytest
from hypothesis import given

from cablebase.archive import Archive, packing, store
from tests.conftest import CORPUS, SAMPLES
from tests.model_strategies import stored_cables
from tests.test_faults import CLI

pytestmark = pytest.mark.corpus


def _blobs(db) -> dict[tuple[str, int], bytes]:
    con = sqlite3.connect(db / "cables.sqlite")
    try:
        return {(i, v): b for i, v, b in con.execute("SELECT id, version, record FROM versions")}
    finally:
        con.close()


def test_an_archive_trains_its_dictionary_and_its_records_read_back_the_same(tmp_path, monkeypatch):
    folders = [CORPUS / "wikileaks", CORPUS / "cables-csv", CORPUS / "plusd-nara-html"]
    enough = packing.TRAIN_AFTER
    with_it = Archive(tmp_path / "with")
    assert not with_it.ingest(folders, jobs=2).failed
    monkeypatch.setattr(packing, "TRAIN_AFTER", 10**9)
    without = Archive(tmp_path / "without")
    assert not without.ingest(folders, jobs=2).failed

    a, b = _blobs(tmp_path / "with"), _blobs(tmp_path / "without")
    assert a.keys() == b.keys() and len(a) > enough
    made = packing.current(with_it.con)
    assert made and packing.current(without.con) is None
    assert Counter(packing.dictionary_of(blob) for blob in a.values()) == {made: len(a)}  # (stored before too)
    stamps = [x.con.execute("SELECT value FROM meta WHERE key='storage'").fetchone()[0] for x in (with_it, without)]
    assert stamps == [str(store.STORAGE), str(store.WRITTEN)]
    assert all(store.json_bytes(a[k]) == store.json_bytes(b[k]) for k in a)
    assert sum(map(len, a.values())) < 0.85 * sum(map(len, b.values()))
    ident = next(iter(a))[0]
    assert with_it.get(ident) == without.get(ident)


def test_a_reader_opened_before_the_dictionary_reads_records_made_with_it(tmp_path, monkeypatch):
    db = tmp_path / "db"
    reader = Archive(db)
    assert not reader.ingest([SAMPLES], jobs=1).failed
    assert packing.current(reader.con) is None  # (a handful of records: no dictionary yet)
    monkeypatch.setattr(packing, "_known", {})  # (this process has learnt no dictionary)
    done = subprocess.run([*CLI, "ingest", str(CORPUS / "cables-csv"), str(CORPUS / "wikileaks"), "--db", str(db)],
                          capture_output=True, text=True)  # (another process trains it)
    assert done.returncode == 0, done.stderr
    made = packing.current(reader.con)
    assert made
    ident = reader.con.execute("SELECT id FROM versions ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    assert packing.dictionary_of(_blobs(db)[(ident, 1)]) == made
    assert reader.get(ident).id == ident


def test_a_record_naming_a_dictionary_no_archive_holds_says_so():
    blob = packing.compress(b'{"id": "X"}')
    assert store.unpack_json(blob) == {"id": "X"}
    other = packing.compress(b'{"id": "X"}' * 50, None)
    assert packing.dictionary_of(other) == 0
    import zstandard

    stranger = zstandard.ZstdCompressor(dict_data=zstandard.train_dictionary(
        2048, [f'{{"id": "{i}", "body": "text {i * 7}"}}'.encode() * 3 for i in range(400)], dict_id=99_999))
    with pytest.raises(packing.UnknownDictionary, match="99999"):
        store.unpack_json(stranger.compress(b'{"id": "X"}'))


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> int:
    """A dictionary trained on the samples' records."""
    db = tmp_path_factory.mktemp("samples") / "db"
    Archive(db).ingest([SAMPLES], jobs=1)
    con = store.connect(db / "cables.sqlite")
    try:
        made = packing.train(con)
    finally:
        con.close()
    assert made
    return made


@given(rec=stored_cables)
def test_a_record_packed_with_a_dictionary_unpacks_to_itself(trained, rec):
    assert store.unpack(store.pack(rec, trained)) == rec


def test_training_compresses_earlier_records_again_plain_json_too_unless_too_many(tmp_path, monkeypatch):
    import orjson

    for name, limit in (("few", packing.REPACK_LIMIT), ("many", 5)):
        db = tmp_path / name / "db"
        Archive(db).ingest([SAMPLES], jobs=1)
        con = store.connect(db / "cables.sqlite")
        want = {k: store.unpack_json(b) for k, b in _blobs(db).items()}
        plain = next(iter(want))  # (one record as an older cablebase stored it: plain JSON)
        con.execute("UPDATE versions SET record=? WHERE id=? AND version=?", (orjson.dumps(want[plain]), *plain))
        monkeypatch.setattr(packing, "REPACK_LIMIT", limit)
        made = packing.train(con)
        con.close()
        blobs = _blobs(db)
        assert {k: store.unpack_json(b) for k, b in blobs.items()} == want
        stamped = {packing.dictionary_of(b) if packing.is_compressed(b) else None for b in blobs.values()}
        assert stamped == ({made} if name == "few" else {0, None})
