"""Decoding: telegram text (plus the container's metadata) -> one :class:`~cablebase.model.Cable`.

Pure and total: any text gives a record, perhaps mostly empty, with diagnostics saying what was odd.
Readers know containers; this package knows telegram grammar.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from cablebase.container import EMPTY, Container
from cablebase.decode.body import drop_repeated_subject, parse_body
from cablebase.decode.classification import (
    CLASSIFIED_BY,
    ClassLine,
    caveats_in,
    parse_class_line,
    parse_classified_by,
    parse_eo,
    published_level,
)
from cablebase.decode.dating import date_of
from cablebase.decode.header import DTG, parse_header, year_doubted
from cablebase.decode.identity import check_container, identify, origin_of
from cablebase.decode.ids import canonical_id
from cablebase.decode.lines import BREAK
from cablebase.decode.pagemarks import strip_page_marks
from cablebase.decode.preamble import DATE_LINE, fields_before, is_label, parse_preamble, split_inner_labels
from cablebase.decode.refs import later_cited_year, parse_references, ref_items
from cablebase.decode.tags import parse_tags
from cablebase.decode.text import normalise
from cablebase.model import Cable, Diagnostic, Provenance, Reference, Tag

__all__ = ["decode", "DECODER_VERSION", "PARTIAL_NOTICE"]

# Bump when a change to the decoder changes what it makes of some text (not for speed-ups with the same
# output): an archive then decodes its stored records again, from the raw text each keeps, on its next
# ingest. What each version changed: docs/decoder-versions.md (add a line there with each bump).
DECODER_VERSION = 14

PARTIAL_NOTICE = re.compile(
    r"This record is a partial extract of the original cable\.\s*The full text of the original cable is not"
    r"\s+available\.?", re.I)
_LONE_PILCROW = re.compile(r"^[ \t]*¶[ \t]*\n(?=[ \t]*[A-Z0-9(])", re.M)
_PILCROW_EOL = re.compile(r"¶[ \t]*\n")  # opens with a literal: a quick test before the scan above
_HEADER_SCAN = 150


def decode(
    text: str,
    provenance: Provenance,
    *,
    published_id: str | None = None,
    container: Container | Mapping[str, str] | None = None,
    diagnostics: list[Diagnostic] | None = None,
) -> Cable:
    """Decode telegram ``text``; never raises (an internal failure becomes a ``decode-error`` diagnostic).

    ``container``: what the text's container says about it (a reader's :class:`Container`; a mapping of its
    labelled fields, as a stored record's ``metadata``, is read with :meth:`Container.from_fields`). Its
    ``fields`` are the record's ``metadata``."""
    meta = container if isinstance(container, Container) else Container.from_fields(container) if container \
        else EMPTY
    try:
        return _decode(text, provenance, published_id, meta, list(diagnostics or []))
    except Exception as exc:  # a decoder bug must not lose the record
        diags = [*(diagnostics or []), Diagnostic("decode-error", f"{type(exc).__name__}: {exc}")]
        ident = canonical_id(published_id)[0] if published_id else None
        return Cable(id=ident, published_id=published_id, raw=text, provenance=provenance,
                     metadata=meta.fields, diagnostics=tuple(diags))


def _decode(text: str, prov: Provenance, published_id: str | None, meta: Container,
            diags: list[Diagnostic]) -> Cable:
    raw = text
    text, more = normalise(text)
    diags.extend(more)
    partial = False
    if "partial extract" in text and PARTIAL_NOTICE.search(text):
        partial = True
        text = PARTIAL_NOTICE.sub("", text).strip("\n")
        diags.append(Diagnostic("partial-extract", "the source says this is a partial extract of the cable"))
    if "¶" in text and _PILCROW_EOL.search(text):
        text = _LONE_PILCROW.sub("¶", text)
    lines = [ln.rstrip() for ln in text.split("\n")]
    lines, marks = strip_page_marks(lines, text)

    # header | classification line | preamble fields | body
    scan = min(len(lines), _HEADER_SCAN)
    dtg_at = next((i for i in range(scan) if DTG.match(lines[i])), None)
    class_at, class_line = _find_class_line(lines, scan, dtg_at)
    if class_line is None:
        diags.append(Diagnostic("no-classification-line", "no classification line found"))
    elif class_line.garbled:
        diags.append(Diagnostic("class-line-garbled", f"classification line {class_line.text!r} lost or doubled "
                                                      f"its first letter; read as {class_line.level}"))
    head_end = max(class_at, 0)
    fields_at = fields_before(lines, dtg_at + 1 if dtg_at is not None else 0, head_end)
    header = parse_header([ln for ln in lines[: head_end if fields_at is None else fields_at]
                           if "day, " not in ln or not DATE_LINE.match(ln)])
    diags.extend(header.diagnostics)
    lines = split_inner_labels(lines, class_at + 1)
    pre = parse_preamble(lines, class_at + 1)
    if fields_at is not None:
        pre = pre.filled_from(parse_preamble(lines[:head_end], fields_at))
    if pre.subject and any(m.kind == "section" for m in marks):
        drop_repeated_subject(lines, pre.subject, pre.body_start)
    body = parse_body(lines[pre.body_start:], page_breaks=any(mk.kind == "page" for mk in marks))
    diags.extend(body.diagnostics)

    # caveats: class line trailer + caption lines + banner
    trailer = caveats_in(class_line.trailer) if class_line else []
    caveats = list(dict.fromkeys([*trailer, *pre.caveats]))
    level = class_line.level if class_line else None
    classification = published_level(level, caveats)
    if level is None and meta.classification:
        classification = meta.classification

    # date, identity (dating.py, identity.py)
    date, date_source = date_of(header, text, meta, diags)
    who = identify(published_id, date, class_line, header, meta, partial, diags)
    published_id, ident, parts, serial, own_year, text_of = (who.published_id, who.ident, who.parts, who.serial,
                                                              who.own_year, who.text_of)
    # no cable cites a later one: a REF item with a later year than the date's proves the date's year wrong
    # (00ATHENS1501: "231510Z SEP 00", REF "09 STATE 96625"); the id stays the archive's
    refs_read = ref_items(pre.ref_text) if pre.ref_text else None  # (read once: for the date and the references)
    if date is not None and refs_read and (later := later_cited_year(refs_read, date.year)) \
            and (doubted := year_doubted(date, later, header.transmission.de)):
        date, note = doubted
        own_year = date.year
        diags.append(note)
    if date and parts and date.year != parts[0]:
        diags.append(Diagnostic("id-year-mismatch", f"the id says {parts[0]} but the DTG says {date.year}"))

    # origin (identity.py)
    origin, origin_ri, country = origin_of(header, class_line, parts, meta, diags)

    # fields
    tags: list[Tag] = []
    if pre.tags_text is not None:
        tags, tdiags = parse_tags(pre.tags_text, pairs=any(d.code == "flattened-text" for d in diags))
        diags.extend(tdiags)
    if not tags:
        diags.append(Diagnostic("missing-tags", "no TAGS line" if pre.tags_text is None else "empty TAGS line"))
    if pre.subject is None:
        diags.append(Diagnostic("missing-subject", "no SUBJECT line"))
    refs: list[Reference] = []
    if refs_read:
        refs, rdiags = parse_references(refs_read, own_year, ident)
        diags.extend(rdiags)
    cb_text = pre.classified_by
    if cb_text is None:  # in the first lines of the body, or as its first paragraph ("1. (U) Classified by ...")
        for line in [*body.text.split("\n", 12)[:12], *(p.text for p in body.paragraphs[:2])]:
            if m := CLASSIFIED_BY.match(line):
                cb_text = m.group(1)
                break
    classified_by = parse_classified_by(cb_text) if cb_text else None
    declass = parse_eo(*pre.eo) if pre.eo else None
    if header.transmission.security_warning and level:
        letter = header.transmission.security_warning.split()[-1][:1]
        expect = {"U": "UNCLASSIFIED", "C": "CONFIDENTIAL", "S": "SECRET", "T": "TOP SECRET",
                  "E": "LIMITED OFFICIAL USE"}.get(letter)
        if expect and expect != level:
            diags.append(Diagnostic("security-warning-mismatch",
                                    f"{header.transmission.security_warning} but the classification line says {level}"))

    # sections and page marks
    sections = class_line.sections if class_line else None
    for mk in marks:
        if mk.kind == "section" and serial is not None and mk.serial is not None and mk.serial != serial:
            diags.append(Diagnostic("page-header-mismatch", f"section header {mk.text!r} does not match id {ident}"))
            break
    section_totals = {mk.total for mk in marks if mk.kind == "section" and mk.total}
    if sections and section_totals and sections not in section_totals:
        diags.append(Diagnostic("section-count-mismatch",
                                f"classification line says {sections} sections, section headers say "
                                f"{sorted(section_totals)}"))
    if sections is None and section_totals:
        sections = max(section_totals)

    # the container's metadata against the text
    check_container(meta, classification, date, ident, diags)

    sender = header.sender
    if text_of:  # 07PARIS2725 shows MOSCOW 5154: the record of 07PARIS2725 claims none of that cable's fields
        diags.append(Diagnostic("text-of-another-cable", f"the text from the classification line on is {text_of}'s; "
                                                         "its fields are not this cable's and are left empty"))
        classification, caveats = meta.classification, []
        class_line = None
        classified_by = declass = None
        tags, refs = [], []
        pre.subject = None
        body.summary = body.comment = None
        body.signers = []
    return Cable(
        id=ident, published_id=published_id, raw=raw, provenance=prov, origin=origin, origin_ri=origin_ri,
        origin_country=country, serial=serial, date=date, date_source=date_source, precedence=header.precedence,
        info_precedence=header.info_precedence, transmission=header.transmission, sender=sender,
        to=tuple(header.to), info=tuple(header.info), exempt=tuple(header.exempt),
        classification=classification, classification_line=class_line.text if class_line else None,
        caveats=tuple(caveats), classified_by=classified_by, declassification=declass, tags=tuple(tags),
        subject=pre.subject, references=tuple(refs), page_marks=tuple(marks), sections=sections,
        paragraphs=tuple(body.paragraphs), summary=body.summary, comment=body.comment, text_of=text_of,
        redactions=body.redactions, signers=tuple(body.signers), body=body.text, partial=partial,
        metadata=meta.fields, diagnostics=tuple(_dedupe(diags)),
    )


def _find_class_line(lines: list[str], scan: int, dtg_at: int | None) -> tuple[int, ClassLine | None]:
    """The classification line (index and reading) in the first ``scan`` lines, after the date-time group
    and the FM line. Without one, the index of the header's last line: the end of the address block or the
    line before the first preamble label, whichever comes first."""
    search_from = (dtg_at + 1) if dtg_at is not None else 0
    # print layouts put "CONFIDENTIAL PTQ1859" above the address block: look after the FM line
    fm_at = next((i for i in range(search_from, scan) if lines[i].startswith("FM ")), None)
    if fm_at is not None:
        search_from = fm_at + 1
    for i in range(search_from, scan):
        if "day, " in lines[i] and DATE_LINE.match(lines[i]):
            continue
        if (cl := parse_class_line(lines[i])) is not None:
            return i, cl
    first_label = next((i for i in range(scan) if is_label(lines[i])), None)
    class_at = (first_label - 1) if first_label is not None else (dtg_at if dtg_at is not None else -1)
    if dtg_at is not None:
        # the header ends with its address block (captions after it are not addressees)
        k = dtg_at + 1
        while k < len(lines) and lines[k].strip() and lines[k].strip() != BREAK:
            k += 1
        class_at = k if first_label is None else min(class_at, k)  # (the blank line after it)
    return class_at, None


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen = set()
    out = []
    for d in diags:
        if d not in seen:
            seen.add(d)
            out.append(d)
    return out


