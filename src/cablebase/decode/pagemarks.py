"""Section headers and print page lines: removed from the reading text and recorded as :class:`PageMark`.

FORMAT.md section 9. A multi-section cable carries ``MEXICO 00001102 002 OF 003`` at the head of every
section after the first; a print export carries ``PAGE 02 ROME 01196 01 OF 02 082030Z`` with the class
line above and below it. A :data:`BREAK` is left where one was, so that a sentence it cut can be joined
again. Copies that lost their line breaks keep the marks inside the text (``... a reform agenda  ANKARA
00000648  002 OF 004   as far as necessary``): they are cut out of the line and the sentence closed up.
"""

from __future__ import annotations

import re

from cablebase import reference
from cablebase.decode.lines import BREAK, CLASS_ONLY, lines_with
from cablebase.model import PageMark

_SECTION_HDR = re.compile(r"^\s*([A-Z][A-Z .'()/-]{0,14}?)\s+(\d{5,8})\s+(\d{3}(?:\.\d)?)\s+(?:OF|of)\s+(\d{3})\s*$")
_PAGE_LINE = re.compile(
    r"^\s*(?:(?:UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\s+)?(TO\s+|INFO\s+)?PAGE\s+(\d{2,3})\s+"
    r"([A-Z][A-Z .'-]*?)\s+(\d{4,6})\s+(?:(\d{2})\s+OF\s+(\d{2})\s+)?(\d{6}Z)\s*(.*)$"
)
# a print page line that names the originating station's routing indicator, with the class line's words in
# spaced letters (07PARIS2440: "PAGE 02 RUEHFRA2440 C O N F I D E N T I A L PARIS 002440")
_CLASS_WORDS = (r"C O N F I D E N T I A L|S E C R E T|U N C L A S S I F I E D|U N C L A S|CONFIDENTIAL|SECRET|"
                r"UNCLAS(?:SIFIED)?|LIMITED OFFICIAL USE")
_RI_PAGE_LINE = re.compile(rf"^\s*PAGE\s+(\d{{2,3}})\s+(R[A-Z]{{4,6}})(\d{{4}})\s+(?:{_CLASS_WORDS})\b"
                           r"(?:\s+[A-Z][A-Z ]*?\s+\d{6}\b)?\s*(.*)$")
# a print page line inside a line of text that lost its breaks ("... ON BOARD. CONFIDENTIAL PAGE 03 HARARE
# 06677 03 OF 03 291401Z 11. (C) COMMENT ..."): the time of file at its end makes it certain
_INLINE_PAGE = re.compile(rf"[ \t]*(?:(?:{_CLASS_WORDS})\s+){{0,2}}PAGE\s+(\d{{2,3}})\s+([A-Z][A-Z .'-]*?)\s+(\d{{4,6}})\s+"
                          rf"(?:(\d{{2}})\s+OF\s+(\d{{2}})\s+)?\d{{6}}Z\b(?:\s+(?:{_CLASS_WORDS})\b)?[ \t]*")
_CLASS_AT_END = re.compile(rf"\s+(?:{_CLASS_WORDS})\s*$")  # the foot of the page before, glued to its text
_PARA_START = re.compile(r"\d{1,3}\.\s+\(")
# a section header inside a line: the station in capitals or as one capitalised word ("Islamabad"), the
# serial in eight digits; glued to the next word at times ("002 of 003Iran/Export Controls")
_INLINE_SECTION = re.compile(
    r"[ \t]*([A-Z][A-Z.'-]*(?: [A-Z][A-Z.'-]*){0,2}|[A-Z][a-z]+(?: [a-z]+)?) (\d{8}) {1,3}(\d{3}(?:\.\d)?) {1,3}"
    r"(?:OF|of) {1,3}(\d{3})(?![\d])[ \t]*")

# what every inline section header has (its serial, number and total), looked for before the whole pattern,
# whose station in front keeps the regex engine from skipping ahead
_SERIAL_OF = re.compile(r"\d{8} {1,3}\d{3}(?:\.\d)? {1,3}(?:OF|of) {1,3}\d{3}")


_MARK_NEEDLES = ["PAGE ", "OF 0", "of 0"]


def strip_page_marks(lines: list[str], text: str | None = None) -> tuple[list[str], list[PageMark]]:
    """Remove section headers and print page lines (with the class lines around them). ``text``: the text the
    lines were split from, where the caller has it (lines may have lost their trailing spaces)."""
    out: list[str] = []
    marks: list[PageMark] = []
    done = 0  # lines before this index are in ``out``
    # only lines with PAGE or OF before a section's total ("002 OF 004") can hold marks: the rest is copied in
    # slices. (A header with a wider gap before its total, "002 OF  004", or a total of 100 sections or more,
    # is not looked for: none is known, in the corpus or out of it, and each needle more for them cost the
    # whole parse 1.5%.)
    for i in sorted(lines_with("\n".join(lines) if text is None else text, _MARK_NEEDLES)):
        line = lines[i]
        m = _SECTION_HDR.match(line) if len(line) < 110 else None
        if m:
            out.extend(lines[done:i])
            done = i + 1
            marks.append(PageMark(text=line.strip(), line=i + 1, kind="section", station=m.group(1).strip(),
                                  serial=int(m.group(2)), number=m.group(3), total=int(m.group(4))))
            out.append(BREAK)
            continue
        m = _RI_PAGE_LINE.match(line) if "PAGE " in line else None
        if m:
            out.extend(lines[done:i])
            done = i + 1
            marks.append(PageMark(text=line[: m.start(4)].strip(), line=i + 1, kind="page", station=m.group(2),
                                  serial=int(m.group(3)), number=m.group(1)))
            out.append(m.group(4).strip() or BREAK)
            continue
        m = _PAGE_LINE.match(line) if "PAGE " in line else None
        if not m:  # a mark inside a line of text?
            new = _strip_inline(line, i, marks)
            if new != line:
                out.extend(lines[done:i])
                done = i + 1
                out.extend(new.split("\n"))
            continue
        out.extend(lines[done:i])
        done = i + 1
        marks.append(PageMark(text=line.strip(), line=i + 1, kind="page", station=m.group(3).strip(),
                              serial=int(m.group(4)), number=m.group(2),
                              total=int(m.group(6)) if m.group(6) else None))
        while len(out) > 1 and CLASS_ONLY.match(out[-1]):  # the class line printed at the foot of the page
            out.pop()
        if out and (foot := _CLASS_AT_END.search(out[-1])):  # "... ESSENTIALLY, A  CONFIDENTIAL"
            out[-1] = out[-1][: foot.start()]
        prefix = (m.group(1) or "").strip()
        rest = m.group(8).strip()
        out.append(f"{prefix} {rest}".strip() if prefix or rest else BREAK)
    out.extend(lines[done:])
    return out, marks


def _strip_inline(line: str, i: int, marks: list[PageMark]) -> str:
    """``line`` (the ``i``-th) with the section headers and page lines inside it cut out, the words around
    them closed up; a paragraph that began right after a mark begins a line again (a ``\\n`` in the result)."""
    if "PAGE " in line and _INLINE_PAGE.search(line):
        parts = []
        last = 0
        for m in _INLINE_PAGE.finditer(line):
            marks.append(PageMark(text=m.group(0).strip(), line=i + 1, kind="page", station=m.group(2).strip(),
                                  serial=int(m.group(3)), number=m.group(1),
                                  total=int(m.group(5)) if m.group(5) else None))
            parts.append(line[last: m.start()])
            parts.append("\n" if _PARA_START.match(line, m.end()) else " ")
            last = m.end()
        parts.append(line[last:])
        line = "".join(parts).strip() or BREAK
    if "OF 0" not in line and "of 0" not in line or not _SERIAL_OF.search(line):
        return line
    found = list(_INLINE_SECTION.finditer(line))
    if not found:
        return line
    parts = []
    last = 0
    for m in found:
        start, station = _known_station(m)
        marks.append(PageMark(text=line[start: m.end()].strip(), line=i + 1, kind="section", station=station,
                              serial=int(m.group(2)), number=m.group(3), total=int(m.group(4))))
        parts += [line[last:start].rstrip(), " "]
        last = m.end()
    parts.append(line[last:])
    return "".join(parts).strip() or BREAK


def _known_station(m: re.Match[str]) -> tuple[int, str]:
    """Where an inline section header starts, and its station: the longest run of the words before the
    serial that names a station (``IRI TACTICS BAGHDAD 00003895 ...`` starts at ``BAGHDAD``)."""
    words = m.group(1).split(" ")
    for k in range(len(words)):
        name = " ".join(words[k:])
        if reference.id_station_for(name):
            return m.start(1) + len(" ".join(words[:k])) + (1 if k else 0), name
    last = words[-1]
    end = m.start(1) + len(m.group(1))
    for k in range(1, len(last) - 2):  # a station glued to the word before it ("IRGC, MOISDUBAI 00000049")
        if reference.id_station_for(last[k:]):
            return end - len(last) + k, last[k:]
    return end - len(last), last
