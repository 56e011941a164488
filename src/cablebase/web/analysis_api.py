"""The analysis views as JSON (issue 21): a cable's thread, a query's gaps and network, and its graphs as
files for Gephi, igraph or a spreadsheet. The pages in ``analysis_pages`` show the same data."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from cablebase.analysis import formats
from cablebase.web import schemas
from cablebase.web.api import ERRORS, JSON, NOT_FOUND, CableId, archive
from cablebase.web.params import AnalysisQuery, Depth, GraphKind

router = APIRouter(prefix="/api", tags=["analysis"])
GraphFormat = Annotated[Literal[formats.FORMATS], Query(  # type: ignore[valid-type]
    alias="format", description="graphml, gexf (Gephi), csv (a zip of nodes.csv and edges.csv) or json")]


@router.get("/cable/{ident}/thread", response_class=JSON,
            responses={200: {"model": schemas.ThreadResponse}, **ERRORS, **NOT_FOUND},
            summary="What a cable cites and what cites it, recursively, each side in time order (absent cables "
                    "with estimated dates)")
def api_thread(request: Request, ident: CableId, depth: Depth = 4) -> JSON:
    return JSON(archive(request).analysis.thread(ident, depth))


@router.get("/gaps", response_class=JSON, responses={200: {"model": schemas.GapsResponse}, **ERRORS},
            summary="Estimated traffic of each post-year (from serial numbers) and the cited cables the archive "
                    "lacks, for the cables a query selects")
def api_gaps(request: Request, q: AnalysisQuery = "",
             limit: Annotated[int, Query(ge=1, le=100_000, description="absent cables listed at most")] = 100) -> JSON:
    return JSON(archive(request).analysis.gaps(q, limit))


@router.get("/network", response_class=JSON, responses={200: {"model": schemas.NetworkResponse}, **ERRORS},
            summary="The most-cited cables, strongest post-to-post flows and commonest TAGS pairs of a query's "
                    "cables, and a drawing of the top of one graph")
def api_network(request: Request, q: AnalysisQuery = "", kind: GraphKind = "refs",
                top: Annotated[int, Query(ge=1, le=100, description="entries of each list")] = 20) -> JSON:
    return JSON(archive(request).analysis.network(q, kind, top))


@router.get("/graph", responses={200: {"content": {t: {} for t in formats.MEDIA_TYPES.values()},
                                       "description": "the whole graph, streamed"}, **ERRORS},
            summary="A graph of the cables a query selects as GraphML, GEXF, CSV (zip) or JSON (no cap)")
def api_graph(request: Request, q: AnalysisQuery = "", kind: GraphKind = "refs", fmt: GraphFormat = "json",
              metrics: Annotated[bool, Query(description="add PageRank, in-degree, components and the other "
                                                         "measures to the nodes")] = False) -> StreamingResponse:
    g, _ = archive(request).analysis.graph(q, kind, metrics)  # built now: a bad query is a 400, not a cut stream
    filename = f"cablebase-{kind}{formats.SUFFIXES[fmt]}"
    return StreamingResponse(formats.stream(g, fmt), media_type=formats.MEDIA_TYPES[fmt],
                             headers={"Content-Disposition": f'attachment; filename="{filename}"'})
