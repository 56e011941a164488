"""The syntax tree -> a Tantivy query, field by field as the catalogue (:mod:`cablebase.query.fields`) says.

Each field's ``search`` names how its terms are matched (words, codes, cable ids, TAGS, posts, dates); the
columns come from its declaration, so a new field needs no code here unless it is matched in a new way.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Sequence

import tantivy
from tantivy import Occur, Query

from cablebase import reference
from cablebase.decode.ids import canonical_id
from cablebase.errors import QueryError
from cablebase.query.analysis import ANALYZERS, FOLDED, STEMMED
from cablebase.query.fields import BY_NAME, BY_QUERY, COLUMNS, DEFAULT, DEFAULT_EXACT, Field
from cablebase.query.parser import And, MatchAll, Node, Not, Or, Phrase, Range, Term

_DATE = BY_NAME["date"]  # what a range on a field that is no date is matched against, as ever


def tokens(column: str, text: str) -> list[str]:
    """``text`` cut into the terms of an index column (folded columns unstemmed)."""
    return ANALYZERS[FOLDED if COLUMNS[column].analyzer == FOLDED else STEMMED].analyze(text)


def _text_query(schema: tantivy.Schema, column: str, text: str, slop: int = 0) -> Query | None:
    toks = tokens(column, text)
    if not toks:
        return None
    if len(toks) == 1:
        return Query.term_query(schema, column, toks[0])
    return Query.phrase_query(schema, column, toks, slop)  # type: ignore[arg-type]  # (the stub's list is invariant)


def _any(queries: list[tuple[Query | None, float]]) -> Query:
    parts = [(Occur.Should, q if boost == 1.0 else Query.boost_query(q, boost)) for q, boost in queries if q]
    if not parts:
        return Query.empty_query()
    if len(parts) == 1:
        return parts[0][1]
    return Query.boolean_query(parts)


def day_bounds(text: str, q: str = "", pos: int = 0) -> tuple[int, int]:
    """First and last day (as YYYYMMDD integers) of a YYYY, YYYY-MM or YYYY-MM-DD date."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text.strip())
    if not m:
        raise QueryError(f"{text!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", q, pos)
    y = int(m.group(1))
    if m.group(3):
        mo, dd = int(m.group(2)), int(m.group(3))
        return y * 10000 + mo * 100 + dd, y * 10000 + mo * 100 + dd
    if m.group(2):
        mo = int(m.group(2))
        if not 1 <= mo <= 12:
            raise QueryError(f"month {mo} is not 1-12", q, pos)
        return y * 10000 + mo * 100 + 1, y * 10000 + mo * 100 + 31
    return y * 10000 + 101, y * 10000 + 1231


# The values an exact-value column holds in the archive (None: not known), for phrases in a post's name
Values = Callable[[str], Collection[str] | None]


def translate(node: Node, schema: tantivy.Schema, q: str = "", where: Query | None = None,
              values: Values | None = None) -> Query:
    """The Tantivy query for a syntax tree; a phrase of the top-level conjunction searched in the body is
    joined with ``where`` when it is given (see :func:`plan`); a phrase in a post's name is matched as the
    posts whose names hold it when ``values`` gives the archive's posts (see :func:`_post_phrase`)."""
    if isinstance(node, MatchAll):
        return Query.all_query()
    if isinstance(node, And):
        must = [n for n in node.nodes if not isinstance(n, Not)]
        nots = [n.node for n in node.nodes if isinstance(n, Not)]
        parts = [(Occur.Must, translate(n, schema, q, where if isinstance(n, Phrase) else None, values))
                 for n in must]
        parts += [(Occur.MustNot, translate(n, schema, q, values=values)) for n in nots]
        if not must:
            parts.append((Occur.Must, Query.all_query()))
        return Query.boolean_query(parts)
    if isinstance(node, Or):
        return Query.boolean_query([(Occur.Should, translate(n, schema, q, values=values)) for n in node.nodes])
    if isinstance(node, Not):
        return Query.boolean_query([(Occur.Must, Query.all_query()),
                                    (Occur.MustNot, translate(node.node, schema, q, values=values))])
    if isinstance(node, Range):
        return _range(node, schema, q)
    if isinstance(node, Phrase):
        return _phrase(node, schema, where, values)
    assert isinstance(node, Term)
    return _term(node, schema, q)


def date_range(schema: tantivy.Schema, low: tuple[int, int] | None, high: tuple[int, int] | None,
               field: Field = _DATE) -> Query:
    """Cables dated from the first day of ``low`` to the last of ``high`` (either side may be open)."""
    lo, hi = low[0] if low else None, high[1] if high else None
    if lo is None and hi is None:
        return Query.all_query()
    return Query.range_query(schema, field.range or "day", tantivy.FieldType.Integer, lo, hi)


def _range(node: Range, schema: tantivy.Schema, q: str) -> Query:
    field = BY_QUERY.get(node.field)
    return date_range(schema, day_bounds(node.low, q, node.low_pos or node.pos) if node.low else None,
                      day_bounds(node.high, q, node.high_pos or node.pos) if node.high else None,
                      field if field is not None and field.range else _DATE)


def _phrase(node: Phrase, schema: tantivy.Schema, where: Query | None = None, values: Values | None = None) -> Query:
    field = BY_QUERY.get(node.field or "")
    if field is not None and field.search == "post" and values is not None and not node.slop:
        if (matched := _post_phrase(field, node.text, values)) is not None:
            return Query.term_set_query(schema, field.value, matched) if matched else Query.empty_query()  # type: ignore[arg-type]
    if field is not None and field.search in ("words", "post"):
        return _any([(_text_query(schema, column, node.text, node.slop), 1.0) for column in field.words])
    if field is not None and field.search in ("tag", "code", "cable-id", "topic"):
        return _term(Term(node.text, node.field, pos=node.pos), schema, "")
    # default fields; the tag-meaning field makes "External Political Relations" find PREL cables
    parts = []
    for column, boost in DEFAULT:
        p = _text_query(schema, column, node.text, node.slop)
        if where is not None and column == "body" and p is not None:
            p = Query.boolean_query([(Occur.Must, where), (Occur.Must, p)])  # positions checked where it matches
        parts.append((p, boost))
    return _any(parts)


def _post_phrase(field: Field, text: str, values: Values) -> list[str] | None:
    """The posts of the archive whose names hold the phrase (``origin:"Secretary of State"``), None when
    they are not known. A cable has one origin, so these are exactly the cables the phrase matches in the
    origin's words; the engine then looks up a few terms instead of checking word positions in every
    cable of the posts' words (35 ms in a 2,000,000-cable archive where most cables come from the
    Secretary). The cables matched all score the same: a post's name is a label, not a text whose words
    weigh more the shorter it is."""
    known = values(field.value or field.name)
    if known is None:
        return None
    column = field.words[0]
    want = tuple(tokens(column, text))
    if not want:
        return None
    return sorted(v for v in known if _holds(_folded(column, v), want))


@functools.lru_cache(maxsize=65536)  # (the posts of a few archives: SIZE at most each)
def _folded(column: str, value: str) -> tuple[str, ...]:
    return tuple(tokens(column, value))


def _holds(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(words[i:i + n] == phrase for i in range(len(words) - n + 1))


def _term(node: Term, schema: tantivy.Schema, q: str) -> Query:
    field = BY_QUERY.get(node.field or "")
    text = node.text
    search = field.search if field is not None else None
    if field is not None and field.value is not None:
        column = field.value
        if search == "tag":
            code = text.upper()
            if node.prefix:
                return Query.regex_query(schema, column, re.escape(code) + ".*")
            words = None if re.fullmatch(r"[A-Za-z]{2,5}", text) else _text_query(schema, field.words[0], text)
            return _any([(Query.term_query(schema, column, code), 1.0), (words, 1.0)])
        if search == "code":
            return Query.term_query(schema, column, text.upper())
        if search == "topic":  # a number (words were made numbers by the archive: topics.resolve)
            if node.prefix or node.fuzzy:
                raise QueryError("a topic is a number or words of its label: no wildcard or fuzzy match", q,
                                 node.pos)
            number = field.term(text)
            return Query.term_query(schema, column, number) if number.isdigit() else Query.empty_query()
        if search == "cable-id":
            if node.prefix:
                return Query.regex_query(schema, column, re.escape(text.upper()) + ".*")
            return Query.term_query(schema, column, canonical_id(text)[0] or text.upper())
        if search == "post" and not node.prefix and (post := reference.station_post(text)):
            return _any([(Query.term_query(schema, column, post), 2.0),
                         (_text_query(schema, field.words[0], text), 1.0)])
    words = field.words if field is not None and search in ("words", "post") else ()
    if node.exact or node.prefix or node.fuzzy:
        target = (field.exact or field.words) if words and field is not None else DEFAULT_EXACT
        toks = tokens(target[0], text)
        if not toks:
            return Query.empty_query()
        word = toks[0]
        out: list[tuple[Query | None, float]] = []
        for column in target:
            if node.prefix:
                out.append((Query.regex_query(schema, column, re.escape(word) + ".*"), 1.0))
            elif node.fuzzy:
                out.append((Query.fuzzy_term_query(schema, column, word, node.fuzzy, True, False), 1.0))
            else:
                out.append((_text_query(schema, column, text), 1.0))
        return _any(out)
    if words:
        return _any([(_text_query(schema, column, text), 1.0) for column in words])
    return _any([(_text_query(schema, column, text), boost) for column, boost in DEFAULT])


def highlight_stems(node: Node) -> list[str]:
    """Stems of the words a query looks for in the reading text (negated words excluded), to find where in
    a long cable the snippet should come from."""
    if isinstance(node, (And, Or)):
        return [w for n in node.nodes for w in highlight_stems(n)]
    if isinstance(node, (Term, Phrase)) and (node.field is None or BY_QUERY[node.field].in_text):
        return tokens("body", node.text)
    return []


def is_cheap(node: Node, posts: bool = False) -> bool:
    """Whether running the query again costs little (plain words and ranges: no phrases, prefixes or fuzzy
    terms, which the engine must expand or check positions for; with ``posts``, phrases in a post's name,
    matched as the posts that hold them: see :func:`_post_phrase`)."""
    if isinstance(node, (And, Or)):
        return all(is_cheap(n, posts) for n in node.nodes)
    if isinstance(node, Not):
        return is_cheap(node.node, posts)
    if isinstance(node, Term):
        return not (node.prefix or node.fuzzy)
    if isinstance(node, Phrase):
        field = BY_QUERY.get(node.field or "")
        return posts and field is not None and field.search == "post" and not node.slop
    return isinstance(node, (Range, MatchAll))


# -- a whole search: the tree narrowed by filters ------------------------------------------------------

# A phrase is joined with the rest of the query (see plan) when the rest matches at most this share of the
# archive: joined with a very common word, the engine reads that word's cables once more for little gain.
NARROWS = 0.5
Narrowing = tuple[Query, int | None]  # an exact filter and how many cables it matches (None: not known)


def value_filter(schema: tantivy.Schema, field: Field, value: str,
                 searcher: tantivy.Searcher | None = None) -> Narrowing:
    """Cables whose ``field`` holds exactly ``value`` (a facet's value), and how many there are."""
    column, term = field.value or field.name, field.term(value)
    return Query.term_query(schema, column, term), searcher.doc_freq(column, term) if searcher is not None else None


def plan(node: Node, schema: tantivy.Schema, q: str = "", filters: list[Narrowing] | None = None,
         searcher: tantivy.Searcher | None = None, values: Values | None = None) -> Query:
    """The engine query for a whole search: the syntax tree, narrowed by exact ``filters`` (facet values,
    date ranges) when there are any.

    A phrase in the default fields is a union of phrase matchers (subject, body, tag meanings), and the
    engine cannot skip through a union: it checks word positions in every cable holding the phrase's words,
    however few of them the rest of the query matches (``"national security" zimbabwe``: 14 ms, where the
    body phrase joined with the word alone takes 1 ms). So when the rest of the query is known (from the
    ``searcher``'s word counts) to match at most half the archive, the body phrase is joined with it, as a
    filter that adds nothing to the score, and positions are checked only where the rest matches. The
    cables found and their scores are those of the plain translation. ``values``: see :func:`translate`.
    """
    filters = filters or []
    nodes = node.nodes if isinstance(node, And) else (node,)
    where = None
    if searcher is not None and any(isinstance(n, Phrase) and _default_field_phrase(n) for n in nodes):
        # (phrases, prefixes and fuzzy terms are not cheap: only plain words, TAGS and ranges narrow)
        narrowing = [(translate(n, schema, q, values=values), _matches(n, searcher)) for n in nodes
                     if not isinstance(n, Not) and is_cheap(n)] + filters
        sizes = [size for _, size in narrowing if size is not None]
        if sizes and min(sizes) <= NARROWS * searcher.num_docs:
            where = Query.const_score_query(Query.boolean_query([(Occur.Must, f) for f, _ in narrowing]), 0.0)
    query = translate(node, schema, q, where, values)
    if not filters:
        return query
    return Query.boolean_query([(Occur.Must, query), *((Occur.Must, f) for f, _ in filters)])


def _default_field_phrase(node: Phrase) -> bool:
    return node.field is None and len(tokens("body", node.text)) > 1


def estimate(node: Node, searcher: tantivy.Searcher) -> int | None:
    """About how many cables a query of one plain word or TAGS code matches, from the index's counts before
    any search (deleted documents included, and a word's cables outside the body left out); None for any
    other query."""
    return _matches(node, searcher)


def bound(node: Node, searcher: tantivy.Searcher, sizes: Sequence[int | None], months: dict[str, int] | None = None,
          dates: tuple[str | None, str | None] = (None, None)) -> int | None:
    """About the most cables a query can match, before any search: the fewest of its conjunction's plain
    words and TAGS codes (from the index's counts, see :func:`_matches`: a word's cables outside the body
    are not in them, so this is an estimate), exact filters (their ``sizes``) and date ranges (the archive's
    cables in the ``months`` they cover, with ``dates``, a search's ``date_from`` and ``date_to``); None
    when nothing bounds it. (Only the order of the work is chosen with it: the counts found are exact
    whatever it says.)"""
    known = [n for n in sizes if n is not None]
    for n in node.nodes if isinstance(node, And) else (node,):
        if isinstance(n, Range) and n.field == "date" and months is not None:
            known.append(_in_months(months, n.low, n.high))
        elif (size := _matches(n, searcher)) is not None:
            known.append(size)
    if months is not None and (dates[0] or dates[1]):
        known.append(_in_months(months, *dates))
    return min(known) if known else None


def _in_months(months: dict[str, int], low: str | None, high: str | None) -> int:
    """Cables of the months that a range of days from ``low`` to ``high`` touches (``months``: counts by
    ``YYYY-MM``)."""
    first = day_bounds(low)[0] // 100 if low else 0
    last = day_bounds(high)[1] // 100 if high else 999999
    return sum(n for month, n in months.items() if month[:4].isdigit() and month[5:7].isdigit()
               and first <= int(month[:4]) * 100 + int(month[5:7]) <= last)


def _matches(node: Node, searcher: tantivy.Searcher | None) -> int | None:
    """How many cables a plain word or a TAGS code matches, from the index's counts (None: not known)."""
    if searcher is None or not isinstance(node, Term) or node.prefix or node.fuzzy or node.exact:
        return None
    field = BY_QUERY.get(node.field or "")
    if field is not None and field.search == "tag" and field.value:
        return int(searcher.doc_freq(field.value, node.text.upper()))
    toks = tokens("body", node.text)
    if (field is None or field.words == ("body",)) and len(toks) == 1:  # counted in the body alone
        return int(searcher.doc_freq("body", toks[0]))
    return None
