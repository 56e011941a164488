"""The few SQL reads the analysis views share: rows for a list of ids (in chunks under SQLite's limit on
parameters), a cable's columns, and the earliest cable citing each of some cables."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

# The columns a view shows of a present cable
CABLE_COLUMNS = "SELECT id, date, origin, classification, subject FROM cables WHERE"


def chunks(ids: list[str], size: int = 900) -> Iterator[list[str]]:
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def in_list(column: str, n: int) -> str:
    return f"{column} IN ({','.join('?' * n)})"


def rows_for(con: sqlite3.Connection, sql: str, ids: list[str] | None, column: str,
             order: str = "") -> list[tuple[Any, ...]]:
    """The rows of ``sql`` (which ends in a WHERE clause to complete) for the given ids, or for every cable
    (``ids`` None); with ``order`` (``"src, dst"``), each batch of ids' rows in that order, so that they do
    not come in whatever order the index SQLite chooses gives them."""
    if ids is None:
        return con.execute(sql + " 1").fetchall()
    rows: list[tuple[Any, ...]] = []
    for part in chunks(ids):
        rows += con.execute(sql + " " + in_list(column, len(part)) + (f" ORDER BY {order}" if order else ""),
                            part).fetchall()
    return rows


def day(iso: str | None) -> date | None:
    """The day of a stored ISO date (``2007-01-25T12:00:00Z``)."""
    if not iso or len(iso) < 10:
        return None
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


def earliest_citing(con: sqlite3.Connection, ids: Iterable[str]) -> dict[str, date]:
    """The day of the earliest cable of the archive citing each of ``ids`` (the same for every view of a
    cable, whatever query it was reached by): one step down the index of ``refs.day`` per id, or, in an
    archive whose references are not dated yet (see :func:`cablebase.archive.lookups.fill`), a join
    over all the citers."""
    # (the archive package imports the analysis views)
    from cablebase.archive.lookups import BY_DAY, refs_dated

    out: dict[str, date] = {}
    if refs_dated(con):
        for ident in sorted(set(ids)):
            (iso,) = con.execute(f"SELECT MIN({BY_DAY}) FROM refs WHERE dst=?", (ident,)).fetchone()
            if (d := day(iso)) is not None:
                out[ident] = d
        return out
    for part in chunks(sorted(set(ids))):
        for dst, iso in con.execute("SELECT refs.dst, MIN(cables.date) FROM refs JOIN cables ON cables.id = refs.src "
                                    f"WHERE {in_list('refs.dst', len(part))} GROUP BY refs.dst", part):
            if (d := day(iso)) is not None:
                out[dst] = d
    return out
