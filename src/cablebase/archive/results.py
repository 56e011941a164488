"""What a search returns: a page of hits with their snippets, the facet counts and the histogram, and the
opaque cursor to the next page."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

import tantivy

from cablebase.errors import CablebaseError


@dataclass
class Hit:
    id: str
    score: float
    date: str | None
    subject: str | None
    snippet: str
    origin: str | None = None
    classification: str | None = None
    paragraph: int | None = None  # the paragraph the snippet comes from

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "score": self.score, "date": self.date, "subject": self.subject,
                "snippet": self.snippet, "origin": self.origin, "classification": self.classification,
                "paragraph": self.paragraph}


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    histogram: dict[str, int] = field(default_factory=dict)
    next_cursor: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "hits": [h.to_dict() for h in self.hits],
                "facets": self.facets, "histogram": self.histogram, "next_cursor": self.next_cursor}


def count_of(res: tantivy.SearchResult) -> int:
    """The number of matches of a search run with ``count=True`` (tantivy's stub leaves ``count`` out)."""
    return res.count or 0  # type: ignore[attr-defined]


def cursor_at(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def offset_of(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if text.startswith("o:"):
            return max(0, int(text[2:]))
    except (ValueError, UnicodeDecodeError):
        pass
    raise CablebaseError(f"invalid cursor {cursor!r}")
