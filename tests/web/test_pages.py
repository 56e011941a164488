"""The HTML pages: content, links, errors, and hostile text shown as text."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import ATTACKS, HOSTILE_ID


def test_search_page_has_facets_histogram_and_snippets(client):
    html = client.get("/search", params={"q": "guantanamo"}).text
    assert 'class="facet" data-field="origin"' in html
    assert 'data-month="2006-07"' in html
    assert "<mark>" in html
    assert "Political Affairs--External Political Relations" in html  # a tag facet with its meaning


def test_facet_links_add_and_remove_filters(client):
    html = client.get("/search", params={"q": "guantanamo"}).text
    link = re.search(r'href="(/search\?q=guantanamo&amp;origin=Embassy\+Madrid)"', html)
    assert link
    narrowed = client.get(link.group(1).replace("&amp;", "&")).text
    assert "origin: Embassy Madrid ×" in narrowed
    assert 'href="/search?q=guantanamo" title="remove this filter"' in narrowed


def test_histogram_bar_narrows_to_its_year_then_its_month(client):
    html = client.get("/search").text  # the samples span 1966-2010: a bar per year
    assert "cables per year" in html and "data-month=" not in html
    href = re.search(r'<a class="bar" href="([^"]+)" data-year="2007"', html).group(1).replace("&amp;", "&")
    assert "from=2007&to=2007" in href
    year = client.get(href).text
    assert "date: 2007 to 2007" in year and "cables per month" in year
    href = re.search(r'<a class="bar" href="([^"]+)" data-month="2007-05"', year).group(1).replace("&amp;", "&")
    assert "from=2007-05" in href and "to=2007-05" in href
    page = client.get(href).text
    assert "date: 2007-05 to 2007-05" in page
    assert re.search(r"<strong>2</strong> cables", page)


def test_deep_paging(client):
    first = client.get("/search", params={"limit": 5}).text
    assert 'rel="next"' in first and 'aria-current="page">1<' in first
    last = client.get("/search", params={"limit": 5, "page": 4}).text
    assert 'rel="next"' not in last and '<ol class="hits" start="16">' in last
    beyond = client.get("/search", params={"limit": 5, "page": 40})
    assert beyond.status_code == 200 and "No cables match" in beyond.text


def test_cable_page_decodes_the_header(client):
    html = client.get("/cable/07MEXICO1102").text
    for text in ("RUEHXC", "Consulate Monterrey", "Security warning: unclassified traffic", "5650",
                 "Sensitive but unclassified", "Political Affairs--Intelligence", "GARZA", "(SBU)",
                 "WikiLeaks Cablegate", "@misc{cable:07MEXICO1102", 'id="p14"'):
        assert text in html, text
    assert 'id="p8"' not in html  # the author skipped paragraph 8


def test_cable_page_links_refs_both_ways(client):
    html = client.get("/cable/06MADRID2657").text
    assert '<a class="ref present" href="/cable/06MADRID1914">' in html
    assert '<a href="/cable/07MADRID173">07MADRID173</a>' in html  # cited by
    html = client.get("/cable/07MADRID173").text
    assert '<span class="ref absent">06MADRID3104</span>' in html  # a Cablegate id this archive lacks
    assert '<span class="ref unknown">06MADRID2374</span>' in html  # not a Cablegate id at all


def test_versions_and_diff_on_the_page(client):
    html = client.get("/cable/05SOFIA1207").text
    assert "version 2" in html and 'class="add"' in html


def test_redactions_are_visible(client):
    html = client.get(f"/cable/{HOSTILE_ID}").text
    assert '<span class="redacted" title="redacted in the release">XXXXXXXXXXXX</span>' in html


def test_other_id_forms_redirect_to_the_canonical_address(client):
    r = client.get("/cable/2007MEXICO01102", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == "/cable/07MEXICO1102"


@pytest.mark.parametrize("path", ["/cable/99NOWHERE1", "/nowhere", "/browse/people", "/cable/99NOWHERE1.json"])
def test_unknown_things_are_404_pages(client, path):
    r = client.get(path)
    assert r.status_code == 404


def test_bad_query_page_keeps_the_query_and_points_at_the_mistake(client):
    r = client.get("/search", params={"q": "iran AND (nuclear"})
    assert r.status_code == 400
    assert "Cannot read this query" in r.text and 'value="iran AND (nuclear"' in r.text


@pytest.mark.parametrize("path", ["/", "/search?q=guantanamo", "/search?q=script", "/search?q=onload",
                                  "/search?q=javascript", f"/cable/{HOSTILE_ID}", "/browse", "/browse/signers",
                                  "/browse/posts/Embassy%20Madrid", "/search?q=%3Cscript%3E",
                                  "/search?q=%22onload%3D", "/cable/%3Cscript%3E"])
def test_hostile_text_is_shown_as_text(client, path):
    r = client.get(path)
    assert r.status_code in (200, 400, 404)
    for attack in ATTACKS:
        assert attack not in r.text, (path, attack)


def test_hostile_cable_is_readable(client):
    html = client.get(f"/cable/{HOSTILE_ID}").text
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in html
    snippet_page = client.get("/search", params={"q": "onerror"}).text
    assert "&lt;img src=x <mark>onerror</mark>" in snippet_page or "&lt;img src=x onerror" in snippet_page


def test_browse_pages(client):
    index = client.get("/browse").text
    assert "Embassy Madrid" in index and "PREL" in index
    tags = client.get("/browse/tags").text
    assert "External Political Relations" in tags
    post = client.get("/browse/posts/Embassy Madrid").text
    assert "5 cables" in post and 'class="histogram"' in post
    signer = client.get("/browse/signers/GARZA").text
    assert "07MEXICO1102" in signer


def test_downloads(client):
    r = client.get("/cable/07MEXICO1102.txt")
    assert r.status_code == 200 and r.text.lstrip().startswith("VZCZCXRO5978")
    assert client.get("/cable/07MEXICO1102.json").json()["signers"] == ["GARZA"]


def test_syntax_page_renders_the_query_language(client):
    html = client.get("/syntax").text
    assert "<table>" in html and "date:[2007-01 TO 2007-06]" in html


def test_pages_forbid_inline_scripts(client):
    r = client.get(f"/cable/{HOSTILE_ID}")
    policy = r.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_fm_row_shows_the_originating_station(client):
    html = client.get("/cable/07MEXICO1102").text
    fm = re.search(r"<tr><td>FM</td>\s*<td>(.*?)</td>", html, re.S).group(1)
    assert "RUEHME" in fm and "from the DE line" in fm
