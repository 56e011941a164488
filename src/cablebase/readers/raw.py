"""Plain telegram text: one cable per file, any encoding, any line ends, Markdown residue allowed."""

from __future__ import annotations

from collections.abc import Iterator

from cablebase.decode.text import decode_bytes
from cablebase.readers import Document, sha256_bytes


def read(path: str) -> Iterator[Document]:
    with open(path, "rb") as fh:
        data = fh.read()
    text, diags = decode_bytes(data)
    yield Document(text=text, format="raw", diagnostics=diags, sha256=sha256_bytes(data))
