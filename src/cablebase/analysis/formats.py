"""Graphs written for the tools people open them in: GraphML and GEXF (Gephi, igraph, networkx, Cytoscape),
CSV (a nodes file and an edges file, zipped together or written apart) and JSON (nodes and edges lists).

Each writer streams bytes, about :data:`CHUNK` at a time, so a graph of any size is sent without being held
twice (networkx's writers build the whole XML tree first). Every attribute is declared with its type (from
:meth:`Graph.node_keys` and :meth:`Graph.edge_keys`); a node or edge without an attribute has no value for
it, not an empty one. Text is escaped for XML, and the characters XML 1.0 cannot carry (most control
characters, lone surrogates) become U+FFFD, so a reader sees that something was there.
"""

from __future__ import annotations

import csv
import io
import math
import re
import time
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from cablebase.analysis.graph import Attrs, Graph

FORMATS = ("graphml", "gexf", "csv", "json")
MEDIA_TYPES = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml", "csv": "application/zip",
               "json": "application/json"}
SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf", "csv": ".zip", "json": ".json"}
CHUNK = 1 << 16  # bytes a piece, about: few pieces for a web response, little held at once

GRAPHML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
GEXF_TYPES = {str: "string", int: "integer", float: "double", bool: "boolean"}


def stream(g: Graph, fmt: str) -> Iterator[bytes]:
    """The graph in ``fmt``, in pieces."""
    writers = {"graphml": graphml, "gexf": gexf, "csv": csv_zip, "json": _json}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}")
    return writers[fmt](g)


# -- values -----------------------------------------------------------------------------------------------

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# (tabs and line ends as references too: a parser turns them into spaces in an attribute value, and a
# carriage return into a line feed in text)
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;",
                          "\r": "&#13;"})
_PLAIN = re.compile('[&<>"\t\n\r]')


def xml_text(value: str) -> str:
    """``value`` for XML text or a double-quoted attribute; what XML 1.0 forbids becomes U+FFFD."""
    if _NOT_XML.search(value):
        value = _NOT_XML.sub("\ufffd", value)
    return value.translate(_ESCAPES) if _PLAIN.search(value) else value


def text(value: Any, kind: type) -> str:
    """A value as the declared type reads it back (XML Schema's spelling of booleans and infinities)."""
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(int(value))
    if kind is float:
        f = float(value)
        return repr(f) if math.isfinite(f) else "NaN" if f != f else "INF" if f > 0 else "-INF"
    return str(value)


def _encoded(pieces: Iterable[str]) -> Iterator[bytes]:
    """Text pieces joined into UTF-8 chunks of about :data:`CHUNK` bytes."""
    return _joined(p.encode("utf-8", "replace") for p in pieces)


def _xml_values(attrs: Attrs, keys: dict[str, tuple[str, type]], element: str) -> str:
    """``<data key=..>`` (GraphML) or ``<attvalue for=..>`` (GEXF) for each value present."""
    out = []
    for name, value in attrs.items():
        if value is None or name not in keys:
            continue
        ident, kind = keys[name]
        v = xml_text(text(value, kind))
        out.append(f'<data key="{ident}">{v}</data>' if element == "data" else f'<attvalue for="{ident}" value="{v}"/>')
    return "".join(out)


# -- GraphML ----------------------------------------------------------------------------------------------

def graphml(g: Graph) -> Iterator[bytes]:
    """GraphML: a ``<key>`` per attribute (``attr.type`` string, long, double or boolean), the graph's kind,
    query and notes as graph data."""
    return _encoded(_graphml(g))


def _graphml(g: Graph) -> Iterator[str]:
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/'
           'xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    about = {"kind": g.kind, "query": g.query, "notes": "; ".join(g.notes)}
    for i, name in enumerate(about):
        yield f'<key id="g{i}" for="graph" attr.name="{name}" attr.type="string"/>\n'
    nodes = {k: (f"n{i}", t) for i, (k, t) in enumerate(g.node_keys().items())}
    edges = {k: (f"e{i}", t) for i, (k, t) in enumerate(g.edge_keys().items())}
    for scope, keys in (("node", nodes), ("edge", edges)):
        for name, (ident, kind) in keys.items():
            yield (f'<key id="{ident}" for="{scope}" attr.name="{xml_text(name)}" '
                   f'attr.type="{GRAPHML_TYPES.get(kind, "string")}"/>\n')
    yield f'<graph id="G" edgedefault="{"directed" if g.directed else "undirected"}">\n'
    for i, value in enumerate(about.values()):
        if value:
            yield f'<data key="g{i}">{xml_text(value)}</data>\n'
    for n, a in g.nodes.items():
        yield f'<node id="{xml_text(n)}">{_xml_values(a, nodes, "data")}</node>\n'
    for s, d, a in g.edges:
        yield f'<edge source="{xml_text(s)}" target="{xml_text(d)}">{_xml_values(a, edges, "data")}</edge>\n'
    yield "</graph>\n</graphml>\n"


# -- GEXF -------------------------------------------------------------------------------------------------

def gexf(g: Graph) -> Iterator[bytes]:
    """GEXF 1.3 (Gephi's own): typed ``<attributes>`` of nodes and edges, a node's ``label`` attribute as its
    label and an edge's ``weight`` as its weight (both GEXF's own fields, so not repeated as values)."""
    return _encoded(_gexf(g))


def _gexf(g: Graph) -> Iterator[str]:
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.3" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n')
    about = f"{g.kind} graph of " + (f"the cables matching {g.query}" if g.query.strip() else "the whole archive")
    about += "".join(f"; {n}" for n in g.notes)
    yield f"<meta><creator>cablebase</creator><description>{xml_text(about)}</description></meta>\n"
    yield f'<graph mode="static" defaultedgetype="{"directed" if g.directed else "undirected"}">\n'
    nodes = {k: (str(i), t) for i, (k, t) in enumerate(g.node_keys().items()) if k != "label"}
    edges = {k: (str(i), t) for i, (k, t) in enumerate(g.edge_keys().items()) if k != "weight"}
    for scope, keys in (("node", nodes), ("edge", edges)):
        yield f'<attributes class="{scope}">\n'
        for name, (ident, kind) in keys.items():
            yield f'<attribute id="{ident}" title="{xml_text(name)}" type="{GEXF_TYPES.get(kind, "string")}"/>\n'
        yield "</attributes>\n"
    yield "<nodes>\n"
    for n, a in g.nodes.items():
        label = a.get("label")
        values = _xml_values(a, nodes, "attvalue")
        yield (f'<node id="{xml_text(n)}" label="{xml_text(n if label is None else str(label))}">'
               + (f"<attvalues>{values}</attvalues>" if values else "") + "</node>\n")
    yield "</nodes>\n<edges>\n"
    for i, (s, d, a) in enumerate(g.edges):
        weight = a.get("weight")
        values = _xml_values(a, edges, "attvalue")
        yield (f'<edge id="{i}" source="{xml_text(s)}" target="{xml_text(d)}"'
               + ("" if weight is None else f' weight="{text(weight, float)}"') + ">"
               + (f"<attvalues>{values}</attvalues>" if values else "") + "</edge>\n")
    yield "</edges>\n</graph>\n</gexf>\n"


# -- CSV --------------------------------------------------------------------------------------------------

def _cell(value: Any) -> Any:
    return ("true" if value else "false") if isinstance(value, bool) else value


def nodes_csv(g: Graph) -> Iterator[bytes]:
    """nodes.csv: ``id`` then a column per node attribute (empty where a node lacks it)."""
    keys = list(g.node_keys())
    rows = ([n, *(_cell(a.get(k)) for k in keys)] for n, a in g.nodes.items())
    return _encoded(_lines(["id", *keys], rows))


def edges_csv(g: Graph) -> Iterator[bytes]:
    """edges.csv: ``source``, ``target`` (from citing to cited cable in ``refs``), then the edge attributes."""
    keys = list(g.edge_keys())
    rows = ([s, d, *(_cell(a.get(k)) for k in keys)] for s, d, a in g.edges)
    return _encoded(_lines(["source", "target", *keys], rows))


def _lines(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """CSV text (minimal quoting, CRLF, as ``cablebase export`` writes it), many rows a piece."""
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(header)
    for r in rows:
        out.writerow(r)
        if buf.tell() >= CHUNK:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


class _Sink:
    """A write-only, unseekable file that keeps what is written until taken (zipfile then writes each
    member's sizes after its data, as it does for a pipe)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, b: bytes) -> int:
        self.parts.append(bytes(b))
        return len(b)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> Iterator[bytes]:
        if self.parts:
            out = b"".join(self.parts)
            self.parts.clear()
            yield out


def csv_zip(g: Graph) -> Iterator[bytes]:
    """A zip of nodes.csv and edges.csv, written as it is sent (what is compressed is passed on at once)."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, chunks in (("nodes.csv", nodes_csv(g)), ("edges.csv", edges_csv(g))):
            member_info = zipfile.ZipInfo(name, time.localtime()[:6])
            member_info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(member_info, "w", force_zip64=True) as member:
                for chunk in chunks:
                    member.write(chunk)
                    yield from sink.take()
            yield from sink.take()
    yield from sink.take()


def write_csv(g: Graph, nodes: str | Path, edges: str | Path) -> None:
    """nodes.csv and edges.csv written to two paths of one's choosing."""
    for path, chunks in ((nodes, nodes_csv(g)), (edges, edges_csv(g))):
        with open(path, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)


# -- JSON -------------------------------------------------------------------------------------------------

def _json(g: Graph) -> Iterator[bytes]:
    """``{kind, query, directed, notes, nodes: [{id, ...}], edges: [{source, target, ...}]}``."""
    return _joined(_json_pieces(g))


def _json_pieces(g: Graph) -> Iterator[bytes]:
    yield orjson.dumps({"kind": g.kind, "query": g.query, "directed": g.directed, "notes": g.notes})[:-1]
    yield b',"nodes":['
    for i, (n, a) in enumerate(g.nodes.items()):
        yield (b"," if i else b"") + orjson.dumps({"id": n, **a})
    yield b'],"edges":['
    for i, (s, d, a) in enumerate(g.edges):
        yield (b"," if i else b"") + orjson.dumps({"source": s, "target": d, **a})
    yield b"]}"


def _joined(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """Byte pieces joined into chunks of about :data:`CHUNK`."""
    buf: list[bytes] = []
    size = 0
    for p in pieces:
        buf.append(p)
        size += len(p)
        if size >= CHUNK:
            yield b"".join(buf)
            buf, size = [], 0
    if buf:
        yield b"".join(buf)
