"""Issue 21 in the reading room: the thread, gaps and network pages, the cable page's Thread section, and
their JSON twins; hostile parameters are 400s (never 500s) and cable text is shown as text."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

import orjson
import pytest

from cablebase.archive import Archive
from cablebase.web import cable_sections
from tests.web.conftest import ATTACKS, HOSTILE_ID


def _plain(data: object) -> object:
    return orjson.loads(orjson.dumps(data))


def test_thread_page_lists_both_ways(client):
    up = client.get("/cable/07MADRID173/thread").text
    assert '<a class="ref present" href="/cable/06MADRID2657">06MADRID2657</a>' in up
    assert '<a class="ref present" href="/cable/06MADRID1914">06MADRID1914</a>' in up  # two steps up
    assert "2 steps: cited by <a href=\"/cable/06MADRID2657\">06MADRID2657</a>" in up
    down = client.get("/cable/06MADRID2657/thread").text
    descendants = down.split("What rests on it", 1)[1]
    assert '<a class="ref present" href="/cable/07MADRID173">07MADRID173</a>' in descendants
    assert 'href="/api/cable/06MADRID2657/thread?depth=4"' in down  # the JSON twin


def test_thread_page_marks_absent_cables_and_estimated_dates(client):
    html = client.get("/cable/07MADRID173/thread").text
    assert '<span class="ref known-absent">06MADRID3104</span>' in html
    assert 'href="/cable/06MADRID3104"' not in html  # no link to a page the archive cannot have
    assert re.search(r"c\. 2006-12-\d\d <small>\(between 2006-12-01 and 2006-12-31\)</small>", html)  # its month
    assert '<span class="ref unknown">06MADRID2374</span>' in html and "unknown id" in html


def test_thread_depth_control(client):
    one = client.get("/cable/07MADRID173/thread", params={"depth": 1}).text
    assert "06MADRID2657" in one and "06MADRID1914" not in one
    assert '<option value="1" selected>' in one


def test_thread_of_an_absent_cable_and_other_id_forms(client):
    r = client.get("/cable/06MADRID3104/thread")
    assert r.status_code == 200 and "not in this archive" in r.text
    assert '<a class="ref present" href="/cable/07MADRID173">' in r.text  # the cable citing it
    r = client.get("/cable/2007MADRID00173/thread", params={"depth": 2}, follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == "/cable/07MADRID173/thread?depth=2"
    assert client.get("/cable/99NOWHERE1/thread").status_code == 404


def test_api_thread_is_the_archives(client, web_db):
    a = Archive(web_db)
    assert client.get("/api/cable/07MADRID173/thread").json() == _plain(a.thread("07MADRID173"))
    got = client.get("/api/cable/06MADRID2657/thread", params={"depth": 1}).json()
    assert got == _plain(a.analysis.thread("06MADRID2657", 1))
    assert [e["id"] for e in got["descendants"]] == ["07MADRID173"]
    r = client.get("/api/cable/99NOWHERE1/thread")
    assert r.status_code == 404 and "99NOWHERE1" in r.json()["error"]


def test_cable_page_thread_section(client):
    html = client.get("/cable/06MADRID2657").text
    section = re.search(r'<section class="thread" id="thread">.*?</section>', html, re.S).group(0)
    assert '<a href="/cable/06MADRID2657/thread">The whole thread</a>' in section
    ancestors, descendants = section.split("What rests on it")
    assert "06MADRID1914" in ancestors and "05MADRID3528" in ancestors  # one step and two
    assert '<a class="ref present" href="/cable/07MADRID173">' in descendants


def test_thread_section_shows_the_nearest_ten_and_counts_the_rest():
    entries = [{"id": f"07MADRID{n}", "status": "present", "date": f"2007-01-{n:02d}", "date_bounds": None,
                "depth": 2 if n <= 10 else 1, "via": "07MADRID1" if n <= 10 else "07MADRID500", "subject": f"S{n}"}
               for n in range(1, 16)]
    html = cable_sections.thread({"id": "07MADRID500", "ancestors": entries, "descendants": [], "truncated": False})
    shown = re.findall(r'href="/cable/(07MADRID\d+)">\1</a> <span class="subject">', html)
    assert shown == [f"07MADRID{n}" for n in (1, 2, 3, 4, 5, 11, 12, 13, 14, 15)]  # the direct five first
    assert '<p class="more">and 5 more</p>' in html and "What rests on it" not in html


def test_gaps_page(client):
    html = client.get("/gaps", params={"q": "origin:madrid"}).text
    method = re.search(r'<section class="method">(.*?)</section>', html, re.S).group(1)
    assert "German tank problem" in method and "It fails where" in method
    assert '<tr class="unreliable">' in html and ">unreliable</span>" in html
    row = re.search(r"<tr><td><span class=\"ref unknown\">06MADRID1799</span>.*?</tr>", html, re.S).group(0)
    assert '<td class="n">2</td>' in row and re.search(r"c\. 2006-\d\d-\d\d <small>\(between 2006-01-01 and "
                                                    r"2006-07-28\)</small>", row)  # (before its first citer)
    assert '<a href="/cable/06MADRID2657">06MADRID2657</a>, <a href="/cable/07MADRID173">07MADRID173</a>' in row
    assert 'action="/gaps"' in html and 'value="origin:madrid"' in html
    assert 'href="/network?q=origin%3Amadrid"' in html and 'href="/api/gaps?q=origin%3Amadrid"' in html


def test_network_page(client):
    html = client.get("/network", params={"q": "madrid"}).text
    svg = re.search(r"<svg class=\"net\".*?</svg>", html, re.S).group(0)
    assert '<title id="net-title">' in svg and '<desc id="net-desc">' in svg and 'aria-labelledby="net-title' in svg
    assert svg.count("<circle") >= 3 and "<line" in svg
    assert 'href="/cable/06MADRID1914"' in svg  # present cables lead to their page, absent ones to their thread
    assert re.search(r'href="/cable/06MADRID\d+/thread"', svg)
    for title in ("Most cited", "Strongest flows", "TAGS carried together"):
        assert title in html
    for fmt in ("graphml", "gexf", "csv", "json"):
        assert f'href="/api/graph?q=madrid&amp;kind=refs&amp;format={fmt}&amp;metrics=true"' in html
    assert 'href="/gaps?q=madrid"' in html


@pytest.mark.parametrize("kind", ["refs", "posts", "tags", "tag-pairs"])
def test_network_page_draws_every_kind(client, kind):
    r = client.get("/network", params={"kind": kind})
    assert r.status_code == 200 and "<svg" in r.text and f'<option value="{kind}" selected>' in r.text


def test_search_page_links_to_network_and_gaps(client):
    html = client.get("/search", params={"q": "court"}).text
    assert 'href="/network?q=court"' in html and 'href="/gaps?q=court"' in html


def test_api_gaps_and_network_are_the_archives(client, web_db):
    a = Archive(web_db)
    assert client.get("/api/gaps", params={"q": "madrid", "limit": 3}).json() == _plain(a.gaps("madrid", 3))
    got = client.get("/api/network", params={"q": "madrid", "kind": "posts"}).json()
    assert got == _plain(a.analysis.network("madrid", "posts"))  # (drawn the same every time)
    assert set(got) == {"query", "kind", "cables", "most_cited", "flows", "tag_pairs", "drawing"}


def test_api_graph_streams_a_file(client):
    r = client.get("/api/graph", params={"q": "madrid", "kind": "refs", "format": "json", "metrics": "true"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.headers["content-disposition"] == 'attachment; filename="cablebase-refs.json"'
    g = r.json()
    assert g["kind"] == "refs" and g["directed"] is True
    nodes = {n["id"]: n for n in g["nodes"]}
    assert nodes["06MADRID1914"]["cited_by"] >= 1 and "pagerank" in nodes["06MADRID1914"]
    assert {"source": "06MADRID2657", "target": "06MADRID1914"}.items() <= next(
        e for e in g["edges"] if e["source"] == "06MADRID2657" and e["target"] == "06MADRID1914").items()
    pairs = client.get("/api/graph", params={"kind": "tag-pairs", "format": "json"})
    assert pairs.headers["content-disposition"] == 'attachment; filename="cablebase-tag-pairs.json"'


@pytest.mark.parametrize(("fmt", "media_type", "suffix"), [("graphml", "application/graphml+xml", "graphml"),
                                                          ("gexf", "application/gexf+xml", "gexf"),
                                                          ("csv", "application/zip", "zip")])
def test_api_graph_in_the_files_other_tools_open(client, fmt, media_type, suffix):
    r = client.get("/api/graph", params={"q": "madrid", "kind": "posts", "format": fmt, "metrics": "true"})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media_type)
    assert r.headers["content-disposition"] == f'attachment; filename="cablebase-posts.{suffix}"'
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(r.content)) as z:
            names = z.namelist()
            assert any("nodes" in n for n in names) and any("edges" in n for n in names)
            assert b"Embassy Madrid" in z.read(next(n for n in names if "nodes" in n))
    else:
        root = ElementTree.fromstring(r.content)  # well-formed XML
        assert root.tag.endswith(fmt) and b"Embassy Madrid" in r.content


LONG = "x" * 10_001
HOSTILE_PARAMS = [
    "/api/cable/07MADRID173/thread?depth=9", "/api/cable/07MADRID173/thread?depth=0",
    "/api/cable/07MADRID173/thread?depth=99999999999999999999", "/api/cable/07MADRID173/thread?depth=x",
    "/cable/07MADRID173/thread?depth=1000", "/cable/07MADRID173/thread?depth=-1",
    "/api/graph?kind=../../etc/passwd", "/network?kind=../../etc", "/api/network?kind=%00",
    "/api/graph?format=exe", "/api/graph?format=../../x", "/api/graph?metrics=maybe",
    '/api/gaps?q="unclosed', '/gaps?q="unclosed', '/network?q=tag:PREL AND ("x', '/api/network?q=(',
    '/api/graph?q="', f"/api/gaps?q={LONG}", f"/gaps?q={LONG}", f"/network?q={LONG}", f"/api/graph?q={LONG}",
    "/api/gaps?limit=-1", "/api/gaps?limit=0", "/api/gaps?limit=1e9", "/api/network?top=0", "/api/network?top=x",
]


@pytest.mark.parametrize("url", HOSTILE_PARAMS)
def test_hostile_parameters_are_400(client, url):
    r = client.get(url)
    assert r.status_code == 400, (url, r.status_code, r.text[:300])
    if url.startswith("/api/"):
        assert set(r.json()) == {"error", "position"}
    else:
        assert "Cannot read this" in r.text


@pytest.mark.parametrize("url", ["/gaps?q=%ff%fe", "/network?q=%C0%AF", "/api/gaps?q=%ff", "/api/network?q=%80",
                                 "/api/graph?q=%ff&format=json", "/api/cable/%ff/thread", "/cable/%ff%fe/thread",
                                 "/cable/07MADRID173/thread?depth=%ff", f"/network?q={'x' * 10_000}"])
def test_undecodable_or_long_parameters_are_never_a_server_error(client, url):
    assert client.get(url).status_code in (200, 400, 404)


def test_a_query_mistake_keeps_the_form_and_points_at_it(client):
    r = client.get("/network", params={"q": 'tag:PREL AND ("x', "kind": "posts"})
    assert r.status_code == 400 and 'role="alert"' in r.text and 'value="tag:PREL AND (&#34;x"' in r.text
    assert '<option value="posts" selected>' in r.text and "^</pre>" in r.text


@pytest.mark.parametrize("url", ["/cable/06MADRID1914/thread", "/cable/06MADRID1914", "/network?q=madrid",
                                 "/network?q=madrid&kind=tags", "/gaps?q=madrid",
                                 "/network?q=%3Cscript%3Ealert(1)%3C/script%3E", "/gaps?q=%22onload%3Dalert(1)",
                                 "/cable/%3Cscript%3E/thread"])
def test_hostile_text_is_shown_as_text(client, url):
    r = client.get(url)
    assert r.status_code in (200, 400, 404)
    for attack in ATTACKS:
        assert attack not in r.text, (url, attack)


def test_hostile_subject_in_a_thread_is_escaped(client):
    html = client.get("/cable/06MADRID1914/thread").text
    assert f'href="/cable/{HOSTILE_ID}"' in html  # the hostile cable cites 06MADRID1914
    assert "&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt;" in html
