"""The three graphs of a query's cables, read from the archive's SQLite tables (no record is opened).

- ``refs``: cable -> cited cable, one edge per citing-cited pair of a REF item (the first item's letter and
  text when a cable names the same cable twice). Cited cables not in the archive are nodes too, with
  their status (``known-absent``: in the Cablegate universe; ``unknown``) and an estimated date.
- ``posts``: post -> post, weighted by the cables one sent to the other, TO and INFO counted apart
  (collective addresses are nodes of their own).
- ``tags``: cable - TAG, bipartite; ``tag-pairs``: its projection, TAG - TAG weighted by the cables that
  carry both.

A :class:`Graph` is plain data (nodes and edges with typed attributes); :mod:`cablebase.analysis.metrics`
adds measures, :mod:`cablebase.analysis.formats` writes it out.
"""

from __future__ import annotations

import gc
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, combinations
from typing import Any

import orjson

from cablebase import reference
from cablebase.analysis.serials import Serials, absent_dates
from cablebase.analysis.sql import CABLE_COLUMNS, day, rows_for
from cablebase.errors import CablebaseError

KINDS = ("refs", "posts", "tags", "tag-pairs")
Attrs = dict[str, Any]


@dataclass
class Graph:
    """Nodes (id -> attributes) and edges (source, target, attributes). Attributes that do not apply to a
    node are left out rather than set empty (typed exports keep them absent)."""

    kind: str
    query: str
    directed: bool
    nodes: dict[str, Attrs] = field(default_factory=dict)
    edges: list[tuple[str, str, Attrs]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was left out and why (betweenness on a big graph)

    def node_keys(self) -> dict[str, type]:
        """Every node attribute with its type (the first value's), in the order first seen."""
        return _keys(a for a in self.nodes.values())

    def edge_keys(self) -> dict[str, type]:
        return _keys(a for _, _, a in self.edges)

    def in_degree(self) -> Counter[str]:
        return Counter(dst for _, dst, _ in self.edges)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a graph's hundreds of thousands of attribute dicts are
    made (none of them is garbage; the collector would walk them all again and again: a fifth of the
    whole-archive graph's time)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _keys(attrs: Iterable[Attrs]) -> dict[str, type]:
    """Each attribute's type: the one all its values have; int widened to float where both occur, and str
    where other types are mixed (so that a typed export never truncates or misreads a value)."""
    keys: dict[str, type] = {}
    for a in attrs:
        for k, v in a.items():
            if v is None:
                continue
            t, seen = type(v), keys.get(k)
            if seen is None or seen is t:
                keys[k] = t
            elif {seen, t} == {int, float}:
                keys[k] = float
            elif seen is not str:
                keys[k] = str
    return keys


def cable_attrs(ident: str, iso: str | None, origin: str | None, classification: str | None,
                subject: str | None) -> Attrs:
    """A present cable's node attributes (those it has)."""
    if iso and origin and classification and subject:  # (nearly all: built at once)
        return {"label": ident, "type": "cable", "status": "present", "date": iso[:10], "origin": origin,
                "classification": classification, "subject": subject}
    a: Attrs = {"label": ident, "type": "cable", "status": "present", "date": (iso or "")[:10] or None,
                "origin": origin, "classification": classification, "subject": subject or None}
    return {k: v for k, v in a.items() if v is not None}


# The columns of a query's cables the graphs read (the last is ``cables.links``: TAGS and addressees)
SELECTED = "id, date, origin, classification, subject, links"
Row = tuple[Any, ...]
# The same rows without what only a full graph's nodes need (for the network view, which reads them for
# the few cables it shows: see describe)
LEAN = "id, NULL, origin, NULL, NULL, links"


def selected(con: sqlite3.Connection, cables: list[Row] | None) -> list[Row]:
    """The selected cables' rows (of :data:`SELECTED`), the whole archive's for None."""
    return cables if cables is not None else con.execute(f"SELECT {SELECTED} FROM cables").fetchall()


def present_nodes(con: sqlite3.Connection, ids: list[str] | None) -> dict[str, Attrs]:
    return {row[0]: cable_attrs(*row) for row in rows_for(con, CABLE_COLUMNS, ids, "id")}


def refs_graph(con: sqlite3.Connection, cables: list[Row] | None, query: str = "",
               serials: Serials | None = None) -> Graph:
    """The ``refs`` graph of the ``cables`` (rows of :data:`SELECTED`; None: the whole archive). Absent
    cables are dated from ``serials`` (the present cables' serials, read from SQLite where not given). (A
    view that shows only a few cables reads :func:`citations` instead, and describes those.)"""
    g = Graph("refs", query, directed=True)
    if cables is None:
        g.nodes = present_nodes(con, None)
        ids = None
    else:
        g.nodes = {r[0]: cable_attrs(*r[:5]) for r in cables}
        ids = [r[0] for r in cables]
    rows = rows_for(con, "SELECT src, dst, letter, text FROM refs WHERE", ids, "src", order="src, dst")
    g.edges = [(src, dst, {"letter": letter, "text": text} if letter else {"text": text})
               for src, dst, letter, text in rows]
    absent = _add_cited(con, g, full=True)
    if absent:
        date_absent(g, absent, serials or Serials.lazy(con), con, whole=cables is None)
    return g


def citations(con: sqlite3.Connection, cables: list[Row] | None, query: str = "") -> Graph:
    """The ``refs`` graph's edges and statuses only (no attributes, no letters: from the REF table's key
    alone), for a view that describes just the few cables it shows (:func:`describe`)."""
    g = Graph("refs", query, directed=True)
    if cables is None:
        g.nodes = {ident: {"status": "present"} for (ident,) in con.execute("SELECT id FROM cables")}
    else:
        g.nodes = {r[0]: {"status": "present"} for r in cables}
    ids = None if cables is None else list(g.nodes)
    g.edges = [(s, d, {}) for s, d in rows_for(con, "SELECT src, dst FROM refs WHERE", ids, "src", order="src, dst")]
    _add_cited(con, g, full=False)
    return g


def _add_cited(con: sqlite3.Connection, g: Graph, full: bool) -> list[str]:
    """Nodes for the cables the graph's edges cite that are not nodes yet: those the archive holds (with
    their attributes when ``full``, else their status alone), and absent ones with their status. Returns
    the absent ones."""
    missing = sorted({d for _, d, _ in g.edges if d not in g.nodes})
    if full:
        g.nodes.update(present_nodes(con, missing))
    else:
        g.nodes.update({r[0]: {"status": "present"} for r in rows_for(con, "SELECT id FROM cables WHERE", missing, "id")})
    known = reference.canonical_universe()
    absent = [d for d in missing if d not in g.nodes]
    for ident in absent:
        g.nodes[ident] = {"label": ident, "type": "cable", "status": "known-absent" if ident in known else "unknown"}
    return absent


def describe(con: sqlite3.Connection, g: Graph, ids: Iterable[str], serials: Serials) -> None:
    """Give the nodes ``ids`` of a :func:`citations` graph their attributes: a present cable its row's, an
    absent one its estimated date."""
    ids = list(dict.fromkeys(i for i in ids if i in g.nodes))
    for ident, attrs in present_nodes(con, [i for i in ids if g.nodes[i]["status"] == "present"]).items():
        g.nodes[ident].update(attrs)
    absent = [i for i in ids if g.nodes[i]["status"] != "present"]
    for i in absent:
        g.nodes[i]["label"] = i
    date_absent(g, absent, serials, con)


def date_absent(g: Graph, absent: Iterable[str], serials: Serials, con: sqlite3.Connection,
                whole: bool = False) -> None:
    """Give absent cables of a ``refs`` graph their estimated date with its bounds (see
    :func:`cablebase.analysis.serials.absent_dates`: the same in every view). ``whole``: the graph is the
    whole archive's, so its edges name every citing cable (read from them, not SQLite: a second)."""
    absent = list(absent)
    citing: dict[str, date] | None = None
    if whole:
        wanted = set(absent)
        first: dict[str, str] = {}  # (ISO days compare as strings: parsed once per cable, not per edge)
        for src, dst, _ in g.edges:
            if dst in wanted and (when := g.nodes[src].get("date")) and (dst not in first or when < first[dst]):
                first[dst] = when
        citing = {d: parsed for d, iso in first.items() if (parsed := day(iso)) is not None}
    for ident, est in absent_dates(con, absent, serials, citing).items():
        g.nodes[ident].update(est.attributes())


Links = list[tuple[str, str | None, dict[str, list[str]]]]


def cable_links(con: sqlite3.Connection, cables: list[Row] | None) -> Links:
    """``(id, origin, links)`` of the selected cables (the TAGS and addressees ``cables.links`` holds), for
    the posts and TAGS graphs (read once for several of them: ``links=``)."""
    rows = cables if cables is not None else con.execute("SELECT id, NULL, origin, NULL, NULL, links FROM cables")
    return [(r[0], r[2], orjson.loads(r[5]) if r[5] else {}) for r in rows]


def posts_graph(con: sqlite3.Connection, cables: list[Row] | None, query: str = "", links: Links | None = None) -> Graph:
    """The ``posts`` graph: an edge origin -> addressee for each pair, with ``to`` and ``info`` (the cables
    addressed TO or INFO, each cable counted once a role) and ``weight`` (both)."""
    flows: dict[tuple[str, str], list[int]] = {}
    collective: set[str] = set()
    sent: Counter[str] = Counter()
    for _, origin, lists in links if links is not None else cable_links(con, cables):
        if not origin:
            continue
        sent[origin] += 1
        for role, column in (("to", 0), ("info", 1)):
            # each post once a cable and role (two addressee lines can name one post: SECDEF and JOINT
            # STAFF share a routing indicator)
            for post in dict.fromkeys(lists.get(role, ())):
                w = flows.get((origin, post))
                if w is None:
                    w = flows[origin, post] = [0, 0]
                w[column] += 1
        collective.update(lists.get("collective", ()))
    received: Counter[str] = Counter()
    for (_, dst), (to, info) in flows.items():
        received[dst] += to + info
    g = Graph("posts", query, directed=True)
    for name in sorted(set(sent) | set(received)):
        g.nodes[name] = post_attrs(name, name in collective, sent.get(name, 0), received.get(name, 0))
    g.edges = [(s, d, {"to": to, "info": info, "weight": to + info}) for (s, d), (to, info) in flows.items()]
    return g


def _tag_rows(con: sqlite3.Connection, cables: list[Row] | None, links: Links | None) -> dict[str, list[str]]:
    return {ident: lists["tags"] for ident, _, lists in (links if links is not None else cable_links(con, cables))
            if lists.get("tags")}


def tag_attrs(code: str, cables: int) -> Attrs:
    """A TAG node: its code, its kind and meaning from the TAGS table, the cables that carry it."""
    a: Attrs = {"label": code, "type": "tag", "cables": cables}
    info = reference.tag_info(code)
    if info is not None:
        a["tag_kind"] = info.kind
        if info.meaning:
            a["meaning"] = info.meaning
    return a


def post_attrs(name: str, collective: bool, sent: int, received: int) -> Attrs:
    """A post node: its name, what it is (embassy, consulate, office, collective: the routing table's
    kind), its country and routing indicator where the table knows them."""
    a: Attrs = {"label": name, "type": "collective" if collective else "post"}
    route = reference.post_routes().get(name)
    if route is not None:
        a.update(post_kind=route.kind, ri=route.ri)
        if route.country:
            a["country"] = route.country
    a.update(sent=sent, received=received)
    return a


def tags_graph(con: sqlite3.Connection, cables: list[Row] | None, query: str = "", links: Links | None = None) -> Graph:
    """The cable - TAG bipartite graph (edges from cable to TAG)."""
    rows = selected(con, cables)
    by_cable = _tag_rows(con, rows, links)
    g = Graph("tags", query, directed=False, nodes={r[0]: cable_attrs(*r[:5]) for r in rows})
    counts: Counter[str] = Counter()
    for ident, tags in by_cable.items():
        for t in dict.fromkeys(tags):
            g.edges.append((ident, t, {}))
            counts[t] += 1
    for t, n in counts.items():
        g.nodes[t] = tag_attrs(t, n)  # (TAGS codes and cable ids never coincide: ids begin with the year)
    return g


def tag_pairs_graph(con: sqlite3.Connection, cables: list[Row] | None, query: str = "",
                    links: Links | None = None) -> Graph:
    """TAG - TAG co-occurrence: ``weight`` is the number of the cables carrying both."""
    sets = [sorted(set(tags)) for tags in _tag_rows(con, cables, links).values()]
    counts = Counter(chain.from_iterable(sets))  # (counted in one pass each: a third of the time of per-cable updates)
    pairs = Counter(chain.from_iterable(combinations(tags, 2) for tags in sets))
    g = Graph("tag-pairs", query, directed=False)
    g.nodes = {t: tag_attrs(t, n) for t, n in sorted(counts.items())}
    g.edges = [(a, b, {"weight": w}) for (a, b), w in pairs.items()]
    return g


def build(con: sqlite3.Connection, kind: str, cables: list[Row] | None, query: str = "",
          serials: Serials | None = None) -> Graph:
    """The ``kind`` graph of the ``cables`` (rows of :data:`SELECTED`; None: the whole archive)."""
    if kind == "refs":
        return refs_graph(con, cables, query, serials)
    if kind == "posts":
        return posts_graph(con, cables, query)
    if kind == "tags":
        return tags_graph(con, cables, query)
    if kind == "tag-pairs":
        return tag_pairs_graph(con, cables, query)
    raise CablebaseError(f"unknown graph kind {kind!r} (one of: {', '.join(KINDS)})")
