"""Canonical reference ids.

A Cablegate id is a two-digit year, the station as the id list writes it, and the serial without
padding: ``07MEXICO1102``. The same cable appears elsewhere as ``07MEXICO1102_a`` (PlusD),
``2007MEXICO01102`` (print exports) or under a malformed WikiLeaks id (``08ECTION01OF02MANAMA492``);
NARA records use ``1973ABIDJA00073``. :func:`canonical_id` maps all of them to one form.
"""

from __future__ import annotations

import re

from cablebase import reference

# (compiled once: a call of re.match/re.sub with a pattern string looks it up in re's cache each time)
_SUFFIX_TAG = re.compile(r"_[A-Z]\d*$")  # a suffix a dump put on an id ("_A", "_B2")

_ID = re.compile(r"^(\d{2}|\d{4})([A-Z][A-Z]*?)0*(\d+)(?:_[a-z]\d*)?$")


def make_id(year: int, station: str, serial: int) -> str:
    return f"{year % 100:02d}{station}{serial}"


def full_year(yy: int) -> int:
    """Two-digit cable years: 66-99 are 19xx, 00-65 are 20xx."""
    if yy >= 100:
        return yy
    return 1900 + yy if yy >= 66 else 2000 + yy


def canonical_id(published: str) -> tuple[str | None, str | None]:
    """Return ``(canonical id, note)``; ``note`` explains a correction, None when the id was already canonical.

    An id that cannot be read gives ``(None, reason)``.
    """
    text = published.strip().upper().replace(" ", "")
    if not text:
        return None, "empty id"
    fixes = reference.corrections()
    if text in fixes:
        return fixes[text], f"malformed id {published} corrected to {fixes[text]}"
    base = _SUFFIX_TAG.sub("", text)
    m = _ID.match(base)
    if not m:
        return None, f"unreadable id {published!r}"
    year_text, station, serial = m.groups()
    year = int(year_text)
    serial_no = int(serial)
    if station not in reference.known_id_stations():
        mapped = reference.id_station_for(station)
        if mapped:
            station = mapped
    canonical = make_id(year, station, serial_no)
    if canonical in fixes:
        canonical = fixes[canonical]
    note = None if canonical == text else f"id {published} read as {canonical}"
    return canonical, note


def split_id(ident: str) -> tuple[int, str, int] | None:
    """``07MEXICO1102`` -> ``(2007, "MEXICO", 1102)``."""
    m = _ID.match(ident)
    if not m:
        return None
    return full_year(int(m.group(1))), m.group(2), int(m.group(3))
