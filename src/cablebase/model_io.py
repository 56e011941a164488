"""Records back from their JSON form: the inverse of :meth:`cablebase.model.Cable.to_dict`.

The archive stores ``to_dict()`` output and every layer above it (index, web, CLI, re-decoder) works on
the typed :class:`~cablebase.model.Cable` rebuilt here, so that a field is named in one place. Records
stored by an older cablebase may lack keys added since (``date_source``, ``text_of``, ...): each missing
key takes the field's default, and keys this cablebase does not know are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from cablebase.model import (
    Addressee,
    Cable,
    ClassifiedBy,
    Declassification,
    DEline,
    Diagnostic,
    PageMark,
    Paragraph,
    Provenance,
    Reference,
    Tag,
    Transmission,
)

Json = Mapping[str, Any]


def parse_date(text: str | None) -> datetime | None:
    """The inverse of :func:`cablebase.model.iso_date` (``Z`` reads as UTC)."""
    return datetime.fromisoformat(text) if text else None


def _strs(items: Any) -> tuple[str, ...]:
    return tuple(items or ())


def provenance(d: Json | None) -> Provenance:
    d = d or {}
    return Provenance(path=d.get("path", ""), format=d.get("format", ""), locator=d.get("locator", ""),
                      sha256=d.get("sha256", ""), version_label=d.get("version_label", ""))


def addressee(d: Json) -> Addressee:
    return Addressee(text=d.get("text", ""), ri=d.get("ri"), address=d.get("address", ""), post=d.get("post"),
                     country=d.get("country"), precedence=d.get("precedence"), mcn=d.get("mcn"),
                     collective=d.get("collective", False), office=d.get("office"))


def de_line(d: Json) -> DEline:
    return DEline(station_ri=d.get("station_ri", ""), serial=d.get("serial"), section=d.get("section"),
                  julian_day=d.get("julian_day"), time=d.get("time"))


def transmission(d: Json | None) -> Transmission:
    d = d or {}
    de = d.get("de")
    return Transmission(tid=d.get("tid"), channel=d.get("channel"), routing_precedence=d.get("routing_precedence"),
                        routing=_strs(d.get("routing")), de=de_line(de) if de is not None else None,
                        security_warning=d.get("security_warning"), release_codes=d.get("release_codes"),
                        operating_signals=_strs(d.get("operating_signals")), dtg=d.get("dtg"))


def classified_by(d: Json) -> ClassifiedBy:
    return ClassifiedBy(text=d.get("text", ""), person=d.get("person"), title=d.get("title"),
                        reasons=_strs(d.get("reasons")))


def declassification(d: Json) -> Declassification:
    return Declassification(text=d.get("text", ""), order=d.get("order"), instruction=d.get("instruction"),
                            date=d.get("date"))


def tag(d: Json) -> Tag:
    return Tag(code=d.get("code", ""), kind=d.get("kind", "unknown"), meaning=d.get("meaning"))


def reference(d: Json) -> Reference:
    return Reference(text=d.get("text", ""), kind=d.get("kind", "other"), letter=d.get("letter"), id=d.get("id"),
                     station=d.get("station"), serial=d.get("serial"), year=d.get("year"),
                     notal=d.get("notal", False))


def page_mark(d: Json) -> PageMark:
    return PageMark(text=d.get("text", ""), line=d.get("line", 0), kind=d.get("kind", "page"),
                    station=d.get("station"), serial=d.get("serial"), number=d.get("number"), total=d.get("total"))


def paragraph(d: Json) -> Paragraph:
    return Paragraph(number=d.get("number"), marking=d.get("marking"), text=d.get("text", ""),
                     written=d.get("written"), heading=d.get("heading"))


def diagnostic(d: Json) -> Diagnostic:
    return Diagnostic(code=d.get("code", ""), message=d.get("message", ""))


def _tags(d: Json) -> tuple[Tag, ...]:
    """TAGS with their kinds; a record without the detail (none has been stored so, but the flat list
    is the one key a reader can count on) keeps its codes, of unknown kind."""
    if "tag_details" in d:
        return tuple(tag(t) for t in d["tag_details"] or ())
    return tuple(Tag(code, "unknown") for code in d.get("tags") or ())


def _references(d: Json) -> tuple[Reference, ...]:
    """REF items; from the flat list of cited ids when a record has no items (as for ``_tags``)."""
    if "reference_items" in d:
        return tuple(reference(r) for r in d["reference_items"] or ())
    return tuple(Reference(text=ident, kind="cable", id=ident) for ident in d.get("references") or ())


def _optional(d: Json, key: str, build: Any) -> Any:
    value = d.get(key)
    return build(value) if value is not None else None


def cable(d: Json) -> Cable:
    """The :class:`Cable` whose ``to_dict()`` is ``d``: ``cable(c.to_dict()) == c`` for every cable whose
    container metadata has distinct keys (the JSON form holds them as an object)."""
    return Cable(
        id=d.get("id"),
        published_id=d.get("published_id"),
        raw=d.get("raw", ""),
        provenance=provenance(d.get("source")),
        origin=d.get("origin"),
        origin_ri=d.get("origin_ri"),
        origin_country=d.get("origin_country"),
        serial=d.get("serial"),
        date=parse_date(d.get("date")),
        date_source=d.get("date_source"),
        precedence=d.get("precedence"),
        info_precedence=d.get("info_precedence"),
        transmission=transmission(d.get("transmission")),
        sender=_optional(d, "sender", addressee),
        to=tuple(addressee(a) for a in d.get("to") or ()),
        info=tuple(addressee(a) for a in d.get("info") or ()),
        exempt=tuple(addressee(a) for a in d.get("exempt") or ()),
        classification=d.get("classification"),
        classification_line=d.get("classification_line"),
        caveats=_strs(d.get("caveats")),
        classified_by=_optional(d, "classified_by", classified_by),
        declassification=_optional(d, "declassification", declassification),
        tags=_tags(d),
        subject=d.get("subject"),
        references=_references(d),
        page_marks=tuple(page_mark(p) for p in d.get("page_marks") or ()),
        sections=d.get("sections"),
        paragraphs=tuple(paragraph(p) for p in d.get("paragraphs") or ()),
        summary=d.get("summary"),
        comment=d.get("comment"),
        redactions=d.get("redactions", 0),
        signers=_strs(d.get("signers")),
        body=d.get("body", ""),
        partial=d.get("partial", False),
        text_of=d.get("text_of"),
        metadata=tuple((d.get("metadata") or {}).items()),
        diagnostics=tuple(diagnostic(x) for x in d.get("diagnostics") or ()),
    )
