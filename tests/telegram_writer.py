"""A telegram writer for the tests: a generated cable rendered as telegram text, in each container the
shared corpus has (plain text, the 2010 and early-2011 WikiLeaks pages, a ``cables.csv`` row, a Mongo-style
export whose text lost its line breaks, and a print copy with page lines).

The layout follows the corpus (FORMAT.md): the DTS header (VZCZC, routing, DE, ZNR/ZNY, DTG, FM/TO/INFO),
the classification line (``C O N F I D E N T I A L SECTION 01 OF 02 MEXICO 001102``), SIPDIS, the E.O.
line, TAGS, SUBJECT, REF with lettered items, ``Classified By``, numbered paragraphs with portion markings,
headings underlined or boxed by rules, section headers between sections (``MEXICO 00001102 002 OF 002``),
and the signer's surname at the end.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from dataclasses import dataclass, field
from datetime import UTC, datetime

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")

# station as written in the class line -> (routing indicator, FM line, origin as the containers name it)
STATIONS: dict[str, tuple[str, str, str]] = {
    "MEXICO": ("RUEHME", "AMEMBASSY MEXICO", "Embassy Mexico"),
    "MADRID": ("RUEHMD", "AMEMBASSY MADRID", "Embassy Madrid"),
    "ROME": ("RUEHRO", "AMEMBASSY ROME", "Embassy Rome"),
    "TASHKENT": ("RUEHNT", "AMEMBASSY TASHKENT", "Embassy Tashkent"),
    "PARIS": ("RUEHFR", "AMEMBASSY PARIS", "Embassy Paris"),
    "ANKARA": ("RUEHAK", "AMEMBASSY ANKARA", "Embassy Ankara"),
    "HARARE": ("RUEHSB", "AMEMBASSY HARARE", "Embassy Harare"),
    "BUENOS AIRES": ("RUEHBU", "AMEMBASSY BUENOS AIRES", "Embassy Buenos Aires"),
    "BAKU": ("RUEHKB", "AMEMBASSY BAKU", "Embassy Baku"),
}

LEVELS = {  # classification -> (spaced form, plain form, word of a print page line, published value)
    "UNCLASSIFIED": ("UNCLAS", "UNCLAS", "UNCLASSIFIED", "UNCLASSIFIED"),
    "CONFIDENTIAL": ("C O N F I D E N T I A L", "CONFIDENTIAL", "CONFIDENTIAL", "CONFIDENTIAL"),
    "SECRET": ("S E C R E T", "SECRET", "SECRET", "SECRET"),
}


@dataclass
class Ref:
    station: str  # as written: "MEXICO", "STATE", "BUENOS AIRES"
    serial: int
    year: int | None = None  # written before the station ("06 TBILISI 2601") when given

    def written(self) -> str:
        return f"{self.year % 100:02d} {self.station} {self.serial}" if self.year else f"{self.station} {self.serial}"

    def cable_id(self, cable_year: int, own: tuple[str, int] | None = None) -> str:
        """The cited id; with no year written the citing cable's year, or the year before for a higher
        serial than the citing cable's own at the same station (serials start from 1 each year)."""
        year = self.year if self.year else cable_year
        if not self.year and own and own[0] == self.station and self.serial > own[1]:
            year -= 1
        return f"{year % 100:02d}{self.station.replace(' ', '')}{self.serial}"


@dataclass
class Para:
    number: int
    marking: str | None  # "C", "SBU", "S//NF", "S//REL TO USA, GBR"
    sentences: list[str]
    heading: str | None = None
    rule: str = "-"  # "-", "=" or "_"
    boxed: bool = False  # rule above and below the heading, or only below

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


@dataclass
class GenCable:
    station: str
    serial: int
    when: datetime  # the DTG, UTC, to the minute
    classification: str  # UNCLASSIFIED, CONFIDENTIAL, SECRET
    subject: str
    tags: list[str]
    paragraphs: list[Para]
    signer: str
    refs: list[Ref] = field(default_factory=list)
    classified_by: str | None = "Ambassador Antonio O. Garza, Jr., Reasons 1.4 (b) and (d)"
    spaced: bool = True  # "C O N F I D E N T I A L" or "CONFIDENTIAL"
    sections: int = 1
    # where each section after the first starts: (paragraph index, sentence index); a sentence index of 0
    # puts the section header between paragraphs, any other inside the paragraph (between its sentences)
    section_breaks: list[tuple[int, int]] = field(default_factory=list)
    wrap: int | None = None  # wrap the body at this width (cables.csv and print copies), else long lines
    ref_style: str = "lines"  # "lines" (A. on the REF line, B. ... below), "inline" (all on one line), "paren" ((A))

    # -- what the decoder should give back ----------------------------------------------------------

    @property
    def id(self) -> str:
        return f"{self.when.year % 100:02d}{self.station.replace(' ', '')}{self.serial}"

    @property
    def ref_ids(self) -> list[str]:
        return [r.cable_id(self.when.year, (self.station, self.serial)) for r in self.refs]

    @property
    def origin(self) -> str:
        return STATIONS[self.station][2]

    @property
    def dtg(self) -> str:
        w = self.when
        return f"{w.day:02d}{w.hour:02d}{w.minute:02d}Z {MONTHS[w.month - 1]} {w.year % 100:02d}"


# -- the telegram ------------------------------------------------------------------------------------


def header(c: GenCable) -> str:
    ri, fm, _ = STATIONS[c.station]
    julian = c.when.timetuple().tm_yday
    section = "/01" if c.sections > 1 else ""
    zn = "ZNR UUUUU ZZH" if c.classification == "UNCLASSIFIED" else "ZNY CCCCC ZZH" \
        if c.classification == "CONFIDENTIAL" else "ZNY SSSSS ZZH"
    return "\n".join([
        "VZCZCXRO5978",
        "OO RUEHCD RUEHGD RUEHHO RUEHMC RUEHNG",
        f"DE {ri} #{c.serial:04d}{section} {julian:03d}{c.when.hour:02d}{c.when.minute:02d}",
        zn,
        f"O {c.dtg}",
        f"FM {fm}",
        "TO RUEHC/SECSTATE WASHDC IMMEDIATE 5650",
        "RHEHAAA/WHITE HOUSE WASHDC IMMEDIATE",
        "INFO RUEHXC/ALL US CONSULATES IN MEXICO COLLECTIVE IMMEDIATE",
        "RHEHNSC/NSC WASHDC IMMEDIATE",
    ])


def class_line(c: GenCable) -> str:
    spaced, plain, _, _ = LEVELS[c.classification]
    word = spaced if c.spaced else plain
    section = f" SECTION 01 OF {c.sections:02d}" if c.sections > 1 else ""
    return f"{word}{section} {c.station} {c.serial:06d}"


def section_header(c: GenCable, number: int, sep: str = " ") -> str:
    return f"{c.station[:10]} {c.serial:08d}{sep}{number:03d} OF {c.sections:03d}"


_NUMBER_AFTER = re.compile(r" (?=\d)")


def _wrap(text: str, width: int | None) -> list[str]:
    """Lines of at most ``width`` characters; a number never opens a line (``February`` / ``1. The ...``
    would read as paragraph 1)."""
    if not width:
        return [text]
    glued = _NUMBER_AFTER.sub("\x01", text)
    return [line.replace("\x01", " ") for line in textwrap.wrap(glued, width, break_on_hyphens=False)]


SECTION = "\x00SECTION\x00"  # where a section header goes (placed by the container)


def preamble(c: GenCable) -> list[str]:
    lines = [class_line(c), "", "SIPDIS", ""]
    eo = "E.O. 12958: N/A" if c.classification == "UNCLASSIFIED" else \
        f"E.O. 12958: DECL: {c.when.month:02d}/{c.when.day:02d}/{c.when.year + 10}"
    lines += [eo, "TAGS: " + " ".join(c.tags), ""]
    lines += _wrap("SUBJECT: " + c.subject, c.wrap and max(c.wrap, 40))
    lines.append("")
    if c.refs:
        if len(c.refs) == 1:
            lines.append("REF: " + c.refs[0].written())
        else:
            letter = "({}) " if c.ref_style == "paren" else "{}. "
            items = [letter.format(chr(65 + i)) + r.written() for i, r in enumerate(c.refs)]
            if c.ref_style == "inline":
                lines.append("REF: " + " ".join(items))
            else:
                lines.append("REF: " + items[0])
                lines += ["     " + item for item in items[1:]]
        lines.append("")
    if c.classified_by:
        lines += ["Classified By: " + c.classified_by, ""]
    return lines


def body_lines(c: GenCable) -> list[str]:
    """The paragraphs, headings and signer, with :data:`SECTION` where the sections were joined."""
    breaks = dict(c.section_breaks)
    lines: list[str] = []
    for i, p in enumerate(c.paragraphs):
        at = breaks.get(i)
        if at == 0:
            lines += [SECTION, ""]
        if p.heading:
            rule = p.rule * max(len(p.heading), 5)
            lines += ([rule, p.heading, rule] if p.boxed else [p.heading, rule]) + [""]
        marking = f" ({p.marking})" if p.marking else ""
        first = f"{p.number}.{marking} "
        if at:  # a section header between two sentences of the paragraph
            lines += _wrap(first + " ".join(p.sentences[:at]), c.wrap)
            lines += ["", SECTION, ""]
            lines += _wrap(" ".join(p.sentences[at:]), c.wrap)
        else:
            lines += _wrap(first + p.text, c.wrap)
        lines.append("")
    lines.append(c.signer)
    return lines


def _with_sections(c: GenCable, lines: list[str], sep: str = " ") -> list[str]:
    out: list[str] = []
    n = 1
    for line in lines:
        if line == SECTION:
            n += 1
            line = section_header(c, n, sep)
        out.append(line)
    return out


def render_text(c: GenCable, sep: str = " ") -> tuple[str, str]:
    """(header, text from the class line to the signer) as Cablegate joined them."""
    return header(c), "\n".join(_with_sections(c, preamble(c) + body_lines(c), sep))


def render_raw(c: GenCable, sep: str = " ") -> str:
    head, text = render_text(c, sep)
    return f"{head}\n\n{text}\n"


def render_print(c: GenCable, breaks: list[int], style: str = "single") -> str:
    """A Department print copy: a ``PAGE nn STATIO 0SERI ss OF tt DDHHMMZ`` line after each body line whose
    index is in ``breaks`` (a page ends where it ends, inside a sentence or not). ``single``: the
    classification at the foot of the page before, then the page line (00HARARE6677); ``double``: the
    classification at the foot of one page and the head of the next, blank lines around, the page line's
    fields spaced out (90CAPETOWN97, 1974ATHENS02959). Sections are marked by the page lines only."""
    _, _, word, _ = LEVELS[c.classification]
    pre = preamble(c)
    body = [ln for ln in body_lines(c) if ln != SECTION]
    section_of: list[int] = []  # the section each body line belongs to
    n = 1
    for ln in body_lines(c):
        if ln == SECTION:
            n += 1
            continue
        section_of.append(n)
    out = [header(c), "", *pre]
    page = 1
    last_section = 1
    w = c.when
    time = f"{w.day:02d}{w.hour:02d}{w.minute:02d}Z"
    for i, line in enumerate(body):
        out.append(line)
        if i in breaks and i + 1 < len(body):
            s = section_of[i + 1]
            page = page + 1 if s == last_section else 2
            last_section = s
            station = c.station[:6]
            if style == "single":
                out += [f" {word}", f"PAGE {page:02d} {station} {c.serial:05d} {s:02d} OF {c.sections:02d} {time}"]
            else:
                out += [f"{word} ", " ", f"{word} ", " ",
                        f"PAGE {page:02d}        {station}  {c.serial:05d}  {s:02d} OF {c.sections:02d}  {time} ", " "]
    return "\n".join(out) + "\n"


# -- containers --------------------------------------------------------------------------------------

_PAGE_HEAD = """<?xml version='1.0' encoding='utf-8' ?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html lang='en' xml:lang='en' xmlns='http://www.w3.org/1999/xhtml'>
<head>
<title>Cable Viewer</title>
<link href='/static/gfx/favicon.ico' rel='shortcut icon' />
<link href='/static/css/cables.css' rel='stylesheet' type='text/css' />
</head>
<body>
<div class='main'>
<div class='pane small'>
<a href='/index.html'>
<img alt='WikiLeaks logo' src='/static/gfx/WL_Hour_Glass_small.png' />
<p>Currently released so far... {released} / 251,287</p>
</a>
<div id='browse'>
<h3>Browse latest releases</h3>
<div class='sort'>
<a href='/reldate/{reldate}_0.html'>{reldate_slash}</a>
</div>
</div>
</div>
<div class='pane big'>
<h3>Viewing cable {id}, {subject}</h3>
<div id='help_2'>
<b>Discussing cables</b>
<br />
Please mark messages for social networking services like Twitter with the hash tags <b>#cablegate</b> and a
hash containing the reference ID e.g. <b>#{id}</b>.
</div>
"""

_TABLE = """<table class='cable'>
<tr>
<th>Reference ID</th>
<th>Created</th>
<th>Released</th>
<th>Classification</th>
<th>Origin</th>
</tr>
<tr>
<td>
<a href='/cable/{year}/{month:02d}/{id}.html'>{id}</a>
</td>
<td>
<a href='/date/{year}-{month:02d}_0.html'>{created}</a>
</td>
<td>
<a href='/reldate/{reldate}_0.html'>{reldate} 01:01</a>
</td>
<td>
<a href='/classification/3_0.html' title='{lower}'>{classification}</a>
</td>
<td>
<a href='/origin/27_0.html'>{origin}</a>
</td>
</tr>
</table>
"""


def published_classification(c: GenCable) -> str:
    return LEVELS[c.classification][3]


def _pre(text: str, tags: list[str] | None = None) -> str:
    """A ``<code><pre>`` block: text escaped, newlines as ``&#x000A;``, TAGS as links, paragraph signs as
    anchors (as the Cablegate pages had them)."""
    out = []
    for line in text.split("\n"):
        esc = html.escape(line, quote=False)
        if tags and line.startswith("TAGS: "):
            esc = "TAGS: " + " ".join(f"<a href='/tag/{t}_0.html'>{t}</a>" for t in tags)
        elif line[:1].isdigit() and ". " in line[:5] and line.split(".")[0].isdigit():
            n = line.split(".")[0]
            esc = f"<a id='par{n}' href='#par{n}'>\u00b6</a>{esc}"
        out.append(esc)
    return "<code><pre>" + "&#x000A;".join(out) + "</pre></code>"


def render_wikileaks(c: GenCable, layout: str = "2010") -> str:
    """A Cablegate page: ``2010`` (released in late November 2010) or ``2011`` (January 2011)."""
    released, reldate = ("1295", "2010-11-28") if layout == "2010" else ("2444", "2011-01-13")
    head, text = render_text(c)
    w = c.when
    page = _PAGE_HEAD.format(released=released, reldate=reldate, reldate_slash=reldate.replace("-", "/"),
                             id=c.id, subject=html.escape(c.subject.title(), quote=True))
    page += _TABLE.format(year=w.year, month=w.month, id=c.id, created=f"{w:%Y-%m-%d %H:%M}", reldate=reldate,
                          lower=published_classification(c).lower(), classification=published_classification(c),
                          origin=c.origin)
    page += _pre(head) + "\n" + _pre(text, c.tags) + "\n</div>\n</div>\n</body>\n</html>\n"
    return page


def _mysql(field_text: str) -> str:
    return field_text.replace("\\", "\\\\").replace('"', '\\"')


def render_csv_row(c: GenCable, row: int = 1) -> str:
    """One row of the 2011 ``cables.csv``: 8 quoted columns, ``\\"`` escapes, raw newlines in fields."""
    head, text = render_text(c)
    w = c.when
    cols = [str(row), f"{w.month}/{w.day}/{w.year} {w.hour:02d}:{w.minute:02d}", c.id, c.origin,
            published_classification(c), ",".join(c.ref_ids), head, text]
    return ",".join(f'"{_mysql(col)}"' for col in cols) + "\n"


def flatten(text: str) -> str:
    """Text whose line breaks were lost: every break becomes a space (two for a blank line)."""
    return text.replace("\n", " ")


def render_mongo(c: GenCable) -> str:
    """One line of a Mongo export (``text-export``): the body from the class line on, breaks lost."""
    _, text = render_text(c, sep="  ")
    w = c.when
    obj = {"_id": c.id, "origin": c.origin, "date_time": f"{w:%Y-%m-%d %H:%M}",
           "classification": published_classification(c), "body": flatten(text)}
    return "{ " + ", ".join(f"{json.dumps(k)} : {json.dumps(v, ensure_ascii=False)}" for k, v in obj.items()) + " }\n"


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)
