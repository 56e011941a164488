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
from cablebase.readers import Document, FormatError, ReadError, textstream
from cablebase.readers.csvdump import COLUMNS
from cablebase.readers.textstream import TextStream

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


_SEPARATOR = re.compile(r"lineseparator(\d+)\s+%colseparator%\s*")
_COLUMN_SEPARATOR = re.compile(r"\s*%colseparator%\s*")


def read_separators(path: str) -> Iterator[Document | ReadError]:
    """A record is the text from its ``lineseparatorN %colseparator%`` to the next one (or the end of the
    file), yielded when that next one is read."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        s = TextStream(fh)
        sep = _first_separator(s)
        no = 0
        while sep:
            row, s.pos = sep.group(1), sep.end()
            sep = s.search(_SEPARATOR)
            no += 1
            yield _separated_row(path, no, row, s.text[s.pos: sep.start() if sep else len(s.text)])


def _first_separator(s: TextStream) -> re.Match[str] | None:
    """The first separator; the text before it is no record, and is not kept."""
    while True:
        m = _SEPARATOR.search(s.text, s.pos)
        if m and (s.eof or m.end() < len(s.text)) or s.eof:
            return m
        # what is kept: where a separator not yet complete may start (one cannot hold the word of another)
        last = s.text.rfind("lineseparator", s.pos)
        s.pos = last if last >= 0 else max(s.pos, len(s.text) - len("lineseparator"))
        s.more()


def _separated_row(path: str, no: int, row: str, chunk: str) -> Document | ReadError:
    fields = [row] + [f.strip("\n") for f in _COLUMN_SEPARATOR.split(chunk)]
    doc = _row_document(path, [_MYSQL_ESCAPE.sub(r"\1", f) for f in fields], "separator-export",
                        f"record {no}")
    if isinstance(doc, Document) and "\\" in chunk and _MYSQL_ESCAPE.search(chunk):
        doc.diagnostics.append(Diagnostic("escape-residue",
                                          "MySQL escapes (\\') of the cables.csv dump undone"))
    return doc


# A field closed by its column number; the body of the last marked record has none.
_MARK = re.compile(r",->(\d)\n?")
# The rest of the file in the plain form: each one-line field closed by a comma, the header by a comma at
# the end of its last line or on a line of its own, the body by a line holding only a comma; records apart
# by an empty field.
_PLAIN_FIELDS = r"(\d+),\n([^\n]*),\n([^\n]*),\n([^\n]*),\n([^\n]*),\n([^\n]*),\n"
_PLAIN_HEAD = re.compile(_PLAIN_FIELDS)
_PLAIN = re.compile(_PLAIN_FIELDS + r"(.*?)\n?,\n", re.S)
_RECORDS_APART = r"\n,\n\n,\n(?=\d+,\n)"
_NEXT_RECORD = re.compile(_RECORDS_APART)
_BODY_END = re.compile(_RECORDS_APART + r"|\n,\s*\Z")
_NONBLANK = re.compile(r"\S")
# Text after the last mark read beyond which the marks of the whole file are counted, to know whether it was
# the file's last mark (the plain records start after the last mark in the file, wherever that is).
_TAIL = 1 << 16


def read_columns(path: str) -> Iterator[Document | ReadError]:
    """``value,->N`` exports. Only the first record of ``final.txt`` is marked this way; the records after
    it have the plain form (fields closed by commas), and both are read.

    A mark closes the text since the mark before it, wherever it is, so the plain records start only after the
    file's last mark: when the text after a mark grows past ``_TAIL`` with no mark in it, the file's marks are
    counted (one pass that keeps nothing) to know whether more are to come, and the plain records after the
    last one are read and yielded one by one."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        s = TextStream(fh)
        no = 0
        record: dict[int, str] = {}
        seen, total = 0, -1
        while True:
            m = _MARK.search(s.text, s.pos)
            if m and (s.eof or m.end() < len(s.text)):
                column = int(m.group(1))
                if column == 1 and record:
                    no += 1
                    yield _column_row(path, record, no)
                    record = {}
                record[column] = s.text[s.pos:m.start()]
                s.pos = m.end()
                seen += 1
                continue
            if s.eof:
                break
            if total < 0 and len(s.text) - s.pos > _TAIL:
                total = _count_marks(path)
            if seen == total:
                break
            s.more()
        if record:
            if 8 not in record:
                _body(s, record)
            no += 1
            yield _column_row(path, record, no)
        while not _blank_rest(s):
            plain = _plain(s)
            if not plain:
                raise FormatError("neither 'value,->N' fields nor comma-closed lines",
                                  f"record {no + 1}, line {s.line(s.pos)}")
            record = dict(enumerate(plain.groups(), 1))
            s.pos = plain.end()
            _body(s, record)
            no += 1
            yield _column_row(path, record, no)


def _column_row(path: str, record: dict[int, str], no: int) -> Document | ReadError:
    return _row_document(path, [record.get(i, "") for i in range(1, 9)], "column-export", f"record {no}")


def _count_marks(path: str) -> int:
    """The marks in the whole file (a mark is four characters or five, and never starts inside another)."""
    n, tail = 0, ""
    with open(path, encoding="utf-8", errors="replace") as fh:
        while piece := fh.read(textstream.CHUNK):
            text = tail + piece
            n += sum(1 for _ in _MARK.finditer(text))
            tail = text[-3:]  # (the start of a mark the next piece ends; no counted mark starts in it)
    return n


def _body(s: TextStream, record: dict[int, str]) -> None:
    """Put the body that starts at ``s.pos`` in ``record`` (column 8); move ``s.pos`` to the next record."""
    # (a match is settled once found, its lookahead having matched in what is read; a body that ends the
    # file can only be told at its end)
    end = s.search(_NEXT_RECORD, lambda m: True, final=_BODY_END)
    record[8] = s.text[s.pos: end.start() if end else len(s.text)]
    s.pos = end.end() if end else len(s.text)


def _blank_rest(s: TextStream) -> bool:
    """Whether the rest of the file is blank."""
    while not _NONBLANK.search(s.text, s.pos):
        if not s.more():
            return True
    return False


def _plain(s: TextStream) -> re.Match[str] | None:
    """The plain record at ``s.pos`` (None: not one), reading on only while its header may still be closed."""
    while True:
        m = _PLAIN.match(s.text, s.pos)
        if m or s.eof:
            return m
        if not _PLAIN_HEAD.match(s.text, s.pos) and s.text.count("\n", s.pos) >= 6:
            return None  # (its first six lines are read and are not comma-closed fields)
        s.more()


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
