"""The missing cables of the corpus archive: post-year estimates and the cited-but-absent cables."""

from __future__ import annotations

import pytest

from cablebase.decode.ids import split_id

pytestmark = pytest.mark.corpus


def test_post_years_count_the_serials_present(corpus_archive):
    gaps = corpus_archive.gaps("origin:madrid")
    ids = corpus_archive.result_ids("origin:madrid")
    serials = {split_id(i)[2] for i in ids if split_id(i) and split_id(i)[:2] == (2007, "MADRID")}
    row = next(r for r in gaps["posts"] if (r["station"], r["year"]) == ("MADRID", 2007))
    assert row["present"] == len(serials)
    assert (row["lowest"], row["highest"]) == (min(serials), max(serials))
    assert row["interval"][0] <= row["estimate"] <= row["interval"][1]
    assert row["share"] == pytest.approx(row["present"] / row["estimate"], abs=1e-4)
    assert {r["origin"] for r in gaps["posts"]} == {"Embassy Madrid"}
    assert "serial numbers" in gaps["method"] and "fails" in gaps["method"]


def test_absent_cables_ranked_by_citations_with_their_citers(corpus_archive):
    gaps = corpus_archive.gaps("", limit=None)
    absent = gaps["absent"]
    assert len(absent) == gaps["absent_total"] > 1000
    counts = [len(a["cited_by"]) for a in absent]
    assert counts == sorted(counts, reverse=True)
    present = set(corpus_archive.result_ids(""))
    graph = corpus_archive.graph("", "refs")
    cited = {(s, d) for s, d, _ in graph.edges}
    for a in absent[:200]:
        assert a["id"] not in present
        assert all((c, a["id"]) in cited for c in a["cited_by"])
        if a["date"]:
            assert a["date_bounds"][0] <= a["date"] <= a["date_bounds"][1]
            assert a["date"] == graph.nodes[a["id"]]["date"]
    assert len(corpus_archive.gaps("", limit=5)["absent"]) == 5


def test_a_query_narrows_the_citing_cables(corpus_archive):
    madrid = corpus_archive.gaps("origin:madrid", limit=None)
    ids = set(corpus_archive.result_ids("origin:madrid"))
    assert madrid["absent"] and all(set(a["cited_by"]) <= ids for a in madrid["absent"])
