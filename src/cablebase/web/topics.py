"""The topics pages (``/topics``, ``/topics/{n}``) and their JSON twins (``/api/topics``, ``/api/topics/{n}``):
the archive's topic model as a reader meets it (see :mod:`cablebase.analysis.topics`).

Every figure is the archive's own count of the search ``topic:N`` (a topic's size is its facet count, its
trend the trend of that search), so a page, the facet and the search it links to agree. The listing draws a
small trend per topic, one cached search each; the search page's ``topic`` facet shows each number with its
label (:func:`facet_meaning`), kept per model and names, so a search asks the archive two small questions
(which model, which names) and no more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from cablebase.analysis.topics import views
from cablebase.web import chart, present, schemas
from cablebase.web.api import ERRORS, JSON, archive
from cablebase.web.render import render
from cablebase.web.state import SearchState, query_url
from cablebase.web.trends import table_rows, trends_url

if TYPE_CHECKING:
    from cablebase.archive import Archive

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api", tags=["analysis"])
MAX_NUMBER = 10_000  # no model has more topics; a larger number is a mistake (a 400), not a search
Number = Annotated[int, Path(ge=1, le=MAX_NUMBER, description="the topic's number (from 1; see /api/topics)")]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": schemas.Error, "description": "no such topic, or no topic model in the archive"}}
WORDS_SHOWN = 8  # top words in a row of the listing
SPARK_W, SPARK_H, SPARK_PAD = 150, 30, 3
SPARK_COLOUR = chart.COLOURS[0]


@api_router.get("/topics", response_class=JSON, responses={200: {"model": list[schemas.Topic]}, **ERRORS},
                summary="Every topic of the archive's topic model: number, label, cables, top words (an empty list "
                        "without a model)")
def api_topics(request: Request) -> JSON:
    return JSON(archive(request).topics())


@api_router.get("/topics/{n}", response_class=JSON,
                responses={200: {"model": schemas.TopicResponse}, **ERRORS, **NOT_FOUND},
                summary="One topic: its words, representative cables, top posts and TAGS, and its share of each "
                        "year's cables")
def api_topic(request: Request, n: Number) -> JSON:
    return JSON(archive(request).topic(n))


@router.get("/topics", response_class=HTMLResponse)
def topics_page(request: Request) -> Response:
    a = archive(request)
    topics = a.topics()
    rows = []
    for t in topics:
        q = f"topic:{t['id']}"
        trend = a.trends(q, by="year", share=True)["series"][0]  # (one search a topic, kept with the others)
        rows.append({**t, "search": query_url("/search", q), "spark": sparkline(trend, t["label"]),
                     "words": [w for w, _ in t["words"][:WORDS_SHOWN]]})
    return render(request, "topics.html", topics=rows, named=sum(1 for t in topics if t["named"]))


@router.get("/topics/{n}", response_class=HTMLResponse)
def topic_page(request: Request, n: Number) -> Response:
    t = archive(request).topic(n)  # (no such topic, or no model: a 404 page)
    q = f"topic:{n}"
    base = SearchState(q=q)
    r = {"by": "year", "share": True, "split_by": None, "series": [t["trend"]], "notes": []}
    counted = [p for p in t["trend"]["totals"] if t["trend"]["counts"][p]]
    periods = chart.calendar(counted[0], counted[-1], "year") if counted else []
    top = max((w for _, w in t["words"]), default=0) or 1
    context: dict[str, Any] = {
        "t": t, "q": q, "periods": periods,
        "words": [(w, weight, bar(weight / top)) for w, weight in t["words"]],
        "posts": [(v, c, base.add("origin", v).url()) for v, c in t["posts"]],
        "tags": [(v, c, present.facet_meaning("tag", v), base.add("tag", v).url()) for v, c in t["tags"]],
        "links": {"search": query_url("/search", q), "json": f"/api/topics/{n}",
                  "trends": trends_url("/trends", [q], "year", True, page=True)}}
    if periods:
        title = f"Share of all cables per year matching {q} ({t['label']})"
        context["svg"] = chart.svg(r, periods, title)
        context["rows"] = table_rows(r, [p for p in periods if p in t["trend"]["totals"]])
    return render(request, "topic.html", **context)


def sparkline(series: dict[str, Any], name: str) -> Markup:
    """A topic's share of each year's cables, small enough for a row: one point per year in which the archive
    holds cables (a year without any is left out and breaks the line: a gap, not a zero), scaled to the
    topic's own peak, which the label says. The listing's rows share their years, so they line up."""
    years, shares = list(series["totals"]), series["shares"]
    if not years:
        return Markup("")
    peak = max(shares.values(), default=0.0)
    step = (SPARK_W - 2 * SPARK_PAD) / max(1, len(years) - 1)
    high = SPARK_H - 2 * SPARK_PAD

    def xy(i: int) -> tuple[float, float]:
        return SPARK_PAD + i * step, SPARK_PAD + high * (1 - (shares[years[i]] / peak if peak else 0))

    runs: list[list[int]] = []
    for i, year in enumerate(years):
        if runs and int(year) == int(years[i - 1]) + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    lines, dots = [], []
    for run in runs:
        if len(run) == 1:
            x, y = xy(run[0])
            dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.6"/>')
        else:
            lines.append("M" + " L".join("{:.1f},{:.1f}".format(*xy(i)) for i in run))
    best = max(years, key=lambda y: (shares[y], y))
    said = (f"{name}: share of each year's cables, {years[0]} to {years[-1]}; highest {chart.percent(peak)} in {best}"
            if peak else f"{name}: no dated cable")
    return Markup(
        f'<svg class="spark" width="{SPARK_W}" height="{SPARK_H}" viewBox="0 0 {SPARK_W} {SPARK_H}" role="img" '
        f'aria-label="{present.escaped(said)}" xmlns="http://www.w3.org/2000/svg"><title>{present.escaped(said)}'
        f'</title><line x1="{SPARK_PAD}" x2="{SPARK_W - SPARK_PAD}" y1="{SPARK_H - SPARK_PAD}" '
        f'y2="{SPARK_H - SPARK_PAD}" stroke="#d9dee4"/><path d="{" ".join(lines)}" fill="none" '
        f'stroke="{SPARK_COLOUR}" stroke-width="1.5" stroke-linejoin="round"/><g fill="{SPARK_COLOUR}">'
        f'{"".join(dots)}</g></svg>')


def bar(fraction: float) -> Markup:
    """A word's weight beside the heaviest word's, as a bar (the number is beside it)."""
    width = max(1.0, 120 * fraction)
    return Markup(f'<svg class="bar" width="120" height="10" aria-hidden="true" xmlns="http://www.w3.org/2000/svg">'
                  f'<rect width="{width:.1f}" height="10" fill="{SPARK_COLOUR}"/></svg>')


# -- the search page's topic facet: each number with its label ------------------------------------------

def facet_meaning(a: Archive) -> Callable[[str, str], str | None]:
    """The gloss beside a facet value on a search page: the static ones (TAGS, caveats, precedences), and
    for a topic number its label in this archive's model (read when the page first shows a topic)."""
    found: dict[str, str] | None = None

    def meaning(field: str, value: str) -> str | None:
        nonlocal found
        if field != "topic":
            return present.facet_meaning(field, value)
        if found is None:
            found = views.labels(a)
        return found.get(value)

    return meaning
