"""The graphs of the corpus archive, checked against the records they are read from."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from cablebase.analysis import graph as graphs
from cablebase.reference import canonical_universe

pytestmark = pytest.mark.corpus


def test_the_known_edge_is_in_the_refs_graph(corpus_archive):
    g = corpus_archive.graph("", "refs")
    edges = {(s, d): a for s, d, a in g.edges}
    assert ("07MADRID173", "06MADRID2657") in edges
    assert edges["07MADRID173", "06MADRID2657"] == {"letter": "B", "text": "2006 MADRID 2657"}


def test_every_edge_is_a_ref_item_and_every_ref_item_naming_a_cable_is_an_edge(corpus_archive):
    g = corpus_archive.graph("", "refs")
    from_graph = Counter((s, d) for s, d, _ in g.edges)
    assert max(from_graph.values()) == 1  # one edge per citing-cited pair
    from_records = set()
    for rec in corpus_archive.iter_results(""):
        for r in rec.cable.references:
            if r.kind == "cable" and r.id:
                from_records.add((rec.id, r.id))
    assert set(from_graph) == from_records
    # the edge keeps the first item's letter and text
    for rec in corpus_archive.iter_results("origin:madrid"):
        first = {}
        for r in rec.cable.references:
            if r.kind == "cable" and r.id:
                first.setdefault(r.id, r)
        for (s, d), _ in from_graph.items():
            if s == rec.id:
                edge = next(a for x, y, a in g.edges if (x, y) == (s, d))
                assert edge["text"] == first[d].text and edge.get("letter") == first[d].letter


def test_nodes_carry_status_and_absent_ones_an_estimated_date_within_bounds(corpus_archive):
    g = corpus_archive.graph("", "refs")
    present = set(corpus_archive.result_ids(""))
    known = canonical_universe()
    statuses = Counter()
    for n, a in g.nodes.items():
        statuses[a["status"]] += 1
        if n in present:
            assert a["status"] == "present"
            continue
        assert a["status"] == ("known-absent" if n in known else "unknown")
        if "date" in a:
            assert a["date_low"] <= a["date"] <= a["date_high"]
            if known.get(n):  # the universe's month bounds it
                assert int(a["date"][5:7]) == known[n]
    assert statuses["known-absent"] > 500 and statuses["unknown"] > 100
    assert sum("date" in a for a in g.nodes.values()) / len(g.nodes) > 0.99


def test_a_query_selects_its_cables_and_what_they_cite(corpus_archive):
    ids = set(corpus_archive.result_ids("origin:madrid"))
    g = corpus_archive.graph("origin:madrid", "refs")
    assert {s for s, _, _ in g.edges} <= ids
    assert ids <= set(g.nodes)
    cited = {d for _, d, _ in g.edges}
    assert set(g.nodes) == ids | cited
    outside = [n for n in cited - ids if g.nodes[n]["status"] == "present"]
    for n in outside:  # cited cables of the archive outside the result keep their own attributes
        assert g.nodes[n].get("origin") and g.nodes[n]["date"]



def test_a_query_s_edges_come_in_one_order_whatever_sqlite_reads_them_in(corpus_archive):
    """A drawing of the same query is the same twice: SQLite told to give unordered rows in reverse
    (as another index would give them) changes nothing."""
    from cablebase.analysis.graph import SELECTED, citations, refs_graph
    from cablebase.analysis.sql import rows_for

    con = corpus_archive.con
    cables = rows_for(con, f"SELECT {SELECTED} FROM cables WHERE", corpus_archive.result_ids("origin:madrid"), "id")
    assert 0 < len(cables) < 900  # (one batch of ids)
    for make in (refs_graph, citations):
        runs = []
        for reverse in ("OFF", "ON"):
            con.execute(f"PRAGMA reverse_unordered_selects={reverse}")
            runs.append([(s, d) for s, d, _ in make(con, cables).edges])
        con.execute("PRAGMA reverse_unordered_selects=OFF")
        assert runs[0] == runs[1] == sorted(runs[0]) and runs[0]


def test_posts_graph_counts_to_and_info_apart(corpus_archive):
    g = corpus_archive.graph("origin:madrid", "posts")
    recs = list(corpus_archive.iter_results("origin:madrid"))
    def names(group):  # type: ignore[no-untyped-def]
        return {a.post or a.address or a.text for a in group}

    to = sum(1 for r in recs if "Secretary of State" in names(r.cable.to))
    edge = next(a for s, d, a in g.edges if (s, d) == ("Embassy Madrid", "Secretary of State"))
    assert edge["to"] == to and edge["weight"] == edge["to"] + edge["info"]
    # each post counted once a cable and role, however many addressee lines name it
    assert sum(a["weight"] for s, _, a in g.edges if s == "Embassy Madrid") == sum(
        len(names(r.cable.to)) + len(names(r.cable.info)) for r in recs)
    assert g.nodes["EUROPEAN POLITICAL COLLECTIVE"]["type"] == "collective"
    assert g.nodes["Embassy Madrid"]["sent"] == len(recs)


def test_tags_and_their_pairs(corpus_archive):
    recs = list(corpus_archive.iter_results("tag:SP"))
    bip = corpus_archive.graph("tag:SP", "tags")
    assert len(bip.edges) == sum(len({t.code for t in r.cable.tags}) for r in recs)
    pairs = corpus_archive.graph("tag:SP", "tag-pairs")
    w = {(a, b): x["weight"] for a, b, x in pairs.edges}
    expected = sum(1 for r in recs if {"PREL", "SP"} <= {t.code for t in r.cable.tags})
    assert w[("PREL", "SP")] == expected > 0
    assert pairs.nodes["SP"]["meaning"] == "Spain" and pairs.nodes["SP"]["cables"] == len(recs)


def test_metrics_on_request(corpus_archive):
    g, summary = corpus_archive.analysis.graph("", "refs", metrics=True)
    assert summary["nodes"] == len(g.nodes) and summary["giant_component"] >= 2
    a = g.nodes["06MADRID2657"]
    assert a["cited_by"] == sum(1 for _, d, _ in g.edges if d == "06MADRID2657")
    assert 0 < a["pagerank"] < 1 and a["component_size"] >= 3
    assert sum(x["pagerank"] for x in g.nodes.values()) == pytest.approx(1, abs=1e-3)
    giant = [x for x in g.nodes.values() if x["component"] == 0]
    assert len(giant) == summary["giant_component"]
    assert "betweenness" in a  # a corpus-sized graph is small enough
    again, _ = corpus_archive.analysis.graph("", "refs", metrics=True)
    assert again is g  # kept for this state of the archive


def test_unknown_kind_is_a_clear_error(corpus_archive):
    from cablebase.errors import CablebaseError

    with pytest.raises(CablebaseError, match="unknown graph kind"):
        corpus_archive.graph("", "friends")


def test_absent_dates_respect_the_citing_cable(corpus_archive):
    """A cited cable was sent before the cable citing it (where the bounds allow it)."""
    g = corpus_archive.graph("", "refs")
    for s, d, _ in g.edges:
        a = g.nodes[d]
        if a["status"] != "present" and "date" in a and g.nodes[s].get("date"):
            cite = date.fromisoformat(g.nodes[s]["date"])
            low, high = date.fromisoformat(a["date_low"]), date.fromisoformat(a["date_high"])
            if low <= cite:  # (else the citing cable's date contradicts the serials: not used)
                assert high <= cite


def test_chunks_cover_every_id():
    ids = [str(i) for i in range(2000)]
    from cablebase.analysis.sql import chunks

    assert [x for part in chunks(ids) for x in part] == ids


def test_attribute_types_widen_where_values_mix():
    g = graphs.Graph("refs", "", True, nodes={"a": {"x": 1, "y": 1, "z": "s"}, "b": {"x": 2.5, "y": "t", "z": None}})
    assert g.node_keys() == {"x": float, "y": str, "z": str}
