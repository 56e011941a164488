"""Serial numbers of the cables present, by post and year, and the estimated dates of absent cables.

A cable id is the year, the post's station name and its serial (``07MADRID173``); the present cables of a
post-year, sorted by serial with their days, are what :func:`cablebase.analysis.estimate.date_between`
interpolates between. :class:`Serials` holds them for a whole archive (made once per state of the
archive, for graphs); for a thread or a cable page, which must not wait for the whole archive,
:func:`near_serials` reads the two present cables nearest a serial from the archive's ``serials`` table,
:func:`table_serials` one whole post-year from it, and :func:`station_serials` one from an archive
without it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from cablebase import reference
from cablebase.analysis.estimate import DateEstimate, date_between
from cablebase.analysis.sql import day, earliest_citing
from cablebase.decode.ids import split_id

Neighbours = list[tuple[int, date]]
CITING_KEPT = 200_000  # absent cables whose earliest citing day is remembered (about 30 MB)
# A post-year is read whole for the absent cables of it dated at once (a graph's, the gaps') when it has at
# most this many present cables for each of them: two index steps for each absent cable cost about as much
# as reading two present ones (20 µs against 8.5 µs a row, 2,000,000 cables of the scale mix).
ROWS_PER_ABSENT = 2
WHOLE_FROM = 8  # (fewer absent cables of a post-year, as in a thread, are always dated by the index)


class Serials:
    """The present cables' ``(serial, day)`` by ``(year, station)``, sorted by serial: all of them from
    ``rows`` of ``(id, date)``, or each post-year read when first asked for by ``load``."""

    def __init__(self, rows: Iterable[tuple[str, str | None]] = (),
                 load: Callable[[int, str], Neighbours] | None = None,
                 near: Callable[[int, str, int], Neighbours] | None = None,
                 size: Callable[[int, str, int], int] | None = None):
        groups: dict[tuple[int, str], Neighbours] = defaultdict(list)
        for ident, iso in rows:
            parts = split_id(ident)
            d = day(iso)
            if parts and d:
                year, station, serial = parts
                groups[year, station].append((serial, d))
        for v in groups.values():
            v.sort()
        self.groups = dict(groups)
        self._load = load
        self._near, self._size = near, size
        self._whole: dict[tuple[int, str], bool] = {}  # post-years found small enough to read whole
        self._lock = threading.Lock()
        self._citing: dict[str, date | None] = {}  # absent cable -> the earliest day a cable cites it

    @classmethod
    def of_archive(cls, con: sqlite3.Connection) -> Serials:
        """Every post-year of the archive at once."""
        return cls(con.execute("SELECT id, date FROM cables"))

    @classmethod
    def lazy(cls, con: sqlite3.Connection | Callable[[], sqlite3.Connection]) -> Serials:
        """Post-years read from the archive as they are asked for (``con``: a connection, or a function
        giving the calling thread's)."""
        # (the archive package imports the analysis views)
        from cablebase.archive.lookups import serials_ready

        given = con

        def get() -> sqlite3.Connection:  # (a connection is callable itself: tested first)
            return given if isinstance(given, sqlite3.Connection) else given()

        def near(year: int, station: str, serial: int) -> Neighbours:
            return near_serials(get(), year, station, serial)

        def size(year: int, station: str, most: int) -> int:  # (counted up to most + 1: a big one stops early)
            return int(get().execute("SELECT COUNT(*) FROM (SELECT 1 FROM serials WHERE station=? AND year=? "
                                     "LIMIT ?)", (station, year, most + 1)).fetchone()[0])

        if not serials_ready(get()):  # (an archive made before the serials table reads post-years whole)
            return cls(load=lambda year, station: station_serials(get(), year, station))
        return cls(load=lambda year, station: table_serials(get(), year, station), near=near, size=size)

    def citing(self, con: sqlite3.Connection, ids: list[str]) -> dict[str, date]:
        """The earliest day a cable of the archive cites each of ``ids``, remembered (a much-cited absent
        cable is in the thread of every cable citing it: its citers are read once per state of the archive)."""
        todo = [i for i in ids if i not in self._citing]
        if todo:
            found = earliest_citing(con, todo)
            with self._lock:
                if len(self._citing) > CITING_KEPT:
                    self._citing.clear()
                self._citing.update({i: found.get(i) for i in todo})
        return {i: d for i in ids if (d := self._citing.get(i)) is not None}

    def around(self, year: int, station: str, serial: int, many: int = 1) -> Neighbours:
        """What an absent cable's date is interpolated between: its post-year's present cables where they
        are held, or when ``many`` absent cables of it are dated at once and it is small enough for them
        (:data:`ROWS_PER_ABSENT`); else the nearest present cable on either side of ``serial`` (the same
        estimate: see :func:`cablebase.analysis.estimate.date_between`) where the archive has them
        indexed; else its post-year read whole."""
        key = (year, station)
        if self._near is not None and key not in self.groups and not self._small(key, many):
            return self._near(year, station, serial)
        return self.neighbours(year, station)

    def _small(self, key: tuple[int, str], many: int) -> bool:
        if self._size is None or many < WHOLE_FROM:
            return False
        found = self._whole.get(key)
        if found is None:
            most = many * ROWS_PER_ABSENT
            found = self._whole[key] = self._size(*key, most) <= most
        return found

    def neighbours(self, year: int, station: str) -> Neighbours:
        key = (year, station)
        found = self.groups.get(key)
        if found is None:
            found = self._load(year, station) if self._load else []
            if self._load:
                with self._lock:
                    self.groups[key] = found
        return found


def station_serials(con: sqlite3.Connection, year: int, station: str) -> Neighbours:
    """One post-year's present cables from SQLite (by the id's prefix: ``07MADRID`` and ``2007MADRID``)."""
    rows: list[tuple[str, str | None]] = []
    for prefix in (f"{year % 100:02d}{station}", f"{year}{station}"):
        rows += con.execute("SELECT id, date FROM cables WHERE id GLOB ?", (prefix + "[0-9]*",)).fetchall()
    return Serials(rows).neighbours(year, station)


def table_serials(con: sqlite3.Connection, year: int, station: str) -> Neighbours:
    """One post-year's dated present cables from the ``serials`` table: the same as
    :func:`station_serials`, in half the time (at 2,000,000 cables, 1975 STATE's 105,410 cables in 253 ms
    against 500, 2,064 of 1976 MOSCOW in 8 against 14)."""
    return sorted((serial, d) for serial, iso in
                  con.execute("SELECT serial, day FROM serials WHERE station=? AND year=?", (station, year))
                  if (d := day(iso)) is not None)


def near_serials(con: sqlite3.Connection, year: int, station: str, serial: int) -> Neighbours:
    """The dated present cables of a post-year nearest ``serial`` on either side (on a tie of serials, the
    later day below and the earlier above, as in a whole post-year), from the ``serials`` table (see
    :mod:`cablebase.archive.lookups`)."""
    out: Neighbours = []
    for sql in (_NEAR.format("<", "DESC"), _NEAR.format(">", "ASC")):
        for number, iso in con.execute(sql, (station, year, serial)):
            if (d := day(iso)) is not None:
                out.append((number, d))
                break
    return sorted(out)


_NEAR = ("SELECT serial, day FROM serials WHERE station=? AND year=? AND serial{0}? AND day IS NOT NULL "
         "ORDER BY serial {1}, day {1}")


_HIGHEST: dict[tuple[int, str], int] | None = None


def universe_highest() -> dict[tuple[int, str], int]:
    """The highest serial of each post-year in the Cablegate universe (cables known to have existed)."""
    global _HIGHEST
    if _HIGHEST is None:
        top: dict[tuple[int, str], int] = {}
        for ident in reference.canonical_universe():
            parts = split_id(ident)
            if parts and parts[2] > top.get(parts[:2], 0):
                top[parts[:2]] = parts[2]
        _HIGHEST = top
    return _HIGHEST


def absent_date(ident: str, neighbours: Neighbours, before: date | None = None) -> DateEstimate | None:
    """The estimated date of an absent cable (None for an id without a year, station and serial)."""
    parts = split_id(ident)
    if not parts:
        return None
    year, _, serial = parts
    if not 1 <= year <= 9999:
        return None
    month = reference.canonical_universe().get(ident) or None
    return date_between(year, serial, neighbours, month, before)


def absent_dates(con: sqlite3.Connection, ids: Iterable[str], serials: Serials,
                 citing: dict[str, date] | None = None) -> dict[str, DateEstimate]:
    """The estimated dates of absent cables, each bounded by the earliest cable of the whole archive citing
    it (so that a cable has one date in every view: a thread, a query's graph, the gaps); ``citing``: those
    days when the caller has them (the whole archive's graph holds every citing cable)."""
    ids = list(ids)
    citing = citing if citing is not None else serials.citing(con, ids)
    posts = Counter(parts[:2] for ident in ids if (parts := split_id(ident)))
    out = {}
    for ident in ids:
        parts = split_id(ident)
        if parts:
            neighbours = serials.around(*parts, many=posts[parts[:2]])
            est = absent_date(ident, neighbours, citing.get(ident))
            if est is not None:
                out[ident] = est
    return out
