"""The state of a search page, and the URLs that change it.

Every state of the search page is a URL: the query, the facet filters (one parameter per facet field,
repeatable), the date range (``from``/``to``), the sort and the page. Facet and histogram links are
built here from the current state, so the pages need no JavaScript to narrow or widen a search.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal
from urllib.parse import quote_plus, urlencode

from cablebase.archive.facets import per_year
from cablebase.query.fields import FACETS

FACET_FIELDS = FACETS  # facet fields a page can filter on, in the order the sidebar shows them
Sort = Literal["relevance", "date", "date-asc"]
PER_PAGE = 20
MAX_PAGE = 10_000_000  # any page of any collection (the engine skips to an offset without holding it)


@dataclass(frozen=True, slots=True)
class SearchState:
    q: str = ""
    filters: tuple[tuple[str, str], ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    sort: Sort | None = None
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def effective_sort(self) -> Sort:
        """Relevance when there is something to rank by, newest first for a bare browse."""
        if self.sort:
            return self.sort
        return "relevance" if self.q.strip() not in ("", "*") else "date"

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def params(self, **extra: str | int | None) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("q", self.q))
        out += list(self.filters)
        if self.date_from:
            out.append(("from", self.date_from))
        if self.date_to:
            out.append(("to", self.date_to))
        if self.sort:
            out.append(("sort", self.sort))
        if self.page > 1:
            out.append(("page", str(self.page)))
        if self.per_page != PER_PAGE:
            out.append(("limit", str(self.per_page)))
        out += [(k, str(v)) for k, v in extra.items() if v is not None]
        return out

    def url(self, path: str = "/search", **extra: str | int | None) -> str:
        query = urlencode(self.params(**extra))
        return f"{path}?{query}" if query else path

    def link_maker(self, path: str = "/search") -> tuple[Callable[[str, str], str], Callable[[str], str]]:
        """Fast URLs for facet and timeline links: the shared part of the query string is encoded once
        (a search page holds hundreds of such links)."""
        base = replace(self, page=1)
        others = [(k, v) for k, v in base.params() if k not in ("from", "to")]
        encoded_all = urlencode(base.params())
        encoded_others = urlencode(others)

        def toggle(field: str, value: str) -> str:
            if self.has(field, value):
                return self.remove(field, value).url(path)
            pair = f"{field}={_quoted(value)}"  # what urlencode gives for one pair, without its checks
            return f"{path}?{encoded_all}&{pair}" if encoded_all else f"{path}?{pair}"

        def period(p: str) -> str:  # a month (YYYY-MM) or a year
            quoted = _quoted(p)
            extra = f"from={quoted}&to={quoted}"
            return f"{path}?{encoded_others}&{extra}" if encoded_others else f"{path}?{extra}"

        return toggle, period

    # -- transitions (each returns a new state on page 1) -----------------------------------------------

    def has(self, field: str, value: str) -> bool:
        return (field, value) in self.filters

    def add(self, field: str, value: str) -> SearchState:
        if self.has(field, value):
            return replace(self, page=1)
        return replace(self, filters=(*self.filters, (field, value)), page=1)

    def remove(self, field: str, value: str) -> SearchState:
        return replace(self, filters=tuple(f for f in self.filters if f != (field, value)), page=1)

    def toggle(self, field: str, value: str) -> SearchState:
        return self.remove(field, value) if self.has(field, value) else self.add(field, value)

    def within(self, date_from: str | None, date_to: str | None) -> SearchState:
        return replace(self, date_from=date_from, date_to=date_to, page=1)

    def sorted_by(self, sort: Sort) -> SearchState:
        return replace(self, sort=sort, page=1)

    def at_page(self, page: int) -> SearchState:
        return replace(self, page=max(1, page))


def query_url(path: str, q: str, **extra: str) -> str:
    """``path`` with a query (left out when empty) and other parameters: the analysis pages' URLs, which
    take the query alone (no filters, sort or page)."""
    params = ([("q", q)] if q else []) + list(extra.items())
    return f"{path}?{urlencode(params)}" if params else path


@lru_cache(maxsize=16384)
def _quoted(value: str) -> str:
    """``quote_plus`` remembered: facet values and periods (posts, tags, months) recur on every page, and a
    page holds some 300 links."""
    return quote_plus(value)


TIMELINE_MONTHS = 240  # a longer span is drawn a bar per year (the 1966-2010 release would be 540 hairlines)


def year_span(months: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """A zero-filled month span summed per year."""
    return list(per_year(months).items())


def month_span(months: dict[str, int]) -> list[tuple[str, int]]:
    """Every month from the first to the last with cables, zero-filled, so the timeline keeps its scale."""
    keys = sorted(k for k in months if len(k) == 7 and k[4] == "-")
    if not keys:
        return []
    y, m = int(keys[0][:4]), int(keys[0][5:])
    last_y, last_m = int(keys[-1][:4]), int(keys[-1][5:])
    out = []
    while (y, m) <= (last_y, last_m):
        key = f"{y:04d}-{m:02d}"
        out.append((key, months.get(key, 0)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
