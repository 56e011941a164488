"""Readers: files in any known container -> decoded cables.

A reader knows its container (HTML page, CSV row, PDF, JSON export) and nothing about telegram grammar:
it yields :class:`Document` objects (the text, the published id, the container's fields as a typed
:class:`~cablebase.container.Container`, what was odd) that :func:`cablebase.decode.decode` turns into records.
The format is chosen by content, not by file name (:mod:`cablebase.readers.detect`).

Every failure is a :class:`ReadError` naming the file (and the row, line or record in it); a run never stops
for one. A row or page too broken to be a cable (no text, too few columns, not JSON) is such an error, never
an empty cable: a reader yields a :class:`ReadError` for it and goes on with the next row.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cablebase import diagnostics
from cablebase.container import EMPTY, Container
from cablebase.decode import decode
from cablebase.model import Cable, Diagnostic, Provenance

MAX_SINGLE_CABLE_BYTES = 16 * 1024 * 1024  # no real cable page or text comes near this


@dataclass
class Document:
    """What a reader found: one cable's text and what its container said about it.

    ``format``: the reader's name for the container kind; ``locator``: where in the file (``row 12, line 40``,
    ``line 7``, ``record 3``; empty for a file that holds one cable); ``published_id``: the id the container
    publishes the cable under, trusted as the record's id (None: the decoder builds one from the text);
    ``container``: the container's fields; ``diagnostics``: what the reader found odd; ``sha256``: of the
    bytes the cable was read from."""

    text: str
    format: str
    locator: str = ""
    published_id: str | None = None
    container: Container = EMPTY
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sha256: str = ""


@dataclass(frozen=True)
class ReadError:
    """A file (or a row in it) that could not be read; ``message`` says why in plain words, ``locator`` where
    in the file (as :attr:`Document.locator`)."""

    path: str
    message: str
    locator: str = ""

    def __str__(self) -> str:
        where = f"{self.path}" + (f" ({self.locator})" if self.locator else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Skipped:
    """A file that is not a cable container (a README, a manifest); not an error."""

    path: str
    reason: str


class FormatError(Exception):
    """Raised inside readers for input that cannot be read; turned into a :class:`ReadError` (``locator``: where
    in the file, as :attr:`Document.locator`)."""

    def __init__(self, message: str, locator: str = "") -> None:
        super().__init__(message)
        self.locator = locator


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files under ``paths`` (directories walked in sorted order, hidden entries skipped)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield path


def read_documents(path: str | os.PathLike[str]) -> Iterator[Document | ReadError | Skipped]:
    """The documents in one file, whatever its format."""
    from cablebase.readers import detect

    spath = str(path)
    try:
        size = os.path.getsize(spath)
        with open(spath, "rb") as fh:
            head = fh.read(65536)
    except FileNotFoundError:  # (a path that does not exist, or a link to nothing)
        yield ReadError(spath, "no such file or directory")
        return
    except OSError as exc:
        yield ReadError(spath, f"cannot read file: {exc.strerror or exc}")
        return
    fmt = detect.detect(head, spath)
    if fmt.startswith("skip:"):
        yield Skipped(spath, fmt[5:])
        return
    if fmt == "unknown":
        yield ReadError(spath, "not a recognised cable format (no telegram header, classification line, "
                               "TAGS or SUBJECT found in the first 64 KB)" if size else "empty file")
        return
    reader = detect.READERS[fmt]
    if not detect.STREAMING.get(fmt) and size > MAX_SINGLE_CABLE_BYTES:
        yield ReadError(spath, f"file is {size / 1e6:.0f} MB, too large for one {fmt} cable "
                               f"(limit {MAX_SINGLE_CABLE_BYTES // 1_000_000} MB); is it a dump in another format?")
        return
    try:
        for doc in reader(spath):
            if isinstance(doc, Document) and (not doc.text or doc.text.isspace()):
                # (every reader says why it has no text itself; this is the last guard against an empty cable)
                doc = ReadError(spath, f"no cable text in this {fmt} record", doc.locator)
            yield doc
    except FormatError as exc:
        yield ReadError(spath, str(exc), exc.locator)
    except (OSError, ValueError, UnicodeError, RecursionError, MemoryError) as exc:
        yield ReadError(spath, f"{fmt} reader failed: {type(exc).__name__}: {exc}")


def read_path(path: str | os.PathLike[str]) -> Iterator[Cable | ReadError | Skipped]:
    """Decoded cables from one file (errors and skips passed through)."""
    spath = str(path)
    for doc in read_documents(spath):
        if isinstance(doc, ReadError | Skipped):
            yield doc
            continue
        yield to_cable(doc, spath)


# Diagnostics a reader (not the decoder) records: kept when a stored record is decoded again from its raw
# text, since the container is not read again (a test checks that every reader's codes are listed here).
# The codes about the container (declared, with their kind, in data/diagnostics.csv): a re-decoding keeps them.
READER_CODES = diagnostics.reader_codes()
RETIRED_READER_CODES = frozenset(c.code for c in diagnostics.codes().values() if c.retired)


def to_cable(doc: Document, path: str, version_label: str = "") -> Cable:
    prov = Provenance(path=path, format=doc.format, locator=doc.locator, sha256=doc.sha256,
                      version_label=doc.container.version_label or version_label)
    return decode(doc.text, prov, published_id=doc.published_id, container=doc.container,
                  diagnostics=doc.diagnostics)


def parse_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Cable | ReadError | Skipped]:
    for f in iter_files(paths):
        yield from read_path(f)
