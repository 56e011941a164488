"""What counting each facet costs: a field's own column against its counting columns (``index.SLOTS``).

For each query, times the engine's aggregation of every search facet and the month histogram as a search
counts them (counting columns), and as they were counted before index version 6 (the own columns of TAGS,
signers and topics, which the index still holds), then each of the three fields alone both ways. One
thread, no facet cache; the median of ROUNDS runs of each.

    python benchmarks/facet_columns.py [ARCHIVE] [--rounds 9] [--query Q ...]
"""

from __future__ import annotations

import argparse
import statistics
import time

import tantivy

from cablebase.archive import Archive
from cablebase.archive import facets as counting
from cablebase.archive.index import SLOTS, slot_columns, slotted

QUERIES = ("government", '"foreign minister"', "tag:PREL", "nuclear", "security date:[1975-01 TO 1975-12]")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("archive", nargs="?", default="/tmp/cablebase-bench/archive-250000")
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--query", action="append", help="a query (repeatable; default: a mix of five)")
    args = ap.parse_args()
    archive = Archive(args.archive)
    searcher = archive.index.searcher()
    engine = counting._engine_fields(counting.SEARCH_FACETS)
    before = [c for c in engine if slotted(c) is None] + list(SLOTS)
    print(f"{searcher.num_docs:,} cables, {searcher.num_segments} segments; ms, median of {args.rounds}; "
          "all = every search facet and the histogram")
    print(f"{'query':38} {'hits':>9} {'all: own':>9} {'slots':>7}  " + "  ".join(f"{f:>14}" for f in SLOTS))
    for q in args.query or QUERIES:
        query = archive._query(q)
        hits = searcher.search(query, limit=1, count=True).count

        def ms(columns: list[str], query: tantivy.Query = query) -> float:
            times = []
            for _ in range(args.rounds):
                t = time.perf_counter()
                counting._terms(searcher, query, columns)
                times.append((time.perf_counter() - t) * 1000)
            return statistics.median(times)

        fields = "  ".join(f"{ms([f]):>6.1f} ->{ms(slot_columns(f)):>5.1f}" for f in SLOTS)
        print(f"{q:38} {hits:>9,} {ms(before):>9.1f} {ms(engine):>7.1f}  {fields}")
    archive.close()


if __name__ == "__main__":
    main()
