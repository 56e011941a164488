"""The trends page (``/trends?q=...&q=...``), its CSV and JSON twins, and ``/api/trends``: each query's
cables per month or year, beside all cables of the period (see :mod:`cablebase.analysis.trends`).

The page shows shares by default (the archive's volume rises steeply over its years, so raw counts
mostly show how many cables there are), raw counts a click away; the API, like the command, gives counts
unless asked. Empty query boxes are left out (the form always offers one more). A mistake (a query that
cannot be read, too many queries, a split of several) is shown on the page with the form to mend it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from pydantic import StringConstraints

from cablebase.analysis import trends as trending
from cablebase.errors import CablebaseError, QueryError
from cablebase.web import chart, schemas
from cablebase.web.api import ERRORS, JSON, archive
from cablebase.web.params import MAX_QUERY
from cablebase.web.present import escaped
from cablebase.web.render import render
from cablebase.web.state import TIMELINE_MONTHS, query_url

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api", tags=["analysis"])
OneQuery = Annotated[str, StringConstraints(max_length=MAX_QUERY)]
Queries = Annotated[list[OneQuery] | None, Query(
    description=f"a query in the cablebase query language, one series each (up to {trending.MAX_QUERIES}; "
                "repeat the parameter: q=iran&q=iraq)")]
CappedQueries = Annotated[list[OneQuery] | None, Query(max_length=trending.MAX_QUERIES, description=(
    f"a query in the cablebase query language, one series each (up to {trending.MAX_QUERIES}; repeat the "
    "parameter: q=iran&q=iraq)"))]
By = Annotated[Literal[trending.BYS], Query(description="the period: month or year")]  # type: ignore[valid-type]
PageBy = Annotated[Literal[trending.BYS] | None, Query()]  # type: ignore[valid-type]
Split = Annotated[Literal[trending.SPLITS] | None, Query(  # type: ignore[valid-type]
    description="one series per value of this facet, for the top values of one query")]
SplitOrNone = Annotated[str, Query(max_length=40, description="a facet, or empty for none")]  # the page's form
Top = Annotated[int, Query(ge=1, le=trending.MAX_TOP, description="with split: the values with the most cables")]
Share = Annotated[bool, Query(description="add each period's share of all cables (counts / totals)")]


def _queries(q: list[str] | None) -> list[str]:
    return [x for x in q or [] if x.strip()]


def trends_url(path: str, queries: list[str], by: str = "month", share: bool | None = None, split: str | None = None,
               top: int = trending.TOP, page: bool = False) -> str:
    """``path`` with the page's state; defaults left out (``share`` None: left out too), but the period of a
    ``page`` always said (without it, the page chooses)."""
    params: list[tuple[str, Any]] = [("q", q) for q in queries]
    if by != "month" or page:
        params.append(("by", by))
    if share is not None:
        params.append(("share", "true" if share else "false"))
    if split:
        params.append(("split", split))
        if top != trending.TOP:
            params.append(("top", top))
    return f"{path}?{urlencode(params)}" if params else path


def _csv(r: dict[str, Any]) -> Response:
    return Response("".join(trending.csv_lines(r)), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="cablebase-trends.csv"'})


@api_router.get("/trends", response_class=JSON, responses={200: {"model": schemas.TrendsResponse}, **ERRORS},
                summary="Each query's cables per month or year beside all cables of the period (share: counts / "
                        "totals); split: one series per value of a facet for one query")
def api_trends(request: Request, q: CappedQueries = None, by: By = "month", share: Share = False,
               split: Split = None, top: Top = trending.TOP) -> JSON:
    return JSON(archive(request).trends(_queries(q), by, share, split, top))


@router.get("/trends.json")
def trends_json(request: Request, q: Queries = None, by: By = "month", share: Share = False, split: SplitOrNone = "",
                top: Top = trending.TOP) -> Response:
    return JSON(archive(request).trends(_queries(q), by, share, split or None, top))


@router.get("/trends.csv")
def trends_csv(request: Request, q: Queries = None, by: By = "month", share: Share = False, split: SplitOrNone = "",
               top: Top = trending.TOP) -> Response:
    return _csv(archive(request).trends(_queries(q), by, share, split or None, top))


@router.get("/trends", response_class=HTMLResponse)
def trends_page(request: Request, q: Queries = None, by: PageBy = None, share: Share = True, split: SplitOrNone = "",
                top: Top = trending.TOP) -> Response:
    queries, facet = _queries(q), split or None
    state: dict[str, Any] = {"queries": queries, "by": by or "month", "share": share, "split": facet, "top": top}
    context: dict[str, Any] = {"state": state, "splits": trending.SPLITS, "bys": trending.BYS,
                               "max_top": trending.MAX_TOP, "r": None, "links": _links(state)}
    if not queries:
        return render(request, "trends.html", **context)
    try:
        r = archive(request).trends(queries, by or "month", share, facet, top)
        if by is None and len(_span(r)) > TIMELINE_MONTHS:  # as the search timeline: a year at a time then
            state["by"] = "year"
            r = archive(request).trends(queries, "year", share, facet, top)
    except QueryError as exc:
        return render(request, "trends.html", status_code=400, error=str(exc), bad=exc.query,
                      position=exc.position + 1, **context)
    except CablebaseError as exc:
        return render(request, "trends.html", status_code=400, error=str(exc), **context)
    context.update(r=r, title=_title(r), links=_links(state), periods=_span(r))
    if context["periods"]:
        context["svg"] = chart.svg(r, context["periods"], context["title"])
        context["rows"] = table_rows(r, [p for p in context["periods"] if p in r["series"][0]["totals"]])
    context["keys"] = [(trending.label(s), chart.style(i)) for i, s in enumerate(r["series"])]
    return render(request, "trends.html", **context)


def _span(r: dict[str, Any]) -> list[str]:
    """Every period of the chart: the calendar from the first to the last counted cable."""
    counted = trending.span(r)
    return chart.calendar(counted[0], counted[-1], r["by"]) if counted else []


def _links(state: dict[str, Any]) -> dict[str, Any]:
    qs, by, share, split, top = state["queries"], state["by"], state["share"], state["split"], state["top"]
    return {"search": [(q, query_url("/search", q)) for q in qs],
            "shares": trends_url("/trends", qs, by, None, split, top, page=True),
            "counts": trends_url("/trends", qs, by, False, split, top, page=True),
            "by": {b: trends_url("/trends", qs, b, None if share else False, split, top, page=True)
                   for b in trending.BYS},
            "csv": trends_url("/trends.csv", qs, by, share, split, top),
            "json": trends_url("/trends.json", qs, by, share, split, top),
            "api": trends_url("/api/trends", qs, by, share, split, top)}


def _title(r: dict[str, Any]) -> str:
    what = "share of all cables" if r["share"] else "cables"
    if r["split_by"]:
        q = r["series"][0]["query"] if r["series"] else ""
        return f"{what.capitalize()} matching {q} per {r['by']}, by {r['split_by']}"  # (escaped where shown)
    return f"{what.capitalize()} per {r['by']} matching " + ", ".join(trending.label(s) for s in r["series"])


def table_rows(r: dict[str, Any], periods: list[str]) -> Markup:
    """The values beneath the chart, a row per period of the archive: all cables, and each series' share
    (with its count) or count, the count linked to the search for its cables of the period. Built here with
    the escaping of the other repeated parts: a row per month of twenty years is hundreds of rows."""
    series, share, facet = r["series"], r["share"], r["split_by"]
    totals = series[0]["totals"]
    out = []
    for p in periods:
        cells = [f'<th scope="row">{escaped(p)}</th><td class="n">{totals[p]:,}</td>']
        for s in series:
            n = s["counts"][p]
            count = f"{n:,}"
            if n:
                params = [("q", s["query"])] if s["query"] else []
                params += [(facet, s["split"])] if facet else []
                count = f'<a href="/search?{escaped(urlencode([*params, ("from", p), ("to", p)]))}">{count}</a>'
            text = f'{chart.percent(s["shares"][p])} <span class="m">{count}</span>' if share else count
            cells.append(f'<td class="n">{text}</td>')
        out.append(f"<tr>{''.join(cells)}</tr>")
    return Markup("\n".join(out))
