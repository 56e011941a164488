"""TAGS: Traffic Analysis by Geography and Subject (FORMAT.md section 5, EDGE_CASES.md section 4).

A TAGS list arrives in every shape: separated by spaces or commas, wrapped, glued (``PHUMBA``), with
person names in or out of parentheses, free text, typos. :func:`parse_tags` turns it into
:class:`~cablebase.model.Tag` objects decoded through ``tags.csv``.
"""

from __future__ import annotations

import re
from functools import cache

from cablebase import reference
from cablebase.model import Diagnostic, Tag

# (compiled once: a call of re.match/re.sub with a pattern string looks it up in re's cache each time)
_K_CODE = re.compile(r"K[A-Z]{3}")
_TWO_CAPITALS = re.compile(r"[A-Z]{2}")
_TWO_LETTERS = re.compile(r"[A-Za-z]{2}")
_A_CAPITAL = re.compile(r"[A-Z]")
_DTG_TOKEN = re.compile(r"\d{6}Z")
_CODE_SHAPE = re.compile(r"[A-Z]{2}|K[A-Z]{3}|[A-Z]{4}")

TAGS_LINE = re.compile(r"^\s*(TAGS|TAGES|TAGE|TAGS?|TAS|TABS|TGS|AGS)\b\s*:?\s*(.*)$", re.I)
_PAREN = re.compile(r"\(([^()]{2,80})\)")
_SPLIT = re.compile(r"[\s,;]+")
_MAX_GLUE = 40


@cache
def _gluable() -> frozenset[str]:
    """Codes a glued token may be cut into: subject and program codes (4 letters) and FIPS codes (2)."""
    return frozenset(
        t.code for t in reference.tag_table().values()
        if t.kind in ("subject", "program", "organization") and len(t.code) == 4
        or t.kind == "geographic" and len(t.code) == 2
    )


@cache
def split_glued(token: str, pairs: bool = False) -> tuple[str, ...] | None:
    """Cut ``KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG`` into known codes; None if no full cut exists. With
    ``pairs``, a four-letter token may be two country codes (SAQA); otherwise not (GTMO, MASC, ECIP are
    subject codes the table lacks, not GT + MO)."""
    if len(token) > _MAX_GLUE:
        return None
    codes = _gluable()
    n = len(token)
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for i in range(n):
        if best[i] is None:
            continue
        for size in (4, 2):
            piece = token[i : i + size]
            if len(piece) == size and (piece in codes or size == 4 and piece[0] == "K" and piece.isalpha()):
                cand = best[i] + (piece,)  # type: ignore[operator]
                if best[i + size] is None or len(cand) < len(best[i + size]):  # type: ignore[arg-type]
                    best[i + size] = cand
    parts = best[n]
    # A cut made only of two-letter country codes is usually an English word (RIGHTS -> RI GH TS), but for
    # a pair of them (SAQA, TUIS, IRPK in copies that lost their spaces).
    if parts is None or not any(len(p) == 4 for p in parts) and not (pairs and n == 4):
        return None
    return parts


def _tag(code: str) -> Tag:
    info = reference.tag_info(code)
    if info:
        return Tag(code, info.kind, info.meaning)
    if _K_CODE.fullmatch(code):
        return Tag(code, "program", None)
    if _TWO_CAPITALS.fullmatch(code):
        return Tag(code, "geographic", None)
    return Tag(code, "unknown", None)


def parse_tags(text: str, pairs: bool = False) -> tuple[list[Tag], list[Diagnostic]]:
    """Decode the text after the TAGS label (continuation lines already joined with spaces). ``pairs``: the
    copy lost its spaces (a flattened export), so an unknown four-letter token made of two known country
    codes is a glued pair (SAQA, TUIS, IRPK)."""
    diags: list[Diagnostic] = []
    tags: list[Tag] = []
    seen: set[tuple[str, str]] = set()

    def add(tag: Tag) -> None:
        key = (tag.code, tag.kind)
        if key not in seen:
            seen.add(key)
            tags.append(tag)

    # Person names in parentheses: OVIP (CLINTON, HILLARY)
    persons = []
    for m in _PAREN.finditer(text):
        inner = " ".join(m.group(1).split())
        if _TWO_LETTERS.search(inner):
            persons.append((m.start(), inner))
    text_wo = _PAREN.sub(lambda m: f" @P{m.start()} ", text)
    pending_words: list[str] = []
    after_ovip = False

    def flush() -> None:
        nonlocal pending_words, after_ovip
        if pending_words:
            name = " ".join(pending_words)
            add(Tag(name, "person" if after_ovip else "free-text", None))
            if not after_ovip:
                diags.append(Diagnostic("free-text-tag", f"TAGS entry {name!r} is not a code"))
        pending_words = []

    for raw in _SPLIT.split(text_wo):
        if not raw:
            continue
        if raw.startswith("@P") and raw[2:].isdigit():
            flush()
            pos = int(raw[2:])
            for start, name in persons:
                if start == pos:
                    add(Tag(name.upper(), "person", None))
            continue
        token = raw.strip(".:-'\"").upper()
        if not token or not _A_CAPITAL.search(token):
            continue
        if token == "SIPDIS":
            diags.append(Diagnostic("sipdis-in-tags", "SIPDIS found inside the TAGS list"))
            continue
        if token in ("TAGS", "TAGES", "TAG") and raw.rstrip().endswith(":"):
            flush()  # a second label in the list ("PREL, PGOV TAGS: ECON")
            continue
        if token == "PAGE" or _DTG_TOKEN.fullmatch(token):
            flush()  # a print page header inside a TAGS line ("PAGE 02 ... 291400Z")
            continue
        # (an unknown four-letter token made of two known codes is a glued pair: SAQA, TUIS, IRPK)
        if reference.tag_info(token) is not None or _CODE_SHAPE.fullmatch(token) and (
            split_glued(token, pairs) is None
        ):
            flush()
            tag = _tag(token)
            if tag.kind == "unknown" or tag.meaning is None and tag.kind == "geographic" and reference.tag_info(token) is None:
                diags.append(Diagnostic("unknown-tag", f"TAGS code {token} is not in the table"))
            add(tag)
            after_ovip = token == "OVIP"
            continue
        parts = split_glued(token, pairs) if token.isalpha() else None
        if parts:
            flush()
            diags.append(Diagnostic("glued-tags", f"TAGS token {token} split into {' '.join(parts)}"))
            for p in parts:
                add(_tag(p))
            after_ovip = parts[-1] == "OVIP"
            continue
        pending_words.append(token)
    flush()
    return tags, diags
