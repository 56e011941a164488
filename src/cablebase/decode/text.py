"""Turn the bytes or text a reader found into clean telegram text, recording what was repaired.

Copies of cables passed through web pages, PDFs, Windows tools and Markdown. This module undoes what
those layers added (line ends, Markdown links and headings, hard-break spaces, letters spread out,
text flattened onto one line) and nothing else: the telegram's own content is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cablebase.model import Diagnostic


def decode_bytes(data: bytes) -> tuple[str, list[Diagnostic]]:
    """UTF-8 first, then Windows-1252, then Latin-1 (which never fails)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        where = exc.start
    for enc in ("cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        return text, [Diagnostic("encoding-fallback", f"not UTF-8 (byte {where}); read as {enc}")]
    raise AssertionError("latin-1 cannot fail")


_MD_LINK = re.compile(r"\[([^\]\n]{1,80})\]\(#?[^)\s]{0,200}\)")
_MD_HEADING = re.compile(r"^#{1,6} +", re.M)
_MD_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_LINE_HASH = re.compile("\n#")  # (a compiled literal finds it in half the time of ``in``)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The same characters as bytes: deleting them from the UTF-8 form is a quick test for any (multi-byte
# UTF-8 sequences never contain bytes below 0x80), three times quicker than the regex scan.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])

# Labels that start a new line in a telegram; used to re-break text that lost its newlines.
_LABELS = (
    r"E\.\s?O\.\s?1\d{4}", r"EO 1\d{4}", r"TAGS?:", r"SUBJECT:", r"SUBJ:", r"REF(?:S|TELS?)?:", r"Classified By",
    r"CLASSIFIED BY", r"(?:¶|\b)(?<!\d\.)\d{1,2}\.\s*\((?:U|C|S|SBU)(?:[^)/]{0,12}|/{1,2}[A-Z][^)]{0,60})\)", r"\s\d{1,2}\.\s{2}[A-Z]", r"END SUMMARY",
    r"BEGIN SUMMARY", r"SIPDIS", r"S E C R E T", r"C O N F I D E N T I A L", r"¶\d{1,2}\.\s",
    r"\s\s\d{1,2}\.\s[A-Z]",  # "...SATAN"  1. CONFIDENTIAL ENTIRE TEXT.  2. SUMMARY: ..." (two spaces: a line break)
)
# What the re-breaking does, as one pattern: the space before a label (or nothing, if the label follows a
# character directly) becomes a line break.
_REBREAK = re.compile(r"(?<=\S)\s*(?=(?:" + "|".join(_LABELS) + "))", re.I)
# The same labels one by one, in lower case and without re.I, on a lower-cased copy of the text: each then
# opens with a literal the engine can look for quickly, where the pattern above (case-insensitive, so with
# no literal to look for) is tried at every position: 3 ms for a flattened 10,000-character cable. The
# two paragraph-number labels open with a word boundary or a space; those are checked by hand. The four
# characters re.I matches to an ASCII letter send a text the slow, exact way.
_LOWER_LABELS = tuple(re.compile(label.lower()) for label in _LABELS[:8] + _LABELS[10:])
_PILCROW_NUMBER = re.compile(r"¶\d{1,2}\.\s*\((?:u|c|s|sbu)(?:[^)/]{0,12}|/{1,2}[a-z][^)]{0,60})\)")
_NUMBER = re.compile(r"\d{1,2}\.\s*\((?:u|c|s|sbu)(?:[^)/]{0,12}|/{1,2}[a-z][^)]{0,60})\)")  # at a word boundary, not after "1."
_SPACED_NUMBER = re.compile(r"\d{1,2}\.\s{2}[a-z]")  # after a space, where the label starts
_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")  # İ ı ſ K


def _starts(rx: re.Pattern[str], text: str) -> Iterator[int]:
    """Every position where ``rx`` matches, overlapping ones too ("¶1." is a label at "¶" and at "1")."""
    m = rx.search(text)
    while m:
        yield m.start()
        m = rx.search(text, m.start() + 1)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def rebreak(text: str) -> str:
    """``_REBREAK.sub("\\n", text)``, computed from where the labels start: each run of spaces (or the gap
    between two characters) directly before one or more label starts becomes one line break, up to the
    last of those starts."""
    low = text.lower()
    if len(low) != len(text) or not _FOLDS_TO_ASCII.isdisjoint(text):
        return _REBREAK.sub("\n", text)
    found: set[int] = set()
    for rx in (*_LOWER_LABELS, _PILCROW_NUMBER):
        found.update(_starts(rx, low))
    # (not after a number's stop: "reasons 1.4.(c)" is a reason, not paragraph 4; "election.4.(C)" is one)
    found.update(i for i in _starts(_NUMBER, low) if i == 0 or not (
        _is_word(low[i - 1]) or low[i - 1] == "." and i > 1 and low[i - 2].isdecimal()))
    found.update(i - 1 for i in _starts(_SPACED_NUMBER, low) if i > 0 and low[i - 1].isspace())
    starts = sorted(found)
    out: list[str] = []
    last = k = 0
    n, size = len(starts), len(text)
    while k < n:
        q = starts[k]
        p = q
        while p > 0 and text[p - 1].isspace():
            p -= 1
        r = q
        while r < size and text[r].isspace():
            r += 1
        j = k
        while j + 1 < n and starts[j + 1] <= r:
            j += 1
        if p > 0:  # a character that is not a space comes before the run
            out.append(text[last:p])
            out.append("\n")
            last = starts[j]
        k = j + 1
    out.append(text[last:])
    return "".join(out)


# Some Cablegate pages print the start of the header, then the cable's database row (<<218634>> or 188773,
# date, id, origin, classification, references), then the whole header again (09KHARTOUM881, 09ROME97).
_DB_ROW = re.compile(r"^(?:<<(\d+)>>|(\d{4,7}))[ \t]*\n\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}[ \t]*\n"
                     r"(?:[^\n]*\n){0,7}?(?=VZCZC)", re.M)

# A few Cablegate pages go on, after their own (cut) text, with another cable's database row: number, date,
# id, origin, classification, then that cable's whole text (73TEHRAN2077 carries 06THEHAGUE131's).
_APPENDED_ROW = re.compile(r"^[ \t]*(\d{1,6})[ \t]{2,}((?:19|20)\d\d-\d\d-\d\d)[ \t]{2,}(\d{2}[A-Z][A-Z-]*\d+)[ \t]{2,}",
                           re.M)
_APPENDED_ROW_HINT = re.compile(r"-\d\d[ \t]{2,}\d\d[A-Z]")  # a quick first look: date, then an id
# Some pages print a database record between the address block and the classification line: ID, ORIGIN,
# DATE, SOURCE, CLASSIFICATION, MISC (the references) and DESTINATION (the header again, run together);
# read as header lines, it became one long INFO addressee (10BERLIN180, 09KUWAIT110).
_RECORD_BLOCK = re.compile(r"^ID: (\d+)[ \t]*\nORIGIN: ([^\n]*)\n(?:[A-Z]+: [^\n]*\n){0,5}?DESTINATION: [^\n]*\n?", re.M)


def _may_have_md_heading(text: str) -> bool:
    """Could a line open with ``#``? A telegram has one ``#``, inside its DE line (``DE RUEHFR #2069``): two
    looks for the one character (quick) leave the look for a line break before it (slow) to the rest."""
    first = text.find("#")
    if first < 0:
        return False
    if first == 0 or text[first - 1] == "\n":
        return True
    return text.find("#", first + 1) >= 0 and _LINE_HASH.search(text, first) is not None


def normalise(text: str) -> tuple[str, list[Diagnostic]]:
    """Clean container residue; returns the text and diagnostics for what was changed."""
    diags: list[Diagnostic] = []
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in text:
        text = text.replace("\t", "    ")
    encoded = text.encode("utf-8", "surrogatepass")
    if len(encoded.translate(None, _CONTROL_BYTES)) != len(encoded):
        text = _CONTROL.sub("", text)
        diags.append(Diagnostic("control-characters", "control characters removed"))
    # (a look for one character, which most texts lack, is ten times quicker than for two or more)
    if "]" in text and "](" in text:
        new = _MD_LINK.sub(r"\1", text)
        if new != text:
            diags.append(Diagnostic("markdown-residue", "Markdown links removed"))
            text = new
    if _may_have_md_heading(text) and _MD_HEADING.search(text):
        text = _MD_HEADING.sub("", text)
        diags.append(Diagnostic("markdown-residue", "Markdown headings removed"))
    if "<" in text and "<http" in text:
        text = _MD_AUTOLINK.sub(r"\1", text)
    text = text.strip("\n")
    if text.find("\nVZCZC", 0, 6000) > 0 and (m := _DB_ROW.search(text, 0, 6000)) and m.start() > 0:
        text = text[m.end():]
        diags.append(Diagnostic("repeated-header", f"a database row ({m.group(1) or m.group(2)}) and the header "
                                                   "copy before it removed; the header follows again in full"))
    if "\nDESTINATION: " in text and (m := _RECORD_BLOCK.search(text)):
        text = text[: m.start()] + text[m.end():]
        diags.append(Diagnostic("record-block", f"a database record printed inside the header (ID {m.group(1)}, "
                                                f"ORIGIN {m.group(2).strip()}) removed"))
    if _APPENDED_ROW_HINT.search(text) and (m := _APPENDED_ROW.search(text)) and m.start() > 0:
        text = text[: m.start()].rstrip()
        diags.append(Diagnostic("other-cable-appended", f"the text goes on with another cable's database row "
                                                        f"({m.group(3)}, row {m.group(1)}, {m.group(2)}), left "
                                                        "out of this record (it is in the raw text)"))
    # A flattened copy (a body with its newlines removed) gets its label lines back.
    # (a short copy on one line too: "CONFIDENTIAL ANKARA 000001  SIPDIS  E.O. 12958: ... 1. (C) ...  GARZA")
    if len(text) > 400 and text.count("\n") * 300 < len(text) or len(text) > 120 and "\n" not in text:
        text = rebreak(text)
        diags.append(Diagnostic("flattened-text", "text had lost its line breaks; labels re-broken"))
    return text, diags

