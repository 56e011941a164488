"""Cable text as other tools exported it (``shared/corpus/text-export``).

- Mongo exports: one JSON object per line (``_id``, ``origin``, ``date_time``, ``classification``,
  ``body``); in some exports ``_id`` holds the *references* column, not the cable id, so it is kept as
  metadata and checked, never trusted as the id.
- ``lineseparatorN %colseparator% ...`` re-delimited cables.csv rows.
- ``value,->N`` column exports (each field followed by its column number).
- one cable body per line, no ids.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import orjson

from cablebase.container import Container
from cablebase.model import Diagnostic
from cablebase.readers import Document, FormatError, ReadError
from cablebase.readers.csvdump import COLUMNS

_ID_LIKE = re.compile(r"^\d{2}[A-Z]+\d+$")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()


def read_mongo(path: str) -> Iterator[Document | ReadError]:
    with open(path, "rb") as fh:
        for no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                yield ReadError(path, f"not JSON: {exc}", f"line {no}")
                continue
            if not isinstance(obj, dict):
                yield ReadError(path, f"a JSON {type(obj).__name__}, not an object with a body", f"line {no}")
                continue
            if not str(obj.get("body") or "").strip():
                yield ReadError(path, "a record without a body (no cable text)", f"line {no}")
                continue
            meta = {k: str(v) for k, v in obj.items() if k != "body" and v is not None}
            if "date_time" in meta:
                meta["created"] = meta["date_time"]
            given = meta.get("_id", "")
            published = None
            if _ID_LIKE.match(given):
                # _id may be the references column (Embassy_Baghdad exports): decide from the text
                published = given
                meta["id"] = given
            yield Document(text=str(obj.get("body", "")), format="mongo-json", locator=f"line {no}",
                           published_id=None, container=Container.from_fields({**meta, "claimed_id": published or ""}),
                           sha256=hashlib.sha256(line).hexdigest())


# cables.csv escapes quotes and backslashes with a backslash; this export kept them (TEHRAN\'S)
_MYSQL_ESCAPE = re.compile(r"\\(['\"\\])")


def read_separators(path: str) -> Iterator[Document | ReadError]:
    with open(path, encoding="utf-8", errors="replace") as fh:
        data = fh.read()
    parts = re.split(r"lineseparator(\d+)\s+%colseparator%\s*", data)
    for no, (row, chunk) in enumerate(zip(parts[1::2], parts[2::2], strict=False), 1):
        fields = [row] + [f.strip("\n") for f in re.split(r"\s*%colseparator%\s*", chunk)]
        doc = _row_document(path, [_MYSQL_ESCAPE.sub(r"\1", f) for f in fields], "separator-export",
                            f"record {no}")
        if isinstance(doc, Document) and "\\" in chunk and _MYSQL_ESCAPE.search(chunk):
            doc.diagnostics.append(Diagnostic("escape-residue", "MySQL escapes (\\') of the cables.csv dump undone"))
        yield doc


# A field closed by its column number; the body of the last marked record has none.
_MARK = re.compile(r",->(\d)\n?")
# The rest of the file in the plain form: each one-line field closed by a comma, the header by a comma at
# the end of its last line or on a line of its own, the body by a line holding only a comma; records apart
# by an empty field.
_PLAIN = re.compile(r"(\d+),\n([^\n]*),\n([^\n]*),\n([^\n]*),\n([^\n]*),\n([^\n]*),\n(.*?)\n?,\n", re.S)
_BODY_END = re.compile(r"\n,\n\n,\n(?=\d+,\n)|\n,\s*\Z")


def read_columns(path: str) -> Iterator[Document | ReadError]:
    """``value,->N`` exports. Only the first record of ``final.txt`` is marked this way; the records after
    it have the plain form (fields closed by commas), and both are read."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        data = fh.read()
    no = 0
    pos = 0
    record: dict[int, str] = {}
    for m in _MARK.finditer(data):
        column = int(m.group(1))
        if column == 1 and record:
            no += 1
            yield _row_document(path, [record.get(i, "") for i in range(1, 9)], "column-export", f"record {no}")
            record = {}
        record[column] = data[pos:m.start()]
        pos = m.end()
    if record:
        if 8 not in record:
            pos = _body(data, pos, record)
        no += 1
        yield _row_document(path, [record.get(i, "") for i in range(1, 9)], "column-export", f"record {no}")
    while data[pos:].strip():
        plain = _PLAIN.match(data, pos)
        if not plain:
            line = data.count("\n", 0, pos) + 1
            raise FormatError("neither 'value,->N' fields nor comma-closed lines", f"record {no + 1}, line {line}")
        record = dict(enumerate(plain.groups(), 1))
        pos = _body(data, plain.end(), record)
        no += 1
        yield _row_document(path, [record.get(i, "") for i in range(1, 9)], "column-export", f"record {no}")


def _body(data: str, start: int, record: dict[int, str]) -> int:
    """Put the body that starts at ``start`` in ``record`` (column 8); returns where the next record starts."""
    end = _BODY_END.search(data, start)
    record[8] = data[start: end.start() if end else len(data)]
    return end.end() if end else len(data)


def _row_document(path: str, fields: list[str], fmt: str, locator: str) -> Document | ReadError:
    fields = (fields + [""] * 8)[:8]
    meta = dict(zip(COLUMNS, fields, strict=True))
    header, body = meta.pop("header"), meta.pop("body")
    if not header.strip() and not body.strip():
        return ReadError(path, "a record without header or body (no cable text)", locator)
    text = f"{header}\n\n{body}"
    return Document(text=text, format=fmt, locator=locator, published_id=meta["id"] or None,
                    container=Container.from_fields(meta), sha256=_digest(text))


def read_lines(path: str) -> Iterator[Document]:
    with open(path, encoding="utf-8", errors="replace") as fh:
        for no, line in enumerate(fh, 1):
            if line.strip():
                yield Document(text=line.strip(), format="text-lines", locator=f"line {no}", sha256=_digest(line))
