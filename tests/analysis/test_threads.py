"""Threads: finite, each cable once, in time order, on random graphs with cycles and self-references; and
on the corpus, the known chain."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablebase.analysis.serials import Serials, absent_dates
from cablebase.analysis.sql import earliest_citing
from cablebase.analysis.threads import links, thread, walk
from cablebase.archive import lookups, store
from cablebase.errors import NotFound


def _archive(present: dict[str, date | None], edges: list[tuple[str, str]], dated: bool = True) -> sqlite3.Connection:
    """An archive's tables holding ``present`` cables citing as ``edges`` say; ``dated``: with the days of
    its references filled and indexed, as an ingest leaves them (else as an older cablebase did)."""
    con = sqlite3.connect(":memory:")
    con.executescript(store.SCHEMA + lookups.SCHEMA)
    for i, (ident, d) in enumerate(present.items()):
        con.execute("INSERT INTO cables VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (ident, 1, i, d.isoformat() + "T00:00:00Z" if d else None, "Embassy X", "SECRET", "S", "x", b"",
                     None))
    con.executemany("INSERT OR IGNORE INTO refs VALUES (?,?,?,?,NULL)", [(s, d, "A", d) for s, d in edges])
    con.commit()
    if dated:
        lookups.fill(con)
    assert lookups.refs_dated(con) == lookups.serials_ready(con) == dated
    return con


@st.composite
def graphs(draw):  # type: ignore[no-untyped-def]
    """Cables of one post-year, some present (dated or not), citing one another; a serial may be written
    in several forms of its id (a four-digit year, leading zeros, a version suffix), each a cable."""
    n = draw(st.integers(2, 25))
    forms = ("07MADRID{}", "2007MADRID{}", "07MADRID00{}", "07MADRID{}_a1")
    ids = [draw(st.sampled_from(forms)).format(i + 1) for i in range(n)]
    ids += [draw(st.sampled_from(forms)).format(draw(st.integers(1, n))) for _ in range(draw(st.integers(0, 4)))]
    ids = list(dict.fromkeys(ids))
    present = {}
    for ident in ids:
        if draw(st.booleans()) or not present:
            offset = draw(st.one_of(st.none(), st.integers(0, 364)))
            present[ident] = None if offset is None else date(2007, 1, 1) + timedelta(days=offset)
    # only present cables cite; any cable (present or not, itself included) may be cited
    edges = draw(st.lists(st.tuples(st.sampled_from(sorted(present)), st.sampled_from(ids)), max_size=60))
    return present, edges


@settings(max_examples=150, deadline=None)
@given(graphs(), st.integers(1, 6))
def test_threads_are_finite_unique_and_time_ordered(g, depth):
    present, edges = g
    con = _archive(present, edges)
    start = sorted(present)[0]
    t = thread(con, start, depth=depth, limit=1000)
    for side in ("ancestors", "descendants"):
        entries = t[side]
        ids = [e["id"] for e in entries]
        assert len(ids) == len(set(ids)) and start not in ids
        assert all(1 <= e["depth"] <= depth for e in entries)
        keys = [e["date"] or "9999" for e in entries]
        assert keys == sorted(keys)
        by_id = {e["id"]: e for e in entries}
        for e in entries:  # each step was reached from the start or an earlier step
            assert e["via"] == start or by_id[e["via"]]["depth"] == e["depth"] - 1
            pair = (e["via"], e["id"]) if side == "ancestors" else (e["id"], e["via"])
            assert pair in set(edges)
            if e["status"] != "present":
                assert e["date_bounds"] is None or e["date_bounds"][0] <= e["date"] <= e["date_bounds"][1]


@settings(max_examples=100, deadline=None)
@given(graphs(), st.integers(1, 4))
def test_dated_references_give_the_same_thread(g, depth):
    """The index of the references' days gives every absent cable the same earliest citing day (and so the
    same estimated date) as the join of an archive whose references are not dated yet."""
    present, edges = g
    start = sorted(present)[0]
    dated, undated = _archive(present, edges), _archive(present, edges, dated=False)
    assert thread(dated, start, depth=depth) == thread(undated, start, depth=depth)
    cited = sorted({d for _, d in edges})
    assert earliest_citing(dated, cited) == earliest_citing(undated, cited)
    near, whole = Serials.lazy(dated), Serials.lazy(undated)  # (the nearest serials, the whole post-year)
    every = [f"07MADRID{serial}" for serial in range(1, len(present) + 3)]
    for ident in every:  # every serial's estimate, one at a time as a thread asks
        assert absent_dates(dated, [ident], near) == absent_dates(undated, [ident], whole), ident
    # all at once, as a graph asks (the post-year then read whole where it is small enough)
    assert absent_dates(dated, every, Serials.lazy(dated)) == absent_dates(undated, every, whole)


def test_walk_stops_at_its_limit_and_says_so():
    ring = {str(i): [str((i + 1) % 50), str(i)] for i in range(50)}
    def neighbours(ids, most):  # type: ignore[no-untyped-def]
        return {i: ring[i] for i in ids}, True

    steps, cut = walk("0", neighbours, depth=100, limit=10)
    assert len(steps) == 10 and cut
    steps, cut = walk("0", neighbours, depth=100, limit=100)
    assert len(steps) == 49 and not cut


def test_links_to_cables_met_before_do_not_use_up_the_reading():
    """A level whose first links lead back to cables already met reads on (the review's 13-cable thread
    shown as 12)."""
    links = {"s": ["a", "b"], "a": ["b", "s", "c"], "b": ["a", "s", "d"]}

    def neighbours(ids, most):  # type: ignore[no-untyped-def]
        rows = [(i, n) for i in sorted(ids) for n in links.get(i, [])]
        out: dict[str, list[str]] = {}
        for a, b in rows[:most]:
            out.setdefault(a, []).append(b)
        return out, len(rows) <= most

    steps, cut = walk("s", neighbours, depth=3, limit=4)
    assert [s.id for s in steps] == ["a", "b", "c", "d"] and not cut
    steps, cut = walk("s", neighbours, depth=3, limit=3)
    assert [s.id for s in steps] == ["a", "b", "c"] and cut


@settings(max_examples=100, deadline=None)
@given(graphs(), st.integers(1, 5), st.integers(1, 8))
def test_a_limited_thread_is_the_start_of_the_full_one(g, depth, limit):
    """Reading no more edges than the limit can use gives the same steps as reading them all."""
    present, edges = g
    con = _archive(present, edges)
    start = sorted(present)[0]
    full = thread(con, start, depth=depth, limit=10_000)
    cut = thread(con, start, depth=depth, limit=limit)
    for side in ("ancestors", "descendants"):
        ids = {e["id"] for e in cut[side]}
        assert len(ids) == min(limit, len(full[side]))
        # the walk is breadth first: a cut thread holds no deeper cable than the full one's at that count
        deepest = max((e["depth"] for e in cut[side]), default=0)
        assert all(e["depth"] <= deepest for e in full[side] if e["id"] in ids)
    assert cut["truncated"] == any(len(full[s]) > limit for s in ("ancestors", "descendants"))
    for way in links(con):  # each walk cut short is the start of the whole walk, in its order
        whole, _ = walk(start, way, depth, 10_000)
        assert walk(start, way, depth, limit)[0] == whole[:limit]


@pytest.mark.corpus
def test_the_known_chain_both_ways(corpus_archive):
    up = corpus_archive.thread("07MADRID173")
    a = {e["id"]: e for e in up["ancestors"]}
    assert a["06MADRID2657"]["depth"] == 1 and a["06MADRID2657"]["via"] == "07MADRID173"
    assert a["06MADRID2657"]["status"] == "present"
    assert any(e["depth"] >= 2 for e in up["ancestors"])
    down = corpus_archive.thread("06MADRID2657")
    d = {e["id"]: e for e in down["descendants"]}
    assert d["07MADRID173"]["via"] == "06MADRID2657"
    # any id form; an absent cable that is cited has a thread of its citers
    assert corpus_archive.thread("2007 MADRID 173")["id"] == "07MADRID173"
    absent = next(e for e in up["ancestors"] if e["status"] != "present")
    assert absent["date_bounds"][0] <= absent["date"] <= absent["date_bounds"][1]
    back = corpus_archive.thread(absent["id"])
    assert back["descendants"] and back["status"] != "present"
    assert back["date_bounds"][0] <= back["date"] <= back["date_bounds"][1]
    with pytest.raises(NotFound):
        corpus_archive.thread("99NOWHERE1")
