"""A fitted topic model as plain arrays, and how it gives a cable its topics.

The model is NMF on sublinear TF-IDF (why: ``docs/decisions/topic-model.md``). What gives a new cable its
topics is kept as arrays, written to an ``.npz`` and read back with ``allow_pickle=False``, so an archive
never loads code from its own files: the vocabulary, each word's idf, the k topics' word weights
(``components``) and the stop list the fit used. Its version is a hash of those bytes, stored beside every
cable's topics.

Giving topics is mostly tokenizing, so words are cut as bytes through a translation table (see
:func:`word_bytes`), the same way for the fit and for every cable given topics after it.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np
from scipy import sparse

# A word is a run of two or more of the letters a-z, in the lower-cased text with accents folded (é is e):
# no digits (serials, dates, paragraph numbers), and letters glued to digits are a word of their own
# ("06MADRID1914" holds "madrid"). Letters of other scripts are not counted (the cables are in English;
# other scripts are rare in them and would be words of a few cables). Runs of "x" (the redaction mark
# XXXXXXXXXXXX) are words here and are kept out of the vocabulary by the fit (see is_word).
# A text is cut as bytes, every byte but a-z turned into a space and the rest split: ten times quicker
# than a regular expression, and tokenizing is most of what giving a cable its topics costs.
_REDACTED = re.compile(r"x+")
_ACCENTS = re.compile(r"[\u0300-\u036f]")  # the combining marks NFKD splits accented Latin letters into
# a-z kept, A-Z made a-z (no lower() of the text first), all else a space
_NOT_LETTER = bytes(c if 97 <= c <= 122 else c + 32 if 65 <= c <= 90 else 32 for c in range(256))

TOPICS_PER_CABLE = 3  # a cable's topics: its heaviest three at most ...
MIN_SHARE = 0.15  # ... each holding at least this share of its weight (the heaviest is always kept)
TOP_WORDS_KEPT = 50  # a topic's heaviest words, the most any listing shows
MODEL_FORMAT = 1  # the layout of the .npz (bump when its arrays change)


def word_bytes(text: str) -> list[bytes]:
    """The text's runs of letters as ASCII bytes, one letter long too (see above)."""
    if text.isascii():
        raw = text.encode("ascii")
    else:
        folded = _ACCENTS.sub("", unicodedata.normalize("NFKD", text)).lower()
        raw = folded.encode("ascii", "replace")  # (any other letter is no a-z: a break between words)
    return raw.translate(_NOT_LETTER).split()


def tokens(text: str) -> list[str]:
    """The words of a text as the model counts them: lower-cased, accents folded (é is e), two letters
    a-z or more, no digits."""
    return [w.decode("ascii") for w in word_bytes(text) if len(w) > 1]


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
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

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
        if "order" not in self._cache:  # (sorted once per model: every listing and page reads the top words)
            self._cache["order"] = np.argsort(-self.components, axis=1, kind="stable")[:, :TOP_WORDS_KEPT]
        row = self.components[topic - 1]
        total = float(row.sum()) or 1.0
        top = self._cache["order"][topic - 1][:n]
        return [(str(self.vocabulary[j]), round(float(row[j]) / total, 4)) for j in top if row[j] > 0]

    def _counted(self, texts: Sequence[str]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """For each text, the vocabulary's numbers of the words it holds that the model knows, and how often
        it holds each (the words cut as bytes by :func:`word_bytes`, looked up and counted in C: a loop in
        Python over a cable's words costs as much as cutting them)."""
        if "index" not in self._cache:
            self._cache["index"] = {str(w).encode("ascii", "replace"): j for j, w in enumerate(self.vocabulary)}
        get, missing = self._cache["index"].get, repeat(-1)
        for text in texts:
            words = word_bytes(text)
            found = np.fromiter(map(get, words, missing), np.intp, len(words))
            numbers, times = np.unique(found[found >= 0], return_counts=True)
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

        factor, inverse, columns = self._gram()
        x = self.counts(texts).astype(np.float64)
        rows = np.repeat(np.arange(len(texts)), np.diff(x.indptr))
        x.data = (1 + np.log(x.data)) * self.idf[x.indices]  # the texts' TF-IDF rows (as tfidf_rows makes them)
        x.data /= np.sqrt(np.bincount(rows, x.data * x.data, len(texts)))[rows]
        targets = (x @ columns) @ inverse.T  # each row: L⁻¹·H·xᵀ
        out = np.zeros((len(texts), self.k), np.float32)
        for i in np.flatnonzero(np.diff(x.indptr)):
            out[i] = nnls(factor, targets[i])[0]
        return out

    def _gram(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Lᵀ and L⁻¹ (for H·Hᵀ = L·Lᵀ), and Hᵀ with a row per word (kept with the model)."""
        if "gram" not in self._cache:
            h = self.components.astype(np.float64)
            gram = h @ h.T + 1e-10 * np.eye(self.k)  # (a ridge too small to matter keeps it positive definite)
            lower = np.linalg.cholesky(gram)
            self._cache["gram"] = (lower.T.copy(), np.linalg.inv(lower), np.ascontiguousarray(h.T))
        found: tuple[np.ndarray, np.ndarray, np.ndarray] = self._cache["gram"]
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
