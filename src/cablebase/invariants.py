"""What a correctly decoded record keeps: the precision half of ``cablebase check``.

Coverage says a field was *found*; these invariants say what was found is *clean*. Each is a property
that the author's text has and container residue does not: a paragraph's text holds no rule under a
heading, no page or section mark, no transmission residue, no classification banner, no portion marking
left unparsed; no paragraph is only a heading; signers and addressees hold no notes; a date either comes
from the date-time group or says that it does not. A record that breaks none is *clean*.

Pure functions of a :class:`~cablebase.model.Cable`; ``cablebase check`` counts them per format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablebase.decode.body import LEAD_MARKING
from cablebase.decode.headings import heading_text
from cablebase.model import Cable

INVARIANTS: dict[str, str] = {
    "rule-in-text": "a rule that underlines or boxes a heading (----, ====) inside a paragraph's text",
    "page-mark-in-text": "a section header or print page line inside a paragraph's text",
    "residue-in-text": "transmission residue (NNNN, End Cable Text, a dump's row, a PlusD trailer) in a paragraph",
    "banner-in-text": "a classification banner (doubled at a page break, or a line of its own) in a paragraph",
    "heading-only-paragraph": "a paragraph that is only a heading (it belongs to the paragraph it opens)",
    "marking-in-text": "a portion marking left at the head of a paragraph's text instead of in its marking",
    "note-in-signer": "a signer that holds a note or an end mark (UNQUOTE, END TEXT, NOTE)",
    "note-in-addressee": "an addressee that is a note, not an address",
    "date-unmarked": "a date not from the date-time group, not marked as the container's",
}


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken invariant: its code, where in the record (``paragraph 3``, ``signer``) and an excerpt."""

    code: str
    where: str
    excerpt: str


_RULE = re.compile(r"[-=_\u2010-\u2015]{4,}")
_TABLE_ROW = re.compile(r"^.*\S {2,}\S.* {2,}\S.*$|\|", re.M)
_SECTION = re.compile(r"\b[A-Z][A-Za-z .'-]{1,20} \d{8} {1,3}\d{3}(?:\.\d)? {1,3}(?:OF|of) {1,3}\d{3}\b")
_PAGE = re.compile(r"\bPAGE \d{2,3} (?:R[A-Z]{4,6}\d{4}|[A-Z][A-Z .'-]*? \d{4,6} (?:\d\d OF \d\d )?\d{6}Z)")
_RESIDUE = re.compile(r"\bNNNN\b|End Cable Text|Current Handling Restrictions|Current Classification \*"
                      r"|^\d{3,7},\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d\d,\d\d[A-Z]", re.M | re.I)
_LEVELS = r"(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)"
_BANNER = re.compile(rf"\b({_LEVELS}) \1\b|^{_LEVELS}(?://?[A-Z ]+)*$", re.M)
_NOTE_WORDS = re.compile(r"\b(?:NOTE|QUOTE|UNQUOTE|END TEXT|END CABLE)\b|^(?:The|This|End)$", re.I)
_NOTE_ADDRESS = re.compile(r"\bNOTE\b|\bDO NOT\b|\bPUBLISH\b", re.I)


def violations(cable: Cable) -> list[Violation]:
    """Every invariant ``cable`` breaks, in the order of the record."""
    out: list[Violation] = []
    paras = cable.paragraphs
    for k, p in enumerate(paras):
        where = f"paragraph {p.number}" if p.number is not None else f"paragraph [{k + 1}]"
        text = p.text
        if (m := _RULE.search(text)) and not _is_table(text):
            out.append(Violation("rule-in-text", where, _around(text, m)))
        if (m := _SECTION.search(text) or _PAGE.search(text)):
            out.append(Violation("page-mark-in-text", where, _around(text, m)))
        if (m := _RESIDUE.search(text)):
            out.append(Violation("residue-in-text", where, _around(text, m)))
        if (m := _BANNER.search(text)):
            out.append(Violation("banner-in-text", where, _around(text, m)))
        if p.marking is None and text.startswith("(") and LEAD_MARKING.match(text):
            out.append(Violation("marking-in-text", where, text[:60]))
        if p.number is None and k + 1 < len(paras) and _only_heading(text):
            out.append(Violation("heading-only-paragraph", where, text[:60]))
    for s in cable.signers:
        if _NOTE_WORDS.search(s):
            out.append(Violation("note-in-signer", "signer", s))
    for a in (*cable.to, *cable.info):
        if _NOTE_ADDRESS.search(a.text):
            out.append(Violation("note-in-addressee", "addressee", a.text[:60]))
    if cable.date is not None and cable.date_source not in ("dtg", "date-line", "container"):
        out.append(Violation("date-unmarked", "date", cable.date.isoformat()))
    return out


def _is_table(text: str) -> bool:
    return len(_TABLE_ROW.findall(text)) >= 2


def _only_heading(text: str) -> bool:
    s = text.replace("\n", " ").strip()
    return heading_text(s) and not s.startswith(("XXXX", "-", "(")) and not s[:1].isdigit() and len(s) < 60


def _around(text: str, m: re.Match[str], width: int = 40) -> str:
    return " ".join(text[max(0, m.start() - width): m.end() + width].split())
