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
    cited_by: list[CitedBy] = Field(description="the cables citing it, earliest first")
    cited_by_count: int = Field(description="how many cables cite it")


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


class ThreadEntry(BaseModel):
    id: str
    status: str = Field(description="present, known-absent (a Cablegate id not in this archive) or unknown")
    date: str | None = Field(description="YYYY-MM-DD; for an absent cable an estimate (see date_bounds)")
    date_bounds: list[str] | None = Field(description="[earliest, latest] of an estimated date; null when the date "
                                                      "is the cable's own")
    date_note: str | None = Field(None, description="set when the evidence disagrees: the bounds begin after the "
                                                    "cable citing it (the id's year is then most likely wrong)")
    depth: int = Field(description="REF steps from the cable the thread is of")
    via: str = Field(description="the cable this one was reached from")
    origin: str | None = None
    classification: str | None = None
    subject: str | None = None


class ThreadResponse(BaseModel):
    id: str
    status: str = Field(description="of the cable itself: present, known-absent or unknown (a cited cable the "
                                    "archive lacks has a thread of the cables citing it)")
    date: str | None
    date_bounds: list[str] | None = Field(None, description="[earliest, latest] when the cable is absent and its date "
                                                            "estimated")
    date_note: str | None = Field(None, description="set when the evidence disagrees: the bounds begin after the "
                                                    "cable citing it (the id's year is then most likely wrong)")
    subject: str | None
    origin: str | None
    depth: int
    ancestors: list[ThreadEntry] = Field(description="what the cable cites, and what those cite, in time order")
    descendants: list[ThreadEntry] = Field(description="what cites the cable, and what cites those, in time order")
    truncated: bool = Field(description="true when a side was cut at its limit")


class PostYear(BaseModel):
    origin: str
    station: str
    year: int
    present: int = Field(description="distinct serials of the post-year in the archive")
    lowest: int
    highest: int
    estimate: int = Field(description="estimated cables the post sent that year")
    interval: list[int] = Field(description="[low, high] of the estimate")
    share: float = Field(description="present / estimate")
    known_highest: int = Field(description="the highest serial known to exist: in the archive or listed in the "
                                           "Cablegate release (the estimate is never below it)")
    reliable: bool = Field(description="false when the estimate means little (see reason)")
    reason: str | None = Field(description="why a row is unreliable: too few cables present, or an estimate below a "
                                           "serial the Cablegate release lists")


class AbsentCable(BaseModel):
    id: str
    status: str
    cited_by: list[str]
    date: str | None = Field(description="estimated day")
    date_bounds: list[str] | None
    date_note: str | None = Field(None, description="set when the evidence disagrees: the bounds begin after the "
                                                    "cable citing it (the id's year is then most likely wrong)")


class GapsResponse(BaseModel):
    query: str
    method: str = Field(description="how the estimates are made and where they fail")
    few: int = Field(description="post-years with fewer cables present are marked unreliable")
    posts: list[PostYear]
    absent: list[AbsentCable] = Field(description="cited cables the archive lacks, most cited first")
    absent_total: int


class MostCited(BaseModel):
    id: str
    status: str | None
    date: str | None
    subject: str | None
    origin: str | None
    cited_by: int


class Flow(BaseModel):
    source: str
    target: str
    to: int
    info: int
    weight: int


class TagPair(BaseModel):
    a: str
    b: str
    weight: int = Field(description="cables carrying both")
    a_meaning: str | None
    b_meaning: str | None


class DrawnNode(BaseModel):
    model_config = {"extra": "allow"}
    id: str
    label: str
    x: float = Field(description="0 to 1")
    y: float = Field(description="0 to 1")
    size: float = Field(description="0 to 1")
    status: str | None = Field(None, description="refs drawings: present, known-absent or unknown")
    type: str | None = Field(None, description="other drawings: post, collective, cable or tag")


class DrawnEdge(BaseModel):
    source: str
    target: str
    weight: int


class Drawing(BaseModel):
    model_config = {"extra": "allow"}
    nodes: list[DrawnNode]
    edges: list[DrawnEdge]


class NetworkResponse(BaseModel):
    query: str
    kind: str
    cables: int = Field(description="cables the query selects")
    most_cited: list[MostCited]
    flows: list[Flow] = Field(description="post to post, by cables sent (TO and INFO)")
    tag_pairs: list[TagPair]
    drawing: Drawing = Field(description="the top of the kind's graph laid out in the unit square")


class TrendSeries(BaseModel):
    query: str
    split: str | None = Field(description="the facet value the query is narrowed to (with split), else null")
    counts: dict[str, int] = Field(description="the query's cables per period (YYYY-MM or YYYY), every period of "
                                               "totals, 0 where none")
    totals: dict[str, int] = Field(description="all the archive's cables per period; a period without cables is "
                                               "absent (a gap, not a zero)")
    shares: dict[str, float] | None = Field(None, description="counts / totals per period (with share=true)")


class TrendsResponse(BaseModel):
    by: str = Field(description="month or year")
    share: bool
    split_by: str | None = Field(description="the facet each series is a value of, or null")
    series: list[TrendSeries]
    notes: list[str] = Field(description="what the series leave out: undated cables, values below the top, "
                                         "cables without a value, overlapping TAGS")


class Topic(BaseModel):
    id: int = Field(description="the topic's number, from 1 (search it with topic:N)")
    label: str = Field(description="the name people gave it, else its top four words")
    named: bool = Field(description="whether someone named it (cablebase topics label)")
    size: int = Field(description="cables with this topic among theirs (the topic facet's count)")
    words: list[tuple[str, float]] = Field(description="[word, share of the topic's weight] of its top words, "
                                                        "heaviest first")


class TopicCable(BaseModel):
    id: str
    date: str | None
    origin: str | None
    subject: str | None
    weight: float = Field(description="the topic's share of the cable's topic weights (0 to 1)")


class TopicResponse(Topic):
    posts: list[tuple[str, int]] = Field(description="[origin, cables] of the posts with the most of its cables")
    tags: list[tuple[str, int]] = Field(description="[TAG, cables] of the commonest TAGS of its cables")
    cables: list[TopicCable] = Field(description="representative cables: the heaviest in the topic first")
    trend: TrendSeries = Field(description="its cables per year beside all cables of the year (shares: counts / "
                                           "totals), as /api/trends?q=topic:N&by=year&share=true gives it")
