"""Topic models for issue 22, measured side by side: NMF and MiniBatchNMF on TF-IDF against an LDA baseline
on counts, fitted in one run on the same texts (each cable's subject and reading text) with the same
vocabulary and stop list (``cablebase/data/topic_stopwords.txt``).

For each model and k it prints the fit time, the peak resident memory during the fit, the time to give
topics to 1,000 new cables (vectorizing included, as ingest would), topic coherence (mean NPMI of each
topic's top 10 words over the fitted texts' document co-occurrence) and TAG alignment (for each topic, the
share of its 20 heaviest cables that carry its most common subject TAG), then every topic's top 8 words.
It also stores each NMF model as plain arrays in an .npz and assigns the new cables again from that file
alone, the way an archive would keep a fitted model without pickling code.

    python benchmarks/topics.py [ARCHIVE] [--k 20 40] [--sample N] [--models nmf,minibatch,lda]
                                [--lda-method batch|online] [--repeat N] [--stop-posts]
"""

from __future__ import annotations

import argparse
import collections
import csv
import gc
import importlib.resources
import math
import random
import re
import resource
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.decomposition import NMF, LatentDirichletAllocation, MiniBatchNMF
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from threadpoolctl import threadpool_limits

from cablebase.analysis.topics.fit import TOL
from cablebase.analysis.topics.model import TEXT_LIMIT, TopicModel
from cablebase.analysis.topics.words import is_word, tokens
from cablebase.analysis.topics.words import stopwords as shipped_stopwords
from cablebase.archive import Archive

TOP_WORDS = 10  # words per topic that coherence is measured on
TOP_CABLES = 20  # cables per topic that TAG alignment is measured on
NEW_CABLES = 1_000  # cables given topics after the fit, as ingest of later cables would


# -- quality measures (pure functions, tested in tests/analysis/test_topic_quality.py) -------------------

def npmi(words: Sequence[str], docs_with: Mapping[str, AbstractSet[int]], n_docs: int) -> float:
    """Mean normalized pointwise mutual information over every pair of ``words``, from document
    co-occurrence: p(w) is the share of the ``n_docs`` documents that contain w, p(a, b) the share that
    contain both, NPMI = log(p(a,b) / (p(a) p(b))) / -log p(a,b). It runs from -1 (never together) through
    0 (independent) to 1 (always together), which makes topics of different sizes comparable; it is the
    coherence measure that follows human judgments of topics best (Roeder et al. 2015). A pair found in
    every document scores 1; a word found in no document makes its pairs -1."""
    scores = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            da, db = docs_with.get(a, frozenset()), docs_with.get(b, frozenset())
            both = len(da & db)
            if both == 0:
                scores.append(-1.0)
            elif both == n_docs:
                scores.append(1.0)
            else:
                p_ab = both / n_docs
                pmi = math.log(p_ab / ((len(da) / n_docs) * (len(db) / n_docs)))
                scores.append(pmi / -math.log(p_ab))
    return sum(scores) / len(scores) if scores else 0.0


def tag_alignment(doc_topic: Sequence[Sequence[float]], tags: Sequence[AbstractSet[str]],
                  top: int = TOP_CABLES) -> list[tuple[str | None, float]]:
    """For each topic (a column of ``doc_topic``, one row per cable): its most common subject TAG among its
    ``top`` heaviest cables, and the share of those cables that carry it. TAGS are the drafters' own
    labels, so this says how far a topic lines up with what they meant; a topic whose heavy cables share
    no TAG has (None, 0.0). Ties in weight go to the earlier cable, ties in TAG count to the first TAG
    in alphabetical order, so the answer does not depend on set order."""
    n_topics = len(doc_topic[0]) if len(doc_topic) else 0
    out: list[tuple[str | None, float]] = []
    for t in range(n_topics):
        heaviest = sorted(range(len(doc_topic)), key=lambda i: (-doc_topic[i][t], i))[:top]
        counts = collections.Counter(tag for i in heaviest for tag in tags[i])
        if not counts:
            out.append((None, 0.0))
            continue
        tag, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        out.append((tag, n / len(heaviest)))
    return out


def chance_alignment(tags: Sequence[AbstractSet[str]], top: int = TOP_CABLES, groups: int = 500,
                     seed: int = 22) -> float:
    """The TAG alignment of random groups of ``top`` cables: the floor a topic has to beat, since broad
    TAGS (PREL, PGOV) are on a large share of all cables."""
    rng = random.Random(seed)
    shares = []
    for _ in range(groups):
        group = rng.sample(range(len(tags)), min(top, len(tags)))
        counts = collections.Counter(tag for i in group for tag in tags[i])
        shares.append(max(counts.values()) / len(group) if counts else 0.0)
    return sum(shares) / len(shares)


# -- texts ------------------------------------------------------------------------------------------

def stopwords(extra_posts: bool = False) -> list[str]:
    """The stop list shipped with cablebase; with ``extra_posts`` also every word of the posts' names in
    station_variants.csv (to measure what stopping plain post names such as "tehran" would do)."""
    words = set(shipped_stopwords())
    if extra_posts:
        path = importlib.resources.files("cablebase").joinpath("reference/data/station_variants.csv")
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                words.update(w.lower() for w in re.findall(r"[^\W\d_]{2,}", row["canonical_post"]))
    return sorted(words)


class Texts:
    """The cables to fit on, streamed once (the vectorizer reads each text once and keeps none), with what
    the measures need kept on the side: each cable's id and subject TAGS, and the new cables' texts."""

    def __init__(self, archive: Archive, sample: int | None, limit: int | None = None) -> None:
        self.archive = archive
        self.limit = limit or None
        self.ids: list[str] = []
        self.tags: list[frozenset[str]] = []
        self.new: list[str] = []
        self.skipped = 0
        self.chars = 0
        self.new_from = "the fitted cables (the archive has no others)"
        self.chosen: list[str] | None = None
        if sample is not None:
            everyone = archive.result_ids("")
            if len(everyone) > sample:
                picked = random.Random(22).sample(everyone, min(len(everyone), sample + NEW_CABLES))
                self.chosen, new_ids = picked[:sample], picked[sample:]
                self.new = [text[:self.limit] for i in new_ids if (text := self._text(archive.get(i).cable)[0])]
                self.new_from = f"{len(self.new):,} cables outside the sample"

    @staticmethod
    def _text(cable: Any) -> tuple[str, frozenset[str]]:
        tags = frozenset(t.code for t in cable.tags if t.kind == "subject")
        body = cable.body or ""
        return (f"{cable.subject or ''}\n{body}" if body.strip() else ""), tags

    def _records(self) -> Iterator[Any]:
        if self.chosen is None:
            for rec in self.archive.iter_results(""):
                yield rec.cable
        else:
            for ident in self.chosen:
                yield self.archive.get(ident).cable

    def __iter__(self) -> Iterator[str]:
        for cable in self._records():
            text, tags = self._text(cable)
            if not text:
                self.skipped += 1
                continue
            self.ids.append(cable.id)
            self.tags.append(tags)
            self.chars += len(text)
            text = text[:self.limit]
            if self.chosen is None and len(self.new) < NEW_CABLES:
                self.new.append(text)
            yield text

    def whole(self) -> Iterator[str]:
        """The fitted cables' whole texts, in the order fitted (coherence is counted over these)."""
        for ident in self.ids:
            yield self._text(self.archive.get(ident).cable)[0]


# -- measuring --------------------------------------------------------------------------------------

def reset_peak() -> bool:
    """Start a new peak-resident-memory measurement (Linux: clear_refs 5 resets VmHWM to the current
    resident size), so each fit's peak is its own; False where that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def timed_cpu(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """Wall time and this process's CPU time (all its threads): on a machine shared with other runs the
    wall time swings, the CPU time much less."""
    start, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - start, time.process_time() - cpu


def top_words(components: np.ndarray, vocab: np.ndarray, n: int) -> list[list[str]]:
    return [[str(vocab[j]) for j in np.argsort(-row)[:n]] for row in components]


def docs_with_words(presence: sparse.csc_matrix, vocab_index: Mapping[str, int],
                    words: Iterable[str]) -> dict[str, frozenset[int]]:
    """The documents that hold each of ``words`` (a column of the document-term matrix each)."""
    out = {}
    for w in set(words):
        j = vocab_index[w]
        out[w] = frozenset(presence.indices[presence.indptr[j]:presence.indptr[j + 1]].tolist())
    return out


def make_models(k: int, names: Sequence[str], lda_method: str, lda_iter: int,
                tol: float = TOL) -> list[tuple[str, Any, str]]:
    """The candidates, each with the matrix it is fitted on ("tfidf" or "counts")."""
    every = {
        "nmf": ("NMF", NMF(n_components=k, init="nndsvda", max_iter=400, tol=tol, random_state=0), "tfidf"),
        "minibatch": ("MiniBatchNMF", MiniBatchNMF(n_components=k, init="nndsvda", batch_size=2048,
                                                   random_state=0), "tfidf"),
        "lda": (f"LDA ({lda_method})", LatentDirichletAllocation(
            n_components=k, learning_method=lda_method, batch_size=512, max_iter=lda_iter, random_state=0,
            n_jobs=1), "counts"),
    }
    return [every[n] for n in names]


def roundtrip(model: Any, vectorizer: CountVectorizer, tfidf: TfidfTransformer, stop: list[str],
              new_texts: list[str], expected: np.ndarray) -> str:
    """Store the fitted NMF as cablebase stores it (``TopicModel``: arrays in an .npz, no pickled objects),
    load it back and give the new cables topics from those bytes alone, as ingest does; report the size
    and how often the top topic agrees with the fitted model's own transform."""
    stored = TopicModel(vectorizer.get_feature_names_out().astype(str), tfidf.idf_.astype(np.float32),
                        model.components_.astype(np.float32), np.array(stop, dtype=str)).to_bytes()
    start = time.perf_counter()
    w = TopicModel.from_bytes(stored).weights(new_texts)
    took = time.perf_counter() - start
    agree = float(np.mean(w.argmax(axis=1) == expected.argmax(axis=1)))
    return (f"stored as .npz ({len(stored) / 1e6:.1f} MB, no pickle); topics for {len(new_texts):,} new cables "
            f"from the stored bytes alone in {took:.2f} s; top topic as the model's own transform for {agree:.1%}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("archive", nargs="?", default="/tmp/cablebase-bench/archive-250000")
    ap.add_argument("--k", type=int, nargs="+", default=[40], help="numbers of topics (each fitted in turn)")
    ap.add_argument("--sample", type=int, help="fit on a deterministic sample of N cables (big archives)")
    ap.add_argument("--models", default="nmf,minibatch,lda", help="any of nmf, minibatch, lda")
    ap.add_argument("--min-df", type=int, default=5, help="drop words in fewer cables")
    ap.add_argument("--max-df", type=float, default=0.5, help="drop words in a larger share of the cables")
    ap.add_argument("--max-features", type=int, default=50_000)
    ap.add_argument("--stop-posts", action="store_true", help="also stop every word of the posts' names")
    ap.add_argument("--words", type=int, default=8, help="top words printed for each topic")
    ap.add_argument("--lda-method", choices=("online", "batch"), default="online")
    ap.add_argument("--tol", type=float, default=TOL, help=f"NMF's stopping tolerance (default {TOL}, "
                    "cablebase's: cablebase.analysis.topics.fit.TOL)")
    ap.add_argument("--limit", type=int, default=TEXT_LIMIT, help="fit on each text's first N characters "
                    f"(default {TEXT_LIMIT}, cablebase's: cablebase.analysis.topics.model.TEXT_LIMIT; 0: whole "
                    "texts); coherence is counted over whole texts all the same")
    ap.add_argument("--lda-iter", type=int, default=10, help="LDA passes over the texts")
    ap.add_argument("--repeat", type=int, default=1, help="fit and assign N times, report the fastest "
                    "(the machine is shared: single timings swing)")
    ap.add_argument("--threads", type=int, default=1, help="BLAS/OpenMP threads (1: on this shared 2-core "
                    "machine two threads made the same NMF fit take 4 to 35 s; one took 3.5 s every time)")
    ap.add_argument("--broad", type=int, default=5, help="the N most common subject TAGS left out of the "
                    "second alignment figure")
    args = ap.parse_args()
    names = [m.strip() for m in args.models.split(",") if m.strip()]

    threadpool_limits(args.threads)
    archive = Archive(args.archive)
    stop = stopwords(args.stop_posts)
    texts = Texts(archive, args.sample, args.limit)
    stopped = frozenset(stop)

    def analyze(text: str) -> list[str]:  # (the tokenizer and filters of cablebase.analysis.topics.fit)
        return [w for w in tokens(text) if w not in stopped and is_word(w)]

    vectorizer = CountVectorizer(analyzer=analyze, min_df=args.min_df, max_df=args.max_df,
                                 max_features=args.max_features, dtype=np.float32)
    counts, t_vec = timed(lambda: vectorizer.fit_transform(texts))
    tfidf = TfidfTransformer(sublinear_tf=True)
    weighted, t_tfidf = timed(lambda: tfidf.fit_transform(counts).astype(np.float32))
    vocab = vectorizer.get_feature_names_out()
    vocab_index = {w: j for j, w in enumerate(vocab)}
    presence = sparse.csc_matrix(counts if not texts.limit else
                                 CountVectorizer(analyzer=analyze, vocabulary=vocab_index).transform(texts.whole()))
    n_docs = counts.shape[0]
    print(f"archive {args.archive}: {n_docs:,} cables fitted ({texts.skipped:,} without a reading text "
          f"skipped), {texts.chars / 1e6:.0f} MB of text; {len(stop):,} stop words"
          f"{' (post names too)' if args.stop_posts else ''}; vocabulary {len(vocab):,} words "
          f"(min_df {args.min_df}, max_df {args.max_df}); counts {t_vec:.1f} s streamed, TF-IDF "
          f"{t_tfidf:.1f} s; {f'first {texts.limit:,} characters of each; ' if texts.limit else ''}resident {rss_mb():.0f} MB; {args.threads} BLAS thread(s)")
    print(f"new cables for the assignment timing: {texts.new_from}")
    chance = chance_alignment(texts.tags)
    broad = {t for t, _ in collections.Counter(t for ts in texts.tags for t in ts).most_common(args.broad)}
    narrow = [ts - broad for ts in texts.tags]
    chance_narrow = chance_alignment(narrow)
    print(f"TAG alignment of random groups of {TOP_CABLES} cables (the floor): {chance:.3f}; without the "
          f"{len(broad)} most common subject TAGS ({', '.join(sorted(broad))}): {chance_narrow:.3f}")

    for k in args.k:
        rows, shown = [], []
        for label, model, matrix in make_models(k, names, args.lda_method, args.lda_iter, args.tol):
            x = weighted if matrix == "tfidf" else counts
            gc.collect()
            exact = reset_peak()
            before = rss_mb()
            doc_topic, t_fit, c_fit = timed_cpu(lambda m=model, x=x: m.fit_transform(x))
            peak = peak_mb()
            for _ in range(args.repeat - 1):  # the same fit again (seeded): the fastest counts
                again = clone(model)
                _, t, c = timed_cpu(lambda m=again, x=x: m.fit_transform(x))
                t_fit, c_fit = min(t_fit, t), min(c_fit, c)

            def assign(m: Any = model, matrix: str = matrix) -> np.ndarray:
                new_counts = vectorizer.transform(texts.new)
                return m.transform(tfidf.transform(new_counts) if matrix == "tfidf" else new_counts)

            new_topics, t_new, c_new = timed_cpu(assign)
            for _ in range(args.repeat - 1):
                _, t, c = timed_cpu(assign)
                t_new, c_new = min(t_new, t), min(c_new, c)
            words = top_words(model.components_, vocab, max(TOP_WORDS, args.words))
            docs_with = docs_with_words(presence, vocab_index, (w for ws in words for w in ws[:TOP_WORDS]))
            coherence = [npmi(ws[:TOP_WORDS], docs_with, n_docs) for ws in words]
            aligned = tag_alignment(doc_topic.tolist(), texts.tags)
            aligned_narrow = tag_alignment(doc_topic.tolist(), narrow)
            sizes = collections.Counter(doc_topic.argmax(axis=1).tolist())
            rows.append((label, t_fit, c_fit, peak, peak - before, exact, t_new, c_new, len(texts.new),
                         float(np.mean(coherence)), float(np.mean([s for _, s in aligned])),
                         float(np.mean([s for _, s in aligned_narrow])), getattr(model, "n_iter_", 0)))
            lines = [f"  {t:>2} [{sizes.get(t, 0):>5} cables; NPMI {coherence[t]:+.2f}; "
                     f"{tag or '-'} {share:.0%}] {' '.join(words[t][:args.words])}"
                     for t, (tag, share) in enumerate(aligned)]
            note = roundtrip(model, vectorizer, tfidf, stop, texts.new, new_topics) if isinstance(model, NMF) else ""
            shown.append((label, lines, note))
            print(f"  ({label}, k = {k}: fitted in {t_fit:.1f} s, {time.strftime('%H:%M:%S')})", flush=True)
        print(f"\nk = {k}: model | fit s (CPU s) | peak resident MB (added by the fit) | topics for new cables s (CPU s) | "
              f"NPMI (top {TOP_WORDS} words) | TAG alignment (top {TOP_CABLES} cables; floor {chance:.3f}) | "
              f"the same without the broad TAGS (floor {chance_narrow:.3f}) | iterations")
        for label, t_fit, c_fit, peak, added, exact, t_new, c_new, n_new, coh, align, align_narrow, n_iter in rows:
            print(f"  {label:<13} | {t_fit:7.1f} ({c_fit:.1f}) | {peak:6.0f} ({added:+.0f}){'' if exact else ' process'} | "
                  f"{t_new:6.2f} ({c_new:.2f}) for {n_new:,} | {coh:+.3f} | {align:.3f} | {align_narrow:.3f} | {n_iter}")
        for label, lines, note in shown:
            print(f"\n{label}, k = {k} (topic [cables whose top topic it is; NPMI; most common subject TAG of "
                  f"its top {TOP_CABLES} and their share] top words):")
            print("\n".join(lines))
            if note:
                print(f"  {note}")
    print(f"\npeak resident of the whole run {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
