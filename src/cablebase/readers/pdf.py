"""Print exports as PDF (the 2015 cablegate PDFs made with wkhtmltopdf), text extracted with pypdf.

The extracted text starts with the "partial extract" notice and a ``2000HANOI00686 - CONFIDENTIAL``
line, puts TAGS one per line (they were links) and the paragraph sign on its own line.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from cablebase.readers import Document, FormatError, sha256_bytes

_TITLE = re.compile(r"^\s*(\d{4}[A-Z]+\d+)\s+-\s+([A-Z/ ]+?)\s*$", re.M)
_TAGS_BLOCK = re.compile(r"^(TAGS?:?)[ \t]*\n((?:[ \t]*[A-Z]{2,6}[ \t]*\n)+)", re.M)


def read(path: str) -> Iterator[Document]:
    with open(path, "rb") as fh:
        data = fh.read()
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        import io

        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise FormatError(f"unreadable PDF: {exc}") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise FormatError("PDF has no extractable text (a scan?)")
    meta: dict[str, str] = {}
    m = _TITLE.search(text[:2000])
    published = None
    if m:
        published = m.group(1)
        meta["id"] = published
        meta["classification"] = m.group(2).strip()
        text = text[: m.start()] + text[m.end():]
    # TAGS written one per line: put them back on the label's line
    text = _TAGS_BLOCK.sub(lambda mm: mm.group(1) + " " + " ".join(mm.group(2).split()) + "\n", text)
    yield Document(text=text, format="pdf", published_id=published, metadata=meta, sha256=sha256_bytes(data))
