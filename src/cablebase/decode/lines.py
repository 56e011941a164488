"""The line grammar the body's steps share: the marks the decoder leaves in lines, and the line forms several
steps must know (a numbered paragraph's first line, a classification banner alone on its line, a redaction).

Kept here, not in the module of any one step, so that no step reaches into another's private names.
"""

from __future__ import annotations

import re
from functools import cache

BREAK = "\x1e"  # left where a page mark or a stray SIPDIS line was removed (a sentence it cut may be joined)
# opens a line that :func:`mark_headings` found to be a heading: a control character that normalise removed from
# the text, so never the author's; not whitespace (``str.strip`` keeps it); and below U+0100, so that a text with
# a heading stays a one-byte string (a private-use character made half the texts two-byte, and every scan slower)
HEADING = "\x1a"

# A numbered paragraph: a paragraph sign perhaps, the number, the portion marking in any case and form
# ("(C)", "(s)", "(S//Rel NATO, ISAF)", "C)"), the text. Some drafters put the marking first ("(C) 7. ...").
# (also "(6). (U) ..." and a number without its stop before a marking: "4 (C) ...", "18, (SBU) ...")
PARA_LINE = re.compile(
    r"^\s*(¶\s*)?(?:\((TS|[SCU]|SBU)\)\s*)?(?!\(\d{1,3}\)(?!\.))\(?(\d{1,3})\)?\s*(?:[.)]|,(?=\s*\()"
    r"|(?=\s+\((?:TS|[SCU]|SBU)[/)]))"
    r"(?:\s+|$|(?=\([A-Za-z]))"
    r"(?:\(\s*([A-Za-z][A-Za-z/ ,-]{0,60}?|[A-Z]{1,4}(?:/[A-Z]{1,4})?)\s*\)\s*"
    r"|([A-Z]{1,3}(?:/[A-Z]{1,3})?\)|(?:[UCS]|SECRET|CONFIDENTIAL|UNCLASSIFIED) - ENTIRE TEXT\.?(?=\s*$))\s*)?(.*)$"
)
# a classification banner alone on its line (print pages repeat it at the head and foot of each page)
CLASS_ONLY = re.compile(
    r"^\s*(?:UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET|TOP SECRET|LIMITED OFFICIAL USE|C O N F I D E N T I A L|"
    r"S E C R E T)(?:\s+PTQ\d+)?\s*$"
)
# a redaction run (written out, not X{4,}: a pattern that opens with literal characters is looked for by its
# opening, eight times quicker over a page)
REDACTION = re.compile(r"XXXX+")
# what ends a sentence or a clause at a line's end (the next line does not run on from it)
TERMINAL = tuple('.!?:;"\')]')


def lines_with(text: str, needles: list[str]) -> set[int]:
    """The numbers (0-based) of the lines of ``text`` that hold any of ``needles`` (a needle opening with a
    line break names the line after it). One look through the text for each needle, as a compiled literal
    pattern (a third quicker than ``str.find`` for needles this short), instead of a loop over the lines."""
    where: set[int] = set()
    for needle in needles:
        skip = 1 if needle.startswith("\n") else 0
        where.update(m.start() + skip for m in _literal(needle).finditer(text))
    numbers: set[int] = set()
    line = last = 0
    for pos in sorted(where):
        line += text.count("\n", last, pos)
        last = pos
        numbers.add(line)
    return numbers


@cache
def _literal(needle: str) -> re.Pattern[str]:
    return re.compile(re.escape(needle))
