"""Trends on the corpus archive: every series is the search histogram of its query (both ways), the shares
are those counts over the whole archive's histogram, and split series add up to the query's for a facet
each cable has one value of."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablebase.analysis import trends as trending
from cablebase.archive.facets import per_year
from cablebase.errors import CablebaseError, QueryError

pytestmark = pytest.mark.corpus
QUERIES = ["iran", "iraq", "tag:PTER", '"nuclear program"', "origin:madrid", "subject:iran OR guantanamo"]


def _sum(series: list[dict]) -> dict[str, int]:
    out: dict[str, int] = {}
    for s in series:
        for p, n in s["counts"].items():
            out[p] = out.get(p, 0) + n
    return out


def test_each_series_is_the_search_histogram_both_ways(corpus_archive):
    r = corpus_archive.trends(QUERIES)
    everything = corpus_archive.search("", limit=0).histogram
    assert r["by"] == "month" and r["share"] is False and r["split_by"] is None
    assert [s["query"] for s in r["series"]] == QUERIES and all(s["split"] is None for s in r["series"])
    for s in r["series"]:
        histogram = corpus_archive.search(s["query"], limit=0).histogram
        assert histogram, s["query"]
        assert s["totals"] == everything  # every period of the archive, and only those
        assert list(s["counts"]) == list(everything)
        for period, n in histogram.items():  # the search's histogram, found in the trend
            assert s["counts"][period] == n
        for period, n in s["counts"].items():  # the trend's counts, found in the search
            assert n == histogram.get(period, 0)
            assert corpus_archive.search(s["query"], filters=[("month", period)], limit=0).total == n
    assert "1966-12" in everything and "1967-01" not in everything  # a month without cables is a gap


def test_by_year_sums_the_months(corpus_archive):
    r = corpus_archive.trends(["iran", "iraq"], by="year")
    for s in r["series"]:
        years = per_year(corpus_archive.search(s["query"], limit=0).histogram.items())
        assert {p: n for p, n in s["counts"].items() if n} == years
        assert s["totals"] == per_year(corpus_archive.search("", limit=0).histogram.items())
        assert all(len(p) == 4 for p in s["counts"])


@pytest.mark.parametrize("by", trending.BYS)
def test_share_is_counts_over_totals(corpus_archive, by):
    raw = corpus_archive.trends(["iran", "tag:PTER"], by=by)
    r = corpus_archive.trends(["iran", "tag:PTER"], by=by, share=True)
    assert r["share"] is True and "shares" not in raw["series"][0]
    for s, plain in zip(r["series"], raw["series"], strict=True):
        assert s["counts"] == plain["counts"] and s["totals"] == plain["totals"]
        assert s["shares"] == {p: s["counts"][p] / s["totals"][p] for p in s["totals"]}
        histogram = corpus_archive.search(s["query"], limit=0).histogram
        everything = corpus_archive.search("", limit=0).histogram
        if by == "month":
            for period, n in histogram.items():
                assert s["shares"][period] == n / everything[period]


@pytest.mark.parametrize(("q", "facet"), [("iran", "classification"), ("origin:madrid", "origin"),
                                          ("subject:iran", "precedence"), ("guantanamo", "classification")])
def test_split_series_add_up_to_the_query(corpus_archive, q, facet):
    whole = corpus_archive.trends(q)["series"][0]
    r = corpus_archive.trends(q, split=facet, top=trending.MAX_TOP)
    values = corpus_archive.search(q, limit=0).facets[facet]
    assert r["split_by"] == facet and len(values) <= trending.MAX_TOP
    assert [s["split"] for s in r["series"]] == sorted(values, key=lambda v: (-values[v], v))
    for s in r["series"]:
        assert s["query"] == q
        narrowed = corpus_archive.search(q, filters=[(facet, s["split"])], limit=0).histogram
        assert {p: n for p, n in s["counts"].items() if n} == narrowed
    summed = _sum(r["series"])
    missing = sum(whole["counts"].values()) - sum(summed.values())
    if not missing:  # every dated match has one value of the facet
        assert summed == whole["counts"] and not r["notes"]
    else:  # cables without a value (a precedence) are what is missing, and are said
        assert all(summed[p] <= n for p, n in whole["counts"].items())
        assert f"{missing:,} cables matching {q!r} have no {facet} and are in no series" in r["notes"]


def test_split_top_and_what_it_leaves_out(corpus_archive):
    values = corpus_archive.search("iran", limit=0).facets["origin"]
    r = corpus_archive.trends("iran", split="origin", top=3)
    ranked = sorted(values, key=lambda v: (-values[v], v))
    assert [s["split"] for s in r["series"]] == ranked[:3]
    rest = sum(values[v] for v in ranked[3:])
    assert f"the top 3 origins of the cables matching 'iran' are shown; {rest:,} cables of {len(ranked) - 3:,} " \
           "other origins are not" in r["notes"]


def test_tag_split_says_the_series_overlap(corpus_archive):
    whole = corpus_archive.trends("iran")["series"][0]["counts"]
    r = corpus_archive.trends("iran", split="tag", top=4)
    assert any("counted in the series of each" in note for note in r["notes"])
    assert sum(_sum(r["series"]).values()) > sum(whole.values())  # several TAGS a cable


def test_undated_cables_are_said(corpus_archive):
    result = corpus_archive.search("tag:PTER", limit=0)
    undated = result.total - sum(result.histogram.values())
    assert undated > 0
    r = corpus_archive.trends(["tag:PTER"])
    assert f"{undated:,} of the {result.total:,} cables matching 'tag:PTER' have no date: no period counts " \
           "them" in r["notes"]


def test_span_and_csv(corpus_archive):
    r = corpus_archive.trends(["origin:madrid", "iran"], by="year", share=True)
    shown = trending.span(r)
    years = [p for s in r["series"] for p, n in s["counts"].items() if n]
    assert shown[0] == min(years) and shown[-1] == max(years)
    lines = list(trending.csv_lines(r))
    assert lines[0] == "period,query,split,count,total,share\r\n"
    assert len(lines) == 1 + 2 * len(r["series"][0]["totals"])
    period, q, split, count, total, share = lines[1].rstrip("\r\n").split(",")
    first = r["series"][0]
    assert (q, split, int(count), int(total)) == ("origin:madrid", "", first["counts"][period], first["totals"][period])
    assert float(share) == first["shares"][period]
    assert trending.span(corpus_archive.trends("zzzzqqqx")) == []


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"queries": []}, "at least one query"),
    ({"queries": ["a"] * 9}, "at most 8 queries"),
    ({"queries": ["a"], "by": "week"}, "cannot count by 'week'"),
    ({"queries": ["a"], "split": "signer"}, "cannot split by 'signer'"),
    ({"queries": ["a", "b"], "split": "origin"}, "a split takes one query"),
    ({"queries": ["a"], "split": "origin", "top": 0}, "top must be between 1 and 12"),
    ({"queries": ["a"], "top": 13}, "top must be between 1 and 12"),
])
def test_mistakes_are_said(corpus_archive, kwargs, message):
    with pytest.raises(CablebaseError, match=message):
        corpus_archive.trends(**kwargs)


def test_a_query_that_cannot_be_read_is_named(corpus_archive):
    with pytest.raises(QueryError) as one:
        corpus_archive.trends('"iran')
    assert str(one.value).startswith("unbalanced quote")
    with pytest.raises(QueryError) as two:
        corpus_archive.trends(["iran", "iraq AND ("])
    assert str(two.value).startswith("query 2: unbalanced parenthesis") and two.value.query == "iraq AND ("


WORDS = st.sampled_from(["iran", "iraq", "nuclear", "tag:PREL", "tag:PTER", "origin:madrid", "class:secret",
                         "precedence:immediate", "date:[2008 TO 2009]", '"prime minister"', "zzzzqqqx"])
QUERY = (st.lists(WORDS, max_size=3).map(" ".join)  # (none: the whole archive)
         | st.tuples(WORDS, WORDS).map(" OR ".join) | WORDS.map("-".__add__))


@given(queries=st.lists(QUERY, min_size=1, max_size=3), by=st.sampled_from(trending.BYS),
       split=st.sampled_from([None, *trending.SPLITS]), top=st.integers(1, trending.MAX_TOP))
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_shares_within_0_and_1_and_counts_never_exceed_totals(corpus_archive, queries, by, split, top):
    r = corpus_archive.trends(queries[:1] if split else queries, by=by, share=True, split=split, top=top)
    assert len(r["series"]) <= (top if split else len(queries))
    for s in r["series"]:
        assert s["counts"].keys() == s["totals"].keys() == s["shares"].keys()
        for p, total in s["totals"].items():
            assert total > 0
            assert 0 <= s["counts"][p] <= total
            assert 0.0 <= s["shares"][p] <= 1.0
