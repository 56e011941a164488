"""A fitted topic model as plain arrays, and how it gives a cable its topics.

The model is NMF on sublinear TF-IDF (why: ``docs/decisions/topic-model.md``). What gives a new cable its
topics is kept as arrays, written to an ``.npz`` and read back with ``allow_pickle=False``, so an archive
never loads code from its own files: the vocabulary, each word's idf, the k topics' word weights
(``components``) and the stop list the fit used. Its version is a hash of those bytes, stored beside every
cable's topics.

Giving topics is nearly all tokenizing (about 0.45 ms of one core for a cable of 9,000 characters), so the
tokenizer is a single regular expression over the lower-cased text, the same one the fit counted with.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

# Words of two or more letters: no digits (serials, dates, paragraph numbers). Runs of "x" (the redaction
# mark XXXXXXXXXXXX) are words here and are kept out of the vocabulary by the fit (see is_word).
_ASCII_WORD = re.compile(r"\b[a-z]{2,}\b")
_WORD = re.compile(r"\b[^\W\d_]{2,}\b")
_REDACTED = re.compile(r"x+")

TOPICS_PER_CABLE = 3  # a cable's topics: its heaviest three at most ...
MIN_SHARE = 0.15  # ... each holding at least this share of its weight (the heaviest is always kept)
MODEL_FORMAT = 1  # the layout of the .npz (bump when its arrays change)


def tokens(text: str) -> list[str]:
    """The words of a text as the model counts them: lower-cased, accents folded (é is e), two letters or
    more, no digits."""
    text = text.lower()
    if text.isascii():
        return _ASCII_WORD.findall(text)
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _WORD.findall(folded.lower())  # (again: folding makes capitals of some letters, 𝓐 is A)


def is_word(token: str) -> bool:
    """Whether a token may be in the vocabulary (not a redaction mark)."""
    return _REDACTED.fullmatch(token) is None


def stopwords() -> frozenset[str]:
    """The stop list shipped with cablebase (``cablebase/data/topic_stopwords.txt``)."""
    text = importlib.resources.files("cablebase").joinpath("data/topic_stopwords.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if (w := line.split("#", 1)[0].strip()))


def cable_text(subject: str | None, body: str | None) -> str:
    """What a cable's topics are drawn from: its subject and reading text ("" when it has no reading text)."""
    return f"{subject or ''}\n{body}" if body and body.strip() else ""


def tfidf_rows(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """TF-IDF as the fit made it: 1 + log tf, times idf, rows to unit length."""
    x = counts.astype(np.float32, copy=True)
    x.data = 1 + np.log(x.data)
    x = x @ sparse.diags(idf.astype(np.float32))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sparse.csr_matrix(sparse.diags((1 / norms).astype(np.float32)) @ x)


Topics = list[tuple[int, float]]  # a cable's topics: (topic number from 1, share of its weight), heaviest first


@dataclass(frozen=True)
class TopicModel:
    """A fitted model: ``components[t]`` are the word weights of topic ``t + 1``."""

    vocabulary: np.ndarray  # str, one word a column
    idf: np.ndarray  # float32
    components: np.ndarray  # float32, k x vocabulary
    stop: np.ndarray  # str: the stop list it was fitted with
    settings: dict[str, Any] = field(default_factory=dict)  # k, sample, min_df, max_df, scikit-learn version
    _index: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    @property
    def k(self) -> int:
        return int(self.components.shape[0])

    def to_bytes(self) -> bytes:
        """The model as an ``.npz`` (deterministic for the same arrays)."""
        buf = io.BytesIO()
        arrays: dict[str, Any] = {f"setting_{key}": np.array(value) for key, value in sorted(self.settings.items())}
        arrays.update(vocabulary=self.vocabulary.astype(str), idf=self.idf.astype(np.float32),
                      components=self.components.astype(np.float32), stop=self.stop.astype(str),
                      format=np.array(MODEL_FORMAT))
        np.savez_compressed(buf, **arrays)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> TopicModel:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            if int(z["format"]) != MODEL_FORMAT:
                raise ValueError(f"topic model format {int(z['format'])} (this cablebase reads {MODEL_FORMAT})")
            settings = {name[len("setting_"):]: z[name].item() for name in z.files if name.startswith("setting_")}
            return cls(z["vocabulary"], z["idf"], z["components"], z["stop"], settings)

    @staticmethod
    def version_of(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()[:12]

    def words(self, topic: int, n: int = 10) -> list[tuple[str, float]]:
        """Topic ``topic``'s heaviest words, each with its share of the topic's weight."""
        row = self.components[topic - 1]
        total = float(row.sum()) or 1.0
        top = np.argsort(-row, kind="stable")[:n]
        return [(str(self.vocabulary[j]), round(float(row[j]) / total, 4)) for j in top if row[j] > 0]

    def counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Each text's vocabulary words counted (one row a text)."""
        index = self._index
        if not index:
            index.update((str(w), j) for j, w in enumerate(self.vocabulary))
        get = index.get
        indices: list[int] = []
        indptr = [0]
        for text in texts:
            indices.extend(j for w in tokens(text) if (j := get(w)) is not None)
            indptr.append(len(indices))
        x = sparse.csr_matrix((np.ones(len(indices), np.float32), np.array(indices, np.int32), np.array(indptr)),
                              shape=(len(texts), len(self.vocabulary)))
        x.sum_duplicates()
        return x

    def weights(self, texts: Sequence[str]) -> np.ndarray:
        """Each text's topic weights (NMF's W for the fixed components; a row of zeros for a text with none
        of the vocabulary's words)."""
        from sklearn.decomposition import non_negative_factorization

        if not texts:
            return np.zeros((0, self.k), np.float32)
        x = tfidf_rows(self.counts(texts), self.idf)
        w, _, _ = non_negative_factorization(x, H=self.components, n_components=self.k, update_H=False,
                                             solver="cd", max_iter=400, tol=1e-4)
        return np.asarray(w)

    def assign(self, texts: Sequence[str]) -> list[Topics]:
        """Each text's topics (see :func:`top_topics`)."""
        return [top_topics(row) for row in self.weights(texts)]


def top_topics(row: Iterable[float]) -> Topics:
    """A cable's topics from its row of weights: the heaviest :data:`TOPICS_PER_CABLE` whose share of the
    row is at least :data:`MIN_SHARE`, the heaviest always; none for a row of zeros. Shares, not raw
    weights, so that a short cable's topics weigh as much as a long one's."""
    values = np.asarray(list(row) if not isinstance(row, np.ndarray) else row, dtype=np.float64)
    total = float(values.sum())
    if total <= 0:
        return []
    order = np.argsort(-values, kind="stable")[:TOPICS_PER_CABLE]
    shares = values[order] / total
    return [(int(t) + 1, round(float(s), 4)) for i, (t, s) in enumerate(zip(order, shares, strict=True))
            if i == 0 or s >= MIN_SHARE]
