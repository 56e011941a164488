"""Section headings inside the body, and the rules that underline or box them.

Drafters set off a section with a short line and a rule of dashes, equals signs or underscores::

    ... Secretary Rice in Washington.

    The Media
    ---------
    7. (U) The local press ...

A heading belongs to the paragraph it introduces (:attr:`Paragraph.heading`), never to the text of the
one before, and its rules are not text at all. Copies that lost their line breaks keep the same signs on
one line (``... in Doha. C-17 PURCHASE ------------- 3. (C) ...``, ``------- COMMENT -------``); they are
cut apart first. A table's own rules (a rule among lines of columns) are the table's and stay.
"""

from __future__ import annotations

import re

from cablebase.decode.lines import HEADING, lines_with

_RULE_CHARS = "-=_\u2010\u2011\u2012\u2013\u2014\u2015"
_WIDE_DASHES = _RULE_CHARS[3:]
_RULE_LINE = re.compile(rf"^[{_RULE_CHARS}][{_RULE_CHARS} ]*$")  # (rules broken by a space: "------ ---")
_RULE_RUN = re.compile(rf"[{_RULE_CHARS}]{{4,}}(?: [{_RULE_CHARS}]+(?=\s|$))*")  # (a wrapped end: "----- --")
# a line with three dashes, spaced dashes ("- - -") or ending in " --": the rest of its line, so one match a line
_DASH_SIGNS = re.compile(r"-(?:(?:--|\ -)[^\n]*|(?<=\ -)-(?=\n))")
_SLASHED = re.compile(r"^\s*//\s*([A-Z0-9\"“][^/]{2,98}?)\s*//\s*$")  # "//DEFENSE MINISTER ON CHINA ARMS EMBARGO//"
# what a short line above a rule can be that is no heading: an end or start mark of a text or summary, a label
# of the preamble, a classification banner, a salutation, a footnote, a redaction notice
# (matched against the text in capitals)
_NOT_A_HEADING = re.compile(r"(?:END|BEGIN|SUBJECT|SUBJ|TAGS|REF|REFS|E\.O\.|CLASSIFIED BY|DEAR)\b|"
                            r"(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)(?://\S*)?$|\*")
_NOT_A_HEADING_FIRST = frozenset("EBSTRCULD*")
_DIGIT = re.compile(r"\d")
# the portion marking at the head of a heading ("(S/NF) KEY POINTS"): it marks the paragraph the heading opens
HEAD_MARKING = re.compile(r"^\(((?:TS|S|C|U|SBU)(?://?[A-Za-z ,]+)?)\)\s+")
_OPENER = re.compile(r"^\s*(?:¶\s*)?(?:\([A-Z]{1,3}\)\s*)?\d{1,3}\s*[.)]\s*(?:\([A-Za-z][A-Za-z/ ,-]{0,60}\))?\s*")
_DASHED = re.compile(r"^\s*--\s+(\S.{1,96}?\S)\s+--\s*$")  # "-- US USE OF SPANISH BASES --"
_COLUMNS = re.compile(r"\S {3,}\S.* {3,}\S|\|")  # two gaps of three spaces or a bar: a table row
# where a sentence ends in a line: a stop and spaces (not an ellipsis, nor initials such as U.S. unless two spaces
# follow), an end mark ("End Summary"), or a stop glued to a capital ("past.Comment")
_SENTENCE_END = re.compile(r"(?<![A-Z]\.[A-Z])(?<!\bvs)(?<!\b[MD]r)(?<!\bMs)(?<!\.\.)(?<!\. \.)[.!?]['\"”’)\]]?(?:\s+|$)(?=\S|$)"
                           r"|(?i:(?<=end summary)|(?<=end comment)|(?<=end note))\s+(?=\S)|(?<=[A-Z]\.[A-Z]\.)\s{2,}(?=\S)"
                           r"|(?<=[a-z0-9)\]])[.!?]['\"”’)\]]?(?=[A-Z])")
_GAP = re.compile(r"(?<=[A-Za-z0-9)\]])\s{2,}(?=[A-Z\"“(])")  # two spaces: a line break lost between text and a heading
_NUMBERED = re.compile(r"^\s*(?:¶\s*)?\d{1,3}\s*[.)]\s")
_TERMINAL = tuple(".,;")
_MAX_WORDS = 16
_MAX_CHARS = 100


def is_rule(line: str) -> bool:
    s = line.strip()
    return len(s) >= 3 and s[0] in _RULE_CHARS and bool(_RULE_LINE.match(s)) and len(s) - s.count(" ") >= 3


def sign_at(line: str) -> int | None:
    """Where a heading's sign starts in ``line``: a rule (``-------``, ``- - - -``) or a ``//HEADING//`` line
    (0, or its indent), or a run of rule signs after text (``... (D)Summary--------``); None where there is none."""
    if is_rule(line) or "//" in line and _SLASHED.match(line):
        return len(line) - len(line.lstrip())
    m = _RULE_RUN.search(line)
    return m.start() if m else None


def is_heading(text: str) -> bool:
    """Could ``text`` (all of it) be a section heading? A heading's text, one sentence, opening with a capital,
    a quote or a portion marking."""
    s = text.strip()
    return bool(s) and (s[0].isupper() or s[0] in "\"“(") and heading_text(s) and _one_sentence(s)


def _is_row(line: str) -> bool:
    """A row of a table? (Two gaps of three spaces or a bar; the quick look for either first.)"""
    return ("   " in line or "|" in line) and _COLUMNS.search(line) is not None


def heading_text(text: str) -> bool:
    """Could ``text`` be a section heading? Short, few words, not a sentence, not a numbered paragraph,
    not a row of a table."""
    if len(text) > _MAX_CHARS + 40:  # (most lines asked about are long lines of text: the quick test first)
        return False
    s = text.strip()
    if not s or len(s) > _MAX_CHARS:
        return False
    words = s.split()
    if len(words) > _MAX_WORDS or s.rstrip("\"”’')]").endswith(_TERMINAL) and not s.endswith("..."):
        return False
    if _NUMBERED.match(s) or s[0].upper() in _NOT_A_HEADING_FIRST and _NOT_A_HEADING.match(s.upper()) \
            or "REMOVED]" in s:
        return False
    if _is_row(s):
        return False  # a row of a table
    if _DIGIT.search(s) and sum(1 for w in words if _DIGIT.search(w)) >= 2 or not s.replace("X", "").strip(" ,.;:[]()"):
        return False  # (a row of a table; a redaction)
    if s[0] == "-" or s[0] == "(" and not HEAD_MARKING.match(s):
        return False  # a bullet ("--Foreign Affairs --NDS"), an aside in parentheses ("(REFS A and B)")
    return s.upper() != s.lower()  # (some letter)


def _one_sentence(text: str) -> bool:
    """No sentence ends inside ``text`` ("Qatar will buy it. C-17 PURCHASE" is text with a heading after it)."""
    t = text.strip()
    end = _SENTENCE_END.search(t) if "." in t or "!" in t or "?" in t else None
    return end is None or end.end() >= len(t)


def _explode(line: str) -> list[str]:
    """A line with rules inside it, cut apart where a copy without line breaks ran a heading and its rules
    into the text: ``... in Doha. C-17 PURCHASE ----- 3. (C) ...`` -> ``... in Doha.`` / heading ``C-17
    PURCHASE`` / ``3. (C) ...``. The rules go. Left whole where a rule is a dash inside a sentence."""
    out: list[str] = []
    rest = line
    opener = ""  # "¶11. (C) ----- No Theory Suffices ----- text": the number goes with the text after the box
    while m := _RULE_RUN.search(rest):
        before, after = rest[: m.start()], rest[m.end():]
        lead, head = "", before
        op = _OPENER.match(before)
        if op and not before[op.end():].strip():
            if after.strip()[:1].islower() and len(m.group(0)) <= 6:
                break  # "7. ---- the talks were long": a dash in the paragraph's first sentence
            opener, before, head = op.group(0).strip(), "", ""
        elif op and heading_text(before[op.end():]) and _one_sentence(before[op.end():]):
            lead, head = before.rstrip(), ""  # "¶7. (C) WMD Issues -----": the paragraph's own first words
        elif before.strip() and not (heading_text(before) and _one_sentence(before)):
            cut = _last_sentence_end(before)
            long_rule = len(m.group(0)) - m.group(0).count(" ") >= 8  # a rule, not a dash, whatever is beside it
            if cut is None or op and cut <= op.end() or not heading_text(before[cut:]) and before[cut:].strip():
                if not long_rule:
                    break  # a dash inside a sentence
                lead, head = before.rstrip(), ""  # a separator after text that makes no heading: it goes
            else:
                lead, head = before[:cut].rstrip(), before[cut:]
        if after.strip()[:1].islower() and not lead.strip() and len(m.group(0)) <= 6:
            break  # a dash inside a sentence that goes on ("The talks ---- and they were long ---- ended.")
        if not out and not lead.strip() and not head.strip():
            out.append(m.group(0))  # a rule opening the line: under the heading on the line above, perhaps
        if lead.strip():
            out.append(lead.rstrip())
        if head.strip():
            out.append(HEADING + head.strip())
        rest = after.lstrip()
    if not out and not opener:
        return [line]
    if rest or opener:
        out.append(f"{opener} {rest}".strip())
    return out


def mark_headings(lines: list[str], whole: str | None = None) -> list[str]:
    """``lines`` with each heading as one line opening with :data:`HEADING` and its rules gone.

    A heading is a short line under or between rules (boxed), the rule under it not the top of a table.
    Lines are cut apart first where a copy without line breaks ran a heading and its rules into the text.
    Only the lines with a rule (or a ``//heading//``) are looked at; the lines between are copied in slices.
    ``lines`` comes back as it is (the same list) where there are none. ``whole``: the lines joined, where the
    caller has them.
    """
    if whole is None:
        whole = "\n".join(lines)
    # the signs, each looked for once in the whole text: rules of - = _ (of U+2010-2015, rare, only where the
    # text is not ASCII), spaced dashes, "//HEADING//" lines
    # (a look for one character first is many times quicker than for three: "=" and "_" are rare in text)
    needles = [n for c, n in (("=", "==="), ("_", "___"), ("/", "\n//")) if c in whole]
    if not whole.isascii():
        needles += [c * 3 for c in _WIDE_DASHES if c in whole]
    found = lines_with(whole, needles) if needles else set()
    line = last = 0
    for m in _DASH_SIGNS.finditer(whole):  # (one pass for the dashes, the commonest sign: half the time of three)
        line += whole.count("\n", last, m.start())
        last = m.start()
        found.add(line)
    if whole.startswith(("//", " //")):
        found.add(0)
    if not found:
        return lines
    exploded: list[str] = []
    events: list[int] = []  # indices in ``exploded`` of rules and of the wrapped ends of rules ("--")
    done = 0
    for i in sorted(found | {k + 1 for k in found if k + 1 < len(lines)}):  # (and the line after each)
        if i < done:  # (the second line of a //heading// wrapped in two, taken with the first)
            continue
        line = lines[i]
        if len(line) <= 4 and line.strip() and not line.strip(_RULE_CHARS + " "):
            exploded.extend(lines[done:i])
            done = i + 1
            events.append(len(exploded))
            exploded.append(line)
            continue
        if i not in found:
            continue
        exploded.extend(lines[done:i])
        done = i + 1
        if is_rule(line):
            events.append(len(exploded))
            exploded.append(line)
        elif "//" in line and (m := _SLASHED.match(line)):
            exploded.append(HEADING + m.group(1))
        elif line.lstrip().startswith("//") and i + 1 < len(lines) and lines[i + 1].rstrip().endswith("//") \
                and (m := _SLASHED.match(f"{line.rstrip()} {lines[i + 1].strip()}")) and heading_text(m.group(1)):
            exploded.append(HEADING + m.group(1))  # "//FOREIGN MINISTER CALLS FOR" / "BILATERAL COMMISSION//"
            done = i + 2
        elif line.endswith("--") and (m := _DASHED.match(line)) and heading_text(m.group(1)) \
                and m.group(1)[:1].isupper():
            exploded.append(HEADING + m.group(1))
        elif _RULE_RUN.search(line):
            pieces = _explode(line)
            if pieces[0].startswith(HEADING) and len(exploded) >= 2 and _first_half(exploded[-1], exploded[-2]) \
                    and heading_text(f"{exploded[-1].strip()} {pieces[0][1:]}"):
                pieces[0] = HEADING + exploded.pop().strip() + " " + pieces[0][1:]  # a heading wrapped in two
            for piece in pieces:
                if is_rule(piece):
                    events.append(len(exploded))
                exploded.append(piece)
        else:
            exploded.append(line)
    exploded.extend(lines[done:])
    out: list[str] = []
    n = len(exploded)
    done = 0
    for i in events:
        if i < done:  # taken with the heading before it
            continue
        out.extend(exploded[done:i])
        done = i + 1
        line = exploded[i]
        if not is_rule(line):  # a wrapped end of a rule: dropped under a heading, else text
            if not (out and out[-1].startswith(HEADING)):
                out.append(line)
            continue
        # a rule under a heading: the line before it (a boxed heading's top rule was dropped already)
        prev = out[-1] if out else ""
        before_prev = out[-2] if len(out) >= 2 else ""
        nxt = exploded[i + 1] if i + 1 < n else ""
        after_nxt = exploded[i + 2] if i + 2 < n else ""
        if prev.strip() and not prev.startswith(HEADING) and not _is_row(nxt):
            if (op := _OPENER.match(prev)) and heading_text(prev[op.end():]) and _one_sentence(prev[op.end():]):
                out[-1:] = [HEADING + prev[op.end():].strip(), op.group(0).strip()]  # a numbered heading
                continue
            if heading_text(prev) and _opens(before_prev):
                out[-1] = HEADING + prev.strip()
                continue
            if (heading_text(prev) and not before_prev.startswith(HEADING)
                    and heading_text(before_prev.rstrip(",;:") if before_prev.rstrip().endswith((",", ";")) else before_prev)
                    and heading_text(f"{before_prev.strip()} {prev.strip()}")  # (the two no longer than a heading)
                    and _opens(out[-3] if len(out) >= 3 else "")):
                out[-2:] = [HEADING + before_prev.strip() + " " + prev.strip()]  # a heading wrapped in two
                continue
            if (tail := _tail_heading(prev)) is not None:  # "... the coming months. Cautious Optimism"
                out[-1] = prev[: len(prev) - len(tail)].rstrip()
                out.append(HEADING + tail.strip())
                continue
            if heading_text(prev) and _one_sentence(prev) and not _OPENER.match(prev):
                out[-1] = HEADING + prev.strip()  # a rule right under it: a heading below a list's last line
                continue
        if not prev.strip() and len(out) >= 2 and not before_prev.startswith(HEADING) and heading_text(before_prev) \
                and _opens(out[-3] if len(out) >= 3 else "") and not _is_row(nxt):
            out[-2:] = [HEADING + before_prev.strip()]  # a blank line between the heading and its rule
            continue
        third = exploded[i + 3] if i + 3 < n else ""
        if nxt.strip() and after_nxt.strip() and is_rule(third) and heading_text(nxt) and heading_text(after_nxt) \
                and len(nxt) + len(after_nxt) <= 2 * _MAX_CHARS:  # a heading wrapped in two inside its box
            out.append(HEADING + nxt.strip() + " " + after_nxt.strip())
            done = i + 4
            continue
        if nxt.strip() and not nxt.startswith(HEADING) and heading_text(nxt) and (is_rule(after_nxt) or not after_nxt.strip()
                                                    or _NUMBERED.match(after_nxt)) and not _is_row(after_nxt):
            out.append(HEADING + nxt.strip())  # a rule over a heading (boxed, or the lower rule lost)
            done = i + (3 if is_rule(after_nxt) else 2)
            continue
        if _is_row(prev) or _is_row(nxt):
            out.append(line)  # a table's rule
        # else a rule between paragraphs or sentences: a separator, not text
    out.extend(exploded[done:])
    return out


def _last_sentence_end(text: str) -> int | None:
    """Where a heading at the end of ``text`` starts: after a sentence's end or a gap of two spaces (a copy
    that lost its line breaks keeps them between a list and a heading), the earliest such place that leaves
    a heading of one sentence ("... Tel Aviv  Qualitative Military Edge"; "... Russia.  MISSILE DEFENSE
    DECISION:  NEITHER CONCESSION   NOR THREAT TO RUSSIA" keeps its gaps), else the last one. Looked for in
    the last characters only (a heading is short; a flattened paragraph can be thousands of characters)."""
    start = max(0, len(text) - _MAX_CHARS - 30)
    cuts = sorted({m.end() for rx in (_SENTENCE_END, _GAP) for m in rx.finditer(text, start)})
    for cut in cuts:
        head = text[cut:]
        if head.strip() and heading_text(head) and _one_sentence(head):
            return cut
    return cuts[-1] if cuts else None




def _first_half(line: str, before: str) -> bool:
    """Is ``line`` the first line of a heading wrapped in two ("NO PROSECUTOR GENERAL FOR MONTHS, MINISTER OF" /
    "INTERIOR & JUTICE RESIGNATION ... -----")? Short, no sentence, after a blank line or a finished one."""
    s = line.strip()
    return bool(s) and not line.startswith(HEADING) and heading_text(s.rstrip(",;")) and _opens(before) \
        and len(s.split()) <= 10


def _opens(line: str) -> bool:
    """Can a heading follow ``line``? After a blank line, another heading, or a finished sentence."""
    s = line.rstrip()
    return not s or s.startswith(HEADING) or s.endswith((".", "!", "?", ":", '"', "”", ")", "\x1e")) or is_rule(s) \
        or s[-7:].upper() in ("SUMMARY", "COMMENT") and s[-11:-8].upper() == "END"  # "... END SUMMARY"


def _tail_heading(line: str) -> str | None:
    """The heading at the end of a line that also holds the last sentence of a paragraph (a copy that lost
    its line breaks), or None."""
    if _OPENER.match(line):
        return None  # ("¶4. (C) Gold To the Rescue? No": a paragraph's first line, not text and a heading)
    cut = _last_sentence_end(line)
    if cut is None:
        return None
    tail = line[cut:]
    one_word = len(tail.split()) == 1 and not tail.isupper()
    return tail if tail[:1].isupper() and heading_text(tail) and not one_word else None
