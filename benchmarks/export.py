"""Export speed: ``cablebase export`` as JSONL (with and without ``--raw``), CSV and Parquet, in records/s.

Runs the command in process (``cablebase.cli.main``, output to /dev/null, Parquet to a scratch file) on an
archive, several times per format, and prints the best run of each in CPU time (``time.process_time``:
the figures hold on a machine where other work runs; the command is single-threaded apart from the
search engine's own threads, which process time counts too). With no ``--db``, an archive of the shared
corpus is made first (``cablebase ingest``) in a scratch directory.

    python benchmarks/export.py [--db DIR] [--query Q] [--repeat N] [--formats jsonl,jsonl-raw,csv,parquet]

To compare with an older commit, run it with that commit's sources first on the path, on the same archive:
``git worktree add /tmp/old REV; PYTHONPATH=/tmp/old/src python benchmarks/export.py --db DIR``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import cablebase
from cablebase.archive import Archive
from cablebase.cli import main as cli

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FORMATS = {"jsonl": [], "jsonl-raw": ["--raw"], "csv": ["--format", "csv"], "parquet": ["--format", "parquet"]}


def run_once(db: str, query: str, fmt: str, scratch: str) -> float:
    """CPU seconds of one ``cablebase export`` run."""
    argv = ["export", query, "--db", db, *FORMATS[fmt]]
    if fmt == "parquet":
        argv += ["--output", os.path.join(scratch, "out.parquet")]
    saved = sys.stdout
    with open(os.devnull, "w") as null:
        sys.stdout = null
        try:
            start = time.process_time()
            status = cli(argv)
            took = time.process_time() - start
        finally:
            sys.stdout = saved
    if status:
        raise SystemExit(f"cablebase {' '.join(argv)} exited with {status}")
    return took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", help="archive (default: one made from the shared corpus in a scratch directory)")
    ap.add_argument("--query", default="", help="export query (default: every cable)")
    ap.add_argument("--repeat", type=int, default=7, help="runs per format; the best is printed")
    ap.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: " + ", ".join(FORMATS))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cablebase-export-") as scratch:
        db = args.db
        if db is None:
            db = os.path.join(scratch, "archive")
            if cli(["ingest", str(CORPUS), "--db", db]):
                raise SystemExit("ingest failed")
        n = sum(1 for _ in Archive(db).iter_results(args.query))
        print(f"cablebase from {Path(cablebase.__file__).parent}; archive {db}; query {args.query!r}: {n:,} records; "
              f"best of {args.repeat} runs, CPU time (process_time)")
        for fmt in args.formats.split(","):
            runs = [run_once(db, args.query, fmt, scratch) for _ in range(args.repeat)]
            best = min(runs)
            print(f"{fmt:10} {n / best:>9,.0f} records/s  {best * 1e6 / n:7.1f} µs/record  best {best:.3f} s  "
                  f"(runs {' '.join(f'{r:.3f}' for r in runs)})")


if __name__ == "__main__":
    main()
