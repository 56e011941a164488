"""Ingest the sample cables into a real archive (SQLite + Tantivy) and query it."""

import itertools
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablebase.archive import Archive
from cablebase.errors import NotFound
from cablebase.model import iso_date
from tests.conftest import CORPUS, SAMPLES


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    a = Archive(tmp_path_factory.mktemp("arch") / "db")
    summary = a.ingest([SAMPLES], jobs=2)
    assert summary.failed == []
    return a


def test_every_file_accounted_for(archive):
    s = archive.stats()
    assert s["cables"] == 17 and s["versions"] == 19
    assert s["files"] == {"ok": 18, "skipped": 3}


def test_second_run_changes_nothing(archive):
    before = archive.stats()["content_hash"]
    s = archive.ingest([SAMPLES], jobs=2)
    assert s.files_unchanged == s.files and s.cables_new == 0 and s.cables_versions == 0
    assert archive.stats()["content_hash"] == before


def test_versions_and_diff(archive):
    vs = archive.versions("05SOFIA1207")
    assert [v.version for v in vs] == [1, 2]
    assert len(vs[1].cable.body) > 3 * len(vs[0].cable.body)  # partial extract replaced by the full text
    assert archive.diff("05SOFIA1207").startswith("---")


def test_version_sources_from_the_record_match_the_stored_ones(archive):
    ids = [row[0] for row in archive.con.execute("SELECT id FROM cables")]
    assert len(ids) == 17
    for ident in ids:
        rec = archive.get(ident)
        assert archive.version_sources(ident, rec) == archive.version_sources(ident), ident
    assert len(archive.version_sources("05SOFIA1207", archive.get("05SOFIA1207"))) == 2


def test_lookup_by_any_id_form(archive):
    assert archive.get("74ATHENS2959").id == "74ATHENS2959"
    assert archive.get("1974ATHENS02959_b").id == "74ATHENS2959"
    with pytest.raises(NotFound):
        archive.get("99NOWHERE1")


def test_threads_that_come_and_go_reuse_connections(archive):
    # a server's thread pool replaces idle threads: each new thread must not open (and leak) a connection
    before = len(archive._cons)
    for _ in range(20):
        t = threading.Thread(target=archive.get, args=("74ATHENS2959",))
        t.start()
        t.join()
    assert len(archive._cons) <= before + 1
    assert archive.get("74ATHENS2959").id == "74ATHENS2959"


def test_refs_both_ways(archive):
    r = archive.refs("06MADRID2657")
    assert any(c["id"] == "06MADRID1914" and c["status"] == "present" for c in r["cites"])
    assert [c["id"] for c in r["cited_by"]] == ["07MADRID173"]
    r = archive.refs("07PARIS1844")
    statuses = {c["id"]: c.get("status") for c in r["cites"] if c["id"]}
    assert statuses["07PARIS921"] == "present" and statuses["07PARIS1789"] == "known-absent"


@pytest.mark.parametrize("query,expected", [
    ("mexico", {"07MEXICO1102", "09STATE15113"}),
    ("mexico AND guatemala", {"07MEXICO1102"}),
    ("madrid OR astana", None),
    ("tag:OVIP", {"07MEXICO1102"}),
    ('"External Political Relations" tag:OVIP', {"07MEXICO1102"}),
    ('origin:"Embassy Madrid"', {"06MADRID1914", "06MADRID2657", "07MADRID173", "07MADRID1805"}),
    ("from:madrid -subject:guantanamo", {"06MADRID1914", "06MADRID2657", "07MADRID173"}),
    ("from:madrid NOT subject:guantanamo", {"06MADRID1914", "06MADRID2657", "07MADRID173"}),
    ("caveat:NOFORN", {"07MADRID1805", "09STATE15113"}),
    ("class:secret origin:madrid", {"06MADRID1914", "07MADRID1805"}),
    ("ref:06MADRID1914", {"06MADRID2657", "07MADRID1805"}),
    ("id:07MEXICO1102", {"07MEXICO1102"}),
    ("signer:garza", {"07MEXICO1102"}),
    ('to:"white house" AND subject:mexico', {"07MEXICO1102"}),
    ("date:[2007-03 TO 2007-03]", {"07MEXICO1102", "07PARIS921"}),
    ("date:[* TO 1972]", {"66BUENOSAIRES2481", "72TEHRAN1164"}),
    ('"medina mora"', {"07MEXICO1102"}),
    ('"calderon government"~3', {"07MEXICO1102"}),
    ("scenesett*", {"07MEXICO1102"}),
    ("calderom~1", {"07MEXICO1102"}),
    ("(from:madrid OR from:paris) AND date:2006", {"06MADRID1914", "06MADRID2657"}),
    ("MÉXICO", {"07MEXICO1102", "09STATE15113"}),
])
def test_operators_and_fields(archive, query, expected):
    r = archive.search(query, limit=100)
    got = {h.id for h in r.hits}
    assert r.total == len(got)
    if expected is None:
        assert got
    else:
        assert got == expected, (query, got)


def test_stemming_and_exact_escape(archive):
    stemmed = {h.id for h in archive.search("negotiation", limit=50).hits}
    exact = {h.id for h in archive.search("=negotiation", limit=50).hits}
    assert exact <= stemmed and len(stemmed) > len(exact)


def test_facets_match_direct_counts(archive):
    r = archive.search("from:madrid OR from:paris", limit=100)
    recs = [archive.get(h.id).cable for h in r.hits]
    from collections import Counter

    assert r.facets["origin"] == dict(Counter(x.origin for x in recs))
    assert r.facets["classification"] == dict(Counter(x.classification for x in recs))
    assert r.facets["country"] == dict(Counter(x.origin_country for x in recs if x.origin_country))
    assert r.histogram == dict(sorted(Counter(iso_date(x.date)[:7] for x in recs).items()))
    tags = Counter(t for x in recs for t in {tag.code for tag in x.tags})
    assert r.facets["tag"] == dict(tags)
    assert r.facets["caveat"] == dict(Counter(c for x in recs for c in set(x.caveats)))
    assert r.facets["precedence"] == dict(Counter(x.precedence for x in recs if x.precedence))


def test_combined_kind_counts_equal_each_column_counted_alone(archive):
    """Classification, caveats and precedence are counted together as one ``kind`` value per cable."""
    from cablebase.archive import facets as counting
    from cablebase.archive.index import kind, split_kind

    assert split_kind(kind("SECRET", ["NOFORN", "SIPDIS"], None)) == ("SECRET", ["NOFORN", "SIPDIS"], "")
    assert split_kind(kind(None, [], "IMMEDIATE")) == ("", [], "IMMEDIATE")
    assert split_kind(kind("SECRET\tX", ["A\nB"], None)) == ("SECRET X", ["A B"], "")
    searcher = archive.index.searcher()
    for q in ("*", "mexico", "from:madrid OR from:paris", "class:secret"):
        together = counting.count(searcher, archive._query(q))[0]
        for field in ("classification", "caveat", "precedence"):
            alone = counting.count(searcher, archive._query(q), [field])[0][field]
            assert together[field] == alone, (q, field)


def test_slot_counts_equal_the_fields_own_column(archive):
    """Tags and signers are counted from one column per place and a column for the rest (``index.SLOTS``):
    the same numbers as the engine counting the field's own column of several values per cable."""
    from cablebase.archive import facets as counting
    from cablebase.archive.index import SLOTS

    searcher = archive.index.searcher()
    most = max(len(h.cable.tags) for h in archive.iter_results("", sort="date-asc"))
    assert most > SLOTS["tag"]  # the corpus has cables with tags past the last place
    for q in ("*", "mexico", "from:madrid OR from:paris", "tag:PREL"):
        slotted = counting.count(searcher, archive._query(q), ["tag", "signer"])[0]
        for field in ("tag", "signer"):
            own = counting._aggregate(searcher, archive._query(q), [field])[field]
            assert slotted[field] == own, (q, field)


def test_counting_columns_without_a_value_are_not_counted(archive, monkeypatch):
    """The topic columns of an archive without a topic model hold only EMPTY: a search does not read them,
    and its topic facet is empty as before."""
    from cablebase.archive import facets as counting

    totals = archive._totals(archive.index.searcher())
    assert totals.blank("topic_0") and totals.blank("topic_rest")
    assert not totals.blank("tag_0") and not totals.blank("origin")
    monkeypatch.setattr(totals, "slots_from", 0.0)  # (the counting columns even for a few matches)
    asked: list[str] = []
    real = counting._terms
    monkeypatch.setattr(counting, "_terms", lambda s, q, columns: asked.extend(columns) or real(s, q, columns))
    archive._facet_cache.clear()
    for q in ("mexico", "*"):  # counted directly, and the other way round
        r = archive.search(q, limit=5)
        assert r.facets["topic"] == {} and r.facets["tag"]
    assert asked and not [c for c in asked if c.startswith("topic")]


@pytest.mark.parametrize("q", ["*", "mexico", "the", "from:madrid OR from:paris", "mexico date:[2006 TO 2007-06]",
                               "tag:PREL class:secret", 'origin:"embassy" prel', '"the embassy" mexico'])
def test_counts_are_exact_whatever_the_estimate_and_split(archive, monkeypatch, q):
    """The estimate of a word's matches (or a bound on a query's), the split of counting in two tasks, the
    choice of the counting columns or the fields' own, and the places counted over the cables with a value
    there (LATE_SHARE: none, from the second place, or from the first filled by fewer than half the cables)
    choose how to count, never what is counted."""
    from cablebase.archive import facets as counting
    from cablebase.query import translate

    direct = counting.count(archive.index.searcher(), archive._query(q))
    cables = archive.stats()["cables"]
    monkeypatch.setattr(counting.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    lates = set()
    monkeypatch.setattr(archive, "_all_counts", None)  # (made again below, and after the test)
    for split, slots_from, guess, late in itertools.product((0, 10**9), (0.0, float("inf")), (None, 0, cables),
                                                            (0.0, 1.1, 0.5)):
        monkeypatch.setattr(counting, "SPLIT_ABOVE", split)
        monkeypatch.setattr(counting, "LATE_SHARE", late)
        archive._all_counts = None  # (the late places are chosen with the archive's counts)
        lates.add(tuple((f, tuple(c)) for f, (c, _) in sorted(archive._totals(archive.index.searcher()).late.items())))
        monkeypatch.setattr(archive._totals(archive.index.searcher()), "slots_from", slots_from)
        monkeypatch.setattr(translate, "estimate", lambda node, searcher, g=guess: g)
        monkeypatch.setattr(translate, "bound", lambda *args, g=guess: g)
        archive._facet_cache.clear()
        r = archive.search(q, limit=3)
        assert (r.facets, r.histogram) == direct, (split, slots_from, guess)
        for field in ("tag", "signer"):  # in the same order too: most frequent first, then by value
            assert list(r.facets[field].items()) == list(direct[0][field].items()), field
    assert len(lates) == 3 and () in lates  # (none, and two different choices of places)


def test_a_bound_is_the_fewest_of_a_conjunctions_counts(archive):
    """translate.bound: a date range of whole months is bounded by the archive's cables of those months
    (exactly its count), a conjunction by the fewest of its parts, and a query with nothing countable not
    at all."""
    from cablebase.query import translate
    from cablebase.query.parser import parse

    searcher = archive.index.searcher()
    months = archive._totals(searcher).raw["month"]

    def bound(q: str, sizes=(), dates=(None, None)):  # type: ignore[no-untyped-def]
        return translate.bound(parse(q), searcher, list(sizes), months, dates)

    for q in ("date:[2006-01 TO 2007-06]", "date:[2006 TO 2006]", "date:[* TO 2005]", "date:[2008-02 TO *]"):
        assert bound(q) == archive.search(q, limit=0).total, q
    assert bound("*", dates=("2006", "2006")) == archive.search("date:[2006 TO 2006]", limit=0).total
    mexico = int(searcher.doc_freq("body", "mexico"))
    assert bound("mexico date:[1960 TO 2020]") == mexico
    assert bound("mexico date:[1960 TO 2020]", sizes=[1, None]) == min(1, mexico)
    assert bound("date:[1800 TO 1801]") == 0
    for q in ("mexico", "tag:PREL class:secret", "mexico date:[2006 TO 2007-06]"):
        total = archive.search(q, limit=0).total
        assert bound(q) >= total * 0.9, q  # (a word's cables outside the body are not in its count)
    for q in ("mexico OR spain", '"foreign minister"', "mex*", "NOT mexico"):
        assert bound(q) is None, q


def test_counting_columns_are_read_from_the_matches_where_they_cost_less(archive):
    """Totals.slots_from: from the archive's values a cable and its segments, the matches from which the
    counting columns are the cheaper (the corpus's cables have several tags each: a finite number)."""
    from cablebase.archive import facets as counting

    totals = archive._totals(archive.index.searcher())
    assert 0 < totals.slots_from < float("inf")
    engine = counting._engine_fields(counting.SEARCH_FACETS)
    assert "tag_0" in engine and "tag" not in engine
    assert "tag" in counting._engine_fields(counting.SEARCH_FACETS, slots=False)


def test_counting_is_split_only_with_a_spare_core(archive, monkeypatch):
    from cablebase.archive import facets as counting

    searcher, query = archive.index.searcher(), archive._query("mexico")
    monkeypatch.setattr(counting, "SPLIT_ABOVE", 0)
    monkeypatch.setattr(counting, "_busy", 0)  # (an earlier test's task may not have called back yet)
    for load, tasks in ((0.0, 2), (float(os.cpu_count() or 1), 1)):
        monkeypatch.setattr(counting.os, "getloadavg", lambda load=load: (load, load, load))
        pending = counting.start(searcher, query, matches=10)
        assert len(pending._futures) == tasks
        assert pending.result() == counting.count(searcher, query)


def test_a_field_cut_at_size_over_the_archive_is_counted_from_its_own_column(archive, monkeypatch):
    """Whole-archive counts cut at SIZE keep the field's own column; searches then count that field from it
    (not its counting columns, which the totals do not hold and so must not be taken for blank)."""
    from cablebase.archive import facets as counting

    monkeypatch.setattr(counting, "SIZE", 3)
    monkeypatch.setattr(counting.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(counting, "SPLIT_ABOVE", 0)
    searcher = archive.index.searcher()
    totals = counting.Totals(searcher)
    assert "tag" in totals.own and not totals.blank("tag_0")
    monkeypatch.setattr(totals, "slots_from", 0.0)
    query = archive._query("mexico")
    got = counting.start(searcher, query, totals=totals, matches=10).result()[0]["tag"]
    assert got == counting._terms(searcher, query, ["tag"])["tag"]


def test_a_counting_column_cut_at_size_is_counted_from_its_field(archive, monkeypatch):
    """Columns cut at SIZE values each would undercount values near the cut once summed: the field's own
    column is counted instead, as it always was."""
    from cablebase.archive import facets as counting

    monkeypatch.setattr(counting, "SIZE", 3)
    searcher = archive.index.searcher()
    query = archive._query("*")
    got = counting.count(searcher, query, ["tag"])[0]["tag"]
    assert got == counting._terms(searcher, query, ["tag"])["tag"] and len(got) == 3


def test_slots_hold_each_value_once_in_order():
    from cablebase.archive.index import EMPTY, SLOTS, _add_slots, slot_columns, slotted

    class Doc:
        def __init__(self):
            self.fields: dict[str, list[str]] = {}

        def add_text(self, name, value):
            self.fields.setdefault(name, []).append(value)

    d = Doc()
    tags = [f"T{i}" for i in range(SLOTS["tag"] + 2)]
    _add_slots(d, "tag", [tags[0], *tags, tags[1]])
    columns = slot_columns("tag")
    assert [d.fields[c] for c in columns[:-1]] == [[t] for t in tags[: SLOTS["tag"]]]
    assert d.fields[columns[-1]] == tags[SLOTS["tag"]:]
    d = Doc()
    _add_slots(d, "signer", [])
    assert d.fields == {"signer_0": [EMPTY]}
    assert [slotted(c) for c in ("tag_0", "tag_rest", "signer_0", "tag", "ref_1", "topic_x")] == [
        "tag", "tag", "signer", None, None, None]


@pytest.mark.parametrize("q", ["*", "-subject:scenesetter", "the OR a", "the"])
def test_broad_queries_counted_the_other_way_round_match_direct_counts(archive, q):
    """A query matching most of the archive is counted as the totals minus its non-matches: same numbers."""
    from collections import Counter

    from cablebase.archive import facets as counting

    r = archive.search(q, limit=100)
    assert r.total > counting.COMPLEMENT_SHARE * archive.stats()["cables"]  # the other way round was taken
    recs = [archive.get(h.id).cable for h in r.hits]
    assert len(recs) == r.total
    assert r.facets["origin"] == dict(Counter(x.origin for x in recs if x.origin))
    assert r.facets["country"] == dict(Counter(x.origin_country for x in recs if x.origin_country))
    assert r.facets["tag"] == dict(Counter(t for x in recs for t in {tag.code for tag in x.tags}))
    assert r.facets["caveat"] == dict(Counter(c for x in recs for c in set(x.caveats)))
    assert r.histogram == dict(sorted(Counter(iso_date(x.date)[:7] for x in recs if x.date).items()))
    direct = counting.count(archive.index.searcher(), archive._query(q))
    assert (r.facets, r.histogram) == direct


class _Engine:
    """Stands in for a searcher: answers the one aggregation ``_country_of`` asks for."""

    def __init__(self, buckets):
        self.buckets = buckets

    def aggregate(self, query, spec):
        return {"origin": {"buckets": self.buckets}}


def _bucket(origin, n, *countries):
    return {"key": origin, "doc_count": n, "country": {"buckets": [{"key": c, "doc_count": k} for c, k in countries]}}


def test_countries_are_summed_from_origins_only_when_that_is_exact():
    from cablebase.archive.facets import _country_of

    one_each = [_bucket("Embassy Paris", 5, ("France", 5)), _bucket("Consulate Lyon", 2, ("France", 2)),
                _bucket("Secretary of State", 9)]
    assert _country_of(_Engine(one_each), {"France": 7}) == (
        {"Embassy Paris": "France", "Consulate Lyon": "France"}, [])
    # an origin whose cables lie in two countries, or only some of whose cables have one: counted apart
    two = [*one_each, _bucket("Mission X", 4, ("A", 3), ("B", 1)), _bucket("Embassy Rome", 5, ("Italy", 4))]
    assert _country_of(_Engine(two), {"France": 7, "A": 3, "B": 1, "Italy": 4}) == (
        {"Embassy Paris": "France", "Consulate Lyon": "France"}, ["Mission X", "Embassy Rome"])
    # cables with a country but no origin: never summed
    assert _country_of(_Engine(one_each), {"France": 8}) is None
    assert _country_of(_Engine(two), {"France": 7, "A": 3, "B": 2, "Italy": 4}) is None


@pytest.mark.parametrize("q", ["*", "the", "secret", "subject:scenesetter"])
def test_countries_of_origins_counted_apart_match_direct_counts(archive, q, monkeypatch):
    """Countries summed from origins, but for the origins counted over their own cables (as when one origin's
    cables lie in several countries), directly or the other way round: the same counts as reading the
    country column."""
    import tantivy

    from cablebase.archive import facets as counting

    monkeypatch.setattr(counting, "APART_FROM", 0)  # (the samples' queries have fewer matches)

    searcher = archive.index.searcher()
    totals = counting.Totals(searcher, archive.index.schema)
    assert totals.country_of and totals.apart is None  # (the samples' origins each lie in one country)
    apart = sorted(totals.country_of)[::2]
    totals.country_of = {o: c for o, c in totals.country_of.items() if o not in apart}
    totals.apart = tantivy.Query.term_set_query(archive.index.schema, "origin", apart)
    query = archive._query(q)
    matches = searcher.search(query, limit=1, count=True).count
    for again in (True, False):  # (a query costly to run again counts the country column instead)
        got = counting.start(searcher, query, totals=totals, matches=matches, again=again).result()
        assert got == counting.count(searcher, query)
        assert list(got[0]["country"].values()) == sorted(got[0]["country"].values(), reverse=True)


def test_totals_count_apart_only_a_few_origins_and_only_when_it_pays(archive, monkeypatch):
    """Totals name the origins to count apart as the engine's values (a term set the index finds) when they
    hold few cables, else countries are read from their column; a search takes the apart way only when it
    is cheap to run again and has enough matches, and counts the same either way."""
    import tantivy

    from cablebase.archive import facets as counting

    searcher, schema = archive.index.searcher(), archive.index.schema
    real = counting._country_of(searcher, counting.Totals(searcher, schema).raw["country"])
    assert real is not None and real[1] == []  # (the samples' origins each lie in one country)
    mapping = real[0]
    origins = counting.Totals(searcher, schema).raw["origin"]
    few = min(mapping, key=lambda o: origins[o])
    monkeypatch.setattr(counting, "_country_of", lambda s, c: ({o: k for o, k in mapping.items() if o != few}, [few]))
    totals = counting.Totals(searcher, schema)
    assert totals.country_of is not None and few not in totals.country_of and totals.apart is not None
    held = searcher.search(totals.apart, limit=1, count=True).count
    assert held == origins[few]  # (the term set holds the origin's value as the index has it)
    assert counting.Totals(searcher).country_of is None  # (no schema to make the term set with)
    monkeypatch.setattr(counting, "APART_SHARE", origins[few] / searcher.num_docs)  # (not fewer than that share)
    assert counting.Totals(searcher, schema).country_of is None
    monkeypatch.setattr(counting, "APART_SHARE", 0.1)
    query = archive._query("*")
    direct = counting.count(searcher, query)
    n = searcher.num_docs
    for again, matches, from_, taken in ((True, n, 0, True), (False, n, 0, False), (True, n, n + 1, False)):
        monkeypatch.setattr(counting, "APART_FROM", from_)
        pending = counting.start(searcher, query, totals=totals, matches=matches, again=again)
        assert (pending._apart is not None) == taken, (again, from_)
        assert pending.result() == direct
    assert isinstance(totals.apart, tantivy.Query)


@pytest.mark.parametrize("q", ["*", "the", "secret", "nuclear"])
def test_facet_values_come_most_frequent_first_whatever_they_were_counted_from(archive, q):
    """Counted directly, the other way round, summed from places, origins or combined kinds: each facet's
    values most frequent first, equal counts by value; the years in time order."""
    r = archive.search(q)
    assert r.facets["precedence"] and r.facets["classification"] and r.facets["caveat"]
    for name, values in r.facets.items():
        items = list(values.items())
        expected = sorted(items) if name == "year" else sorted(items, key=lambda kv: (-kv[1], kv[0]))
        assert items == expected, name


def test_hits_carry_their_summary(archive):
    hit = archive.search("id:07MEXICO1102").hits[0]
    rec = archive.get("07MEXICO1102").cable
    assert (hit.date, hit.subject, hit.origin, hit.classification) == (
        iso_date(rec.date), rec.subject, rec.origin, rec.classification)


def test_cursor_paging_reaches_every_hit(archive):
    seen, cursor = [], None
    while True:
        r = archive.search("the", limit=3, cursor=cursor, sort="date", facets=False)
        seen += [h.id for h in r.hits]
        cursor = r.next_cursor
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == r.total > 3 * 3  # several pages


def test_snippets_escape_html(archive):
    """Cable text with ``&``, ``"`` and ``'`` in it comes out as entities; only the ``<mark>`` tags are markup."""
    snippets = {h.id: h.snippet for h in archive.search("bolkan OR draeger OR shah", limit=20).hits}
    assert set(snippets) >= {"05SOFIA1207", "09STATE15113", "72TEHRAN1164"}
    assert "&quot;APOLLO &amp; <mark>BOLKAN</mark>&quot;" in snippets["05SOFIA1207"]
    assert "<mark>Draeger</mark> Safety AG &amp; Co." in snippets["09STATE15113"]
    assert "<mark>SHAH</mark>&#x27;S INCREASING" in snippets["72TEHRAN1164"]
    for snippet in snippets.values():
        text = snippet.replace("<mark>", "").replace("</mark>", "")
        assert not re.search(r"[<>\"']|&(?!amp;|quot;|#x27;|lt;|gt;)", text), snippet


def test_export_streams_everything(archive):
    assert sum(1 for _ in archive.iter_results("the")) == archive.search("the").total


def _stats(db):
    a = Archive(db)
    s = a.stats()
    a.close()
    return s["cables"], s["versions"], s["content_hash"]


@pytest.mark.slow
def test_crash_safe_ingest(tmp_path):
    src = CORPUS / "wikileaks" if CORPUS.is_dir() else SAMPLES
    tree = tmp_path / "tree"
    shutil.copytree(src, tree / "a")
    shutil.copytree(SAMPLES, tree / "b")
    clean = tmp_path / "clean"
    Archive(clean).ingest([tree], jobs=2)
    expected = _stats(clean)
    crashed = tmp_path / "crashed"
    cmd = [sys.executable, "-m", "cablebase.cli", "ingest", str(tree), "--db", str(crashed), "--jobs", "2"]
    rng = random.Random(7)
    kills = 0
    for _ in range(4):
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0.5, 3.0))
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            kills += 1
        p.wait()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert kills >= 1
    assert _stats(crashed) == expected
    a = Archive(crashed)
    assert a.search("the", facets=False).total == Archive(clean).search("the", facets=False).total


def test_an_open_archive_sees_a_later_ingest(tmp_path):
    db = tmp_path / "db"
    Archive(db).ingest([SAMPLES / "wikileaks" / "2006"], jobs=1)
    reader = Archive(db)
    before = reader.search("")
    Archive(db).ingest([SAMPLES / "wikileaks" / "2007"], jobs=1)
    for _ in range(100):  # the engine reloads itself shortly after a commit
        after = reader.search("")
        if after.total > before.total:
            break
        time.sleep(0.05)
    assert after.total > before.total
    assert sum(after.facets["year"].values()) == after.total  # no stale counts from the facet cache


def test_index_rebuilt_from_the_records(tmp_path, monkeypatch):
    """An index that is lost (or of an older schema) is rebuilt from SQLite by ``ingest`` with no paths; a
    rebuild that is interrupted carries on from its last commit and ends with the same archive."""
    import importlib

    ingest_module = importlib.import_module("cablebase.archive.ingest")
    db = tmp_path / "db"
    a = Archive(db)
    a.ingest([SAMPLES], jobs=1)
    before = a.search("*", limit=100)
    a.close()
    shutil.rmtree(db / "index")

    # a rebuild committing every 5 records, stopped at the 7th
    monkeypatch.setattr(ingest_module, "REINDEX_COMMIT", 5)
    real_document = ingest_module.idx.document
    seen = []

    def document(rec, seq, topics=()):
        seen.append(seq)
        if len(seen) == 7:
            raise KeyboardInterrupt
        return real_document(rec, seq, topics)

    monkeypatch.setattr(ingest_module.idx, "document", document)
    con = ingest_module.store.connect(db / "cables.sqlite")
    index = ingest_module.idx.open_index(db / "index", rebuild=True)
    with pytest.raises(KeyboardInterrupt):
        ingest_module.catch_up_index(con, index)
    con.close()
    monkeypatch.setattr(ingest_module.idx, "document", real_document)
    index.reload()
    assert index.searcher().num_docs == 5  # the first commit survived

    steps = []
    s = Archive(db).ingest([], jobs=1, progress=lambda done, total, what: steps.append((done, total, what)))
    assert s.reindexed == before.total - 5
    assert steps[-1] == (before.total - 5, before.total - 5, ingest_module.REINDEXING)
    after = Archive(db).search("*", limit=100)
    assert after.total == before.total
    assert sorted(h.id for h in after.hits) == sorted(h.id for h in before.hits)
    assert after.facets == before.facets and after.histogram == before.histogram


def test_signers_are_one_facet_value_whatever_the_case(archive):
    signers = archive.facet_counts("signer")
    assert all(name == name.upper() for name in signers)
    assert archive.search("", filters=(("signer", "garza"),)).total == signers["GARZA"] > 0


def test_index_of_an_older_version_is_rebuilt_not_mixed(tmp_path):
    from cablebase.errors import CablebaseError

    db = tmp_path / "db"
    a = Archive(db)
    a.ingest([SAMPLES], jobs=1)
    total = a.search("*").total
    a.close()
    (db / "index" / "cablebase-index-version").write_text("2\n")  # as an older cablebase left it
    with pytest.raises(CablebaseError, match="cablebase ingest --db"):
        Archive(db).search("*")
    assert Archive(db).ingest([], jobs=1).reindexed == total
    assert Archive(db).search("*").total == total


def test_rebuilding_the_index_from_the_stored_records(tmp_path):
    """A rebuild makes the index again from SQLite (every record re-indexed) and finds the same cables."""
    a = Archive(tmp_path / "db")
    a.ingest([SAMPLES], jobs=1)
    before = {h.id for h in a.search("guantanamo", limit=100).hits}
    s = a.ingest([], jobs=1, rebuild_index=True)
    assert s.reindexed == 17
    assert {h.id for h in a.search("guantanamo", limit=100).hits} == before
    assert a.stats()["index"].endswith("0% of the documents in them deleted by updates")


def test_index_shape_counts_the_deleted_documents_and_stats_suggest_a_rebuild(tmp_path):
    import orjson

    from cablebase.archive import index as idx

    a = Archive(tmp_path / "db")
    a.ingest([SAMPLES], jobs=1)
    meta = tmp_path / "db" / "index" / "meta.json"
    m = orjson.loads(meta.read_bytes())
    m["segments"] = [{**m["segments"][0], "max_doc": 75000, "deletes": {"num_deleted_docs": 20586, "opstamp": 1}},
                     {**m["segments"][0], "max_doc": 25000, "deletes": None}]
    meta.write_bytes(orjson.dumps(m))
    assert idx.index_shape(tmp_path / "db" / "index") == (2, 20586 / 100000)
    assert "--rebuild-index" in a.stats()["index"]


def test_ingest_suggests_a_rebuild_when_much_of_the_index_is_deleted(tmp_path, monkeypatch, capsys):
    from cablebase import cli_archive
    from cablebase.cli import main

    db = tmp_path / "db"
    assert main(["ingest", str(SAMPLES / "raw-telegram"), "--db", str(db), "--jobs", "1"]) == 0
    assert "--rebuild-index" not in capsys.readouterr().out
    monkeypatch.setattr(cli_archive, "index_shape", lambda path: (9, 0.22))
    assert main(["ingest", "--db", str(db), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "22% of the search index is documents deleted by updates" in out and "--rebuild-index" in out


def test_free_space_in_the_records_file_is_reported_and_compacting_gives_it_back(tmp_path, capsys):
    from cablebase.archive import store
    from cablebase.cli import main

    db = tmp_path / "db"
    assert main(["ingest", str(SAMPLES), "--db", str(db), "--jobs", "1"]) == 0
    assert "--compact" not in capsys.readouterr().out
    a = Archive(db)
    before = a.stats()
    con = store.connect(db / "cables.sqlite")  # free pages, as records replaced or compressed leave them
    con.executescript("CREATE TABLE junk(b); INSERT INTO junk SELECT zeroblob(200000) FROM versions; DROP TABLE junk;")
    assert store.free_share(con) > 0.5
    con.close()
    assert "--compact" in Archive(db).stats()["records_file"]
    assert main(["ingest", "--db", str(db), "--jobs", "1"]) == 0
    assert "free space" in capsys.readouterr().out
    size = (db / "cables.sqlite").stat().st_size
    assert main(["ingest", "--db", str(db), "--jobs", "1", "--compact"]) == 0
    assert "compacted" in capsys.readouterr().out
    assert (db / "cables.sqlite").stat().st_size < size / 2
    after = Archive(db)
    assert after.stats()["content_hash"] == before["content_hash"] and "--compact" not in after.stats()["records_file"]
    assert after.get("07MEXICO1102") == a.get("07MEXICO1102")


def _plain(archive, q, filters=()):
    """The query as translated before phrases were joined with the rest of the query (the reference)."""
    import tantivy

    from cablebase.query.fields import term
    from cablebase.query.parser import parse
    from cablebase.query.translate import translate

    schema = archive.index.schema
    query = translate(parse(q), schema, q)
    parts = [(tantivy.Occur.Must, tantivy.Query.term_query(schema, n, term(n, v))) for n, v in filters]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), *parts]) if parts else query


def _matches(archive, query):
    """Count, ids and scores of every match (scores as the engine sums them: the same to 1e-4, not to the
    last bit, whichever order it adds the parts in)."""
    searcher = archive.index.searcher()
    res = searcher.search(query, limit=1000, count=True)
    hits = sorted((searcher.doc(a)["id"][0], s) for s, a in res.hits)
    return res.count, [i for i, _ in hits], [s for _, s in hits]


_PHRASES = ('"attorney general"', '"medina mora"', '"end summary"', '"human rights"', '"foreign minister"',
            'subject:"president\'s trip"', '"united states"~2', 'body:"end comment"')
_REST = ("mexico", "government", "-security", "NOT iran", "tag:PREL", "calderon", "president", "gove*", "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(phrases=st.lists(st.sampled_from(_PHRASES), min_size=1, max_size=2),
       rest=st.lists(st.sampled_from(_REST), max_size=3), year=st.sampled_from([None, "2007", "2009"]))
def test_phrases_joined_with_the_rest_of_the_query_find_the_same_cables_with_the_same_scores(archive, monkeypatch,
                                                                                            phrases, rest, year):
    from cablebase.query import translate

    monkeypatch.setattr(translate, "NARROWS", 1.0)  # join whenever the rest's size is known (the sample is small)
    q = " ".join(phrases + rest)
    filters = [("year", year)] if year else []
    planned = archive._query(q, filters, searcher=archive.index.searcher())
    count, ids, scores = _matches(archive, planned)
    want_count, want_ids, want_scores = _matches(archive, _plain(archive, q, filters))
    assert (count, ids) == (want_count, want_ids) and scores == pytest.approx(want_scores, abs=1e-4)
