"""Export rows: the same columns and encodings for the command line and the web app."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

EXPORT_COLUMNS = ("id", "date", "origin", "classification", "precedence", "subject", "tags", "caveats",
                  "references", "signers", "body")
LIST_COLUMNS = ("tags", "caveats", "references", "signers")


def csv_row(rec: dict[str, Any]) -> list[Any]:
    """One CSV row; list fields joined with ``|`` (no code or id contains it)."""
    return ["|".join(rec[c] or []) if c in LIST_COLUMNS else rec[c] for c in EXPORT_COLUMNS]


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


def csv_chunks(records: Iterable[dict[str, Any]], batch: int = 200) -> Iterator[str]:
    """CSV text (header first) in chunks of ``batch`` rows, for streaming responses."""
    out = [csv_line(EXPORT_COLUMNS)]
    for rec in records:
        out.append(csv_line(csv_row(rec)))
        if len(out) >= batch:
            yield "".join(out)
            out = []
    yield "".join(out)


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
