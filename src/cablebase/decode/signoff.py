"""The end of a message: the signer, and what follows the text (end marks, rules, web sign-offs, release
stamps, print footers), taken off the body (FORMAT.md section 9, EDGE_CASES.md section 7).

A signer is the last name standing alone after the text (``GARZA``), or two (``RICE`` / ``BURNS``), or
glued to the last sentence in copies that lost their line breaks (``... just for show.” Beyrle``).
"""

from __future__ import annotations

import re

from cablebase.decode.classification import match_level
from cablebase.decode.lines import CLASS_ONLY, REDACTION, TERMINAL

# (compiled once: a call of re.match/re.sub with a pattern string looks it up in re's cache each time)
_TWO_SIGNERS = re.compile(r"\s*[/&]\s*")  # "SMITH/JONES", "SMITH & JONES"

# Lines after the text: end-of-message marks, rules, web addresses, the release stamp of old cables
# ("Declassified/Released US Department of State EO Systematic Review 30 JUN 2005", over one or two
# lines), a viewer's "End Cable Text", a print export's footer ("2004CARACA02200 - CONFIDENTIAL") or a
# newspaper's ("Track impresión: ... Este documento es propiedad de EL PAÍS" / "ID: 187536"), a mail
# client's stamp ("Zenaida X Toledo 07/30/2008 04:04:14 PM From DB/Inbox: TRANS"), a lone full stop or a
# row of them, the rest of a web address wrapped to the next line ('gov.gov/wiki/Portal:Turkey"'), a web
# address that a page broke with a space ("http://www.state.sgov.gov/p/eur/paris/index.c fm").
_END_JUNK = re.compile(  # (a line of text that lost its breaks is no junk, whatever it ends with: 240 at most)
    r"^(?=.{0,240}$)\s*(?:N{3,4}|BT|END|END TEXT\.?|END CABLE TEXT|#\d+|#+|NOTE BY OC/T\b.*|NOTE:\s*NOT PASSED\b.*|[*\s]{3,}|-+|>+|Visit .*(?:Classified|Web ?site|intelink|http|Forum).*|SELECT \* FROM .*"
    r"|.*(?:https?://|www\.)\S*(?: \S{1,4}| \*+)?|<?https?://\S+>?|.*Classified Web ?Site.*|For more reporting from .*"
    r"|Page \d+ of \d+|\.{2,}|…"
    r"|[\w\-]+(?:\.[\w\-]+)+/[^\s/]\S*"
    r"|.*\d\d/\d\d/\d{4}\s+\d{1,2}:\d\d:\d\d\s+[AP]M\s+From\s+DB/Inbox:.*"  # the stamp of a mail client's copy
    r"|Declassified/Released.*|(?:EO\s+)?Systematic\s+Review.*|Review\s+\d{1,2}\s+[A-Z]{3}\s+\d{4}"
    r"|\d{4}[A-Z]{3,}\d{5}(?:_[A-Z])? - .*|\.|[a-z]{1,3} ?\.\.\."  # (the last: a page cut off mid-word, "m ...")
    r"|Track impresi[oó]n: .*|ID:\s+\d+|\S+ @ EL PA[IÍ]S)\s*$",  # a newspaper's print footer and stamp
    re.I,
)
_SIGNER = re.compile(r"^[A-Z][A-Z'\-]+(?:[ /&,]+[A-Z][A-Z'\-]+){0,2} ?\.?$"  # GARZA, RICE/BURNS, "MURRAY ."
                     r"|^(?:Mc|Mac|Le|La|De|Di|Du)?[A-Za-z][a-z']+(?:-[A-Z]?[a-z']+)*"  # Beyrle, LeBaron, Thompson-Jones
                     r"(?:[ /&][A-Z][a-z'\-]+| jr\.?)?$")  # (two names, or "Timken jr")
# a signer on the last line after a sentence or a rule of asterisks ("... just for show.” Beyrle")
_SURNAME = (r"(?:(?:LA|LE|DE|DI|DU|DA|DEL|VAN|VON) )?[A-Z][A-Z'\-]{2,}"  # GARZA, LA LIME
            r"|(?:Mc|Mac|Le|La|De|Di|Du)?[A-Z][a-z][a-z']+(?:-[A-Z]?[a-z']+)*")  # Beyrle, LeBaron, Thompson-Jones
# (also after an end mark without its full stop, "... END COMMENT THORNE", and with a date, "... KUBISKE 2009-12-31")
_TRAILING_SIGNER = re.compile(rf"(?:(?<=[.!?\"”)*])|(?<=END COMMENT)|(?<=END SUMMARY))\s+"
                              rf"((?:[A-Z][A-Z'\-]{{2,}}/[A-Z][A-Z'\-]{{2,}}|{_SURNAME})(?: JR)?)(?:\s+\d{{4}}-\d\d-\d\d)?$")
# ... or glued to it, the line break lost ("... and “typically” unrealistic.DERSE", "... this cable.Murphy")
_GLUED_SIGNER = re.compile(rf"(?:(?<=[a-z][.!?\"”])|(?<=[a-z]\. \.))((?:{_SURNAME})(?: JR)?)$")  # (or ". .FARRAR")
_INITIAL = re.compile(r"(?:^|\s)[A-Z]\.$")  # "David J." before a surname: a name in the text, not a signer
_NOT_SIGNERS = {"SIPDIS", "END COMMENT", "END SUMMARY", "NOFORN", "END", "UNQUOTE",
                # common words that stand alone on a last line and are no names
                "THE", "The", "THIS", "This", "THANKS", "Thanks", "REGARDS", "Regards", "AND", "And", "NOTE", "Note",
                "COMMENT", "Comment", "SUMMARY", "Summary", "TEXT", "Text", "QUOTE", "Quote"}
_WIDE_GAP = re.compile(r"\s{2,}")
# the post's sign-off glued to the last paragraph of a copy that lost its line breaks ("... End comment.Visit
# Ankara's Classified Web Site at http://...", "... *********** Visit Embassy Tel Aviv's Classified Website")
_NAME_AFTER_LINK = re.compile(rf"(?<=\S)\s+({_SURNAME})$")
_WEB_TRAILER = re.compile(r"(?:(?<=[.!?\"”)])|\s)\s*(?=\*{5,}|[\"“]?Visit\s[^.]{0,60}Classified Web ?site|"
                          r"For more reporting from)|(?<=[A-Z])(?=[\"“]Visit\s[^.]{0,60}Classified Web ?site)",
                          re.I)  # (the sign-off in quotes, too: '"Visit ...', glued to a signer: 'JEFFREY“Visit ...')
_NAME = re.compile(r"[A-Z][A-Z'\-]{2,}(?:/[A-Z][A-Z'\-]{2,})?")  # a signer as a flattened copy ends with it
_NAME_AFTER_RULE = re.compile(rf"^(.*\*{{3,}})\s+({_SURNAME})$")  # "... Classified Website ... ****** CUNNINGHAM"
_CLOSED = (*TERMINAL, "/", "-")
_GROUP = re.compile(r"GP-\d")
# the declassification group or instruction of 1960s-70s cables after the last sentence ("... SUCCEED. GP-3",
# "... COUNTRIES. EXEMPT")
_DECL_LINE = re.compile(r"^\s*(?:GP-\d|EXEMPT|GDS|XGDS-\d)\.?\s*$")
_DECL_TAIL = re.compile(r"(?<=[.!?\"”)])\s+(?:GP-\d|EXEMPT|GDS|XGDS-\d)\.?\s*$")  # the declassification group of old cables, above the signer ("GP-3 SACCIO")
_GROUP_AND_NAME = re.compile(rf"({_GROUP.pattern})\s+(\S+)")
_DATED = re.compile(r"^([A-Z][A-Z'\-]{2,})\s+\d{4}-\d\d-\d\d$")  # a signer with a date ("SOBEL 2008-01-08")
# "MINIMIZE CONSIDERED" (the drafter weighed the order to keep traffic down) on the signer's line
_MINIMIZE_WORDS = r"\bMINIMIZE CONSIDERED\.?"
_MINIMIZE = re.compile(rf"^(.*{_MINIMIZE_WORDS})\s+(\S.*)$")
_MINIMIZE_TAIL = re.compile(r"(?:\s*\b\d{1,3}\.)?\s*\bMINIMIZED? CONSIDERED\.?\s*$")  # ("4. MINIMIZED CONSIDERED")
_MINIMIZE_END = re.compile(rf"{_MINIMIZE_WORDS}$")  # ... on the line above the signer's


def _peel_tail(line: str) -> list[str]:
    """A last line that lost its line breaks ("... NEGOTIATING PROCESS.   LAINGEN  CONFIDENTIAL"), with the
    signer and end marks at its end (two spaces apart) as lines of their own; left whole unless a name is
    among them and the text before them ends a sentence."""
    parts = _WIDE_GAP.split(line.rstrip())
    junk: list[str] = []  # end marks after the signer ("... assistance. RICE   NNNN  End Cable Text")
    while len(parts) > 1 and _END_JUNK.match(parts[-1]):
        junk.insert(0, parts.pop())
    if len(parts) > 1 and (group := _GROUP_AND_NAME.fullmatch(parts[-1])):
        parts[-1:] = list(group.groups())
    tail: list[str] = []
    while len(parts) > 1 and (CLASS_ONLY.match(parts[-1]) or _NAME.fullmatch(parts[-1]) or
                              _GROUP.fullmatch(parts[-1])):
        tail.insert(0, parts.pop())
    head = "  ".join(parts)
    if not any(_NAME.fullmatch(t) for t in tail) or not head.endswith(_CLOSED):
        return ["  ".join([head, *tail]), *junk] if junk else [line]
    return [head, *tail, *junk]


def _once(line: str) -> str:
    """A name signed twice on its line ("KUBISKE KUBISKE", "SHANNON Shannon") as the first of the two."""
    first, _, second = line.partition(" ")
    return first if second and first.lower() == second.lower() and first.isalpha() else line


def runs_on(line: str) -> bool:
    """Whether a line stops mid-sentence, on a word or a comma (``on September``), so that a number opening
    the next line goes on with it; a redaction run or a rule line does not."""
    s = line.rstrip()
    return bool(s) and (s[-1].isalpha() or s[-1] == ",") and not REDACTION.fullmatch(s)


def split_signoff(lines: list[str]) -> tuple[list[str], list[str]]:
    """The body lines without what follows the text, and the signers (names of two signers joined by ``/``
    or ``&`` come apart)."""
    lines = list(lines)  # (its last lines are split and cut below)
    if lines and len(lines[-1]) > 240 and (web := _WEB_TRAILER.search(lines[-1])):
        trailer = lines[-1][web.start():].strip()
        lines[-1:] = [lines[-1][: web.start()].rstrip(), trailer]
        if ("http" in trailer or "www." in trailer) and (name := _NAME_AFTER_LINK.search(trailer)):
            lines[-1:] = [trailer[: name.start()], name.group(1)]  # "... /p/nea/amman Beecroft"
    if lines and "  " in lines[-1]:
        lines[-1:] = _peel_tail(lines[-1])
    if lines and (rule := _NAME_AFTER_RULE.match(lines[-1])):
        lines[-1:] = [rule.group(1), rule.group(2)]
    end = len(lines)
    while end and (not lines[end - 1].strip() or _END_JUNK.match(lines[end - 1])
                   or CLASS_ONLY.match(lines[end - 1])):
        end -= 1
    if end and (m := _MINIMIZE.match(lines[end - 1].strip())):
        lines[end - 1: end] = [m.group(1), m.group(2)]
        end += 1
    if end and (dated := _DATED.match(lines[end - 1].strip())):
        lines[end - 1] = dated.group(1)
    signers: list[str] = []
    while end and len(signers) < 2:
        s = _once(lines[end - 1].strip())
        prev = lines[end - 2].strip() if end >= 2 else ""
        if not signers and s.isalpha() and s.lower() == prev.lower():  # "Huntsman" over "huntsman"
            end -= 1
            continue
        # (above a signer, a word that ends a sentence run on from the line before is not a second signer:
        # "...JOIN KALOUDIS IN GENERAL" / "SECURITY." / "TASCA")
        if s and len(s) <= 40 and _SIGNER.match(s) and not match_level(s) and s not in _NOT_SIGNERS and \
                not REDACTION.fullmatch(s.upper()) and \
                not (len(prev) > 40 and runs_on(prev) and not _MINIMIZE_END.search(prev) and
                     (signers or s.endswith("."))) and (
                s.isupper() or not prev or prev.endswith(TERMINAL) or signers or _END_JUNK.match(prev)
                or REDACTION.fullmatch(prev.upper())):  # ("End of text." / "xxxxx" / "Johnson")
            signers.insert(0, s.rstrip(". "))
            end -= 1
            continue
        break
    if len(signers) == 2 and len(signers[0].split()) > 1:  # a heading, not a second name
        end += 1
        signers = signers[1:]
    if not signers and end:
        m = _TRAILING_SIGNER.search(lines[end - 1]) or _GLUED_SIGNER.search(lines[end - 1])
        if m and m.group(1).upper() not in ("END", "COMMENT", "SUMMARY", "SIPDIS", "NOFORN", "TEXT", "NNNN") and \
                (m.group(1).isupper() or not _INITIAL.search(lines[end - 1], 0, m.start())):
            signers = [m.group(1)]
            lines[end - 1] = lines[end - 1][: m.start()]
    kept = end
    while end and (not lines[end - 1].strip() or _END_JUNK.match(lines[end - 1])):
        end -= 1
    for k in range(end, kept):  # "¶37.  (U) Visit New Delhi's Classified Website:": the author numbered the
        if "Visit" in lines[k] and (numbered := _NUMBERED_SIGNOFF.match(lines[k])):  # sign-off: the paragraph
            lines[k], end = numbered.group(1).rstrip(), k + 1  # stays, its text is none
            break
    while end and (_DECL_LINE.match(lines[end - 1]) or not lines[end - 1].strip()):
        end -= 1  # "GP-3" or "EXEMPT" on a line of its own
    if end and (dg := _DECL_TAIL.search(lines[end - 1])) and dg.start() > 0:  # "... TO SUCCEED. GP-3"
        lines[end - 1] = lines[end - 1][: dg.start()].rstrip()
    if end and lines[end - 1].endswith("-/") and (slash := _SLASH_END.search(lines[end - 1])):
        lines[end - 1] = lines[end - 1][: slash.start()]  # "... TO SWITCH SIDES.-/": an end mark, no text
    if end and "CONSIDERED" in lines[end - 1] and (mc := _MINIMIZE_TAIL.search(lines[end - 1])):
        lines[end - 1] = lines[end - 1][: mc.start()].rstrip()  # "... the United States and Brazil. MINIMIZE
        while end and not lines[end - 1].strip():  # CONSIDERED": the drafter's note on the traffic, not text
            end -= 1
    if signers and (m := _END_WORDS.match(signers[0])):  # the end mark stays with the text it ends
        signers[0] = m.group(2)
        if not _REPEAT_END.match(m.group(1)):  # (but "CLINTON UNQUOTE" closes a repeated cable: its
            lines = [*lines[:end], m.group(1).strip()]  # signer and the repeat's end, no text)
            end += 1
    return lines[:end], [n for s in signers for n in _TWO_SIGNERS.split(s) if n]


# end marks of a quoted text before the signer's name on its line ("CLINTON UNQUOTE CLINTON": the quoted
# cable's signer, its end, then this cable's signer; "END TEXT HEFFERN")
_NUMBERED_SIGNOFF = re.compile(r"^(\s*¶?\d{1,3}\.\s+(?:\((?:TS|[SCU]|SBU)\)\s*)?)[\"“]?Visit\s")
_REPEAT_END = re.compile(r"^[A-Z][A-Z'\-]{2,}\s+UNQUOTE$")
_SLASH_END = re.compile(r"(?<=[.!?\"”)])-/$")
_END_WORDS = re.compile(r"^((?:.*\s)?(?:UNQUOTE|END QUOTE|END TEXT|END CABLE))\s+(\S.*)$", re.I)
