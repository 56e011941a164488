"""The analysis layer: the cables of a query as a body, not one at a time.

    >>> from cablebase.archive import Archive
    >>> a = Archive("./cablebase-data")                               # doctest: +SKIP
    >>> g = a.graph("origin:madrid", kind="refs", metrics=True)        # doctest: +SKIP
    >>> a.thread("07MADRID173")["ancestors"][:2]                       # doctest: +SKIP
    >>> a.gaps("origin:madrid")["posts"][:2]                           # doctest: +SKIP

Everything is read from the archive's SQLite tables (the REF edges, the addressees and TAGS kept beside
the records) and its search index (which cables a query selects); no record is opened. The modules:
``graph`` (the graphs of a query), ``metrics`` (PageRank and the rest, with igraph), ``threads`` (REF
chains of one cable), ``gaps`` and ``estimate`` (what is missing, from serial numbers), ``serials`` (the
serials present and the dates of absent cables), ``formats`` (GraphML, GEXF, CSV, JSON). What is costly
(the whole archive's serials, a graph with its measures) is kept per state of the archive.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from cablebase.analysis import gaps as missing
from cablebase.analysis import graph as graphs
from cablebase.analysis import metrics as measures
from cablebase.analysis import network as views
from cablebase.analysis import threads
from cablebase.analysis.estimate import FEW
from cablebase.analysis.graph import KINDS, Graph
from cablebase.analysis.serials import Serials, universe_highest
from cablebase.errors import CablebaseError

if TYPE_CHECKING:
    from cablebase.archive import Archive

__all__ = ["KINDS", "Analysis", "Graph"]


class Analysis:
    """The analysis views of one archive, with what they keep per state of the archive (the state changes
    with every cable stored: see :meth:`state`)."""

    GRAPHS_KEPT = 8  # graphs with measures
    VIEWS_KEPT = 32  # network views (a few KB each)

    def __init__(self, archive: Archive):
        self.archive = archive
        self._lock = threading.Lock()
        self._serials: tuple[tuple[int, bool], Serials] | None = None
        self._graphs: OrderedDict[tuple[Any, ...], tuple[Graph, dict[str, Any] | None]] = OrderedDict()
        self._views: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()  # network views

    def state(self) -> int:
        """The archive's change number: it grows whenever a cable is stored or replaced (cables are never
        removed), so what is kept for one number holds until the next ingest changes something. (A count
        of the cables would scan the table: milliseconds on every thread and page.)"""
        row = self.archive.con.execute("SELECT value FROM meta WHERE key='seq'").fetchone()
        return int(row[0]) if row else 0

    def select(self, q: str = "", columns: str = graphs.SELECTED) -> list[graphs.Row] | None:
        """The rows the graphs read (:data:`graphs.SELECTED`) of the cables ``q`` selects (None for an empty
        query: the whole archive, which each graph reads in its own way)."""
        self.require()
        if not q.strip():
            return None
        return self.archive.result_rows(q, columns)

    def require(self) -> None:
        """Refuse, with what to run, an archive made before the column the analysis reads existed."""
        from cablebase.archive.store import links_ready

        if not links_ready(self.archive.con):
            raise CablebaseError(f"the archive at {self.archive.path} was made by an older cablebase: run "
                                 f"`cablebase ingest --db {self.archive.path}` once (no paths needed) to add "
                                 "what the analysis reads")

    def serials(self) -> Serials:
        """The present cables' serials, read post-year by post-year as needed, kept per state of the
        archive (and of its serials table, which an ingest may fill without a new cable)."""
        from cablebase.archive.lookups import serials_ready

        state = (self.state(), serials_ready(self.archive.con))
        with self._lock:
            if self._serials is None or self._serials[0] != state:
                self._serials = (state, Serials.lazy(lambda: self.archive.con))
            return self._serials[1]

    def graph(self, q: str = "", kind: str = "refs", metrics: bool = False) -> tuple[Graph, dict[str, Any] | None]:
        """The ``kind`` graph of the cables ``q`` selects, with its measures and their summary when
        ``metrics``. Graphs with measures are kept (the last few, per state of the archive)."""
        if kind not in KINDS:
            raise CablebaseError(f"unknown graph kind {kind!r} (one of: {', '.join(KINDS)})")
        key = (self.state(), q.strip(), kind)
        if metrics:
            with self._lock:
                if key in self._graphs:
                    self._graphs.move_to_end(key)
                    return self._graphs[key]
        with graphs.collector_paused():
            g = graphs.build(self.archive.con, kind, self.select(q), q, self.serials() if kind == "refs" else None)
            summary = measures.add_metrics(g) if metrics else None
        if metrics:
            with self._lock:
                self._graphs[key] = (g, summary)
                while len(self._graphs) > self.GRAPHS_KEPT:
                    self._graphs.popitem(last=False)
        return g, summary

    def network(self, q: str = "", kind: str = "refs", top: int = 20) -> dict[str, Any]:
        """What the network page shows for the cables ``q`` selects: the most-cited cables, the strongest
        post-to-post flows, the most frequent TAGS pairs, and a drawing of the top of the ``kind`` graph
        (see :mod:`cablebase.analysis.network`)."""
        if kind not in KINDS:
            raise CablebaseError(f"unknown graph kind {kind!r} (one of: {', '.join(KINDS)})")
        key = (self.state(), q.strip(), kind, top)
        with self._lock:
            if key in self._views:
                self._views.move_to_end(key)
                return self._views[key]
        with graphs.collector_paused():
            view = self._network(q, kind, top)
        with self._lock:
            self._views[key] = view
            while len(self._views) > self.VIEWS_KEPT:
                self._views.popitem(last=False)
        return view

    def _network(self, q: str, kind: str, top: int) -> dict[str, Any]:
        cables = self.select(q, graphs.LEAN)  # (the page shows a few cables: their attributes are read then)
        con = self.archive.con
        refs = graphs.citations(con, cables, q)
        links = graphs.cable_links(con, cables)
        posts = graphs.posts_graph(con, cables, q, links)
        pairs = graphs.tag_pairs_graph(con, cables, q, links)
        drawn = {"refs": refs, "posts": posts, "tag-pairs": pairs}.get(kind) or graphs.tags_graph(con, cables, q, links)
        cited = views.most_cited(refs, top)
        graphs.describe(con, refs, [c["id"] for c in cited], self.serials())
        for c in cited:
            c.update({k: refs.nodes[c["id"]].get(k) for k in ("date", "subject", "origin")})
        drawing = views.drawing(drawn)  # (labels are ids, the status all a cable node shows)
        return {"query": q, "kind": kind,
                "cables": len(cables) if cables is not None else
                self.archive.con.execute("SELECT COUNT(*) FROM cables").fetchone()[0],
                "most_cited": cited, "flows": views.flows(posts, top),
                "tag_pairs": views.tag_pairs(pairs, top), "drawing": drawing}

    def thread(self, ident: str, depth: int = threads.DEPTH, limit: int = threads.LIMIT) -> dict[str, Any]:
        """The REF chains of one cable both ways, in time order (see :mod:`cablebase.analysis.threads`)."""
        canonical = self.archive.canonical(ident)  # (threads read the REF table alone: any archive has it)
        return threads.thread(self.archive.con, canonical, depth, limit, self.serials())

    def gaps(self, q: str = "", limit: int | None = 100) -> dict[str, Any]:
        """Per post-year traffic estimates and the cited-but-absent cables of the cables ``q`` selects."""
        cables = self.select(q)
        ids = [r[0] for r in cables] if cables is not None else None
        absent, total = missing.absent(self.archive.con, ids, self.serials(), limit)
        # (serials cited are no floor: a REF item without a year is read as of the citing cable's)
        rows = missing.posts(cables if cables is not None else self.archive.con.execute(
            "SELECT id, date, origin FROM cables").fetchall(), universe_highest())
        return {"query": q, "method": missing.METHOD, "few": FEW, "posts": rows, "absent": absent,
                "absent_total": total}
