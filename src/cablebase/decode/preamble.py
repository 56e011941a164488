"""The fields between the classification line and the first paragraph.

Captions (SIPDIS, NOFORN ...), passing lines (``STATE FOR P, SCA/CEN``), the E.O. line, TAGS, SUBJECT,
REF and ``Classified By`` come in no fixed order; :func:`parse_preamble` reads them until the body
starts and says where that is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cablebase import reference
from cablebase.decode.classification import (
    CLASSIFIED_BY,
    EO_LINE,
    caveats_in,
    is_caption_line,
    leading_caveats,
    match_level,
)
from cablebase.decode.headings import is_heading, sign_at
from cablebase.decode.lines import BREAK, PARA_LINE
from cablebase.decode.refs import REF_LINE
from cablebase.decode.tags import TAGS_LINE

# "Friday, 18 December 2009, 11:04": the date a cable viewer printed above its copy of a cable
DATE_LINE = re.compile(r"^\s*[A-Z][a-z]+day, \d{1,2} [A-Z][a-z]+ \d{4}, \d{1,2}:\d{2}\s*$")
# (also the label without its colon, in capitals before a subject in capitals: "SUBJECT FRENCH VIEWS ON IRAN")
SUBJECT_LINE = re.compile(r"^\s*(?:(?i:SUBJECT|SUBJ|UBJECT|SUBJECTS)\s*[:.]|SUBJECT(?=\s+[A-Z(][A-Z(]))\s*(.*)$")
_TAG_CONTINUATION = re.compile(r"^\s*[A-Z]{2,6}(?:\s*[,;]?\s*(?:[A-Z]{2,6}|\([A-Z ,.]+\)))*\s*,?\s*$")
_REF_ITEM = re.compile(r"^\s*(?:¶\s*)?[(\[]?[A-Z][.)\]]\s")
_MARK = r"\((?:U|C|S|SBU|S/NF|C/NF|U/FOUO|SBU/NF|S//NF|C//NF)\)"  # a subject's portion mark
_PORTION = re.compile(rf"^\s*{_MARK}\s*")
_END_PORTION = re.compile(rf"\s*{_MARK}\s*$")
_GLUED_REF = re.compile(r"(?<=[a-z0-9A-Z])(REF(?:S|TEL)?\s*:.*)$")
_MAX_LINES = 80


@dataclass
class Preamble:
    caveats: list[str] = field(default_factory=list)
    eo: tuple[str, str] | None = None
    tags_text: str | None = None
    subject: str | None = None
    ref_text: str | None = None
    classified_by: str | None = None
    passing: list[str] = field(default_factory=list)
    body_start: int = 0

    def filled_from(self, other: Preamble) -> Preamble:
        """Fields this preamble lacks taken from ``other`` (fields that came before the classification line)."""
        for name in ("eo", "tags_text", "subject", "ref_text", "classified_by"):
            if getattr(self, name) is None:
                setattr(self, name, getattr(other, name))
        self.caveats += [c for c in other.caveats if c not in self.caveats]
        self.passing = other.passing + self.passing
        return self


def fields_before(lines: list[str], start: int, end: int) -> int | None:
    """Where TAGS or SUBJECT lines sit among the addressees, above the classification line (some copies
    print them there: 09ROME97, 09KHARTOUM881), or None."""
    for i in range(max(start, 0), end):
        s = lines[i]
        if "TAGS" in s and (m := TAGS_LINE.match(s)) and m.group(1) == "TAGS" or "SUBJ" in s and SUBJECT_LINE.match(s):
            return i
    return None


def is_label(line: str) -> bool:
    """Whether a line opens with a preamble label (E.O., TAGS, SUBJECT, REF, Classified By)."""
    return bool(EO_LINE.match(line) or TAGS_LINE.match(line) and not line.strip().upper().startswith("TAG ")
                or SUBJECT_LINE.match(line) or REF_LINE.match(line) or CLASSIFIED_BY.match(line))


def _continuation(lines: list[str], i: int, limit: int, stop_blank: bool = True,
                  stop: re.Pattern[str] | None = None) -> tuple[list[str], int]:
    """Lines after ``i`` that continue a field, and the index after them (up to a line ``stop`` matches)."""
    out: list[str] = []
    j = i + 1
    while j < len(lines) and len(out) < limit:
        s = lines[j].strip()
        if s == BREAK:
            j += 1
            continue
        if not s:
            if stop_blank:
                break
            j += 1
            continue
        if is_label(s) or PARA_LINE.match(s) or is_caption_line(s) or match_level(s) or DATE_LINE.match(s) \
                or stop is not None and stop.match(s):
            break
        out.append(s)
        j += 1
    return out, j


# the end of a Classified By line's reasons: "1.4 (B) AND (D)", "1.4 B AND D.", "1.4(b/d).", "1.5 ( b, d)"
_REASONS_END = re.compile(r"\b1\.\s?[45]\s*(?:[(\[]?\s*[A-Ha-h](?![A-Za-z0-9])\s*[)\]]?\s*(?:[,/&]|\b(?i:and)\b)?\s*)*\.?")


_REASON_LETTER = re.compile(r"(?<![A-Za-z])[A-Ha-h](?![A-Za-z])")
_MARK_AFTER = re.compile(r"(?<=[).])\s+\(C\)\s*$")
_FIELD_CHARS = 200


def _heading_run_in(lines: list[str], i: int, first: str, j: int) -> tuple[str, int] | None:
    """A heading and its rule run into the Classified By field that starts on line ``i`` with ``first`` and
    goes on to line ``j`` (a copy that lost its line breaks: "... 1.4 (B) AND (D)Summary--------"; a heading
    wrapped onto the field's line: "1.4 (b) and (d). Summary -------"; a rule taken as the field's next line):
    the field without them and the index of the line where the body starts, that line (in ``lines``) given
    the heading and what follows it in the field. The heading is what follows the reasons; where nothing
    that can be a heading does, the body starts at the rule. None where the field holds no rule."""
    rows = [(i, first)] + [(k, lines[k].strip()) for k in range(i + 1, j) if lines[k].strip() not in ("", BREAK)]
    found = next(((n, at) for n, (_, text) in enumerate(rows) if (at := sign_at(text)) is not None), None)
    if found is None:
        return None
    n, at = found
    starts: list[int] = []
    joined = ""
    for _, text in rows[: n + 1]:
        joined += " " if joined else ""
        starts.append(len(joined))
        joined += text
    cut = starts[n] + at
    if cut > _FIELD_CHARS:
        return None  # (not a Classified By line: a body run into it, "... (d) 1.(C) UK Ambassador ...")
    reasons = None
    for found_reasons in _REASONS_END.finditer(joined, 0, cut):
        reasons = found_reasons  # (the last)
    if reasons is not None:
        end = reasons.end()
        letters = _REASON_LETTER.findall(reasons.group())
        if len(letters) >= 2 and letters[-1] == "C" and letters[-2].lower() >= "c" \
                and (mark := _MARK_AFTER.search(reasons.group())):
            end = reasons.start() + mark.start()  # "1.4 (b) and (d) (C) SUMMARY": the heading's marking, not a reason
        if is_heading(after := joined[end: cut]):
            cut = end + len(after) - len(after.lstrip())
    kept = joined[:cut].strip()
    if not kept:
        return None
    r = max(x for x in range(n + 1) if starts[x] <= cut)
    k, text = rows[r]
    lines[k] = text[cut - starts[r]:]
    return kept, k


def _next_text(lines: list[str], j: int) -> int | None:
    """The index of the first line from ``j`` that is not blank (within three), or None."""
    for k in range(j, min(len(lines), j + 3)):
        if lines[k].strip() not in ("", BREAK):
            return k
    return None


# A line opening with a portion marking, as a heading or an unnumbered paragraph does ("(S//NF) Summary"
# under the Classified By line, 10ABUDHABI9): not the field's next line. A lone "(C)" only before a word in
# capitalised lower case ("(C) Summary: ..."): it can be the last of the reasons wrapped onto the next line
# ("1.4 (b) and" / "(C) and (D).").
_MARKED_LINE = re.compile(r"\((?:U|S|TS|SBU|[CSU]//?[A-Z][A-Z/ ]*)\)\s+\S|\(C\)\s+[A-Z][a-z]")
_DECLASSIFY_ON = re.compile(r"^Declassify\s+on\s*:", re.I)
# a Classified By line (spelled as drafters did) or an SBU caption run into the end of a subject
_GLUED_CLASSIFIED_BY = re.compile(r"\s*\bClass(?:i)?f(?:i)?ed\s+By\s*:\s*(.*)$", re.I)
_GLUED_SBU = re.compile(r"\s*\bSENSITIVE\s+BUT\s+UNCLASSIFIED\.?\s*$", re.I)
# the page header of section 1 glued to the end of a subject (copies that lost their line breaks)
_GLUED_PAGE = re.compile(r"\s\d{5,8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}(?!\d).*$")
_SUMMARY_WORD = re.compile(r"(?i)^\s*(?:BEGIN\s+)?SUMMARY\b")
_WIDE_GAP = re.compile(r"\s{2,}")
_LEAD_LABEL = re.compile(r"[A-Z][A-Z .]{1,20}:")  # "DERIVED FROM: DSCG 05-1 B, D" is a field of its own


def _subject_goes_on(lines: list[str], j: int, last: str) -> int | None:
    """Where a subject cut by a blank line at ``j`` goes on (``...CAUGHT FLAT-FOOTED BY BROWN'S`` / blank /
    ``QUICK MANEUVERS ON FINANCIAL CRISIS``), or None: its ``last`` line open, then one upper-case line
    that is no label, paragraph or heading, followed by a label or a blank line."""
    last = last.rstrip()
    if not last or last.endswith((".", "?", "!", ")", '"', ":")) or j >= len(lines) or lines[j].strip():
        return None
    k = _next_text(lines, j)
    if k is None or k == j:
        return None
    s = lines[k].strip()
    if (not s.isupper() or len(s) > 120 or is_label(s) or PARA_LINE.match(s) or is_caption_line(s)
            or s.startswith(("SUMMARY", "BEGIN", "(", "-", "END", "COMMENT")) or _LEAD_LABEL.match(s)):
        return None
    after = lines[k + 1].strip() if k + 1 < len(lines) else ""
    return k if not after or after == BREAK or is_label(after) else None


def _codes_line(lines: list[str], k: int) -> bool:
    """Whether line ``k`` goes on a TAGS list across a blank line: known codes only, or code-like lines up
    to a label (``ZL`` / blank / ``GR`` then ``SUBJECT:``)."""
    words = lines[k].replace(",", " ").split()
    if not words or len(words) > 6:
        return False
    if all(reference.tag_info(w) is not None for w in words):
        return True
    for _ in range(12):
        if not _TAG_CONTINUATION.match(lines[k]):
            return False
        nxt = _next_text(lines, k + 1)
        if nxt is None:
            return False
        if is_label(lines[nxt].strip()):
            return True
        k = nxt
    return False


def _between_labels(lines: list[str], k: int) -> bool:
    """Whether line ``k``, after a blank line in a REF list, is a last item of it: a short line that is no
    label, followed by a label ("(B) MCWHIRTER 12/14/07" / blank / "E-MAIL TO DS COMMAND CENTER" /
    blank / "Classified By: ...")."""
    s = lines[k].strip()
    if len(s) > 120 or is_label(s) or _SUMMARY_WORD.match(s):
        return False
    nxt = _next_text(lines, k + 1)
    return nxt is not None and is_label(lines[nxt].strip())


def _label_ahead(lines: list[str], j: int, stop: int) -> bool:
    """Whether an E.O., TAGS or SUBJECT line comes within 30 lines from ``j``, before any paragraph: then
    the lines until it are office and passing lines, however long or many (``DEA HQS FOR ...``)."""
    for k in range(j, min(stop, j + 30)):
        s = lines[k].strip()
        if PARA_LINE.match(s):
            return False
        if EO_LINE.match(s) or SUBJECT_LINE.match(s) or (m := TAGS_LINE.match(s)) and m.group(1).upper() == "TAGS":
            return True
    return False


# A label inside a preamble line, after other text: "E.O. 12958: DECL: 02/14/2018 TAGS: BR PREL MARR",
# "DEPT FOR WHA/BSC E.O. 12958: DECL: ...", "E.o. 12958: decl: 01/07/2014 Tags: prel, pgov Subject: ...".
# An E.O. counts only with its instruction (a subject may name "E.O. 13224 DESIGNATIONS").
_INNER_LABEL = re.compile(
    r"\s+(?=(?i:E\.?\s?O\.?\s?1\d{4}\s*:?\s*(?:DECL|N/?A\b))|(?i:TAGS?\s*:)|TAGS? (?=[A-Z]{2,6}\b)"
    r"|(?i:SUBJ(?:ECT)?\s*:)|(?i:Classified By\s*:)|REF(?:S|TELS?)?:)")
_BARE = re.compile(r"\s*(?:\([A-Z/]{1,8}\)|(?i:classified by|subject|subj|tags?)\s*:)?\s*")


def split_inner_labels(lines: list[str], start: int) -> list[str]:
    """``lines`` with each preamble line (from ``start`` to the first paragraph) that holds more than one
    label cut before each label after its start."""
    stop = min(len(lines), start + _MAX_LINES)
    out = lines[:start]
    for i in range(start, stop):
        line = lines[i]
        if PARA_LINE.match(line):
            return out + lines[i:]
        parts = _INNER_LABEL.split(line) if ":" in line or "TAG" in line else [line]
        # a label said twice ("Classified By: Classified By: ...") or after a portion mark ("(U) Classified
        # by: ...") stays whole
        if len(parts) > 1 and not _BARE.fullmatch(parts[0]):
            out.extend(part for part in parts if part.strip())
        else:
            out.append(line)
    return out + lines[stop:]


def _tags_field(lines: list[str], i: int, first: str) -> tuple[str, int]:
    """The TAGS list that starts on line ``i`` with ``first``, over the lines that go on with it, and the
    index after it."""
    parts = [first]
    j = i + 1
    while j < len(lines) and len(parts) < 12:
        nxt = lines[j].strip()
        if not nxt and (k := _next_text(lines, j)) is not None and _codes_line(lines, k):
            j = k  # print exports put each code on a line of its own, blank lines between
            continue
        if not nxt or is_label(nxt) or not (_TAG_CONTINUATION.match(nxt) or parts[-1].rstrip().endswith(",")):
            break
        if is_caption_line(nxt) and not parts[-1].rstrip().endswith(","):
            break
        parts.append(nxt)
        j += 1
    return " ".join(parts), j


def _subject_field(lines: list[str], i: int, first: str) -> tuple[str, int]:
    """The subject that starts on line ``i`` with ``first``, with its wrapped lines, and the index after it.
    A label alone on its line has its subject on the next line that is not blank."""
    if not first.strip():
        k = i + 1
        while k < len(lines) and lines[k].strip() in ("", BREAK):
            k += 1
        if k < len(lines) and k - i <= 3 and not is_label(lines[k]) and not PARA_LINE.match(lines[k]):
            i, first = k, lines[k].strip()
    more, j = _continuation(lines, i, 6)
    while (k := _subject_goes_on(lines, j, more[-1] if more else first)) is not None:
        further, j = _continuation(lines, k - 1, 6)
        more += further
    if more and more[-1].strip() in ("...", "…"):  # a page's cut on a line of its own (73TEHRAN2077), not the
        more = more[:-1]  # drafter's ellipsis ("GERMANY TAKING ACTION ON SHIPMENT OF ...")
    text = " ".join([first, *more])
    if again := SUBJECT_LINE.match(text):  # "SUBJECT: SUBJECT: AFGHANISTAN: ..."
        text = again.group(1)
    if "OF" in text and (page := _GLUED_PAGE.search(text)):  # "... TACTICS BAGHDAD 00003895 001.3 OF 003"
        text = _without_station(text[: page.start()])
    return text, j


def _without_station(head: str) -> str:
    """``head`` without the station name that ends it (one to three words, or glued to the last word:
    "IRGC, MOISDUBAI"), as the tables know it."""
    words = head.split()
    for k in (3, 2, 1):
        if len(words) >= k and reference.id_station_for(" ".join(words[-k:])):
            return " ".join(words[:-k])
    last = words[-1] if words else ""
    for cut in range(1, len(last) - 2):
        if reference.id_station_for(last[cut:]):
            return " ".join([*words[:-1], last[:cut]])
    return " ".join(words)


def _ref_field(lines: list[str], i: int, first: str) -> tuple[str, int]:
    """The REF list that starts on line ``i`` with ``first``: its lines, and items after blank lines (a
    lettered item, or a last one before the next label); and the index after it."""
    parts = [first]
    j = i + 1
    while j < len(lines) and sum(len(x) for x in parts) < 1500:
        nxt = lines[j].strip()
        if nxt == BREAK:
            j += 1
            continue
        if not nxt:
            k = j + 1
            while k < len(lines) and lines[k].strip() in ("", BREAK):
                k += 1
            if k < len(lines) and not PARA_LINE.match(lines[k]) and (
                    _REF_ITEM.match(lines[k]) or _between_labels(lines, k)):
                j = k
                continue
            break
        if is_label(nxt) or PARA_LINE.match(nxt) or _SUMMARY_WORD.match(nxt):
            break
        parts.append(nxt)
        j += 1
    return " ".join(parts), j


def parse_preamble(lines: list[str], start: int) -> Preamble:
    """Read fields from ``lines[start:]`` (``start`` is the line after the classification line)."""
    p = Preamble(body_start=start)
    i = start
    stop = min(len(lines), start + _MAX_LINES)
    while i < stop:
        raw = lines[i]
        s = raw.strip()
        if not s or s == BREAK:
            i += 1
            continue
        if PARA_LINE.match(s) and (p.subject is not None or p.tags_text is not None or p.eo is not None):
            break
        if p.eo is None and (m := EO_LINE.match(s)):
            p.eo = (m.group(1), m.group(2))
            i += 1
            continue
        if p.tags_text is None and (m := TAGS_LINE.match(s)) and (m.group(1).upper() != "TAG" or p.subject is None):
            p.tags_text, i = _tags_field(lines, i, m.group(2))
            continue
        if p.tags_text is not None and p.subject is None and s[:4].upper() in ("TAGS", "TAGE") \
                and (m := TAGS_LINE.match(s)):  # a second label in the list ("TAGS: PREL, PGOV TAGS: ECON")
            more, i = _tags_field(lines, i, m.group(2))
            p.tags_text = f"{p.tags_text} {more}"
            continue
        if p.subject is None and (m := SUBJECT_LINE.match(s)):
            text, i = _subject_field(lines, i, m.group(1))
            if (cb := _GLUED_CLASSIFIED_BY.search(text)) and cb.start() > 0:  # "... A RECOUNT Classfied By: ..."
                p.classified_by = p.classified_by or cb.group(1).strip()
                text = text[: cb.start()]
            if (sbu := _GLUED_SBU.search(text)) and sbu.start() > 0:
                text = text[: sbu.start()]
            glued = _GLUED_REF.search(text)
            if glued and p.ref_text is None:
                p.ref_text = REF_LINE.match(glued.group(1)).group(1)  # type: ignore[union-attr]
                text = text[: glued.start()]
            p.subject = " ".join(_END_PORTION.sub("", _PORTION.sub("", text)).split()).strip() or None
            continue
        if p.ref_text is None and (m := REF_LINE.match(s)):
            p.ref_text, i = _ref_field(lines, i, m.group(1))
            if not p.ref_text.strip(" :"):  # "REF: REF: A. ..." cut in two by the labels: the next one reads
                p.ref_text = None
            continue
        if p.classified_by is None and (m := CLASSIFIED_BY.match(s)):
            more, j = _continuation(lines, i, 2, stop=_MARKED_LINE)
            p.classified_by = " ".join([m.group(1), *more]).strip()
            if ("--" in s or "==" in s or "__" in s or "//" in s or any("-" in x or "/" in x for x in more)) \
                    and (run := _heading_run_in(lines, i, m.group(1), j)):
                p.classified_by, i = run
                break  # (a heading: the body has begun)
            i = j
            continue
        if _DECLASSIFY_ON.match(s):  # the derivative classifier's line under "Classified By: Derived from ..."
            more, i = _continuation(lines, i, 2)
            p.passing.append(" ".join([s, *more]))
            continue
        if is_caption_line(s):
            for c in caveats_in(s):
                if c not in p.caveats:
                    p.caveats.append(c)
            i += 1
            continue
        # Anything else: a passing line before the fields, or the start of the body after them.
        if p.subject is None and p.tags_text is None and not PARA_LINE.match(s) and (
                len(s) < 90 and i - start < 12 or _label_ahead(lines, i + 1, stop)):
            p.passing.append(s)
            # a copy that lost its line breaks keeps the captions at the head of the line, two spaces apart
            # ("SIPDIS  NOFORN  STATE FOR NEA/FO ...")
            for part in _WIDE_GAP.split(s) if "  " in s else ():
                if not is_caption_line(part):
                    break
                p.caveats += [c for c in caveats_in(part) if c not in p.caveats]
            # or one space apart, before a passing line ("SIPDIS FOR EUR/WE E.O. 12958: ...", 10MADRID49)
            p.caveats += [c for c in leading_caveats(s) if c not in p.caveats]
            i += 1
            continue
        break
    p.body_start = i
    return p
