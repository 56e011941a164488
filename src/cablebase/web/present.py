"""What a reader sees of a record: header tokens with their meanings, marked-up text, citations.

Pure functions over the typed record (:class:`~cablebase.model.Cable`). Text is always escaped here before any
markup is added, so a cable that contains ``<script>`` is shown as the characters it contains.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape

from cablebase import reference
from cablebase.model import Addressee, Cable
from cablebase.query.fields import gloss

_REDACTION = re.compile(r"XXXXX+(?:[ -]?XXXXX+)*")  # (written out: found by its opening, many times quicker)
_REDACTED = r'<span class="redacted" title="redacted in the release">\g<0></span>'
_SMALL_WORDS = frozenset("a an and as at but by for from in into nor of on or per the to vs via with".split())
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")


def ri_meaning(ri: str | None) -> str | None:
    route = reference.route(ri) if ri else None
    return route.post if route else None


facet_meaning = gloss  # the gloss shown beside a facet value (TAGS, caveats and precedences have one)


try:  # markupsafe's escaping as a plain string: escape() wraps it in a Markup object, ten times the cost
    from markupsafe import _escape_inner as escaped
except ImportError:  # pragma: no cover - another markupsafe
    def escaped(text: str, /) -> str:
        return str(escape(text))


def mark_redactions(text: str) -> Markup:
    """Escaped text with each run of X's (a redaction in the release) wrapped so it reads as one. (Escaping
    changes no X, space or hyphen, so the runs are found in the escaped text.)"""
    text = escaped(text)
    return Markup(_REDACTION.sub(_REDACTED, text) if "XXXXX" in text else text)


def header_rows(c: Cable) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """The transmission header as (label, [(token, meaning)]) rows, in the order the telegram has them."""
    t = c.transmission
    rows: list[tuple[str, list[tuple[str, str | None]]]] = []
    if t.tid:
        rows.append(("Transmission id", [(t.tid, "message identifier of this copy"
                                          + (f"; channel {t.channel}" if t.channel else ""))]))
    if t.routing_precedence or t.routing:
        tokens: list[tuple[str, str | None]] = []
        if t.routing_precedence:
            tokens.append((t.routing_precedence, reference.meaning("prosign", t.routing_precedence)))
        tokens += [(ri, ri_meaning(ri)) for ri in t.routing]
        rows.append(("Routed to (FL2)", tokens))
    de = t.de
    if de:
        tokens = [(de.station_ri or "?", ri_meaning(de.station_ri) or "originating station")]
        if de.serial is not None:
            tokens.append((f"#{de.serial}", "station serial number"))
        if de.section:
            tokens.append((f"/{de.section:02d}", "section number"))
        if de.julian_day is not None:
            tokens.append((f"{de.julian_day:03d}{de.time or ''}",
                           f"day {de.julian_day} of the year, {de.time or '?'} UTC (time of file)"))
        rows.append(("DE line (FL3)", tokens))
    if t.security_warning:
        tokens = [(part, reference.meaning("security", part)) for part in t.security_warning.split()]
        if t.release_codes:
            tokens.append((t.release_codes, "release codes"))
        rows.append(("Security warning (FL4)", tokens))
    if t.operating_signals:
        rows.append(("Operating signals", [(s, reference.meaning("signal", s)) for s in t.operating_signals]))
    if t.dtg:
        rows.append(("Date-time group", [(t.dtg, date_in_words(c.date))]))
    if c.precedence:
        tokens = [(c.precedence, reference.meaning("precedence", c.precedence))]
        if c.info_precedence:
            tokens.append((c.info_precedence, "for info addressees: "
                           + (reference.meaning("precedence", c.info_precedence) or "")))
        rows.append(("Precedence", tokens))
    return rows


def date_in_words(when: datetime | None, time: bool = True) -> str | None:
    """A date-time as a reader says it: "5 March 2007, 19:24 UTC" (or "5 March 2007")."""
    if when is None:
        return None
    return f"{when.day} {when:%B %Y}" + (f", {when:%H:%M} UTC" if time else "")


def parse_iso(text: str | None) -> datetime | None:
    """An ISO date (such as a declassification date) read, or None when there is none to read."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def headline(text: str | None) -> str:
    """A subject in capitals, as a Chicago-style title ("Scenesetter for President's Trip to Mexico")."""
    if not text:
        return "[no subject]"
    if text != text.upper():
        return text
    words = text.split(" ")
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        if _ACRONYM.match(w.strip(",.:;()'\"")) and w.strip(",.:;()'\"") in _KEEP_UPPER:
            out.append(w)
        elif i and low in _SMALL_WORDS and not out[-1].endswith(":"):
            out.append(low)
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in low.split("-")))
    return " ".join(out)


_KEEP_UPPER = frozenset("US USG UN EU NATO IAEA UNSC OAS AU GOS GOI GOM GOJ FM MFA NGO WTO IMF PM DCM FBI CIA DOD"
                        " NSC GOC USUN UK MP".split())


def source_url(c: Cable) -> str | None:
    """The PlusD page of a cable whose id is a Cablegate id (``_a`` is PlusD's suffix for Cablegate)."""
    if c.id in reference.cablegate_universe():
        return f"https://wikileaks.org/plusd/cables/{c.id}_a.html"
    return None


def collection(c: Cable) -> str:
    fmt = c.provenance.format
    if fmt in ("plusd-nara", "history-lab") or fmt.startswith("nara"):
        return "Central Foreign Policy Files, National Archives (via WikiLeaks PlusD)"
    return "WikiLeaks Cablegate"


def citation(c: Cable) -> dict[str, str]:
    """Chicago (notes-bibliography) and BibTeX citations of a cable."""
    ident = c.id or ""
    author = c.origin or "US Department of State"
    title = headline(c.subject)
    when = c.date
    url = source_url(c)
    klass = c.classification or "classification unknown"
    chicago = (f"{author}, \u201c{title},\u201d cable {ident}, "
               + (f"{when.strftime('%B')} {when.day}, {when.year}, " if when else "undated, ")
               + f"{klass}, {collection(c)}" + (f", {url}" if url else "") + ".")
    fields = [("author", "{" + _bib(author) + "}"), ("title", "{" + _bib(title) + "}"),
              ("howpublished", f"Diplomatic cable {ident}"), ("note", f"{_bib(klass)}. {collection(c)}")]
    if when:
        fields += [("year", str(when.year)), ("month", when.strftime("%b").lower()), ("day", str(when.day))]
    if url:
        fields.append(("url", url))
    key = "cable:" + ident
    bibtex = "@misc{" + key + ",\n" + ",\n".join(
        f"  {k} = {v}" if k in ("month",) else f"  {k} = {{{v}}}" for k, v in fields) + "\n}"
    return {"chicago": chicago, "bibtex": bibtex}


def _bib(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", text)


def explained(c: Cable) -> dict[str, Any]:
    """Everything the cable page glosses, as data (the JSON of ``/api/cable/{id}/explained``): header
    tokens, addressees, TAGS, caveats, citations."""
    def who(a: Addressee) -> dict[str, Any]:
        return {**asdict(a), "ri_meaning": ri_meaning(a.ri),
                "precedence_meaning": reference.meaning("precedence", a.precedence)}

    return {
        "id": c.id,
        "header": [{"label": label, "tokens": [{"token": t, "meaning": m} for t, m in tokens]}
                   for label, tokens in header_rows(c)],
        "sender": who(c.sender) if c.sender else None,
        "to": [who(a) for a in c.to],
        "info": [who(a) for a in c.info],
        "tags": [asdict(t) for t in c.tags],
        "caveats": [{"code": code, "meaning": reference.meaning("caveat", code)} for code in c.caveats],
        "citation": citation(c),
    }
