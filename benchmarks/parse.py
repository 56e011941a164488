"""Parse speed and memory over the WikiLeaks pages of the shared corpus.

Prints: median and p90 parse time per page on one core (page bytes already in memory; container parsing and
full decoding included), cables per second on all cores (``cablebase check`` over the whole corpus), and peak
memory, plus the resident memory after each quarter of a 4x repeated pass (flat memory as the corpus grows).

    python benchmarks/parse.py [CORPUS]
"""

from __future__ import annotations

import glob
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from cablebase.decode import decode
from cablebase.model import Provenance
from cablebase.readers.wikileaks import parse_page_bytes

CORPUS = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpus")


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def parse_one(data: bytes, path: str):  # type: ignore[no-untyped-def]
    """What the reader does with a page's bytes (readers.wikileaks.read), then the decoder."""
    doc = parse_page_bytes(data)
    return decode(doc.text, Provenance(path, doc.format), published_id=doc.published_id,
                  container=doc.container, diagnostics=doc.diagnostics)


def main() -> None:
    files = sorted(glob.glob(str(CORPUS / "wikileaks" / "*" / "*" / "*.html")))
    pages = [(Path(f).read_bytes(), f) for f in files]
    print(f"corpus: {CORPUS}  pages: {len(pages)}  python {sys.version.split()[0]}  cores: {os.cpu_count()}")
    for data, f in pages[:50]:  # warm caches (reference tables)
        parse_one(data, f)
    reps = 5
    times = []
    for data, f in pages:
        best = min(_timed(parse_one, data, f) for _ in range(reps))
        times.append(best)
    times.sort()
    print(f"one core: median {statistics.median(times) * 1000:.3f} ms/page, "
          f"p90 {times[int(len(times) * 0.9)] * 1000:.3f} ms, max {times[-1] * 1000:.1f} ms "
          f"(best of {reps} per page)")
    total = sum(times)
    print(f"one core: one pass over all pages {total:.2f} s = {len(pages) / total:.0f} pages/s")

    marks = []
    for _ in range(4):
        for data, f in pages:
            parse_one(data, f)
        marks.append(rss_mb())
    print("resident memory after 1x/2x/3x/4x the pages: " + " / ".join(f"{m:.0f} MB" for m in marks))

    from cablebase.coverage import check

    t = time.perf_counter()
    report = check([CORPUS], jobs=os.cpu_count())
    dt = time.perf_counter() - t
    print(f"all cores ({os.cpu_count()}): {report.cables} cables from {report.files} files in {dt:.2f} s = "
          f"{report.cables / dt:.0f} cables/s (file reading, format detection and decoding included)")
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: this process {peak_self:.0f} MB, largest worker {peak_children:.0f} MB")


def _timed(fn, *args) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
