"""Hypothesis strategies for records: every field of :class:`cablebase.model.Cable` and its parts, with the
values a JSON form can carry (no lone surrogates, 53-bit integers, UTC dates)."""

from __future__ import annotations

from datetime import UTC

from hypothesis import strategies as st

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
    StoredCable,
    Tag,
    Transmission,
)

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
opt_text = st.none() | text
opt_int = st.none() | st.integers(-(2**53), 2**53)
texts = st.lists(text, max_size=3).map(tuple)


def _tuples(strategy: st.SearchStrategy, size: int = 3) -> st.SearchStrategy:  # type: ignore[type-arg]
    return st.lists(strategy, max_size=size).map(tuple)


provenances = st.builds(Provenance, path=text, format=text, locator=text, sha256=text, version_label=text)
addressees = st.builds(Addressee, text=text, ri=opt_text, address=text, post=opt_text, country=opt_text,
                       precedence=opt_text, mcn=opt_text, collective=st.booleans(), office=opt_text)
de_lines = st.builds(DEline, station_ri=text, serial=opt_int, section=opt_int, julian_day=opt_int, time=opt_text)
transmissions = st.builds(Transmission, tid=opt_text, channel=opt_text, routing_precedence=opt_text,
                          routing=texts, de=st.none() | de_lines, security_warning=opt_text,
                          release_codes=opt_text, operating_signals=texts, dtg=opt_text)
tags = st.builds(Tag, code=text, kind=text, meaning=opt_text)
references = st.builds(Reference, text=text, kind=st.sampled_from(["cable", "email", "note", "other"]),
                       letter=opt_text, id=opt_text, station=opt_text, serial=opt_int, year=opt_int,
                       notal=st.booleans())
page_marks = st.builds(PageMark, text=text, line=st.integers(0, 10**6), kind=text, station=opt_text,
                       serial=opt_int, number=opt_text, total=opt_int)
paragraphs = st.builds(Paragraph, number=opt_int, marking=opt_text, text=text, written=opt_text, heading=opt_text)
diagnostics = st.builds(Diagnostic, code=text, message=text)
# container metadata is a mapping in the JSON form: its keys are distinct
metadata = st.dictionaries(text, text, max_size=3).map(lambda d: tuple(d.items()))

cables = st.builds(
    Cable, id=opt_text, published_id=opt_text, raw=text, provenance=provenances, origin=opt_text,
    origin_ri=opt_text, origin_country=opt_text, serial=opt_int, date=st.none() | st.datetimes(timezones=st.just(UTC)),
    date_source=opt_text, precedence=opt_text, info_precedence=opt_text, transmission=transmissions,
    sender=st.none() | addressees, to=_tuples(addressees), info=_tuples(addressees), exempt=_tuples(addressees),
    classification=opt_text, classification_line=opt_text, caveats=texts,
    classified_by=st.none() | st.builds(ClassifiedBy, text=text, person=opt_text, title=opt_text, reasons=texts),
    declassification=st.none() | st.builds(Declassification, text=text, order=opt_text, instruction=opt_text,
                                           date=opt_text),
    tags=_tuples(tags), subject=opt_text, references=_tuples(references), page_marks=_tuples(page_marks),
    sections=opt_int, paragraphs=_tuples(paragraphs), summary=opt_text, comment=opt_text,
    redactions=st.integers(0, 10**6), signers=texts, body=text, partial=st.booleans(), text_of=opt_text,
    metadata=metadata, diagnostics=_tuples(diagnostics))

stored_cables = st.builds(StoredCable, cable=cables.filter(lambda c: bool(c.id)), version=st.integers(1, 99),
                          decoder=st.none() | st.integers(1, 99))
