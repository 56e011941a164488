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
from datetime import date
from typing import Any

from cablebase.analysis.graph import CABLE_COLUMNS, chunks, in_list
from cablebase.analysis.serials import absent_date, day, station_serials, universe_months
from cablebase.decode.ids import split_id

DEPTH = 4  # levels followed each way by default
LIMIT = 500  # cables listed each way at most (a much-cited cable's descendants grow fast)


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    depth: int
    via: str  # the cable it was reached from: the one citing it (ancestors), the one it cites (descendants)


def walk(start: str, neighbours: Callable[[list[str], int], dict[str, list[str]]], depth: int = DEPTH,
         limit: int = LIMIT) -> tuple[list[Step], bool]:
    """Every cable reachable from ``start`` within ``depth`` steps, each once, with the step it was first
    reached by. ``neighbours(level, most)`` gives a level's cables (in sorted order) their next cables, at
    most ``most`` in all, taken in that order: a much-cited cable's level is not read past what the walk
    can use. Returns the steps and whether ``limit`` cut the walk short."""
    seen = {start}
    steps: list[Step] = []
    level = [start]
    for d in range(1, depth + 1):
        # at most len(seen) of the next cables were met before: one more than room shows that more remain
        found = neighbours(level, limit - len(steps) + len(seen) + 1)
        nxt = []
        for parent in level:
            for n in found.get(parent, ()):
                if n in seen:
                    continue
                if len(steps) >= limit:
                    return steps, True
                seen.add(n)
                steps.append(Step(n, d, parent))
                nxt.append(n)
        if not nxt:
            break
        level = sorted(nxt)
    return steps, False


def _edges(con: sqlite3.Connection, sql: str, column: str) -> Callable[[list[str], int], dict[str, list[str]]]:
    def neighbours(ids: list[str], most: int) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for part in chunks(ids):
            rows = con.execute(f"{sql} WHERE {in_list(column, len(part))} ORDER BY 1, 2 LIMIT ?", [*part, most])
            for a, b in rows:
                out.setdefault(a, []).append(b)
                most -= 1
            if most <= 0:
                break
        return out
    return neighbours


def entries(con: sqlite3.Connection, steps: list[Step], dated: dict[str, date | None]) -> list[dict[str, Any]]:
    """The thread's cables with their status, date (estimated for absent ones, with bounds) and subject,
    in time order (undated ones last). ``dated``: the day of each cable known so far (the citing cable's
    bounds an absent cable's date)."""
    ids = [s.id for s in steps]
    present: dict[str, tuple[Any, ...]] = {}
    for part in chunks(ids):
        for row in con.execute(f"{CABLE_COLUMNS} {in_list('id', len(part))}", part):
            present[row[0]] = row
    known = universe_months()
    stations: dict[tuple[int, str], list[tuple[int, date]]] = {}
    out = []
    for s in steps:
        e: dict[str, Any] = {"id": s.id, "status": "present", "date": None, "date_bounds": None,
                             "depth": s.depth, "via": s.via}
        if s.id in present:
            _, iso, origin, classification, subject = present[s.id]
            e.update(date=(iso or "")[:10] or None, origin=origin, classification=classification, subject=subject)
        else:
            e["status"] = "known-absent" if s.id in known else "unknown"
            parts = split_id(s.id)
            if parts:
                key = (parts[0], parts[1])
                if key not in stations:
                    stations[key] = station_serials(con, *key)
                # (only archive cables cite: an absent cable is an ancestor, cited by its ``via``)
                est = absent_date(s.id, stations[key], dated.get(s.via))
                if est is not None:
                    e.update(date=est.day.isoformat(), date_bounds=[est.low.isoformat(), est.high.isoformat()])
        dated[s.id] = day(e["date"])
        out.append(e)
    out.sort(key=lambda e: (e["date"] or "9999", e["depth"], e["id"]))
    return out


def thread(con: sqlite3.Connection, ident: str, depth: int = DEPTH, limit: int = LIMIT) -> dict[str, Any]:
    """The thread of cable ``ident`` (its canonical id): ``ancestors`` (what it cites, recursively) and
    ``descendants`` (what cites it, recursively), each in time order."""
    row = con.execute(f"{CABLE_COLUMNS} id=?", (ident,)).fetchone()
    here = day(row[1]) if row else None
    bounds = None
    if row is None and (parts := split_id(ident)):  # a cited cable the archive lacks: its estimated date
        est = absent_date(ident, station_serials(con, parts[0], parts[1]))
        if est is not None:
            here, bounds = est.day, [est.low.isoformat(), est.high.isoformat()]
    up, up_cut = walk(ident, _edges(con, "SELECT src, dst FROM refs", "src"), depth, limit)
    down, down_cut = walk(ident, _edges(con, "SELECT dst, src FROM refs", "dst"), depth, limit)
    ancestors = entries(con, up, {ident: here})
    descendants = entries(con, down, {ident: here})
    return {"id": ident, "status": "present" if row else ("known-absent" if ident in universe_months() else "unknown"),
            "date": here.isoformat() if here else None, "date_bounds": bounds, "subject": row[4] if row else None,
            "origin": row[2] if row else None, "depth": depth, "ancestors": ancestors, "descendants": descendants,
            "truncated": up_cut or down_cut}
