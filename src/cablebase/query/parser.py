"""The query language: user text -> a small syntax tree, with the position of every error.

Lucene/Elasticsearch/Aleph habits (documented in ``docs/query-language.md``)::

    iran sanctions                  both words (AND is the default)
    iran OR iraq, NOT iraq, -iraq   boolean operators; parentheses group
    "nuclear program"~3             phrase, optionally with proximity
    negotiat*  =negotiations        prefix; exact (no stemming)
    tehran~1                        fuzzy (edit distance 1 or 2)
    subject:iran tag:PREL origin:"Embassy Paris" class:secret caveat:noforn
    date:[2007-01 TO 2007-06]       date ranges by year, month or day; * leaves a side open
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import cast

from cablebase.errors import QueryError
from cablebase.query.fields import BY_QUERY, QUERY_NAMES

FIELDS = QUERY_NAMES  # the names the language knows (with their aliases, the keys of BY_QUERY)
_DATES = frozenset(name for name, f in BY_QUERY.items() if f.range)  # a word in these is a day, month or year
MAX_QUERY_CHARS = 10_000
MAX_CLAUSES = 256


@dataclass(frozen=True)
class Term:
    text: str
    field: str | None = None
    prefix: bool = False
    fuzzy: int = 0
    exact: bool = False
    pos: int = 0


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None
    slop: int = 0
    pos: int = 0


@dataclass(frozen=True)
class Range:
    field: str
    low: str | None
    high: str | None
    pos: int = 0
    # where each bound's text starts in the query (for an error about it)
    low_pos: int = dataclasses.field(default=0, compare=False)
    high_pos: int = dataclasses.field(default=0, compare=False)


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class MatchAll:
    pass


Node = Term | Phrase | Range | Not | And | Or | MatchAll


@dataclass
class _Tok:
    kind: str  # WORD PHRASE LPAREN RPAREN AND OR NOT RANGE
    text: str
    pos: int
    field: str | None = None
    extra: dict[str, object] = dataclasses.field(default_factory=dict)


_WORD_END = re.compile(r'[\s()"\[\]]')
_RANGED = " and ".join(f"{name}:" for name in dict.fromkeys(f.query for f in BY_QUERY.values() if f.range))
_OPERATORS = {"AND": "AND", "OR": "OR", "NOT": "NOT", "&&": "AND", "||": "OR"}


def _tokenize(q: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
            continue
        start = i
        if c == "(":
            toks.append(_Tok("LPAREN", c, i))
            i += 1
            continue
        if c == ")":
            toks.append(_Tok("RPAREN", c, i))
            i += 1
            continue
        negate = False
        if c in "-!" and i + 1 < n and not q[i + 1].isspace():
            negate = True
            i += 1
        elif c == "+" and i + 1 < n and not q[i + 1].isspace():
            i += 1
        # field prefix
        fld = None
        m = re.match(r"([A-Za-z]+):", q[i:])
        if m and m.group(1).lower() in BY_QUERY:
            fld = BY_QUERY[m.group(1).lower()].query
            i += m.end()
            if i >= n or q[i].isspace():
                raise QueryError(f"field {fld}: has no value", q, i)
        elif m and i + m.end() < n and not q[i + m.end()].isspace() and q[i + m.end()] not in "/":
            raise QueryError(f"unknown field {m.group(1)!r} (fields: {', '.join(FIELDS)})", q, i)
        if negate:
            toks.append(_Tok("NOT", "-", start))
        if i < n and q[i] == '"':
            end = q.find('"', i + 1)
            if end < 0:
                raise QueryError("unbalanced quote: no closing \"", q, i)
            text = q[i + 1: end]
            i = end + 1
            slop = 0
            m2 = re.match(r"~(\d{1,3})?", q[i:])
            if m2:
                slop = int(m2.group(1) or 2)
                i += m2.end()
            toks.append(_Tok("PHRASE", text, start, fld, {"slop": slop}))
            continue
        if i < n and q[i] == "[":
            end = q.find("]", i + 1)
            if end < 0:
                raise QueryError("unbalanced bracket: no closing ]", q, i)
            inner = q[i + 1: end]
            parts = re.split(r"\s+TO\s+", inner.strip(), flags=re.I)
            if len(parts) != 2:
                raise QueryError("a range needs the form [FROM TO TO]", q, i)
            if fld is None:
                raise QueryError("a range needs a field, e.g. date:[2007-01 TO 2007-06]", q, i)
            if not BY_QUERY[fld].range:
                raise QueryError(f"{fld}: takes no range ([FROM TO TO] is for {_RANGED})", q, start)
            low_at = i + 1 + len(inner) - len(inner.lstrip())
            high_at = i + 1 + len(inner.rstrip()) - len(parts[1])
            toks.append(_Tok("RANGE", inner, start, fld, {"low": parts[0].strip(), "high": parts[1].strip(),
                                                           "at": (low_at, high_at)}))
            i = end + 1
            continue
        if i < n and q[i] in ")]":
            raise QueryError(f"unexpected {q[i]!r}", q, i)
        wstart = i
        m3 = _WORD_END.search(q, i)
        end = m3.start() if m3 else n
        if end < n and q[end] in '"[':
            raise QueryError(f"unexpected {q[end]!r} inside a word", q, end)
        word = q[i:end]
        i = end
        if not word:
            raise QueryError("empty term", q, start)
        if fld is None and word.upper() in _OPERATORS and word.isupper() or word in ("&&", "||"):
            toks.append(_Tok(_OPERATORS[word.upper()], word, start))
            continue
        toks.append(_Tok("WORD", word, wstart if fld is None else start, fld, {"at": wstart}))
    return toks


class _Parser:
    def __init__(self, q: str, toks: list[_Tok]):
        self.q, self.toks, self.i = q, toks, 0
        self.clauses = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def parse(self) -> Node:
        if not self.toks:
            return MatchAll()
        node = self.or_expr()
        t = self.peek()
        if t is not None:
            raise QueryError("unbalanced parenthesis: no opening (" if t.kind == "RPAREN"
                             else f"unexpected {t.text!r}", self.q, t.pos)
        return node

    def or_expr(self) -> Node:
        nodes = [self.and_expr()]
        while (t := self.peek()) is not None and t.kind == "OR":
            self.take()
            if (nxt := self.peek()) is None or nxt.kind in ("RPAREN", "OR", "AND"):
                raise QueryError("OR needs a term after it", self.q, t.pos)
            nodes.append(self.and_expr())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def and_expr(self) -> Node:
        nodes = [self.unary()]
        while (t := self.peek()) is not None and t.kind not in ("OR", "RPAREN"):
            if t.kind == "AND":
                self.take()
                if (nxt := self.peek()) is None or nxt.kind in ("RPAREN", "OR", "AND"):
                    raise QueryError("AND needs a term after it", self.q, t.pos)
            nodes.append(self.unary())
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def unary(self) -> Node:
        t = self.peek()
        if t is None:
            raise QueryError("query ends where a term was expected", self.q, len(self.q))
        if t.kind == "NOT":
            self.take()
            if (nxt := self.peek()) is None or nxt.kind in ("RPAREN", "OR", "AND"):
                raise QueryError("NOT needs a term after it", self.q, t.pos)
            return Not(self.unary())
        return self.atom()

    def atom(self) -> Node:
        t = self.take()
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            raise QueryError(f"query has more than {MAX_CLAUSES} terms", self.q, t.pos)
        if t.kind == "LPAREN":
            if (nxt := self.peek()) is None:
                raise QueryError("unbalanced parenthesis: no closing )", self.q, t.pos)
            if nxt.kind == "RPAREN":
                raise QueryError("empty parentheses", self.q, t.pos)
            node = self.or_expr()
            closing = self.peek()
            if closing is None or closing.kind != "RPAREN":
                raise QueryError("unbalanced parenthesis: no closing )", self.q, t.pos)
            self.take()
            return node
        if t.kind == "RPAREN":
            raise QueryError("unbalanced parenthesis: no opening (", self.q, t.pos)
        if t.kind in ("AND", "OR"):
            raise QueryError(f"{t.text} needs a term before it", self.q, t.pos)
        if t.kind == "PHRASE":
            if not t.text.strip():
                raise QueryError("empty phrase", self.q, t.pos)
            return Phrase(t.text, t.field, int(t.extra["slop"]), t.pos)  # type: ignore[call-overload]
        if t.kind == "RANGE":
            low, high = str(t.extra["low"]), str(t.extra["high"])
            low_at, high_at = cast(tuple[int, int], t.extra["at"])
            return Range(t.field or "date", None if low == "*" else low, None if high == "*" else high, t.pos,
                         low_at, high_at)
        return _word(self.q, t)


def _word(q: str, t: _Tok) -> Node:
    text = t.text
    at = cast(int, t.extra.get("at", t.pos))  # (where the word starts, after any field)
    exact = text.startswith("=")
    if exact:
        text = text[1:]
        at += 1
    fuzzy = 0
    m = re.search(r"~(\d)?$", text)
    if m:
        fuzzy = int(m.group(1) or 1)
        if fuzzy > 2:
            raise QueryError("fuzzy distance must be 1 or 2", q, t.pos + m.start())
        text = text[: m.start()]
    prefix = text.endswith("*")
    if prefix:
        text = text.rstrip("*")
    if "*" in text or "?" in text:
        wild = min(k for k in (text.find("*"), text.find("?")) if k >= 0)
        raise QueryError("wildcards are only allowed at the end of a word" + (" (a ? is not one)" if text[wild] == "?"
                                                                               else ""), q, at + wild)
    if not text:
        if prefix:
            raise QueryError("a wildcard needs the start of a word before it, e.g. nucl*", q, at)
        raise QueryError("empty term", q, t.pos)
    if t.field in _DATES:
        return Range(t.field, text, text, t.pos, at, at)
    return Term(text, t.field, prefix, fuzzy, exact, t.pos)


def parse(q: str) -> Node:
    """Parse a query; raises :class:`~cablebase.errors.QueryError` with a position on any mistake."""
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(f"query is longer than {MAX_QUERY_CHARS} characters", q, MAX_QUERY_CHARS)
    q = "".join(" " if (ord(c) < 32 or ord(c) == 127) else c for c in q)
    if q.strip() == "*":  # "everything", as in most search boxes; same as the empty query
        return MatchAll()
    return _Parser(q, _tokenize(q)).parse()
