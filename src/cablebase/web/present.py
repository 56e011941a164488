"""What a reader sees of a record: header tokens with their meanings, marked-up text, citations.

Pure functions over the stored record (``Cable.to_dict()`` form). Text is always escaped here before any
markup is added, so a cable that contains ``<script>`` is shown as the characters it contains.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape

from cablebase import reference

_REDACTION = re.compile(r"X{5,}(?:[ -]?X{5,})*")
_REDACTED = r'<span class="redacted" title="redacted in the release">\g<0></span>'
_SMALL_WORDS = frozenset("a an and as at but by for from in into nor of on or per the to vs via with".split())
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")


def ri_meaning(ri: str | None) -> str | None:
    route = reference.route(ri) if ri else None
    return route.post if route else None


def tag_meaning(code: str) -> str | None:
    info = reference.tag_info(code)
    return info.meaning if info else None


def facet_meaning(field: str, value: str) -> str | None:
    """The gloss shown beside a facet value (tags and caveats have one)."""
    if field == "tag":
        return tag_meaning(value)
    if field == "caveat":
        return reference.meaning("caveat", value)
    if field == "precedence":
        return reference.meaning("precedence", value)
    return None


try:  # markupsafe's escaping as a plain string: escape() wraps it in a Markup object, ten times the cost
    from markupsafe import _escape_inner as escaped
except ImportError:  # pragma: no cover - another markupsafe
    def escaped(text: str) -> str:
        return str(escape(text))


def mark_redactions(text: str) -> Markup:
    """Escaped text with each run of X's (a redaction in the release) wrapped so it reads as one. (Escaping
    changes no X, space or hyphen, so the runs are found in the escaped text.)"""
    text = escaped(text)
    return Markup(_REDACTION.sub(_REDACTED, text) if "XXXXX" in text else text)


def header_rows(rec: dict[str, Any]) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """The transmission header as (label, [(token, meaning)]) rows, in the order the telegram has them."""
    t = rec.get("transmission") or {}
    rows: list[tuple[str, list[tuple[str, str | None]]]] = []
    if t.get("tid"):
        rows.append(("Transmission id", [(t["tid"], "message identifier of this copy"
                                          + (f"; channel {t['channel']}" if t.get("channel") else ""))]))
    if t.get("routing_precedence") or t.get("routing"):
        tokens = []
        if t.get("routing_precedence"):
            tokens.append((t["routing_precedence"], reference.meaning("prosign", t["routing_precedence"])))
        tokens += [(ri, ri_meaning(ri)) for ri in t.get("routing") or []]
        rows.append(("Routed to (FL2)", tokens))
    de = t.get("de") or {}
    if de:
        tokens = [(de.get("station_ri") or "?", ri_meaning(de.get("station_ri")) or "originating station")]
        if de.get("serial") is not None:
            tokens.append((f"#{de['serial']}", "station serial number"))
        if de.get("section"):
            tokens.append((f"/{de['section']:02d}", "section number"))
        if de.get("julian_day") is not None:
            tokens.append((f"{de['julian_day']:03d}{de.get('time') or ''}",
                           f"day {de['julian_day']} of the year, {de.get('time') or '?'} UTC (time of file)"))
        rows.append(("DE line (FL3)", tokens))
    if t.get("security_warning"):
        tokens = [(part, reference.meaning("security", part)) for part in t["security_warning"].split()]
        if t.get("release_codes"):
            tokens.append((t["release_codes"], "release codes"))
        rows.append(("Security warning (FL4)", tokens))
    if t.get("operating_signals"):
        rows.append(("Operating signals", [(s, reference.meaning("signal", s)) for s in t["operating_signals"]]))
    if t.get("dtg"):
        rows.append(("Date-time group", [(t["dtg"], date_in_words(rec.get("date")))]))
    if rec.get("precedence"):
        tokens = [(rec["precedence"], reference.meaning("precedence", rec["precedence"]))]
        if rec.get("info_precedence"):
            tokens.append((rec["info_precedence"], "for info addressees: "
                           + (reference.meaning("precedence", rec["info_precedence"]) or "")))
        rows.append(("Precedence", tokens))
    return rows


def date_in_words(date: str | None, time: bool = True) -> str | None:
    """An ISO date-time as a reader says it: "5 March 2007, 19:24 UTC" (or "5 March 2007")."""
    if not date:
        return None
    try:
        when = datetime.fromisoformat(date.replace("Z", "+00:00"))
    except ValueError:
        return None
    return f"{when.day} {when:%B %Y}" + (f", {when:%H:%M} UTC" if time else "")


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


def source_url(rec: dict[str, Any]) -> str | None:
    """The PlusD page of a cable whose id is a Cablegate id (``_a`` is PlusD's suffix for Cablegate)."""
    if rec["id"] in reference.cablegate_universe():
        return f"https://wikileaks.org/plusd/cables/{rec['id']}_a.html"
    return None


def collection(rec: dict[str, Any]) -> str:
    fmt = (rec.get("source") or {}).get("format") or ""
    if fmt in ("plusd-nara", "history-lab") or fmt.startswith("nara"):
        return "Central Foreign Policy Files, National Archives (via WikiLeaks PlusD)"
    return "WikiLeaks Cablegate"


def citation(rec: dict[str, Any]) -> dict[str, str]:
    """Chicago (notes-bibliography) and BibTeX citations of a cable."""
    author = rec.get("origin") or "US Department of State"
    title = headline(rec.get("subject"))
    date = rec.get("date")
    when = None
    if date:
        when = datetime.fromisoformat(date.replace("Z", "+00:00"))
    url = source_url(rec)
    klass = rec.get("classification") or "classification unknown"
    chicago = (f"{author}, \u201c{title},\u201d cable {rec['id']}, "
               + (f"{when.strftime('%B')} {when.day}, {when.year}, " if when else "undated, ")
               + f"{klass}, {collection(rec)}" + (f", {url}" if url else "") + ".")
    fields = [("author", "{" + _bib(author) + "}"), ("title", "{" + _bib(title) + "}"),
              ("howpublished", f"Diplomatic cable {rec['id']}"), ("note", f"{_bib(klass)}. {collection(rec)}")]
    if when:
        fields += [("year", str(when.year)), ("month", when.strftime("%b").lower()), ("day", str(when.day))]
    if url:
        fields.append(("url", url))
    key = "cable:" + rec["id"]
    bibtex = "@misc{" + key + ",\n" + ",\n".join(
        f"  {k} = {v}" if k in ("month",) else f"  {k} = {{{v}}}" for k, v in fields) + "\n}"
    return {"chicago": chicago, "bibtex": bibtex}


def _bib(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", text)


def explained(rec: dict[str, Any]) -> dict[str, Any]:
    """Everything the cable page glosses, as data: header tokens, addressees, TAGS, caveats, citations."""
    def who(a: dict[str, Any]) -> dict[str, Any]:
        return {**a, "ri_meaning": ri_meaning(a.get("ri")),
                "precedence_meaning": reference.meaning("precedence", a.get("precedence"))}

    return {
        "id": rec["id"],
        "header": [{"label": label, "tokens": [{"token": t, "meaning": m} for t, m in tokens]}
                   for label, tokens in header_rows(rec)],
        "sender": who(rec["sender"]) if rec.get("sender") else None,
        "to": [who(a) for a in rec.get("to") or []],
        "info": [who(a) for a in rec.get("info") or []],
        "tags": rec.get("tag_details") or [],
        "caveats": [{"code": c, "meaning": reference.meaning("caveat", c)} for c in rec.get("caveats") or []],
        "citation": citation(rec),
    }
