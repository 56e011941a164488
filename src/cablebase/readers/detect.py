"""Choose a reader by looking at a file's first bytes, never at its name."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from cablebase.readers import Document, ReadError, csvdump, exports, nara, pdf, raw, wikileaks

# Each reader yields the documents of one file, and a ReadError for each row too broken to be a cable.
READERS: dict[str, Callable[[str], Iterator[Document | ReadError]]] = {
    "wikileaks": wikileaks.read,
    "plusd-nara": nara.read_plusd,
    "history-lab": nara.read_history_lab,
    "pdf": pdf.read,
    "cables-csv": csvdump.read,
    "mongo-json": exports.read_mongo,
    "separator-export": exports.read_separators,
    "column-export": exports.read_columns,
    "text-lines": exports.read_lines,
    "raw": raw.read,
}
# Readers that stream rows and may take files of any size.
STREAMING = {"cables-csv": True, "mongo-json": True, "separator-export": True, "column-export": True,
             "text-lines": True}

_CSV_ROW = re.compile(rb'^(?:"\s*\r?\n)?"\d+","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}","')
_TELEGRAM = re.compile(
    rb"VZCZC|^\s*(?:TAGS?|SUBJECT|SUBJ)\s*:|E\.\s?O\.\s?1\d{4}|^\s*(?:FM|DE) [A-Z]|\d{6}Z [A-Z]{3} \d{2}|"
    rb"^\s*(?:UNCLAS|C O N F I D E N T I A L|S E C R E T|CONFIDENTIAL|SECRET)\b",
    re.M | re.I,
)
_CLASS_START = re.compile(rb"^(?:UNCLAS|C O N F|S E C R|CONFIDENTIAL|SECRET|LIMITED OFFICIAL)", re.I)


def detect(head: bytes, path: str = "") -> str:
    """The reader name for a file that starts with ``head`` (at most 64 KB), or ``unknown``/``skip:...``."""
    if not head.strip():
        return "unknown"
    if head.startswith(b"%PDF"):
        return "pdf"
    stripped = head.lstrip()
    low = head[:4096].lower()
    if b"<html" in low or b"<!doctype" in low or stripped.startswith(b"<"):
        if b'id="synopsis"' in head or b"Canonical ID" in head:
            return "plusd-nara"
        if b"<code><pre>" in head or b"class='cable'" in head or b'class="cable"' in head:
            return "wikileaks"
        if b"<title>Cable Viewer</title>" in head or b"Currently released so far" in head:
            return "wikileaks"
        if b"<pre>" in head.lower() and _TELEGRAM.search(head):
            return "wikileaks"
        return "unknown"
    if stripped.startswith(b'{ "_id"') or stripped.startswith(b'{"_id"'):
        return "mongo-json"
    if _CSV_ROW.match(head):
        return "cables-csv"
    if head.startswith(b"lineseparator"):
        return "separator-export"
    if re.match(rb"^\d+,->1\r?\n", head):
        return "column-export"
    if b"doc_nbr|" in head:
        return "history-lab"
    if head.startswith(b"cable_id,file,version_label"):
        return "skip:versions index (read beside the version pages it describes)"
    if head.startswith(b"path,format_folder,source_repo"):
        return "skip:corpus manifest"
    if b"\x00" in head[:4096]:
        return "unknown"
    if head.startswith(b"# ") and not re.search(rb"^(?:VZCZC|[ZOPR] \d{6}Z)", head, re.M):
        return "skip:documentation (Markdown), not a cable"
    if _TELEGRAM.search(head):
        lines = [ln for ln in head.split(b"\n")[:5] if ln.strip()]
        if len(lines) >= 2 and all(len(ln) > 1000 for ln in lines[:2]) and all(_CLASS_START.match(ln.lstrip())
                                                                                for ln in lines[:2]):
            return "text-lines"
        return "raw"
    if path.lower().endswith((".md", ".csv", ".txt")) and not _TELEGRAM.search(head):
        return "skip:no telegram text in this file"
    return "unknown"
