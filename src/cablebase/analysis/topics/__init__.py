"""Topics: what the cables are about, beyond the TAGS the drafters chose.

    >>> from cablebase.archive import Archive
    >>> a = Archive("./cablebase-data")                               # doctest: +SKIP
    >>> a.build_topics(k=40)                                           # doctest: +SKIP
    >>> a.topics()[0]                                                  # doctest: +SKIP
    >>> a.search("topic:7").total                                      # doctest: +SKIP

``cablebase topics build`` fits a model (NMF on TF-IDF of each cable's subject and reading text:
:mod:`.fit`) and gives every cable its topics (:mod:`.model`); both are stored in the archive
(:mod:`.store`), and cables ingested later get topics from the stored model on the ingest workers. The
search index holds each cable's topic numbers (the ``topic:`` field and facet); a refit replaces every
cable's topics and the index follows (:mod:`cablebase.archive.topics`). Here: the listing of a model's topics, and how the
query language's ``topic:"iran nuclear"`` becomes topic numbers.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from cablebase.analysis.topics import store
from cablebase.analysis.topics.model import TopicModel, Topics, cable_text, top_topics
from cablebase.analysis.topics.words import tokens
from cablebase.query.parser import And, Node, Not, Or, Phrase, Term

__all__ = ["TopicModel", "Topics", "cable_text", "listing", "matcher", "resolve", "top_topics"]

WORDS = 10  # top words shown for a topic
LABEL_WORDS = 4  # words of a topic's label until someone names it


def default_label(model: TopicModel, topic: int) -> str:
    return " ".join(w for w, _ in model.words(topic, LABEL_WORDS))


def listing(con: sqlite3.Connection, words: int = WORDS) -> list[dict[str, Any]]:
    """The current model's topics: ``{"id", "label", "named", "words": [[word, weight], ...]}``, by number;
    empty when the archive has no model. (Their sizes are the index's counts: see :mod:`.views`.)"""
    if not store.has_tables(con):
        return []
    version = store.current_version(con)
    model = store.model(con, version)
    if model is None or version is None:
        return []
    names = store.labels(con, version)
    return [{"id": t, "label": names.get(t) or default_label(model, t), "named": t in names,
             "words": [[w, weight] for w, weight in model.words(t, words)]} for t in range(1, model.k + 1)]


def matcher(topics: list[dict[str, Any]]) -> Callable[[str], list[int]]:
    """For ``topic:"iran nuclear"``: the topics whose label or top words hold every word of the text (as
    the model's tokenizer cuts it: case and accents do not matter)."""
    vocab = {t["id"]: set(tokens(t["label"])) | {w for w, _ in t["words"]} for t in topics}

    def match(text: str) -> list[int]:
        wanted = set(tokens(text))
        return [t for t, words in vocab.items() if wanted and wanted <= words]

    return match


_NUMBER = re.compile(r"\s*[0-9]+\s*")
NO_TOPIC = "0"  # a topic number no model has (topics count from 1): what words matching no topic become


def resolve(node: Node, match: Callable[[str], list[int]], field: str = "topic") -> Node:
    """The query tree with each ``topic:`` term or phrase of words replaced by the topic numbers they match
    (an OR of them; a number no topic has when none matches), so that the index, which holds numbers,
    can answer it. A tree without topic words is returned as it is (the same object)."""
    if isinstance(node, (And, Or)):
        nodes = tuple(resolve(n, match, field) for n in node.nodes)
        return node if all(a is b for a, b in zip(nodes, node.nodes, strict=True)) else replace(node, nodes=nodes)
    if isinstance(node, Not):
        inner = resolve(node.node, match, field)
        return node if inner is node.node else Not(inner)
    if isinstance(node, (Term, Phrase)) and node.field == field and not _NUMBER.fullmatch(node.text):
        numbers = match(node.text) or [int(NO_TOPIC)]
        terms = tuple(Term(str(t), field, pos=node.pos) for t in numbers)
        return terms[0] if len(terms) == 1 else Or(terms)
    return node
