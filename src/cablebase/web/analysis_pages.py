"""The analysis pages (issue 21): a cable's whole thread, what a query's cables lack (gaps), and how they
connect (network). Rendered on the server like the others; ``analysis_api`` has each as JSON.

A query the language cannot read is shown on the page it was typed into, with the form to mend it.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cablebase.analysis import threads
from cablebase.analysis.graph import KINDS
from cablebase.errors import QueryError
from cablebase.web import drawing
from cablebase.web.api import archive
from cablebase.web.pages import CableId
from cablebase.web.params import AnalysisQuery, Depth, GraphKind
from cablebase.web.render import render
from cablebase.web.state import query_url

router = APIRouter(include_in_schema=False)
DEPTHS = range(1, 9)
KIND_NAMES = {"refs": "cables citing cables", "posts": "posts writing to posts", "tags": "cables and their TAGS",
              "tag-pairs": "TAGS carried together"}


@router.get("/cable/{ident}/thread", response_class=HTMLResponse)
def thread_page(request: Request, ident: CableId, depth: Depth = 4) -> Response:
    a = archive(request)
    th = a.analysis.thread(ident, depth)
    if th["id"] != ident:  # one address per thread, whatever id form was typed
        return RedirectResponse(f"/cable/{th['id']}/thread" + (f"?depth={depth}" if depth != 4 else ""),
                                status_code=301)
    status = a.status(th["id"])  # (a thread may be of a cable the archive lacks, cited by those it holds)
    return render(request, "thread.html", th=th, status=status, depths=DEPTHS, limit=threads.LIMIT,
                  json_url=f"/api/cable/{th['id']}/thread?depth={depth}")


def _query_error(request: Request, template: str, q: str, exc: QueryError, **context: Any) -> Response:
    return render(request, template, status_code=400, q=q, error=str(exc), position=exc.position + 1, **context)


@router.get("/gaps", response_class=HTMLResponse)
def gaps_page(request: Request, q: AnalysisQuery = "") -> Response:
    links = {"network": query_url("/network", q), "search": query_url("/search", q),
             "json": query_url("/api/gaps", q)}
    try:
        gaps = archive(request).analysis.gaps(q)
    except QueryError as exc:
        return _query_error(request, "gaps.html", q, exc, gaps=None, links=links)
    return render(request, "gaps.html", q=q, gaps=gaps, links=links)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, q: AnalysisQuery = "", kind: GraphKind = "refs") -> Response:
    links = {"gaps": query_url("/gaps", q), "search": query_url("/search", q),
             "json": query_url("/api/network", q, kind=kind),
             "downloads": [(fmt, query_url("/api/graph", q, kind=kind, format=fmt, metrics="true"))
                           for fmt in ("graphml", "gexf", "csv", "json")]}
    context = {"kind": kind, "kinds": KINDS, "kind_names": KIND_NAMES, "links": links}
    try:
        net = archive(request).analysis.network(q, kind)
    except QueryError as exc:
        return _query_error(request, "network.html", q, exc, net=None, **context)
    return render(request, "network.html", q=q, net=net, svg=drawing.svg(net["drawing"], kind, q), **context)
