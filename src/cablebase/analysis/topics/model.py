"""A fitted topic model as plain arrays, and how it gives a cable its topics.

The model is NMF on sublinear TF-IDF (why: ``docs/decisions/topic-model.md``). What gives a new cable its
topics is kept as arrays, written to an ``.npz`` and read back with ``allow_pickle=False``, so an archive
never loads code from its own files: the vocabulary, each word's idf, the k topics' word weights
(``components``) and the stop list the fit used. Its version is a hash of those bytes, stored beside every
cable's topics.

Giving topics is mostly finding a cable's words, the same way for the fit and for every cable given topics
after it (``words.py``).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from cablebase.analysis.topics.words import count_words

TOPICS_PER_CABLE = 3  # a cable's topics: its heaviest three at most ...
MIN_SHARE = 0.15  # ... each holding at least this share of its weight (the heaviest is always kept)
# A model fitted now reads the first 6,000 characters of each text (kept in its settings as "text_limit"):
# the subject, summary and opening paragraphs say what a cable is about, and the topics of the corpus were as
# good (NPMI, TAG alignment) while giving a cable its topics cost 40% less (docs/decisions/topic-model.md).
# Models fitted before read whole texts.
TEXT_LIMIT = 6000
TOP_WORDS_KEPT = 50  # a topic's heaviest words, the most any listing shows
MODEL_FORMAT = 1  # the layout of the .npz (bump when its arrays change)


def cable_text(subject: str | None, body: str | None) -> str:
    """What a cable's topics are drawn from: its subject and reading text ("" when it has no reading text;
    a model reads the first ``text_limit`` characters of it)."""
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
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def k(self) -> int:
        return int(self.components.shape[0])

    @property
    def text_limit(self) -> int | None:
        """How many characters of a text the model reads (None: all; see :data:`TEXT_LIMIT`)."""
        limit = self.settings.get("text_limit")
        return int(limit) if limit else None

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
        if "order" not in self._cache:  # (sorted once per model: every listing and page reads the top words)
            self._cache["order"] = np.argsort(-self.components, axis=1, kind="stable")[:, :TOP_WORDS_KEPT]
        row = self.components[topic - 1]
        total = float(row.sum()) or 1.0
        top = self._cache["order"][topic - 1][:n]
        return [(str(self.vocabulary[j]), round(float(row[j]) / total, 4)) for j in top if row[j] > 0]

    def _counted(self, texts: Sequence[str]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """For each text, the vocabulary's numbers of the words it holds and how often it holds each."""
        if "index" not in self._cache:
            self._cache["index"] = {str(w).encode("ascii", "replace"): j for j, w in enumerate(self.vocabulary)}
        index, limit = self._cache["index"], self.text_limit
        for text in texts:
            numbers, times = count_words(text[:limit], index)
            yield numbers, times.astype(np.float32)

    def counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Each text's vocabulary words counted (one row a text)."""
        found = list(self._counted(texts))
        indptr = np.cumsum([0] + [len(words) for words, _ in found])
        indices = np.concatenate([words for words, _ in found]) if found else np.zeros(0, np.intp)
        data = np.concatenate([counts for _, counts in found]) if found else np.zeros(0, np.float32)
        return sparse.csr_matrix((data, indices, indptr), shape=(len(texts), len(self.vocabulary)))

    def weights(self, texts: Sequence[str]) -> np.ndarray:
        """Each text's topic weights: for its TF-IDF row x, the w >= 0 that makes w·H nearest to x (NMF's W
        for the fixed components H; a row of zeros for a text with none of the vocabulary's words).

        That is a non-negative least-squares problem per text, solved exactly in k dimensions: with H·Hᵀ =
        L·Lᵀ, |x - w·H|² = |Lᵀ·wᵀ - L⁻¹·H·xᵀ|² + a constant, so scipy's NNLS on the k x k factor gives
        w (what scikit-learn's ``non_negative_factorization`` converges to; it is checked against it in the
        tests). A text costs microseconds beyond its words, where scikit-learn's solver cost ~10 ms a call:
        ingest gives topics file by file, and most files hold one cable."""
        from scipy.optimize import nnls

        factor, projection = self._gram()
        x = self.counts(texts).astype(np.float64)
        rows = np.repeat(np.arange(len(texts)), np.diff(x.indptr))
        x.data = (1 + np.log(x.data)) * self.idf[x.indices]  # the texts' TF-IDF rows (as tfidf_rows makes them)
        x.data /= np.sqrt(np.bincount(rows, x.data * x.data, len(texts)))[rows]
        targets = x @ projection  # each row: L⁻¹·H·xᵀ (a sparse product: no BLAS threads spinning in a worker)
        out = np.zeros((len(texts), self.k), np.float32)
        for i in np.flatnonzero(np.diff(x.indptr)):
            out[i] = nnls(factor, targets[i])[0]
        return out

    def _gram(self) -> tuple[np.ndarray, np.ndarray]:
        """Lᵀ (for H·Hᵀ = L·Lᵀ) and Hᵀ·L⁻¹ᵀ, a row per word (made once per model)."""
        if "gram" not in self._cache:
            h = self.components.astype(np.float64)
            gram = h @ h.T + 1e-10 * np.eye(self.k)  # (a ridge too small to matter keeps it positive definite)
            lower = np.linalg.cholesky(gram)
            self._cache["gram"] = (lower.T.copy(), np.ascontiguousarray(h.T @ np.linalg.inv(lower).T))
        found: tuple[np.ndarray, np.ndarray] = self._cache["gram"]
        return found

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
