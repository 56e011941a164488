"""The routing header: format lines FL1-FL9 (VZCZC, FL2 routing, DE, ZNR/ZNY, DTG, FM, TO, INFO, XMT).

See ``shared/docs/FORMAT.md`` section 1. :func:`parse_header` takes the lines before the classification
line and returns what it found plus diagnostics; it never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

from cablebase import reference
from cablebase.model import Addressee, DEline, Diagnostic, Transmission

# (compiled once: a call of re.match/re.sub with a pattern string looks it up in re's cache each time)
_DIST_CODES = re.compile(r"^(?:[A-Z0-9]{1,6}-\d\d\s*)+$")  # a distribution line's codes

PRECEDENCE_PROSIGNS = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}
MONTHS = {m: i for i, m in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1)}

_VZCZC = re.compile(r"^\s*VZCZC([A-Z]{2,4}?)(\d+)\s*$")
_FL2 = re.compile(r"^\s*(ZZ|OO|PP|RR|[ZOPR]{2})((?:\s+R[A-Z0-9]{3,7})+)\s*$")
_DE = re.compile(r"^\s*DE\s+(R[A-Z0-9]{2,8})\s+#\s?(\d+)(?:/(\d+))?(?:\s+(\d{3})(\d{4}))?")
_FL4 = re.compile(r"^\s*(ZNR|ZNY)\s+([A-Z]{4,6})(?:/(\S+))?\s*(.*)$")
DTG = re.compile(
    r"^\s*(?:([ZOPR])\s+(?:([ZOPR])\s+)?)?(\d{2})(\d{2})(\d{2})Z\s+([A-Za-z]{3})\s+(\d{2}|\d{4})\b\s*(.*)$"
)
_PREC_WORDS = r"FLASH|NIACT\s+IMMEDIATE|NIACT\s+IMMED|IMMEDIATE|IMMED|PRIORITY|PIORITY|PRIORTY|ROUTINE"
# An addressee is [RI/]address [precedence] [MCN]; the tail is found from the end (patterns that open
# with a space, so the engine only tries at spaces), which is several times quicker than one pattern
# with a lazy address.
_ADDRESSEE_RI = re.compile(r"(R[A-Z0-9]{3,7})\s*/\s*")
_ADDRESSEE_MCN = re.compile(r"\s(\d{4}(?:\s*-\s*\d{4})?)$")
_ADDRESSEE_PREC = re.compile(rf"\s({_PREC_WORDS})$")
_OFFICE = re.compile(r"//\s*(.*?)\s*//\s*$")
# a drafter's or editor's note below the address block ("NOTE - DO NOT PUBLISH - AWAITING LEGAL ...")
_NOTE = re.compile(r"^\s*(?:NOTE|NB|N\.B\.)\b\s*[-:]", re.I)
_DISTRIBUTION = re.compile(r"^\s*(?:ACTION|INFO)\s+[A-Z0-9]{1,6}-\d\d\b")
_PREC_FIX = {"PIORITY": "PRIORITY", "PRIORTY": "PRIORITY", "IMMED": "IMMEDIATE", "NIACT IMMED": "NIACT IMMEDIATE"}


@dataclass
class Header:
    transmission: Transmission = field(default_factory=Transmission)
    precedence: str | None = None
    info_precedence: str | None = None
    date: datetime | None = None
    sender: Addressee | None = None
    to: list[Addressee] = field(default_factory=list)
    info: list[Addressee] = field(default_factory=list)
    exempt: list[Addressee] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def parse_dtg(match: re.Match[str]) -> datetime | None:
    day, hour, minute, mon, year = (match.group(i) for i in (3, 4, 5, 6, 7))
    month = MONTHS.get(mon.upper())
    if not month:
        return None
    yy = int(year)
    if yy < 100:
        yy = 1900 + yy if yy >= 66 else 2000 + yy
    try:
        return datetime(yy, month, int(day), int(hour), int(minute), tzinfo=UTC)
    except ValueError:
        return None


def year_doubted(date: datetime, year: int, de: DEline | None) -> tuple[datetime, Diagnostic] | None:
    """``date`` (the DTG's) moved to ``year`` where other evidence proves the DTG's year wrong (a REF that
    cites a cable of ``year``, later than the DTG's: no cable cites a later one), with a note; None where
    the date does not exist in ``year`` or the DE line's day of the year agrees with the DTG's year and
    not with ``year`` (then the DTG stands against the evidence)."""
    try:
        moved = date.replace(year=year)
    except ValueError:  # 29 FEB
        return None
    day = de.julian_day if de else None
    if day and day == date.timetuple().tm_yday and day != moved.timetuple().tm_yday:
        return None
    agrees = f"; the DE line's day {day:03d} agrees" if day and day == moved.timetuple().tm_yday else ""
    return moved, Diagnostic("dtg-year-doubted", f"the DTG says {date.year} but the REF cites a cable of {year}: "
                                                 f"dated {year}{agrees}")


@lru_cache(maxsize=16384)  # (a few thousand addresses come back in cable after cable)
def _resolve(ri: str | None, address: str) -> tuple[str | None, str | None, bool]:
    """The post, country and collective flag of an address (and its routing indicator)."""
    post = country = None
    collective = "COLLECTIVE" in address.upper()
    if ri:
        r = reference.route(ri)
        if r is not None:
            collective = collective or r.kind == "collective"
            if r.kind != "other" and not (ri == "RUEHC" and "SECSTATE" not in address.upper()):
                post, country = r.post, r.country
                named = reference.station_post(address) if address and r.kind in ("embassy", "consulate") else None
                if named and named != post and named in reference.posts():
                    pr = reference.post_routes().get(named)
                    post, country = named, (pr.country if pr else country)
    if post is None and address:
        post = reference.station_post(address)
        if post:
            pr = reference.post_routes().get(post)
            country = pr.country if pr else None
    return post, country, collective


def parse_addressee(text: str) -> Addressee:
    """``RUEHC/SECSTATE WASHDC IMMEDIATE 5650`` -> an :class:`Addressee` resolved through the tables.

    The address text names the post; the routing indicator only routes: where one indicator serves several
    posts (``RUEHRL/AMCONSUL DUSSELDORF``, ``RUEHTA/AMEMBASSY ASTANA``) the post the address names wins."""
    line = " ".join(text.split())
    ri = prec = mcn = None
    address = line
    if m := _ADDRESSEE_RI.match(address):
        ri, address = m.group(1), address[m.end():]
    # (spaces are single now: an MCN is at most 12 characters from the end, " 7721 - 7722", a precedence 16,
    # " NIACT IMMEDIATE": the patterns are tried there only)
    if m := _ADDRESSEE_MCN.search(address, max(0, len(address) - 12)):
        mcn, address = m.group(1), address[: m.start()]
    if m := _ADDRESSEE_PREC.search(address, max(0, len(address) - 16)):
        prec, address = m.group(1), address[: m.start()]
    office = None
    om = _OFFICE.search(address)
    if om:
        office = om.group(1) or None
        address = address[: om.start()].strip()
    address = address.strip(" /")
    post, country, collective = _resolve(ri, address)
    if prec:
        prec = " ".join(prec.split())
        prec = _PREC_FIX.get(prec, prec)
    return Addressee(
        text=line, ri=ri, address=address, post=post, country=country, precedence=prec,
        mcn=mcn.replace(" ", "") if mcn else None, collective=collective, office=office,
    )


def parse_header(lines: list[str]) -> Header:
    """Decode the header lines (everything before the classification line)."""
    h = Header()
    tid = channel = routing_prec = security = release = dtg_text = None
    routing: tuple[str, ...] = ()
    de: DEline | None = None
    signals: list[str] = []
    mode: str | None = None  # "to" | "info" | "xmt" | "dist"
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if tid is None and (m := _VZCZC.match(line)):
            tid, channel = f"VZCZC{m.group(1)}{m.group(2)}", m.group(1)
            continue
        if not routing and (m := _FL2.match(line)):
            routing_prec, routing = m.group(1), tuple(m.group(2).split())
            continue
        if de is None and (m := _DE.match(line)):
            de = DEline(
                station_ri=m.group(1), serial=int(m.group(2)),
                section=int(m.group(3)) if m.group(3) else None,
                julian_day=int(m.group(4)) if m.group(4) else None, time=m.group(5),
            )
            continue
        if security is None and (m := _FL4.match(line)):
            security = f"{m.group(1)} {m.group(2)}"
            release = m.group(3)
            signals.extend(m.group(4).split())
            continue
        if h.date is None and dtg_text is None and (m := DTG.match(line)):
            dtg_text = f"{m.group(3)}{m.group(4)}{m.group(5)}Z {m.group(6).upper()} {m.group(7)}"
            if m.group(1):
                h.precedence = PRECEDENCE_PROSIGNS[m.group(1)]
                h.info_precedence = PRECEDENCE_PROSIGNS[m.group(2)] if m.group(2) else None
            h.date = parse_dtg(m)
            if h.date is None:
                h.diagnostics.append(Diagnostic("bad-dtg", f"date-time group {line!r} is not a valid date"))
            signals.extend(m.group(8).split())
            mode = None
            continue
        if _DISTRIBUTION.match(line):
            mode = "dist"
            h.distribution.extend(line.split()[1:])
            continue
        upper = line.upper()
        if upper.startswith("FM ") or upper == "FM":
            h.sender = parse_addressee(line[2:].strip())
            mode = None
            continue
        word = upper.split(" ", 1)[0]
        if word in ("TO", "INFO"):  # the first addressee may share the line with the label
            mode = word.lower()
            rest = line[len(word):].strip()
            if rest:
                (h.to if word == "TO" else h.info).append(parse_addressee(rest))
            continue
        if upper.startswith("XMT"):
            mode = "xmt"
            rest = line[3:].strip(" /")
            if rest:
                h.exempt.append(parse_addressee(rest))
            continue
        if mode == "dist":
            if _DIST_CODES.match(line) or line.startswith("/"):
                h.distribution.extend(line.split())
                continue
            mode = None
        if line.strip() == "BT":  # the break before the text: no address
            mode = None
            continue
        if mode in ("to", "info", "xmt") and _NOTE.match(line):
            h.diagnostics.append(Diagnostic("header-note", f"a note among the addressees, not an address: {line!r}"))
            mode = None
            continue
        if mode in ("to", "info", "xmt"):
            target = {"to": h.to, "info": h.info, "xmt": h.exempt}[mode]
            a = parse_addressee(line)
            # The exempted address may be repeated without XMT (08STATE116943): keep it once.
            if mode == "xmt" and any(x.address == a.address for x in target):
                continue
            target.append(a)
            continue
    if routing:
        for ri in routing:
            if reference.route(ri) is None:
                h.diagnostics.append(Diagnostic("unknown-ri", f"routing indicator {ri} (FL2) is not in the table"))
    for a in [*h.to, *h.info]:
        if a.ri and reference.route(a.ri) is None:
            h.diagnostics.append(Diagnostic("unknown-ri", f"routing indicator {a.ri} ({a.address}) is not in the table"))
    if de and reference.route(de.station_ri) is None:
        h.diagnostics.append(Diagnostic("unknown-ri", f"routing indicator {de.station_ri} (DE line) is not in the table"))
    # An addressee-level NIACT is the strongest precedence the cable carries.
    if any(a.precedence == "NIACT IMMEDIATE" for a in h.to):
        h.precedence = "NIACT IMMEDIATE"
    elif h.precedence is None and h.to and h.to[0].precedence:
        h.precedence = h.to[0].precedence
    h.transmission = Transmission(
        tid=tid, channel=channel, routing_precedence=routing_prec, routing=routing, de=de,
        security_warning=security, release_codes=release, operating_signals=tuple(signals), dtg=dtg_text,
    )
    if de and de.julian_day and h.date:
        doy = h.date.timetuple().tm_yday
        if doy != de.julian_day:
            h.diagnostics.append(Diagnostic(
                "dtg-julian-mismatch",
                f"DE time of file day {de.julian_day:03d} but the DTG {dtg_text} is day {doy:03d}",
            ))
    return h
