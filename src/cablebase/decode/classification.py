"""Classification line, captions and caveats, the E.O. declassification line, and ``Classified By``.

FORMAT.md sections 2-4 and 8. The published convention (WikiLeaks, cables.csv) folds the captions into
the level: ``UNCLAS`` + ``SENSITIVE`` is ``UNCLASSIFIED//FOR OFFICIAL USE ONLY``; ``NOFORN`` adds
``//NOFORN``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablebase.model import ClassifiedBy, Declassification

# (compiled once: a call of re.match/re.sub with a pattern string looks it up in re's cache each time)
_SPACES = re.compile(r"\s+")
_PTQ_OR_PAGE = re.compile(r"(?i)^(PTQ|PAGE)")
_WORD_SEPARATORS = re.compile(r"[\s,/;:.()]+")
_DECL_LABEL = re.compile(r"^(?i:decl)\s*:?\s*")
_REASON_LETTER = re.compile(r"(?<![A-Za-z])([a-hA-H])(?![A-Za-z])")
_A_LETTER = re.compile(r"[A-Za-z]")

_LEVEL_WORDS = (
    ("TOP SECRET", "TOP SECRET"),
    ("SECRET", "SECRET"),
    ("CONFIDENTIAL", "CONFIDENTIAL"),
    ("LIMITED OFFICIAL USE", "LIMITED OFFICIAL USE"),
    ("UNCLASSIFIED", "UNCLASSIFIED"),
    ("UNCLASSIFED", "UNCLASSIFIED"),
    ("UNCLAS", "UNCLASSIFIED"),
)
# Letter-spaced or plain, any case: "C O N F I D E N T I A L", "Confidential", "UNCLAS".
_LEVEL = re.compile(
    r"^\s*(T\s?O\s?P\s+S\s?E\s?C\s?R\s?E\s?T|S\s?E\s?C\s?R\s?E\s?T|C\s?O\s?N\s?F\s?I\s?D\s?E\s?N\s?T\s?I\s?A\s?L"
    r"|LIMITED\s+OFFICIAL\s+USE|U\s?N\s?C\s?L\s?A\s?S(?:\s?S\s?I\s?F\s?I\s?E?\s?D)?)(?![A-Za-z])(.*)$",
    re.I,
)
_SPACED_WORD = re.compile(r"^(?:[A-Z] ){3,}[A-Z](?= |$)")
_SECTION = re.compile(r"^\s*SECTION\s+0*(\d+)\s+OF\s+0*(\d+)\s*", re.I)
_STATION_SERIAL = re.compile(r"^\s*([A-Za-z][A-Za-z .'/-]*?)\s+0*(\d{1,7})(?![\d/])\s*(.*)$")

CAVEATS = {
    "SIPDIS": "SIPDIS", "NOFORN": "NOFORN", "SENSITIVE": "SENSITIVE", "SBU": "SENSITIVE",
    "EXDIS": "EXDIS", "NODIS": "NODIS", "LIMDIS": "LIMDIS", "STADIS": "STADIS", "FGI": "FGI",
    "CHEROKEE": "CHEROKEE", "CONDIS": "CONDIS", "ROGER": "ROGER", "ORCON": "ORCON", "NOCONTRACT": "NOCONTRACT",
    "FOUO": "FOUO", "MR": "MR", "NOFORN/SIPDIS": "NOFORN",
}
_CAPTION_LINE = re.compile(r"^[A-Z/ ,.()-]{3,60}$")
_REL = re.compile(r"\bREL(?:EASABLE)? TO ([A-Z ,]+)")


_LEVEL_FIRST = frozenset("TSCLUtscluſ")  # what a level word can open with, as re.I matches (a quick test)


def match_level(line: str) -> tuple[str, str] | None:
    """If ``line`` is a classification line return ``(level word, rest of line)``."""
    if line.lstrip()[:1] not in _LEVEL_FIRST:
        return None
    m = _LEVEL.match(line)
    if not m:
        return None
    word = _SPACES.sub("", m.group(1).upper())
    word = {"TOPSECRET": "TOP SECRET", "LIMITEDOFFICIALUSE": "LIMITED OFFICIAL USE"}.get(word, word)
    for key, level in _LEVEL_WORDS:
        if word == key.replace(" ", "") or word == key:
            return level, m.group(2)
    return None


# Classification lines of some Cablegate pages lost or doubled their first letter: "SS E C R E T",
# "CC O N F I D E N T I A L", "UUNCLAS", "E C R E T", "O N F I D E N T I A L", "CSE C R E T" (05PARIS1699,
# 07BAGHDAD146, 06MANAGUA1002 ...). Only the spaced-out forms are read this way (no word looks like them).
_GARBLED = re.compile(r"^\s*(?:(?:SS |CS|)(E C R E T)|(?:CC |)(O N F I D E N T I A L)|U(UNCLAS))(?![A-Za-z])(.*)$")
_GARBLED_LEVEL = ("SECRET", "CONFIDENTIAL", "UNCLASSIFIED")


@dataclass
class ClassLine:
    level: str
    text: str
    section: int | None = None
    sections: int | None = None
    station: str | None = None
    serial: int | None = None
    trailer: str = ""
    garbled: bool = False  # read from a line that lost or doubled its first letter


def parse_class_line(line: str) -> ClassLine | None:
    found = match_level(line)
    garbled = False
    if not found and line.lstrip()[:1] in "SCEOU" and (g := _GARBLED.match(line)):
        level = next(lv for lv, word in zip(_GARBLED_LEVEL, g.groups()[:3], strict=True) if word)
        found, garbled = (level, g.group(4)), True
    if not found:
        return None
    level, rest = found
    cl = ClassLine(level=level, text=line.strip(), garbled=garbled)
    rest = rest.strip()
    if rest[:2].isupper() and rest[1:2] == " ":  # "S E C R E T N O F O R N MOGADISHU 01643"
        rest = _SPACED_WORD.sub(lambda w: w.group(0).replace(" ", ""), rest, count=1)
    lead = []  # caveats between the level and the station ("SECRET NOFORN MOGADISHU 01643", "SECRET//NOFORN ...")
    rest = rest.lstrip(" ,/")
    while (word := (tok := rest.split(" ", 1)[0].split("/", 1)[0]).upper().strip(",")) in CAVEATS \
            and word not in ("MR", "SBU"):
        lead.append(word)
        rest = rest[len(tok):].lstrip(" ,/")
    m = _SECTION.match(rest)
    if m:
        cl.section, cl.sections = int(m.group(1)), int(m.group(2))
        rest = rest[m.end():]
    m = _STATION_SERIAL.match(rest)
    if m and not _PTQ_OR_PAGE.match(m.group(1)):
        cl.station = " ".join(m.group(1).upper().split())
        cl.serial = int(m.group(2))
        cl.trailer = m.group(3)
    else:
        cl.trailer = rest
    if lead:
        cl.trailer = " ".join([*lead, cl.trailer]).strip()
    return cl


def caveats_in(text: str) -> list[str]:
    """Caveat words in a caption line, a class-line trailer or a banner (``SECRET//FGI//NOFORN``)."""
    out: list[str] = []
    upper = text.upper()
    for token in _WORD_SEPARATORS.split(upper):
        cav = CAVEATS.get(token)
        if cav and cav not in out:
            out.append(cav)
    if "SENSITIVE BUT UNCLASSIFIED" in upper and "SENSITIVE" not in out:
        out.append("SENSITIVE")
    m = _REL.search(upper)
    if m:
        out.append("REL TO " + " ".join(m.group(1).split()).strip(" ,"))
    return out


# Words a caption line may have beside caveat words: ``SENSITIVE BUT UNCLASSIFIED``, ``REL TO USA, GBR``,
# ``NOFORN, NOT FOR INTERNET DISTRIBUTION`` (09STATE15113), ``DEA SENSITIVE`` (10MOSCOW293).
_CAPTION_WORDS = frozenset({"BUT", "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP", "REL", "TO", "USA", "EYES", "ONLY", "FOR", "OFFICIAL", "USE",
                            "NOT", "INTERNET", "DISTRIBUTION", "DEA", "HANDLE", "ACCORDINGLY"})


def is_caption_line(line: str) -> bool:
    """A line made only of caveat words (``SIPDIS``, ``NOFORN``, ``SENSITIVE BUT UNCLASSIFIED``)."""
    s = line.strip().upper()
    if not s or not _CAPTION_LINE.match(s):
        return False
    words = [w for w in _WORD_SEPARATORS.split(s) if w.strip("-")]
    return bool(words) and all(w in CAVEATS or w in _CAPTION_WORDS or len(w) <= 4 and s.startswith("REL") for w in words)


# Caveats that are no word of a passing line: the first words of one that lost the line break after its
# caption ("SIPDIS FOR EUR/WE", "Sipdis, isn/mtr, eur/ags", "SIPDIS STATE FOR NEA/IR"); not SENSITIVE, MR,
# ROGER and the like, which a passing line may open with ("SENSITIVE SECURITY INFORMATION ...").
_LEADING_CAVEATS = frozenset({"SIPDIS", "NOFORN", "NODIS", "EXDIS", "LIMDIS", "STADIS", "CONDIS", "NOCONTRACT", "ORCON"})


def leading_caveats(line: str) -> list[str]:
    """The caveats a line opens with before other words (``SIPDIS FOR EUR/WE`` -> ``["SIPDIS"]``): a
    caption whose line break was lost. Empty where the line opens with any other word."""
    out: list[str] = []
    words = line.replace(",", " ").upper().split()
    for word in words:
        parts = [w for w in word.split("/") if w]
        if not parts or not all(w in _LEADING_CAVEATS for w in parts):
            return out
        out += [CAVEATS[w] for w in parts if CAVEATS[w] not in out]
    return out


def published_level(level: str | None, caveats: list[str]) -> str | None:
    if level is None:
        return None
    if level == "UNCLASSIFIED" and ("SENSITIVE" in caveats or "FOUO" in caveats):
        return "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    if level in ("CONFIDENTIAL", "SECRET", "TOP SECRET") and "NOFORN" in caveats:
        return f"{level}//NOFORN"
    return level


# -- E.O. line ---------------------------------------------------------------------------------------

EO_LINE = re.compile(r"^\s*E\.?\s?O\.?\s*(1\d{3,4})\s*[:;,.]?\s*(.*)$", re.I)
_DATE_MDY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")
_DATE_YMD = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")


def _iso(y: int, m: int, d: int) -> str | None:
    if y < 100:
        y += 2000 if y < 70 else 1900
    if 1 <= m <= 12 and 1 <= d <= 31 and 1940 <= y <= 2100:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def parse_eo(order: str, rest: str) -> Declassification:
    rest = rest.strip()
    instruction = _DECL_LABEL.sub("DECL: ", rest).strip() or None
    date = None
    if _DECL_LABEL.match(rest) and "DECLASSIFIED" not in rest.upper():
        if m := _DATE_YMD.search(rest):
            date = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        elif m := _DATE_MDY.search(rest):
            date = _iso(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    return Declassification(text=f"E.O. {order}: {rest}".strip(), order=order, instruction=instruction, date=date)


# -- Classified By -----------------------------------------------------------------------------------

CLASSIFIED_BY = re.compile(r"^\s*(?:\([A-Z/]{1,6}\)\s*)?CLASSIFIED\s+BY\s*:?\s*(.*)$", re.I)
# (whole words only: "Breason" is a name)
_REASON_HEAD = re.compile(r"(?i)[,;:.]?\s*(?:\bfor\s+)?\b(?:reasons?|reason:|per|under)\b.*$|[,;:]?\s*\b1\.[45]\b.*$")
_BROKEN_REASONS = re.compile(r"(?i)\bREA\s+SONS?\b|\bREAS\s+ONS?\b|\bREASO\s+NS?\b")  # a word cut at a line end
_SUFFIX = re.compile(r"(?i)\b(?:JR|SR)$")
_REASON_SECTION = re.compile(r"\b(1\.[45])\s*(.*)")
_TITLE_WORDS = {
    "AMBASSADOR", "CHARGE", "D'AFFAIRES", "DAFFAIRES", "DCM", "DEPUTY", "CHIEF", "OF", "MISSION", "POLITICAL",
    "ECONOMIC", "COUNSELOR", "COUNSELLOR", "OFFICER", "CONSUL", "GENERAL", "ACTING", "PRINCIPAL", "MINISTER",
    "POLCOUNS", "ECONCOUNS", "POL", "ECON", "SECTION", "DIRECTOR", "ASSISTANT", "SECRETARY", "UNDER",
    "MANAGEMENT", "PUBLIC", "AFFAIRS", "FOR", "HEAD", "SENIOR", "ADVISOR", "POLOFF", "ECONOFF", "POLMILOFF",
    "A/DCM", "CDA", "CG", "PO", "A/POLCOUNS", "RSO", "DATT", "AMB.", "AMB", "CHARGÉ", "INTERIM", "AI",
    "AND", "POL/ECON", "POLITICAL-ECONOMIC", "POL-ECON", "MINISTER-COUNSELOR", "CHIEF,", "ATTACHE", "ATTACHÉ",
    "LABOR", "LABOUR", "DEFENSE", "DEFENCE", "MILITARY", "REGIONAL", "SECURITY", "COMMERCIAL", "AGRICULTURAL",
    "CONSULAR", "PRESS", "CULTURAL", "SCIENCE", "COORDINATOR", "REPRESENTATIVE", "PERMANENT", "ALTERNATE",
    "LEGAL", "ADVISER", "SPECIAL", "ENVOY", "ATTACHE,", "POLITICAL/ECONOMIC", "MGMT", "OFFICE", "THE",
}


def parse_classified_by(text: str) -> ClassifiedBy:
    text = " ".join(text.split())
    if "rea" in text.lower():
        text = _BROKEN_REASONS.sub(lambda m: m.group(0).replace(" ", ""), text)
    reasons: list[str] = []
    m = _REASON_SECTION.search(text)
    if m:
        sec = m.group(1)
        tail = m.group(2)[:60]
        letters = _REASON_LETTER.findall(tail)
        for letter in letters:
            r = f"{sec} ({letter.lower()})"
            if r not in reasons:
                reasons.append(r)
    head = _REASON_HEAD.sub("", text).strip(" ,;:.")
    person = title = None
    if head:
        if "," in head:
            first, _, second = head.partition(",")
            first, second = first.strip(), second.strip()
            if _looks_like_title(first):
                title, person = first, second or None
            else:
                person, title = first, second or None
        else:
            words = head.split()
            i = 0
            while i < len(words) and words[i].upper().strip(":") in _TITLE_WORDS:
                i += 1
            title = " ".join(words[:i]) or None
            person = " ".join(words[i:]).strip(" :") or None
    if person and not _A_LETTER.search(person):
        person = None
    if person and _SUFFIX.search(person) and f"{person}." in text:
        person += "."  # "Robert Smith Jr.": the suffix is part of the name
    return ClassifiedBy(text=text, person=person, title=title, reasons=tuple(reasons))


def _looks_like_title(text: str) -> bool:
    words = text.upper().split()
    return bool(words) and all(w.strip(":") in _TITLE_WORDS for w in words)
