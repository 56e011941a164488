"""The topics pages and /api/topics over a copy of the corpus archive with a topic model (k=20, built once for
the module; the shared archives of the other tests keep none): the listing, a topic's page and their JSON
twins say what Archive.topics and Archive.topic say, a topic's size is the count of its search, the search
page glosses topic numbers with their labels, an archive without a model says how to make one, and hostile
numbers are 400s or 404s (never 500s) with nothing a label holds run as markup."""

from __future__ import annotations

import re
from html import unescape

import orjson
import pytest

from cablebase.archive import Archive
from cablebase.web.state import SearchState
from tests.web.conftest import ATTACKS, TOPICS_K

K = TOPICS_K


def _plain(data: object) -> object:
    return orjson.loads(orjson.dumps(data))


def _main(html: str) -> str:
    return html.split("<main", 1)[1]


@pytest.fixture(scope="module")
def archive(topics_db):  # type: ignore[no-untyped-def]
    a = Archive(topics_db)
    yield a
    a.close()


@pytest.fixture(scope="module")
def tc(topics_db):  # type: ignore[no-untyped-def]
    """A client of the app over the archive with a topic model."""
    from fastapi.testclient import TestClient

    from cablebase.web import create_app

    with TestClient(create_app(topics_db), raise_server_exceptions=False) as c:
        yield c


def _rows(html: str) -> dict[int, str]:
    return {int(n): row for n, row in re.findall(r'<tr id="t(\d+)">(.*?)</tr>', html, re.S)}


def test_listing_shows_every_topic(tc, archive):
    r = tc.get("/topics")
    assert r.status_code == 200
    rows = _rows(r.text)
    topics = archive.topics()
    assert len(topics) == K and sorted(rows) == list(range(1, K + 1))
    for t in topics:
        row = unescape(rows[t["id"]])
        n = t["id"]
        assert f'<a href="/topics/{n}">{n}</a>' in row and f'<a href="/topics/{n}">{t["label"]}</a>' in row
        assert f'href="/search?q=topic%3A{n}"' in row
        assert " · ".join(w for w, _ in t["words"][:8]) in row
        assert row.count('<svg class="spark"') == 1 and 'role="img"' in row
    assert 'href="/api/topics"' in r.text
    assert "cablebase topics label" in r.text


def test_listing_sizes_are_the_searches_counts(tc, archive):
    rows = _rows(tc.get("/topics").text)
    facet = archive.search("", limit=0).facets["topic"]
    for n, row in rows.items():
        size = int(re.search(r'href="/search\?q=topic%3A\d+" title="[^"]*">([\d,]+)</a>', row).group(1)
                   .replace(",", ""))
        assert size == archive.search(f"topic:{n}", limit=0).total == facet.get(str(n), 0)
        assert size > 0


def test_sparkline_says_the_topics_peak(tc, archive):
    rows = _rows(tc.get("/topics").text)
    trend = archive.topic(1)["trend"]
    best = max(trend["totals"], key=lambda y: (trend["shares"][y], y))
    label = unescape(re.search(r'aria-label="([^"]*)"', rows[1]).group(1))
    years = list(trend["totals"])
    assert label.endswith(f"share of each year's cables, {years[0]} to {years[-1]}; highest "
                          f"{trend['shares'][best]:.2%} in {best}")
    svg = re.search(r'<svg class="spark".*?</svg>', rows[1], re.S).group(0)
    assert svg.count("<title>") == 1  # one name; no id to collide with the other rows'
    assert 'id="' not in svg


def test_topic_page(tc, archive):
    t = archive.topic(3)
    r = tc.get("/topics/3")
    assert r.status_code == 200
    html, main = r.text, unescape(_main(r.text))
    assert f"<h1>Topic 3: {t['label']} <small>{t['size']:,} cables" in main
    for w, weight in t["words"]:
        assert f"<tr><td>{w}</td><td class=\"n\">{weight:.4f}</td>" in main
    ids = re.findall(r'<li><a href="/cable/([^"]+)">', html)
    assert ids == [c["id"] for c in t["cables"]] and ids
    svg = re.search(r'<svg class="trend".*?</svg>', html, re.S).group(0)
    assert f"Share of all cables per year matching topic:3 ({t['label']})" in unescape(svg)
    assert svg.count('<g class="series"') == 1
    assert 'href="/trends?q=topic%3A3&amp;by=year&amp;share=true"' in html
    assert '<a href="/search?q=topic%3A3">Search these cables</a>' in html
    assert 'href="/api/topics/3"' in html
    for origin, n in t["posts"]:
        url = SearchState(q="topic:3").add("origin", origin).url().replace("&", "&amp;")
        assert f'<li><a href="{url}">{origin}</a> <span class="n">{n:,}</span></li>' in html
    for tag, _ in t["tags"]:
        assert f'href="/search?q=topic%3A3&amp;tag={tag}"' in html
    # the values beneath the chart: each year's share, its count leading to the cables
    year, count = next((p, c) for p, c in t["trend"]["counts"].items() if c)
    assert f'<a href="/search?q=topic%3A3&amp;from={year}&amp;to={year}">{count}</a>' in html


def test_post_and_tag_links_narrow_the_topics_search(tc, archive):
    t = archive.topic(2)
    html = tc.get("/topics/2").text
    for field, values in (("origin", t["posts"]), ("tag", t["tags"])):
        value, n = values[0]
        url = SearchState(q="topic:2").add(field, value).url()
        assert f'href="{url.replace("&", "&amp;")}"' in html
        page = tc.get(url)
        assert page.status_code == 200
        total = int(re.search(r"<strong>([\d,]+)</strong> cables?", page.text).group(1).replace(",", ""))
        assert total == n == archive.search("topic:2", filters=[(field, value)], limit=0).total


def test_api_is_the_archives(tc, archive):
    assert tc.get("/api/topics").json() == _plain(archive.topics())
    for n in (1, 7, K):
        r = tc.get(f"/api/topics/{n}")
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
        assert r.json() == _plain(archive.topic(n))


def test_api_is_described(tc):
    spec = tc.get("/openapi.json").json()
    for path in ("/api/topics", "/api/topics/{n}"):
        op = spec["paths"][path]["get"]
        assert op["tags"] == ["analysis"] and "200" in op["responses"] and "400" in op["responses"]
    assert "404" in spec["paths"]["/api/topics/{n}"]["get"]["responses"]
    n = spec["paths"]["/api/topics/{n}"]["get"]["parameters"][0]
    assert n["schema"]["minimum"] == 1 and n["schema"]["type"] == "integer"


def test_api_matches_its_description(topics_db):
    """The documented shapes hold for the real topics (schemathesis, as test_openapi_fuzz does over the sample
    archive, which has no model and so answers /api/topics/{n} with 404s only)."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    from cablebase.web import create_app

    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(topics_db))
    for path in ("/api/topics", "/api/topics/{n}"):
        operation = schema[path]["GET"]

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):  # type: ignore[no-untyped-def]
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()


def test_search_facet_glosses_topics_with_their_labels(tc, archive):
    html = tc.get("/search", params={"q": "iran"}).text
    facet = re.search(r'<section class="facet" data-field="topic">.*?</section>', html, re.S).group(0)
    labels = {str(t["id"]): t["label"] for t in archive.topics()}
    entries = re.findall(r'<span class="v">(\d+)</span> <span class="m">([^<]*)</span>', facet)
    assert entries and all(unescape(m) == labels[v] for v, m in entries)
    for v, _ in entries:
        assert f'href="/search?q=iran&amp;topic={v}"' in facet


def test_a_topic_filter_shows_its_label(tc, archive):
    """The active filter reads "topic: 3 (its label)", not the number alone."""
    topic = archive.topics()[0]
    html = tc.get("/search", params={"q": "iran", "topic": str(topic["id"])}).text
    chip = re.search(r'<a class="chip"[^>]*>(.*?)</a>', html, re.S).group(1)
    assert unescape(chip) == f"topic: {topic['id']} ({topic['label']}) ×"


def test_a_new_label_shows_at_once_and_as_text(tc, archive):
    hostile = "<script>alert(1)</script> \"onload=alert(1) <img src=x>"
    archive.label_topic(4, hostile)
    try:
        for url in ("/topics", "/topics/4", "/search?q=topic:4", "/search?q=iran&topic=4"):
            r = tc.get(url)
            assert r.status_code == 200
            body = _main(r.text)
            for bad in ATTACKS:
                assert bad not in body, url
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, url
        assert tc.get("/api/topics/4").json()["label"] == " ".join(hostile.split())
        assert "named" in _rows(tc.get("/topics").text)[4]
    finally:
        archive.label_topic(4, None)
    facet = tc.get("/search?q=topic:4").text
    assert f'<span class="m">{archive.topics()[3]["label"]}</span>' in facet


def test_without_a_model_the_pages_say_how_to_make_one(client, web_db):
    assert Archive(web_db).topics() == []
    r = client.get("/topics")
    assert r.status_code == 200
    assert "No topic model yet" in r.text and "<code>cablebase topics build</code>" in r.text
    assert "<table" not in _main(r.text)
    page = client.get("/topics/1")
    assert page.status_code == 404 and "cablebase topics build" in page.text and 'class="error"' in page.text
    assert client.get("/api/topics").json() == []
    api = client.get("/api/topics/1")
    assert api.status_code == 404 and "cablebase topics build" in api.json()["error"]


def test_nav_links_to_topics(client):
    assert '<a href="/topics">Topics</a>' in client.get("/").text


HOSTILE = ["abc", "-1", "0", "1.5", "99999999999999999999", "10001", "%3Cscript%3E", "1e3", "%00", "0x10",
           str(K + 1), "9999"]


@pytest.mark.parametrize("prefix", ["/topics/", "/api/topics/"])
@pytest.mark.parametrize("n", HOSTILE)
def test_hostile_numbers_are_400_or_404(tc, client, prefix, n):
    for c in (tc, client):
        r = c.get(prefix + n)
        assert r.status_code in (400, 404), (prefix + n, r.status_code, r.text[:200])
        if prefix.startswith("/api/"):
            assert set(r.json()) == {"error", "position"}
        else:
            assert 'class="error"' in r.text
            assert "<script>" not in _main(r.text)
    assert tc.get(prefix + str(K + 1)).status_code == 404
    assert tc.get(prefix + "0").status_code == 400



def _active_count(html: str) -> int:
    m = re.search(r'<li class="on">.*?<span class="n">([\d,]+)</span></li>', html)
    assert m, "no active facet value in the page"
    return int(m.group(1).replace(",", ""))


@pytest.mark.parametrize("n", [1, 5, K])
def test_topic_filter_is_its_facet(tc, n):
    """As test_issue19's item 5 for the other facets: the active topic's count equals the total, in the page
    and in the API, and the filter finds what the query topic:N finds."""
    api = tc.get("/api/search", params={"topic": str(n)}).json()
    assert api["total"] > 0 and api["facets"]["topic"][str(n)] == api["total"]
    assert api["total"] == tc.get("/api/search", params={"q": f"topic:{n}"}).json()["total"]
    facets = tc.get("/api/facets", params={"topic": str(n)}).json()
    assert facets["facets"]["topic"][str(n)] == facets["total"] == api["total"]
    assert _active_count(tc.get("/search", params={"topic": str(n)}).text) == api["total"]
