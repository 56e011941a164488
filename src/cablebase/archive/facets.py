"""Facet counts and the monthly histogram: exact, over every match, counted by Tantivy's own aggregation.

Counting is the costly part of a broad search (about 3 ns a cable for each column read: for a large result,
facets of several values a cable are read from one column per place, see ``index.SLOTS``), so it runs on a small thread pool
while the caller collects the top results and their snippets (Tantivy releases the GIL), in one task per
query (each task runs the query again) unless it leaves very many cables to count and a core is spare; and a
result is remembered per query spec and state of the index, so that paging, re-sorting or toggling a filter
back costs nothing.

A query that matches most of the archive is counted the other way round: the counts over every cable (made
once per state of the index) minus the counts over the cables it does *not* match. Both are exact, and for
``government`` (224,051 of 250,000 cables on 2026-11-27) the second read a tenth of the values (25 ms ->
5 ms).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import tantivy

from cablebase.archive.index import EMPTY, SLOTS, slot_columns, slotted, split_kind
from cablebase.query.fields import FACETS

# Facets every search returns: every field a page or the API can filter on, so that the active value of any
# filter shows its count (signers, a long tail, were once counted only on request, and a signer filter said 0).
SEARCH_FACETS = FACETS
CACHE_SIZE = 512
COMPLEMENT_SHARE = 0.55  # count the non-matches when the matches are more than this share of the archive
# What counting costs, measured on this project's machine (docs/decisions/facet-slots.md): a value of a
# column of several values a cable, a cable of a column of one value, and a column in a segment whatever
# the matches. From them, each state of the index has the number of matches from which the counting columns
# of index.SLOTS cost less than the fields' own columns (Totals.slots_from).
VALUE_NS, CABLE_NS, COLUMN_MS = 19.0, 4.0, 0.03
UNKNOWN = 50_000  # the matches assumed for a query whose count is not known before counting (phrases)
SPLIT_ABOVE = 300_000  # cables to count above which counting is split in two tasks (both cores)
SIZE = 10000  # buckets per column (a field with more distinct values is never counted the other way round)
# A field's counting columns from the first place that fewer than this share of the archive's cables fill
# are counted only over the matches with a value there (see Totals.late): at 2,000,000 cables of the scale
# mix, where one cable in twenty has a fifth tag, the last four tag columns and the rest cost 16 ms over
# a search for ``government`` instead of 32 (each column is read for every cable counted, filled or not).
# In Cablegate, whose cables have more tags, no place is that empty and nothing changes.
LATE_SHARE = 0.1
# Countries are summed from origin counts, and counted only over the cables of the origins that lie in more
# than one country, when those are fewer than this share of the archive (at 2,000,000 cables of the scale
# mix, 13 of 272 origins and 0.5% of the cables: the country column read for a fiftieth of the matches).
APART_SHARE = 0.1
# ... and only for queries cheap to run again (see start) with at least this many matches: below, counting
# the apart origins' cables (the query run again) costs more than the country column it spares (at 250,000
# cables of the scale mix, `guantanamo`, 3,073 matches: 3.0 ms against 2.7; `tag:PREL`, 85,407: 8.1
# against 9.7).
APART_FROM = 50_000
_NOT_EMPTY = "(?s)|[^-].*|-.+"  # every term but EMPTY ("-"; the engine's regexes match whole terms)
Counts = tuple[dict[str, dict[str, int]], dict[str, int]]
Raw = dict[str, dict[str, int]]  # engine field -> value -> count

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_busy = 0  # counting tasks queued or running


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2), thread_name_prefix="cablebase-facets")
        return _pool


_IN_KIND = ("classification", "caveat", "precedence")


def state(searcher: tantivy.Searcher) -> tuple[int, ...]:
    """What tells one state of the index from another for remembered counts: its cables and segments, and
    the cables with no first topic (which a re-index for a new topic model changes while the others may
    stay the same)."""
    return searcher.num_docs, searcher.num_segments, searcher.doc_freq(slot_columns("topic")[0], EMPTY)


def _engine_fields(fields: Iterable[str], slots: bool = True, own: Iterable[str] = ()) -> list[str]:
    """The columns the engine counts for these facets. Years are summed from the months (the same date gives
    both), classification, caveats and precedence together are counted as the combined ``kind``, and a
    field of several values per cable from its counting columns (``index.SLOTS``) when ``slots``, unless it
    is one of ``own``."""
    engine = [f for f in fields if f != "year"]
    if all(f in engine for f in _IN_KIND):
        engine = [f for f in engine if f not in _IN_KIND] + ["kind"]
    if slots:
        engine = [c for f in engine for c in (slot_columns(f) if f in SLOTS and f not in own else [f])]
    return list(dict.fromkeys([*engine, "month"]))


def _unslot(raw: Raw) -> Raw:
    """Counts per counting column summed per field (a new dict; each column's EMPTY is left out)."""
    out: Raw = {}
    for column, values in raw.items():
        field = slotted(column)
        if field is None:
            out[column] = values
            continue
        into = out.setdefault(field, {})
        for value, n in values.items():
            if value != EMPTY:
                into[value] = into.get(value, 0) + n
    return out


def _unkind(raw: Raw) -> Raw:
    """Counts per combined kind turned into counts per classification, caveat and precedence (a new dict)."""
    if "kind" not in raw:
        return dict(raw)
    out = {name: values for name, values in raw.items() if name != "kind"}
    classes: dict[str, int] = {}
    caveats: dict[str, int] = {}
    precedences: dict[str, int] = {}
    for value, n in raw["kind"].items():
        classification, caveat_list, precedence = split_kind(value)
        if classification:
            classes[classification] = classes.get(classification, 0) + n
        for c in caveat_list:
            caveats[c] = caveats.get(c, 0) + n
        if precedence:
            precedences[precedence] = precedences.get(precedence, 0) + n
    out.update(classification=classes, caveat=caveats, precedence=precedences)
    return out


def _aggregate(searcher: tantivy.Searcher, query: tantivy.Query, columns: list[str]) -> Raw:
    """Counts per value of each column (see :func:`_refill`)."""
    return _refill(searcher, query, _terms(searcher, query, columns))


def _refill(searcher: tantivy.Searcher, query: tantivy.Query, raw: Raw) -> Raw:
    """``raw`` with every field whose counting column was cut at SIZE values counted from its own column
    instead: summing columns cut each at its own place would undercount values near the cut. (Run on the
    counts of all of a query's columns together, so that a field is never counted from both.)"""
    for field in {f for c, values in raw.items() if len(values) >= SIZE and (f := slotted(c)) is not None}:
        raw = {c: values for c, values in raw.items() if slotted(c) != field}
        raw.update(_terms(searcher, query, [field]))
    return raw


def _terms(searcher: tantivy.Searcher, query: tantivy.Query, columns: list[str]) -> Raw:
    raw = searcher.aggregate(query, {name: {"terms": {"field": name, "size": SIZE}} for name in columns})
    return {name: {str(b["key"]): int(b["doc_count"]) for b in part.get("buckets", [])} for name, part in raw.items()}


def column_values(searcher: tantivy.Searcher, column: str) -> dict[str, int]:
    """Every value of one column in the archive, with its count (at most SIZE of them)."""
    return _terms(searcher, tantivy.Query.all_query(), [column]).get(column, {})


class Totals:
    """The counts over every cable of one state of the index: for counting broad queries the other way round,
    and to know whether each origin lies in one country (then country counts are summed from origin counts
    instead of being counted)."""

    def __init__(self, searcher: tantivy.Searcher, schema: tantivy.Schema | None = None):
        self.key = state(searcher)
        self.raw = _aggregate(searcher, tantivy.Query.all_query(), _engine_fields(SEARCH_FACETS))
        self.complete = all(len(values) < SIZE for values in self.raw.values())
        found = _country_of(searcher, self.raw.get("country", {}))
        self.country_of = found[0] if found is not None else None
        # the cables of the origins whose cables lie in more than one country (or only some in one), when
        # few (APART_SHARE): their countries are counted over them alone, the others' summed from origins
        self.apart: tantivy.Query | None = None
        if found is not None and found[1]:
            few = sum(self.raw.get("origin", {}).get(o, 0) for o in found[1]) < APART_SHARE * searcher.num_docs
            if schema is None or not few:
                self.country_of = None
            else:
                self.apart = tantivy.Query.term_set_query(schema, "origin", found[1])
        # fields whose counting columns hold more than SIZE values: always counted from their own column
        self.own = frozenset(f for f in SLOTS if f in self.raw)
        self.slots_from = self._slots_from(searcher)
        self.late = self._late(searcher, schema) if schema is not None else {}

    def _late(self, searcher: tantivy.Searcher, schema: tantivy.Schema) -> dict[str, tuple[list[str], tantivy.Query]]:
        """For each field with a place that few cables fill (:data:`LATE_SHARE`), its counting columns from
        that place on, and the cables with a value there: only they have values in those columns (a cable
        fills its places in order, and EMPTY the others). The place is chosen by these counts, and the
        cables are found by the index whatever values they hold: a count is exact in any later state."""
        out = {}
        for field in SLOTS:
            columns = slot_columns(field)
            for place, column in enumerate(columns[1:-1], 1):
                values = self.raw.get(column)
                if values is None or self.blank(column):
                    break
                if searcher.num_docs - values.get(EMPTY, 0) < LATE_SHARE * searcher.num_docs:
                    out[field] = (columns[place:], tantivy.Query.regex_query(schema, column, _NOT_EMPTY))
                    break
        return out

    def _slots_from(self, searcher: tantivy.Searcher) -> float:
        """Matches from which counting columns are cheaper than the fields' own (infinity: never)."""
        columns = [c for c in self.raw if slotted(c) is not None and not self.blank(c)]
        values = sum(n for c in columns for v, n in self.raw[c].items() if v != EMPTY) / max(searcher.num_docs, 1)
        saved_ns = VALUE_NS * values - CABLE_NS * len(columns)  # a match
        extra_ms = COLUMN_MS * searcher.num_segments * max(len(columns) - len(SLOTS), 0)
        return extra_ms * 1e6 / saved_ns if saved_ns > 0 else float("inf")

    def usable(self, searcher: tantivy.Searcher, matches: int) -> bool:
        """Whether counting the non-matches is exact and quicker for a query with this many ``matches``."""
        return self.complete and matches > COMPLEMENT_SHARE * searcher.num_docs

    def blank(self, column: str) -> bool:
        """Whether a counting column holds no value in this state of the index (only EMPTY: the topic
        columns of an archive without a topic model, a place past every cable's last tag): counting it would
        find nothing, for any query."""
        return slotted(column) is not None and column in self.raw and not set(self.raw[column]) - {EMPTY}

    def minus(self, other: Raw) -> Raw:
        out: Raw = {}
        for name, values in self.raw.items():
            less = other.get(name, {})
            out[name] = {k: n - less.get(k, 0) for k, n in values.items() if n - less.get(k, 0) > 0}
        return out


def _country_of(searcher: tantivy.Searcher, countries: dict[str, int]) -> tuple[dict[str, str], list[str]] | None:
    """Origin -> country for every origin all of whose cables have the same country (or none), and the
    other origins; None unless every cable with a country has an origin (the countries of a set of cables
    are then the sums of its origins' countries, and the countries of its cables from the other origins)."""
    spec = {"origin": {"terms": {"field": "origin", "size": SIZE},
                       "aggs": {"country": {"terms": {"field": "country", "size": SIZE}}}}}
    buckets = searcher.aggregate(tantivy.Query.all_query(), spec)["origin"].get("buckets", [])
    if len(buckets) >= SIZE:
        return None
    mapping: dict[str, str] = {}
    apart: list[str] = []
    summed: dict[str, int] = {}
    for b in buckets:
        inner = b.get("country", {}).get("buckets", [])
        if len(inner) > 1 or inner and inner[0]["doc_count"] != b["doc_count"]:
            apart.append(str(b["key"]))
        elif inner:
            mapping[str(b["key"])] = str(inner[0]["key"])
        for c in inner:
            summed[str(c["key"])] = summed.get(str(c["key"]), 0) + int(c["doc_count"])
    return (mapping, apart) if summed == countries else None


def _countries(origins: dict[str, int], country_of: dict[str, str], apart: dict[str, int] | None = None) -> dict[str, int]:
    """Counts per country from counts per origin, plus ``apart``, the counts over the cables of the origins
    that ``country_of`` leaves out."""
    out: dict[str, int] = dict(apart or {})
    for origin, n in origins.items():
        if (country := country_of.get(origin)) is not None:
            out[country] = out.get(country, 0) + n
    return out


def _shape(raw: Raw, wanted: Iterable[str]) -> Counts:
    """The facets asked for, each most frequent first and equal counts by value (as the engine orders one
    column's counts: a field summed from several columns, from origins or from combined kinds, or counted
    the other way round, comes out in the same order), and the histogram and years in time order."""
    facets = _unkind(_unslot(raw))
    for name in SLOTS:  # (a field whose columns were all blank, and so not counted, has no values)
        facets.setdefault(name, {})
    histogram = dict(sorted(facets.pop("month", {}).items()))
    facets["year"] = per_year(histogram.items())
    return {name: facets[name] if name == "year" else dict(sorted(facets[name].items(), key=_by_count))
            for name in wanted if name in facets}, histogram


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def per_year(months: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Counts per month (``YYYY-MM``) summed per year, in the order the months come."""
    years: dict[str, int] = {}
    for month, n in months:
        years[month[:4]] = years.get(month[:4], 0) + n
    return years


def count(searcher: tantivy.Searcher, query: tantivy.Query, fields: Iterable[str] = SEARCH_FACETS) -> Counts:
    """Facet counts and histogram, counted in the calling thread."""
    fields = tuple(fields)
    return _shape(_aggregate(searcher, query, _engine_fields(fields)), fields)


class Pending:
    """Counts being made on the pool; ``result()`` waits for them."""

    def __init__(self, futures: list[Future[Raw]], fields: tuple[str, ...], totals: Totals | None = None,
                 country_of: dict[str, str] | None = None,
                 refill: tuple[tantivy.Searcher, tantivy.Query] | None = None,
                 apart: tuple[tantivy.Searcher, tantivy.Query] | None = None):
        self._futures, self._fields, self._totals, self._country_of = futures, fields, totals, country_of
        self._refill, self._apart = refill, apart

    def result(self) -> Counts:
        # (the few cables of the apart origins are counted here, in the caller's thread, which would
        # otherwise wait: as a third task on the pool they waited for a thread and lengthened the count)
        apart = _counted_here(*self._apart, ["country"]).get("country", {}) if self._apart is not None else None
        raw: Raw = {}
        for future in self._futures:
            raw.update(future.result())
        if self._refill is not None:
            raw = _refill(*self._refill, raw)
        if self._totals is not None:
            raw = self._totals.minus(raw)
        if self._country_of is not None:
            raw["country"] = _countries(raw.get("origin", {}), self._country_of, apart)
        return _shape(raw, self._fields)


def start(searcher: tantivy.Searcher, query: tantivy.Query, fields: Iterable[str] = SEARCH_FACETS,
          totals: Totals | None = None, matches: int | None = None, split: bool = True,
          late: bool = False, again: bool = True) -> Pending:
    """Begin counting on the pool. Given the archive's ``totals``, countries are summed from origins when
    that is exact, columns with no value in the archive are left out, and for a query that ``matches``
    (about) most of the archive the cables it does not match are counted instead. Fewer matches than
    ``totals.slots_from`` (:data:`UNKNOWN` if not known) are counted from the fields' own columns rather
    than their counting columns. When more than :data:`SPLIT_ABOVE` cables are left to count and a core is
    spare (:func:`spare_core`), half the columns are counted in a second task (unless not to ``split``:
    ``matches`` is only a bound, and the search runs beside).

    Two ways of reading fewer values run the query again, over a few of its matches:

    - ``late``: the columns of places few cables fill are counted in a task of their own over the cables
      with a value there (see :attr:`Totals.late`), and then the columns are not split as well (that task
      is the second one). For a query of one word, which the engine runs again quickly: for a conjunction
      it cost more than the columns it spared (2,000,000 cables of the scale mix: `security
      date:[1975-01 TO 1975-12]` 24.7 ms against 21.0 without, `tag:PREL` alone 21.9 against 28.2);
    - ``again`` (the query costs little to run again: no phrase, prefix or fuzzy term), and at least
      :data:`APART_FROM` matches: the countries of the cables of the origins :attr:`Totals.apart` names
      are counted over those cables alone, in the caller's thread while it waits."""
    fields = tuple(fields)
    if totals is not None and totals.key != state(searcher):
        totals = None  # made for another state of the index
    engine = _engine_fields(fields, own=totals.own if totals is not None else ())
    country_of = totals.country_of if totals is not None and {"country", "origin"} <= set(engine) else None
    if country_of is not None and totals is not None and totals.apart is not None and (
            not again or (matches or 0) < APART_FROM):
        country_of = None  # (its apart origins' countries would cost more than the country column)
    counted, matched = matches, query
    complement = totals is not None and set(engine) <= set(totals.raw) and totals.usable(searcher, matches or 0)
    if complement:
        query = tantivy.Query.boolean_query([(tantivy.Occur.Must, tantivy.Query.all_query()),
                                             (tantivy.Occur.MustNot, query)])
        engine = list(totals.raw)  # type: ignore[union-attr]
        counted = searcher.num_docs - (matches or 0)
    elif totals is None or (UNKNOWN if counted is None else counted) < totals.slots_from:  # (they cost more)
        engine = _engine_fields(fields, slots=False)
    if country_of is not None:
        engine.remove("country")
    if totals is not None:
        engine = [c for c in engine if not totals.blank(c)]
    tasks = []
    if totals is not None and late and not complement:  # late places: over the cables with a value there
        for columns, held in totals.late.values():
            if moved := [c for c in columns if c in engine]:
                engine = [c for c in engine if c not in moved]
                narrowed = tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, held)])
                tasks.append((narrowed, moved))
    many = split and counted is not None and counted > SPLIT_ABOVE
    parts = [engine[0::2], engine[1::2]] if many and not tasks and len(engine) > 1 and spare_core() else [engine]
    futures = [_submit(searcher, task_query, part) for task_query, part in [(query, part) for part in parts] + tasks]
    apart = None
    if country_of is not None and totals is not None and totals.apart is not None:  # (the matches, either way)
        apart = searcher, tantivy.Query.boolean_query([(tantivy.Occur.Must, matched), (tantivy.Occur.Must, totals.apart)])
    return Pending(futures, fields, totals if complement else None, country_of, refill=(searcher, query), apart=apart)


def _counted_here(searcher: tantivy.Searcher, query: tantivy.Query, columns: list[str]) -> Raw:
    """Counting of some columns in the calling thread, seen by :func:`idle` as counting under way."""
    global _busy
    with _pool_lock:
        _busy += 1
    try:
        return _terms(searcher, query, columns)
    finally:
        with _pool_lock:
            _busy -= 1


def _submit(searcher: tantivy.Searcher, query: tantivy.Query, columns: list[str]) -> Future[Raw]:
    """Counting of some columns over a query's matches, queued on the pool."""
    global _busy
    future = _executor().submit(_terms, searcher, query, columns)
    with _pool_lock:
        _busy += 1
    future.add_done_callback(_done)  # (called at once if the task has already ended)
    return future


def spare_core() -> bool:
    """No counting under way in this process, and the machine not saturated (the load average of the last
    minute below its cores; a search asked again and again by one user keeps it near one): a second task
    then shortens the count. Under load, as in a busy server, whose processes each serve one search at a
    time, it would only add the query's second run."""
    try:
        load = os.getloadavg()[0]
    except (OSError, AttributeError):  # (not known, or not on this system: assume busy)
        return False
    return idle() and load < (os.cpu_count() or 1)


def idle() -> bool:
    """No counting queued or running in this process."""
    return _busy == 0


def _done(_: Future[Raw]) -> None:
    global _busy
    with _pool_lock:
        _busy -= 1


class FacetCache:
    """Counts per query spec (LRU), kept while an archive is open. Thread-safe."""

    def __init__(self, size: int = CACHE_SIZE):
        self.size = size
        self._data: OrderedDict[tuple[Any, ...], Counts] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> Counts | None:
        with self._lock:
            hit = self._data.get(key)
            if hit is not None:
                self._data.move_to_end(key)
            return hit

    def put(self, key: tuple[Any, ...], value: Counts) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
