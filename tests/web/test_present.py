"""Pure pieces of the reading room: URL state, timeline, citations, redaction markup."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from hypothesis import given
from hypothesis import strategies as st

from cablebase.web.pages import _page_numbers
from cablebase.web.present import citation, headline, mark_redactions
from cablebase.web.state import SearchState, month_span

FIELDS = st.sampled_from(["origin", "tag", "year", "caveat"])
VALUES = st.text(min_size=1, max_size=12)


def test_headline_turns_capitals_into_a_title():
    assert headline("SCENESETTER FOR PRESIDENT'S TRIP TO MEXICO, MARCH 12-14, 2007") == \
        "Scenesetter for President's Trip to Mexico, March 12-14, 2007"
    assert headline("SPAIN: UPDATE ON US AND EU COOPERATION") == "Spain: Update on US and EU Cooperation"
    assert headline("Already Mixed case") == "Already Mixed case"
    assert headline(None) == "[no subject]"


def test_citations_of_the_seed(seed):
    c = citation(seed)
    assert c["chicago"] == (
        "Embassy Mexico, \u201cScenesetter for President's Trip to Mexico, March 12-14, 2007,\u201d cable "
        "07MEXICO1102, March 5, 2007, UNCLASSIFIED//FOR OFFICIAL USE ONLY, WikiLeaks Cablegate, "
        "https://wikileaks.org/plusd/cables/07MEXICO1102_a.html.")
    assert c["bibtex"].startswith("@misc{cable:07MEXICO1102,\n  author = {{Embassy Mexico}},")
    assert "  year = {2007}" in c["bibtex"] and "  month = mar" in c["bibtex"]


def test_redactions_are_marked_and_text_escaped():
    out = str(mark_redactions("told <b>us</b> XXXXXXXXXXXX said & XXXXX XXXXXX"))
    assert out.count('<span class="redacted"') == 2
    assert "&lt;b&gt;us&lt;/b&gt;" in out and "&amp;" in out


@given(st.text(alphabet="X -<>&\"'a", max_size=60))
def test_redactions_marked_in_the_escaped_text_as_in_the_text_itself(text):
    from markupsafe import Markup, escape

    from cablebase.web.present import _REDACTION

    pieces, last = [], 0  # the plain statement: escape what lies between the runs, wrap each run
    for m in _REDACTION.finditer(text):
        pieces += [escape(text[last:m.start()]),
                   Markup('<span class="redacted" title="redacted in the release">{}</span>').format(m.group(0))]
        last = m.end()
    pieces.append(escape(text[last:]))
    assert str(mark_redactions(text)) == "".join(map(str, pieces))


def test_timeline_is_zero_filled():
    assert month_span({"2006-11": 2, "2007-02": 1}) == [("2006-11", 2), ("2006-12", 0), ("2007-01", 0),
                                                        ("2007-02", 1)]
    assert month_span({}) == []


def test_page_numbers_with_gaps():
    assert _page_numbers(1, 1) == [1]
    assert _page_numbers(6, 20) == [1, None, 4, 5, 6, 7, 8, None, 20]


def _params(url: str) -> list[tuple[str, str]]:
    return sorted(parse_qsl(urlsplit(url).query, keep_blank_values=True))


@given(q=st.text(max_size=20), filters=st.lists(st.tuples(FIELDS, VALUES), max_size=4, unique=True),
       field=FIELDS, value=VALUES, page=st.integers(1, 50))
def test_fast_links_equal_the_plain_transitions(q, filters, field, value, page):
    state = SearchState(q=q, filters=tuple(filters), date_from="2007-01", page=page)
    toggle, month = state.link_maker()
    assert _params(toggle(field, value)) == _params(state.toggle(field, value).url())
    assert _params(month("2007-03")) == _params(state.within("2007-03", "2007-03").url())


@given(q=st.text(max_size=20), filters=st.lists(st.tuples(FIELDS, VALUES), max_size=4, unique=True))
def test_adding_then_removing_a_filter_returns_to_the_start(q, filters):
    state = SearchState(q=q, filters=tuple(filters))
    assert state.add("tag", "PREL").remove("tag", "PREL").url() == state.remove("tag", "PREL").url()
