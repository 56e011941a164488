"""The missing cables: per post and year, how many cables the post sent (estimated from the serials
present) and the share the archive holds; and the cables cited but absent, most cited first.

The estimate is the German tank problem's (see :mod:`cablebase.analysis.estimate`): it assumes one series
of serials a post-year, starting at 1, of which the archive holds a random sample. It fails where a post
restarted its numbering or used several series (the estimate is then too low or too high), where the
archive's cables are not a random sample of the year (a leak of one office's files), and where few cables
are present (the interval is then wide: ``reliable`` is false below
:data:`cablebase.analysis.estimate.FEW`).
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from cablebase import reference
from cablebase.analysis.estimate import CONFIDENCE, FEW, traffic
from cablebase.analysis.serials import Serials, absent_dates
from cablebase.analysis.sql import rows_for
from cablebase.decode.ids import split_id

METHOD = (f"Estimated from serial numbers: a post numbers its cables 1, 2, 3 ... each year, and the cables "
          f"present are taken as a random sample of that series. With k distinct serials present and the "
          f"highest m, the unbiased minimum-variance estimate of the year's total is m + m/k - 1 (the German "
          f"tank problem, as Gill and Spirling applied it to Cablegate), with an exact {CONFIDENCE:.0%} "
          f"interval, and never below a serial known to exist (listed in the Cablegate release, or cited: a row "
          f"whose estimate fell below one is marked unreliable). It fails where a post restarted its numbering or kept several series in a year, where "
          f"the cables present are not a random sample, and with few cables (fewer than {FEW} are marked "
          f"unreliable).")


def posts(cables: Iterable[tuple[Any, ...]], known: dict[tuple[int, str], int] | None = None) -> list[dict[str, Any]]:
    """One row per post-year (year and station of the id) of the ``cables`` (rows of id, date, origin, ...).
    ``known``: the highest serial known to exist per post-year (listed in the Cablegate release; not the
    serials cited, which may carry a year the decoder assumed):
    the estimate is never below it, and a row whose serial estimate was is marked unreliable (its cables
    are not a random sample of the year, or its series restarted)."""
    known = known or {}
    serials: dict[tuple[int, str], set[int]] = defaultdict(set)
    names: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for ident, _, origin, *_ in cables:
        parts = split_id(ident)
        if not parts:
            continue
        year, station, serial = parts
        if serial > 0:
            serials[year, station].add(serial)
            names[year, station][origin or station] += 1
    rows = []
    for (year, station), seen in serials.items():
        t = traffic(seen)
        floor = max(known.get((year, station), 0), t.highest)
        estimate, (low, high) = max(t.estimate, floor), t.interval
        rows.append({"origin": names[year, station].most_common(1)[0][0], "station": station, "year": year,
                     "present": t.present, "lowest": t.lowest, "highest": t.highest, "known_highest": floor,
                     "estimate": estimate, "interval": [max(low, floor), max(high, floor)],
                     "share": round(t.present / estimate, 4), "reliable": t.reliable and t.estimate >= floor,
                     "reason": (f"fewer than {FEW} cables present" if not t.reliable else
                                "below a serial the Cablegate release lists: not a random sample of the year"
                                if t.estimate < floor else None)})
    rows.sort(key=lambda r: (r["origin"], r["year"]))
    return rows


def absent(con: sqlite3.Connection, ids: list[str] | None, serials: Serials | None = None,
           limit: int | None = 100) -> tuple[list[dict[str, Any]], int]:
    """The cited cables the archive lacks, cited by the cables ``ids`` (None: all), most cited first
    (``limit`` of them; None: all); and how many there are in all."""
    cited_by: dict[str, list[str]] = defaultdict(list)
    for src, dst in rows_for(con, "SELECT src, dst FROM refs WHERE", ids, "src"):
        cited_by[dst].append(src)
    present = set()
    targets = list(cited_by)
    for part in rows_for(con, "SELECT id FROM cables WHERE", targets, "id"):
        present.add(part[0])
    missing = sorted((d for d in cited_by if d not in present), key=lambda d: (-len(cited_by[d]), d))
    total = len(missing)
    if limit is not None:
        missing = missing[:limit]
    estimates = absent_dates(con, missing, serials or Serials.lazy(con))
    known = reference.canonical_universe()
    out = []
    for d in missing:
        entry: dict[str, Any] = {"id": d, "status": "known-absent" if d in known else "unknown",
                                 "cited_by": sorted(cited_by[d]), "date": None, "date_bounds": None}
        if d in estimates:
            entry.update(estimates[d].fields())
        out.append(entry)
    return out, total
