"""The cable's date: its date-time group, else one found where a copy or a page put it, else the container's.

``Cable.date_source`` says which: ``dtg`` (the header's DTG, or one found inside a header that lost its line
breaks), ``date-line`` (the date line of the late-2010 pages, the DTG in words), ``container`` (only the day a
page or a dump gives, not the cable's minute).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from cablebase.container import Container
from cablebase.decode.header import MONTHS, Header
from cablebase.model import Diagnostic


def date_of(header: Header, text: str, meta: Container, diags: list[Diagnostic]) -> tuple[datetime | None, str | None]:
    """The date and its source (see the module's docstring); what was odd goes to ``diags``."""
    date = header.date
    date_source = "dtg" if date else None
    if date is None and (found := _dtg_in_text(text)):  # a copy that lost its line breaks keeps the DTG inside
        date, date_source = found, "dtg"
        diags.append(Diagnostic("dtg-in-text", f"the date-time group was found inside the text: {date:%d%H%MZ %b %y}"))
    if date is None and (found := _date_line(text)):  # "Friday, 12 June 2009, 12:11": the DTG as a page printed it
        date, date_source = found, "date-line"
    if date is None:
        diags.append(Diagnostic("missing-dtg", "no date-time group; date taken from the container"
                                if meta.created_text else "no date-time group and no container date"))
        date = meta.created
        date_source = "container" if date else None
        if date is not None and date.minute and hour_in_minutes(date.hour, date.minute):
            diags.append(Diagnostic("meta-created-minutes", f"the container's time {date:%H:%M} has its hour in "
                                                            "its minutes (a known fault of the Dec 2010 pages); "
                                                            "the minutes are not the cable's"))
    return date, date_source


# a DTG inside a line (copies that lost their line breaks: "... ZZH O 171708Z NOV 09 FM AMEMBASSY ...")
_INNER_DTG = re.compile(r"(?<![\d/])(\d{2})(\d{2})(\d{2})Z\s+(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\s+(\d{2}|\d{4})(?!\d)")
# the date line of the Cablegate pages of late 2010 (the DTG's day and time, in words)
_DATE_WORDS = re.compile(r"\b[A-Z][a-z]+day, (\d{1,2}) ([A-Z][a-z]+) (\d{4}), (\d{1,2}):(\d{2})")


def _dtg_in_text(text: str) -> datetime | None:
    """A date-time group in the header of a text whose line breaks were lost: before its TAGS and SUBJECT
    (a REF item after them may cite a cable by its DTG), in the first 3,000 characters."""
    end = min([3000, *(i for i in (text.find("TAGS", 0, 3000), text.find("SUBJ", 0, 3000)) if i >= 0)])
    if "Z " not in text[:end] or (m := _INNER_DTG.search(text, 0, end)) is None:
        return None
    day, hour, minute, mon, year = m.groups()
    yy = int(year) % 100 if len(year) == 2 else int(year)
    if len(year) == 2:
        yy = 1900 + yy if yy >= 66 else 2000 + yy
    try:
        return datetime(yy, MONTHS[mon], int(day), int(hour), int(minute), tzinfo=UTC)
    except ValueError:
        return None


def _date_line(text: str) -> datetime | None:
    if "day, " not in text[:400] or (m := _DATE_WORDS.search(text, 0, 400)) is None:
        return None
    try:
        return datetime.strptime(f"{m.group(1)} {m.group(2)} {m.group(3)} {m.group(4)}:{m.group(5)}",
                                 "%d %B %Y %H:%M").replace(tzinfo=UTC)
    except ValueError:
        return None


def hour_in_minutes(hour: int, minute: int) -> bool:
    """The fault of the Dec 2010 pages' Created times: the hour (on a 12-hour clock) written as the minutes."""
    return minute in (hour % 12, (hour % 12) or 12)
