"""Snippets of search hits: a few lines of a cable's body around the words searched for, as safe HTML.

Tantivy picks the fragment and the words to mark; the HTML is made here, with the text escaped and only
the marked words wrapped in ``<mark>`` (a cable's text may hold anything, ``<script>`` included).
"""

from __future__ import annotations

import html
import re

import tantivy

SNIPPET_CHARS = 240  # the longest fragment shown
WINDOW = 600  # characters of a long body handed to the snippet generator
_STRETCH = 2000  # characters lower-cased at a time while looking for the first query word


class Snippets:
    """The snippet maker of one search: ``stems`` are the body words the query looks for (to find where
    in a long cable the fragment should come from)."""

    def __init__(self, searcher: tantivy.Searcher, query: tantivy.Query, schema: tantivy.Schema,
                 stems: list[str]):
        self._generator = tantivy.SnippetGenerator.create(searcher, query, schema, "body")
        self._generator.set_max_num_chars(SNIPPET_CHARS)
        self._stems = stems

    def of(self, doc: tantivy.Document) -> str:
        """The snippet HTML of a hit's stored document."""
        return self.located(doc)[0]

    def located(self, doc: tantivy.Document) -> tuple[str, int | None]:
        """The snippet HTML and the number of the paragraph it starts in (None before the first numbered
        paragraph), so that a reader can be taken to it (``/cable/ID#p5``)."""
        snippet = self._generator.snippet_from_doc(window(doc, self._stems))
        fragment = snippet.fragment()
        body = doc.get_first("body") or ""
        at = body.find(fragment) if fragment else -1
        return safe_html(snippet), paragraph_at(body, at) if at >= 0 else None


def window(doc: tantivy.Document, stems: list[str]) -> tantivy.Document:
    """The part of a long body around the first query word: the snippet generator re-reads the whole text it
    is given, and a 40,000-character cable would cost a millisecond per hit. The body is lower-cased a
    stretch at a time, as the first match is usually early."""
    body = doc.get_first("body") or ""
    if len(body) <= WINDOW:
        return doc
    first = -1
    overlap = max((len(s) for s in stems), default=0)
    for at in range(0, len(body), _STRETCH) if stems else ():
        low = body[at: at + _STRETCH + overlap].lower()
        found = [i for i in (low.find(s) for s in stems) if i >= 0]
        if found:
            first = at + min(found)
            break
    start = max(0, first - WINDOW // 2) if first >= 0 else 0
    part = tantivy.Document()
    part.add_text("body", body[start: start + WINDOW])
    return part


_PARAGRAPH = re.compile(r"[ \t]*(\d{1,3})\.[ \t]")


def paragraph_at(body: str, at: int) -> int | None:
    """The number of the paragraph holding character ``at`` of a body: the nearest line at or before it that
    starts with ``N.`` (lines are searched backwards, so a long cable costs only the lines before the hit)."""
    end = at
    while end >= 0:
        start = body.rfind("\n", 0, end) + 1
        m = _PARAGRAPH.match(body, start)
        if m:
            return int(m.group(1))
        end = start - 1
    return None


def safe_html(snippet: tantivy.Snippet) -> str:
    """Snippet HTML built here: the text escaped, only the hits wrapped in <mark>."""
    text = snippet.fragment()
    out, last = [], 0
    for r in sorted(snippet.highlighted(), key=lambda r: r.start):
        out.append(html.escape(text[last: r.start]))
        out.append("<mark>" + html.escape(text[r.start: r.end]) + "</mark>")
        last = r.end
    out.append(html.escape(text[last:]))
    return "".join(out)
