"""The words of a cable as the topic model counts them, and counting them fast.

A word is a run of two or more of the letters a-z, in the lower-cased text with accents folded (é is e):
no digits (serials, dates, paragraph numbers), and letters glued to digits are a word of their own
("06MADRID1914" holds "madrid"). Letters of other scripts are not counted (the cables are in English;
other scripts are rare in them and would be words of a few cables). Runs of "x" (the redaction mark
XXXXXXXXXXXX) are words here and are kept out of the vocabulary by the fit (see :func:`is_word`).

Giving a cable its topics is mostly finding its words, so a text is cut as bytes: every byte but a-z made
a space (:func:`folded`), then split.
"""

from __future__ import annotations

import codecs
import functools
import importlib.resources
import re
import unicodedata
from collections.abc import Mapping
from itertools import repeat

import numpy as np

_REDACTED = re.compile(r"x+")
_ACCENTS = re.compile(r"[\u0300-\u036f]")  # the combining marks NFKD splits accented Latin letters into
# a-z kept, A-Z made a-z (no lower() of the text first), all else a space
_NOT_LETTER = bytes(c if 97 <= c <= 122 else c + 32 if 65 <= c <= 90 else 32 for c in range(256))


def _fold(run: str) -> str:
    """A run of non-ASCII characters folded (see :func:`_folded_run`; short runs, the usual ones, cached)."""
    return _folded_short(run) if len(run) <= 16 else _folded_run(run)


def _folded_run(run: str) -> str:
    """A run of non-ASCII characters with accents folded (é is e); what is left outside ASCII becomes "?",
    a break between words. (Folded run by run, and each run once: most cables hold a few curly quotes or
    accented names in 9 KB of ASCII, and normalizing the whole text cost more than all the rest.)"""
    return _ACCENTS.sub("", unicodedata.normalize("NFKD", run)).lower().encode("ascii", "replace").decode("ascii")


_folded_short = functools.lru_cache(maxsize=4096)(_folded_run)


def _fold_error(error: UnicodeError) -> tuple[str, int]:
    """Encoding to ASCII, a run of characters outside it is handed here, and folded (see :func:`_fold`)."""
    assert isinstance(error, UnicodeEncodeError)
    return _fold(error.object[error.start:error.end]), error.end


codecs.register_error("cablebase-fold", _fold_error)


def folded(text: str) -> bytes:
    """The text as ASCII bytes holding only the letters a-z and spaces. (Encoded in C, with a call back
    for each run of other characters: four times quicker than finding those runs with a regular
    expression.)"""
    return text.encode("ascii", "cablebase-fold").translate(_NOT_LETTER)


def word_bytes(text: str) -> list[bytes]:
    """The text's runs of letters as ASCII bytes, one letter long too."""
    return folded(text).split()


def tokens(text: str) -> list[str]:
    """The words of a text as the model counts them: lower-cased, accents folded, two letters a-z or more."""
    return [w.decode("ascii") for w in word_bytes(text) if len(w) > 1]


def is_word(token: str) -> bool:
    """Whether a token may be in the vocabulary (not a redaction mark)."""
    return _REDACTED.fullmatch(token) is None


def stopwords() -> frozenset[str]:
    """The stop list shipped with cablebase (``cablebase/data/topic_stopwords.txt``)."""
    text = importlib.resources.files("cablebase").joinpath("data/topic_stopwords.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if (w := line.split("#", 1)[0].strip()))


def count_words(text: str, index: Mapping[bytes, int]) -> tuple[np.ndarray, np.ndarray]:
    """The numbers (in ``index``: a vocabulary's words as bytes) of the words the text holds, ascending, and
    how often it holds each."""
    words = word_bytes(text)
    found = np.fromiter(map(index.get, words, repeat(-1)), np.intp, len(words))
    return np.unique(found[found >= 0], return_counts=True)
