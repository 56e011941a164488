"""Reference tables shipped with cablebase, and the one loader for them.

The tables are data files in ``reference/data`` (see that folder's provenance in the project README):

- ``routing_indicators.csv``: routing indicator -> post or addressee, kind, country
- ``tags.csv``: TAGS code -> kind and meaning
- ``station_variants.csv``: any spelling of a station (id, PLA, REF line, page header) -> canonical post
- ``refid_corrections.csv``: malformed published ids -> canonical ids
- ``cable2month.csv.gz``: the 251,287 Cablegate ids (the "universe") with their month

Every loader is cached: a table is read once per process, on first use.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

_NON_ALNUM = re.compile(r"[^A-Z0-9]+")


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files(__package__).joinpath("data", name).open(encoding="utf-8", newline="") as fh:  # type: ignore[call-overload]
        return list(csv.DictReader(fh))


def station_key(text: str) -> str:
    """Normalise a station spelling for lookup: upper case, letters and digits only."""
    return _NON_ALNUM.sub("", text.upper())


@dataclass(frozen=True, slots=True)
class Route:
    ri: str
    post: str
    kind: str
    country: str | None


@cache
def routing_table() -> dict[str, Route]:
    """RI -> its primary meaning (the first row of the RI in the table)."""
    table: dict[str, Route] = {}
    for row in _rows("routing_indicators.csv"):
        table.setdefault(row["ri"], Route(row["ri"], row["post"], row["kind"], row["country"] or None))
    return table


def route(ri: str) -> Route | None:
    return routing_table().get(ri)


@cache
def post_routes() -> dict[str, Route]:
    """Post display name -> its first RI (for posts that have one)."""
    table: dict[str, Route] = {}
    for r in routing_table().values():
        table.setdefault(r.post, r)
    return table


@dataclass(frozen=True, slots=True)
class TagInfo:
    code: str
    kind: str
    meaning: str | None


@cache
def tag_table() -> dict[str, TagInfo]:
    return {
        row["tag"]: TagInfo(row["tag"], row["kind"], row["meaning"] or None) for row in _rows("tags.csv")
    }


def tag_info(code: str) -> TagInfo | None:
    return tag_table().get(code)


@cache
def station_table() -> dict[str, str]:
    """Normalised station spelling -> canonical post (WikiLeaks display convention)."""
    table: dict[str, str] = {}
    for row in _rows("station_variants.csv"):
        table.setdefault(station_key(row["variant"]), row["canonical_post"])
    return table


@lru_cache(maxsize=16384)  # (addresses and class-line stations repeat across cables)
def station_post(text: str) -> str | None:
    """The canonical post for a station spelling (``SAO PAULO``, ``AMEMBASSY MEXICO``), or None."""
    return station_table().get(station_key(text))


@cache
def posts() -> frozenset[str]:
    return frozenset(station_table().values())


@cache
def corrections() -> dict[str, str]:
    return {row["published"]: row["canonical"] for row in _rows("refid_corrections.csv")}


@cache
def cablegate_universe() -> dict[str, int]:
    """Every Cablegate id as published -> month (1-12)."""
    out: dict[str, int] = {}
    path = resources.files(__package__).joinpath("data", "cable2month.csv.gz")
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="ascii") as fh:
        for line in fh:
            ident, _, month = line.strip().partition(",")
            if ident:
                out[ident] = int(month or 0)
    return out


@cache
def canonical_universe() -> dict[str, int]:
    """Every Cablegate id in its canonical form (as REF items and the archive name it) -> month (1-12; 0
    where the release gives none)."""
    fixes = corrections()
    return {fixes.get(i, i): m for i, m in cablegate_universe().items()}


_ID_RE = re.compile(r"^(\d{2})([A-Z]+?)(\d+)$")


@cache
def id_stations() -> dict[str, str]:
    """Canonical post -> the station string Cablegate ids use for it (the most frequent one)."""
    counts: dict[str, Counter[str]] = {}
    table = station_table()
    fixes = corrections()
    for ident in cablegate_universe():
        m = _ID_RE.match(fixes.get(ident, ident))
        if not m:
            continue
        station = m.group(2)
        post = table.get(station)
        if post:
            counts.setdefault(post, Counter())[station] += 1
    return {post: c.most_common(1)[0][0] for post, c in counts.items()}


@cache
def known_id_stations() -> frozenset[str]:
    out = set()
    for ident in cablegate_universe():
        m = _ID_RE.match(ident)
        if m:
            out.add(m.group(2))
    return frozenset(out)


def id_station_for(text: str) -> str | None:
    """The Cablegate id station for a station spelling (``SAO PAULO`` -> ``SAOPAULO``)."""
    key = station_key(text)
    if key in known_id_stations() and key in station_table():
        return key
    post = station_table().get(key)
    if post is None:
        return None
    return id_stations().get(post)


@cache
def glossary() -> dict[tuple[str, str], str]:
    """(kind, code) -> meaning for precedences, prosigns, security warnings, operating signals, caveats."""
    return {(row["kind"], row["code"]): row["meaning"] for row in _rows("glossary.csv")}


def meaning(kind: str, code: str | None) -> str | None:
    """What a header token means, e.g. ``meaning("caveat", "NODIS")``; None when the table does not say."""
    return glossary().get((kind, code.upper())) if code else None
