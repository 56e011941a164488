"""Decoding: telegram text (plus the container's metadata) -> one :class:`~cablebase.model.Cable`.

Pure and total: any text gives a record, perhaps mostly empty, with diagnostics saying what was odd.
Readers know containers; this package knows telegram grammar.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime

from cablebase import reference
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
from cablebase.decode.header import DTG, MONTHS, parse_header, year_doubted
from cablebase.decode.ids import canonical_id, make_id, split_id
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
DECODER_VERSION = 13

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

    # date
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
        if date is not None and date.minute and _hour_in_minutes(date.hour, date.minute):
            diags.append(Diagnostic("meta-created-minutes", f"the container's time {date:%H:%M} has its hour in "
                                                            "its minutes (a known fault of the Dec 2010 pages); "
                                                            "the minutes are not the cable's"))

    # identity
    own_year = date.year if date else None
    if published_id is None:
        published_id = _id_from_text(class_line, header, own_year)
        if published_id:
            diags.append(Diagnostic("id-from-text", f"no id in the container; built {published_id} from the text"))
    ident, note = canonical_id(published_id) if published_id else (None, None)
    if note and ident:
        diags.append(Diagnostic("id-corrected", note))
    elif note:
        diags.append(Diagnostic("bad-id", note))
    parts = split_id(ident) if ident else None
    serial = parts[2] if parts else None
    if own_year is None and parts:
        own_year = parts[0]
    if header.transmission.de and header.transmission.de.serial and serial and not partial:
        if header.transmission.de.serial != serial and parts and parts[1] != "STATE" or (
                parts and parts[1] == "STATE" and header.transmission.de.serial % 10000 != serial % 10000):
            diags.append(Diagnostic("de-serial-mismatch",
                                    f"DE serial #{header.transmission.de.serial} but the id says {serial}"))
    text_of = None  # the id of the cable whose text this is, where a page shows another cable's text
    if class_line and class_line.serial and serial and class_line.serial != serial:
        station = reference.id_station_for(class_line.station) if class_line.station else None
        other = f" ({class_line.station} {class_line.serial}): the text is probably another cable's" \
            if station and parts and station != parts[1] else ""
        diags.append(Diagnostic("class-line-serial-mismatch",
                                f"classification line serial {class_line.serial} but the id says {serial}{other}"))
        # another cable's text, where the container names the page's own origin and it is not that station's
        page_origin = meta.origin
        if other and own_year and page_origin and reference.station_post(class_line.station or "") != \
                (reference.station_post(page_origin) or page_origin):
            text_of = make_id(own_year, station, class_line.serial)  # type: ignore[arg-type]
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

    # origin
    origin = _text_origin(header, class_line, parts)
    meta_origin = meta.origin
    if meta_origin and origin and meta_origin != origin and reference.station_post(meta_origin) != origin:
        diags.append(Diagnostic("meta-origin-mismatch", f"the page says origin {meta_origin!r}, the text {origin!r}"))
    if origin is None and meta_origin:
        origin = reference.station_post(meta_origin) or meta_origin
    origin_ri = header.transmission.de.station_ri if header.transmission.de else None
    if origin_ri is None and origin:
        pr = reference.post_routes().get(origin)
        origin_ri = pr.ri if pr else None
    country = None
    if origin:
        pr = reference.post_routes().get(origin)
        country = pr.country if pr else None
    if country is None and origin_ri and (r := reference.route(origin_ri)):
        country = r.country

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
    if pre.ref_text:
        refs, rdiags = parse_references(refs_read or pre.ref_text, own_year, ident)
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
    _compare_meta(meta, classification, date, ident, diags)

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


def _id_from_text(class_line, header, year: int | None) -> str | None:  # type: ignore[no-untyped-def]
    if year is None:
        return None
    if class_line and class_line.station and class_line.serial:
        st = reference.id_station_for(class_line.station)
        if st:
            return make_id(year, st, class_line.serial)
    de = header.transmission.de
    if de and de.serial:
        r = reference.route(de.station_ri)
        st = reference.id_stations().get(r.post) if r else None
        if st:
            return make_id(year, st, de.serial)
    return None


def _text_origin(header, class_line, parts) -> str | None:  # type: ignore[no-untyped-def]
    """The originating post as the text says it: FM line, else DE station, else class line, else id."""
    if header.sender is not None:
        post = reference.station_post(header.sender.address) if header.sender.address else None
        if post:
            return post
    de = header.transmission.de
    if de:
        r = reference.route(de.station_ri)
        if r and r.kind in ("embassy", "consulate", "mission") or r and r.post in reference.posts():
            return r.post
    if class_line and class_line.station:
        post = reference.station_post(class_line.station)
        if post:
            return post
    if parts:
        return reference.station_post(parts[1])
    return None


# a DTG inside a line (copies that lost their line breaks: "... ZZH O 171708Z NOV 09 FM AMEMBASSY ...")
_INNER_DTG = re.compile(r"(?<![\d/])(\d{2})(\d{2})(\d{2})Z\s+(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\s+(\d{2}|\d{4})\b")
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


def _hour_in_minutes(hour: int, minute: int) -> bool:
    """The fault of the Dec 2010 pages' Created times: the hour (on a 12-hour clock) written as the minutes."""
    return minute in (hour % 12, (hour % 12) or 12)


def _compare_meta(meta: Container, classification: str | None, date: datetime | None, ident: str | None,
                  diags: list[Diagnostic]) -> None:
    mc = meta.classification
    if mc and classification and mc.upper() != classification.upper():
        diags.append(Diagnostic("meta-classification-mismatch",
                                f"the container says {mc!r}, the text {classification!r}"))
    created = meta.created
    if created and date:
        if (created.date(), created.hour) != (date.date(), date.hour):
            diags.append(Diagnostic("meta-date-mismatch",
                                    f"the container says {meta.created_text}, the DTG says {date:%Y-%m-%d %H:%M}Z"))
        elif created.minute != date.minute:
            if _hour_in_minutes(date.hour, created.minute):
                diags.append(Diagnostic("meta-created-minutes",
                                        f"the container's Created {meta.created_text} has the hour in its minutes "
                                        f"(DTG {date:%H:%M}Z); a known fault of the Dec 2010 pages"))
            else:
                diags.append(Diagnostic("meta-date-mismatch",
                                        f"the container says {meta.created_text}, the DTG says {date:%Y-%m-%d %H:%M}Z"))
    mid = meta.id
    if mid and ident:
        cid = canonical_id(mid)[0]
        if cid and cid != ident:
            diags.append(Diagnostic("meta-id-mismatch", f"the container id {mid} is not {ident}"))
