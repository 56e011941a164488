"""The 2011 ``cables.csv`` dump: 8 columns, no header, MySQL-style ``\\"`` escapes, raw newlines in fields.

Streams row by row (the full file is 1.7 GB), so memory stays flat. Excerpts in circulation start with a
stray ``"`` line, end mid-record, or were converted to CRLF inside fields: all handled and reported.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import sys
from collections.abc import Iterator

from cablebase.container import Container
from cablebase.model import Diagnostic
from cablebase.readers import Document, FormatError, ReadError

COLUMNS = ("row", "created", "id", "origin", "classification", "references", "header", "body")
_ROW_START = re.compile(r'^"\d+","')
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _lines(fh, skipped: list[int]) -> Iterator[str]:  # type: ignore[no-untyped-def]
    started = False
    for line in fh:
        if not started:
            if _ROW_START.match(line):
                started = True
            else:
                skipped[0] += 1
                continue
        yield line


def read(path: str) -> Iterator[Document | ReadError]:
    size = os.path.getsize(path)
    with open(path, "rb") as fh:
        fh.seek(max(0, size - 8))
        tail = fh.read()
    ends_clean = tail.rstrip(b"\r\n").endswith(b'"')
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        skipped = [0]
        reader = csv.reader(_lines(fh, skipped), escapechar="\\", doublequote=False, strict=False)
        pending: tuple[list[str], int] | None = None
        try:
            for row in reader:
                if pending is not None:
                    yield _document(path, *pending, truncated=False, skipped=skipped[0])
                pending = (row, reader.line_num)
        except csv.Error as exc:
            raise FormatError(f"CSV error: {exc}", f"near line {reader.line_num}") from exc
        if pending is not None:
            yield _document(path, *pending, truncated=not ends_clean, skipped=skipped[0])
        elif skipped[0]:
            raise FormatError("no cables.csv row found")


# A row with fewer columns has no header column, so no cable text: a ReadError, not an empty cable.
_MIN_COLUMNS = COLUMNS.index("header") + 1


def _document(path: str, row: list[str], line: int, truncated: bool, skipped: int) -> Document | ReadError:
    diags: list[Diagnostic] = []
    if len(row) < _MIN_COLUMNS or not any(f.strip() for f in row[_MIN_COLUMNS - 1:]):
        number = row[0] if row and row[0].isdigit() else "?"
        return ReadError(path, f"row has {len(row)} column(s) and no cable text (expected {len(COLUMNS)} columns, "
                               "the header and body last)", f"row {number}, line {line}")
    if len(row) != len(COLUMNS):
        diags.append(Diagnostic("csv-columns", f"row has {len(row)} columns, expected {len(COLUMNS)}"))
        row = (row + [""] * len(COLUMNS))[: len(COLUMNS)]
    meta = dict(zip(COLUMNS, row, strict=True))
    header, body = meta.pop("header"), meta.pop("body")
    if truncated:
        diags.append(Diagnostic("truncated-record", "the file ends inside this record; its text is cut"))
    if "\r" in body and skipped:
        diags.append(Diagnostic("crlf-in-fields", "CR LF line ends inside quoted fields"))
    if meta["row"] == "1" and skipped:
        diags.append(Diagnostic("csv-leading-junk", f"{skipped} line(s) before the first row skipped"))
    text = f"{header}\n\n{body}"
    digest = hashlib.sha256("\x1f".join(row).encode("utf-8", "replace")).hexdigest()
    return Document(text=text, format="cables-csv", locator=f"row {meta['row']}, line {line}",
                    published_id=meta["id"] or None, container=Container.from_fields(meta), diagnostics=diags,
                    sha256=digest)
