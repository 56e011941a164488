"""Request parameters shared by the pages and the API (declared once, so OpenAPI documents them once)."""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import Query

from cablebase.analysis.graph import KINDS
from cablebase.query.fields import BY_NAME, FACETS
from cablebase.web.state import MAX_PAGE, PER_PAGE, SearchState, Sort

if TYPE_CHECKING:
    from cablebase.archive import Archive, SearchResult

DATE = r"^\d{4}(-(0?[1-9]|1[0-2])(-(0?[1-9]|[12]\d|3[01]))?)?$"
FILTER_PARAMS = tuple(name for name in FACETS if BY_NAME[name].param)  # one repeatable parameter per facet
MAX_QUERY = 10_000  # characters

# the analysis pages and their JSON twins (a query selects the cables; no filters, sort or page)
AnalysisQuery = Annotated[str, Query(description="query in the cablebase query language (empty: every cable)",
                                     max_length=MAX_QUERY)]
GraphKind = Annotated[Literal[KINDS], Query(  # type: ignore[valid-type]
    description="refs (cable cites cable), posts (post writes to post), tags (cable carries TAG) or tag-pairs "
                "(TAGS carried together)")]
Depth = Annotated[int, Query(ge=1, le=8, description="REF steps followed each way")]


# A plain function on purpose: FastAPI runs it on a worker thread, and that hand-off puts requests in one
# first-come-first-served queue. As a coroutine, the event loop would serve ready connections in its own
# order and some would wait far longer (p99 under load 245-265 ms as it is, 385-790 ms as a coroutine).
def search_state(**params: Any) -> SearchState:
    """The page state a request's parameters stand for (its signature, below, is what FastAPI reads)."""
    filters = tuple((name, facet_value(name, value)) for name in FILTER_PARAMS for value in params.get(name) or []
                    if value)
    return SearchState(q=params.get("q", ""), filters=filters, date_from=params.get("date_from"),
                       date_to=params.get("date_to"), sort=params.get("sort"), page=params.get("page", 1),
                       per_page=params.get("limit", PER_PAGE))


def _param(name: str, annotation: Any, default: Any = None) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)


search_state.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
    _param("q", Annotated[str, Query(description="query in the cablebase query language (empty: everything)",
                                     max_length=MAX_QUERY)], ""),
    *(_param(name, Annotated[list[str] | None, Query(description=BY_NAME[name].param)]) for name in FILTER_PARAMS),
    _param("date_from", Annotated[str | None, Query(alias="from", pattern=DATE,
                                                    description="first day, month or year (YYYY[-MM[-DD]])")]),
    _param("date_to", Annotated[str | None, Query(alias="to", pattern=DATE,
                                                  description="last day, month or year (YYYY[-MM[-DD]])")]),
    _param("sort", Annotated[Sort | None, Query(description="relevance (default with a query) or date (newest "
                                                            "first) or date-asc")]),
    _param("page", Annotated[int, Query(ge=1, le=MAX_PAGE, description="page number (1-based)")], 1),
    _param("limit", Annotated[int, Query(ge=1, le=1000, description="results per page")], PER_PAGE),
], return_annotation=SearchState)


def facet_value(field: str, value: str) -> str:
    """A filter value as the facets count it: signers are counted in capitals (``garza`` filters and is
    counted as ``GARZA``), so the active value's count is found whatever case was typed."""
    return BY_NAME[field].term(value)


def run_search(archive: Archive, st: SearchState, *, cursor: str | None = None,
               facets: bool = True) -> SearchResult:
    """The archive search a page state stands for."""
    return archive.search(st.q, filters=st.filters, date_from=st.date_from, date_to=st.date_to,
                          sort=st.effective_sort, limit=st.per_page, cursor=cursor,
                          offset=None if cursor else st.offset, facets=facets)
