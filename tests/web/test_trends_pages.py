"""The trends page, its CSV and JSON twins and /api/trends over the sample archive: the chart and the table
say what Archive.trends says, shares are the page's default and raw counts a click away, the search page
links to it, and hostile parameters are 400s (never 500s) with nothing from a query run as markup."""

from __future__ import annotations

import re
from html import unescape

import orjson
import pytest

from cablebase.analysis import trends as trending
from cablebase.archive import Archive
from tests.web.conftest import ATTACKS


def _plain(data: object) -> object:
    return orjson.loads(orjson.dumps(data))


def _svg(html: str) -> str:
    return re.search(r'<svg class="trend".*?</svg>', html, re.S).group(0)


def test_page_draws_each_query_with_shares_by_default(client):
    r = client.get("/trends", params=[("q", "origin:madrid"), ("q", "tag:PREL")])
    assert r.status_code == 200
    svg = _svg(r.text)
    assert '<title id="trend-title">Share of all cables per month matching origin:madrid, tag:PREL</title>' in svg
    assert "the share of all cables of the month" in svg and 'role="img"' in svg
    assert svg.count('<g class="series"') == 2
    legend = re.search(r'<g class="legend">.*?</g>\n', svg, re.S).group(0)
    assert ">origin:madrid</text>" in legend and ">tag:PREL</text>" in legend
    looks = re.findall(r'<g class="series" stroke="(#\w+)"[^>]*><title>[^<]*</title><path fill="none" d="[^"]*"'
                       r'( stroke-dasharray="[^"]*")?', svg)
    assert len({look for look in looks}) == 2 and looks[0][0] != looks[1][0] and looks[0][1] != looks[1][1]
    assert "<strong>share of all cables</strong>" in r.text
    assert 'href="/trends?q=origin%3Amadrid&amp;q=tag%3APREL&amp;by=month&amp;share=false">raw counts</a>' in r.text
    assert 'href="/trends.csv?q=origin%3Amadrid&amp;q=tag%3APREL&amp;share=true">CSV</a>' in r.text
    assert 'href="/trends.json?q=origin%3Amadrid&amp;q=tag%3APREL&amp;share=true">JSON</a>' in r.text
    assert 'href="/api/trends?q=origin%3Amadrid&amp;q=tag%3APREL&amp;share=true">API</a>' in r.text


def test_table_beneath_has_every_value(client, web_db):
    html = client.get("/trends", params={"q": "tag:PREL", "by": "year"}).text
    r = Archive(web_db).trends("tag:PREL", by="year", share=True)
    rows = re.findall(r'<tr><th scope="row">(\d{4})</th><td class="n">([\d,]+)</td><td class="n">(.*?)</td></tr>',
                      html)
    s = r["series"][0]
    assert [p for p, _, _ in rows] == [p for p in trending.span(r)]  # the archive's years, first to last counted
    for period, total, cell in rows:
        assert int(total) == s["totals"][period]
        n = s["counts"][period]
        assert cell.startswith(f"{s['shares'][period]:.2%}" if n else "0%")
        if n:  # the count leads to the cables
            assert f'<a href="/search?q=tag%3APREL&amp;from={period}&amp;to={period}">{n}</a>' in cell


def test_raw_counts_a_click_away(client):
    html = client.get("/trends", params={"q": "tag:PREL", "by": "year", "share": "false"}).text
    assert "<strong>raw counts</strong>" in html and 'href="/trends?q=tag%3APREL&amp;by=year">share of all' in html
    assert "cables per year" in _svg(html) and "%</text>" not in _svg(html)
    assert '<a href="/search?q=tag%3APREL&amp;from=2007&amp;to=2007">7</a>' in html


def test_gaps_are_drawn_as_gaps(client, web_db):
    html = client.get("/trends", params={"q": "tag:PREL", "by": "year"}).text
    svg = _svg(html)
    totals = Archive(web_db).trends("tag:PREL", by="year")["series"][0]["totals"]
    missing = [str(y) for y in range(2000, 2010) if str(y) not in totals]
    assert missing == ["2001", "2002", "2003", "2004", "2008"]
    assert len(re.findall(r"<rect ", svg)) == 2  # 2001-2004 and 2008, one band each
    path = re.search(r'<path fill="none" d="([^"]*)"', svg).group(1)
    assert path.count("M") == 3  # 2000 | 2005-2007 | 2009: the line breaks at each gap
    assert "Grey bands mark the 5 years in which the archive holds no cable" in svg


def test_api_and_twins_are_the_archives(client, web_db):
    a = Archive(web_db)
    want = _plain(a.trends(["origin:madrid", "tag:PREL"], by="year"))
    params = [("q", "origin:madrid"), ("q", "tag:PREL"), ("by", "year")]
    assert client.get("/api/trends", params=params).json() == want
    assert client.get("/trends.json", params=params).json() == want
    shared = _plain(a.trends("tag:PREL", share=True, split="origin", top=3))
    assert client.get("/api/trends", params={"q": "tag:PREL", "share": "true", "split": "origin", "top": 3}).json() \
        == shared
    csv = client.get("/trends.csv", params=params)
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text == "".join(trending.csv_lines(a.trends(["origin:madrid", "tag:PREL"], by="year")))


def test_split_page(client):
    html = client.get("/trends", params={"q": "tag:PREL", "split": "origin", "top": "3"}).text
    svg = _svg(html)
    assert svg.count('<g class="series"') == 3
    assert ">Embassy Madrid</text>" in svg and ">Embassy Paris</text>" in svg
    assert "the top 3 origins of the cables matching &#39;tag:PREL&#39; are shown" in html
    assert '<a href="/search?q=tag%3APREL&amp;origin=Embassy+Madrid&amp;from=2007-02&amp;to=2007-02">1</a>' in html


def test_without_a_query_the_form_explains(client):
    r = client.get("/trends")
    assert r.status_code == 200 and '<form class="trends-form" action="/trends"' in r.text
    assert "<svg" not in r.text.split("<main", 1)[1] and "share of all" in r.text
    main = client.get("/trends", params=[("q", ""), ("q", " ")]).text.split("<main", 1)[1]
    assert main.count('name="q"') == 1  # empty boxes are dropped


def test_a_long_span_is_drawn_a_year_at_a_time(client):
    html = client.get("/trends", params={"q": "-zzzzqqqx"}).text  # every cable: 1966 to 2009
    assert "Share of all cables per year" in _svg(html)
    assert 'href="/trends?q=-zzzzqqqx&amp;by=month">month</a>' in html  # the other choice says itself
    assert "per month" in _svg(client.get("/trends", params={"q": "-zzzzqqqx", "by": "month"}).text)


def test_search_page_links_to_trends_with_its_query(client):
    html = client.get("/search", params={"q": "madrid"}).text
    assert '<a href="/trends?q=madrid">compare over time</a>' in html
    assert '<a href="/trends">compare over time</a>' in client.get("/search").text


LONG = "a" * 10_000


@pytest.mark.parametrize("path", ["/trends", "/api/trends", "/trends.json", "/trends.csv"])
@pytest.mark.parametrize(("params", "says"), [
    ([("q", str(n)) for n in range(9)], "8"),
    ({"q": "iran", "split": "signer"}, "split"),
    ({"q": "iran", "split": "x" * 50}, "split"),
    ({"q": "iran", "by": "week"}, "by"),
    ({"q": '"iran'}, "unbalanced quote"),
    ([("q", "iran"), ("q", "iraq AND (")], "query 2: unbalanced parenthesis"),
    ({"q": "a" * 10_001}, "q"),
    ({"q": "iran", "top": "0"}, "top"),
    ({"q": "iran", "top": "13"}, "top"),
    ({"q": "iran", "top": "many"}, "top"),
    ({"q": "iran", "share": "maybe"}, "share"),
    ([("q", "iran"), ("q", "iraq"), ("split", "origin")], "a split takes one query"),
])
def test_hostile_parameters_are_400(client, path, params, says):
    r = client.get(path, params=params)
    assert r.status_code == 400, (path, params, r.text[:300])
    text = r.json()["error"] if path != "/trends" else unescape(r.text)
    assert says in text


def test_page_mistakes_keep_the_form(client):
    r = client.get("/trends", params=[("q", "iran"), ("q", '"iraq')])
    assert r.status_code == 400 and 'value="&#34;iraq"' in r.text
    assert '<pre class="pointer">&#34;iraq\n^</pre>' in r.text


@pytest.mark.parametrize("path", ["/trends", "/api/trends", "/trends.json", "/trends.csv"])
def test_long_queries_are_answered(client, path):
    r = client.get(path, params=[("q", LONG), ("q", "madrid"), ("split", "")] if path != "/api/trends"
                   else [("q", LONG), ("q", "madrid")])
    assert r.status_code == 200


def test_queries_are_shown_as_text(client):
    unreadable = "<script>alert(1)</script> \"onload=alert(1) <img src=x onerror=alert(2)> href=\"javascript:alert(3)"
    attacks = ["<script>alert(1)</script>", '"<img src=x onerror=alert(2)>" OR madrid']
    for params, status in (([("q", unreadable), ("q", "madrid")], 400), ([("q", q) for q in attacks], 200),
                           ([("q", attacks[1]), ("split", "origin")], 200)):
        r = client.get("/trends", params=params)
        assert r.status_code == status
        body = r.text.split("<main", 1)[1]
        for bad in ATTACKS:
            assert bad not in body
        assert "&lt;img src=x onerror=alert(2)&gt;" in body
    assert "<svg" in body
    csv = client.get("/trends.csv", params={"q": attacks[1]}).text
    assert csv.splitlines()[1] == '1966-12,"""<img src=x onerror=alert(2)>"" OR madrid",,0,1'
