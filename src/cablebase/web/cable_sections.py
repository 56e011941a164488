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

from cablebase.web.present import date_in_words, escaped, facet_meaning, mark_redactions, ri_meaning


def _e(value: Any) -> str:
    """Escaped text (``None`` shows as nothing)."""
    if value is None:
        return ""
    return escaped(value if type(value) is str else str(value))


def _url(value: str | None) -> str:
    """A value as one part of a URL path (``/browse/posts/Embassy%20Mexico``)."""
    return quote(value or "", safe="/")


def heading(rec: dict[str, Any]) -> Markup:
    """Where the cable sits (its post), its subject, its labels (classification, caveats, precedence,
    partial, redactions) and its downloads."""
    out = [f'<header>\n  <p class="crumbs"><a href="/">Search</a> › <a href="/browse/posts/{_url(rec.get("origin"))}">'
           f'{_e(rec.get("origin") or "origin unknown")}</a></p>\n  <h1>{_e(rec.get("subject") or "[no subject]")}</h1>\n'
           f'  <p class="labels">\n    <span class="id">{_e(rec["id"])}</span>\n']
    klass = rec.get("classification")
    if klass:
        out.append(f'    <span class="label class-{_e(klass.split("/")[0].lower())}" title="classification">'
                   f"{_e(klass)}</span>\n")
    for c in rec.get("caveats") or []:
        out.append(f'    <span class="label caveat" title="{_e(facet_meaning("caveat", c) or "caveat")}">{_e(c)}</span>\n')
    precedence = rec.get("precedence")
    if precedence:
        out.append(f'    <span class="label precedence" title="{_e(facet_meaning("precedence", precedence))}">'
                   f"{_e(precedence)}</span>\n")
    if rec.get("partial"):
        out.append('    <span class="label warn" title="the release holds only part of this cable">partial extract</span>\n')
    redactions = rec.get("redactions")
    if redactions:
        out.append(f'    <span class="label warn">{redactions} redaction{"" if redactions == 1 else "s"}</span>\n')
    ident = _url(rec["id"])
    out.append(f'  </p>\n  <p class="downloads">Download <a href="/cable/{ident}.json">JSON</a> · '
               f'<a href="/cable/{ident}.txt">text</a> · <a href="/api/cable/{ident}">API</a></p>\n</header>\n')
    return Markup("".join(out))


def facts(rec: dict[str, Any]) -> Markup:
    """The decoded record in detail, after the text (the lead has the date, TAGS and signers): id, date,
    origin with its routing indicator, classification line, caveats, Classified By and E.O. lines."""
    out = ['<section class="facts">\n<h2>The record</h2>\n<dl>\n']
    published = rec.get("published_id")
    shown_as = f" <small>(published as {_e(published)})</small>" if published and published != rec["id"] else ""
    out.append(f"  <dt>Reference id</dt><dd>{_e(rec['id'])}{shown_as}</dd>\n"
               f"  <dt>Date</dt><dd>{_e(rec.get('date') or 'unknown')}</dd>\n")
    origin, ri, country = rec.get("origin"), rec.get("origin_ri"), rec.get("origin_country")
    out.append(f'  <dt>Origin</dt><dd><a href="/browse/posts/{_url(origin)}">{_e(origin)}</a>')
    if ri:
        out.append(f' <code title="{_e(ri_meaning(ri))}">{_e(ri)}</code>')
    if country:
        out.append(f" · {_e(country)}")
    out.append("</dd>\n")
    if rec.get("classification_line"):
        out.append(f"  <dt>Classification line</dt><dd><code>{_e(rec['classification_line'])}</code></dd>\n")
    caveats = rec.get("caveats") or []
    if caveats:
        items = "".join(f"<li><b>{_e(c)}</b>" + (f": {_e(m)}" if (m := facet_meaning("caveat", c)) else "") + "</li>"
                        for c in caveats)
        out.append(f'  <dt>Caveats</dt><dd><ul class="plain">{items}</ul></dd>\n')
    by = rec.get("classified_by")
    if by:
        title = f", {_e(by['title'])}" if by.get("title") else ""
        reasons = f" · reasons {_e(', '.join(by['reasons']))}" if by.get("reasons") else ""
        out.append(f"  <dt>Classified by</dt><dd>{_e(by.get('person'))}{title}{reasons}</dd>\n")
    declass = rec.get("declassification")
    if declass:
        out.append(f"  <dt>Declassification</dt><dd>{_declassification(declass)}</dd>\n")
    kinds = ", ".join(f'{_e(t["code"])} ({_e(t.get("kind") or "?")})' for t in rec.get("tag_details") or [])
    if kinds:
        out.append(f"  <dt>TAGS by kind</dt><dd>{kinds}</dd>\n")
    out.append("</dl>\n</section>\n")
    return Markup("".join(out))


def _declassification(declass: dict[str, Any]) -> str:
    """The E.O. line once, as the cable has it, with the date to declassify on in words when there is one
    (it used to be shown decoded and then again as written: "E.O. 12958: N/A E.O. 12958: N/A")."""
    line = declass.get("text") or f"E.O. {declass.get('order') or '?'}: {declass.get('instruction') or ''}"
    when = date_in_words(declass.get("date"), time=False)
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


def addressees(rec: dict[str, Any]) -> Markup:
    """The FM, TO, INFO and XMT addressees as table rows: routing indicator with its meaning,
    plain-language address, office, post, precedence and MCN."""
    sender = rec.get("sender")
    if not (sender or rec.get("to") or rec.get("info")):
        return Markup("")
    origin_ri = rec.get("origin_ri")
    rows = []
    for role, items in (("FM", [sender] if sender else []), ("TO", rec.get("to")), ("INFO", rec.get("info")),
                        ("XMT", rec.get("exempt"))):
        rows.extend(_addressee_row(a, role if i == 0 else "", role, origin_ri) for i, a in enumerate(items or []))
    return Markup('<section class="addressees">\n<details>\n<summary><h2>From and to</h2></summary>\n<table>\n'
                  '<thead><tr><th><span class="visually-hidden">Role</span></th><th>RI</th>'
                  "<th>Address</th><th>Post</th><th>Precedence</th><th>MCN</th></tr></thead>\n<tbody>\n"
                  f'{"".join(rows)}</tbody>\n</table>\n</details>\n</section>\n')


def _addressee_row(a: dict[str, Any], shown_role: str, role: str, origin_ri: str | None) -> str:
    ri, office, precedence = a.get("ri"), a.get("office"), a.get("precedence")
    if ri:
        code = f'<code title="{_e(ri_meaning(ri) or _NOT_IN_TABLE)}">{_e(ri)}</code>'
    elif role == "FM" and origin_ri:  # an FM line without a routing indicator: the DE line's station
        code = (f'<code class="from-de" title="{_e(ri_meaning(origin_ri) or _NOT_IN_TABLE)} (the FM line '
                f"names no routing indicator: this is the originating station's, from the DE line)\">"
                f"{_e(origin_ri)}</code>")
    else:
        code = ""
    address = _e(a.get("address"))
    if office:
        address += f" <code>//{_e(office)}//</code>"
    if a.get("collective"):
        address += ' <span class="label">collective</span>'
    prec = f'<span title="{_e(facet_meaning("precedence", precedence))}">{_e(precedence)}</span>' if precedence else ""
    return (f"<tr><td>{shown_role}</td><td>{code}</td><td>{address}</td><td>{_e(a.get('post'))}</td>"
            f"<td>{prec}</td><td>{_e(a.get('mcn'))}</td></tr>\n")


def references(rec: dict[str, Any], refs: dict[str, Any]) -> Markup:
    """The REF items, each linked when the archive holds the cable it cites (or marked known-but-absent
    or unknown), and the cables in the archive that cite this one."""
    out = ['<section class="references">\n<h2>References</h2>\n']
    cites = refs.get("cites") or []
    if cites:
        out.append('<ul class="refs">\n')
        for c in cites:
            ident, status = c.get("id"), c.get("status")
            if ident and status == "present":
                what = (f'<a class="ref present" href="/cable/{_url(ident)}">{_e(ident)}</a> '
                        '<span class="label ok">in the archive</span>')
            elif ident and status == "known-absent":
                what = (f'<span class="ref absent">{_e(ident)}</span> <span class="label" title="a Cablegate id this '
                        'archive does not hold">known, not in this archive</span>')
            elif ident:
                what = (f'<span class="ref unknown">{_e(ident)}</span> <span class="label warn" title="not among the '
                        '251,287 Cablegate ids">unknown id</span>')
            else:
                what = f'<span class="label">{_e(c.get("kind"))}</span>'
            out.append(f'<li><b>{_e(c.get("letter") or "·")}.</b> {what} <span class="reftext">{_e(c.get("text"))}'
                       "</span></li>\n")
        out.append("</ul>\n")
    else:
        out.append("<p>No REF line.</p>\n")
    out.append("<h3>Cited by</h3>\n")
    cited_by = refs.get("cited_by") or []
    if cited_by:
        items = "".join(f'<li><a href="/cable/{_url(c["id"])}">{_e(c["id"])}</a> <span class="reftext">(ref '
                        f'{_e(c.get("letter"))}: {_e(c.get("text"))})</span></li>' for c in cited_by)
        out.append(f'<ul class="refs cited-by">{items}</ul>\n')
    else:
        out.append(f"<p>No cable in this archive cites {_e(rec['id'])}.</p>\n")
    out.append("</section>\n")
    return Markup("".join(out))


def text(rec: dict[str, Any]) -> Markup:
    """The reading text: paragraphs with their numbers (anchors to link to), portion markings, headings
    and redactions marked; a cable without paragraphs shows its body."""
    paras = rec.get("paragraphs")
    if not paras:
        return Markup(f'<div class="body">{mark_redactions(rec.get("body") or "")}</div>')
    out = []
    previous = None
    for p in paras:
        number, marking, heading = p.get("number"), p.get("marking"), p.get("heading")
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
        out.append(f" {mark_redactions(p.get('text') or '')}</p>\n")
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


def provenance(rec: dict[str, Any]) -> Markup:
    """What the source page said of the cable (its metadata table), where the record was read from, the
    diagnostics, and the raw text as received."""
    out = []
    metadata = rec.get("metadata")
    if metadata:
        rows = "".join(f"<tr><th>{_e(key.replace('_', ' '))}</th><td>{_e(value)}</td></tr>"
                       for key, value in metadata.items())
        out.append(f'<section class="metadata">\n<h2>What the source page says</h2>\n<table class="tokens">{rows}'
                   "</table>\n</section>\n")
    source = rec.get("source") or {}
    locator = f", {_e(source['locator'])}" if source.get("locator") else ""
    out.append(f'<section class="provenance">\n<h2>Provenance and diagnostics</h2>\n<p>Read from <code>'
               f"{_e(source.get('path'))}</code> ({_e(source.get('format'))}{locator}), sha256 <code>"
               f"{_e(source.get('sha256'))}</code>.</p>\n")
    diagnostics = rec.get("diagnostics") or []
    if diagnostics:
        items = "".join(f"<li><code>{_e(d.get('code'))}</code> {_e(d.get('message'))}</li>" for d in diagnostics)
        out.append(f'<ul class="diagnostics">{items}</ul>\n')
    out.append(f'<details><summary>Raw text as received</summary><pre class="raw">{_e(rec.get("raw"))}</pre>'
               "</details>\n</section>\n")
    return Markup("".join(out))
