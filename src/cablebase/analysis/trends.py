"""Trends: how many cables of each query fall in each month or year, beside all the archive's cables of that
period, so that a rise in mentions can be told from a rise in cables.

    >>> a.trends(["iran", "iraq"], by="year", share=True)["series"][0]["shares"]   # doctest: +SKIP

Every figure is the archive's own count: a series is the histogram of ``Archive.search(q, limit=0)``
(exact, over every match, and kept per query like the search page's, so a trend opened from a search costs
nothing more), the totals are the histogram of the empty query, and a split series is the histogram of the
query narrowed by one facet value, as a click on that value narrows a search. Years are summed from the
months. A period in which the archive holds no cable is absent from ``totals`` (a gap, not a zero); every
period it holds is in each series' ``counts``, 0 where no cable of the query falls.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from cablebase.errors import CablebaseError, QueryError

if TYPE_CHECKING:
    from cablebase.archive import Archive, SearchResult

BYS = ("month", "year")
SPLITS = ("origin", "country", "classification", "tag", "topic", "precedence")
PLURALS = {"origin": "origins", "country": "countries", "classification": "classifications", "tag": "TAGS",
           "topic": "topics", "precedence": "precedences"}
MULTI_VALUED = ("tag", "topic")  # facets a cable may have several values of
MAX_QUERIES = 8  # series a chart can tell apart (colours and dashes); more is a mistake to say, not to cut
TOP = 5
MAX_TOP = 12


def check(queries: Sequence[str], by: str, split: str | None, top: int) -> None:
    """Refuse, before any counting, what cannot be drawn or counted."""
    if not queries:
        raise CablebaseError("give at least one query")
    if len(queries) > MAX_QUERIES:
        raise CablebaseError(f"at most {MAX_QUERIES} queries at once ({len(queries)} given)")
    if by not in BYS:
        raise CablebaseError(f"cannot count by {by!r} (month or year)")
    if split is not None and split not in SPLITS:
        raise CablebaseError(f"cannot split by {split!r} (one of: {', '.join(SPLITS)})")
    if split is not None and len(queries) > 1:
        raise CablebaseError(f"a split takes one query ({len(queries)} given): split each on its own")
    if not 1 <= top <= MAX_TOP:
        raise CablebaseError(f"top must be between 1 and {MAX_TOP} ({top} given)")


def trends(archive: Archive, queries: str | Sequence[str], by: str = "month", share: bool = False,
           split: str | None = None, top: int = TOP) -> dict[str, Any]:
    """The cables of each query per period, beside all cables of the period (``totals``); ``share`` adds each
    period's ``counts / totals`` as ``shares``; ``split`` (a facet) makes one series per value of the ``top``
    values of a single query. ``notes`` say what the series leave out."""
    queries = [queries] if isinstance(queries, str) else list(queries)
    check(queries, by, split, top)
    totals = _periods(archive.search("", limit=0, snippets=False).histogram.items(), by)
    notes: list[str] = []
    pairs: list[tuple[str, str | None, dict[str, int]]] = []
    for n, q in enumerate(queries, 1):
        result = _counted(archive, q, (), n if len(queries) > 1 else 0)
        undated = result.total - sum(result.histogram.values())
        if undated:
            notes.append(f"{undated:,} of the {result.total:,} cables {_of(q)} {_have(undated)} no date: no period "
                         f"counts {'it' if undated == 1 else 'them'}")
        if split is None:
            pairs.append((q, None, result.histogram))
            continue
        values = result.facets.get(split, {})
        for value, _ in sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
            pairs.append((q, value, _counted(archive, q, ((split, value),), 0).histogram))
        notes += split_notes(split, values, result.total, top, q)
    series = []
    for q, value, histogram in pairs:
        counts = _periods(histogram.items(), by)
        counts = {p: counts.get(p, 0) for p in totals}
        entry: dict[str, Any] = {"query": q, "split": value, "counts": counts, "totals": totals}
        if share:
            entry["shares"] = {p: n / totals[p] for p, n in counts.items()}
        series.append(entry)
    return {"by": by, "share": share, "split_by": split, "series": series, "notes": notes}


def _counted(archive: Archive, q: str, filters: tuple[tuple[str, str], ...], n: int) -> SearchResult:
    """The search's counts; a query that cannot be read says which of several it is (``n``, 0 for one)."""
    try:
        return archive.search(q, filters=filters, limit=0, snippets=False)
    except QueryError as exc:
        if not n:
            raise
        raise QueryError(f"query {n}: {exc.reason}", exc.query, exc.position) from None


def _periods(months: Iterable[tuple[str, int]], by: str) -> dict[str, int]:
    from cablebase.archive.facets import per_year  # (the archive imports this module: imported when called)

    months = sorted(months)
    return per_year(months) if by == "year" else dict(months)


def _have(n: int) -> str:
    return "has" if n == 1 else "have"


def _cables(n: int) -> str:
    return "cable" if n == 1 else "cables"


def _of(q: str) -> str:
    return f"matching {q!r}" if q.strip() else "of the archive"


def split_notes(split: str, values: dict[str, int], total: int, top: int, q: str) -> list[str]:
    """What a split leaves out: the values below the ``top``, the cables with no value, and, for a facet a
    cable has several values of, that the series overlap."""
    notes = []
    shown = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    if split in MULTI_VALUED:
        notes.append(f"a cable may carry several {PLURALS[split]} and is counted in the series of each: the "
                     f"series overlap, and do not add up to the cables {_of(q)}")
        return notes
    rest = len(values) - len(shown)
    if rest:
        others = sum(values.values()) - sum(n for _, n in shown)
        notes.append(f"the top {len(shown)} {PLURALS[split]} of the cables {_of(q)} are shown; {others:,} "
                     f"{_cables(others)} of {rest:,} other {PLURALS[split] if rest != 1 else split} are not")
    without = total - sum(values.values())
    if without > 0:
        notes.append(f"{without:,} {_cables(without)} {_of(q)} {_have(without)} no {split} and "
                     f"{'is' if without == 1 else 'are'} in no series")
    return notes


def label(series: dict[str, Any]) -> str:
    """What a series is called in a legend or a column: its split value, else its query."""
    if series["split"] is not None:
        return str(series["split"])
    return str(series["query"]) if series["query"].strip() else "every cable"


def span(result: dict[str, Any]) -> list[str]:
    """The archive's periods from the first to the last that any series counts a cable in (none when no
    series counts one): what a table or a chart shows."""
    periods = list(result["series"][0]["totals"]) if result["series"] else []
    counted = [i for i, p in enumerate(periods) if any(s["counts"].get(p) for s in result["series"])]
    return periods[counted[0]: counted[-1] + 1] if counted else []


def csv_lines(result: dict[str, Any]) -> Iterator[str]:
    """One row per series and period, every period of the archive: ``period, query, split, count, total``
    and ``share`` when asked (the form R, pandas and a spreadsheet's pivot table read)."""
    from cablebase.archive.export import csv_line

    share = result["share"]
    yield csv_line(["period", "query", "split", "count", "total"] + (["share"] if share else []))
    for s in result["series"]:
        for p, total in s["totals"].items():
            yield csv_line([p, s["query"], s["split"], s["counts"][p], total] + ([s["shares"][p]] if share else []))
