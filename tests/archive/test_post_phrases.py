"""A phrase in a post's name (``origin:"Secretary of State"``) is matched by a search as the archive's posts
whose names hold it (see ``translate._post_phrase``): the same cables as the phrase matched by word
positions (the translation without the archive's posts), each scored the same."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablebase.query import translate
from cablebase.query.fields import BY_NAME

pytestmark = pytest.mark.corpus


def _ids(archive, q: str, posts: bool) -> set[str]:
    """The cables ``q`` matches, its post phrases matched as posts or by word positions."""
    searcher = archive.index.searcher()
    query = archive._query(q, searcher=searcher, values=archive._known_values(searcher) if posts else None)
    found = searcher.search(query, limit=10_000)
    assert found.count == len(found.hits)
    return {searcher.doc(addr)["id"][0] for _, addr in found.hits}


@pytest.fixture(scope="module")
def posts(corpus_archive) -> list[str]:
    return sorted(corpus_archive.search("", limit=0).facets["origin"])


def test_the_posts_are_known_and_a_phrase_becomes_their_set(corpus_archive, posts):
    searcher = corpus_archive.index.searcher()
    known = corpus_archive._known_values(searcher)("origin")
    assert known is not None and set(known) == set(posts)
    assert translate._post_phrase(BY_NAME["origin"], "embassy madrid", lambda _: posts) == ["Embassy Madrid"]
    assert translate._post_phrase(BY_NAME["origin"], "of state", lambda _: ["Secretary of State", "State"]) == [
        "Secretary of State"]
    assert translate._post_phrase(BY_NAME["origin"], "state of", lambda _: ["Secretary of State"]) == []


@st.composite
def phrases(draw, posts):  # type: ignore[no-untyped-def]
    """Runs of words of a post's name (what users type), or words from anywhere (what they mistype)."""
    if draw(st.booleans()):
        words = draw(st.sampled_from(posts)).split()
        i = draw(st.integers(0, len(words) - 1))
        j = draw(st.integers(i + 1, len(words)))
        text = " ".join(words[i:j])
        return text.lower() if draw(st.booleans()) else text
    return " ".join(draw(st.lists(st.sampled_from(["Embassy", "Consulate", "of", "State", "US", "Mission", "Paris",
                                                  "Secretary", "General", "madrid", "x", "-"]), min_size=1, max_size=3)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_post_phrase_matches_the_same_cables_either_way(corpus_archive, posts, data):
    text = data.draw(phrases(posts))
    q = f'origin:"{text}"'
    for query in (q, f"{q} OR tag:PREL", f"NOT {q}", f"{q} nuclear"):
        assert _ids(corpus_archive, query, posts=True) == _ids(corpus_archive, query, posts=False), query


def test_every_search_matches_post_phrases_as_posts(corpus_archive):
    """With facets or without (the page and its CSV), the same cables in the same order, the post phrase
    adding one score to each."""
    q = 'origin:"embassy" nuclear'
    page = corpus_archive.search(q, limit=50)
    csv = corpus_archive.search(q, limit=50, facets=False)
    assert page.total > 1 and [(h.id, h.score) for h in page.hits] == [(h.id, h.score) for h in csv.hits]
    alone = corpus_archive.search('origin:"embassy"', limit=50)
    assert alone.total > 1 and len({h.score for h in alone.hits}) == 1
