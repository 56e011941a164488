"""What each search field holds: the functions that pull its values out of a stored cable, and the
glosses shown beside a facet value. Pure functions; the catalogue (:mod:`cablebase.query.fields`) names
which column each one fills.

An extraction returns the values of one index column for one record; an empty list leaves the column
out of the document (a cable without an origin has no origin value to count or filter on).
"""

from __future__ import annotations

import calendar

from cablebase import reference
from cablebase.model import StoredCable, iso_date

Values = list[str] | list[int]


def cable_id(rec: StoredCable) -> list[str]:
    return [rec.id]


def day(rec: StoredCable) -> list[int]:
    """The date as a YYYYMMDD integer: what date ranges are matched against."""
    when = rec.cable.date
    return [when.year * 10000 + when.month * 100 + when.day] if when else []


def timestamp(rec: StoredCable) -> list[int]:
    """Seconds since 1970 to the minute: what results are sorted by date with."""
    when = rec.cable.date
    return [calendar.timegm((when.year, when.month, when.day, when.hour, when.minute, 0))] if when else []


def iso(rec: StoredCable) -> list[str]:
    """The date as the hits show it (stored, so a result list needs no record)."""
    return [iso_date(rec.cable.date)] if rec.cable.date else []


def month(rec: StoredCable) -> list[str]:
    when = rec.cable.date
    return [f"{when.year:04d}-{when.month:02d}"] if when else []


def year(rec: StoredCable) -> list[str]:
    when = rec.cable.date
    return [f"{when.year:04d}"] if when else []


def subject(rec: StoredCable) -> list[str]:
    return [rec.cable.subject or ""]


def body(rec: StoredCable) -> list[str]:
    return [rec.cable.body]


def text_words(rec: StoredCable) -> list[str]:
    """Subject and body together, for ``=word``, prefixes and fuzzy terms (unstemmed)."""
    return [(rec.cable.subject or "") + "\n" + rec.cable.body]


def tag_meanings(rec: StoredCable) -> list[str]:
    """The TAGS' meanings in words: ``"External Political Relations"`` finds PREL cables."""
    return [" ".join(t.meaning or "" for t in rec.cable.tags)]


def tag_codes(rec: StoredCable) -> list[str]:
    return [t.code for t in rec.cable.tags]


def origin(rec: StoredCable) -> list[str]:
    return [rec.cable.origin] if rec.cable.origin else []


def country(rec: StoredCable) -> list[str]:
    return [rec.cable.origin_country] if rec.cable.origin_country else []


def sender_words(rec: StoredCable) -> list[str]:
    """The originator: the post, and the FM line's address and post."""
    c = rec.cable
    sender = c.sender
    return [" ".join(filter(None, [c.origin, sender.address if sender else None, sender.post if sender else None]))]


def addressee_words(rec: StoredCable) -> list[str]:
    """TO and INFO addressees, one ``|`` apart so that a phrase does not run from one into the next."""
    c = rec.cable
    return [" | ".join(" ".join(filter(None, [a.address, a.post])) for a in c.to + c.info)]


def classification(rec: StoredCable) -> list[str]:
    return [rec.cable.classification] if rec.cable.classification else []


def caveats(rec: StoredCable) -> list[str]:
    return list(rec.cable.caveats)


def precedence(rec: StoredCable) -> list[str]:
    return [rec.cable.precedence] if rec.cable.precedence else []


def signer_words(rec: StoredCable) -> list[str]:
    return [" ".join(rec.cable.signers)]


def signers(rec: StoredCable) -> list[str]:
    return list(rec.cable.signers)


def cited_ids(rec: StoredCable) -> list[str]:
    return list(rec.cable.reference_ids)


# -- glosses: what a facet value means, shown beside it -------------------------------------------------

def tag_gloss(code: str) -> str | None:
    info = reference.tag_info(code)
    return info.meaning if info else None


def caveat_gloss(code: str) -> str | None:
    return reference.meaning("caveat", code)


def precedence_gloss(code: str) -> str | None:
    return reference.meaning("precedence", code)


def topic_number(value: str) -> str:
    """A topic filter's value as the index holds it: ``" 07"`` is ``7`` (anything else as given: no topic)."""
    text = value.strip()
    return str(int(text)) if text.isascii() and text.isdigit() else text
