"""The JSON API: everything the pages show, as data. Documented at /openapi.json and /docs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from cablebase.archive import Archive, SearchResult
from cablebase.archive.export import csv_chunks, json_records, jsonl_chunks, parquet_chunks
from cablebase.query.fields import BROWSE
from cablebase.web import schemas
from cablebase.web.params import run_search, search_state
from cablebase.web.present import explained, facet_meaning
from cablebase.web.state import SearchState

router = APIRouter(prefix="/api", tags=["api"])
ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": schemas.Error, "description": "a mistake in the request"}}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": schemas.Error, "description": "no such cable"}}
CableId = Annotated[str, Path(description="any id form: 07MEXICO1102, 2007MEXICO01102, 07MEXICO1102_a",
                              max_length=100)]
BROWSE_FIELDS = {name: f.name for name, f in BROWSE.items()}  # list name -> field, in /browse's order


class JSON(JSONResponse):
    """JSON encoded by orjson (fast, and exact for the floats and dates the records hold)."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def archive(request: Request) -> Archive:
    a: Archive = request.app.state.archive
    return a


@router.get("/search", response_class=JSON, responses={200: {"model": schemas.SearchResponse}, **ERRORS},
            summary="Search (same shape as `cablebase search --json`)")
async def api_search(request: Request, st: Annotated[SearchState, Depends(search_state)],
               cursor: Annotated[str | None, Query(description="next_cursor of the previous page",
                                                  max_length=200)] = None,
               facets: Annotated[bool, Query(description="include facet counts and the histogram")] = True) -> JSON:
    # on the event loop, one search at a time per worker, in arrival order (see search_state and the search
    # page): as a plain function, searches shared the CPU on a thread pool and the slowest waited longest
    return JSON(run_search(archive(request), st, cursor=cursor, facets=facets).to_dict())


@router.get("/facets", response_class=JSON, responses={200: {"model": schemas.FacetsResponse}, **ERRORS},
            summary="Facet counts and the monthly histogram of a search")
async def api_facets(request: Request, st: Annotated[SearchState, Depends(search_state)]) -> JSON:
    r = _counts(request, st)
    return JSON({"query": st.q, "total": r.total, "facets": r.facets, "histogram": r.histogram})


@router.get("/histogram", response_class=JSON, responses={200: {"model": schemas.HistogramResponse}, **ERRORS},
            summary="Cables per month (YYYY-MM) matching a search")
async def api_histogram(request: Request, st: Annotated[SearchState, Depends(search_state)]) -> JSON:
    r = _counts(request, st)
    return JSON({"query": st.q, "total": r.total, "histogram": r.histogram})


def _counts(request: Request, st: SearchState) -> SearchResult:
    """Total, facets and histogram of a search, without hits (the page and sort do not matter)."""
    return archive(request).search(st.q, filters=st.filters, date_from=st.date_from, date_to=st.date_to,
                                   limit=0, snippets=False)


Chunks = Callable[[Iterable[bytes]], Iterator[str] | Iterator[bytes]]
EXPORTS: dict[str, tuple[str, Chunks]] = {  # format: (media type, the file's chunks from the records' JSON forms)
    "csv": ("text/csv; charset=utf-8", lambda docs: csv_chunks(json_records(docs))),
    "jsonl": ("application/x-ndjson", jsonl_chunks),
    "parquet": ("application/vnd.apache.parquet", lambda docs: parquet_chunks(json_records(docs))),
}


@router.get("/export.{fmt}", responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {},
                                                          "application/vnd.apache.parquet": {}},
                                              "description": "every match, streamed"}, **ERRORS},
            summary="Every cable matching a search, streamed as CSV, JSONL or Parquet (no cap)")
def api_export(request: Request,
               fmt: Annotated[Literal["csv", "jsonl", "parquet"], Path(description="csv, jsonl or parquet")],
               st: Annotated[SearchState, Depends(search_state)]) -> StreamingResponse:
    sort = "date" if st.sort == "date" else "date-asc"
    # the records' JSON form, as stored: no typed record is built (as `cablebase export`, see archive/export.py)
    docs = archive(request).iter_json(st.q, sort=sort, filters=st.filters, date_from=st.date_from,
                                      date_to=st.date_to)
    first = next(docs, None)  # run the query now, so a bad one is a 400 and not a broken stream

    def all_docs() -> Iterator[bytes]:
        if first is not None:
            yield first
            yield from docs

    media_type, chunks = EXPORTS[fmt]
    return StreamingResponse(chunks(all_docs()), media_type=media_type,
                             headers={"Content-Disposition": f'attachment; filename="cablebase-export.{fmt}"'})


@router.get("/cable/{ident}", response_class=JSON, responses={200: {"model": schemas.Cable}, **NOT_FOUND},
            summary="The full decoded record of a cable")
def api_cable(request: Request, ident: CableId) -> JSON:
    return JSON(archive(request).get(ident).to_dict())


@router.get("/cable/{ident}/refs", response_class=JSON, responses={200: {"model": schemas.RefsResponse}, **NOT_FOUND},
            summary="REF items of a cable (each marked present, known-absent or unknown) and the cables citing it")
def api_refs(request: Request, ident: CableId) -> JSON:
    return JSON(archive(request).refs(ident))


@router.get("/cable/{ident}/explained", response_class=JSON,
            responses={200: {"model": schemas.Explained}, **NOT_FOUND},
            summary="What the cable page glosses: header tokens, addressees, TAGS and caveats with their meanings, "
                    "and citations")
def api_explained(request: Request, ident: CableId) -> JSON:
    return JSON(explained(archive(request).get(ident).cable))


@router.get("/cable/{ident}/versions", response_class=JSON,
            responses={200: {"model": schemas.VersionsResponse}, **NOT_FOUND},
            summary="Every published version of a cable, with a diff of the last two")
def api_versions(request: Request, ident: CableId) -> JSON:
    a = archive(request)
    versions = [v.to_dict() for v in a.versions(ident)]
    for v in versions:
        del v["raw"]
    return JSON({"id": a.get(ident).id, "versions": versions, "diff": a.diff(ident)})


@router.get("/browse/{kind}", response_class=JSON, responses={200: {"model": schemas.BrowseResponse}, **ERRORS},
            summary="Every post, tag, signer, country, year, classification or caveat with its count")
def api_browse(request: Request, kind: Annotated[Literal[tuple(BROWSE_FIELDS)], Path()]) -> JSON:  # type: ignore[valid-type]
    return JSON({"kind": kind, "entries": browse_entries(archive(request), kind)})


def browse_entries(a: Archive, kind: str) -> list[dict[str, Any]]:
    field = BROWSE_FIELDS[kind]
    counts = a.facet_counts(field)
    return [{"value": v, "count": n, "meaning": facet_meaning(field, v)}
            for v, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
