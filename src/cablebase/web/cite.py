"""A cable as reference managers read it: Highwire ``citation_*`` meta tags (Zotero, Mendeley and Google
Scholar pick them up from the page, so a historian saves a cable in one click) and an RIS file.

Both say what the Chicago and BibTeX citations of :func:`cablebase.web.present.citation` say: the
originating post as the author, the subject as a title, the date, the cable's id, the collection.
"""

from __future__ import annotations

from cablebase.model import Cable
from cablebase.web.present import collection, headline, source_url

INSTITUTION = "US Department of State"
WORK_TYPE = "Diplomatic cable"


def highwire(c: Cable, page_url: str) -> list[tuple[str, str]]:
    """``(name, content)`` pairs for ``<meta name=... content=...>`` (escaped by the template). A report
    institution makes Zotero save the cable as a report, with the id as its number."""
    tags = [("citation_title", headline(c.subject)),
            ("citation_author", c.origin or INSTITUTION)]
    when = c.date
    if when:
        tags += [("citation_date", when.strftime("%Y/%m/%d")), ("citation_publication_date", when.strftime("%Y/%m/%d"))]
    tags += [("citation_publisher", collection(c)),
             ("citation_technical_report_institution", INSTITUTION),
             ("citation_technical_report_number", c.id or ""),
             ("citation_archive_id", c.id or ""),
             ("citation_language", "en"),
             ("citation_public_url", source_url(c) or page_url),
             ("citation_abstract_html_url", page_url)]
    if c.classification:
        tags.append(("citation_keywords", c.classification))
    tags += [("citation_keywords", t.code) for t in c.tags]
    return tags


def ris(c: Cable, page_url: str) -> str:
    """The cable as an RIS record (``TY  - RPRT``), lines ending in CRLF as the format asks."""
    lines = [("TY", "RPRT"), ("TI", headline(c.subject)), ("AU", c.origin or INSTITUTION)]
    when = c.date
    if when:
        lines += [("PY", str(when.year)), ("DA", when.strftime("%Y/%m/%d/"))]
    lines += [("PB", INSTITUTION), ("M3", WORK_TYPE), ("SN", c.id or ""), ("AN", c.id or ""),
              ("DB", collection(c)), ("UR", source_url(c) or page_url), ("LA", "en")]
    if c.classification:
        lines.append(("N1", f"Classification: {c.classification}"))
    lines += [("KW", t.code) for t in c.tags]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


def _one_line(value: str) -> str:
    """RIS has one field per line: a value's line breaks become spaces."""
    return " ".join(value.split())
