"""Export rows: the same columns and encodings for the command line and the web app."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

EXPORT_COLUMNS = ("id", "date", "origin", "classification", "precedence", "subject", "tags", "caveats",
                  "references", "signers", "body")
LIST_COLUMNS = ("tags", "caveats", "references", "signers")


def csv_row(rec: dict[str, Any]) -> list[Any]:
    """One CSV row; list fields joined with ``|`` (no code or id contains it)."""
    return ["|".join(rec[c] or []) if c in LIST_COLUMNS else rec[c] for c in EXPORT_COLUMNS]


def csv_chunks(records: Iterable[dict[str, Any]], batch: int = 200) -> Iterator[str]:
    """CSV text (header first) in chunks of ``batch`` rows, for streaming responses."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(EXPORT_COLUMNS)
    for n, rec in enumerate(records, 1):
        w.writerow(csv_row(rec))
        if n % batch == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def jsonl_chunks(records: Iterable[dict[str, Any]], raw: bool = False, batch: int = 100) -> Iterator[bytes]:
    """One JSON record per line (without the raw source text unless ``raw``), in chunks."""
    out: list[bytes] = []
    for rec in records:
        if not raw:
            rec.pop("raw", None)
        out.append(orjson.dumps(rec))
        if len(out) >= batch:
            yield b"\n".join(out) + b"\n"
            out = []
    if out:
        yield b"\n".join(out) + b"\n"
