"""The network page's drawing as inline SVG, made on the server: it needs no script, no library from another
site, and prints; the positions come from the analysis layer (``drawing`` of
:meth:`cablebase.analysis.Analysis.network`, in the unit square).

Every label, id and status passes through ``_e`` before it is put in the markup (the node ids are cable ids,
post names and TAGS from the records).
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from cablebase.web.present import escaped

WIDTH, HEIGHT, PAD = 960, 560, 48
LABELLED = 14  # the largest nodes carry their label; every node has it as its tooltip
WHAT = {  # kind: (what a node is, what a line is)
    "refs": ("cables, filled when the archive holds them, hollow when it does not, sized by how often the "
             "drawn cables cite them", "a REF line, the arrow pointing at the cable cited"),
    "posts": ("posts and collective addresses, sized by the cables between them", "cables sent, thicker for more"),
    "tags": ("cables and the TAGS they carry, sized by their links", "a cable carrying a TAG"),
    "tag-pairs": ("TAGS, sized by how often they come with the others drawn",
                  "TAGS carried together, thicker for more cables"),
}


def _e(value: Any) -> str:
    return "" if value is None else escaped(str(value))


def node_class(node: dict[str, Any]) -> str:
    """The node's look: its status in a refs drawing (present, known-absent, unknown), else its type."""
    return str(node.get("status") or node.get("type") or "other")


def node_link(node: dict[str, Any]) -> str | None:
    """Where a node leads: a cable to its page (an absent one to its thread, which lists the cables citing
    it), a TAG to its list. Posts lead nowhere: an addressee may have sent no cable of the archive."""
    ident, look = str(node["id"]), node_class(node)
    if look in ("present", "cable"):
        return f"/cable/{quote(ident, safe='')}"
    if look in ("known-absent", "unknown"):
        return f"/cable/{quote(ident, safe='')}/thread"
    if look == "tag":
        return f"/browse/tags/{quote(ident, safe='')}"
    return None


def _xy(node: dict[str, Any]) -> tuple[float, float]:
    return PAD + float(node["x"]) * (WIDTH - 2 * PAD), PAD + float(node["y"]) * (HEIGHT - 2 * PAD)


def _radius(node: dict[str, Any]) -> float:
    return 4 + 14 * math.sqrt(max(0.0, float(node.get("size") or 0)))


def svg(drawing: dict[str, Any], kind: str, query: str) -> Markup:
    """The drawing as an ``<svg>`` element with a title and a description (what the circles and lines
    are), edges under nodes, and labels on the largest nodes."""
    nodes = drawing.get("nodes") or []
    edges = drawing.get("edges") or []
    what_nodes, what_lines = WHAT.get(kind, ("nodes", "links"))
    of = f'the cables of "{query}"' if query.strip() else "the whole archive"
    out = [f'<svg class="net" viewBox="0 0 {WIDTH} {HEIGHT}" role="group" aria-labelledby="net-title net-desc" '
           f'xmlns="http://www.w3.org/2000/svg">\n<title id="net-title">The top of the {_e(kind)} network of '
           f'{_e(of)}</title>\n<desc id="net-desc">{len(nodes)} {_e(what_nodes)}; each line is {_e(what_lines)}. '
           "The tables below list the same in full.</desc>\n"]
    if kind == "refs":
        out.append('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" '
                   'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>\n')
    at = {str(n["id"]): n for n in nodes}
    heaviest = max((int(e.get("weight") or 1) for e in edges), default=1)
    out.append('<g class="edges">\n')
    for e in edges:
        a, b = at.get(str(e["source"])), at.get(str(e["target"]))
        if a is None or b is None:
            continue
        (x1, y1), (x2, y2) = _xy(a), _xy(b)
        if kind == "refs":  # end the line at the cited cable's rim, where the arrow shows
            dist = math.hypot(x2 - x1, y2 - y1) or 1.0
            cut = (_radius(b) + 1) / dist
            x2, y2 = x2 - (x2 - x1) * cut, y2 - (y2 - y1) * cut
        width = 1 + 3 * (int(e.get("weight") or 1) / heaviest)
        arrow = ' marker-end="url(#arrow)"' if kind == "refs" else ""
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke-width="{width:.1f}"'
                   f"{arrow}/>\n")
    out.append("</g>\n<g class=\"nodes\">\n")
    largest = {str(n["id"]) for n in sorted(nodes, key=lambda n: -float(n.get("size") or 0))[:LABELLED]}
    for n in nodes:
        x, y = _xy(n)
        r = _radius(n)
        ident, look = str(n["id"]), node_class(n)
        name = f"{n.get('label') or ident} ({look})"
        shape = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'
                 f"<title>{_e(name)}</title>")
        if ident in largest:  # centred under the circle (over it at the foot): neighbours in a row keep apart
            ty = y - r - 5 if y > HEIGHT - PAD else y + r + 13
            shape += f'<text x="{x:.1f}" y="{ty:.1f}" text-anchor="middle">{_e(n.get("label") or ident)}</text>'
        href = node_link(n)
        if href:
            out.append(f'<a class="node n-{_e(look)}" href="{_e(href)}" aria-label="{_e(name)}">{shape}</a>\n')
        else:
            out.append(f'<g class="node n-{_e(look)}">{shape}</g>\n')
    out.append("</g>\n</svg>\n")
    return Markup("".join(out))
