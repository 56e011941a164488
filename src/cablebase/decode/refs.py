"""REF lists: cited cables resolved to canonical ids, other references typed (FORMAT.md section 7).

``REF: A. TBILISI 1605 B. 06 TBILISI 2601`` cites 07TBILISI1605 (the year defaults to the citing
cable's) and 06TBILISI2601. E-mails, telcons, intelligence reports, UN documents and the like share the
list; they are kept as typed references and their digits never become ids.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cablebase import reference
from cablebase.decode.ids import full_year, make_id, split_id
from cablebase.model import Diagnostic, Reference

# (compiled once: a call of re.match/re.sub with a pattern string looks it up in re's cache each time)
_DASH_OR_COLON = re.compile(r"[-:]")
_YEAR_IN_BRACKETS = re.compile(r"\s*\((\d{2})\)")  # "STATE 1234 (09)"

REF_LINE = re.compile(
    r"^\s*(?:PROGRAM\s+)?(?:REF\(S\)|REFS?|REFTELS?|REFERENCES?)\b\s*[:.]?\s*(.*)$", re.I
)
_LETTER = re.compile(r"(?:(?<=[\s;,])|^)(?:¶\s*)?[(\[]?([A-Z])[.)\]](?=\s|$)")
_KINDS = (
    # a note of the archive in place of the list (73ABIDJAN4691): no reference at all
    ("note", re.compile(r"\bTEXT FOR THIS MRN IS UNAVAILABLE\b|\bNOT AVAILABLE\b|\bUNAVAILABLE\b")),
    ("email", re.compile(r"\bE-?MAILS?\b|\bEMAIL")),
    ("telcon", re.compile(r"\bTELE?CONS?\b|\bPHONE\b|\bTELEPHONE\b|\bCALL\b")),
    ("memcon", re.compile(r"\bMEMCONS?\b|\bMEMO(?:RANDUM)?\b|\bMEETING\b|\bPOINTS\b")),
    ("report", re.compile(r"\bIIR\b|\bTD-\d|\bREPORTS?\b|\bINTSUM\b|\bHOTR\b|\bCRS\b")),
    ("un", re.compile(r"\bUNSCR\b|\bUNGA\b|\bRESOLUTION\b|\bS/RES\b|\bUN DOC")),
    ("manual", re.compile(r"\bFAM\b|\bFAH\b|\bAPPENDIX\b|\bHANDBOOK\b")),
    ("open-source", re.compile(r"\bOSC\b|\bFBIS\b|\bPRESS\b|\bARTICLE\b|\bWWW\.|HTTP")),
    ("dtg", re.compile(r"\bDTG\b|\bMSG\b")),
    ("airgram", re.compile(r"\bAIRGRAM\b|\bA-\d+")),
    ("letter", re.compile(r"\bLETTER\b|\bDIPLOMATIC NOTE\b|\bNOTE\b")),
)
_TOKEN = re.compile(r"'?\d+|[A-Z][A-Z.']*")
_BARE_CITE = re.compile(r"(?:\d{2}\s+)?[A-Z][A-Z .']*\s\d{1,7}")  # only a station and a serial
_MAX_REF_CHARS = 1500
_LABEL_AGAIN = re.compile(r"^(?:REF(?:S|TELS?|\(S\))?\s*:\s*)+", re.I)
_O_FOR_ZERO = re.compile(r"(?<=\d)O(?=\d)|(?<=\d\d)O\b")  # "MOSCOW 1O23": the letter O for a zero
_YEAR_AFTER = re.compile(r"(?:\s*-\s*|\s+)(\d{2})(?!\d)(?=\s*(?:$|[,;.)]|[A-Z][.)]\s|\(|AND\b|NOTAL\b))")
_A_YEAR = re.compile(r"(?:19|20)\d\d")  # "POC 201/2006": a year, not a second serial
_MORE_SERIALS = re.compile(r"\s*[/,]\s*")  # "PARIS 936/935", "STATE 7743, 12155": one station, two cables


def _year_from(token: str) -> int | None:
    t = token.lstrip("'")
    if not t.isdigit():
        return None
    if len(t) == 2:
        return int(t)
    if len(t) == 4 and t[:2] in ("19", "20"):
        return int(t[2:])
    if len(t) == 3 and t[0] == "0":  # "094 QUITO" (a typo for 09)
        return int(t[:2])
    return None


def _station_before(tokens: list[str], end: int) -> tuple[str, int] | None:
    """Longest run of up to four words ending at ``end`` that names a known station."""
    for k in (4, 3, 2, 1):
        start = end - k
        if start < 0:
            continue
        words = tokens[start:end]
        if not all(w[0].isalpha() for w in words):
            continue
        st = reference.id_station_for(" ".join(words))
        if st:
            return st, start
    return None


def _split_items(text: str) -> list[tuple[str | None, str]]:
    marks = list(_LETTER.finditer(text))
    items: list[tuple[str | None, str]] = []
    if marks and marks[0].group(1) == "A":
        head = text[: marks[0].start()].strip(" ;,")
        if head:
            items.append((None, head))
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            items.append((m.group(1), text[m.end():end].strip(" ;,")))
    else:
        items = [(None, part.strip()) for part in text.split(";")]
    return [(letter, body) for letter, body in items if body]


def parse_references(text: str | RefItems, citing_year: int | None,
                     own_id: str | None) -> tuple[list[Reference], list[Diagnostic]]:
    """Decode a REF block (label removed, lines joined), or its items as :func:`ref_items` read them."""
    diags: list[Diagnostic] = []
    refs: list[Reference] = []
    own = split_id(own_id) if own_id else None
    read = ref_items(text) if isinstance(text, str) else text
    if citing_year is not None and (later := later_cited_year(read, citing_year)):
        # no cable cites a later one: the citing year (the DTG's) is wrong, and the year-less items are from the
        # year of the latest cable cited with its year (00ATHENS1501, a 2009 cable whose DTG says SEP 00)
        diags.append(Diagnostic("ref-after-citing-year", f"the REF cites a {later} cable but the cable's date says "
                                                         f"{citing_year}; year-less items taken as {later}"))
        citing_year = later
    for letter, item in read.items:
        upper = item.upper()
        notal = "NOTAL" in upper
        kind = next((k for k, rx in _KINDS if rx.search(upper)), None)
        if kind:
            refs.append(Reference(text=item, kind=kind, letter=letter, notal=notal))
            # a cable cited after a colon in the same item: "TEHRAN'S A-077 OF MAY 15, 1972: TEHRAN 3312"
            found = [hit for part in upper.split(":")[1:] if _BARE_CITE.fullmatch(part.strip())
                     for hit in _cables_in(part, citing_year)]
        else:
            found = _cables_in(upper, citing_year)
        if not found:
            if not kind:
                refs.append(Reference(text=item, kind="other", letter=letter, notal=notal))
            continue
        for station, serial, year, defaulted, _ in found:
            if year is None:
                diags.append(Diagnostic("ref-no-year", f"REF {item!r}: no year and no citing year"))
                continue
            if defaulted and own and station == own[1] and serial > own[2]:
                # a station numbers its cables from 1 each year: a higher serial than the citing cable's own,
                # with no year given, is from the year before (05PARIS104 cites "PARIS 8729" of 2004)
                year = (year - 1) % 100
                diags.append(Diagnostic("ref-previous-year", f"REF {item!r}: serial {serial} is after the cable's "
                                                             f"own {own[2]}, so from {full_year(year)}"))
            ident = make_id(year, station, serial)
            if own_id and ident == own_id:
                diags.append(Diagnostic("self-reference", f"REF {item!r} cites the cable itself; dropped"))
                continue
            refs.append(Reference(text=item, kind="cable", letter=letter, id=ident, station=station,
                                  serial=serial, year=full_year(year), notal=notal))
    return refs, diags


def later_cited_year(items: RefItems | str, citing_year: int) -> int | None:
    """The latest year (four digits) a cable of the REF list is cited with (``items`` as :func:`ref_items` read
    them, or the REF text), where it is after ``citing_year``: evidence that the citing year is wrong, since no
    cable cites a later one. Only years written before the station count (``09 STATE 96625``), not one after the
    serial (``MOSCOW 1023-91``, which may be something else) nor the one a year-less item takes by default."""
    read = ref_items(items) if isinstance(items, str) else items
    latest = max(read.leading_years, default=None)
    return latest if latest is not None and latest > citing_year else None


class RefItems(NamedTuple):
    items: tuple[tuple[str | None, str], ...]  # (letter, text) per item
    leading_years: tuple[int, ...]  # the years written before a station, in the items that cite cables


def ref_items(text: str) -> RefItems:
    """A REF block (label removed, lines joined) read into its items once, with the years written before a
    station in those that cite cables: the decoder needs both for the date and for the references."""
    items = tuple(_split_items(_LABEL_AGAIN.sub("", " ".join(text[:_MAX_REF_CHARS].split()))))  # "REF: REF: A."
    years = tuple(full_year(year) for _, item in items if not any(rx.search(item.upper()) for _, rx in _KINDS)
                  for _, _, year, _, leading in _cables_in(item.upper(), None) if year is not None and leading)
    return RefItems(items, years)


def _cables_in(upper: str, citing_year: int | None) -> list[tuple[str, int, int | None, bool, bool]]:
    """(station, serial, two-digit year, whether the year is the citing cable's default, whether it was written
    before the station as the REF form has it: ``09 STATE 96625``) per cited cable."""
    if "O" in upper:
        upper = _O_FOR_ZERO.sub("0", upper)
    clean = _DASH_OR_COLON.sub(" ", upper)
    matches = list(_TOKEN.finditer(clean))
    tokens = [m.group(0) for m in matches]
    out: list[tuple[str, int, int | None, bool, bool]] = []
    last: tuple[str, int | None, bool, bool] | None = None  # station and year for AND continuations
    default = citing_year % 100 if citing_year is not None else None
    for i, tok in enumerate(tokens):
        if not tok.isdigit() or len(tok) > 7:
            continue
        hit = _station_before(tokens, i)
        year: int | None = None
        if hit:
            station, start = hit
            if start > 0:
                year = _year_from(tokens[start - 1])
                if year is None and tokens[start - 1].isdigit() and len(tokens[start - 1]) == 1 and start > 1 \
                        and tokens[start - 2] == "O":
                    year = int(tokens[start - 1])  # "O4 CHENNAI": letter O for zero
            leading = year is not None
            after = clean[matches[i].end():]
            m = _YEAR_IN_BRACKETS.match(after) or _YEAR_AFTER.match(upper, matches[i].end())
            if m and (m.re is not _YEAR_AFTER or year is None):  # ("-91", " 99" after the serial)
                year, leading = int(m.group(1)), False
            defaulted = year is None
            if year is None:
                year = default
            if year is not None and i + 1 < len(tokens) and tokens[i + 1] in ("Z",):
                continue
            out.append((station, int(tok), year, defaulted, leading))
            last = (station, year, defaulted, leading)
        elif last and i > 0 and len(tok) >= 3 and not _A_YEAR.fullmatch(tok) and (tokens[i - 1] == "AND"
                                                                                  or tokens[i - 1].isdigit()
                                                  and _MORE_SERIALS.fullmatch(clean, matches[i - 1].end(), matches[i].start())):
            out.append((last[0], int(tok), last[1], last[2], last[3]))
    return out
