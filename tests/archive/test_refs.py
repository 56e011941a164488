"""The reading room's lookups (:mod:`cablebase.archive.lookups`): the days of REF edges (``refs.day``, the
citing cable's date) and the ``serials`` table, written with every cable, filled in an archive of an older
cablebase by its next ingest (which is read the slower way until then); and the cables citing a cable,
listed earliest first."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from fastapi.testclient import TestClient

from cablebase.archive import Archive, lookups, store
from cablebase.decode.ids import split_id
from cablebase.web import cable_sections, create_app
from tests.archive.conftest import rows


def _days(db) -> list[tuple[str, str, str | None, str | None]]:
    """Each edge with its day and its citing cable's date."""
    return rows(db, "SELECT src, dst, refs.day, cables.date FROM refs JOIN cables ON cables.id = refs.src "
                    "ORDER BY src, dst")


def _make_old(db) -> None:
    """The references as an older cablebase left them: no day, indexed by ``dst`` alone, and no serials."""
    con = sqlite3.connect(db / "cables.sqlite")
    con.execute("DROP TABLE serials")
    con.execute("DROP INDEX refs_by_day")
    con.execute("ALTER TABLE refs DROP COLUMN day")
    con.execute("CREATE INDEX refs_dst ON refs(dst)")
    con.commit()
    con.close()


def _serials(db) -> list[tuple[str, str, int, int, str | None]]:
    return rows(db, "SELECT * FROM serials ORDER BY id")


def test_every_edge_has_its_citing_cables_day_and_every_cable_its_serial(fresh):
    edges = _days(fresh)
    assert edges and all(day == date for _, _, day, date in edges)
    cables = dict(rows(fresh, "SELECT id, date FROM cables"))
    serials = _serials(fresh)
    assert {r[0] for r in serials} == {i for i in cables if split_id(i)}
    assert all((year, station, serial) == split_id(ident) and day == cables[ident]
               for ident, station, year, serial, day in serials)
    with closing(Archive(fresh)) as a:
        assert lookups.refs_dated(a.con) and lookups.serials_ready(a.con)


def test_an_older_archive_is_read_the_slower_way_then_filled_by_the_next_ingest(fresh):
    serials = _serials(fresh)
    with closing(Archive(fresh)) as a:
        thread, refs = a.thread("06MADRID2657"), a.refs("06MADRID1914")
    _make_old(fresh)
    with closing(Archive(fresh)) as a:  # a reader of an archive not yet dated
        assert not lookups.refs_dated(a.con) and not lookups.serials_ready(a.con)
        assert a.thread("06MADRID2657") == thread
        assert sorted(map(str, a.refs("06MADRID1914")["cited_by"])) == sorted(map(str, refs["cited_by"]))
    summary = Archive(fresh).ingest([], jobs=1)
    assert not summary.failed
    edges = _days(fresh)
    assert edges and all(day == date for _, _, day, date in edges)
    indexes = {r[0] for r in rows(fresh, "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='refs'")}
    assert "refs_by_day" in indexes and "refs_dst" not in indexes
    assert _serials(fresh) == serials
    with closing(Archive(fresh)) as a:
        assert a.thread("06MADRID2657") == thread and a.refs("06MADRID1914") == refs


def test_the_citing_cables_come_earliest_first_and_are_counted(fresh):
    with closing(Archive(fresh)) as a:
        every = a.refs("06MADRID1914")
        first = a.refs("06MADRID1914", limit=1)
    assert [c["id"] for c in every["cited_by"]] == ["06MADRID2657", "07MADRID1805"]  # 2006-10-20, 2007-09-18
    assert every["cited_by_count"] == first["cited_by_count"] == 2
    assert first["cited_by"] == every["cited_by"][:1]
    # by day, not by id; a citer without a date last
    con = sqlite3.connect(fresh / "cables.sqlite")
    con.execute("UPDATE refs SET day='2005-01-01T00:00:00Z' WHERE src='07MADRID1805'")
    con.commit()
    with closing(Archive(fresh)) as a:
        assert [c["id"] for c in a.refs("06MADRID1914")["cited_by"]] == ["07MADRID1805", "06MADRID2657"]
    con.execute("UPDATE refs SET day=NULL WHERE src='07MADRID1805'")
    con.commit()
    con.close()
    with closing(Archive(fresh)) as a:
        assert [c["id"] for c in a.refs("06MADRID1914")["cited_by"]] == ["06MADRID2657", "07MADRID1805"]
        for limit, first in ((0, []), (1, ["06MADRID2657"]), (2, ["06MADRID2657", "07MADRID1805"]), (3, None)):
            got = a.refs("06MADRID1914", limit=limit)
            assert [c["id"] for c in got["cited_by"]] == (first if first is not None else
                                                          ["06MADRID2657", "07MADRID1805"]), limit
            assert got["cited_by_count"] == 2, limit


def test_the_cable_page_lists_the_first_citing_cables_and_links_to_the_rest(fresh, monkeypatch):
    monkeypatch.setattr(cable_sections, "CITED_SHOWN", 1)
    with TestClient(create_app(fresh)) as client:
        html = client.get("/cable/06MADRID1914").text
        assert '<a href="/cable/06MADRID2657">06MADRID2657</a>' in html
        assert '<a href="/cable/07MADRID1805">07MADRID1805</a>' not in html
        assert 'and 1 more: <a href="/search?q=ref%3A06MADRID1914">every cable citing 06MADRID1914</a>' in html
        # the search it links to finds both
        found = client.get("/api/search", params={"q": "ref:06MADRID1914"}).json()
        assert {h["id"] for h in found["hits"]} == {"06MADRID2657", "07MADRID1805"}
        assert client.get("/api/cable/06MADRID1914/refs").json()["cited_by_count"] == 2


def test_an_interrupted_fill_leaves_the_archive_as_it_was_and_carries_on(fresh, monkeypatch):
    """Each lookup is filled and indexed in one transaction: a run stopped inside one leaves it unfilled
    (and read the slower way), and the next fills it to the same result."""
    days, serials = _days(fresh), _serials(fresh)
    _make_old(fresh)
    con = store.connect(fresh / "cables.sqlite")  # (gives the archive the column and the table, unfilled)
    real = lookups._index_serials

    def dies(con):  # type: ignore[no-untyped-def]  # the rows written, the process "dies" before the index
        raise KeyboardInterrupt

    monkeypatch.setattr(lookups, "_index_serials", dies)
    with pytest.raises(KeyboardInterrupt):
        lookups.fill(con)
    assert lookups.refs_dated(con) and not lookups.serials_ready(con)  # (the first lookup was committed)
    assert rows(fresh, "SELECT COUNT(*) FROM serials") == [(0,)]  # (the second rolled back)
    monkeypatch.setattr(lookups, "_index_serials", real)
    assert lookups.fill(con) == len(serials)
    con.close()
    assert _days(fresh) == days and _serials(fresh) == serials
