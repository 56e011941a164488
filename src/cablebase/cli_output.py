"""What ``cablebase search`` and ``cablebase stats`` print for a person: laid out for the terminal's width,
in words.

A hit is a block: its id, date, origin and classification on one line, then its subject and its snippet
indented beneath, wrapped to the terminal (the snippet re-flowed: the cable's own hard line breaks, made
for a 69-column teleprinter, would otherwise break every line twice). Facets are a two-column grid whose
values wrap under themselves, not under the facet's name.
"""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

INDENT = 4
_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
SEARCH_FACETS = ("origin", "year", "classification", "tag")


def _flow(text: str) -> str:
    """HTML snippet text as plain, re-flowed text (the cable's line breaks and runs of spaces as one)."""
    return re.sub(r"\s+", " ", html.unescape(text))


def snippet_text(snippet: str) -> Text:
    """A snippet (escaped HTML with ``<mark>`` around the matched words) as re-flowed, highlighted text."""
    out = Text()
    at = 0
    for m in _MARK.finditer(snippet):
        out.append(_flow(snippet[at:m.start()]))
        out.append(_flow(m.group(1)), style="bold yellow")
        at = m.end()
    out.append(_flow(snippet[at:]))
    return Text(out.plain.strip()) if not out.spans else out


def _day(value: str | None) -> str:
    """``2007-03-05T19:24:00+00:00`` as ``5 Mar 2007``."""
    if not value:
        return "no date"
    try:
        d = date.fromisoformat(value[:10])
    except ValueError:
        return value[:10]
    return f"{d.day} {d:%b %Y}"


def print_search(out: Console, result: Any, query: str) -> None:
    """One page of results (a :class:`~cablebase.archive.SearchResult`), one block per hit, then facets."""
    out.print(Text.assemble((f"{result.total:,}", "bold"), f" cables match {query!r}"))
    for h in result.hits:
        out.print()
        head = Table.grid(padding=(0, 2))  # (what does not fit wraps under the date, not under the id)
        head.add_column(style="cyan bold", no_wrap=True)
        head.add_column()
        head.add_row(h.id, " · ".join(p for p in (_day(h.date), h.origin, h.classification) if p))
        out.print(head)
        if h.subject:
            out.print(Padding(Text(_flow(h.subject)), (0, 0, 0, INDENT), expand=False))
        if h.snippet:
            out.print(Padding(snippet_text(h.snippet), (0, 0, 0, INDENT), style="dim", expand=False))
    if result.next_cursor:
        out.print()
        out.print(Text(f"more: --cursor {result.next_cursor}", style="dim"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    for name in SEARCH_FACETS:
        top = sorted(result.facets.get(name, {}).items(), key=lambda kv: -kv[1])[:8]
        if top:
            grid.add_row(name, ", ".join(f"{k} ({v:,})" for k, v in top))
    if grid.row_count:
        out.print()
        out.print(grid)


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def stats_lines(s: dict[str, Any], deleted: float) -> list[str]:
    """``Archive.stats()`` as sentences (``deleted``: the share of the search index that is old copies of
    updated records)."""
    files = s["files"]
    read = sum(n for k, n in files.items() if k != "skipped")
    failed = files.get("failed", 0)
    lines = [f"{s['cables']:,} cables, {s['versions']:,} versions of them "
             f"({s['versions'] - s['cables']:,} earlier or other texts kept beside the current ones)",
             f"{read:,} files read ({failed:,} of them with nothing readable), {files.get('skipped', 0):,} "
             "skipped as not cables"]
    refs, resolved = s["ref_items"], s["ref_items_resolved_to_ids"]
    lines.append(f"{refs:,} references (REF lines); {resolved:,} ({_share(resolved, refs)}) name a cable: "
                 f"{s['refs_present']:,} in this archive, {s['refs_known_absent']:,} known from Cablegate but not "
                 f"here, {s['refs_unknown']:,} unknown")
    lines.append(f"records decoded by {s['decoded_by']}")
    index = s["index"].split("; ", 1)
    advice = f"; {index[1]}" if len(index) > 1 else ""
    lines.append("search index: " + ("no old copies of updated records in it" if deleted < 0.005 else
                                     f"{deleted:.0%} of it is old copies of updated records{advice}"))
    lines.append(f"records file (cables.sqlite): {s['records_file']}")
    lines.append(f"content hash (equal archives have equal hashes): {s['content_hash']}")
    return lines
