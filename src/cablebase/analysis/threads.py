"""Threads: the chain of cables a cable rests on (what it cites, and what those cite) and the chain that
rests on it (what cites it, and so on), read from the archive's REF edges.

:func:`walk` is the graph walk alone (breadth first, so each cable appears once, at the smallest depth it
is reached at: cycles and self-references end there); :func:`thread` reads the edges and the dates from
SQLite a level at a time, so a thread costs a few small queries, never the whole graph.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cablebase import reference
from cablebase.analysis.serials import Serials, absent_dates
from cablebase.analysis.sql import CABLE_COLUMNS, chunks, day, in_list

DEPTH = 4  # levels followed each way by default
LIMIT = 500  # cables listed each way at most (a much-cited cable's descendants grow fast)


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    depth: int
    via: str  # the cable it was reached from: the one citing it (ancestors), the one it cites (descendants)


Neighbours = Callable[[list[str], int], tuple[dict[str, list[str]], bool]]


def walk(start: str, neighbours: Neighbours, depth: int = DEPTH, limit: int = LIMIT) -> tuple[list[Step], bool]:
    """Every cable reachable from ``start`` within ``depth`` steps, each once, with the step it was first
    reached by. ``neighbours(level, most)`` gives a level's cables (in sorted order) their next cables, at
    most ``most`` links in all, taken in that order, and whether that was all of them: a much-cited cable's
    level is read only as far as the walk can use it (and further only when links to cables already met
    used up the reading). Returns the steps and whether ``limit`` cut the walk short."""
    seen = {start}
    steps: list[Step] = []
    level = [start]
    for d in range(1, depth + 1):
        most = limit - len(steps) + 1
        while True:
            found, complete = neighbours(level, most)
            new: list[Step] = []
            met: set[str] = set()
            for parent in level:
                for n in found.get(parent, ()):
                    if n not in seen and n not in met:
                        met.add(n)
                        new.append(Step(n, d, parent))
            if complete or len(steps) + len(new) > limit:
                break
            most *= 2  # (links to cables met before took part of the reading: read further)
        if len(steps) + len(new) > limit:
            steps += new[: limit - len(steps)]
            return steps, True
        steps += new
        seen |= met
        if not new:
            break
        level = sorted(met)
    return steps, False


def _edges(con: sqlite3.Connection, sql: str, column: str, order: str = "1, 2") -> Neighbours:
    """A level's links read in ``order`` (one an index gives, so that the first ``most`` are read alone)."""
    def neighbours(ids: list[str], most: int) -> tuple[dict[str, list[str]], bool]:
        out: dict[str, list[str]] = {}
        read = 0
        for part in chunks(ids):
            rows = con.execute(f"{sql} WHERE {in_list(column, len(part))} ORDER BY {order} LIMIT ?",
                               [*part, most - read]).fetchall()
            for a, b in rows:
                out.setdefault(a, []).append(b)
            read += len(rows)
            if read >= most:
                return out, False
        return out, True
    return neighbours


def links(con: sqlite3.Connection) -> tuple[Neighbours, Neighbours]:
    """The two ways a thread is walked: to the cables each cites (by id), and to the cables citing each (by
    day, the undated last, where the references are dated, so that a much-cited cable's first citers are
    read in the order of an index instead of all of them sorted; by id in an archive not dated yet)."""
    # (the archive package imports the analysis views)
    from cablebase.archive.lookups import BY_DAY, refs_dated

    down_order = f"dst, {BY_DAY}, src" if refs_dated(con) else "1, 2"
    return (_edges(con, "SELECT src, dst FROM refs", "src"),
            _edges(con, "SELECT dst, src FROM refs", "dst", down_order))


def entries(con: sqlite3.Connection, steps: list[Step], serials: Serials) -> list[dict[str, Any]]:
    """The thread's cables with their status, date (estimated for absent ones, with bounds) and subject,
    in time order (undated ones last)."""
    ids = [s.id for s in steps]
    present: dict[str, tuple[Any, ...]] = {}
    for part in chunks(ids):
        for row in con.execute(f"{CABLE_COLUMNS} {in_list('id', len(part))}", part):
            present[row[0]] = row
    known = reference.canonical_universe()
    estimates = absent_dates(con, [i for i in ids if i not in present], serials)
    out = []
    for s in steps:
        e: dict[str, Any] = {"id": s.id, "status": "present", "date": None, "date_bounds": None,
                             "depth": s.depth, "via": s.via}
        if s.id in present:
            _, iso, origin, classification, subject = present[s.id]
            e.update(date=(iso or "")[:10] or None, origin=origin, classification=classification, subject=subject)
        else:
            e["status"] = "known-absent" if s.id in known else "unknown"
            if s.id in estimates:
                e.update(estimates[s.id].fields())
        out.append(e)
    out.sort(key=lambda e: (e["date"] or "9999", e["depth"], e["id"]))
    return out


def thread(con: sqlite3.Connection, ident: str, depth: int = DEPTH, limit: int = LIMIT,
           serials: Serials | None = None) -> dict[str, Any]:
    """The thread of cable ``ident`` (its canonical id): ``ancestors`` (what it cites, recursively) and
    ``descendants`` (what cites it, recursively), each in time order. A cable the archive lacks has its
    estimated date (``serials``: the present cables' serials, read from SQLite as needed when not given)."""
    serials = serials or Serials.lazy(con)
    row = con.execute(f"{CABLE_COLUMNS} id=?", (ident,)).fetchone()
    head: dict[str, Any] = {"id": ident, "status": "present", "date": day(row[1]) if row else None,
                            "date_bounds": None}
    if row is None:
        head["status"] = "known-absent" if ident in reference.canonical_universe() else "unknown"
        if (est := absent_dates(con, [ident], serials).get(ident)) is not None:
            head.update(est.fields())
    elif head["date"] is not None:
        head["date"] = head["date"].isoformat()
    cites, cited_by = links(con)
    up, up_cut = walk(ident, cites, depth, limit)
    down, down_cut = walk(ident, cited_by, depth, limit)
    return {**head, "subject": row[4] if row else None, "origin": row[2] if row else None, "depth": depth,
            "ancestors": entries(con, up, serials), "descendants": entries(con, down, serials),
            "truncated": up_cut or down_cut}
