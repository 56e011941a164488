"""The analysis column (``cables.links``): written with every record, added to an archive of an older
cablebase by its next ingest, and that filling is safe to interrupt."""

from __future__ import annotations

import sqlite3

import orjson
import pytest

from cablebase.archive import Archive, store
from cablebase.errors import CablebaseError
from tests.archive.conftest import rows


def _links(db) -> dict[str, bytes]:
    return dict(rows(db, "SELECT id, links FROM cables ORDER BY id"))


def _make_old(db) -> None:
    """The archive as an older cablebase left it: no links column, no stamp."""
    con = sqlite3.connect(db / "cables.sqlite")
    con.execute("ALTER TABLE cables DROP COLUMN links")
    con.execute("DELETE FROM meta WHERE key='links'")
    con.commit()
    con.close()


def test_every_record_has_its_tags_and_addressees(fresh):
    a = Archive(fresh)
    for ident, blob in _links(fresh).items():
        cable = a.get(ident).cable
        links = orjson.loads(blob)
        assert links.get("tags", []) == [t.code for t in cable.tags]
        assert links.get("to", []) == [x.post or x.address or x.text for x in cable.to]
        assert links.get("info", []) == [x.post or x.address or x.text for x in cable.info]


def test_an_older_archive_is_refused_with_what_to_run_then_filled_as_a_new_one(fresh, tmp_path):
    want = _links(fresh)
    _make_old(fresh)
    with pytest.raises(CablebaseError, match="cablebase ingest --db"):
        Archive(fresh).graph("", "posts")
    Archive(fresh).ingest([], jobs=1)
    assert _links(fresh) == want
    assert Archive(fresh).graph("", "posts").edges


def test_an_interrupted_fill_carries_on_to_the_same_result(fresh, monkeypatch):
    want = _links(fresh)
    _make_old(fresh)
    con = store.connect(fresh / "cables.sqlite")
    calls = 0
    real = store.links

    def failing(lists):  # the first batch is written, then the process "dies" in the second
        nonlocal calls
        calls += 1
        if calls > 3:
            raise KeyboardInterrupt
        return real(lists)

    monkeypatch.setattr(store, "LINKS_BATCH", 2)
    monkeypatch.setattr(store, "links", failing)
    with pytest.raises(KeyboardInterrupt):
        store.fill_links(con)
    assert not store.links_ready(con)
    monkeypatch.setattr(store, "links", real)
    assert store.fill_links(con) == len(want)
    con.close()
    assert _links(fresh) == want
