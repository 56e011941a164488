"""Request parameters shared by the pages and the API (declared once, so OpenAPI documents them once)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from cablebase.web.state import MAX_PAGE, PER_PAGE, SearchState, Sort

DATE = r"^\d{4}(-(0?[1-9]|1[0-2])(-(0?[1-9]|[12]\d|3[01]))?)?$"


def _filter(description: str) -> object:
    return Query(description=description)


# A plain function on purpose: FastAPI runs it on a worker thread, and that hand-off puts requests in one
# first-come-first-served queue. As a coroutine, the event loop would serve ready connections in its own
# order and some would wait far longer (p99 under load 245-265 ms as it is, 385-790 ms as a coroutine).
def search_state(
    q: Annotated[str, Query(description="query in the cablebase query language (empty: everything)",
                            max_length=10_000)] = "",
    origin: Annotated[list[str] | None, _filter("origin post, exactly as faceted (repeat to AND)")] = None,
    country: Annotated[list[str] | None, _filter("ISO country code of the origin post")] = None,
    year: Annotated[list[str] | None, _filter("year of the date-time group (YYYY)")] = None,
    classification: Annotated[list[str] | None, _filter("classification in the published convention")] = None,
    caveat: Annotated[list[str] | None, _filter("handling caveat (SIPDIS, NOFORN, ...)")] = None,
    tag: Annotated[list[str] | None, _filter("TAGS code (PREL, MX, ...)")] = None,
    precedence: Annotated[list[str] | None, _filter("precedence (IMMEDIATE, PRIORITY, ...)")] = None,
    signer: Annotated[list[str] | None, _filter("signer's name, any case (GARZA)")] = None,
    date_from: Annotated[str | None, Query(alias="from", pattern=DATE,
                                           description="first day, month or year (YYYY[-MM[-DD]])")] = None,
    date_to: Annotated[str | None, Query(alias="to", pattern=DATE,
                                         description="last day, month or year (YYYY[-MM[-DD]])")] = None,
    sort: Annotated[Sort | None, Query(description="relevance (default with a query) or date (newest first)"
                                                   " or date-asc")] = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="page number (1-based)")] = 1,
    limit: Annotated[int, Query(ge=1, le=1000, description="results per page")] = PER_PAGE,
) -> SearchState:
    fields = {"origin": origin, "country": country, "year": year, "classification": classification,
              "caveat": caveat, "tag": tag, "precedence": precedence, "signer": signer}
    filters = tuple((name, facet_value(name, value)) for name, values in fields.items() for value in values or []
                    if value)
    return SearchState(q=q, filters=filters, date_from=date_from, date_to=date_to, sort=sort, page=page,
                       per_page=limit)


def facet_value(field: str, value: str) -> str:
    """A filter value as the facets count it: signers are counted in capitals (``garza`` filters and is
    counted as ``GARZA``), so the active value's count is found whatever case was typed."""
    return value.upper() if field == "signer" else value


def run_search(archive, st: SearchState, *, cursor: str | None = None, facets: bool = True):  # type: ignore[no-untyped-def]
    """The archive search a page state stands for."""
    return archive.search(st.q, filters=st.filters, date_from=st.date_from, date_to=st.date_to,
                          sort=st.effective_sort, limit=st.per_page, cursor=cursor,
                          offset=None if cursor else st.offset, facets=facets)
