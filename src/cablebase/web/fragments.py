"""The parts of a search page that repeat tens or hundreds of times, built in Python: facet values,
timeline bars and the hits. (Cable pages are built the same way, section by section, in ``cable_sections``.)

A search page lists up to 210 facet values and a bar per month. In a Jinja loop each of them costs a
dozen attribute lookups and escapes, which made the template a third of a search page's Python time;
built here with the same markup and the same escaping, they cost a fraction of that.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markupsafe import Markup

from cablebase.web.present import escaped


@lru_cache(maxsize=8192)
def _text(value: str) -> str:
    """Escaped facet values and meanings: a small vocabulary (posts, tags, countries) seen on every page."""
    return escaped(value)


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


def _from_paragraph(h: Any) -> str:
    """Where the snippet comes from, linked: its paragraph (``/cable/ID#p5``), or the text's opening."""
    ident = escaped(h.id)
    if h.paragraph:
        return f'<a class="from" href="/cable/{ident}#p{h.paragraph}">from paragraph {h.paragraph}</a>'
    return f'<a class="from" href="/cable/{ident}#text">from the opening of the text</a>'


def hits(found: list[Any]) -> Markup:
    """The results: each cable's subject linked to its page, id, day, origin and classification, and its
    snippet (HTML made by the archive: the text escaped, the hits in ``<mark>``) with a link to the paragraph
    it comes from."""
    out = []
    for h in found:
        meta = f'<span class="id">{escaped(h.id)}</span> · {escaped((h.date or "")[:10] or "undated")} · ' \
               f'{escaped(h.origin or "origin unknown")}'
        if h.classification:
            meta += (f' · <span class="label class-{escaped(h.classification.split("/")[0].lower())}">'
                     f"{escaped(h.classification)}</span>")
        snippet = f'<p class="snippet">{h.snippet} {_from_paragraph(h)}</p>' if h.snippet else ""
        out.append(f'<li class="hit">\n<h3><a href="/cable/{escaped(h.id)}">{escaped(h.subject or "[no subject]")}'
                   f'</a></h3>\n<p class="meta">{meta}</p>\n{snippet}\n</li>\n')
    return Markup("".join(out))
