"""CPU per page, in process: the search-page and cable-page code run one request at a time, no HTTP.

Under load (``serve.py``) the figures of this shared machine move by a fifth from run to run; CPU time per
page measured here moves by a few percent, so it is the figure to compare two versions of the code with.
Search pages are the distinct-URL mix of ``serve.py`` (facets counted for every page: the facet cache is
off), cable pages random ids. CPU time counts every thread of the process (the page's own thread and the
facet counting on the pool).

    python benchmarks/page_cpu.py [ARCHIVE] [--pages 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from starlette.requests import Request

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import cable_urls, search_urls  # noqa: E402

KINDS = ("word", "two words", "phrase + word", "field + word", "word + date range")  # as search_urls makes them

from cablebase.archive import Archive  # noqa: E402
from cablebase.web import create_app  # noqa: E402
from cablebase.web.pages import cable_page, search_context  # noqa: E402
from cablebase.web.params import search_state  # noqa: E402
from cablebase.web.render import render  # noqa: E402


def _request(app, url: str) -> Request:  # type: ignore[no-untyped-def]
    parts = urlsplit(url)
    return Request({"type": "http", "app": app, "method": "GET", "path": parts.path, "root_path": "",
                    "query_string": parts.query.encode(), "headers": [], "scheme": "http", "server": ("x", 80)})


def search_page(app, url: str) -> None:  # type: ignore[no-untyped-def]
    qs = parse_qs(urlsplit(url).query)
    st = search_state(q=qs.get("q", [""])[0], year=qs.get("year"), sort=qs.get("sort", [None])[0],
                      page=int(qs.get("page", ["1"])[0]))
    request = _request(app, url)
    render(request, "search.html", **search_context(request, st))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("archive", nargs="?", default="/tmp/cablebase-bench/archive-250000")
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    app = create_app(args.archive)
    app.state.archive = archive = Archive(args.archive, facet_cache=0)
    archive.preload()
    rng = random.Random(3)
    searches = search_urls(args.pages + 30, rng)
    cables = cable_urls(Path(args.archive), args.pages + 30, rng)
    loop = asyncio.new_event_loop()

    def cable(url: str) -> None:
        loop.run_until_complete(cable_page(_request(app, url), url.rsplit("/", 1)[1]))

    print(f"archive: {archive.search('', limit=0, facets=False).total:,} cables; {args.pages} pages a round, "
          f"{args.rounds} rounds; python {sys.version.split()[0]}")
    for name, fn, urls in (("search page", lambda u: search_page(app, u), searches), ("cable page", cable, cables)):
        for u in urls[:30]:  # warm up
            fn(u)
        cpu, wall = [], []
        for _ in range(args.rounds):
            t, c = time.perf_counter(), time.process_time()
            for u in urls[30:]:
                fn(u)
            wall.append((time.perf_counter() - t) / args.pages * 1000)
            cpu.append((time.process_time() - c) / args.pages * 1000)
        print(f"{name}: CPU {statistics.median(cpu):.2f} ms a page (rounds: "
              f"{', '.join(f'{x:.2f}' for x in cpu)}), wall {statistics.median(wall):.2f} ms")
    by_kind: dict[int, list[float]] = {}
    for i, u in enumerate(searches[30:], start=30):  # search_urls makes the kinds in turn
        c = time.process_time()
        search_page(app, u)
        by_kind.setdefault(i % len(KINDS), []).append((time.process_time() - c) * 1000)
    print("search page CPU by kind of query (mean ms): " + ", ".join(
        f"{KINDS[k]} {statistics.mean(v):.1f}" for k, v in sorted(by_kind.items())))


if __name__ == "__main__":
    main()
