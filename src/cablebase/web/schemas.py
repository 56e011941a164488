"""Shapes of the JSON API, for the OpenAPI description (the handlers return plain dicts of the same shape)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Error(BaseModel):
    error: str = Field(description="what was wrong, in one sentence")
    position: int | None = Field(None, description="position of the offending character in the query, counted from 1 "
                                                   "(as in the message)")


class Hit(BaseModel):
    id: str
    score: float
    date: str | None
    subject: str | None
    snippet: str = Field(description="HTML: the text escaped, matches wrapped in <mark>")
    origin: str | None = None
    classification: str | None = None
    paragraph: int | None = Field(None, description="the paragraph the snippet comes from (/cable/ID#p5)")


class SearchResponse(BaseModel):
    query: str
    total: int = Field(description="every match, not only this page")
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = Field(description="field -> value -> count over all matches")
    histogram: dict[str, int] = Field(description="YYYY-MM -> count over all matches")
    next_cursor: str | None = Field(None, description="pass as cursor= for the next page; null on the last")


class FacetsResponse(BaseModel):
    query: str
    total: int
    facets: dict[str, dict[str, int]]
    histogram: dict[str, int]


class HistogramResponse(BaseModel):
    query: str
    total: int
    histogram: dict[str, int]


class Cite(BaseModel):
    letter: str | None
    kind: str = Field(description="cable, email, telcon, report, un-document, ...")
    text: str
    id: str | None = Field(description="canonical id when the item is a cable")
    status: str | None = Field(None, description="present, known-absent (a Cablegate id not in this archive) or unknown")


class CitedBy(BaseModel):
    id: str
    letter: str | None
    text: str | None


class RefsResponse(BaseModel):
    id: str
    cites: list[Cite]
    cited_by: list[CitedBy]


class VersionsResponse(BaseModel):
    id: str
    versions: list[dict[str, Any]] = Field(description="every version: number, provenance, subject, body")
    diff: str = Field(description="unified diff of the reading text between the last two versions")


class BrowseEntry(BaseModel):
    value: str
    count: int
    meaning: str | None = None


class BrowseResponse(BaseModel):
    kind: str
    entries: list[BrowseEntry]


class Cable(BaseModel):
    """The full decoded record (see ``cablebase parse --format jsonl``); only the main keys are listed."""

    model_config = {"extra": "allow"}
    id: str
    origin: str | None
    date: str | None
    classification: str | None
    subject: str | None
    tags: list[str]
    references: list[str]
    body: str


class Token(BaseModel):
    token: str
    meaning: str | None


class HeaderRow(BaseModel):
    label: str
    tokens: list[Token]


class Explained(BaseModel):
    id: str
    header: list[HeaderRow] = Field(description="transmission header tokens with their meanings, in order")
    sender: dict[str, Any] | None
    to: list[dict[str, Any]] = Field(description="addressees with ri_meaning and precedence_meaning added")
    info: list[dict[str, Any]]
    tags: list[dict[str, Any]] = Field(description="code, kind, meaning")
    caveats: list[dict[str, Any]] = Field(description="code, meaning")
    citation: dict[str, str] = Field(description="chicago and bibtex")
