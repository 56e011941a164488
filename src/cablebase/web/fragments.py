"""The parts of a page that repeat tens or hundreds of times, built in Python: facet values and timeline
bars (search pages), paragraphs, header tokens and addressees (cable pages).

A search page lists up to 210 facet values and a bar per month. In a Jinja loop each of them costs a
dozen attribute lookups and escapes, which made the template a third of a search page's Python time;
built here with the same markup and the same escaping, they cost a fraction of that. The same held for
the paragraphs, header tokens and addressees of a cable page, the largest part of its template's time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from cablebase.web.present import facet_meaning, mark_redactions, ri_meaning


@lru_cache(maxsize=8192)
def _text(value: str) -> str:
    """Escaped facet values and meanings: a small vocabulary (posts, tags, countries) seen on every page."""
    return str(escape(value))


def _href(url: str) -> str:
    """A URL built by ``urlencode``/``quote_plus`` can hold no HTML-special character but ``&``."""
    return url.replace("&", "&amp;")


def facet_values(entries: list[dict[str, Any]]) -> Markup:
    """``<li>`` items for facet values: the link that toggles the filter, the value, its meaning, the count."""
    out = []
    for e in entries:
        value, meaning = e["value"], e["meaning"]
        gloss = f' <span class="m">{_text(meaning)}</span>' if meaning else ""
        on = ' class="on"' if e["active"] else ""
        out.append(f'<li{on}><a href="{_href(e["url"])}" title="{_text(meaning or value)}"><span class="v">'
                   f'{_text(value)}</span>{gloss}</a> <span class="n">{e["count"]:,}</span></li>')
    return Markup("".join(out))


def timeline_bars(periods: list[tuple[str, int, str]], peak: int, unit: str = "month") -> Markup:
    """One bar per month (or year), as tall as its count relative to the ``peak``; a period with cables
    links to a search narrowed to it."""
    out = []
    for period, n, href in periods:
        p = _text(period)
        if n:
            out.append(f'<a class="bar" href="{_href(href)}" data-{unit}="{p}" title="{p}: {n} cable'
                       f'{"" if n == 1 else "s"}" aria-label="{p}: {n} cables" '
                       f'style="--h: {round(100 * n / peak, 1)}%"></a>')
        else:
            out.append(f'<span class="bar empty" title="{p}: no cables"></span>')
    return Markup("".join(out))


def paragraphs(paras: list[dict[str, Any]]) -> Markup:
    """A cable's paragraphs: number (an anchor to link to), portion marking, heading, text with its
    redactions marked."""
    out = []
    for p in paras:
        number, marking, heading = p.get("number"), p.get("marking"), p.get("heading")
        n = escape(number) if number else ""
        out.append(f'\n<p class="para" id="p{n}">' if number else '\n<p class="para" >')
        if number:
            out.append(f'<a class="pnum" href="#p{n}" title="link to paragraph {n}">{n}.</a>')
        if marking:
            out.append(f' <span class="marking" title="portion marking">({escape(marking)})</span>')
        if heading:
            out.append(f" <b>{escape(heading)}</b>")
        out.append(f" {mark_redactions(p.get('text') or '')}</p>\n")
    return Markup("".join(out))


def header_rows(rows: list[tuple[str, list[tuple[str, str | None]]]]) -> Markup:
    """The decoded transmission header: a row per line of the telegram, each token with its meaning."""
    out = []
    for label, tokens in rows:
        cells = "".join(f'<span class="tok"><code>{escape(tok)}</code>'
                        + (f' <span class="m">{escape(meaning)}</span>' if meaning else "") + "</span>"
                        for tok, meaning in tokens)
        out.append(f"\n<tr><th>{escape(label)}</th><td>{cells}</td></tr>\n")
    return Markup("".join(out))


_NOT_IN_TABLE = "routing indicator not in the table"


def addressee_rows(items: list[dict[str, Any]], role: str, origin_ri: str | None) -> Markup:
    """Table rows for the FM, TO, INFO or XMT addressees (``role`` shown on the first): routing
    indicator with its meaning, plain-language address, office, post, precedence and MCN. An FM line
    without a routing indicator shows the originating station's, from the DE line."""
    out = []
    for i, a in enumerate(items):
        ri, office, precedence = a.get("ri"), a.get("office"), a.get("precedence")
        if ri:
            code = f'<code title="{escape(ri_meaning(ri) or _NOT_IN_TABLE)}">{escape(ri)}</code>'
        elif role == "FM" and origin_ri:
            code = (f'<code class="from-de" title="{escape(ri_meaning(origin_ri) or _NOT_IN_TABLE)} (the FM line '
                    f"names no routing indicator: this is the originating station's, from the DE line)\">"
                    f"{escape(origin_ri)}</code>")
        else:
            code = ""
        address = str(escape(a.get("address", "")))  # (a plain string: Markup would escape what is added)
        if office:
            address += f" <code>//{escape(office)}//</code>"
        if a.get("collective"):
            address += ' <span class="label">collective</span>'
        prec = (f'<span title="{escape(facet_meaning("precedence", precedence) or "")}">{escape(precedence)}</span>'
                if precedence else "")
        out.append(f'\n<tr><td>{escape(role) if i == 0 else ""}</td>\n<td>{code}</td>\n<td>{address}</td>\n'
                   f'<td>{escape(a.get("post") or "")}</td>\n<td>{prec}</td>\n<td>{escape(a.get("mcn") or "")}</td></tr>\n')
    return Markup("".join(out))
