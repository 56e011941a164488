"""Fitting a topic model: NMF (scikit-learn) on the sublinear TF-IDF of the cables' texts.

The texts are streamed once into a count matrix (only the matrix is kept), so memory follows the number
of words, not the text. The fit runs with one BLAS thread: on a shared 2-core machine two threads made the
same fit two to five times slower (``docs/decisions/topic-model.md``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from cablebase.analysis.topics.model import TEXT_LIMIT, TopicModel
from cablebase.analysis.topics.words import is_word, stopwords, tokens

K = 40  # topics, to start (measured against LDA at 20 and 40: docs/decisions/topic-model.md)
MIN_DF = 5  # words in fewer cables are dropped ...
MAX_DF = 0.5  # ... and words in more than this share of them
MAX_FEATURES = 50_000
MAX_ITER = 400
# NMF's stopping tolerance: 1e-3 rather than scikit-learn's 1e-4 stops the fit of 30,000 benchmark cables
# after 99 iterations in 36 s instead of 315 in 104 s, with the same coherence (NPMI 0.476 / 0.478) and TAG
# alignment (0.975 both); on the corpus 129 against 192 iterations, NPMI 0.472 / 0.470 (benchmarks/topics.py
# --tol, 2026-12-07).
TOL = 1e-3


@dataclass(frozen=True)
class Settings:
    k: int = K
    min_df: int = MIN_DF
    max_df: float = MAX_DF
    max_features: int = MAX_FEATURES
    seed: int = 0


class TooFewTexts(ValueError):
    """Not enough texts (or words) to fit ``k`` topics."""


_STOP: frozenset[str] | None = None


def words(text: str) -> str:
    """A text's words as the fit counts them, space-separated: the model's tokens of its first
    :data:`TEXT_LIMIT` characters, less the stop list and redaction marks (made on the workers that read the sample, since tokenizing is most of the reading; one
    string a text, not a list of words, keeps 40,000 texts in a few hundred MB)."""
    global _STOP
    if _STOP is None:
        _STOP = stopwords()
    stop = _STOP
    return " ".join(w for w in tokens(text[:TEXT_LIMIT]) if w not in stop and is_word(w))


def fit(texts: Iterable[str], settings: Settings | None = None) -> tuple[TopicModel, np.ndarray]:
    """A model fitted on ``texts``, each a text's :func:`words` (texts without words are left out by the
    caller), and the fitted texts' topic weights (one row each)."""
    import sklearn
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
    from threadpoolctl import threadpool_limits

    settings = settings or Settings()
    stop = stopwords()

    docs = list(texts) if not isinstance(texts, list) else texts
    if len(docs) < max(2 * settings.k, settings.min_df):
        raise TooFewTexts(f"{len(docs)} cables with a reading text: too few for {settings.k} topics "
                          f"(at least {max(2 * settings.k, settings.min_df)})")
    min_df = min(settings.min_df, max(1, len(docs) // 100))
    vectorizer = CountVectorizer(analyzer=str.split, min_df=min_df, max_df=settings.max_df,
                                 max_features=settings.max_features, dtype=np.float32)
    try:
        counts = vectorizer.fit_transform(docs)
    except ValueError as exc:  # "no terms remain": every word too rare or too common
        raise TooFewTexts(f"no words left to fit topics on ({exc})") from None
    if counts.shape[1] < settings.k:
        raise TooFewTexts(f"a vocabulary of {counts.shape[1]} words: too few for {settings.k} topics")
    tfidf = TfidfTransformer(sublinear_tf=True)
    weighted = tfidf.fit_transform(counts).astype(np.float32)
    nmf = NMF(n_components=settings.k, init="nndsvda", max_iter=MAX_ITER, tol=TOL, random_state=settings.seed)
    with threadpool_limits(1):
        w = nmf.fit_transform(weighted)
    model = TopicModel(vocabulary=vectorizer.get_feature_names_out().astype(str),
                       idf=tfidf.idf_.astype(np.float32), components=nmf.components_.astype(np.float32),
                       stop=np.array(sorted(stop), dtype=str),
                       settings={"k": settings.k, "min_df": min_df, "max_df": settings.max_df,
                                 "max_features": settings.max_features, "seed": settings.seed,
                                 "text_limit": TEXT_LIMIT, "fitted_on": len(docs), "iterations": int(nmf.n_iter_),
                                 "sklearn": sklearn.__version__})
    return model, w
