"""A cable as reference managers read it: Highwire ``citation_*`` meta tags (Zotero, Mendeley and Google
Scholar pick them up from the page, so a historian saves a cable in one click) and an RIS file.

Both say what the Chicago and BibTeX citations of :func:`cablebase.web.present.citation` say: the
originating post as the author, the subject as a title, the date, the cable's id, the collection.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cablebase.web.present import collection, headline, source_url

INSTITUTION = "US Department of State"
WORK_TYPE = "Diplomatic cable"


def _when(rec: dict[str, Any]) -> datetime | None:
    date = rec.get("date")
    if not date:
        return None
    try:
        return datetime.fromisoformat(date.replace("Z", "+00:00"))
    except ValueError:
        return None


def highwire(rec: dict[str, Any], page_url: str) -> list[tuple[str, str]]:
    """``(name, content)`` pairs for ``<meta name=... content=...>`` (escaped by the template). A report
    institution makes Zotero save the cable as a report, with the id as its number."""
    tags = [("citation_title", headline(rec.get("subject"))),
            ("citation_author", rec.get("origin") or INSTITUTION)]
    when = _when(rec)
    if when:
        tags += [("citation_date", when.strftime("%Y/%m/%d")), ("citation_publication_date", when.strftime("%Y/%m/%d"))]
    tags += [("citation_publisher", collection(rec)),
             ("citation_technical_report_institution", INSTITUTION),
             ("citation_technical_report_number", rec["id"]),
             ("citation_archive_id", rec["id"]),
             ("citation_language", "en"),
             ("citation_public_url", source_url(rec) or page_url),
             ("citation_abstract_html_url", page_url)]
    if rec.get("classification"):
        tags.append(("citation_keywords", rec["classification"]))
    tags += [("citation_keywords", t["code"]) for t in rec.get("tag_details") or []]
    return tags


def ris(rec: dict[str, Any], page_url: str) -> str:
    """The cable as an RIS record (``TY  - RPRT``), lines ending in CRLF as the format asks."""
    lines = [("TY", "RPRT"), ("TI", headline(rec.get("subject"))), ("AU", rec.get("origin") or INSTITUTION)]
    when = _when(rec)
    if when:
        lines += [("PY", str(when.year)), ("DA", when.strftime("%Y/%m/%d/"))]
    lines += [("PB", INSTITUTION), ("M3", WORK_TYPE), ("SN", rec["id"]), ("AN", rec["id"]),
              ("DB", collection(rec)), ("UR", source_url(rec) or page_url), ("LA", "en")]
    if rec.get("classification"):
        lines.append(("N1", f"Classification: {rec['classification']}"))
    lines += [("KW", t["code"]) for t in rec.get("tag_details") or []]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


def _one_line(value: str) -> str:
    """RIS has one field per line: a value's line breaks become spaces."""
    return " ".join(value.split())
