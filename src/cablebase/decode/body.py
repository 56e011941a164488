"""The body: page marks out, broken sentences joined, paragraphs, summary, comment, redactions.

FORMAT.md section 9 and EDGE_CASES.md section 7. Section headers (``MEXICO 00001102 002 OF 003``) and
print page lines (``PAGE 02 ROME 01196 01 OF 02 082030Z``) are removed and recorded first, leaving a
break marker so a sentence they cut can be joined again. The end of the message (signers, end marks,
sign-offs) is :mod:`cablebase.decode.signoff`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cablebase.decode.classification import match_level
from cablebase.decode.headings import HEAD_MARKING, heading_text, is_heading, mark_headings
from cablebase.decode.lines import BREAK, CLASS_ONLY, HEADING, PARA_LINE, REDACTION, TERMINAL, lines_with
from cablebase.decode.signoff import runs_on, split_signoff
from cablebase.model import Diagnostic, Paragraph

_PRE_MARKED = re.compile(r"^\s*\((?:TS|[SCU]|SBU)\)\s*\d{1,3}\.\s")
# a portion marking: the level, then controls after one or two slashes (NF, NOFORN, REL ..., FGI ..., FOUO)
_MARKING_OK = re.compile(r"^(?:(?:TS|S|C|U|SBU|LOU|FOUO)(?:\s*//?\s*(?:NF|N|NOFORN|FOUO|SBU|ORCON|OC|PROPIN|LES"
                         r"|NOCONTRACT|REL\b.*|FGI\b.*))*|(?:[UCS]|SECRET|CONFIDENTIAL|UNCLASSIFIED)\s*-\s*ENTIRE TEXT\.?|NOTAL)$")
# a paragraph whose whole text is an "ENTIRE TEXT" marking, in the forms of 1980s cables: in brackets or not,
# the level as a letter or a word, controls after slashes, a dash or none ("(SECRET/NOFORN/WNINTEL/NO
# CONTRACT/ORCON-ENTIRE TEXT)", "SECRET ENTIRE TEXT.", "(C) - ENTIRE TEXT.", "(CONFIDENTIAL - ENTIRE TEXT.)");
# group 1 is the marking as written, without its brackets and full stop
_ENTIRE_ONLY = re.compile(r"^\(?((?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|LIMITED OFFICIAL USE|LOU|TS|[SCU])"
                          r"(?:\s*/\s*[A-Z][A-Z ]{1,15}?)*(?:\s*\)?\s*-{1,2}\s*|\s+)ENTIRE TEXT)\.?\)?\.?$")
_NOT_ENTIRE = re.compile(r"[()]")
# an unnumbered paragraph that opens with its marking
LEAD_MARKING = re.compile(r"^\(\s*((?:TS|S|C|U|SBU|LOU)(?:\s*//?\s*[A-Za-z][A-Za-z ,]{0,160}?)?)\s*\)\s+(?=\S)",
                           re.I)
# a portion marking in capitals at the head of a line that follows a blank line (group 1: the marking)
_BLOCK_MARKING = re.compile(r"^\s*\(((?:TS|S|C|U|SBU)(?:\s*//?\s*[A-Z][A-Z ,]{0,40}?)?)\)\s+(?=\S)")
_THREE_BREAKS = re.compile("\n\n\n+")  # blank lines in a row, written as one
_LOWER = b"abcdefghijklmnopqrstuvwxyz"
_UPPER = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CASE_TABLE = bytes(ord("l") if c in _LOWER else ord("U") if c in _UPPER else c for c in range(256))
_NOT_LETTERS = bytes(c for c in range(256) if c not in _LOWER and c not in _UPPER)
_SUBJECT_MARKING = re.compile(r"\(\s*[A-Z/]{1,8}\s*\)\s*")


def drop_repeated_subject(lines: list[str], subject: str, start: int = 0) -> int:
    """Some multi-section cables repeat their subject, cut to fit one line, at the head of every section
    after the first, glued to the text that goes on (``SUBJECT: NUCLEAR ... WITH UK, FRANCE, AND GERMA credit
    for our ...``). Where such a line follows a removed section header (from ``start`` on), the repeated
    subject is taken out, so that the sentence it cut joins up again. Returns how many were taken out."""
    wanted = " ".join(subject.split())
    dropped = 0
    for i in range(max(start, 0), len(lines) - 1):
        if lines[i] != BREAK or not lines[i + 1].lstrip().startswith("SUBJECT:"):
            continue
        rest = lines[i + 1].lstrip()[8:].lstrip()
        if rest.startswith("("):
            rest = _SUBJECT_MARKING.sub("", rest, count=1)
        k, n = 0, min(len(rest), len(wanted))
        while k < n and rest[k] == wanted[k]:
            k += 1
        if k < min(20, len(wanted)):
            continue
        lines[i + 1] = rest[k:].lstrip() or BREAK
        dropped += 1
    return dropped


@dataclass
class Body:
    text: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    summary: str | None = None
    comment: str | None = None
    signers: list[str] = field(default_factory=list)
    redactions: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _ends_open(line: str) -> bool:
    s = line.rstrip()
    return bool(s) and not s.endswith(TERMINAL)


def join_breaks(lines: list[str]) -> tuple[list[str], int]:
    """Rejoin text cut by a removed page mark, a stray ``SIPDIS`` line or a blank line mid-sentence.

    A gap is joined when the text before it is left open (no closing punctuation) and either a marker
    was removed there or the text after it starts in lower case; otherwise it stays a paragraph break.
    """
    out: list[str] = []
    strays = 0
    i, n = 0, len(lines)
    # only blank lines and lines with SIPDIS need a look: the lines between are copied in slices
    for k in [k for k, line in enumerate(lines) if not line or line.isspace() or "SIPDIS" in line]:
        if k < i:  # taken by the gap before
            continue
        out.extend(lines[i:k])
        i = k
        stripped = lines[i].strip()
        if stripped.startswith("SIPDIS ") and out and _ends_open(out[-1]) and stripped[7:8].isupper():
            strays += 1
            out[-1] = out[-1].rstrip() + (" " if len(out[-1]) > 160 else "")
            if len(out[-1]) > 160:
                out[-1] += stripped[7:]
            else:
                out.append(stripped[7:])
            i += 1
            continue
        if stripped and stripped not in (BREAK, "SIPDIS"):
            out.append(lines[i])
            i += 1
            continue
        j = i
        saw_marker = False  # a removed page mark or a stray SIPDIS line in the gap
        while j < n:
            if lines[j] == BREAK:  # (BREAK is a whitespace character: test it before stripping)
                saw_marker = True
                j += 1
                continue
            s = lines[j].strip()
            if s and s != "SIPDIS":
                break
            if s:
                strays += 1
                saw_marker = True
            j += 1
        prev = out[-1] if out else ""
        nxt = lines[j].lstrip() if j < n else ""
        # (a line that opens in lower case cannot be a numbered paragraph)
        join = bool(out) and bool(nxt) and (
            nxt[0].islower() or saw_marker and _ends_open(prev) and not PARA_LINE.match(nxt))
        if join and len(prev) > 160:
            out[-1] = prev.rstrip() + " " + nxt  # unwrapped paragraphs: one line
            j += 1
        elif not join and out and j < n:
            out.append("")
        i = j
    out.extend(lines[i:])
    return out, strays


# a line break not followed by a bullet (the space after a bullet is any but a line end or _BLOCK)
_SOFT_BREAK = re.compile(r"\n(?!--|-[^\S\n\x1f]|\*|[A-Z]\.[^\S\n\x1f]|\(\w{1,3}\)[^\S\n\x1f]|\d{1,2}\)[^\S\n\x1f])")
_BLANK_RUN = re.compile(r"\n\n+")
_LONE_DASH = re.compile(r"(?m)^-$")
_BLOCK = "\x1f"  # stands for a blank line while the soft breaks are joined (normalise removed any in the text)


def _entire_text(text: str, marking: str | None) -> str | tuple[str, str]:
    """A numbered paragraph that holds only an "ENTIRE TEXT" marking: the marking (as written) and no text.
    Else the text."""
    flat = " ".join(text.upper().split())
    if marking:  # "(C) - ENTIRE TEXT.": the level read as the marking, the rest left in the text
        m = _ENTIRE_ONLY.match(f"{marking} {flat}") if flat.startswith("-") else None
    else:
        m = _ENTIRE_ONLY.match(flat)
    return (" ".join(_NOT_ENTIRE.sub("", m.group(1)).split()), "") if m else text


def _paragraph_text(lines: list[str], dashes: bool = True) -> str:
    """A paragraph's lines as text: wrapped lines joined with spaces; blank lines and bullets (``--``,
    ``A.``, ``(a)``) start a new line. A lone ``-`` (the separator line between paragraphs of 1980s cables)
    is no text: it counts as a blank line (``dashes``: the text may have one)."""
    text = "\n".join([line.strip() for line in lines])
    if dashes:
        text = _LONE_DASH.sub("", text)
    text = text.strip()
    if "\n" in text:
        if "\n\n" in text:
            text = _BLANK_RUN.sub(_BLOCK, text)
        text = _SOFT_BREAK.sub(" ", text).replace(_BLOCK, "\n")
    return text.replace("¶", "")


# end-of-message marks run onto the last line of a copy that lost its breaks, with whatever follows them
# ("... upon request. CLINTON NNNN End Cable Text XXXXXXXXXXXX"), and the trailer of a PlusD page
# ("LIMITED OFFICIAL USE NMAFVVZCZ *** Current Handling Restrictions *** n/a ...")
_END_MARKS = re.compile(r"(?<!\s)\s+(?:NNNN|End Cable Text)\b(?:\s+(?:End Cable Text|X{4,}|#+))*\s*$")
_PLUSD_TRAILER = re.compile(r"(?<!\s)(?:\s*\b(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE))?\s*"
                            r"(?:NMAFVVZCZ\b|"
                            r"\*\*\*\s*Current Handling Restrictions).*$")


# a classification banner inside the text ("XXXXXXXXXXXX SECRET//FGI//NOFORN" at a page break)
# (on a line of its own, or after a paragraph's number and a redaction: never inside a sentence)
_BANNER = re.compile(r"^(\s*(?:¶?\d{1,3}\.\s+)?(?:X{4,}\s+)?)(?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED)"
                     r"(?://[A-Z0-9-]+)+\s*$")
# a paragraph number, its "ENTIRE TEXT" marking and the next paragraph run together on one line
_ENTIRE_THEN_NEXT = re.compile(r"^(\s*\d{1,3}\.\s+\(?[UCS]\)?\s*-\s*ENTIRE TEXT\.?)\s+(\d{1,3}\.\s+\S.*)$")


_LEVEL_ENDINGS = ["CONFIDENTIAL\n", "SECRET\n", "UNCLASSIFIED\n", "OFFICIAL USE\n", "UNCLAS\n"]


def _split_entire_text(line: str) -> tuple[str, ...]:
    m = _ENTIRE_THEN_NEXT.match(line)
    return m.groups() if m else (line,)


def _drop_end_marks(lines: list[str]) -> list[str]:
    """The body without the end marks and trailers that follow the signer on its own last lines."""
    tail = "\n".join(lines[-30:])
    if "NNNN" not in tail and "End Cable Text" not in tail and "NMAFVVZCZ" not in tail \
            and "Current Handling" not in tail:
        return lines
    end = len(lines)
    while end and (not lines[end - 1].strip() or REDACTION.fullmatch(lines[end - 1].strip())):
        end -= 1
    k = end
    while k and lines[k - 1].strip() in ("NNNN", "End Cable Text"):
        k -= 1
    if k < end:  # "CLINTON" / "NNNN" / "End Cable Text" / "XXXXXXXXXXXX"
        lines = lines[:k]
    for k in range(len(lines) - 1, max(-1, len(lines) - 30), -1):
        line = lines[k]
        if "NMAFVVZCZ" in line or "Current Handling Restrictions" in line:
            if (m := _PLUSD_TRAILER.search(line)):
                lines = [*lines[:k], line[: m.start()]] if m.start() > 0 else lines[:k]
                continue
        if ("NNNN" in line or "End Cable Text" in line) and (m := _END_MARKS.search(line)) and m.start() > 0:
            lines = [*lines[:k], line[: m.start()], *lines[k + 1:]]
    return lines


# the end mark of a summary or comment, without its full stop, perhaps wrapped over two lines
_END_OF_BLOCK = re.compile(r"\bEND\s+(?:OF\s+)?(?:SUMMARY|COMMENT)\s*$", re.I)
_FUNCTION_WORDS = frozenset({"A", "AN", "THE", "OF", "TO", "BY", "FOR", "IN", "ON", "AT", "WITH", "AND", "OR"})


def _is_heading(lines: list[str], i: int, mixed_case: bool) -> bool:
    """A heading without rules: a short line standing alone (a blank line before it) that is not a sentence,
    above a numbered paragraph; in mixed-case text also a line in capitals or in title case between blank
    lines ("Summary", "INTERNATIONAL APPROACH")."""
    if i > 0 and lines[i - 1].strip() and not lines[i - 1].startswith(HEADING):
        return False  # (most lines: the wrapped rest of a sentence; the quick test first)
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    if not nxt.strip():  # (most lines here open a paragraph that goes on below: the quick way first)
        nxt = next((ln for ln in lines[i + 2: i + 5] if ln.strip()), "")
    numbered_next = bool(PARA_LINE.match(nxt))
    if not numbered_next and (not mixed_case or i + 1 < len(lines) and lines[i + 1].strip() or len(nxt) < 60):
        return False  # (a list of names in title case, one a line, is no run of headings)
    # after the end of a sentence or another heading (the last name of a list above a paragraph is no heading)
    prev = next((ln for ln in reversed(lines[max(0, i - 3): i]) if ln.strip()), "")
    if prev and not prev.startswith(HEADING) and not prev.rstrip().endswith(TERMINAL) and \
            not (prev.rstrip()[-7:].upper() in ("SUMMARY", "COMMENT")  # ("... representation.  END" / "SUMMARY")
                 and _END_OF_BLOCK.search(" ".join(lines[max(0, i - 3): i]))):
        return False
    s = lines[i].strip()
    if not heading_text(s) or match_level(s) or s.startswith(("-", "XXXX")) or s[:1].isdigit() \
            or s.split()[-1].upper() in _FUNCTION_WORDS or s.endswith(":") and len(s.split()) > 3:
        return False  # ("Key aspects of the report include:" leads into a list: text)
    return numbered_next or s.isupper() and len(s) >= 6 or _title_case(s)


_SENTENCE_DONE = re.compile(r"[a-z0-9)\]][.!?][\"”’')]?\s*$")  # a line whose last sentence is finished
_TITLE_END = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Amb|Sen|Rep)\.\s*$")  # ... unless it ends in a title ("Mr.")


def _list_item(lines: list[str], i: int) -> bool:
    """Whether line ``i`` opens with a lettered item ("(C) Conduct training") whose letter comes after that of
    an item above it in the same block of lines ("(B) Hire staff.")."""
    s = lines[i].lstrip()
    if len(s) < 3 or s[0] != "(" or s[2] != ")" or not s[1].isalpha():
        return False
    before = f"({chr(ord(s[1]) - 1)})"
    k = i - 1
    while k >= 0 and lines[k].strip():
        if lines[k].lstrip().startswith(before):
            return True
        k -= 1
    return False


def _bare_heading(line: str) -> bool:
    """Whether a line with no rule under it reads as a heading: in title case or capitals, or opening with
    a portion marking (which then marks the paragraph it opens)."""
    text = line.strip()
    if (mark := HEAD_MARKING.match(text)) is not None:
        rest = text[mark.end():]
        return bool(rest[:1].isupper()) and heading_text(rest) and _MARKING_OK.match(mark.group(1).upper()) is not None
    return text[:1].isupper() and is_heading(text) and (text.isupper() or _title_case(text))


def _title_case(text: str) -> bool:
    words = text.split()
    return len(words) <= 8 and all(w[:1].isupper() for w in words if len(w) > 3) and words[0][:1].isupper()


def parse_body(lines: list[str], page_breaks: bool = False) -> Body:
    """Decode the body lines (everything after the preamble fields). ``page_breaks``: the text had print
    page lines (their classification banners may be left between two lines of text)."""
    b = Body()
    lines, strays = join_breaks(lines)
    if strays:
        b.diagnostics.append(Diagnostic("stray-sipdis", f"{strays} stray SIPDIS line(s) removed from the text"))
    lines = _drop_end_marks(lines)
    joined = "\n".join(lines)
    # a banner with caveats on its own line ("XXXXXXXXXXXX SECRET//FGI//NOFORN" at a page break): the lines
    # with slashes are found in the whole text (a look for "//" in each line took twice as long)
    slashed = lines_with(joined, ["//"])
    if slashed:
        lines = lines[:]
        for k in slashed:
            if _BANNER.match(lines[k]):
                lines[k] = _BANNER.sub(r"\1", lines[k]).rstrip()
    # a page's classification banner on a line of its own between two lines of text (print copies); the
    # lines that end with a level word are found in the whole text, not line by line
    banners = {k for k in lines_with(joined, _LEVEL_ENDINGS)
               if 0 < k < len(lines) - 1 and len(lines[k]) < 40 and CLASS_ONLY.match(lines[k])} if page_breaks else ()
    if banners:
        lines = [ln for k, ln in enumerate(lines) if k not in banners]
    if "ENTIRE TEXT" in "\n".join(lines[:40]):
        lines = [part for ln in lines for part in _split_entire_text(ln)]
    lines, b.signers = split_signoff(lines)
    whole = "\n".join(lines)  # (joined once: each join of the text costs as much as a look through it)
    marked = mark_headings(lines, whole)
    ruled = marked is not lines
    if ruled:
        lines, whole = marked, "\n".join(marked)
    # (the line breaks between the lines are no letters: the joined text counts as well as the lines)
    # (the letters of the sample, lower case as "l" and capitals as "U", in one pass over its bytes: each pass
    # over a page's text costs about 10 µs; the characters above U+00FF are no ASCII letters and are dropped)
    letters = (whole if len(lines) <= 200 else "".join(lines[:200])).encode("latin-1", "ignore") \
        .translate(_CASE_TABLE, _NOT_LETTERS)
    lowers = letters.count(b"l")
    uppers = len(letters) - lowers
    mixed_case = lowers > 0.3 * (lowers + uppers)

    # paragraphs, with the author's numbering repaired where the paragraph sign became a digit
    paras: list[Paragraph] = []
    cur_lines: list[str] = []
    cur_head: tuple[int | None, str | None, str | None] = (None, None, None)
    heading: str | None = None
    expected = 1
    renumbered: list[str] = []
    reading: list[str] = []

    def close() -> None:
        nonlocal cur_lines
        text = _paragraph_text(cur_lines, dashes)
        number, marking, written = cur_head
        if number is not None and "ENTIRE TEXT" in text[:90]:
            text = _entire_text(text, marking)
            if isinstance(text, tuple):
                marking, text = text
        if marking is None and text.startswith("(") and (lead := LEAD_MARKING.match(text)) \
                and _MARKING_OK.match(mark := " ".join(lead.group(1).upper().split())):
            marking, text = mark, text[lead.end():]
        if text or number is not None:
            paras.append(Paragraph(number=number, marking=marking, text=text, written=written, heading=heading))
        cur_lines = []

    # Only numbered lines and headings can open a paragraph; the lines between them are copied in slices.
    # (a heading without rules stands after a blank line or another heading: only those lines are looked at)
    starts: set[int] = set()
    blocks: set[int] = set()
    dashes = False
    after_gap = [0]
    for i, ln in enumerate(lines):  # (one loop for both: the text's lines are many)
        c = ln[:1]
        if c.isalpha():  # (most lines: text, which none of the tests below is about)
            continue
        if c.isspace():
            c = ln.lstrip()[:1]
        if not c:
            after_gap.append(i + 1)
        elif c == "¶" or c.isdecimal() or c == "(" and (_PRE_MARKED.match(ln) or PARA_LINE.match(ln)):
            starts.add(i)
        elif c == "(" and after_gap[-1] == i and (lead := _BLOCK_MARKING.match(ln)) \
                and _MARKING_OK.match(lead.group(1)):
            blocks.add(i)  # "(S/REL NATO) FOR WARSAW" after a blank line: a portion marked on its own
        elif c == "-" and not dashes and ln.strip() == "-":
            dashes = True  # a separator line
    heads_ruled = lines_with(whole, [HEADING]) if ruled else set()
    after_gap += [i + 1 for i in heads_ruled]
    heads = heads_ruled | {i for i in after_gap if i < len(lines) and len(ln := lines[i]) < 100 and ln
                      and (ln[0].isalpha() or ln[0] in "\"“") and _is_heading(lines, i, mixed_case)}
    for i in [i for i in blocks if i + 2 < len(lines) and not lines[i + 1].strip() and i + 2 in starts]:
        lead = _BLOCK_MARKING.match(lines[i])  # (it matched when the line was put in blocks)
        rest = lines[i][lead.end():].strip() if lead else ""  # "(C/NF) ROBERT BOURGI" / "" / "7. ...":
        if heading_text(rest) and not rest.endswith(TERMINAL) and (rest.isupper() or _title_case(rest)):
            blocks.discard(i)  # a marked heading over a numbered paragraph
            heads.add(i)
    # a heading with no rule and no blank line above it: a short line right after a paragraph's last sentence,
    # with a blank line under it and a numbered paragraph next ("... requests for information." / "Taliban/
    # Haqqani Network" / "" / "4. (S//NF) ..."; "(S//NF) Lashkar-e-Tayyiba and ...": 10ABUDHABI9)
    for g in after_gap:
        i = g - 2
        if i > 0 and g in starts and not lines[g - 1].strip() and lines[i].strip() and i not in heads \
                and _SENTENCE_DONE.search(lines[i - 1]) and not _TITLE_END.search(lines[i - 1]) \
                and lines[i].strip() not in b.signers and _bare_heading(lines[i]) and not _list_item(lines, i):
            heads.add(i)
            blocks.discard(i)
    done = 0
    for i in sorted(starts | heads | blocks):
        cur_lines.extend(lines[done:i])
        reading.extend(lines[done:i])
        done = i + 1
        line = lines[i]
        if i in blocks and i not in starts and i not in heads:
            # a separately marked block inside a marked cable opens an unnumbered paragraph (close() reads
            # its marking); not an item of a lettered list ("(B) ..." / "(C) ...")
            # (nor the first line of a marked heading wrapped over lines: "(U) Russian presentation ..." /
            # "transship ... through Russia" / rule)
            letter = line.lstrip()[1]
            item = f"({chr(ord(letter) - 1)})" if line.lstrip()[2] == ")" else None
            j = i + 1
            while j < len(lines) and lines[j].strip() and j not in heads:
                j += 1
            if (cur_head[1] or any(p.marking for p in paras)) and any(map(str.strip, cur_lines)) \
                    and j not in heads and not (item and any(ln.lstrip().startswith(item) for ln in cur_lines)):
                close()
                heading = None
                cur_head = (None, None, None)
            cur_lines.append(line)
            reading.append(line)
            continue
        if i in heads:  # a heading opens a paragraph (unnumbered, unless a numbered one follows at once)
            text = line.replace(HEADING, "").strip()
            head_mark = HEAD_MARKING.match(text)  # "(S/NF) KEY POINTS": the marking of what it opens
            text = text[head_mark.end():] if head_mark else text
            if cur_head[0] is not None or any(map(str.strip, cur_lines)):  # (the paragraph under way has begun)
                close()
                heading = None
            heading = f"{heading} / {text}" if heading else text
            mark = " ".join(head_mark.group(1).upper().split()) if head_mark else None
            cur_head, cur_lines = (None, mark if mark and _MARKING_OK.match(mark) else None, None), []
            reading.extend(["", text])
            continue
        m = PARA_LINE.match(line)
        if m:
            pilcrow, pre, num_text, mark1, mark2, rest = m.groups()
            num = int(num_text)
            marking = (mark1 or mark2 or "").strip() or None
            if mark2:
                mark2 = marking = mark2.removesuffix(")")
            if marking and not _MARKING_OK.match(" ".join(marking.upper().split())):
                rest = f"({marking}) {rest}" if mark1 else f"{marking}) {rest}"
                marking = None
            if marking:
                marking = " ".join(marking.upper().split()).rstrip(".")
            elif pre:
                marking = pre
            written = None
            accept = True
            if num != expected and not pilcrow and num_text.startswith("1") and len(num_text) >= 2:
                tail = int(num_text[1:])
                if expected <= tail <= expected + 1 and tail != num:
                    written, num = num_text, tail
                    renumbered.append(f"{num_text}->{tail}")
            in_order = expected - 1 <= num <= expected + 2 or num == 1
            if num != expected and not marking and (not pilcrow or not in_order):
                prev_blank = i == 0 or not lines[i - 1].strip() or lines[i - 1].startswith(HEADING)
                # The pages put a paragraph sign before any line that opens with a number and a full stop,
                # a date wrapped to the line start too ("on September" / "¶15. Charge told ...")
                accept = prev_blank or not runs_on(lines[i - 1]) if pilcrow else in_order and prev_blank
            if accept and not rest.strip() and i > 0:  # a number alone on its line: a paragraph (after a
                before = next((ln for ln in reversed(lines[max(0, i - 3): i]) if ln.strip()), "")  # heading or a
                accept = not before or before.startswith(HEADING) or not runs_on(before)  # finished sentence)
            if accept:
                if cur_head[0] is not None or any(map(str.strip, cur_lines)):  # (the paragraph under way has begun)
                    close()
                    heading = None
                if marking is None and cur_head[0] is None:
                    marking = cur_head[1]  # a heading's marking ("(S/NF) KEY POINTS") goes to what it opens
                cur_head = (num, marking, written)
                cur_lines = [rest]
                expected = num + 1
                shown = f"{num}. " + (f"({marking}) " if marking else "") + rest
                reading.append(shown)
                continue
        cur_lines.append(line)
        reading.append(line)
    cur_lines.extend(lines[done:])
    reading.extend(lines[done:])
    close()
    if renumbered:
        b.diagnostics.append(Diagnostic(
            "paragraph-renumbered", "paragraph sign read as a digit; numbers repaired: " + ", ".join(renumbered)))
    b.paragraphs = [p for p in paras if p.text or p.number is not None]
    text = "\n".join(reading).replace("¶", "")
    text = _THREE_BREAKS.sub("\n\n", text)  # (one pass; the text itself back where there is none)
    text = text.strip("\n")
    b.text = text
    b.redactions = len(REDACTION.findall(text))
    upper = text.upper()
    if len(upper) != len(text):  # a few characters change length in upper case; keep offsets aligned
        upper = "".join(c if len(c.upper()) != 1 else c.upper() for c in text)
    b.summary = _block(text, upper, _SUMMARY_START, _SUMMARY_END, 8000)
    b.comment = _block(text, upper, _COMMENT_START, _COMMENT_END, len(text))
    return b


# Searched in an upper-cased copy of the text: literal prefixes make these fast.
_SUMMARY_START = re.compile(r"(?<![^\s(])(?<!END )(?<!END\n)(?:BEGIN\s+SUMMARY(?:\s+AND\s+COMMENT)?\s*[:.\-]*"
                            r"|SUMMARY(?:\s+AND\s+(?:COMMENT|BACKGROUND|ACTION\s+REQUEST)|/COMMENT)?\s*[:.\-]+"
                            r"|(?m:^)SUMMARY(?: AND [A-Z]{4,20})?[ \t]*\n"  # (a heading line)
                            r"|(?:(?<=\d\. )|(?<=\d\.  )|(?<=\) ))SUMMARY(?: AND [A-Z]{4,20})?[ \t]*\n)")  # ("1. SUMMARY")
_SUMMARY_END = re.compile(r"END\s+(?:OF\s+)?SUMMARY")
# (also the word alone after a paragraph's marking, "5. (S) COMMENT")
_COMMENT_START = re.compile(r"(?<![^\s(])(?<!END )(?<!END\sSUMMARY AND )COMMENT\s*[:.\-]+"
                            r"|(?m:^)(?:(?!SUMMARY )[A-Z]+ AND )?COMMENT[ \t]*\n"
                            r"|(?<=\) )COMMENT[ \t]*\n")
_COMMENT_END = re.compile(r"END\s+(?:OF\s+)?(?:SUMMARY\s+AND\s+)?COMMENT")
# a section that is summary and comment at once, where the cable has no comment of its own
_BOTH_START = re.compile(r"(?m:^)(?:\d{1,3}\.\s+(?:\([A-Z/ ,]+\)\s+)?)?SUMMARY AND COMMENT\s*[:.\-]*[ \t]*\n?")
_LEADING_NUMBER = re.compile(r"^\s*\d{1,3}\.\s+(?:\([A-Za-z/ ,]+\)\s+)?")


_HEADING_WORD = re.compile(r"^\s*SUMMARY\s*\n", re.I)
_NEXT_PARA = re.compile(r"\n[ \t]*\d{1,2}\.[ \t]")


def _first(pattern: re.Pattern[str], upper: str, word: str, stop: int) -> re.Match[str] | None:
    """``pattern.search(upper, 0, stop)``, but tried only where ``word`` occurs: the start patterns open with
    look-behinds, which keep the regex engine from skipping ahead by itself."""
    i = upper.find(word, 0, stop)
    while i >= 0:
        m = pattern.search(upper, max(0, i - 16), min(stop, i + len(word) + 80))
        if m:
            return m
        i = upper.find(word, i + 1, stop)
    return None


def _block(text: str, upper: str, start: re.Pattern[str], end: re.Pattern[str], within: int) -> str | None:
    m = _first(start, upper, "SUMMARY" if start is _SUMMARY_START else "COMMENT", within)
    if not m and start is _COMMENT_START and "SUMMARY AND COMMENT" in upper:
        m = _BOTH_START.search(upper, 0, within)
    if not m:
        if start is _SUMMARY_START and (e := end.search(upper, 0, within)):
            # "1. (C) Dagestani weddings ... End Summary." with no opening word (or only a heading word):
            # the text before the end
            return " ".join(_HEADING_WORD.sub("", text[: e.start()]).split()).strip(" .-") or None
        return None
    if m.group().endswith("\n") and start is _SUMMARY_START and (again := start.search(upper, m.end(), m.end() + 400)) \
            and not again.group().endswith("\n") and "\n" in upper[m.end(): again.start()].strip("\n"):
        m = again  # a "Summary" heading over a short first paragraph, the next one labelled "2. (S) Summary: ..."
    tail = text[m.end(): m.end() + 8000]
    e = end.search(upper, m.end(), m.end() + 8000)
    if e:
        out = tail[: e.start() - m.end()]
    else:  # no end mark: the paragraph it opens (to a blank line or the next numbered paragraph)
        out = _LEADING_NUMBER.sub("", tail.lstrip("\n -"), count=1).split("\n\n", 1)[0]
        for nxt in _NEXT_PARA.finditer(out):  # (not a date wrapped to a line start, nor after a heading)
            if nxt.start() >= 40 and out[: nxt.start()].rstrip().endswith(TERMINAL):
                out = out[: nxt.start()]
                break
    out = " ".join(_LEADING_NUMBER.sub("", out.lstrip("\n -"), count=1).split()).strip(" .-")
    return out or None
