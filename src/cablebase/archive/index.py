"""The full-text index (Tantivy): schema, analyzers, documents from records, queries from the syntax tree.

The index is a view of the SQLite records: it can always be rebuilt from them. Text fields are folded
(case and diacritics) and stemmed (English); ``body_exact`` keeps unstemmed words for ``=word``, prefix and
fuzzy terms. Facet fields are raw fast fields aggregated by Tantivy itself.
"""

from __future__ import annotations

import calendar
import re
from pathlib import Path

import orjson
import tantivy
from tantivy import Filter, Occur, Query, TextAnalyzerBuilder, Tokenizer

from cablebase import reference
from cablebase.decode.ids import canonical_id
from cablebase.errors import QueryError
from cablebase.model import StoredCable, iso_date
from cablebase.query.parser import And, MatchAll, Node, Not, Or, Phrase, Range, Term

STEMMED = "en_stem"
FOLDED = "en_fold"
FACETS = ("origin", "country", "year", "month", "classification", "caveat", "tag", "precedence", "signer")


def _analyzers() -> dict[str, tantivy.TextAnalyzer]:
    stem = (TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(40)).filter(Filter.lowercase())
            .filter(Filter.ascii_fold()).filter(Filter.stemmer("english")).build())
    fold = (TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(40)).filter(Filter.lowercase())
            .filter(Filter.ascii_fold()).build())
    return {STEMMED: stem, FOLDED: fold}


ANALYZERS = _analyzers()


def build_schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("id", stored=True, tokenizer_name="raw", fast=True)
    b.add_integer_field("seq", stored=True, indexed=True, fast=True)
    b.add_integer_field("ts", stored=False, indexed=True, fast=True)
    b.add_integer_field("day", stored=False, indexed=True, fast=True)
    b.add_text_field("date", stored=True, tokenizer_name="raw")  # stored with subject, origin and classification:
    b.add_text_field("subject", stored=True, tokenizer_name=STEMMED)  # a result list needs no other lookup
    b.add_text_field("body", stored=True, tokenizer_name=STEMMED)
    b.add_text_field("body_exact", stored=False, tokenizer_name=FOLDED)
    b.add_text_field("tagtext", stored=False, tokenizer_name=STEMMED)
    for name in ("origin_text", "from_text", "to_text", "class_text", "signer_text"):
        b.add_text_field(name, stored=False, tokenizer_name=FOLDED)
    for name in ("origin", "country", "month", "classification", "caveat", "tag", "precedence", "ref", "year",
                 "signer"):
        b.add_text_field(name, stored=name in ("origin", "classification"), tokenizer_name="raw", fast=True)
    b.add_text_field("kind", stored=False, tokenizer_name="raw", fast=True)  # for counting only: see kind()
    return b.build()


# Classification, caveats and precedence as one value: reading one column of a few hundred distinct values
# counts all three facets in a quarter of the time three columns take (caveats are several values per cable).
_KIND_SEP, _CAVEAT_SEP = "\t", "\n"


def kind(classification: str | None, caveats: list[str], precedence: str | None) -> str:
    def part(text: str | None) -> str:  # (values never hold the separators; made sure of here)
        return (text or "").replace(_KIND_SEP, " ").replace(_CAVEAT_SEP, " ")

    return _KIND_SEP.join([part(classification), _CAVEAT_SEP.join(map(part, caveats)), part(precedence)])


def split_kind(value: str) -> tuple[str, list[str], str]:
    """``kind()`` undone: (classification, caveats, precedence), empty where the cable has none."""
    classification, caveats, precedence = value.split(_KIND_SEP)
    return classification, caveats.split(_CAVEAT_SEP) if caveats else [], precedence


# What the documents hold, beyond the schema: bump it when ``document()`` changes what it puts in a field
# (3: signers upper-cased; 4: the kind field), so that an index made by an older cablebase is rebuilt
# rather than mixed.
INDEX_VERSION = "4"
_VERSION_FILE = "cablebase-index-version"


class SchemaChanged(Exception):
    """The index on disk was built with an older schema; it must be rebuilt from the records."""


def open_index(path: Path, rebuild: bool = False, wipe: bool = False) -> tantivy.Index:
    """Open (or create) the index. An index of an older schema or version (or any, with ``wipe``) is wiped
    when ``rebuild`` (ingest then re-indexes every record from SQLite) and raises :class:`SchemaChanged`
    otherwise."""
    path.mkdir(parents=True, exist_ok=True)
    schema = build_schema()
    stamp = path / _VERSION_FILE
    fresh = not any(path.iterdir())
    try:
        index = tantivy.Index(schema, path=str(path), reuse=True)
        current = fresh or not wipe and stamp.exists() and stamp.read_text().strip() == INDEX_VERSION
    except ValueError as exc:
        if "schema does not match" not in str(exc):
            raise
        current = False
    if not current:
        if not rebuild:
            raise SchemaChanged(str(path))
        for f in path.iterdir():
            f.unlink()
        index = tantivy.Index(schema, path=str(path), reuse=True)
        fresh = True
    if fresh:
        stamp.write_text(INDEX_VERSION + "\n")
    for name, analyzer in ANALYZERS.items():
        index.register_tokenizer(name, analyzer)
    return index


def index_shape(path: Path) -> tuple[int, float]:
    """The index's segments and the share of their documents that are deleted (from Tantivy's meta.json).
    An updated record leaves its old document deleted in place until segments are merged, and the engine
    still reads past it on every search: after many updates a rebuild makes searches quicker."""
    meta = path / "meta.json"
    if not meta.exists():
        return 0, 0.0
    segments = orjson.loads(meta.read_bytes()).get("segments", [])
    docs = sum(s.get("max_doc", 0) for s in segments)
    deleted = sum((s.get("deletes") or {}).get("num_deleted_docs", 0) for s in segments)
    return len(segments), deleted / docs if docs else 0.0


def facet_term(field: str, value: str) -> str:
    """The term a facet value is indexed (and filtered) as: signers in upper case, one facet value per name
    (cables sign "GARZA" and "Garza" alike); other values as they are."""
    return value.upper() if field == "signer" else value


def document(rec: StoredCable, seq: int) -> tantivy.Document:
    """A Tantivy document for a stored record."""
    c = rec.cable
    d = tantivy.Document()
    d.add_text("id", rec.id)
    d.add_integer("seq", seq)
    if c.date:
        when = c.date
        d.add_integer("day", when.year * 10000 + when.month * 100 + when.day)
        d.add_integer("ts", calendar.timegm((when.year, when.month, when.day, when.hour, when.minute, 0)))
        d.add_text("month", f"{when.year:04d}-{when.month:02d}")
        d.add_text("year", f"{when.year:04d}")
        d.add_text("date", iso_date(when))
    subject = c.subject or ""
    d.add_text("subject", subject)
    d.add_text("body", c.body)
    d.add_text("body_exact", subject + "\n" + c.body)
    d.add_text("tagtext", " ".join(t.meaning or "" for t in c.tags))
    for t in c.tags:
        d.add_text("tag", t.code)
    if c.origin:
        d.add_text("origin", c.origin)
        d.add_text("origin_text", c.origin)
    if c.origin_country:
        d.add_text("country", c.origin_country)
    sender = c.sender
    d.add_text("from_text", " ".join(filter(None, [c.origin, sender.address if sender else None,
                                                   sender.post if sender else None])))
    d.add_text("to_text", " | ".join(" ".join(filter(None, [a.address, a.post])) for a in c.to + c.info))
    if c.classification:
        d.add_text("classification", c.classification)
        d.add_text("class_text", c.classification)
    for caveat in c.caveats:
        d.add_text("caveat", caveat)
    if c.precedence:
        d.add_text("precedence", c.precedence)
    d.add_text("kind", kind(c.classification, list(dict.fromkeys(c.caveats)), c.precedence))
    d.add_text("signer_text", " ".join(c.signers))
    for signer in c.signers:
        d.add_text("signer", facet_term("signer", signer))
    for ref in c.reference_ids:
        d.add_text("ref", ref)
    return d


# -- query translation ---------------------------------------------------------------------------------

_TEXT_FIELDS = {"subject": ["subject"], "body": ["body"], "origin": ["origin_text"], "from": ["from_text"],
                "to": ["to_text"], "class": ["class_text"], "signer": ["signer_text"]}
_DEFAULT = [("subject", 2.0), ("body", 1.0), ("tagtext", 0.5)]


def _tokens(field: str, text: str) -> list[str]:
    analyzer = ANALYZERS[FOLDED if field.endswith(("_text", "_exact")) else STEMMED]
    return analyzer.analyze(text)


def _text_query(schema: tantivy.Schema, field: str, text: str, slop: int = 0) -> Query | None:
    toks = _tokens(field, text)
    if not toks:
        return None
    if len(toks) == 1:
        return Query.term_query(schema, field, toks[0])
    return Query.phrase_query(schema, field, toks, slop)  # type: ignore[arg-type]  # (the stub's list is invariant)


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


def translate(node: Node, schema: tantivy.Schema, q: str = "", where: Query | None = None) -> Query:
    """The Tantivy query for a syntax tree; a phrase of the top-level conjunction searched in the body is
    joined with ``where`` when it is given (see :func:`plan`)."""
    if isinstance(node, MatchAll):
        return Query.all_query()
    if isinstance(node, And):
        must = [n for n in node.nodes if not isinstance(n, Not)]
        nots = [n.node for n in node.nodes if isinstance(n, Not)]
        parts = [(Occur.Must, translate(n, schema, q, where if isinstance(n, Phrase) else None)) for n in must]
        parts += [(Occur.MustNot, translate(n, schema, q)) for n in nots]
        if not must:
            parts.append((Occur.Must, Query.all_query()))
        return Query.boolean_query(parts)
    if isinstance(node, Or):
        return Query.boolean_query([(Occur.Should, translate(n, schema, q)) for n in node.nodes])
    if isinstance(node, Not):
        return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, translate(node.node, schema, q))])
    if isinstance(node, Range):
        lo = day_bounds(node.low, q, node.pos)[0] if node.low else None
        hi = day_bounds(node.high, q, node.pos)[1] if node.high else None
        if lo is None and hi is None:
            return Query.all_query()
        return Query.range_query(schema, "day", tantivy.FieldType.Integer, lo, hi)
    if isinstance(node, Phrase):
        return _phrase(node, schema, where)
    assert isinstance(node, Term)
    return _term(node, schema, q)


def _phrase(node: Phrase, schema: tantivy.Schema, where: Query | None = None) -> Query:
    f = node.field
    if f in _TEXT_FIELDS:
        return _any([(_text_query(schema, fld, node.text, node.slop), 1.0) for fld in _TEXT_FIELDS[f]])
    if f in ("tag", "caveat", "ref", "id", "country", "precedence"):
        return _term(Term(node.text, f, pos=node.pos), schema, "")
    # default fields; the tag-meaning field makes "External Political Relations" find PREL cables
    parts = []
    for fld, boost in _DEFAULT:
        p = _text_query(schema, fld, node.text, node.slop)
        if where is not None and fld == "body" and p is not None:
            p = Query.boolean_query([(Occur.Must, where), (Occur.Must, p)])  # positions checked where it matches
        parts.append((p, boost))
    return _any(parts)


# A phrase is joined with the rest of the query (see plan) when the rest matches at most this share of the
# archive: joined with a very common word, the engine reads that word's cables once more for little gain.
NARROWS = 0.5
Narrowing = tuple[Query, int | None]  # an exact filter and how many cables it matches (None: not known)


def plan(node: Node, schema: tantivy.Schema, q: str = "", filters: list[Narrowing] | None = None,
         searcher: tantivy.Searcher | None = None) -> Query:
    """The engine query for a whole search: the syntax tree, narrowed by exact ``filters`` (facet values,
    date ranges) when there are any.

    A phrase in the default fields is a union of phrase matchers (subject, body, tag meanings), and the
    engine cannot skip through a union: it checks word positions in every cable holding the phrase's words,
    however few of them the rest of the query matches (``"national security" zimbabwe``: 14 ms, where the
    body phrase joined with the word alone takes 1 ms). So when the rest of the query is known (from the
    ``searcher``'s word counts) to match at most half the archive, the body phrase is joined with it, as a
    filter that adds nothing to the score, and positions are checked only where the rest matches. The
    cables found and their scores are those of the plain translation.
    """
    filters = filters or []
    nodes = node.nodes if isinstance(node, And) else (node,)
    where = None
    if searcher is not None and any(isinstance(n, Phrase) and _default_field_phrase(n) for n in nodes):
        # (phrases, prefixes and fuzzy terms are not cheap: only plain words, TAGS and ranges narrow)
        narrowing = [(translate(n, schema, q), _matches(n, searcher)) for n in nodes
                     if not isinstance(n, Not) and is_cheap(n)] + filters
        sizes = [size for _, size in narrowing if size is not None]
        if sizes and min(sizes) <= NARROWS * searcher.num_docs:
            where = Query.const_score_query(Query.boolean_query([(Occur.Must, f) for f, _ in narrowing]), 0.0)
    query = translate(node, schema, q, where)
    if not filters:
        return query
    return Query.boolean_query([(Occur.Must, query), *((Occur.Must, f) for f, _ in filters)])


def _default_field_phrase(node: Phrase) -> bool:
    return node.field is None and len(_tokens("body", node.text)) > 1


def _matches(node: Node, searcher: tantivy.Searcher | None) -> int | None:
    """How many cables a plain word or a TAGS code matches, from the index's counts (None: not known)."""
    if searcher is None or not isinstance(node, Term) or node.prefix or node.fuzzy or node.exact:
        return None
    if node.field == "tag":
        return int(searcher.doc_freq("tag", node.text.upper()))
    toks = _tokens("body", node.text)
    if node.field in (None, "body") and len(toks) == 1:
        return int(searcher.doc_freq("body", toks[0]))
    return None


def _term(node: Term, schema: tantivy.Schema, q: str) -> Query:
    f, text = node.field, node.text
    if f == "tag":
        code = text.upper()
        if node.prefix:
            return Query.regex_query(schema, "tag", re.escape(code) + ".*")
        return _any([(Query.term_query(schema, "tag", code), 1.0),
                     (_text_query(schema, "tagtext", text), 1.0) if not re.fullmatch(r"[A-Za-z]{2,5}", text) else
                     (None, 1.0)])
    if f == "caveat":
        return Query.term_query(schema, "caveat", text.upper())
    if f == "country":
        return Query.term_query(schema, "country", text.upper())
    if f == "precedence":
        return Query.term_query(schema, "precedence", text.upper())
    if f in ("ref", "id"):
        ident = canonical_id(text)[0] or text.upper()
        if node.prefix:
            return Query.regex_query(schema, "ref" if f == "ref" else "id", re.escape(text.upper()) + ".*")
        return Query.term_query(schema, "ref" if f == "ref" else "id", ident)
    if f == "origin" and not node.prefix:
        post = reference.station_post(text)
        if post:
            return _any([(Query.term_query(schema, "origin", post), 2.0),
                         (_text_query(schema, "origin_text", text), 1.0)])
    fields = _TEXT_FIELDS.get(f or "", None)
    if node.exact or node.prefix or node.fuzzy:
        target = [fld.replace("subject", "body_exact").replace("body", "body_exact") for fld in (fields or ["body"])]
        target = ["body_exact" if t == "body_exact_exact" else t for t in target]
        toks = _tokens("body_exact", text)
        if not toks:
            return Query.empty_query()
        word = toks[0]
        out: list[tuple[Query | None, float]] = []
        for fld in dict.fromkeys(target):
            if node.prefix:
                out.append((Query.regex_query(schema, fld, re.escape(word) + ".*"), 1.0))
            elif node.fuzzy:
                out.append((Query.fuzzy_term_query(schema, fld, word, node.fuzzy, True, False), 1.0))
            else:
                out.append((_text_query(schema, fld, text), 1.0))
        return _any(out)
    if fields:
        return _any([(_text_query(schema, fld, text), 1.0) for fld in fields])
    return _any([(_text_query(schema, fld, text), boost) for fld, boost in _DEFAULT])


def highlight_stems(node: Node) -> list[str]:
    """Stems of the words a query looks for in the body (negated words excluded), to find where in a long
    cable the snippet should come from."""
    if isinstance(node, (And, Or)):
        return [w for n in node.nodes for w in highlight_stems(n)]
    if isinstance(node, (Term, Phrase)) and node.field in (None, "body", "subject"):
        return _tokens("body", node.text)
    return []


def is_cheap(node: Node) -> bool:
    """Whether running the query again costs little (plain words and ranges: no phrases, prefixes or fuzzy
    terms, which the engine must expand or check positions for)."""
    if isinstance(node, (And, Or)):
        return all(is_cheap(n) for n in node.nodes)
    if isinstance(node, Not):
        return is_cheap(node.node)
    if isinstance(node, Term):
        return not (node.prefix or node.fuzzy)
    return isinstance(node, (Range, MatchAll))
