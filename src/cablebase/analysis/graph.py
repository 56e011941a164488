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

import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from cablebase import reference
from cablebase.analysis.serials import Serials, absent_date, day, universe_months
from cablebase.decode.ids import split_id
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


def _keys(attrs: Iterable[Attrs]) -> dict[str, type]:
    keys: dict[str, type] = {}
    for a in attrs:
        for k, v in a.items():
            if k not in keys and v is not None:
                keys[k] = type(v)
    return keys


def chunks(ids: list[str], size: int = 900) -> Iterator[list[str]]:
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def in_list(column: str, n: int) -> str:
    return f"{column} IN ({','.join('?' * n)})"


def rows_for(con: sqlite3.Connection, sql: str, ids: list[str] | None, column: str) -> Iterator[tuple[Any, ...]]:
    """The rows of ``sql`` (which ends in a WHERE clause to complete) for the given ids, or for every cable
    (``ids`` None)."""
    if ids is None:
        yield from con.execute(sql + " 1")
        return
    for part in chunks(ids):
        yield from con.execute(sql + " " + in_list(column, len(part)), part)


def cable_attrs(ident: str, iso: str | None, origin: str | None, classification: str | None,
                subject: str | None) -> Attrs:
    a: Attrs = {"label": ident, "type": "cable", "status": "present", "date": (iso or "")[:10] or None,
                "origin": origin, "classification": classification, "subject": subject or None}
    return {k: v for k, v in a.items() if v is not None}


CABLE_COLUMNS = "SELECT id, date, origin, classification, subject FROM cables WHERE"


def present_nodes(con: sqlite3.Connection, ids: list[str] | None) -> dict[str, Attrs]:
    return {row[0]: cable_attrs(*row) for row in rows_for(con, CABLE_COLUMNS, ids, "id")}


def refs_graph(con: sqlite3.Connection, ids: list[str] | None, query: str = "",
               serials: Serials | None = None, dates: bool = True) -> Graph:
    """The ``refs`` graph of the cables ``ids`` (None: the whole archive); ``serials``: the whole archive's
    (made when not given) for the dates of absent cables, which are left out without ``dates`` (for a
    view that dates only the few it shows: :func:`date_absent`)."""
    g = Graph("refs", query, directed=True, nodes=present_nodes(con, ids))
    cited_at: dict[str, str] = {}  # absent id -> the earliest day of a cable citing it
    for src, dst, letter, text in rows_for(con, "SELECT src, dst, letter, text FROM refs WHERE", ids, "src"):
        attrs: Attrs = {"letter": letter, "text": text} if letter else {"text": text}
        g.edges.append((src, dst, attrs))
        if dst not in g.nodes:
            when = g.nodes.get(src, {}).get("date") or "9999"
            if when < cited_at.get(dst, "9999") or dst not in cited_at:
                cited_at[dst] = when
    missing = [d for d in cited_at if d not in g.nodes]
    if ids is not None and missing:  # cited cables of the archive outside the result
        for ident, attrs in present_nodes(con, missing).items():
            g.nodes[ident] = attrs
    absent = [d for d in missing if d not in g.nodes]
    known = universe_months()
    for ident in absent:
        g.nodes[ident] = {"label": ident, "type": "cable", "status": "known-absent" if ident in known else "unknown"}
    if absent and dates:
        date_absent(g, absent, serials or Serials.of_archive(con), cited_at)
    return g


def date_absent(g: Graph, absent: Iterable[str], serials: Serials, cited_at: dict[str, str] | None = None) -> None:
    """Give absent cables of a ``refs`` graph their estimated date with its bounds (``cited_at``: the earliest
    day of a cable citing each, found from the graph's edges when not given)."""
    if cited_at is None:
        cited_at = {}
        for src, dst, _ in g.edges:
            when = g.nodes.get(src, {}).get("date")
            if when and (dst not in cited_at or when < cited_at[dst]):
                cited_at[dst] = when
    for ident in absent:
        parts = split_id(ident)
        if parts:
            est = absent_date(ident, serials.neighbours(parts[0], parts[1]), day(cited_at.get(ident)))
            if est is not None:
                g.nodes[ident].update(date=est.day.isoformat(), date_low=est.low.isoformat(),
                                      date_high=est.high.isoformat(), date_method=est.method)


def _require_links(con: sqlite3.Connection) -> None:
    row = con.execute("SELECT value FROM meta WHERE key='links'").fetchone()
    if row is None:
        raise CablebaseError("this archive was made before cablebase kept the addressees and TAGS the posts and "
                             "TAGS graphs read: run `cablebase ingest --db ARCHIVE` once (no paths needed) to add them")


def posts_graph(con: sqlite3.Connection, ids: list[str] | None, query: str = "") -> Graph:
    """The ``posts`` graph: an edge origin -> addressee for each pair, with ``to`` and ``info`` (the cables
    addressed TO or INFO) and ``weight`` (both)."""
    _require_links(con)
    origin = {i: o for i, o in rows_for(con, "SELECT id, origin FROM cables WHERE", ids, "id") if o}
    flows: dict[tuple[str, str], list[int]] = {}
    collective: set[str] = set()
    sent: Counter[str] = Counter()
    for ident, role, post, coll in rows_for(con, "SELECT id, role, post, collective FROM addressees WHERE", ids, "id"):
        src = origin.get(ident)
        if not src:
            continue
        if coll:
            collective.add(post)
        w = flows.setdefault((src, post), [0, 0])
        w[role != "to"] += 1
    for o in origin.values():
        sent[o] += 1
    received: Counter[str] = Counter()
    for (_, dst), (to, info) in flows.items():
        received[dst] += to + info
    g = Graph("posts", query, directed=True)
    for name in sorted(set(sent) | set(received)):
        g.nodes[name] = post_attrs(name, name in collective, sent.get(name, 0), received.get(name, 0))
    g.edges = [(s, d, {"to": to, "info": info, "weight": to + info}) for (s, d), (to, info) in flows.items()]
    return g


def _tag_rows(con: sqlite3.Connection, ids: list[str] | None) -> dict[str, list[str]]:
    _require_links(con)
    by_cable: dict[str, list[str]] = {}
    for ident, tag in rows_for(con, "SELECT id, tag FROM cable_tags WHERE", ids, "id"):
        by_cable.setdefault(ident, []).append(tag)
    return by_cable


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


def tags_graph(con: sqlite3.Connection, ids: list[str] | None, query: str = "") -> Graph:
    """The cable - TAG bipartite graph (edges from cable to TAG)."""
    by_cable = _tag_rows(con, ids)
    g = Graph("tags", query, directed=False, nodes=present_nodes(con, ids))
    counts: Counter[str] = Counter()
    for ident, tags in by_cable.items():
        for t in tags:
            g.edges.append((ident, t, {}))
            counts[t] += 1
    for t, n in counts.items():
        g.nodes[t] = tag_attrs(t, n)  # (TAGS codes and cable ids never coincide: ids begin with the year)
    return g


def tag_pairs_graph(con: sqlite3.Connection, ids: list[str] | None, query: str = "") -> Graph:
    """TAG - TAG co-occurrence: ``weight`` is the number of the cables carrying both."""
    by_cable = _tag_rows(con, ids)
    pairs: Counter[tuple[str, str]] = Counter()
    counts: Counter[str] = Counter()
    for tags in by_cable.values():
        tags = sorted(set(tags))
        counts.update(tags)
        pairs.update(combinations(tags, 2))
    g = Graph("tag-pairs", query, directed=False)
    g.nodes = {t: tag_attrs(t, n) for t, n in sorted(counts.items())}
    g.edges = [(a, b, {"weight": w}) for (a, b), w in pairs.items()]
    return g


def build(con: sqlite3.Connection, kind: str, ids: list[str] | None, query: str = "",
          serials: Serials | None = None) -> Graph:
    if kind == "refs":
        return refs_graph(con, ids, query, serials)
    if kind == "posts":
        return posts_graph(con, ids, query)
    if kind == "tags":
        return tags_graph(con, ids, query)
    if kind == "tag-pairs":
        return tag_pairs_graph(con, ids, query)
    raise CablebaseError(f"unknown graph kind {kind!r} (one of: {', '.join(KINDS)})")
