"""The query language: structure, and hostile input that must give results or one clear error."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablebase.errors import QueryError
from cablebase.query.fields import BY_QUERY
from cablebase.query.parser import And, Not, Or, Phrase, Range, Term, parse


def test_structure():
    assert parse("a b") == And((Term("a", pos=0), Term("b", pos=2)))
    assert isinstance(parse("a OR b"), Or)
    assert parse("-a") == Not(Term("a", pos=1))
    assert parse('"x y"~3') == Phrase("x y", None, 3, 0)
    assert parse("date:[2007-01 TO 2007-06]") == Range("date", "2007-01", "2007-06", 0)
    t = parse("negotiat*")
    assert t.prefix and t.text == "negotiat"
    assert parse("tehran~2").fuzzy == 2
    assert parse("=word").exact


@pytest.mark.parametrize("q,pos", [
    ('"unbalanced', 0), ("(a OR b", 0), ("a)", 1), ("a AND", 2), ("OR a", 0), ("NOT", 0),
    ("nosuchfield:x", 0), ("date:[2007 TO]", 5), ("a~7", 1), ("()", 0), ("subject:", 8),
])
def test_errors_point_at_the_problem(q, pos):
    with pytest.raises(QueryError) as e:
        parse(q)
    assert e.value.position == pos, str(e.value)


@pytest.mark.parametrize("q,pos,message", [
    ("date:[x TO 2008]", 6, "'x' is not a date"), ("date:[2007-01 TO y]", 17, "'y' is not a date"),
    ("nuclear date:[2007-13 TO 2008-01]", 14, "month 13"), ("date:[ 2007  TO   2008-14 ]", 18, "month 14"),
    ("a date:2007-13", 7, "month 13"), ("year:[1975 TO 19x]", 14, "'19x'"),
    ("ref:???", 4, "wildcards are only allowed at the end"), ("a =b?c", 4, r"a \? is not one"),
    ("id:*", 3, "needs the start of a word"), ("a *", 2, "needs the start of a word"),
    ("a*b", 1, "end of a word at position 2"),  # (no word of a ? where there is none)
])
def test_errors_about_a_value_point_at_the_value(q, pos, message):
    """Not at its field: a range's bad bound, a wildcard inside a word, a wildcard alone (dates are checked
    when the query is translated, so both steps are run)."""
    from cablebase.archive.index import build_schema
    from cablebase.query.translate import translate

    with pytest.raises(QueryError, match=message) as e:
        translate(parse(q), build_schema(), q)
    assert e.value.position == pos, str(e.value)


@pytest.mark.parametrize("name", sorted({f.query for f in BY_QUERY.values()}))
def test_a_range_on_a_field_without_one_says_so(name):
    """``topic:[1 TO 3]`` is not read as dates ("'1' is not a date"): the field takes no range, and the
    error names the fields that do."""
    q = f"x {name}:[1 TO 3]"
    if BY_QUERY[name].range:
        assert parse(q) is not None
        return
    with pytest.raises(QueryError, match=f"{name}: takes no range .*date: and year:") as e:
        parse(q)
    assert e.value.position == 2


def test_too_long_and_control_characters():
    with pytest.raises(QueryError):
        parse("a " * 6000)
    assert parse("a\x00b\x07c") == And((Term("a", pos=0), Term("b", pos=2), Term("c", pos=4)))


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_or_gives_a_query_error(q):
    try:
        parse(q)
    except QueryError as e:
        assert 0 <= e.position <= len(q)
