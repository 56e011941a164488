"""Export rows: the same columns and encodings for the command line and the web app.

Every function takes typed records (:class:`StoredCable`, as ``Archive.iter_results`` gives them) or, quicker,
their JSON form: ``jsonl_chunks`` the bytes ``Archive.iter_json`` gives (written as they are, the raw text cut
out without parsing them), the column functions those bytes parsed (:func:`json_records`). Building the
typed record from the stored JSON (and, for JSONL, writing it back) cost 50-80 µs a record, as much as the
rest of an export (see docs/benchmarks.md, "Exports").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from cablebase.archive.store import without_raw
from cablebase.model import StoredCable, iso_date

EXPORT_COLUMNS = ("id", "date", "origin", "classification", "precedence", "subject", "tags", "caveats",
                  "references", "signers", "body")
LIST_COLUMNS = ("tags", "caveats", "references", "signers")


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
