"""Export rows: the same columns and encodings for the command line and the web app (CSV, JSONL, Parquet).

Every function takes typed records (:class:`StoredCable`, as ``Archive.iter_results`` gives them) or, quicker,
their JSON form: ``jsonl_chunks`` the bytes ``Archive.iter_json`` gives (written as they are, the raw text cut
out without parsing them), the column functions those bytes parsed (:func:`json_records`). Building the
typed record from the stored JSON (and, for JSONL, writing it back) cost 50-80 µs a record, as much as the
rest of an export (see docs/benchmarks.md, "Exports").
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

import orjson

from cablebase.archive.store import without_raw
from cablebase.model import StoredCable, iso_date

if TYPE_CHECKING:
    import pyarrow as pa
    from _typeshed import ReadableBuffer

Kind = Literal["text", "instant", "int", "bool", "list"]
# Each export column and what its values are. CSV and JSONL write the JSON form's values as they are (the date
# as ISO 8601 text); Parquet, which has types, gives each kind its own (see arrow_type), so that pandas, R and
# DuckDB read a date as a date and a list as a list without being told.
COLUMN_KINDS: dict[str, Kind] = {
    "id": "text", "date": "instant", "origin": "text", "classification": "text", "precedence": "text",
    "subject": "text", "tags": "list", "caveats": "list", "references": "list", "signers": "list", "body": "text"}
EXPORT_COLUMNS = tuple(COLUMN_KINDS)
LIST_COLUMNS = tuple(c for c, kind in COLUMN_KINDS.items() if kind == "list")


Record = StoredCable | dict[str, Any]  # a typed record or its JSON form (without ``raw`` or with it)


def json_records(docs: Iterable[bytes]) -> Iterator[dict[str, Any]]:
    """Records' JSON forms (``Archive.iter_json``) as dicts, for their columns. (Cutting the raw text out
    first parses a third less but costs as much as it saves.)"""
    for doc in docs:
        yield orjson.loads(doc)


def columns(rec: Record) -> dict[str, Any]:
    """The export columns of a record, as its JSON form has them (lists for LIST_COLUMNS)."""
    if isinstance(rec, dict):
        try:
            return {c: rec[c] for c in EXPORT_COLUMNS}
        except KeyError:  # a record of an older cablebase: the typed record's defaults
            rec = StoredCable.from_dict(rec)
    c = rec.cable
    return {"id": rec.id, "date": iso_date(c.date), "origin": c.origin, "classification": c.classification,
            "precedence": c.precedence, "subject": c.subject, "tags": [t.code for t in c.tags],
            "caveats": list(c.caveats), "references": c.reference_ids, "signers": list(c.signers), "body": c.body}


def csv_row(rec: Record) -> list[Any]:
    """One CSV row; list fields joined with ``|`` (no code or id contains it)."""
    if isinstance(rec, dict):  # a JSON form: its own keys (no copy made of the columns first)
        try:
            return [("|".join(rec[c] or ()) if c in LIST_COLUMNS else rec[c]) for c in EXPORT_COLUMNS]
        except KeyError:
            pass
    row = columns(rec)
    return ["|".join(row[c] or ()) if c in LIST_COLUMNS else row[c] for c in EXPORT_COLUMNS]


def csv_line(values: Iterable[Any]) -> str:
    """One CSV line as ``csv.writer`` writes it (minimal quoting, CRLF), made with string methods: the csv
    module reads a 10,000-character body a character at a time, five times slower."""
    cells = []
    for v in values:
        text = "" if v is None else v if isinstance(v, str) else str(v)
        if '"' in text or "," in text or "\n" in text or "\r" in text:
            text = '"' + text.replace('"', '""') + '"'
        cells.append(text)
    return ",".join(cells) + "\r\n"


def csv_chunks(records: Iterable[Record], batch: int = 200) -> Iterator[str]:
    """CSV text (header first) in chunks of ``batch`` rows, for streaming responses."""
    out = [csv_line(EXPORT_COLUMNS)]
    for rec in records:
        out.append(csv_line(csv_row(rec)))
        if len(out) >= batch:
            yield "".join(out)
            out = []
    yield "".join(out)


def jsonl_chunks(records: Iterable[StoredCable | bytes], raw: bool = False, batch: int = 100) -> Iterator[bytes]:
    """One record per line in its JSON form (without the raw source text unless ``raw``), in chunks. Records
    given in that form (``Archive.iter_json``) are written as they are, the raw text cut out of the bytes."""
    out: list[bytes] = []
    for rec in records:
        if isinstance(rec, bytes):
            out.append(rec if raw else without_raw(rec))
        else:
            d = rec.to_dict()
            if not raw:
                del d["raw"]
            out.append(orjson.dumps(d))
        if len(out) >= batch:
            yield b"\n".join(out) + b"\n"
            out = []
    if out:
        yield b"\n".join(out) + b"\n"


# -- Parquet ----------------------------------------------------------------------------------------------

PARQUET_BATCH = 1000  # rows per row group: a streamed response sends one at a time


def arrow_type(kind: Kind) -> pa.DataType:
    """The Arrow type of a column kind: a date is an instant in UTC (microseconds, as pandas and DuckDB keep
    them; Parquet marks it adjusted to UTC), a list a list of strings."""
    import pyarrow as pa  # (a third of a second to import: only exports to Parquet pay it)

    types: dict[Kind, pa.DataType] = {"text": pa.string(), "instant": pa.timestamp("us", tz="UTC"),
                                      "int": pa.int64(), "bool": pa.bool_(), "list": pa.list_(pa.string())}
    return types[kind]


def parquet_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema([(c, arrow_type(kind)) for c, kind in COLUMN_KINDS.items()])


def instant(text: str | None) -> datetime | None:
    """A date of the JSON form (``2007-03-05T19:24:00Z``) as an aware datetime; one written without its zone
    is UTC too (every date of a record is)."""
    if not text:
        return None
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def parquet_row(rec: Record) -> dict[str, Any]:
    """A record's export columns with their Parquet values (the date parsed)."""
    row = columns(rec)
    for c, kind in COLUMN_KINDS.items():
        if kind == "instant":
            row[c] = instant(row[c])
    return row


class _Drain(io.RawIOBase):
    """A file for pyarrow's Parquet writer whose bytes are taken out as they come: a Parquet file is written
    front to back (row groups, then the footer), so a response can send each row group as it is made instead
    of the whole file at the end. (The writer keeps its own count of the position; ``tell`` agrees with it.)"""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[bytes] = []
        self.position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer) -> int:
        chunk = bytes(data)
        self.parts.append(chunk)
        self.position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self.position

    def take(self) -> bytes:
        out, self.parts = b"".join(self.parts), []
        return out


def parquet_chunks(records: Iterable[Record], batch: int = PARQUET_BATCH) -> Iterator[bytes]:
    """A Parquet file of the records (typed columns, see :data:`COLUMN_KINDS`), in chunks of a row group
    of ``batch`` rows each, the footer in the last; written to a file or streamed as a response."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    sink = _Drain()
    with pq.ParquetWriter(pa.PythonFile(sink, mode="w"), schema) as writer:
        rows: list[dict[str, Any]] = []
        for rec in records:
            rows.append(parquet_row(rec))
            if len(rows) >= batch:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
                yield sink.take()
        if rows:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    yield sink.take()
