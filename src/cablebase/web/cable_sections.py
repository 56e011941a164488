"""The cable page, section by section, built in Python; ``templates/cable.html`` puts the sections in order.

A cable page shows some 250 values (labels, TAGS, header tokens, addressees, paragraphs, references,
provenance). As Jinja expressions each one costs a lookup, a call and an escape, and that made the
template half of a cable page's CPU time; built here with f-strings they cost a fraction of it, which is
what lets a server on two cores answer cable pages quickly under load (``benchmarks/serve.py``).

Every value from a record passes through ``_e`` (HTML escaping) or ``_url`` (a quoted URL path part)
before it is put in the markup, so a cable that contains ``<script>`` is shown as the characters it
contains. Each function returns ``Markup``: the template inserts it as it is.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from cablebase.model import Addressee, Cable, Declassification, iso_date
from cablebase.web.present import (
    date_in_words,
    escaped,
    facet_meaning,
    mark_redactions,
    parse_iso,
    ri_meaning,
)


def _e(value: Any) -> str:
    """Escaped text (``None`` shows as nothing)."""
    if value is None:
        return ""
    return escaped(value if type(value) is str else str(value))


def _url(value: str | None) -> str:
    """A value as one part of a URL path (``/browse/posts/Embassy%20Mexico``)."""
    return quote(value or "", safe="/")


def heading(c: Cable) -> Markup:
    """Where the cable sits (its post), its subject, its labels (classification, caveats, precedence,
    partial, redactions) and its downloads."""
    out = [f'<header>\n  <p class="crumbs"><a href="/">Search</a> › <a href="/browse/posts/{_url(c.origin)}">'
           f'{_e(c.origin or "origin unknown")}</a></p>\n  <h1>{_e(c.subject or "[no subject]")}</h1>\n'
           f'  <p class="labels">\n    <span class="id">{_e(c.id)}</span>\n']
    klass = c.classification
    if klass:
        out.append(f'    <span class="label class-{_e(klass.split("/")[0].lower())}" title="classification">'
                   f"{_e(klass)}</span>\n")
    for caveat in c.caveats:
        out.append(f'    <span class="label caveat" title="{_e(facet_meaning("caveat", caveat) or "caveat")}">'
                   f'{_e(caveat)}</span>\n')
    precedence = c.precedence
    if precedence:
        out.append(f'    <span class="label precedence" title="{_e(facet_meaning("precedence", precedence))}">'
                   f"{_e(precedence)}</span>\n")
    if c.partial:
        out.append('    <span class="label warn" title="the release holds only part of this cable">partial extract</span>\n')
    redactions = c.redactions
    if redactions:
        out.append(f'    <span class="label warn">{redactions} redaction{"" if redactions == 1 else "s"}</span>\n')
    ident = _url(c.id)
    out.append(f'  </p>\n  <p class="downloads">Download <a href="/cable/{ident}.json">JSON</a> · '
               f'<a href="/cable/{ident}.txt">text</a> · <a href="/api/cable/{ident}">API</a></p>\n</header>\n')
    return Markup("".join(out))


def facts(c: Cable) -> Markup:
    """The decoded record in detail, after the text (the lead has the date, TAGS and signers): id, date,
    origin with its routing indicator, classification line, caveats, Classified By and E.O. lines."""
    out = ['<section class="facts">\n<h2>The record</h2>\n<dl>\n']
    published = c.published_id
    shown_as = f" <small>(published as {_e(published)})</small>" if published and published != c.id else ""
    out.append(f"  <dt>Reference id</dt><dd>{_e(c.id)}{shown_as}</dd>\n"
               f"  <dt>Date</dt><dd>{_e(iso_date(c.date) or 'unknown')}</dd>\n")
    origin, ri, country = c.origin, c.origin_ri, c.origin_country
    out.append(f'  <dt>Origin</dt><dd><a href="/browse/posts/{_url(origin)}">{_e(origin)}</a>')
    if ri:
        out.append(f' <code title="{_e(ri_meaning(ri))}">{_e(ri)}</code>')
    if country:
        out.append(f" · {_e(country)}")
    out.append("</dd>\n")
    if c.classification_line:
        out.append(f"  <dt>Classification line</dt><dd><code>{_e(c.classification_line)}</code></dd>\n")
    if c.caveats:
        items = "".join(f"<li><b>{_e(v)}</b>" + (f": {_e(m)}" if (m := facet_meaning("caveat", v)) else "") + "</li>"
                        for v in c.caveats)
        out.append(f'  <dt>Caveats</dt><dd><ul class="plain">{items}</ul></dd>\n')
    by = c.classified_by
    if by:
        title = f", {_e(by.title)}" if by.title else ""
        reasons = f" · reasons {_e(', '.join(by.reasons))}" if by.reasons else ""
        out.append(f"  <dt>Classified by</dt><dd>{_e(by.person)}{title}{reasons}</dd>\n")
    if c.declassification:
        out.append(f"  <dt>Declassification</dt><dd>{_declassification(c.declassification)}</dd>\n")
    kinds = ", ".join(f"{_e(t.code)} ({_e(t.kind or '?')})" for t in c.tags)
    if kinds:
        out.append(f"  <dt>TAGS by kind</dt><dd>{kinds}</dd>\n")
    out.append("</dl>\n</section>\n")
    return Markup("".join(out))


def _declassification(declass: Declassification) -> str:
    """The E.O. line once, as the cable has it, with the date to declassify on in words when there is one
    (it used to be shown decoded and then again as written: "E.O. 12958: N/A E.O. 12958: N/A")."""
    line = declass.text or f"E.O. {declass.order or '?'}: {declass.instruction or ''}"
    when = date_in_words(parse_iso(declass.date), time=False)
    return f"<code>{_e(line)}</code>" + (f" · declassify on {_e(when)}" if when else "")


def transmission(header: list[tuple[str, list[tuple[str, str | None]]]]) -> Markup:
    """The decoded transmission header (``present.header_rows``): a row per line of the telegram, each
    token with its meaning."""
    if not header:
        return Markup("")
    rows = []
    for label, tokens in header:
        cells = "".join(f'<span class="tok"><code>{_e(tok)}</code>'
                        + (f' <span class="m">{_e(meaning)}</span>' if meaning else "") + "</span>"
                        for tok, meaning in tokens)
        rows.append(f"<tr><th>{_e(label)}</th><td>{cells}</td></tr>\n")
    return Markup('<section class="header-decoded">\n<details>\n<summary><h2>Transmission header</h2></summary>\n'
                  f'<table class="tokens">\n{"".join(rows)}</table>\n</details>\n</section>\n')


_NOT_IN_TABLE = "routing indicator not in the table"


def addressees(c: Cable) -> Markup:
    """The FM, TO, INFO and XMT addressees as table rows: routing indicator with its meaning,
    plain-language address, office, post, precedence and MCN."""
    sender = c.sender
    if not (sender or c.to or c.info):
        return Markup("")
    rows: list[str] = []
    for role, items in (("FM", (sender,) if sender else ()), ("TO", c.to), ("INFO", c.info), ("XMT", c.exempt)):
        rows.extend(_addressee_row(a, role if i == 0 else "", role, c.origin_ri) for i, a in enumerate(items))
    return Markup('<section class="addressees">\n<details>\n<summary><h2>From and to</h2></summary>\n<table>\n'
                  '<thead><tr><th><span class="visually-hidden">Role</span></th><th>RI</th>'
                  "<th>Address</th><th>Post</th><th>Precedence</th><th>MCN</th></tr></thead>\n<tbody>\n"
                  f'{"".join(rows)}</tbody>\n</table>\n</details>\n</section>\n')


def _addressee_row(a: Addressee, shown_role: str, role: str, origin_ri: str | None) -> str:
    ri, office, precedence = a.ri, a.office, a.precedence
    if ri:
        code = f'<code title="{_e(ri_meaning(ri) or _NOT_IN_TABLE)}">{_e(ri)}</code>'
    elif role == "FM" and origin_ri:  # an FM line without a routing indicator: the DE line's station
        code = (f'<code class="from-de" title="{_e(ri_meaning(origin_ri) or _NOT_IN_TABLE)} (the FM line '
                f"names no routing indicator: this is the originating station's, from the DE line)\">"
                f"{_e(origin_ri)}</code>")
    else:
        code = ""
    address = _e(a.address)
    if office:
        address += f" <code>//{_e(office)}//</code>"
    if a.collective:
        address += ' <span class="label">collective</span>'
    prec = f'<span title="{_e(facet_meaning("precedence", precedence))}">{_e(precedence)}</span>' if precedence else ""
    return (f"<tr><td>{shown_role}</td><td>{code}</td><td>{address}</td><td>{_e(a.post)}</td>"
            f"<td>{prec}</td><td>{_e(a.mcn)}</td></tr>\n")


ABSENT_LABELS = {  # how a cited cable the archive lacks is marked, wherever it is listed
    "known-absent": Markup('<span class="label" title="a Cablegate id this archive does not hold">known, not in this '
                           "archive</span>"),
    "unknown": Markup('<span class="label warn" title="not among the 251,287 Cablegate ids">unknown id</span>'),
}


def references(c: Cable, refs: dict[str, Any]) -> Markup:
    """The REF items, each linked when the archive holds the cable it cites (or marked known-but-absent
    or unknown), and the cables in the archive that cite this one."""
    out = ['<section class="references">\n<h2>References</h2>\n']
    cites = refs.get("cites") or []
    if cites:
        out.append('<ul class="refs">\n')
        for item in cites:
            ident, status = item.get("id"), item.get("status")
            if ident and status == "present":
                what = (f'<a class="ref present" href="/cable/{_url(ident)}">{_e(ident)}</a> '
                        '<span class="label ok">in the archive</span>')
            elif ident and status == "known-absent":
                what = f'<span class="ref absent">{_e(ident)}</span> {ABSENT_LABELS["known-absent"]}'
            elif ident:
                what = f'<span class="ref unknown">{_e(ident)}</span> {ABSENT_LABELS["unknown"]}'
            else:
                what = f'<span class="label">{_e(item.get("kind"))}</span>'
            out.append(f'<li><b>{_e(item.get("letter") or "·")}.</b> {what} <span class="reftext">{_e(item.get("text"))}'
                       "</span></li>\n")
        out.append("</ul>\n")
    else:
        out.append("<p>No REF line.</p>\n")
    out.append("<h3>Cited by</h3>\n")
    cited_by = refs.get("cited_by") or []
    if cited_by:
        items = "".join(f'<li><a href="/cable/{_url(by["id"])}">{_e(by["id"])}</a> <span class="reftext">(ref '
                        f'{_e(by.get("letter"))}: {_e(by.get("text"))})</span></li>' for by in cited_by)
        out.append(f'<ul class="refs cited-by">{items}</ul>\n')
        if (more := refs.get("cited_by_count", 0) - len(cited_by)) > 0:
            out.append(f'<p class="more">and {more:,} more: <a href="/search?q={_url(f"ref:{c.id}")}">every cable '
                       f"citing {_e(c.id)}</a>.</p>\n")
    else:
        out.append(f"<p>No cable in this archive cites {_e(c.id)}.</p>\n")
    out.append("</section>\n")
    return Markup("".join(out))


CITED_SHOWN = 100  # citing cables listed on the cable page (the earliest; a search lists them all)
GLANCE = 10  # entries of each side of the thread shown on the cable page
GLANCE_DEPTH, GLANCE_LIMIT = 2, 30  # the thread the cable page reads: REF steps and cables each way


def thread_entries(entries: list[dict[str, Any]], up: bool) -> Markup:
    """``<li>`` items of one side of a thread (``up``: what the cable rests on), indented by their REF steps:
    the date (an absent cable's estimated, with its bounds), the cable (a link when the archive holds it),
    its subject, and beyond the first step the cable it was reached from (a link: only the archive's cables
    cite, so a thread passes through none it lacks)."""
    out = []
    for e in entries:
        ident, status, depth = e["id"], e["status"], e["depth"]
        iso, bounds = e.get("date"), e.get("date_bounds")
        if bounds:
            when = (f'<span class="when est" title="estimated from the serial number">c. {_e(iso)} <small>'
                    f"(between {_e(bounds[0])} and {_e(bounds[1])})</small></span>")
            if e.get("date_note"):
                when += f' <span class="label warn" title="{_e(e["date_note"])}">doubtful</span>'

        else:
            when = f'<span class="when">{_e(iso or "date unknown")}</span>'
        if status == "present":
            what = (f'<a class="ref present" href="/cable/{_url(ident)}">{_e(ident)}</a> <span class="subject">'
                    f'{_e(e.get("subject") or "[no subject]")}</span>')
        else:
            what = f'<span class="ref {_e(status)}">{_e(ident)}</span> {ABSENT_LABELS.get(status, "")}'
        if depth == 1:
            how = "cited directly" if up else "cites it directly"
        else:
            via = e.get("via")
            how = f'{depth} steps: {"cited by" if up else "cites"} <a href="/cable/{_url(via)}">{_e(via)}</a>'
        out.append(f'<li class="d{min(int(depth), 8)} {_e(status)}">{when} {what} <span class="via">{how}</span>'
                   "</li>\n")
    return Markup("".join(out))


def thread(th: dict[str, Any]) -> Markup:
    """The thread at a glance: the nearest of what the cable cites (and what those cite) and of what cites
    it, a side's direct ones first, shown in time order; the thread page has it all."""
    ident = _url(th["id"])
    out = ['<section class="thread" id="thread">\n<h2>Thread</h2>\n']
    ancestors, descendants = th.get("ancestors") or [], th.get("descendants") or []
    if not (ancestors or descendants):  # (and the whole thread is no longer)
        out.append(f"<p>{_e(th['id'])} cites no cable and no cable in this archive cites it.</p>\n</section>\n")
        return Markup("".join(out))
    for entries, up, title in ((ancestors, True, "What it rests on"), (descendants, False, "What rests on it")):
        if not entries:
            continue
        shown = sorted(entries, key=lambda e: e["depth"])[:GLANCE]
        chosen = {e["id"] for e in shown}
        out.append(f'<h3>{title}</h3>\n<ol class="thread">\n'
                   f'{thread_entries([e for e in entries if e["id"] in chosen], up)}</ol>\n')
        more = len(entries) - len(shown)
        if more:
            cut = th.get("truncated") and len(entries) >= GLANCE_LIMIT  # (the walk stopped at the limit)
            out.append(f'<p class="more">and {"at least " if cut else ""}{more} more</p>\n')
    out.append(f'<p><a href="/cable/{ident}/thread">The whole thread</a>: four REF steps each way, with the '
               "estimated dates of the cables the archive lacks.</p>\n</section>\n")
    return Markup("".join(out))


def text(c: Cable) -> Markup:
    """The reading text: paragraphs with their numbers (anchors to link to), portion markings, headings
    and redactions marked; a cable without paragraphs shows its body."""
    if not c.paragraphs:
        return Markup(f'<div class="body">{mark_redactions(c.body)}</div>')
    out = []
    previous = None
    for p in c.paragraphs:
        number, marking, heading = p.number, p.marking, p.heading
        if number and previous and number > previous + 1:
            out.append(_gap(previous, number))
        previous = number or previous
        if number:
            n = _e(number)
            out.append(f'<p class="para" id="p{n}"><a class="pnum" href="#p{n}" title="link to paragraph {n}">{n}.</a>')
        else:
            out.append('<p class="para">')
        if marking:
            out.append(f' <span class="marking" title="portion marking">({_e(marking)})</span>')
        if heading:
            out.append(f" <b>{_e(heading)}</b>")
        out.append(f" {mark_redactions(p.text)}</p>\n")
    return Markup("".join(out))


def _gap(before: int, after: int) -> str:
    """A note where the author's numbering skips: the text goes on from ``before`` to ``after``."""
    missing = list(range(before + 1, after))
    if len(missing) == 1:
        what = f"There is no paragraph {missing[0]}"
    elif len(missing) == 2:
        what = f"There are no paragraphs {missing[0]} and {missing[1]}"
    else:
        what = f"There are no paragraphs {missing[0]} to {missing[-1]}"
    return (f'<p class="gap" role="note">{what}: the numbering goes from {before} to {after} in the cable as '
            "released.</p>\n")


def versions(listed: list[dict[str, Any]], diff: str) -> Markup:
    """Earlier published versions of the cable, and the changes between the last two (nothing for a
    cable seen in one version)."""
    if len(listed) < 2:
        return Markup("")
    items = "".join(f"<li>version {_e(v.get('version'))}: {_e(v.get('path'))} <small>({_e(v.get('format'))}"
                    + (f", {_e(v['label'])}" if v.get("label") else "")
                    + f", text sha256 {_e((v.get('sha256') or '')[:12])})</small></li>" for v in listed)
    lines = "".join(f'<span class="{"add" if line.startswith("+") else "del" if line.startswith("-") else "ctx"}">'
                    f"{_e(line)}</span>\n" for line in diff.splitlines())
    return Markup(f'<section class="versions">\n<h2>Versions</h2>\n<ol>{items}</ol>\n'
                  f'<h3>Changes between the last two versions</h3>\n<pre class="diff">{lines}</pre>\n</section>\n')


def provenance(c: Cable) -> Markup:
    """What the source page said of the cable (its metadata table), where the record was read from, the
    diagnostics, and the raw text as received."""
    out = []
    if c.metadata:
        rows = "".join(f"<tr><th>{_e(key.replace('_', ' '))}</th><td>{_e(value)}</td></tr>"
                       for key, value in c.meta.items())
        out.append(f'<section class="metadata">\n<h2>What the source page says</h2>\n<table class="tokens">{rows}'
                   "</table>\n</section>\n")
    source = c.provenance
    locator = f", {_e(source.locator)}" if source.locator else ""
    out.append(f'<section class="provenance">\n<h2>Provenance and diagnostics</h2>\n<p>Read from <code>'
               f"{_e(source.path)}</code> ({_e(source.format)}{locator}), sha256 <code>"
               f"{_e(source.sha256)}</code>.</p>\n")
    if c.diagnostics:
        items = "".join(f"<li><code>{_e(d.code)}</code> {_e(d.message)}</li>" for d in c.diagnostics)
        out.append(f'<ul class="diagnostics">{items}</ul>\n')
    out.append(f'<details><summary>Raw text as received</summary><pre class="raw">{_e(c.raw)}</pre>'
               "</details>\n</section>\n")
    return Markup("".join(out))
