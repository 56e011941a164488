"""Any text a user types gets results or one clear error saying what is wrong and where, never an exception
from the engine."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablebase.archive import Archive
from cablebase.errors import QueryError
from tests.conftest import SAMPLES

FIELDS = "subject, body, tag, origin, from, to, class, caveat, signer, ref, id, date, year, country, precedence, topic"
# query -> (what the error says, 0-based position it points at), or None where the query is read and run
HOSTILE: dict[str, tuple[str, int] | None] = {
    '"': ('unbalanced quote: no closing "', 0),
    "((": ("unbalanced parenthesis: no closing )", 1),
    "))": ("unbalanced parenthesis: no opening (", 0),
    "[": ("unbalanced bracket: no closing ]", 0),
    "]": ("unexpected ']'", 0),
    "AND": ("AND needs a term before it", 0),
    "OR OR": ("OR needs a term before it", 0),
    "NOT NOT": ("NOT needs a term after it", 4),
    "-": None,
    "*": None,
    "~": ("empty term", 0),
    "a~~": None,
    "date:[x TO y]": ("'x' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", 6),  # (the value, not the field)
    "'; DROP TABLE cables; --": None,
    "field:value:value": (f"unknown field 'field' (fields: {FIELDS})", 0),
    "tag:": ("field tag: has no value", 4),
    "\x00\x01": None,
    "a" * 10_000: None,
    "💣 ÉÀ": None,
    "title:*": (f"unknown field 'title' (fields: {FIELDS})", 0),
    "body:/regex/": None,
    "a^2": None,
    "{a TO b}": None,
    "date:[2007-13 TO 2008]": ("month 13 is not 1-12", 6),
    "ref:???": ("wildcards are only allowed at the end of a word (a ? is not one)", 4),
    "id:*": ("a wildcard needs the start of a word before it, e.g. nucl*", 3),
    'tag:PREL AND ("unclosed': ('unbalanced quote: no closing "', 14),
    "origin:madrid OR": ("OR needs a term after it", 14),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    a = Archive(tmp_path_factory.mktemp("h") / "db")
    a.ingest([SAMPLES / "raw-telegram", SAMPLES / "wikileaks"], jobs=1)
    return a


@pytest.mark.parametrize("q", list(HOSTILE), ids=[repr(q[:24]) for q in HOSTILE])
def test_hostile(archive, q):
    expected = HOSTILE[q]
    if expected is None:
        assert archive.search(q).total >= 0
        return
    reason, position = expected
    with pytest.raises(QueryError) as caught:
        archive.search(q)
    e = caught.value
    assert (e.reason, e.position) == (reason, position)
    assert str(e) == f"{reason} at position {position + 1}"  # 1-based for people
    assert e.pointer().splitlines()[-1] == " " * position + "^"  # the caret under the offending character


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('ab "()[]-*~:=ORANDNOTtagdate2007 ')), max_size=40))
def test_fuzzed_queries(archive, q):
    """Results, or a QueryError (no other error) that names a place in the query and says it."""
    try:
        archive.search(q, facets=False)
    except QueryError as e:
        assert e.reason and 0 <= e.position <= len(q)
        assert str(e) == f"{e.reason} at position {e.position + 1}"
