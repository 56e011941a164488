"""The topic model's pure parts: the tokenizer, a cable's topics from its weights, and how ``topic:``
words become topic numbers in a query (property-based where the input is open)."""

from __future__ import annotations

import re
import string
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from cablebase.analysis.topics import NO_TOPIC, matcher, resolve
from cablebase.analysis.topics.model import MIN_SHARE, TOPICS_PER_CABLE, top_topics
from cablebase.analysis.topics.words import folded, is_word, tokens
from cablebase.query.parser import And, Not, Or, Phrase, Term, parse


def test_tokens_are_lower_case_words_of_two_letters_or_more():
    assert tokens("The DCM met H.E. Ali al-Sistani on 12 May 2007 (C).") == [
        "the", "dcm", "met", "ali", "al", "sistani", "on", "may"]  # (H.E.: single letters)
    assert tokens("Président Ahmadinejad à Téhéran") == ["president", "ahmadinejad", "teheran"]
    assert not is_word("xxxxxxxxxxxx") and is_word("xinhua")


@given(st.text())
def test_tokens_of_any_text(text):
    for tok in tokens(text):
        assert len(tok) >= 2 and tok == tok.lower() and not any(c.isdigit() or c == "_" for c in tok)


def _folded_whole(text: str) -> bytes:
    """Folding as it is defined: the whole text normalized (NFKD), accents dropped, lower-cased, anything
    left outside ASCII a break (what :func:`folded` does run by run, for speed)."""
    plain = re.sub(r"[\u0300-\u036f]", "", unicodedata.normalize("NFKD", text)).lower()
    return bytes(c if 97 <= c <= 122 else 32 for c in plain.encode("ascii", "replace"))


@given(st.text(st.characters(codec="utf-8")) | st.text(alphabet="aeiouAEIOU éÉàçñøßİKﬁ²–’\u0301\u0327"))
def test_folding_run_by_run_is_folding_the_whole_text(text):
    assert folded(text) == _folded_whole(text)


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=60))
def test_a_cables_topics_from_its_weights(row):
    topics = top_topics(row)
    if sum(row) <= 0:
        assert topics == []
        return
    assert 1 <= len(topics) <= TOPICS_PER_CABLE
    numbers = [t for t, _ in topics]
    assert len(set(numbers)) == len(numbers) and all(1 <= t <= len(row) for t in numbers)
    assert row[numbers[0] - 1] == max(row)  # the heaviest always
    shares = [s for _, s in topics]
    assert shares == sorted(shares, reverse=True)
    assert all(s >= MIN_SHARE - 1e-4 for s in shares[1:])


TOPICS = [{"id": 1, "label": "Iran nuclear file", "words": [["iran", 0.1], ["enrichment", 0.05]]},
          {"id": 2, "label": "iraq security", "words": [["iraq", 0.1], ["nuclear", 0.02]]}]


def test_topic_words_become_numbers():
    match = matcher(TOPICS)
    assert match("iran nuclear") == [1] and match("Nuclear") == [1, 2] and match("cuba") == [] and match("") == []
    assert resolve(parse('topic:"iran nuclear" tag:PREL'), match) == And(
        (Term("1", "topic", pos=0), Term("PREL", "tag", pos=21)))
    assert resolve(parse("topic:nuclear"), match) == Or((Term("1", "topic", pos=0), Term("2", "topic", pos=0)))
    assert resolve(parse("topic:cuba"), match) == Term(NO_TOPIC, "topic", pos=0)
    assert resolve(parse("NOT topic:7"), match) == parse("NOT topic:7")  # a number is left alone


words = st.text(alphabet=string.ascii_lowercase + " ", min_size=1, max_size=12)
nodes = st.recursive(
    st.one_of(st.builds(Term, words.filter(str.strip), st.sampled_from([None, "topic", "tag"])),
              st.builds(Phrase, words.filter(str.strip), st.sampled_from([None, "topic"]))),
    lambda inner: st.one_of(st.builds(Not, inner), st.builds(And, st.tuples(inner, inner)),
                            st.builds(Or, st.tuples(inner, inner))), max_leaves=8)


@given(nodes)
def test_resolving_keeps_the_tree_and_leaves_no_topic_words(node):
    out = resolve(node, matcher(TOPICS))

    def leaves(n):
        if isinstance(n, (And, Or)):
            return [x for c in n.nodes for x in leaves(c)]
        return leaves(n.node) if isinstance(n, Not) else [n]

    for leaf in leaves(out):
        if leaf.field == "topic":
            assert isinstance(leaf, Term) and leaf.text.isdigit()
    assert [x for x in leaves(out) if x.field != "topic"] == [x for x in leaves(node) if x.field != "topic"]
