"""The topic benchmark's quality measures (benchmarks/topics.py) on tiny hand-made corpora whose answers are
worked out by hand, and the stop list it fits with."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pytest

from cablebase.analysis.topics.model import tfidf_rows
from cablebase.analysis.topics.words import is_word, tokens

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("benchmarks_topics", ROOT / "benchmarks" / "topics.py")
assert _spec is not None and _spec.loader is not None
topics = importlib.util.module_from_spec(_spec)
sys.modules["benchmarks_topics"] = topics
_spec.loader.exec_module(topics)

# Four documents, as the sets of words they hold.
DOCS = [
    {"iran", "nuclear", "oil"},
    {"iran", "nuclear"},
    {"oil", "election"},
    {"election"},
]


def docs_with(docs: list[set[str]]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for i, words in enumerate(docs):
        for w in words:
            out.setdefault(w, set()).add(i)
    return out


def test_npmi_always_together_is_one() -> None:
    # iran and nuclear: both in docs 0 and 1, nowhere else
    assert topics.npmi(["iran", "nuclear"], docs_with(DOCS), len(DOCS)) == pytest.approx(1.0)


def test_npmi_never_together_is_minus_one() -> None:
    assert topics.npmi(["nuclear", "election"], docs_with(DOCS), len(DOCS)) == -1.0


def test_npmi_independent_is_zero() -> None:
    # iran in {0, 1}, oil in {0, 2}: p = 1/2 each, together 1/4 = 1/2 * 1/2
    assert topics.npmi(["iran", "oil"], docs_with(DOCS), len(DOCS)) == pytest.approx(0.0)


def test_npmi_averages_every_pair() -> None:
    # pairs: iran-nuclear 1, iran-oil 0, nuclear-oil 0 (same sets as iran-oil)
    assert topics.npmi(["iran", "nuclear", "oil"], docs_with(DOCS), len(DOCS)) == pytest.approx(1 / 3)


def test_npmi_worked_value() -> None:
    # oil in {0, 2}, election in {2, 3}: p(a) = p(b) = 1/2, p(a,b) = 1/4 -> 0, as above; make it 2 of 5
    docs = DOCS + [{"oil", "election"}]
    # oil {0, 2, 4}, election {2, 3, 4}: p = 3/5 each, p(a,b) = 2/5
    expected = math.log((2 / 5) / (3 / 5 * 3 / 5)) / -math.log(2 / 5)
    assert topics.npmi(["oil", "election"], docs_with(docs), len(docs)) == pytest.approx(expected)


def test_npmi_edge_cases() -> None:
    everywhere = {"a": {0, 1}, "b": {0, 1}}
    assert topics.npmi(["a", "b"], everywhere, 2) == 1.0
    assert topics.npmi(["a", "unseen"], everywhere, 2) == -1.0
    assert topics.npmi(["a"], everywhere, 2) == 0.0


def test_tag_alignment() -> None:
    doc_topic = [[0.9, 0.0], [0.8, 0.1], [0.7, 0.2], [0.0, 0.9], [0.1, 0.8]]
    tags = [{"PREL", "MNUC"}, {"MNUC"}, {"ECON"}, {"PGOV"}, {"ECON"}]
    # topic 0's top 3: docs 0, 1, 2 -> MNUC twice; topic 1's: docs 3, 4, 2 -> ECON twice (doc 2 weighs 0.2)
    assert topics.tag_alignment(doc_topic, tags, top=3) == [("MNUC", pytest.approx(2 / 3)),
                                                             ("ECON", pytest.approx(2 / 3))]
    # ties in count go to the first TAG alphabetically; no TAGS at all gives (None, 0.0)
    assert topics.tag_alignment(doc_topic, tags, top=2)[1] == ("ECON", 0.5)
    assert topics.tag_alignment([[1.0], [0.5]], [set(), set()], top=2) == [(None, 0.0)]


def test_chance_alignment_of_one_tag_everywhere_is_one() -> None:
    assert topics.chance_alignment([{"PREL"}] * 50, top=20, groups=10) == 1.0


def test_stop_list_is_lower_case_words_the_tokenizer_can_make() -> None:
    words = topics.stopwords()
    assert len(words) == len(set(words)) > 900
    for w in words:  # the base list's "a" and "i" are shorter than a token: harmless
        assert w == w.lower() and (tokens(w) == [w] or len(w) == 1), w
    for boilerplate in ("sipdis", "noforn", "decl", "reftel", "amembassy", "secstate", "thehague", "poloff"):
        assert boilerplate in words
    # kept: content words the base list would drop, and post names, which the reading text uses as prose
    for content in ("bill", "un", "tehran", "moscow", "iran"):
        assert content not in words


def test_tokenizer_drops_numbers_and_redaction_marks() -> None:
    text = "E.O. 12958: DECL: 02/25/2018 XXXXXXXXXXXX met the FM in 2007 (S) Iran's"
    assert [w for w in tokens(text) if is_word(w)] == ["decl", "met", "the", "fm", "in", "iran"]


def test_tfidf_rows_match_the_fitted_transformer() -> None:
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    texts = ["iran nuclear nuclear talks", "oil election", "iran oil oil oil", "election talks"]
    vec = CountVectorizer(analyzer=tokens)
    counts = vec.fit_transform(texts)
    tfidf = TfidfTransformer(sublinear_tf=True).fit(counts)
    ours = tfidf_rows(counts, tfidf.idf_).toarray()
    assert np.allclose(ours, tfidf.transform(counts).toarray(), atol=1e-6)
