"""The archive: one directory holding SQLite records and a Tantivy index, and the Python API over both.

    >>> from cablebase.archive import Archive
    >>> a = Archive("./cablebase-data")                               # doctest: +SKIP
    >>> a.ingest(["samples"])                                          # doctest: +SKIP
    >>> r = a.search('tag:PREL AND date:[2007-01 TO 2007-06]', limit=5)  # doctest: +SKIP
    >>> r.total, [h.id for h in r.hits], r.facets["origin"]            # doctest: +SKIP

The command line and the web app are thin layers over this class.
"""

from __future__ import annotations

import difflib
import os
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import tantivy

from cablebase import reference
from cablebase.analysis import Analysis, Graph
from cablebase.analysis import trends as trending
from cablebase.analysis.threads import DEPTH as THREAD_DEPTH
from cablebase.analysis.topics import resolve as resolve_topics
from cablebase.archive import facets as counting
from cablebase.archive import index as idx
from cablebase.archive import lookups, store
from cablebase.archive import stats as archive_stats
from cablebase.archive.ingest import IngestSummary, ingest
from cablebase.archive.results import Hit, SearchResult, count_of, cursor_at, offset_of
from cablebase.archive.snippets import Snippets
from cablebase.archive.stats import compact_advice, rebuild_advice
from cablebase.decode.ids import canonical_id
from cablebase.errors import CablebaseError, NotFound, QueryError
from cablebase.model import StoredCable
from cablebase.query import translate
from cablebase.query.fields import BY_NAME, FILTERS
from cablebase.query.parser import Node, parse

__all__ = ["Archive", "FILTER_FIELDS", "Hit", "SearchResult", "StoredCable", "compact_advice", "rebuild_advice"]

# Exact-value filters a search can be narrowed by (the facet fields, plus the month of the histogram).
FILTER_FIELDS = FILTERS
Filters = Iterable[tuple[str, str]]


_CURRENT_RECORD = f"SELECT versions.record FROM {store.CURRENT} WHERE cables.id=?"


class _Lease:
    """A thread's hold on a connection: dropped with the thread's locals when the thread ends, it puts the
    connection back on the free list."""

    def __init__(self, con: sqlite3.Connection, free: list[sqlite3.Connection]):
        self.con, self._free = con, free

    def __del__(self) -> None:
        self._free.append(self.con)


class Archive:
    """An archive directory: ``cables.sqlite`` (system of record) and ``index/`` (full text)."""

    def __init__(self, path: str | os.PathLike[str] = "./cablebase-data",
                 facet_cache: int = counting.CACHE_SIZE):
        self.path = Path(path)
        self._local = threading.local()  # one SQLite connection per thread (the web app serves from a pool)
        self._cons: list[sqlite3.Connection] = []  # every connection opened, to close them
        self._free: list[sqlite3.Connection] = []  # connections of threads that have ended, for the next new thread
        self._index: tantivy.Index | None = None
        self._facet_cache = counting.FacetCache(facet_cache)
        self._all_counts: counting.Totals | None = None
        self._values: tuple[tuple[int, ...], dict[str, dict[str, int]]] | None = None  # see _known_values
        self.analysis = Analysis(self)  # the analysis views (graphs, threads, gaps) and what they keep

    # -- opening ---------------------------------------------------------------------------------------

    @property
    def exists(self) -> bool:
        return (self.path / "cables.sqlite").exists()

    def _require(self) -> None:
        if not self.exists:
            raise CablebaseError(f"no archive at {self.path} (create one with: cablebase ingest PATH --db {self.path})")

    @property
    def con(self) -> sqlite3.Connection:
        """This thread's SQLite connection. A thread pool replaces its idle threads, so a connection is
        handed on when its thread ends (see _Lease) instead of a new one being opened for every thread."""
        lease = getattr(self._local, "lease", None)
        if lease is None:
            try:
                con = self._free.pop()
            except IndexError:
                self._require()
                con = store.connect(self.path / "cables.sqlite", readonly=True)
                self._cons.append(con)
            lease = self._local.lease = _Lease(con, self._free)
        return lease.con

    @property
    def index(self) -> tantivy.Index:
        if self._index is None:
            self._require()
            try:
                self._index = idx.open_index(self.path / "index")
            except idx.SchemaChanged:
                raise CablebaseError(f"the search index in {self.path} was built by an older cablebase; rebuild it "
                                     f"with: cablebase ingest --db {self.path} (no paths needed)") from None
        return self._index

    def close(self) -> None:
        for con in self._cons:
            con.close()
        self._cons.clear()
        self._free = []
        self._local = threading.local()
        self._index = None
        self._facet_cache.clear()
        self._all_counts = None
        self._values = None

    # -- writing ---------------------------------------------------------------------------------------

    def ingest(self, paths: Iterable[str | os.PathLike[str]], jobs: int | None = None,
               progress: Callable[[int, int, str], None] | None = None,
               rebuild_index: bool = False) -> IngestSummary:
        self.close()
        try:
            return ingest(self.path, paths, jobs=jobs, progress=progress, rebuild_index=rebuild_index)
        finally:
            self.close()

    def free_space(self) -> float:
        """The share of ``cables.sqlite`` that is free pages (see :func:`cablebase.archive.store.free_share`)."""
        return store.free_share(self.con)

    def compact(self) -> tuple[int, int]:
        """Give the free space in ``cables.sqlite`` back to the disk (sizes before and after, in bytes); see
        :func:`cablebase.archive.store.compact`."""
        self._require()
        self.close()
        return store.compact(self.path / "cables.sqlite")

    # -- reading ---------------------------------------------------------------------------------------

    def get(self, ident: str) -> StoredCable:
        """The current record of a cable (any id form: published, PlusD, malformed)."""
        return store.unpack(self._rows(_CURRENT_RECORD, ident)[0][0])

    def versions(self, ident: str) -> list[StoredCable]:
        """Every stored version of a cable, oldest first."""
        rec = self.get(ident)
        rows = self.con.execute("SELECT record FROM versions WHERE id=? ORDER BY version", (rec.id,)).fetchall()
        return [store.unpack(r[0]) for r in rows]

    def diff(self, ident: str, a: int | None = None, b: int | None = None) -> str:
        """Unified diff of the reading text between two versions (default: the last two). (Read from the stored
        JSON form: a diff needs the text and the source of each, not typed records, which cost a cable page
        a tenth of its time to build.)"""
        rows = self._version_blobs(ident)
        if len(rows) < 2:
            return ""
        va = next((v for v in rows if v[0] == a), rows[-2]) if a else rows[-2]
        vb = next((v for v in rows if v[0] == b), rows[-1]) if b else rows[-1]
        (na, ja), (nb, jb) = (va[0], store.unpack_json(va[1])), (vb[0], store.unpack_json(vb[1]))
        return "".join(difflib.unified_diff(
            (ja.get("body") or "").splitlines(keepends=True), (jb.get("body") or "").splitlines(keepends=True),
            fromfile=f"{ja.get('id')} v{na} ({(ja.get('source') or {}).get('path')})",
            tofile=f"{jb.get('id')} v{nb} ({(jb.get('source') or {}).get('path')})"))

    def _version_blobs(self, ident: str) -> list[tuple[int, bytes]]:
        """(version, stored record) of every version of a cable, oldest first (any id form)."""
        return self._rows("SELECT version, record FROM versions WHERE id=? ORDER BY version", ident)

    def _rows(self, sql: str, ident: str) -> list[Any]:
        """The rows ``sql`` gives for a cable id in any form (published, PlusD, malformed: its canonical form
        is tried next); NotFound when there are none."""
        rows = self.con.execute(sql, (ident,)).fetchall()
        if not rows and (canon := canonical_id(ident)[0]):
            rows = self.con.execute(sql, (canon,)).fetchall()
        if not rows:
            raise NotFound(f"no cable {ident!r} in this archive")
        return rows

    def version_sources(self, ident: str, rec: StoredCable | None = None) -> list[dict[str, Any]]:
        """Where each version of a cable came from (without loading the versions themselves). ``rec``: the
        cable's current record when the caller already has it; if it is version 1 it is the only one (a new
        version always becomes the current one), and its source is in it: nothing more is read."""
        if rec is not None and rec.id == ident and rec.version == 1:
            src = rec.cable.provenance
            return [{"version": 1, "path": src.path, "format": src.format, "locator": src.locator,
                     "label": src.version_label, "sha256": store.raw_sha(rec.cable.raw)}]
        rows = self.con.execute("SELECT version, path, format, locator, label, raw_sha FROM versions WHERE id=? "
                                "ORDER BY version", (ident,)).fetchall()
        return [{"version": v, "path": p, "format": f, "locator": loc, "label": lab, "sha256": sha}
                for v, p, f, loc, lab, sha in rows]

    def refs(self, ident: str, rec: StoredCable | None = None, limit: int | None = None) -> dict[str, Any]:
        """REF edges both ways; each cited cable marked present, known-but-absent or unknown. The citing
        cables come earliest first, the undated last (by id in an archive whose references are not dated
        yet), ``limit`` of them at most (a much-cited cable has thousands), with ``cited_by_count`` saying
        how many there are.
        ``rec``: the cable's record when the caller already has it."""
        rec = rec if rec is not None and rec.id == ident else self.get(ident)
        universe = reference.cablegate_universe()
        cites = []
        for r in rec.cable.references:
            item = {"letter": r.letter, "kind": r.kind, "text": r.text, "id": r.id}
            if r.kind == "cable" and r.id:
                item["status"] = self.status(r.id, universe)
            cites.append(item)
        order = f"{lookups.BY_DAY}, src" if lookups.refs_dated(self.con) else "src"  # (an index's order)
        most = None if limit is None else max(limit, 0)
        rows = self.con.execute(f"SELECT src, letter, text FROM refs WHERE dst=? ORDER BY {order} LIMIT ?",
                                (rec.id, -1 if most is None else most)).fetchall()
        count = len(rows)
        if most is not None and count == most:
            count = self.con.execute("SELECT COUNT(*) FROM refs WHERE dst=?", (rec.id,)).fetchone()[0]
        return {"id": rec.id, "cites": cites, "cited_by": [{"id": src, "letter": letter, "text": text}
                                                           for src, letter, text in rows],
                "cited_by_count": count}

    def status(self, ident: str, universe: dict[str, int] | None = None) -> str:
        if self.con.execute("SELECT 1 FROM cables WHERE id=?", (ident,)).fetchone():
            return "present"
        universe = universe if universe is not None else reference.cablegate_universe()
        return "known-absent" if ident in universe or ident in reference.canonical_universe() else "unknown"

    def preload(self) -> None:
        """Open the records and the index and load the tables a page may need (the id universes), so that a
        server pays for them, and finds out whether it can read the archive, at start-up rather than on its
        first request."""
        self.con.execute("SELECT 1")  # (opening the records checks their storage format)
        self._totals(self.index.searcher())
        reference.canonical_universe()  # (REF statuses, and the dates of absent cables in threads)

    def stats(self) -> dict[str, Any]:
        """The archive's counts, its REF items' resolution, and the state of its files (see
        :mod:`cablebase.archive.stats`)."""
        return archive_stats.stats(self)

    # -- search ----------------------------------------------------------------------------------------

    def _query(self, q: str, filters: Filters = (), date_from: str | None = None,
               date_to: str | None = None, node: Node | None = None,
               searcher: tantivy.Searcher | None = None, values: translate.Values | None = None) -> tantivy.Query:
        """The engine query for a query string (or its already parsed ``node``) narrowed by exact facet
        filters and a date range (planned with the ``searcher``'s word counts when one is given, and the
        archive's ``values`` of exact-value columns: see :func:`translate.translate`)."""
        schema = self.index.schema
        parts = []
        for name, value in filters:
            if name not in FILTER_FIELDS:
                raise CablebaseError(f"cannot filter on {name!r} (one of: {', '.join(FILTER_FIELDS)})")
            parts.append(translate.value_filter(schema, BY_NAME[name], value, searcher))
        if date_from or date_to:
            low = translate.day_bounds(date_from, date_from) if date_from else None
            high = translate.day_bounds(date_to, date_to) if date_to else None
            parts.append((translate.date_range(schema, low, high), None))
        node = resolve_topics(node if node is not None else parse(q), self._topic_match)
        return translate.plan(node, schema, q, parts, searcher, values)

    def _topic_match(self, text: str) -> list[int]:
        from cablebase.analysis.topics import views

        return views.match(self, text)

    def search(self, q: str, *, filters: Filters = (), date_from: str | None = None, date_to: str | None = None,
               sort: str = "relevance", limit: int = 20, cursor: str | None = None, offset: int | None = None,
               facets: bool = True, snippets: bool = True) -> SearchResult:
        """One page of results (``offset`` or an opaque ``cursor``), with facet counts and the histogram."""
        if sort not in ("relevance", "date", "date-asc"):
            raise CablebaseError(f"unknown sort {sort!r} (relevance, date or date-asc)")
        if not 0 <= limit <= 10_000:
            raise CablebaseError("limit must be between 0 and 10000 (use export or cursors for more)")
        filters = tuple(filters)
        node = parse(q)
        meant = resolve_topics(node, self._topic_match)  # (topic words as numbers: once a search)
        searcher = self.index.searcher()
        query = self._query(q, filters, date_from, date_to, meant, searcher, self._known_values(searcher))
        offset = offset if offset is not None else offset_of(cursor)
        if offset < 0:
            raise CablebaseError("offset must not be negative")
        # the index reloads itself after an ingest: counts are remembered per state of the index too, and
        # per meaning of the query's topic words (a label given, a refit: see resolve_topics)
        now = counting.state(searcher)  # (read once: the key, and the totals' own key)
        key = (q, filters, date_from, date_to, *now,
               None if meant is node else repr(meant))
        cached = self._facet_cache.get(key) if facets else None
        # Facets are counted on the pool while the top results are collected here (see _count_early).
        pending = self._count_early(searcher, query, node, meant, filters, (date_from, date_to), now) \
            if facets and cached is None else None
        # Past the end, only count: the engine reserves room for every skipped hit (an offset of a billion
        # would ask for 48 GB).
        limit_here, skip = (limit, offset) if offset < searcher.num_docs else (0, 0)
        try:
            if sort == "relevance" or not limit_here:
                res = searcher.search(query, limit=max(limit_here, 1), offset=skip, count=True)
            else:
                order = tantivy.Order.Desc if sort == "date" else tantivy.Order.Asc
                res = searcher.search(query, limit=max(limit_here, 1), offset=skip, count=True, order_by_field="ts",
                                      order=order)
        except ValueError as exc:
            raise QueryError(f"the search engine rejected the query: {exc}", q, 0) from exc
        if facets and cached is None and pending is None:
            pending = counting.start(searcher, query, totals=self._totals(searcher, now), matches=count_of(res),
                                     late=self._one_word(meant, filters, (date_from, date_to), searcher) is not None,
                                     again=translate.is_cheap(node, posts=True))
        total = count_of(res)
        maker = None
        if snippets and limit_here and res.hits:
            maker = Snippets(searcher, query, self.index.schema, translate.highlight_stems(node))
        hits = []
        for score, addr in res.hits[:limit_here]:
            doc = searcher.doc(addr)
            snippet, paragraph = maker.located(doc) if maker is not None else ("", None)
            hits.append(Hit(id=doc["id"][0], score=round(float(score), 4) if sort == "relevance" else 0.0,
                            date=doc.get_first("date"), subject=doc.get_first("subject") or None, snippet=snippet,
                            origin=doc.get_first("origin"), classification=doc.get_first("classification"),
                            paragraph=paragraph))
        result = SearchResult(query=q, total=total, hits=hits)
        if offset + limit < total:
            result.next_cursor = cursor_at(offset + limit)
        if facets:
            counts = cached or pending.result()  # type: ignore[union-attr]
            self._facet_cache.put(key, counts)
            result.facets, result.histogram = counts
        return result

    def _count_early(self, searcher: tantivy.Searcher, query: tantivy.Query, node: Node, meant: Node,
                     filters: Filters, dates: tuple[str | None, str | None],
                     now: tuple[int, ...]) -> counting.Pending | None:
        """Counting started side by side with the search, or None when it waits for the search's count.

        Plain words are quick to search, so their count comes first and decides whether to count the other
        way round (and in two tasks), unless the index's counts show that it cannot be that many (a query
        of one word, whose count the index estimates; few cables of a date range, a filter or a word). Other
        queries (phrases, prefixes, fuzzy terms) are always counted beside the search. Either only when no
        other counting is under way in this process (a server worker serves one search at a time, so for it
        that is every search)."""
        if not counting.idle():
            return None
        totals = self._totals(searcher, now)
        if (guess := self._one_word(meant, filters, dates, searcher)) is not None:  # its count estimated
            return counting.start(searcher, query, totals=totals, matches=guess, late=True)
        sizes = [translate.value_filter(self.index.schema, BY_NAME[name], value, searcher)[1]
                 for name, value in filters]  # (each filter's field known: see _query)
        most = translate.bound(meant, searcher, sizes, totals.raw.get("month"), dates)
        if most is not None and most > counting.COMPLEMENT_SHARE * searcher.num_docs:
            most = None  # (perhaps most of the archive: only the search's count can say to count the rest)
        if translate.is_cheap(node) and (most is None or most > counting.SPLIT_ABOVE):
            return None
        # (a phrase in a post's name is matched as the posts that hold it, see _known_values)
        return counting.start(searcher, query, totals=totals, matches=most, split=False, late=False,
                              again=translate.is_cheap(node, posts=True))

    @staticmethod
    def _one_word(meant: Node, filters: Filters, dates: tuple[str | None, str | None],
                  searcher: tantivy.Searcher) -> int | None:
        """For a search of one plain word or TAGS code with no filter, about how many cables it matches (from
        the index's counts); None for any other. (The engine runs such a query again quickly: see
        :func:`counting.start`.)"""
        return None if filters or dates[0] or dates[1] else translate.estimate(meant, searcher)

    def _known_values(self, searcher: tantivy.Searcher) -> translate.Values:
        """The values of an exact-value column in the whole archive (None where there are too many to list),
        from its counts when they are made, else counted once per state of the index."""
        def values(column: str) -> Collection[str] | None:
            now = counting.state(searcher)
            totals = self._all_counts
            if totals is not None and totals.key == now and column in totals.raw:
                found = totals.raw[column]
            else:
                kept = self._values
                if kept is None or kept[0] != now:
                    kept = self._values = (now, {})
                if column not in kept[1]:
                    kept[1][column] = counting.column_values(searcher, column)
                found = kept[1][column]
            return found.keys() if len(found) < counting.SIZE else None
        return values

    def _totals(self, searcher: tantivy.Searcher, now: tuple[int, ...] | None = None) -> counting.Totals:
        """Facet counts over the whole archive (for counting broad queries the other way round), made once per
        state of the index (``now``, when the caller has read it)."""
        totals = self._all_counts
        if totals is None or totals.key != (now or counting.state(searcher)):
            totals = self._all_counts = counting.Totals(searcher, self.index.schema)
        return totals

    def facets(self, query: tantivy.Query, searcher: tantivy.Searcher | None = None,
               fields: Iterable[str] = counting.SEARCH_FACETS) -> counting.Counts:
        """Exact counts over every match of an engine query: ``(facets, histogram)``."""
        return counting.count(searcher or self.index.searcher(), query, fields)

    def facet_counts(self, field: str, q: str = "", filters: Filters = ()) -> dict[str, int]:
        """Counts of one facet field (any of FILTER_FIELDS, e.g. ``signer``) over the matches of ``q``."""
        return self.facets(self._query(q, filters), fields=[field])[0].get(field, {})

    def iter_results(self, q: str, sort: str = "date-asc", filters: Filters = (), date_from: str | None = None,
                     date_to: str | None = None) -> Iterator[StoredCable]:
        """Every record matching ``q`` (no cap), in batches from SQLite."""
        for blob in self._result_blobs(q, sort, filters, date_from, date_to):
            yield store.unpack(blob)

    def iter_json(self, q: str, sort: str = "date-asc", filters: Filters = (), date_from: str | None = None,
                  date_to: str | None = None) -> Iterator[bytes]:
        """Every record matching ``q``, as :meth:`iter_results`, in its JSON form (``to_dict``, as orjson writes
        it: the stored bytes, see :func:`store.json_bytes`), without building the typed record; for exports,
        which write that form or a few of its fields."""
        for blob in self._result_blobs(q, sort, filters, date_from, date_to):
            yield store.json_bytes(blob)

    def _result_blobs(self, q: str, sort: str, filters: Filters, date_from: str | None,
                      date_to: str | None) -> Iterator[bytes]:
        """The stored records (as stored) matching ``q``, in batches from SQLite."""
        for chunk in self._result_seqs(q, sort, filters, date_from, date_to):
            marks = ",".join("?" * len(chunk))
            rows = dict(self.con.execute(f"SELECT cables.seq, versions.record FROM {store.CURRENT} "
                                         f"WHERE cables.seq IN ({marks})", chunk).fetchall())
            for seq in chunk:
                if seq in rows:  # absent only if the records moved on since the index was read
                    yield rows[seq]

    def result_ids(self, q: str, filters: Filters = ()) -> list[str]:
        """The ids of every cable matching ``q`` (no cap), oldest first, read without opening a record."""
        return [row[0] for row in self.result_rows(q, "id", filters)]

    def result_rows(self, q: str, columns: str = "id", filters: Filters = ()) -> list[tuple[Any, ...]]:
        """Columns of the ``cables`` table (``"id, date, origin"``) for every cable matching ``q``, oldest
        first."""
        rows: list[tuple[Any, ...]] = []
        for chunk in self._result_seqs(q, "date-asc", filters, None, None):
            marks = ",".join("?" * len(chunk))
            found = {r[0]: r[1:] for r in self.con.execute(f"SELECT seq, {columns} FROM cables WHERE seq IN ({marks})",
                                                           chunk)}
            rows.extend(found[s] for s in chunk if s in found)
        return rows

    def _result_seqs(self, q: str, sort: str, filters: Filters, date_from: str | None,
                     date_to: str | None) -> Iterator[list[int]]:
        """The change numbers of the cables matching ``q``, in ``sort`` order, 500 at a time (from a column
        of the index: no stored document is opened)."""
        searcher = self.index.searcher()
        query = self._query(q, filters, date_from, date_to, searcher=searcher)
        total = count_of(searcher.search(query, limit=1, count=True))
        if not total:
            return
        order = tantivy.Order.Asc if sort == "date-asc" else tantivy.Order.Desc
        res = searcher.search(query, limit=total, count=False, order_by_field="ts", order=order)
        seqs = searcher.fast_field_values("seq", [addr for _, addr in res.hits])
        for start in range(0, len(seqs), 500):
            yield [int(s) for s in seqs[start: start + 500] if s is not None]

    # -- analysis (see cablebase.analysis) ---------------------------------------------------------------

    def graph(self, q: str = "", kind: str = "refs", metrics: bool = False) -> Graph:
        """The ``refs``, ``posts``, ``tags`` or ``tag-pairs`` graph of the cables ``q`` selects (see
        :mod:`cablebase.analysis.graph`); ``metrics`` adds PageRank and the other measures to its nodes."""
        return self.analysis.graph(q, kind, metrics)[0]

    def thread(self, ident: str, depth: int = THREAD_DEPTH) -> dict[str, Any]:
        """What a cable cites and what cites it, recursively, in time order."""
        return self.analysis.thread(ident, depth)

    def gaps(self, q: str = "", limit: int | None = 100) -> dict[str, Any]:
        """The estimated traffic of each post-year and the cited-but-absent cables, for the cables ``q``
        selects."""
        return self.analysis.gaps(q, limit)

    def trends(self, queries: str | Sequence[str], by: str = "month", share: bool = False, split: str | None = None,
               top: int = trending.TOP) -> dict[str, Any]:
        """Each query's cables per month or year beside all cables of the period (see :mod:`.analysis.trends`)."""
        return trending.trends(self, queries, by, share, split, top)

    def topics(self) -> list[dict[str, Any]]:
        """The topic model's topics: ``{"id", "label", "named", "size", "words"}`` (empty without a model)."""
        from cablebase.analysis.topics import views

        return views.topics(self)

    def topic(self, number: int) -> dict[str, Any]:
        """One topic with its representative cables, posts, TAGS and trend (see :mod:`.analysis.topics`)."""
        from cablebase.analysis.topics import views

        return views.topic(self, number)

    def label_topic(self, number: int, label: str | None) -> dict[str, Any]:
        """Name a topic (``None`` or "" gives it back its top words)."""
        from cablebase.analysis.topics import views

        return views.set_label(self, number, label)

    def build_topics(self, k: int = 40, sample: int | None = None, jobs: int | None = None,
                     progress: Callable[[int, int, str], None] | None = None) -> Any:
        """Fit the topic model and give every cable its topics (see :mod:`cablebase.archive.topics`)."""
        from cablebase.analysis.topics.fit import Settings
        from cablebase.archive import topics as topic_build

        self.close()
        try:
            return topic_build.build(self.path, Settings(k=k), sample or topic_build.SAMPLE, jobs, progress)
        finally:
            self.close()

    def canonical(self, ident: str) -> str:
        """A cable id as the archive and the REF edges name it: the stored cable's, else its canonical form
        when some cable cites it (NotFound for neither)."""
        row = self.con.execute("SELECT id FROM cables WHERE id=?", (ident,)).fetchone()
        if row:
            return str(row[0])
        canon = canonical_id(ident)[0]
        if canon and (self.con.execute("SELECT 1 FROM cables WHERE id=?", (canon,)).fetchone()
                      or self.con.execute("SELECT 1 FROM refs WHERE dst=? LIMIT 1", (canon,)).fetchone()):
            return canon
        raise NotFound(f"no cable {ident!r} in this archive, and none of its cables cites it")
