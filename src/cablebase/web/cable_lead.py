"""The top of a cable page: what a reader needs before the text (subject, date in words, origin,
classification, TAGS, a short summary), so that the first paragraph is on the first screen. The
transmission header, addressees and provenance follow the text (``cable_sections``).

Every value from a record is escaped (``_e``) or quoted (``_url``) before it is put in the markup.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from cablebase.model import Cable, iso_date
from cablebase.web.cable_sections import _e, _url
from cablebase.web.present import date_in_words, facet_meaning

SUMMARY_CHARS = 360  # a longer summary is cut at a sentence (or word) and the rest is in the text
# a full stop after a lower-case word, before a capital ("U.S. forces" does not end a sentence)
_SENTENCE_END = re.compile(r"(?<=[a-z0-9])[.!?][\"')\]]?\s+(?=[A-Z\"(])")


def short(text: str, limit: int = SUMMARY_CHARS) -> tuple[str, bool]:
    """``text`` on one line, cut to at most ``limit`` characters at the end of a sentence when one ends in
    the second half, else at a word; and whether it was cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text, False
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, limit + 1)]
    if ends and ends[-1] > limit // 2:
        return text[: ends[-1]].rstrip() + " …", True
    return text[: limit].rsplit(" ", 1)[0].rstrip(",;:") + " …", True


def lead(c: Cable) -> Markup:
    """Date, origin, classification, signers, TAGS and the summary, then a link down to the text."""
    out = ['<section class="lead" aria-label="about this cable">\n']
    if other := c.text_of:  # the page shows another cable's text: say so before anything else
        out.append(f'<p class="note" role="note">The source page of this cable shows the text of another cable, '
                   f'<a href="/cable/{_url(other)}">{_e(other)}</a>; the fields below are the page\'s, the text is '
                   f'that cable\'s.</p>\n')
    out.append("<dl>\n")
    # a date taken from the page or dump for want of a DTG has the right day but not the cable's minute
    from_container = c.date_source == "container"
    when = date_in_words(c.date, time=not from_container)
    note = ' <small>(the day the archive gives; the cable\'s own time is not in its text)</small>' \
        if from_container and when else ""
    out.append(f"  <dt>Date</dt><dd>{_e(when or iso_date(c.date) or 'unknown')}{note}</dd>\n")
    origin, country = c.origin, c.origin_country
    out.append(f'  <dt>From</dt><dd><a href="/browse/posts/{_url(origin)}">{_e(origin or "origin unknown")}</a>'
               + (f" · {_e(country)}" if country else "") + "</dd>\n")
    caveats = ", ".join(c.caveats)
    out.append(f"  <dt>Classification</dt><dd>{_e(c.classification or 'not given')}"
               + (f" · {_e(caveats)}" if caveats else "") + "</dd>\n")
    if c.signers:
        names = ", ".join(f'<a href="/browse/signers/{_url(s)}">{_e(s)}</a>' for s in c.signers)
        out.append(f"  <dt>Signed</dt><dd>{names}</dd>\n")
    tags = "".join(f'<li><a href="/browse/tags/{_url(t.code)}"><code>{_e(t.code)}</code></a> '
                   f'<span class="m">{_e(t.meaning or facet_meaning("tag", t.code) or "not in the TAGS table")}'
                   "</span></li>" for t in c.tags)
    out.append(f'  <dt>TAGS</dt><dd><ul class="plain tags">{tags or "<li>none</li>"}</ul></dd>\n')
    if c.summary:
        text, cut = short(c.summary)
        more = ' <a href="#text">read on</a>' if cut else ""
        out.append(f'  <dt>Summary</dt><dd class="summary-text">{_e(text)}{more}</dd>\n')
    out.append('</dl>\n<p class="jump"><a href="#text">Jump to the text</a></p>\n</section>\n')
    return Markup("".join(out))
