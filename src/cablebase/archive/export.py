"""Export rows: the same columns and encodings for the command line and the web app."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from cablebase.model import StoredCable, iso_date

EXPORT_COLUMNS = ("id", "date", "origin", "classification", "precedence", "subject", "tags", "caveats",
                  "references", "signers", "body")
LIST_COLUMNS = ("tags", "caveats", "references", "signers")


def columns(rec: StoredCable) -> dict[str, Any]:
    """The export columns of a record, as its JSON form has them (lists for LIST_COLUMNS)."""
    c = rec.cable
    return {"id": rec.id, "date": iso_date(c.date), "origin": c.origin, "classification": c.classification,
            "precedence": c.precedence, "subject": c.subject, "tags": [t.code for t in c.tags],
            "caveats": list(c.caveats), "references": c.reference_ids, "signers": list(c.signers), "body": c.body}


def csv_row(rec: StoredCable) -> list[Any]:
    """One CSV row; list fields joined with ``|`` (no code or id contains it)."""
    row = columns(rec)
    return ["|".join(row[c]) if c in LIST_COLUMNS else row[c] for c in EXPORT_COLUMNS]


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


def csv_chunks(records: Iterable[StoredCable], batch: int = 200) -> Iterator[str]:
    """CSV text (header first) in chunks of ``batch`` rows, for streaming responses."""
    out = [csv_line(EXPORT_COLUMNS)]
    for rec in records:
        out.append(csv_line(csv_row(rec)))
        if len(out) >= batch:
            yield "".join(out)
            out = []
    yield "".join(out)


def jsonl_chunks(records: Iterable[StoredCable], raw: bool = False, batch: int = 100) -> Iterator[bytes]:
    """One record per line in its JSON form (without the raw source text unless ``raw``), in chunks."""
    out: list[bytes] = []
    for rec in records:
        d = rec.to_dict()
        if not raw:
            del d["raw"]
        out.append(orjson.dumps(d))
        if len(out) >= batch:
            yield b"\n".join(out) + b"\n"
            out = []
    if out:
        yield b"\n".join(out) + b"\n"
