"""Which cable this is and where it came from: its id (the container's, read in its canonical form, or built
from the text), its serial and year, the post it came from, and whether the text is another cable's.

The text and the container can disagree; each disagreement is a diagnostic, and the text's own evidence (FM
line, DE line, classification line) wins over the container's except where the text has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cablebase import reference
from cablebase.container import Container
from cablebase.decode.classification import ClassLine
from cablebase.decode.dating import hour_in_minutes
from cablebase.decode.header import Header
from cablebase.decode.ids import canonical_id, make_id, split_id
from cablebase.model import Diagnostic


@dataclass
class Identity:
    published_id: str | None  # as the container gives it, or built from the text
    ident: str | None  # canonical
    parts: tuple[int, str, int] | None  # (year, station, serial) of the canonical id
    serial: int | None
    own_year: int | None  # the year the text's own references default to
    text_of: str | None  # the id of the cable whose text this is, where a page shows another cable's text


def identify(published_id: str | None, date: datetime | None, class_line: ClassLine | None, header: Header,
             meta: Container, partial: bool, diags: list[Diagnostic]) -> Identity:
    """The cable's id and what the text says against it (DE line serial, classification line serial)."""
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
    return Identity(published_id, ident, parts, serial, own_year, text_of)


def origin_of(header: Header, class_line: ClassLine | None, parts: tuple[int, str, int] | None, meta: Container,
              diags: list[Diagnostic]) -> tuple[str | None, str | None, str | None]:
    """The originating post, its routing indicator and its country: the text's (FM line, DE station,
    classification line, id), else the container's."""
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
    return origin, origin_ri, country


def _id_from_text(class_line: ClassLine | None, header: Header, year: int | None) -> str | None:
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


def _text_origin(header: Header, class_line: ClassLine | None, parts: tuple[int, str, int] | None) -> str | None:
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


def check_container(meta: Container, classification: str | None, date: datetime | None, ident: str | None,
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
            if hour_in_minutes(date.hour, created.minute):
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
