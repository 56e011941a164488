"""The network page's view of a query: its most-cited cables, its strongest post-to-post flows, its most
frequent TAGS pairs, and a drawing of the top of one of its graphs (positions from igraph's
Kamada-Kawai layout from seeded starting positions, so a page draws the same way every time).

Only the graphs of the query's cables are read (never the whole archive's, unless the query is empty).
"""

from __future__ import annotations

import random
from typing import Any

import igraph

from cablebase.analysis.graph import Graph

DRAWN = 40  # nodes in a drawing at most


def most_cited(refs: Graph, top: int) -> list[dict[str, Any]]:
    counts = refs.in_degree()
    best = sorted(counts, key=lambda n: (-counts[n], n))[:top]
    out = []
    for n in best:
        a = refs.nodes.get(n, {})
        out.append({"id": n, "status": a.get("status"), "date": a.get("date"), "subject": a.get("subject"),
                    "origin": a.get("origin"), "cited_by": counts[n]})
    return out


def flows(posts: Graph, top: int) -> list[dict[str, Any]]:
    edges = sorted(posts.edges, key=lambda e: (-e[2]["weight"], e[0], e[1]))[:top]
    return [{"source": s, "target": d, "to": a["to"], "info": a["info"], "weight": a["weight"]} for s, d, a in edges]


def tag_pairs(pairs: Graph, top: int) -> list[dict[str, Any]]:
    edges = sorted(pairs.edges, key=lambda e: (-e[2]["weight"], e[0], e[1]))[:top]
    return [{"a": a, "b": b, "weight": w["weight"], "a_meaning": pairs.nodes[a].get("meaning"),
             "b_meaning": pairs.nodes[b].get("meaning")} for a, b, w in edges]


def _weighted_top(g: Graph, limit: int) -> list[str]:
    """The nodes with the most (weighted) edges."""
    score: dict[str, int] = {}
    for s, d, a in g.edges:
        w = int(a.get("weight", 1))
        score[s] = score.get(s, 0) + w
        score[d] = score.get(d, 0) + w
    return sorted(score, key=lambda n: (-score[n], n))[:limit]


def drawing(g: Graph, limit: int = DRAWN) -> dict[str, Any]:
    """The top of ``g`` laid out in the unit square: for ``refs`` the most-cited cables and the cables of
    the result that cite them; for the other kinds the nodes with the most weight."""
    if g.kind == "refs":
        counts = g.in_degree()
        hubs = sorted(counts, key=lambda n: (-counts[n], n))[: max(1, limit // 3)]
        chosen = list(hubs)
        for s, d, _ in g.edges:
            if len(chosen) >= limit:
                break
            if d in counts and d in hubs and s not in chosen:
                chosen.append(s)
    else:
        chosen = _weighted_top(g, limit)
    pos = {n: i for i, n in enumerate(chosen)}
    edges = [(s, d, a) for s, d, a in g.edges if s in pos and d in pos and s != d]
    if not chosen:
        return {"kind": g.kind, "nodes": [], "edges": []}
    ig = igraph.Graph(n=len(chosen), edges=[(pos[s], pos[d]) for s, d, _ in edges])
    rng = random.Random(7)  # the same starting positions for the same nodes: a page draws the same each time
    start = [[rng.random(), rng.random()] for _ in chosen]
    layout = ig.layout_kamada_kawai(seed=start) if edges else ig.layout_circle()
    xs, ys = [c[0] for c in layout.coords], [c[1] for c in layout.coords]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    weight = {n: 0 for n in chosen}
    for s, d, a in edges:
        w = int(a.get("weight", 1))
        weight[s] += w
        weight[d] += w
    heaviest = max(weight.values()) or 1
    nodes = []
    for i, n in enumerate(chosen):
        a = g.nodes.get(n, {})
        node = {"id": n, "label": a.get("label", n), "x": round((xs[i] - min(xs)) / span_x, 4),
                "y": round((ys[i] - min(ys)) / span_y, 4), "size": round(weight[n] / heaviest, 4)}
        node["status" if g.kind == "refs" else "type"] = a.get("status" if g.kind == "refs" else "type")
        nodes.append(node)
    return {"kind": g.kind, "nodes": nodes,
            "edges": [{"source": s, "target": d, "weight": int(a.get("weight", 1))} for s, d, a in edges]}


