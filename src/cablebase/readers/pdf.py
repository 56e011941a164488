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

from cablebase.container import Container
from cablebase.readers import Document, FormatError, sha256_bytes

_TITLE = re.compile(r"^\s*(\d{4}[A-Z]+\d+)\s+-\s+([A-Z/ ]+?)\s*$", re.M)
_TAGS_BLOCK = re.compile(r"^(TAGS?:?)[ \t]*\n((?:[ \t]*[A-Z]{2,6}[ \t]*\n)+)", re.M)
_PDF_ERRORS = (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError)


def read(path: str) -> Iterator[Document]:
    with open(path, "rb") as fh:
        data = fh.read()
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    import io

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        count = len(reader.pages)
    except _PDF_ERRORS as exc:
        raise FormatError(f"unreadable PDF: {exc}") from exc
    pages = []
    for no in range(count):
        try:
            pages.append(reader.pages[no].extract_text() or "")
        except _PDF_ERRORS as exc:
            raise FormatError(f"unreadable PDF page: {exc}", f"page {no + 1} of {count}") from exc
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
    yield Document(text=text, format="pdf", published_id=published, container=Container.from_fields(meta),
                   sha256=sha256_bytes(data))
