"""Measures of a graph's nodes, computed with igraph (its C core: PageRank and components over the whole
250,000-cable benchmark archive's REF graph take a fraction of a second; see
``docs/decisions/graph-library.md``).

- ``cited_by`` (in-degree): how many cables of the graph cite it; a post's or TAG's weighted degree.
- ``pagerank``: the chance a reader following REF lines at random is at this cable: high for the cables
  that the much-cited cables themselves cite.
- ``authority`` (HITS, directed graphs only): high for cables cited by cables that cite many important cables: the sources an
  argument rests on.
- ``component`` and ``component_size``: which connected group (REF lines read either way) it belongs to; 0
  is the largest (the giant component).
- ``betweenness``: how many shortest chains between other cables pass through it: the bridges between
  discussions. It grows with the cube of the graph, so it is computed only for graphs up to
  :data:`BETWEENNESS_LIMIT` nodes (the graph's ``notes`` say when it was left out).
"""

from __future__ import annotations

import warnings
from typing import Any

import igraph

from cablebase.analysis.graph import Graph

# igraph warns that most hub and authority scores are zero, as most are in a REF graph (filtered once here:
# catch_warnings is not safe on a server's threads)
warnings.filterwarnings("ignore", message="More than 30% of hub or authority scores are zeros", category=RuntimeWarning)

BETWEENNESS_LIMIT = 20_000
ARPACK_ITERATIONS = 300


def _igraph(g: Graph) -> tuple[igraph.Graph, list[str]]:
    names = list(g.nodes)
    pos = {n: i for i, n in enumerate(names)}
    ig = igraph.Graph(n=len(names), edges=[(pos[s], pos[d]) for s, d, _ in g.edges], directed=g.directed)
    return ig, names


def _authority(ig: igraph.Graph, weights: list[float] | None, notes: list[str]) -> list[float] | None:
    """HITS authority scores, by ARPACK with its iterations capped: a REF graph of thousands of components
    has many equal leading eigenvalues, on which ARPACK's default runs for minutes (12 minutes on the
    250,000-cable benchmark archive; capped, 0.4 s, and the scores are then those of the iteration's end,
    ordered as the converged ones would be within the main component)."""
    options = igraph.ARPACKOptions()
    options.maxiter, options.tol = ARPACK_ITERATIONS, 1e-6
    try:
        scores: list[float] = ig.authority_score(weights=weights, arpack_options=options)
    except igraph.InternalError as exc:
        notes.append(f"authority left out: the computation did not settle ({exc})")
        return None
    return scores


def add_metrics(g: Graph) -> dict[str, Any]:
    """Add each measure to every node's attributes; returns a summary (nodes, edges, the components and the
    giant component's size)."""
    ig, names = _igraph(g)
    weights = [a.get("weight", 1) for _, _, a in g.edges] if g.kind in ("posts", "tag-pairs") else None
    mode = "in" if g.directed else "all"
    degree = ig.strength(mode=mode, weights=weights, loops=True)
    pagerank = ig.pagerank(directed=g.directed, weights=weights)
    authority = None
    if g.directed:
        authority = _authority(ig, weights, g.notes)
    components = ig.connected_components(mode="weak")
    sizes = components.sizes()  # (not len(components[c]): each of those scans every node)
    order = sorted(range(len(sizes)), key=lambda c: -sizes[c])
    rank = {c: r for r, c in enumerate(order)}
    membership = components.membership
    between = None
    if len(names) <= BETWEENNESS_LIMIT:
        between = ig.betweenness(directed=g.directed)
    else:
        g.notes.append(f"betweenness left out: {len(names):,} nodes (it is computed up to {BETWEENNESS_LIMIT:,}; "
                       "narrow the query)")
    key = "cited_by" if g.kind == "refs" else "degree"
    columns: dict[str, list[Any]] = {
        key: [int(round(x)) for x in degree],
        "pagerank": [round(x, 8) for x in pagerank],
        "component": [rank[c] for c in membership],
        "component_size": [sizes[c] for c in membership],
    }
    if authority is not None:
        columns["authority"] = [round(x, 8) for x in authority]
    if between is not None:
        columns["betweenness"] = [round(x, 4) for x in between]
    nodes = g.nodes
    for name, values in columns.items():  # (a column at a time: a third of the time of a node at a time)
        for n, v in zip(names, values, strict=True):
            nodes[n][name] = v
    giant = max(sizes) if sizes else 0
    return {"nodes": len(names), "edges": len(g.edges), "components": len(sizes), "giant_component": giant}
