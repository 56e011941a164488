"""Cablegate web pages (cablegate.wikileaks.org, Dec 2010 - Aug 2011 layouts).

The page carries a metadata table (Reference ID, Created, Released, Classification, Origin) and two
``<code><pre>`` blocks (header and body). Only that part of the ~47-190 KB page is parsed (lexbor via
selectolax), which keeps a page well under a millisecond.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from functools import cache
from typing import AnyStr

from selectolax.lexbor import LexborHTMLParser

from cablebase.container import Container
from cablebase.decode.text import decode_bytes
from cablebase.readers import Document, FormatError, sha256_bytes

_FIELDS = ("id", "created", "released", "classification", "origin")
# The table's column headings: the first pages (early December 2010) had "Date" and no "Released" column.
_HEADINGS = {"reference id": "id", "created": "created", "date": "created", "released": "released",
             "classification": "classification", "origin": "origin"}
_BANNER = 6000  # characters at the top of a page where the later layout's release banner is


def read(path: str) -> Iterator[Document]:
    with open(path, "rb") as fh:
        data = fh.read()
    doc = parse_page_bytes(data)
    doc.sha256 = sha256_bytes(data)
    label = _version_label(path)
    if label:
        doc.container = doc.container.with_fields(label)
    yield doc


# Some pages of early 2011 print, in the body's <pre>, one tab-separated database row: number, date, id,
# origin, classification, references, then the header and the body (a tab between them), every line break
# written as a backslash before it (06TASHKENT902, the version seen 2011-04-25).
_DB_ROW = re.compile(r"^\d+\t\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)?\t[^\t\n]+\t[^\t\n]*\t[^\t\n]*\t(?P<refs>[^\t\n]*)\t"
                     r"(?P<header>[^\t]*)\t(?P<body>.*)$", re.S)
_CONTINUED = re.compile(r"[ \t]*\\[ \t]*\n")


_END = "</pre></code>"
_TABLES = ("<table class='cable'>", '<table class="cable">')
_END_BYTES, _TABLES_BYTES = _END.encode(), tuple(t.encode() for t in _TABLES)


def _cable_part(page: AnyStr, end_mark: AnyStr, tables: tuple[AnyStr, ...]) -> tuple[int, int]:
    """Where the cable's part of a page (its text, or its bytes with the marks as bytes) starts and where its
    last text block ends, -1 for either not found. The table stands just before the text blocks, at the end of
    the page: it is looked for backwards from them (the one last before the text, for a page with two)."""
    end = page.rfind(end_mark)
    for table in tables:
        start = page.rfind(table, 0, max(end, 0))
        if start >= 0:
            return start, end
    return -1, end


def parse_page_bytes(data: bytes) -> Document:
    """A page as stored: only the cable's part of it (the metadata table and the ``<pre>`` blocks, a fifth of
    the page) is decoded from UTF-8, a third of the time of decoding it all; a page whose part is not UTF-8
    is decoded whole, with :func:`decode_bytes`'s fallbacks and its diagnostic. (A stray byte elsewhere in
    the page, in its head or footer, is no longer the cable's business: the cable's text is read as what it
    is, UTF-8, and no ``encoding-fallback`` is recorded for it.)"""
    start, end = _cable_part(data, _END_BYTES, _TABLES_BYTES)
    if start >= 0 and end > start:
        fragment = data[start: end + 13]
        try:
            fragment.decode("utf-8")  # (a check only: the parser reads UTF-8 bytes as they are)
        except UnicodeDecodeError:
            pass
        else:
            head = data[: min(start, _BANNER)].decode("utf-8", "replace")
            return _parse_fragment(fragment, head, whole=False)
    text, diags = decode_bytes(data)
    doc = parse_page(text)
    doc.diagnostics[:0] = diags
    return doc


def parse_page(html: str) -> Document:
    start, end = _cable_part(html, _END, _TABLES)
    if start >= 0 and end > start:
        return _parse_fragment(html[start: end + 13], html[: min(start, _BANNER)], whole=False)
    return _parse_fragment(html, html[:_BANNER], whole=True)


def _parse_fragment(fragment: str | bytes, head: str, whole: bool) -> Document:
    """The metadata table and the text blocks of ``fragment`` (the cable's part of a page, or the ``whole``
    page where that part was not found); ``head``: the top of the page, where the later layout's banner is."""
    tree = LexborHTMLParser(fragment)
    meta: dict[str, str] = {}
    # The fragment opens with the metadata table, so its cells are the first <td>s (a tag lookup is five
    # times quicker than the selector engine).
    cells = tree.css("table.cable td") if whole else tree.tags("td")
    heads = tree.css("table.cable th") if whole else tree.tags("th")
    for name, td in zip(_field_names(heads), cells, strict=False):
        meta[name] = td.text(strip=True)
    blocks = [node.text() for node in tree.tags("pre") if node.parent is not None and node.parent.tag == "code"] \
        or [node.text() for node in tree.tags("pre")]
    if not blocks:
        raise FormatError("page has no <pre> block with cable text")
    # The later layout says so in its banner, in the first 2,000 characters of the page; looking further
    # (the head of a page is 20-40 KB) took a quarter of the container's time for every other page.
    if "251287 / 251,287" in head or "/reldate/2011-08-30" in head:
        layout = "wikileaks-2011"
    else:
        layout = "wikileaks"
    row = next((m for b in blocks if "\t" in b and (m := _DB_ROW.match(b.strip("\n")))), None)
    if row:  # early-2011 pages: one database row holds the whole cable (the header block before it is a copy)
        text = _CONTINUED.sub("\n", row.group("header")).rstrip("\\ ") + "\n\n" + \
            _CONTINUED.sub("\n", row.group("body")).rstrip("\\ \n")
        meta.setdefault("references", row.group("refs").strip())
    else:
        text = "\n\n".join(b.strip("\n") for b in blocks)
    if not text or text.isspace():
        raise FormatError(f"the page's {len(blocks)} <pre> block(s) hold no cable text")
    return Document(text=text, format=layout, published_id=meta.get("id") or None,
                    container=Container.from_fields(meta))


def _field_names(heads: list) -> tuple[str, ...]:
    """The metadata fields in the order of the table's columns (unknown headings keep their own name)."""
    names = tuple(_HEADINGS.get(key, key) for th in heads if (key := th.text(strip=True).lower()))
    return names if "id" in names else _FIELDS


@cache
def _versions_index(folder: str) -> dict[str, dict[str, str]]:
    path = os.path.join(folder, "VERSIONS_INDEX.csv")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["file"]: row for row in csv.DictReader(fh)}


def _version_label(path: str) -> dict[str, str]:
    """For pages under a ``versions/`` tree, what ``VERSIONS_INDEX.csv`` says about them."""
    parent = os.path.dirname(os.path.abspath(path))
    root = os.path.dirname(parent)
    index = _versions_index(root)
    if not index:
        return {}
    row = index.get(os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/"))
    if not row:
        return {}
    return {"version_label": row["version_label"], "first_seen": row["first_seen"], "last_seen": row["last_seen"],
            "version_source": row["source_repo"]}
