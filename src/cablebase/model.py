"""The cable record: one immutable, fully decoded telegram.

Every other part of cablebase (archive, index, web, exports) is a view of these records. A record keeps
the raw text it was decoded from and where that text came from, so it can always be decoded again.
Oddities are never raised: they are kept as :class:`Diagnostic` entries on the record, the way Python's
``email`` package keeps *defects* on a message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, overload

from cablebase.container import Container


@overload
def iso_date(date: datetime) -> str: ...


@overload
def iso_date(date: datetime | None) -> str | None: ...


def iso_date(date: datetime | None) -> str | None:
    """A record's date in its JSON form: ISO 8601, UTC written ``Z`` (``2007-03-05T19:24:00Z``)."""
    return date.isoformat().replace("+00:00", "Z") if date else None


def _plain(obj: Any) -> dict[str, Any]:
    """A flat part of a record as a dict, field by field: what :func:`dataclasses.asdict` gives for it,
    six times quicker (asdict copies every value deeply, and a record is a few hundred of them)."""
    return {name: getattr(obj, name) for name in obj.__slots__}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """An anomaly found while reading or decoding: a stable ``code`` and a human ``message``."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where the raw text came from: file, container format, position inside it, hash of the raw bytes."""

    path: str
    format: str
    locator: str = ""  # row number, byte offset or page, for multi-record files
    sha256: str = ""
    version_label: str = ""  # e.g. "v1-seen-2010-12-08" for files under versions/


@dataclass(frozen=True, slots=True)
class Addressee:
    """One FM/TO/INFO/XMT line: ``RUEHC/SECSTATE WASHDC IMMEDIATE 5650``."""

    text: str  # the line as written (without the TO/INFO keyword)
    ri: str | None = None  # routing indicator before the slash
    address: str = ""  # plain-language address (PLA)
    post: str | None = None  # resolved post / addressee name from the reference tables
    country: str | None = None
    precedence: str | None = None
    mcn: str | None = None  # message continuity number: "5650", "7721-7722"
    collective: bool = False
    office: str | None = None  # "J-3/J-5" from "//J-3/J-5//"


@dataclass(frozen=True, slots=True)
class DEline:
    """FL3 ``DE RUEHME #1102/01 0641924``: originating station, serial, section, Julian time of file."""

    station_ri: str
    serial: int | None = None
    section: int | None = None
    julian_day: int | None = None
    time: str | None = None  # HHMM


@dataclass(frozen=True, slots=True)
class Transmission:
    """The DTS routing header (format lines FL1-FL5)."""

    tid: str | None = None  # VZCZCXRO5978
    channel: str | None = None  # XRO
    routing_precedence: str | None = None  # FL2 letters, e.g. "OO"
    routing: tuple[str, ...] = ()  # FL2 relay/delivery RIs
    de: DEline | None = None
    security_warning: str | None = None  # "ZNR UUUUU"
    release_codes: str | None = None  # "CCCBB/FFFFF" style extras
    operating_signals: tuple[str, ...] = ()  # ZZH, ZUI ..., ZDK trailing the DTG
    dtg: str | None = None  # "051924Z MAR 07" as written


@dataclass(frozen=True, slots=True)
class Declassification:
    """The E.O. line: executive order and declassification instruction."""

    text: str
    order: str | None = None  # "12958"
    instruction: str | None = None  # "N/A", "DECL: 09/07/2017", "OADR" ...
    date: str | None = None  # ISO date when one could be read


@dataclass(frozen=True, slots=True)
class ClassifiedBy:
    """``Classified By: Ambassador Ryan C. Crocker, Reasons 1.4 (b) and (d)``."""

    text: str
    person: str | None = None
    title: str | None = None
    reasons: tuple[str, ...] = ()  # ("1.4 (b)", "1.4 (d)")


@dataclass(frozen=True, slots=True)
class Tag:
    """One TAGS entry with its kind (subject, geographic, program, organization, person, unknown)."""

    code: str
    kind: str
    meaning: str | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    """One REF item. ``kind`` is ``cable`` for telegrams (then ``id`` is canonical), else a typed
    non-cable reference (``email``, ``telcon``, ``report``, ``un``, ``manual``, ``open-source``,
    ``dtg``, ``airgram``, ``memcon``, ``letter``, ``other``) that never becomes an id, or a ``note`` of the
    archive in place of the list ("TELEGRAM TEXT FOR THIS MRN IS UNAVAILABLE")."""

    text: str
    kind: str
    letter: str | None = None
    id: str | None = None
    station: str | None = None
    serial: int | None = None
    year: int | None = None
    notal: bool = False


@dataclass(frozen=True, slots=True)
class PageMark:
    """A section header or print page line removed from the reading text."""

    text: str
    line: int  # line number in the decoded text (1-based)
    kind: str  # "section" (MEXICO 00001102 002 OF 003) or "page" (PAGE 02 ROME 01196 ...)
    station: str | None = None
    serial: int | None = None
    number: str | None = None  # "002" or "002.8"
    total: int | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A numbered (or unnumbered) paragraph of the body with its portion marking."""

    number: int | None
    marking: str | None
    text: str
    written: str | None = None  # the number as it appeared when it was corrected ("15" for 5)
    heading: str | None = None  # a heading line just before the paragraph


@dataclass(frozen=True, slots=True)
class Cable:
    """One decoded cable. Immutable; build new ones with :func:`dataclasses.replace`."""

    id: str | None
    published_id: str | None
    raw: str
    provenance: Provenance
    origin: str | None = None
    origin_ri: str | None = None
    origin_country: str | None = None
    serial: int | None = None
    date: datetime | None = None
    # where the date comes from: "dtg" (the cable's own date-time group), "date-line" (the DTG as a Cablegate page
    # printed it in words) or "container" (a page's or dump's date: the day, not the cable's minute)
    date_source: str | None = None
    precedence: str | None = None
    info_precedence: str | None = None
    transmission: Transmission = field(default_factory=Transmission)
    sender: Addressee | None = None
    to: tuple[Addressee, ...] = ()
    info: tuple[Addressee, ...] = ()
    exempt: tuple[Addressee, ...] = ()
    classification: str | None = None
    classification_line: str | None = None
    caveats: tuple[str, ...] = ()
    classified_by: ClassifiedBy | None = None
    declassification: Declassification | None = None
    tags: tuple[Tag, ...] = ()
    subject: str | None = None
    references: tuple[Reference, ...] = ()
    page_marks: tuple[PageMark, ...] = ()
    sections: int | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    summary: str | None = None
    comment: str | None = None
    redactions: int = 0
    signers: tuple[str, ...] = ()
    body: str = ""
    partial: bool = False
    text_of: str | None = None  # where a page shows another cable's text (07PARIS2725 shows MOSCOW 5154): its id
    metadata: tuple[tuple[str, str], ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    # -- views ---------------------------------------------------------------------------------------

    @property
    def meta(self) -> dict[str, str]:
        """Container metadata (page table, CSV columns, NARA fields) as a dict."""
        return dict(self.metadata)

    @property
    def container(self) -> Container:
        """What the container said about the cable, typed (its ``metadata`` read by :class:`Container`)."""
        return Container.from_fields(self.metadata)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    @property
    def reference_ids(self) -> list[str]:
        return [r.id for r in self.references if r.kind == "cable" and r.id]

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Cable:
        """The cable whose :meth:`to_dict` is ``d`` (missing keys, as in records of an older cablebase, take
        their defaults); see :mod:`cablebase.model_io`."""
        from cablebase import model_io  # (it builds on the classes of this module)

        return model_io.cable(d)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the flat keys readers expect first, the full detail after them. This is the
        wire and storage form only; code reads the typed fields."""
        return {
            "id": self.id,
            "published_id": self.published_id,
            "origin": self.origin,
            "origin_ri": self.origin_ri,
            "origin_country": self.origin_country,
            "serial": self.serial,
            "date": iso_date(self.date),
            "date_source": self.date_source,
            "precedence": self.precedence,
            "info_precedence": self.info_precedence,
            "classification": self.classification,
            "classification_line": self.classification_line,
            "caveats": list(self.caveats),
            "tags": [t.code for t in self.tags],
            "tag_details": [_plain(t) for t in self.tags],
            "subject": self.subject,
            "references": self.reference_ids,
            "reference_items": [_plain(r) for r in self.references],
            "signers": list(self.signers),
            "sender": _plain(self.sender) if self.sender else None,
            "to": [_plain(a) for a in self.to],
            "info": [_plain(a) for a in self.info],
            "exempt": [_plain(a) for a in self.exempt],
            "transmission": {**_plain(self.transmission), "de": _plain(de) if (de := self.transmission.de) else None},
            "classified_by": _plain(self.classified_by) if self.classified_by else None,
            "declassification": _plain(self.declassification) if self.declassification else None,
            "sections": self.sections,
            "page_marks": [_plain(p) for p in self.page_marks],
            "paragraphs": [
                {"number": p.number, "marking": p.marking, "text": p.text, "written": p.written,
                 "heading": p.heading}
                for p in self.paragraphs
            ],
            "summary": self.summary,
            "comment": self.comment,
            "redactions": self.redactions,
            "partial": self.partial,
            "text_of": self.text_of,
            "body": self.body,
            "metadata": dict(self.metadata),
            "diagnostics": [{"code": d.code, "message": d.message} for d in self.diagnostics],
            "source": _plain(self.provenance),
            "raw": self.raw,
        }


@dataclass(frozen=True, slots=True)
class StoredCable:
    """A cable as the archive keeps it: the record (whose id is always set: the archive names a cable
    without one from its text), its version among the texts seen for that id, and the decoder that made
    it (None in records from before decoders had numbers), so that a newer decoder knows to decode it
    again."""

    cable: Cable
    version: int = 1
    decoder: int | None = None

    @property
    def id(self) -> str:
        return self.cable.id or ""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> StoredCable:
        """A stored record from its JSON form (:meth:`to_dict`)."""
        return cls(Cable.from_dict(d), d.get("version", 1), d.get("decoder"))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form stored and served: the cable's, then ``decoder`` (left out when unknown) and
        ``version``."""
        d = self.cable.to_dict()
        if self.decoder is not None:
            d["decoder"] = self.decoder
        d["version"] = self.version
        return d
