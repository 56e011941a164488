"""The reading room's pages: search, cable, browse, syntax help and API docs. Rendered on the server."""

from __future__ import annotations

import functools
from importlib import resources
from typing import TYPE_CHECKING, Annotated, Any

import anyio
from anyio.lowlevel import RunVar
from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from cablebase.archive.export import csv_line
from cablebase.model import Cable, StoredCable
from cablebase.query.fields import BY_NAME
from cablebase.web import cable_sections, cite, fragments, present, topics
from cablebase.web.api import JSON, archive
from cablebase.web.params import run_search, search_state
from cablebase.web.render import render
from cablebase.web.state import FACET_FIELDS, SearchState, query_url
from cablebase.web.timeline import timeline

if TYPE_CHECKING:
    from cablebase.archive import Archive

router = APIRouter(include_in_schema=False)
FACET_SHOWN = 30  # values listed per facet (ten at first, the rest behind "more"); /api/facets has them all
State = Annotated[SearchState, Depends(search_state)]
READERS = 8  # cable pages reading their records at once, per process


def search_context(request: Request, st: SearchState) -> dict[str, Any]:
    """What the search template needs: the results, each facet's values with the link that toggles them,
    the zero-filled timeline with a link per month, and the page numbers."""
    result = run_search(archive(request), st)
    toggle, period_url = st.link_maker()
    meaning = topics.facet_meaning(archive(request))  # (a topic number is glossed with its label)
    facets = []
    for field in FACET_FIELDS:
        values = result.facets.get(field, {})
        if not values and not any(f == field for f, _ in st.filters):
            continue
        ranked = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = ranked[:FACET_SHOWN] + [(v, values.get(v, 0)) for f, v in st.filters  # active ones stay visible
                                        if f == field and v not in dict(ranked[:FACET_SHOWN])]
        entries = [{"value": v, "count": n, "meaning": meaning(field, v),
                    "active": st.has(field, v), "url": toggle(field, v)} for v, n in shown]
        facets.append({"field": field, "title": BY_NAME[field].label, "entries": entries,
                       "first": fragments.facet_values(entries[:10]), "rest": fragments.facet_values(entries[10:]),
                       "hidden": max(0, len(ranked) - FACET_SHOWN)})
    last_page = max(1, -(-result.total // st.per_page))
    # the active filters, a topic's number with its label ("topic: 7" alone says nothing)
    chips = [{"field": field, "value": value, "label": meaning(field, value) if field == "topic" else None,
              "url": st.remove(field, value).url()} for field, value in st.filters]
    return {"st": st, "result": result, "facets": facets, "timeline": timeline(result.histogram, period_url),
            "chips": chips,
            "last_page": last_page,
            "analysis": {"network": query_url("/network", st.q), "gaps": query_url("/gaps", st.q),
                         "trends": query_url("/trends", st.q)},
            "pages": _page_numbers(st.page, last_page)}


def _page_numbers(page: int, last: int) -> list[int | None]:
    """1 … p-2 p-1 p p+1 p+2 … last (None marks a gap)."""
    wanted = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    out: list[int | None] = []
    for n in wanted:
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out


@router.get("/", response_class=HTMLResponse)
@router.get("/search", response_class=HTMLResponse)
async def search_page(request: Request, st: State) -> Response:
    return render(request, "search.html", **search_context(request, st))


@router.get("/search.json")
async def search_json(request: Request, st: State) -> Response:
    return JSON(run_search(archive(request), st).to_dict())


SEARCH_CSV_COLUMNS = ("id", "date", "origin", "classification", "subject", "score")


@router.get("/search.csv")
async def search_csv(request: Request, st: State) -> Response:
    result = run_search(archive(request), st, facets=False)
    lines = [csv_line(SEARCH_CSV_COLUMNS)]  # (the exports' CSV writer: one way of quoting in the app)
    lines += [csv_line([h.id, h.date, h.origin, h.classification, h.subject, h.score]) for h in result.hits]
    return Response("".join(lines), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="cablebase-search.csv"'})


CableId = Annotated[str, Path(max_length=100)]


@router.get("/cable/{ident}.json")
def cable_json(request: Request, ident: CableId) -> Response:
    rec = archive(request).get(ident)
    return JSON(rec.to_dict(), headers={"Content-Disposition": f'attachment; filename="{rec.id}.json"'})


@router.get("/cable/{ident}.txt")
def cable_text(request: Request, ident: CableId) -> Response:
    rec = archive(request).get(ident)
    return PlainTextResponse(rec.cable.raw or rec.cable.body,
                             headers={"Content-Disposition": f'attachment; filename="{rec.id}.txt"'})


@router.get("/cable/{ident}.ris")
def cable_ris(request: Request, ident: CableId) -> Response:
    rec = archive(request).get(ident).cable
    return Response(cite.ris(rec, _page_url(request, rec)), media_type="application/x-research-info-systems",
                    headers={"Content-Disposition": f'attachment; filename="{rec.id}.ris"'})


@router.get("/cable/{ident}.bib")
def cable_bib(request: Request, ident: CableId) -> Response:
    rec = archive(request).get(ident).cable
    return Response(present.citation(rec)["bibtex"] + "\n", media_type="application/x-bibtex; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{rec.id}.bib"'})


def _page_url(request: Request, c: Cable) -> str:
    """The cable page's own address on this server (what a reference manager records as the URL)."""
    return f"{str(request.base_url).rstrip('/')}/cable/{c.id}"


@router.get("/cable/{ident}", response_class=HTMLResponse)
async def cable_page(request: Request, ident: CableId) -> Response:
    # The records are read on threads of their own: a record not yet in the operating system's cache is a
    # disk read (up to 80 ms seen in the benchmark archive, when it stored its records uncompressed), which
    # on the event loop would hold up every request queued on this process, and on the two threads the
    # searches hand work to, every search.
    rec, more = await anyio.to_thread.run_sync(_cable_records, archive(request), ident, limiter=_readers())
    if more is None:  # one permanent address per cable, whatever id form was typed
        return RedirectResponse(f"/cable/{rec.id}", status_code=301)
    refs, versions, diff, thread = more
    c = rec.cable
    return render(request, "cable.html", cable=c, refs=refs, versions=versions, diff=diff, thread=thread,
                  header=present.header_rows(c), citation=present.citation(c),
                  citation_meta=cite.highwire(c, _page_url(request, c)))


_READERS: RunVar[anyio.CapacityLimiter] = RunVar("cablebase_record_readers")


def _readers() -> anyio.CapacityLimiter:
    """Threads for reading records, enough for several disk reads to overlap (one limiter per event loop,
    kept by anyio: test clients each run their own loop)."""
    limiter = _READERS.get(None)
    if limiter is None:
        limiter = anyio.CapacityLimiter(READERS)
        _READERS.set(limiter)
    return limiter


def _cable_records(a: Archive, ident: str) -> tuple[StoredCable, tuple[Any, ...] | None]:
    """A cable's record, and its references, versions, diff and the near part of its thread (None when
    ``ident`` is another form of its id: the page redirects to the record's own)."""
    rec = a.get(ident)
    if rec.id != ident:
        return rec, None
    versions = a.version_sources(ident, rec)
    thread = a.analysis.thread(ident, cable_sections.GLANCE_DEPTH, cable_sections.GLANCE_LIMIT)
    return rec, (a.refs(ident, rec, cable_sections.CITED_SHOWN), versions, a.diff(ident) if len(versions) > 1 else "", thread)


@router.get("/syntax", response_class=HTMLResponse)
def syntax(request: Request) -> Response:
    return render(request, "syntax.html", syntax_html=syntax_html())


@functools.cache
def syntax_html() -> str:
    """docs/query-language.md (shipped in the package), as HTML; raw HTML in the Markdown is not passed through."""
    from markdown_it import MarkdownIt

    text = resources.files("cablebase.query").joinpath("syntax.md").read_text(encoding="utf-8")
    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    return render(request, "docs.html", spec=request.app.openapi())

