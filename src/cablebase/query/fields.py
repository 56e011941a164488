"""The catalogue of search fields: each field declared once, everything else derived from it.

A :class:`Field` says what the query language calls it, which index columns hold it and how each is
filled (:mod:`cablebase.query.values`), how a query term is matched against it, whether it is a filter
(and a facet counted for every search), its web parameter, label, meaning and examples. The parser's field
names, the index schema and documents, the query translation, facet counting, the web filter parameters
and their OpenAPI description, the browse lists and the field table of ``docs/query-language.md`` are all
read from :data:`FIELDS`.

    python -m cablebase.query.fields --markdown          # the field table, as the docs hold it
    python -m cablebase.query.fields --write docs/query-language.md   # the docs' table made again
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cablebase.model import StoredCable
from cablebase.query import values as v
from cablebase.query.analysis import FOLDED, RAW, STEMMED

INT = "int"  # an integer column (dates), indexed and fast
Search = Literal["words", "code", "cable-id", "tag", "post", "date", "topic"]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the search index and the function that fills it from a stored cable."""

    name: str
    analyzer: str  # STEMMED, FOLDED, RAW or INT
    values: Callable[[StoredCable], list[str] | list[int]] | None  # None: filled by the archive, not the record
    stored: bool = False  # kept in the index, so a hit list needs no record
    fast: bool = False  # a column the engine counts and sorts by (facets, filters)
    term: Callable[[str], str] | None = None  # how a value is written as a term (and a filter matched)


def _value(name: str, values: Callable[[StoredCable], list[str]], stored: bool = False,
           term: Callable[[str], str] | None = None) -> Column:
    """An exact-value column: filtered on, counted, matched whole."""
    return Column(name, RAW, values, stored=stored, fast=True, term=term)


@dataclass(frozen=True, slots=True)
class Browse:
    """A browse list (``/browse/posts``): its name in URLs, its title, its place on ``/browse``."""

    name: str
    title: str
    place: int
    chronological: bool = False  # read in the values' order (years), not by count


@dataclass(frozen=True, slots=True)
class Field:
    """One search field. ``search`` says how a query term is matched:

    - ``words``: the words of ``words`` columns (``=word``, prefixes and fuzzy terms in ``exact``);
    - ``code``: one exact value in upper case (``caveat:noforn`` is NOFORN);
    - ``cable-id``: a cable id in any form, made canonical (prefixes as typed);
    - ``tag``: a TAGS code, or the words of the TAGS' meanings;
    - ``post``: a post's exact name when the station table knows the spelling, else its words;
    - ``date``: a day, month or year, or a range of them, in the ``range`` column;
    - ``topic``: a topic's number (words of its label or top words are made numbers by the archive, which
      knows its topic model: :func:`cablebase.analysis.topics.resolve`).
    """

    name: str  # the filter and facet name (``/search?origin=...``, ``facets["origin"]``)
    label: str
    meaning: str  # what it searches, as the docs say it
    columns: tuple[Column, ...]
    query: str | None = None  # the name in the query language (None: not searchable by name)
    aliases: tuple[str, ...] = ()  # other names the query language accepts
    search: Search = "words"
    words: tuple[str, ...] = ()  # columns a word is looked up in
    exact: tuple[str, ...] = ()  # columns for =word, prefixes and fuzzy terms (default: ``words``)
    value: str | None = None  # the exact-value column (filters, facets, codes, ids)
    range: str | None = None  # the integer day column a date range is matched against
    default: float = 0.0  # weight of its ``words`` in a search without a field (0: not searched)
    in_text: bool = False  # its words are the reading text's (snippets are cut around them)
    place: int | None = None  # its place among the filters (None: not a filter)
    facet: bool = False  # counted for every search (and a web filter parameter)
    param: str | None = None  # the web filter parameter's description
    gloss: Callable[[str], str | None] | None = None  # what a value means, shown beside it
    browse: Browse | None = None
    examples: tuple[str, ...] = ()  # queries for the docs' table (each must find something in samples/)

    def term(self, value: str) -> str:
        """A filter value as the index holds it (signers in capitals: ``garza`` is ``GARZA``)."""
        column = COLUMNS[self.value] if self.value else None
        return column.term(value) if column is not None and column.term else value


FIELDS: tuple[Field, ...] = (
    Field("subject", "Subject", "the subject line", query="subject", in_text=True, default=2.0,
          columns=(Column("subject", STEMMED, v.subject, stored=True),), words=("subject",), exact=("body_exact",),
          examples=("subject:guantanamo",)),
    Field("body", "Text", "the reading text", query="body", in_text=True, default=1.0,
          columns=(Column("body", STEMMED, v.body, stored=True), Column("body_exact", FOLDED, v.text_words)),
          words=("body",), exact=("body_exact",), examples=('body:"medina mora"',)),
    Field("tag", "TAGS", "TAGS codes, or words of their meanings", query="tag", search="tag", default=0.5,
          columns=(Column("tagtext", STEMMED, v.tag_meanings), _value("tag", v.tag_codes)),
          words=("tagtext",), value="tag", place=7, facet=True, param="TAGS code (PREL, MX, ...)", gloss=v.tag_gloss,
          browse=Browse("tags", "TAGS", 2), examples=("tag:PREL", "tag:OVIP", 'tag:"human rights"')),
    Field("origin", "Origin", "originating post", query="origin", search="post",
          columns=(Column("origin_text", FOLDED, v.origin), _value("origin", v.origin, stored=True)),
          words=("origin_text",), value="origin", place=1, facet=True,
          param="origin post, exactly as faceted (repeat to AND)", browse=Browse("posts", "Posts", 1),
          examples=('origin:"Embassy Paris"', "origin:madrid")),
    Field("from", "From", "originator (post, FM address)", query="from",
          columns=(Column("from_text", FOLDED, v.sender_words),), words=("from_text",),
          examples=('from:"amembassy madrid"',)),
    Field("to", "To", "TO and INFO addressees (addresses and posts)", query="to",
          columns=(Column("to_text", FOLDED, v.addressee_words),), words=("to_text",), examples=('to:"white house"',)),
    Field("classification", "Classification", "classification in the published convention", query="class",
          columns=(Column("class_text", FOLDED, v.classification),
                   _value("classification", v.classification, stored=True)),
          words=("class_text",), value="classification", place=5, facet=True,
          param="classification in the published convention", browse=Browse("classifications", "Classifications", 5),
          examples=("class:secret", 'class:"secret//noforn"')),
    Field("caveat", "Caveat", "handling caveats", query="caveat", search="code",
          columns=(_value("caveat", v.caveats),), value="caveat", place=6, facet=True,
          param="handling caveat (SIPDIS, NOFORN, ...)", gloss=v.caveat_gloss, browse=Browse("caveats", "Caveats", 7),
          examples=("caveat:NOFORN", "caveat:SIPDIS")),
    Field("signer", "Signer", "signers", query="signer",
          columns=(Column("signer_text", FOLDED, v.signer_words), _value("signer", v.signers, term=str.upper)),
          words=("signer_text",), value="signer", place=9, facet=True, param="signer's name, any case (GARZA)",
          browse=Browse("signers", "Signers", 3), examples=("signer:garza",)),
    Field("ref", "Cites", "cables cited in REF lines (any id form)", query="ref", search="cable-id",
          columns=(_value("ref", v.cited_ids),), value="ref", examples=("ref:06MADRID1914",)),
    Field("id", "Id", "the cable itself (any id form)", query="id", search="cable-id",
          columns=(_value("id", v.cable_id, stored=True),), value="id", examples=("id:1974ATHENS02959_b",)),
    Field("date", "Date", "the day of the DTG: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or a range `[FROM TO TO]` (`*` "
          "leaves a side open)", query="date", search="date", range="day",
          columns=(Column("ts", INT, v.timestamp), Column("day", INT, v.day), Column("date", RAW, v.iso, stored=True)),
          examples=("date:[2007-01 TO 2007-06]", "date:2007-03")),
    Field("year", "Year", "cables of a year, or of a range of years", query="year", search="date", range="day",
          columns=(_value("year", v.year),), value="year", place=3, facet=True,
          param="year of the date-time group (YYYY)", browse=Browse("years", "Years", 4, chronological=True),
          examples=("year:2007",)),
    Field("month", "Month", "the month of the date (YYYY-MM), as the histogram counts it",
          columns=(_value("month", v.month),), value="month", place=4),
    Field("country", "Country", "ISO country of the originating post", query="country", search="code",
          columns=(_value("country", v.country),), value="country", place=2, facet=True,
          param="ISO country code of the origin post", browse=Browse("countries", "Countries", 6),
          examples=("country:MX",)),
    Field("precedence", "Precedence", "FLASH, NIACT IMMEDIATE, IMMEDIATE, PRIORITY, ROUTINE", query="precedence",
          search="code", columns=(_value("precedence", v.precedence),), value="precedence", place=8, facet=True,
          param="precedence (IMMEDIATE, PRIORITY, ...)", gloss=v.precedence_gloss, examples=("precedence:IMMEDIATE",)),
    Field("topic", "Topic", "the cable's topics in the archive's topic model (`cablebase topics build`): a topic's "
          "number, or words of its label or top words", query="topic", search="topic",
          columns=(Column("topic", RAW, None, fast=True, term=v.topic_number),), value="topic", place=10, facet=True,
          param="topic number (see /topics)", examples=("topic:3", 'topic:"guantanamo"')),
)

BY_NAME = {f.name: f for f in FIELDS}
COLUMNS = {c.name: c for f in FIELDS for c in f.columns}
# query-language name (or alias) -> field
BY_QUERY = {name: f for f in FIELDS if f.query for name in (f.query, *f.aliases)}
QUERY_NAMES = tuple(f.query for f in FIELDS if f.query)  # as the parser's error message lists them
FILTERS = tuple(f.name for f in sorted((f for f in FIELDS if f.place is not None), key=lambda f: f.place or 0))
FACETS = tuple(name for name in FILTERS if BY_NAME[name].facet)
BROWSE = {f.browse.name: f for f in sorted((f for f in FIELDS if f.browse), key=lambda f: f.browse.place)}  # type: ignore[union-attr]
DEFAULT = tuple((column, f.default) for f in FIELDS if f.default for column in f.words)  # a search without a field
DEFAULT_EXACT = tuple(dict.fromkeys(c for f in FIELDS if f.in_text for c in f.exact or f.words))


def term(field: str, value: str) -> str:
    """A filter value of ``field`` as the index holds it and the facets count it."""
    return BY_NAME[field].term(value)


def gloss(field: str, value: str) -> str | None:
    """What a value of ``field`` means (TAGS, caveats and precedences say), or None."""
    f = BY_NAME.get(field)
    return f.gloss(value) if f is not None and f.gloss is not None else None


# -- the docs' field table -----------------------------------------------------------------------------

TABLE_HEAD = "| field | searches | example |"


def markdown_table() -> str:
    """The field table of ``docs/query-language.md``, one row per field the query language names."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    rows = [TABLE_HEAD, "|---|---|---|"]
    for f in FIELDS:
        if f.query:
            names = ", ".join(f"`{n}:`" for n in (f.query, *f.aliases))
            rows.append(f"| {names} | {cell(f.meaning)} | {', '.join(f'`{cell(e)}`' for e in f.examples)} |")
    return "\n".join(rows) + "\n"


def with_table(doc: str) -> str:
    """``doc`` with its field table (from :data:`TABLE_HEAD` to the next blank line) made again."""
    start = doc.index(TABLE_HEAD)
    end = doc.find("\n\n", start)
    end = len(doc) if end < 0 else end + 1
    return doc[:start] + markdown_table() + doc[end:]


def main(argv: list[str]) -> int:
    if argv[:1] == ["--markdown"]:
        sys.stdout.write(markdown_table())
        return 0
    if argv[:1] == ["--write"] and len(argv) == 2:
        path = Path(argv[1])
        path.write_text(with_table(path.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    sys.stderr.write("usage: python -m cablebase.query.fields --markdown | --write docs/query-language.md\n")
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
