"""What a container (a page, a dump's row, an export's record) says about its cable, beside the text.

Readers hand the decoder a :class:`Container`: the container's labelled fields as they were read (kept
verbatim, in the container's order, as the record's ``metadata``) and, parsed from them once, the fields
the decoder and the checks use, named and typed. The labels below are the only place where a container's
field name means something; a label that is not listed is kept in :attr:`Container.fields` and nowhere else.

=================  =================  ==============================================================
attribute          label(s)           meaning
=================  =================  ==============================================================
``id``             ``id``             the cable id the container states (Reference ID, Canonical ID,
                                      History Lab's ``doc_nbr``, a dump's id column), as written;
                                      checked against the text's id, never trusted over it
``claimed_id``     ``claimed_id``     an id-like value of a column that is sometimes another column
                                      (the Mongo exports' ``_id``, which may hold the references)
``created``        ``created``        the container's date and time of the cable (UTC), parsed; the
                                      decoder's date where the text has no date-time group
``created_text``   ``created``        the same as written (diagnostics quote it)
``released``       ``released``       when the container published the cable (Cablegate's Released)
``classification`` ``classification`` the level (and caveats) as the container states it
``origin``         ``origin``         the originating post as the container names it
                                      ("Embassy Astana"); checked against the text's
``references``     ``references``     the cable ids of a dump's references column, in its order
``row``            ``row``            the row number a ``cables.csv``-style dump gives the record
``title``          ``title``          the title a PlusD page gives the record
``version_label``  ``version_label``  which saved version of a page this is (``v2-seen-2011-04-25``),
                                      from the ``VERSIONS_INDEX.csv`` beside the pages
``first_seen``     ``first_seen``     the first day that version was seen in a mirror
``last_seen``      ``last_seen``      the last day that version was seen in a mirror
``version_source`` ``version_source`` the mirror repository the version was taken from
=================  =================  ==============================================================
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

# (compiled once: a call of re.match/re.sub with a pattern string looks it up in re's cache each time)
_WORDS_DATE = re.compile(r"(\d{4}) (\w+) (\d{1,2}), (\d{1,2}):(\d{2})")

__all__ = ["Container", "EMPTY", "parse_date"]

Fields = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Container:
    """A container's fields: ``fields`` as read (the stored form), the rest parsed from them (see the module's
    table). Build one with :meth:`from_fields`, so that the typed fields always agree with the stored ones
    (a record decoded again rebuilds its container from its stored ``metadata``). The fields the decoder reads
    (``id``, ``created``, ``classification``, ``origin``) are parsed when the container is made, the others
    when they are asked for."""

    fields: Fields = ()
    id: str | None = None
    created: datetime | None = None
    classification: str | None = None
    origin: str | None = None

    @classmethod
    def from_fields(cls, fields: Mapping[str, str] | Iterable[tuple[str, str]]) -> Container:
        """The container whose labelled fields are ``fields`` (a later label of the same name wins, in the
        place of the first, as in a dict)."""
        meta = fields if type(fields) is dict else dict(fields)
        if not meta:
            return EMPTY
        get = meta.get
        return cls(tuple(meta.items()), get("id") or None, parse_date(get("created")), get("classification") or None,
                   get("origin") or None)

    def with_fields(self, more: Mapping[str, str]) -> Container:
        """This container with ``more`` labelled fields (after its own, or in their place)."""
        return Container.from_fields({**dict(self.fields), **more}) if more else self

    def get(self, label: str, default: str | None = None) -> str | None:
        """A labelled field as read (for the fields of one container kind that have no name here)."""
        for k, v in self.fields:
            if k == label:
                return v
        return default

    @property
    def created_text(self) -> str | None:
        return self.get("created") or None

    @property
    def version_label(self) -> str | None:
        return self.get("version_label") or None

    @property
    def claimed_id(self) -> str | None:
        return self.get("claimed_id") or None

    @property
    def released(self) -> datetime | None:
        return parse_date(self.get("released"))

    @property
    def references(self) -> tuple[str, ...]:
        refs = self.get("references") or ""
        return tuple(r for r in (s.strip() for s in refs.replace(",", "|").split("|")) if r)

    @property
    def row(self) -> int | None:
        row = self.get("row")
        return int(row) if row and row.isdigit() else None

    @property
    def title(self) -> str | None:
        return self.get("title") or None

    @property
    def first_seen(self) -> date | None:
        return _day(self.get("first_seen"))

    @property
    def last_seen(self) -> date | None:
        return _day(self.get("last_seen"))

    @property
    def version_source(self) -> str | None:
        return self.get("version_source") or None


EMPTY = Container()

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2})")  # the common form, without strptime


def parse_date(text: str | None) -> datetime | None:
    """A container's date and time (UTC): ``2010-02-24 22:10``, ``2/24/2010 22:10``, ``2010-02-24``,
    ``1974 May 17, 16:00``; None for none or another form."""
    if not text:
        return None
    if m := _DATE.fullmatch(text.strip()):
        try:
            return datetime(*map(int, m.groups()), tzinfo=UTC)  # type: ignore[arg-type,misc]
        except ValueError:
            pass
    for fmt in ("%Y-%m-%d %H:%M", "%m/%d/%Y %H:%M", "%Y-%m-%d", "%Y %B %d, %H:%M"):
        try:
            return datetime.strptime(text.strip(), fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    m = _WORDS_DATE.match(text.strip())
    if m:
        try:
            return datetime.strptime(" ".join(m.groups()[:3]) + f" {m.group(4)}:{m.group(5)}",
                                     "%Y %B %d %H:%M").replace(tzinfo=UTC)
        except ValueError:
            return None
    return None


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
