"""Issue 22's speed goals for topics and trends, on an archive (the 250,000-cable benchmark archive that
``benchmarks/search.py`` builds, by default):

- ``build``: ``cablebase topics build`` (fit on the sample, topics for every cable, the index brought
  along), its wall time and the peak resident memory of each of its processes (goal <= 5 min, <= 2 GB);
- ``ingest``: ingest of the same files into an archive without a topic model and into one with a model,
  alternately, ``--repeat`` times (goal: topics add <= 15 % to ingest time);
- ``trends``: ``Archive.trends`` with three queries, each call with queries not counted before (so not
  taken from the facet cache): p50 and p90 (goal p50 <= 30 ms);
- ``facets``: what the ``topic`` facet adds to a search's counting: the same queries' facets and histogram
  counted with every facet and with all but ``topic``, alternately, CPU time per query.

    python benchmarks/topics_archive.py build [ARCHIVE] [--k 40]
    python benchmarks/topics_archive.py ingest [ARCHIVE] [--files ../shared/corpus] [--repeat 3]
    python benchmarks/topics_archive.py trends [ARCHIVE] [--calls 50]
    python benchmarks/topics_archive.py facets [ARCHIVE] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from procwatch import Watch  # noqa: E402

from cablebase.archive import Archive, store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = "/tmp/cablebase-bench/archive-250000"
CLI = [sys.executable, "-m", "cablebase.cli"]
# words of every kind of frequency in cables, three a call
WORDS = ("iran iraq nuclear embassy minister election oil gas trade visa refugees terrorism military police "
         "president parliament court human rights journalist protest border drugs cocaine weapons missile "
         "sanctions bank loan budget corruption reform agriculture water energy health education religion "
         "church mosque army navy aircraft port ship fishing mining gold copper wheat rice sugar cotton "
         "tourism airline railway road bridge dam flood earthquake drought famine aid grant treaty "
         "summit visit delegation ambassador consul secretary congress senate senator governor mayor "
         "party opposition coalition vote ballot campaign media television radio newspaper internet "
         "china russia cuba mexico brazil india pakistan afghanistan israel egypt syria lebanon turkey "
         "germany france spain italy japan korea vietnam nigeria kenya sudan somalia ethiopia").split()


def peaks(watch: Watch) -> str:
    ranked = sorted(watch.peaks.values(), reverse=True)
    return f"largest process {ranked[0]:,} MB, next {ranked[1] if len(ranked) > 1 else 0:,} MB" if ranked else "-"


def cmd_build(args: argparse.Namespace) -> None:
    watch = Watch(Path(args.archive))
    watch.start()
    start = time.perf_counter()
    done = subprocess.run([*CLI, "topics", "build", "--k", str(args.k), "--db", args.archive],
                          capture_output=True, text=True)
    took = time.perf_counter() - start
    watch.done.set()
    watch.poll()
    print(done.stdout.strip() or done.stderr.strip())
    print(f"topics build: {took:.1f} s wall; peak resident: {peaks(watch)} (goal 300 s, 2,048 MB)")


def _model_only(source: Path, into: Path) -> None:
    """An empty archive holding ``source``'s topic model and nothing else."""
    store.connect(into / "cables.sqlite").close()  # (the tables, empty)
    src, dst = sqlite3.connect(source / "cables.sqlite"), sqlite3.connect(into / "cables.sqlite")
    version = src.execute("SELECT value FROM meta WHERE key='topic_model'").fetchone()
    if version is None:
        raise SystemExit(f"{source} has no topic model: run the build first")
    row = src.execute("SELECT version, made, model FROM topic_models WHERE version=?", version).fetchone()
    dst.execute("INSERT INTO topic_models VALUES (?,?,?)", row)
    dst.execute("INSERT INTO meta VALUES ('topic_model', ?)", version)
    dst.commit()
    src.close()
    dst.close()


def cmd_ingest(args: argparse.Namespace) -> None:
    times: dict[str, list[float]] = {"without a model": [], "with a model": []}
    cpu: dict[str, list[float]] = {"without a model": [], "with a model": []}  # of every process of the run
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        for r in range(args.repeat):
            for label in times:
                db = Path(tmp) / f"db-{r}-{label.split()[0]}"
                if label == "with a model":
                    _model_only(Path(args.archive), db)
                watch = Watch(db)
                watch.start()
                start = time.perf_counter()
                done = subprocess.run([*CLI, "ingest", *args.files, "--db", str(db), "--jobs", "2"],
                                      capture_output=True, text=True)
                times[label].append(time.perf_counter() - start)
                watch.stop()
                cpu[label].append(sum(watch.cpu.values()) - watch.cpu.get(os.getpid(), 0.0))
                assert done.returncode == 0, done.stderr
                if label == "with a model":
                    con = sqlite3.connect(db / "cables.sqlite")
                    n = con.execute("SELECT COUNT(DISTINCT id) FROM cable_topics").fetchone()[0]
                    total = con.execute("SELECT COUNT(*) FROM cables").fetchone()[0]
                    con.close()
                    print(f"  run {r + 1}: {n:,} of {total:,} cables given topics")
                shutil.rmtree(db)
    base, topics = statistics.median(times["without a model"]), statistics.median(times["with a model"])
    for label, xs in times.items():
        print(f"ingest {label}: " + ", ".join(f"{x:.2f}" for x in xs) + f" s (median {statistics.median(xs):.2f}); "
              "CPU of its processes " + ", ".join(f"{x:.1f}" for x in cpu[label]) + " s")
    print(f"topics add {topics / base - 1:+.1%} to ingest time (median against median; goal <= +15 %) and "
          f"{statistics.median(cpu['with a model']) / statistics.median(cpu['without a model']) - 1:+.1%} "
          "to its CPU time (the CPU is the steadier figure on a shared machine)")


def cmd_trends(args: argparse.Namespace) -> None:
    archive = Archive(args.archive)
    archive.search("", limit=0)  # (the whole archive's counts, made once per state of the index)
    rng = random.Random(22)
    words = list(WORDS)
    rng.shuffle(words)
    times = []
    for i in range(args.calls):
        queries = [words[(3 * i + j) % len(words)] for j in range(3)]
        if 3 * i + 2 >= len(words):
            queries = [f"{q} {words[i % len(words)]}" for q in queries]  # (not counted before either)
        start = time.perf_counter()
        archive.trends(queries, by="month", share=True)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"trends with three queries, {args.calls} calls, each query counted for the first time: "
          f"p50 {times[len(times) // 2]:.1f} ms, p90 {times[int(len(times) * 0.9)]:.1f} ms, "
          f"max {times[-1]:.1f} ms (goal p50 30 ms)")


def cmd_facets(args: argparse.Namespace) -> None:
    from cablebase.archive import facets as counting

    archive = Archive(args.archive)
    searcher = archive.index.searcher()
    queries = [archive._query(w, searcher=searcher) for w in WORDS]
    every = counting.SEARCH_FACETS
    without = tuple(f for f in every if f != "topic")
    cpu: dict[str, list[float]] = {"every facet": [], "all but topic": []}
    for _ in range(args.rounds):
        for label, fields in (("every facet", every), ("all but topic", without)):
            start = time.process_time()
            for q in queries:
                counting.count(searcher, q, fields)
            cpu[label].append((time.process_time() - start) * 1000 / len(queries))
    for label, xs in cpu.items():
        print(f"facets and histogram, {label}: {statistics.median(xs):.2f} ms CPU a query (median of "
              f"{args.rounds} rounds of {len(queries)} queries; rounds: {', '.join(f'{x:.2f}' for x in xs)})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(required=True)
    b = sub.add_parser("build")
    b.add_argument("archive", nargs="?", default=ARCHIVE)
    b.add_argument("--k", type=int, default=40)
    b.set_defaults(func=cmd_build)
    i = sub.add_parser("ingest")
    i.add_argument("archive", nargs="?", default=ARCHIVE, help="the archive whose model is used")
    i.add_argument("--files", nargs="+", default=[str(ROOT.parent / "shared" / "corpus")])
    i.add_argument("--repeat", type=int, default=3)
    i.add_argument("--tmp", default=None, help="where the archives are made (default: the system's)")
    i.set_defaults(func=cmd_ingest)
    t = sub.add_parser("trends")
    t.add_argument("archive", nargs="?", default=ARCHIVE)
    t.add_argument("--calls", type=int, default=50)
    t.set_defaults(func=cmd_trends)
    f = sub.add_parser("facets")
    f.add_argument("archive", nargs="?", default=ARCHIVE)
    f.add_argument("--rounds", type=int, default=5)
    f.set_defaults(func=cmd_facets)
    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
