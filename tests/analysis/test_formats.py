"""The graph writers (analysis/formats.py): every graph of the corpus archive, written in each format, reads
back in networkx and igraph with the same nodes, edges and typed attributes; random graphs with hostile text
round-trip through networkx; each writer streams in bounded pieces."""

from __future__ import annotations

import csv
import io
import math
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import igraph
import networkx as nx
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablebase.analysis import KINDS, Graph
from cablebase.analysis.formats import CHUNK, FORMATS, MEDIA_TYPES, SUFFIXES, stream, write_csv, xml_text
from cablebase.archive import Archive


def written(g: Graph, fmt: str) -> bytes:
    return b"".join(stream(g, fmt))


def typed(attrs: dict[str, Any]) -> dict[str, tuple[type, Any]]:
    return {k: (type(v), v) for k, v in attrs.items()}


def edge_multiset(edges: Any, directed: bool) -> Counter[tuple[Any, ...]]:
    """Edges as (source, target, typed attributes), the ends sorted when direction does not count."""
    out: Counter[tuple[Any, ...]] = Counter()
    for s, d, a in edges:
        ends = (s, d) if directed else tuple(sorted((s, d)))
        out[(*ends, tuple(sorted(typed(a).items(), key=str)))] += 1
    return out


def legal(text: str) -> str:
    """``text`` as XML 1.0 can carry it (its Char production), the rest U+FFFD."""
    def ok(c: str) -> bool:
        n = ord(c)
        return c in "\t\n\r" or 0x20 <= n <= 0xD7FF or 0xE000 <= n <= 0xFFFD or n >= 0x10000
    return "".join(c if ok(c) else "\ufffd" for c in text)


# -- the corpus archive's graphs ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graphs(corpus_db: Path) -> dict[str, Graph]:
    a = Archive(corpus_db)
    return {kind: a.analysis.graph("", kind, metrics=True)[0] for kind in KINDS}



@pytest.mark.corpus
@pytest.mark.parametrize("kind", KINDS)
def test_graphml_reads_back_in_networkx_with_every_attribute_and_its_type(graphs, kind):
    g = graphs[kind]
    assert g.nodes and g.edges
    G = nx.read_graphml(io.BytesIO(written(g, "graphml")))
    assert G.is_directed() == g.directed
    assert list(G.nodes) == list(g.nodes)
    assert G.number_of_edges() == len(g.edges)
    for n, a in g.nodes.items():
        assert typed(G.nodes[n]) == typed(a), n
    assert edge_multiset(G.edges(data=True), g.directed) == edge_multiset(g.edges, g.directed)
    assert G.graph["kind"] == kind


@pytest.mark.corpus
@pytest.mark.parametrize("kind", KINDS)
def test_gexf_reads_back_in_networkx_with_the_label_and_the_weight_as_gexf_has_them(graphs, kind):
    g = graphs[kind]
    G = nx.read_gexf(io.BytesIO(written(g, "gexf")))
    assert G.is_directed() == g.directed
    assert list(G.nodes) == list(g.nodes)
    assert G.number_of_edges() == len(g.edges)
    for n, a in g.nodes.items():
        assert typed(G.nodes[n]) == typed(a), n  # (the label read from the node's own label)
    read = [(s, d, {k: v for k, v in a.items() if k != "id"}) for s, d, a in G.edges(data=True)]
    # GEXF's edge weight is a float by its schema; every other attribute keeps its type
    expected = [(s, d, {**a, "weight": float(a["weight"])} if "weight" in a else a) for s, d, a in g.edges]
    assert edge_multiset(read, g.directed) == edge_multiset(expected, g.directed)


@pytest.mark.corpus
@pytest.mark.parametrize("kind", KINDS)
def test_graphml_reads_back_in_igraph(graphs, kind, tmp_path):
    g = graphs[kind]
    path = tmp_path / f"{kind}.graphml"
    path.write_bytes(written(g, "graphml"))
    ig = igraph.Graph.Read_GraphML(str(path))
    assert ig.is_directed() == g.directed
    assert ig.vs["id"] == list(g.nodes)
    assert ig.ecount() == len(g.edges)
    keys = g.node_keys()
    for v, (n, a) in zip(ig.vs, g.nodes.items(), strict=True):
        got = v.attributes()
        for k, kind_of in keys.items():
            if k not in a:  # igraph has no "absent": its empty value of the type
                assert got[k] == "" if kind_of is str else math.isnan(got[k]), (n, k)
            elif kind_of is int:  # igraph keeps one numeric type, a float: the value is the same
                assert isinstance(got[k], float) and got[k] == a[k], (n, k)
            else:
                assert type(got[k]) is kind_of and got[k] == a[k], (n, k)
    names = ig.vs["id"]
    read = [(names[e.source], names[e.target], {k: v for k, v in e.attributes().items() if v not in ("", None)})
            for e in ig.es]
    expected = [(s, d, {k: (float(v) if type(v) is int else v) for k, v in a.items()}) for s, d, a in g.edges]
    assert edge_multiset(read, g.directed) == edge_multiset(expected, g.directed)


@pytest.mark.corpus
@pytest.mark.parametrize("kind", KINDS)
def test_csv_zip_holds_nodes_and_edges(graphs, kind):
    g = graphs[kind]
    with zipfile.ZipFile(io.BytesIO(written(g, "csv"))) as z:
        assert z.namelist() == ["nodes.csv", "edges.csv"]
        nodes = list(csv.reader(io.TextIOWrapper(z.open("nodes.csv"), encoding="utf-8", newline="")))
        edges = list(csv.reader(io.TextIOWrapper(z.open("edges.csv"), encoding="utf-8", newline="")))
    assert nodes[0] == ["id", *g.node_keys()] and edges[0] == ["source", "target", *g.edge_keys()]
    assert [r[0] for r in nodes[1:]] == list(g.nodes)
    assert [(r[0], r[1]) for r in edges[1:]] == [(s, d) for s, d, _ in g.edges]
    column = dict(zip(nodes[0], range(len(nodes[0])), strict=True))
    for row, a in zip(nodes[1:], g.nodes.values(), strict=True):
        assert row[column["label"]] == a["label"]
        if "subject" in a:  # (commas, quotes and line ends quoted)
            assert row[column["subject"]] == a["subject"]


@pytest.mark.corpus
@pytest.mark.parametrize("kind", KINDS)
def test_json_parses_with_the_same_counts(graphs, kind):
    g = graphs[kind]
    doc = orjson.loads(written(g, "json"))
    assert (doc["kind"], doc["directed"]) == (kind, g.directed)
    assert [n["id"] for n in doc["nodes"]] == list(g.nodes)
    assert len(doc["edges"]) == len(g.edges)


@pytest.mark.corpus
def test_csv_written_to_two_paths(graphs, tmp_path):
    g = graphs["refs"]
    write_csv(g, tmp_path / "n.csv", tmp_path / "e.csv")
    with open(tmp_path / "n.csv", encoding="utf-8", newline="") as fh:
        assert sum(1 for _ in csv.reader(fh)) == len(g.nodes) + 1
    with open(tmp_path / "e.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:2] == ["source", "target"] and len(rows) == len(g.edges) + 1


def test_every_format_has_its_media_type_and_suffix():
    assert set(MEDIA_TYPES) == set(SUFFIXES) == set(FORMATS)
    with pytest.raises(ValueError, match="unknown format"):
        stream(Graph("refs", "", True), "dot")


# -- hostile text --------------------------------------------------------------------------------------------

HOSTILE = st.sampled_from(list('<>&"\'\x00\x01\x08\x0b\x0c\x1f\x7f\x85\r\n\t \ufffe\uffff\ud800\udfff\U0001f600'
                               "\U00010000\U0010fffd") + ["&amp;", "<![CDATA[", "]]>", "-->", "&#0;", "\r\n"])
TEXT = st.lists(st.one_of(HOSTILE, st.characters()), min_size=1, max_size=12).map("".join)
# node ids: hostile but legal XML (an id with a character XML cannot carry changes on the way)
IDS = st.text(st.one_of(st.sampled_from(list('<>&"\' \t\n\r\U0001f600')), st.characters(codec="utf-8")),
              min_size=1, max_size=8).filter(lambda s: legal(s) == s)
NODE_VALUES = {"label": TEXT, "subject": TEXT, "odd <\"name\"> & co": TEXT,
               "count": st.integers(-(2**63), 2**63 - 1), "score": st.floats(allow_nan=False),
               "flag": st.booleans()}
EDGE_VALUES = {"text": TEXT, "weight": st.integers(0, 10**6), "loud": st.booleans(), "share": st.floats(0, 1)}


def attrs(values: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Some of the attributes (each of one type throughout, as a Graph's are), the others absent."""
    return st.fixed_dictionaries({}, optional=values)


@st.composite
def small_graphs(draw: st.DrawFn) -> Graph:
    ids = draw(st.lists(IDS, min_size=1, max_size=8, unique=True))
    directed = draw(st.booleans())
    g = Graph("refs", draw(TEXT), directed, notes=draw(st.lists(TEXT, max_size=2)))
    g.nodes = {n: draw(attrs(NODE_VALUES)) for n in ids}
    pairs = st.tuples(st.sampled_from(ids), st.sampled_from(ids), attrs(EDGE_VALUES))
    g.edges = draw(st.lists(pairs, max_size=12))
    return g


def cleaned(a: dict[str, Any]) -> dict[str, Any]:
    return {k: legal(v) if isinstance(v, str) else v for k, v in a.items()}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(g=small_graphs())
def test_random_graphs_with_hostile_text_round_trip_through_networkx(g):
    G = nx.read_graphml(io.BytesIO(written(g, "graphml")))
    assert G.is_directed() == g.directed and list(G.nodes) == list(g.nodes)
    for n, a in g.nodes.items():
        assert typed(G.nodes[n]) == typed(cleaned(a))
    assert edge_multiset(G.edges(data=True), g.directed) == edge_multiset(
        [(s, d, cleaned(a)) for s, d, a in g.edges], g.directed)
    assert G.graph.get("query") == legal(g.query)

    G = nx.read_gexf(io.BytesIO(written(g, "gexf")))
    assert G.is_directed() == g.directed and list(G.nodes) == list(g.nodes)
    for n, a in g.nodes.items():
        assert typed(G.nodes[n]) == typed(cleaned({"label": n, **a}))  # (no label: the id is the label)
    read = [(s, d, {k: v for k, v in a.items() if k != "id"}) for s, d, a in G.edges(data=True)]
    expected = [(s, d, cleaned({**a, "weight": float(a["weight"])} if "weight" in a else a)) for s, d, a in g.edges]
    assert edge_multiset(read, g.directed) == edge_multiset(expected, g.directed)

    with zipfile.ZipFile(io.BytesIO(written(g, "csv"))) as z:  # (CSV carries any text: only lone surrogates go)
        rows = list(csv.reader(io.TextIOWrapper(z.open("nodes.csv"), encoding="utf-8", newline="")))
    assert [r[0] for r in rows[1:]] == list(g.nodes)
    column = rows[0].index("subject") if "subject" in rows[0] else None
    for row, a in zip(rows[1:], g.nodes.values(), strict=True):
        if column is not None:
            assert row[column] == a.get("subject", "").encode("utf-8", "replace").decode("utf-8")


@given(value=TEXT)
def test_xml_text_is_well_formed_and_reads_back_as_the_legal_text(value):
    doc = f'<a b="{xml_text(value)}">{xml_text(value)}</a>'
    el = ET.fromstring(doc.encode("utf-8"))
    assert el.get("b") == legal(value) and (el.text or "") == legal(value)


def test_control_characters_become_the_replacement_character():
    assert xml_text("A\x00B\x1fC\ud800 & <D> \"E\"\r\n") == "A\ufffdB\ufffdC\ufffd &amp; &lt;D&gt; &quot;E&quot;&#13;&#10;"


def test_igraph_reads_booleans_as_booleans(tmp_path):
    g = Graph("tags", "", False, nodes={"A": {"flag": True, "n": 2}, "B": {"flag": False, "n": 3}},
              edges=[("A", "B", {"loud": True})])
    (tmp_path / "g.graphml").write_bytes(written(g, "graphml"))
    ig = igraph.Graph.Read_GraphML(str(tmp_path / "g.graphml"))
    assert ig.vs["flag"] == [True, False] and ig.es["loud"] == [True] and not ig.is_directed()


# -- streaming ---------------------------------------------------------------------------------------------

def test_each_writer_streams_a_big_graph_in_bounded_pieces():
    """200,000 nodes: every format comes in many pieces, none much bigger than CHUNK (the zip's pieces are
    what the compressor lets out)."""
    n = 200_000
    g = Graph("refs", "", True, nodes={f"{i}": {"label": f"cable {i}", "n": i} for i in range(n)},
              edges=[(f"{i}", f"{i // 2}", {"text": "x"}) for i in range(1, n)])
    for fmt in FORMATS:
        sizes = [len(p) for p in stream(g, fmt)]
        assert len(sizes) > 20, fmt
        assert max(sizes) < 4 * CHUNK, fmt
    with zipfile.ZipFile(io.BytesIO(written(g, "csv"))) as z:
        assert sum(1 for _ in io.TextIOWrapper(z.open("nodes.csv"), encoding="utf-8")) == n + 1
