"""The browse pages: the archive at a glance (its timeline and the top of each list), every value of one
list with its count, and one value's cables (a search page filtered to it).

A value the archive has no cable for is a 404: a page saying "0 cables" for a mistyped tag reads as if the
tag existed.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from cablebase.query.fields import BROWSE
from cablebase.web import present
from cablebase.web.api import archive, browse_entries
from cablebase.web.pages import search_context
from cablebase.web.params import facet_value, search_state
from cablebase.web.render import render
from cablebase.web.state import SearchState
from cablebase.web.timeline import timeline

router = APIRouter(include_in_schema=False)
# list name -> (title, facet field), in the order /browse shows them
KIND_TITLES = {name: (f.browse.title, f.name) for name, f in BROWSE.items() if f.browse}
BY_VALUE = frozenset(name for name, f in BROWSE.items() if f.browse and f.browse.chronological)  # (not by count)
SHOWN = 12  # values of each list on /browse
State = Annotated[SearchState, Depends(search_state)]


def _entries(a: Any, kind: str) -> list[dict[str, Any]]:
    entries = browse_entries(a, kind)
    return sorted(entries, key=lambda e: e["value"]) if kind in BY_VALUE else entries


@router.get("/browse", response_class=HTMLResponse)
def browse_index(request: Request) -> Response:
    a = archive(request)
    everything = a.search("", limit=0)
    lists = {kind: _entries(a, kind)[:SHOWN] for kind in KIND_TITLES}
    _, period_url = SearchState().link_maker()
    return render(request, "browse.html", lists=lists, kinds=KIND_TITLES, total=everything.total,
                  timeline=timeline(everything.histogram, period_url))


@router.get("/browse/{kind}", response_class=HTMLResponse)
def browse_kind(request: Request, kind: str) -> Response:
    if kind not in KIND_TITLES:
        return _no_such_list(request, kind)
    title, field = KIND_TITLES[kind]
    return render(request, "browse_list.html", kind=kind, title=title, field=field,
                  entries=_entries(archive(request), kind))


@router.get("/browse/{kind}/{value:path}", response_class=HTMLResponse)
async def browse_one(request: Request, kind: str, value: str, st: State) -> Response:
    if kind not in KIND_TITLES:
        return _no_such_list(request, kind)
    title, field = KIND_TITLES[kind]
    value = facet_value(field, value)
    if not archive(request).search("", filters=((field, value),), limit=0, facets=False).total:
        return render(request, "error.html", status_code=404, title="Not found",
                      message=f"no cable in this archive has the {title_of(kind)} {value!r}; see "
                              f"/browse/{kind} for those it has")
    st = st.add(field, value) if not st.has(field, value) else st
    ctx = search_context(request, st)
    entity = {"kind": kind, "title": title, "field": field, "value": value,
              "meaning": present.facet_meaning(field, value), "span": ctx["timeline"]["span"] if ctx["timeline"] else None}
    return render(request, "search.html", entity=entity, **ctx)


def title_of(kind: str) -> str:
    """A list's name for one of its values ("tag", "origin", "classification"): its field's."""
    return BROWSE[kind].name


def _no_such_list(request: Request, kind: str) -> Response:
    return render(request, "error.html", status_code=404, title="Not found",
                  message=f"there is no list of {kind!r}; try {', '.join(KIND_TITLES)}")
