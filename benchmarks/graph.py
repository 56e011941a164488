"""The analysis layer at archive scale: the whole-archive REF graph with node attributes, PageRank and
components; a thread; the network view of a 10,000-cable result. And, with ``--compare``, the same graph's
PageRank and components in networkx (and rustworkx when installed) beside igraph, in the same process.

Issue 21's goals (on the 250,000-cable benchmark archive that ``benchmarks/search.py`` builds): the graph
with attributes, PageRank and components <= 3 s and <= 1 GB resident; a thread <= 20 ms p50; the network
view of a 10,000-cable result <= 250 ms p50 (the page adds its rendering: ``--page``).

    python benchmarks/graph.py [ARCHIVE] [--compare] [--threads 300] [--page]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time

from cablebase.analysis import graph as graphs
from cablebase.analysis import metrics
from cablebase.archive import Archive


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))]


CANDIDATES = ("tag:KDEM", "tag:ETRD", "tag:KNNP", "tag:IZ", "origin:moscow", "tag:SNAR", "tag:EAID", "tag:PREL year:2007",
              "tag:PGOV year:2008", "tag:ECON", "iran", "tag:PTER", "tag:PHUM", "origin:paris")


def about_ten_thousand(a: Archive, want: int = 5) -> list[tuple[str, int]]:
    """Queries that select 8,000 to 12,500 cables (the candidates nearest 10,000 if fewer do)."""
    sizes = [(q, a.search(q, limit=0, facets=False, snippets=False).total) for q in CANDIDATES]
    near = [x for x in sizes if 8_000 <= x[1] <= 12_500]
    return (near or sorted(sizes, key=lambda x: abs(x[1] - 10_000)))[:want]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("archive", nargs="?", default="/tmp/cablebase-bench/archive-250000")
    ap.add_argument("--compare", action="store_true", help="PageRank and components in networkx/rustworkx too")
    ap.add_argument("--threads", type=int, default=300, help="threads timed (random cables with REF lines)")
    ap.add_argument("--page", action="store_true", help="time the /network page itself (TestClient)")
    args = ap.parse_args()
    a = Archive(args.archive)
    con = a.con
    cables = con.execute("SELECT COUNT(*) FROM cables").fetchone()[0]
    edges = con.execute("SELECT COUNT(*) FROM refs").fetchone()[0]
    print(f"archive {args.archive}: {cables:,} cables, {edges:,} REF edges; resident at start {rss_mb():.0f} MB")

    # 1. the whole archive's refs graph, with attributes, PageRank and components (a fresh Analysis: nothing kept)
    start = time.perf_counter()
    with graphs.collector_paused():  # (as Archive.graph builds it)
        g = graphs.refs_graph(con, None)
        t_build = time.perf_counter() - start
        summary = metrics.add_metrics(g)
    total = time.perf_counter() - start
    t_metrics = total - t_build
    print(f"refs graph, whole archive: {len(g.nodes):,} nodes, {len(g.edges):,} edges; built with attributes "
          f"and absent dates in {t_build:.2f} s; measures (in-degree, PageRank, HITS authority, components) "
          f"{t_metrics:.2f} s; total {total:.2f} s (goal 3 s); giant component {summary['giant_component']:,}; "
          f"peak resident {rss_mb():.0f} MB (goal 1,024)")
    if g.notes:
        print("  notes:", "; ".join(g.notes))

    if args.compare:
        names = list(g.nodes)
        pos = {n: i for i, n in enumerate(names)}
        pairs = [(pos[s], pos[d]) for s, d, _ in g.edges]
        import igraph

        def ig_run() -> None:
            ig = igraph.Graph(n=len(names), edges=pairs, directed=True)
            ig.pagerank()
            ig.connected_components(mode="weak")
        _, t = timed(ig_run)
        print(f"  igraph: graph + PageRank + components {t:.2f} s")
        try:
            import networkx as nx

            def nx_run() -> None:
                ng = nx.DiGraph()
                ng.add_nodes_from(range(len(names)))
                ng.add_edges_from(pairs)
                nx.pagerank(ng)
                list(nx.weakly_connected_components(ng))
            _, t = timed(nx_run)
            print(f"  networkx: graph + PageRank + components {t:.2f} s")
        except ImportError as exc:
            print(f"  networkx: not run ({exc})")
        try:
            import rustworkx as rx

            def rx_run() -> None:
                rg = rx.PyDiGraph()
                rg.add_nodes_from(range(len(names)))
                rg.add_edges_from_no_data(pairs)
                rx.pagerank(rg)
                rx.weakly_connected_components(rg)
            _, t = timed(rx_run)
            print(f"  rustworkx: graph + PageRank + components {t:.2f} s")
        except ImportError as exc:
            print(f"  rustworkx: not run ({exc})")
    g.nodes.clear()
    g.edges.clear()

    # 2. threads of random cables that cite or are cited
    rng = random.Random(21)
    ids = [r[0] for r in con.execute("SELECT src FROM refs ORDER BY src LIMIT 20000")]
    ids = rng.sample(ids, min(args.threads, len(ids)))
    a.thread(ids[0])  # (the id universe loaded once)
    times, sizes = [], []
    for i in ids:
        t, dt = timed(lambda i=i: a.thread(i))
        times.append(dt * 1000)
        sizes.append(len(t["ancestors"]) + len(t["descendants"]))
    print(f"thread (depth 4, {len(ids)} random citing cables): p50 {pct(times, .5):.1f} ms, p90 "
          f"{pct(times, .9):.1f} ms, p99 {pct(times, .99):.1f} ms (goal p50 20 ms); cables in a thread: median "
          f"{statistics.median(sizes):.0f}, max {max(sizes)}")

    # 3. the network view of results of about 10,000 cables: each query once, nothing kept from the last
    # (each run once first to bring its part of the archive into the page cache, as a server's read-ahead does)
    queries = about_ten_thousand(a)
    for q, _ in queries:
        a.analysis.network(q)
    times = []
    for q, n in queries:
        a.analysis._views.clear()
        _, dt = timed(lambda q=q: a.analysis.network(q))
        times.append(dt * 1000)
        print(f"  network view of {q!r} ({n:,} cables): {dt * 1000:.0f} ms")
    print(f"network view, {len(queries)} results of about 10,000 cables, computed afresh: p50 "
          f"{statistics.median(times):.0f} ms, max {max(times):.0f} ms (goal p50 250 ms for the page)")
    if args.page:
        from fastapi.testclient import TestClient

        from cablebase.web import create_app

        with TestClient(create_app(args.archive)) as client:
            client.get("/network", params={"q": queries[0][0]})
            page = []
            for q, _ in queries:
                r, dt = timed(lambda q=q: client.get("/network", params={"q": q}))
                assert r.status_code == 200, r.status_code
                page.append(dt * 1000)
            again = [timed(lambda q=q: client.get("/network", params={"q": q}))[1] * 1000 for q, _ in queries]
        print(f"/network page for the same results, first view: p50 {statistics.median(page):.0f} ms, max "
              f"{max(page):.0f} ms (goal p50 250 ms); viewed again (kept per state of the archive): p50 "
              f"{statistics.median(again):.0f} ms")
    print(f"peak resident of the run {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
