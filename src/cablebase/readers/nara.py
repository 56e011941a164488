"""National Archives telegrams: WikiLeaks PlusD pages (``1974ATHENS02959_b``) and History Lab exports.

PlusD pages keep the NARA fields in a ``synopsis`` table (Canonical ID, Date, Original and Current
Classification, Handling Restrictions, Character Count, Executive Order, Locator, TAGS, Concepts,
Enclosure, Type, Office Origin/Action, Archive Status, From, To, Markings). All of them are kept as
metadata; the "Raw content" block is the telegram text.
"""

from __future__ import annotations

from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser

from cablebase.container import Container
from cablebase.decode.text import decode_bytes
from cablebase.model import Diagnostic
from cablebase.readers import Document, FormatError, ReadError, sha256_bytes

_META_NAMES = {
    "Canonical ID": "canonical_id", "Date": "date", "Original Classification": "classification",
    "Current Classification": "current_classification", "Handling Restrictions": "handling",
    "Character Count": "character_count", "Executive Order": "executive_order", "Locator": "locator",
    "TAGS": "tags", "Concepts": "concepts", "Enclosure": "enclosure", "Type": "type",
    "Office Origin": "office_origin", "Office Action": "office_action", "Archive Status": "archive_status",
    "From": "from", "To": "to", "Markings": "markings",
}


def read_plusd(path: str) -> Iterator[Document]:
    with open(path, "rb") as fh:
        data = fh.read()
    html, diags = decode_bytes(data)
    tree = LexborHTMLParser(html)
    meta: dict[str, str] = {}
    for key in tree.css("#synopsis div.s_key"):
        label = key.text(strip=True).rstrip(":").strip()
        val = key.next
        while val is not None and (val.tag != "div" or "s_val" not in (val.attributes.get("class") or "")):
            val = val.next
        if val is not None and label in _META_NAMES:
            value = " ".join(val.text().split())
            if value and value != "-- N/A or Blank --":
                meta[_META_NAMES[label]] = value
    title = tree.css_first("#synopsis td[colspan]")
    if title is not None:
        meta["title"] = title.text(strip=True)
    raw = None
    for tab in tree.css("div.pane-tab"):
        head = tab.css_first("div.pane-header")
        body = tab.css_first("div.text-content")
        if head is not None and body is not None and head.text(strip=True).lower() == "raw content":
            raw = body.text()
            break
    if raw is None:  # no raw pane: the header block plus the tagged text of the "Content" pane
        parts = [n.text() for n in tree.css("div.text-header")] + [n.text() for n in tree.css("#tagged-text")]
        if not parts:
            raise FormatError("PlusD page without a text block")
        raw = "\n".join(parts)
    if not raw.strip():
        raise FormatError("PlusD page whose text block is empty")
    if "date" in meta:
        meta["created"] = _plusd_date(meta["date"])
    published = meta.get("canonical_id")
    if published:
        meta["id"] = published
    yield Document(text=raw, format="plusd-nara", published_id=published, container=Container.from_fields(meta),
                   diagnostics=diags, sha256=sha256_bytes(data))


def _plusd_date(text: str) -> str:
    """``1974 May 17, 16:00 (Friday)`` -> ``1974-05-17 16:00``."""
    from datetime import datetime

    core = text.split("(")[0].strip()
    try:
        return datetime.strptime(core, "%Y %B %d, %H:%M").strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return core


def read_history_lab(path: str) -> Iterator[Document | ReadError]:
    """Markdown pipe tables of History Lab's ``declassification_cables``: one record per ``docs`` row."""
    with open(path, "rb") as fh:
        data = fh.read()
    text, diags = decode_bytes(data)
    lines = text.split("\n")
    header: list[str] | None = None
    for no, line in enumerate(lines, 1):
        if line.startswith("doc_nbr|"):
            header = line.split("|")
            continue
        if header is None:
            continue
        if not line.strip() or line.startswith("#"):
            header = None if line.startswith("#") else header
            if not line.strip():
                header = None
            continue
        if set(line) <= set("-|"):
            continue
        cells = line.split("|")
        if len(cells) < len(header) - 2:
            yield ReadError(path, f"short row: {len(cells)} cells, the table has {len(header)} columns", f"line {no}")
            continue
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        meta = {k: v for k, v in row.items() if v and v != "n/a" and k not in ("body", "raw_body", "body_markup")}
        meta["id"] = row.get("doc_nbr", "")
        if row.get("classification"):
            meta["classification"] = row["classification"]
        body = row.get("body", "")
        raw_head = row.get("raw_body", "")
        parts = []
        if raw_head and raw_head != body:
            parts.append(raw_head)
        if row.get("subject"):
            parts.append(f"SUBJECT: {row['subject']}")
        if row.get("reference") and row["reference"] != "n/a":
            parts.append(f"REF: {row['reference']}")
        parts.append(body)
        if not any(p.strip() for p in parts):
            yield ReadError(path, "a row without body, subject or reference (no cable text)", f"line {no}")
            continue
        doc_diags = list(diags)
        if "ERROR READING TEXT INDEX FILE" in body:
            doc_diags.append(Diagnostic("text-unavailable", "NARA says the telegram text is unavailable"))
        yield Document(text="\n".join(parts), format="history-lab", locator=f"line {no}",
                       published_id=row.get("doc_nbr") or None, container=Container.from_fields(meta),
                       diagnostics=doc_diags,
                       sha256=sha256_bytes(line.encode("utf-8")))
