"""Turn the bytes or text a reader found into clean telegram text, recording what was repaired.

Copies of cables passed through web pages, PDFs, Windows tools and Markdown. This module undoes what
those layers added (line ends, Markdown links and headings, hard-break spaces, letters spread out,
text flattened onto one line) and nothing else: the telegram's own content is left alone.
"""

from __future__ import annotations

import re

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
_TRAILING = re.compile(r"[ \t]+$", re.M)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The same characters as bytes: deleting them from the UTF-8 form is a quick test for any (multi-byte
# UTF-8 sequences never contain bytes below 0x80), three times quicker than the regex scan.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])

# Labels that start a new line in a telegram; used to re-break text that lost its newlines.
_REBREAK = re.compile(
    r"(?<=\S)\s*(?=(?:E\.\s?O\.\s?1\d{4}|EO 1\d{4}|TAGS?:|SUBJECT:|SUBJ:|REF(?:S|TELS?)?:|"
    r"Classified By|CLASSIFIED BY|(?:¶|\b)\d{1,2}\.\s+\((?:U|C|S|SBU)[^)]{0,12}\)|\s\d{1,2}\.\s{2}[A-Z]|"
    r"END SUMMARY|BEGIN SUMMARY|SIPDIS))",
    re.I,
)


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
    if "](" in text:
        new = _MD_LINK.sub(r"\1", text)
        if new != text:
            diags.append(Diagnostic("markdown-residue", "Markdown links removed"))
            text = new
    if ("\n#" in text or text.startswith("#")) and _MD_HEADING.search(text):
        text = _MD_HEADING.sub("", text)
        diags.append(Diagnostic("markdown-residue", "Markdown headings removed"))
    if "<http" in text:
        text = _MD_AUTOLINK.sub(r"\1", text)
    text = text.strip("\n")
    # A flattened copy (a body with its newlines removed) gets its label lines back.
    if len(text) > 400 and text.count("\n") * 300 < len(text):
        text = _REBREAK.sub("\n", text)
        diags.append(Diagnostic("flattened-text", "text had lost its line breaks; labels re-broken"))
    return text, diags


_SPACED = re.compile(r"\b((?:[A-Za-z] ){3,}[A-Za-z])\b")


def unspace(word: str) -> str:
    """``C O N F I D E N T I A L`` -> ``CONFIDENTIAL``."""
    return _SPACED.sub(lambda m: m.group(1).replace(" ", ""), word)
