"""How text becomes index terms: the analyzers the index is built with and a query's words are cut by.

One home for both sides, so that a word is always cut the same way when it is indexed and when it is
looked up. Words are folded (case and diacritics) and, in the stemmed analyzer, stemmed in English.
"""

from __future__ import annotations

import tantivy
from tantivy import Filter, TextAnalyzerBuilder, Tokenizer

STEMMED = "en_stem"  # words folded and stemmed: subject, body, TAGS meanings
FOLDED = "en_fold"   # words folded only: =word, prefixes, fuzzy terms, names and addresses
RAW = "raw"          # the value as it is: codes, ids, posts (Tantivy's own tokenizer)


def _analyzers() -> dict[str, tantivy.TextAnalyzer]:
    stem = (TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(40)).filter(Filter.lowercase())
            .filter(Filter.ascii_fold()).filter(Filter.stemmer("english")).build())
    fold = (TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(40)).filter(Filter.lowercase())
            .filter(Filter.ascii_fold()).build())
    return {STEMMED: stem, FOLDED: fold}


ANALYZERS = _analyzers()
