"""A phrase in a post's name (``origin:"Secretary of State"``) is matched as the archive's posts whose
names hold it when a search counts facets (see ``translate._post_phrase``): the same cables as the phrase
matched by word positions, which a search without facets still does."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablebase.query import translate
from cablebase.query.fields import BY_NAME

pytestmark = pytest.mark.corpus


def _ids(archive, q: str, facets: bool) -> set[str]:
    result = archive.search(q, limit=10_000, facets=facets, snippets=False)
    assert result.total == len(result.hits)
    return {h.id for h in result.hits}


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
    alone = _ids(corpus_archive, q, facets=False)  # (the phrase by word positions)
    assert _ids(corpus_archive, q, facets=True) == alone
    assert _ids(corpus_archive, f"{q} OR tag:PREL", facets=True) == _ids(corpus_archive, f"{q} OR tag:PREL", False)
    assert _ids(corpus_archive, f"NOT {q}", facets=True) == _ids(corpus_archive, f"NOT {q}", facets=False)
