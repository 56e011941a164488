"""The JSON API over a real archive: shapes, filters, errors, streaming export."""

from __future__ import annotations

import csv
import io

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablebase.archive import Archive
from tests.web.conftest import HOSTILE_ID


def test_api_search_has_the_shape_of_the_cli(client, web_db):
    got = client.get("/api/search", params={"q": "origin:madrid", "limit": 3}).json()
    want = Archive(web_db).search("origin:madrid", limit=3).to_dict()
    assert got == orjson.loads(orjson.dumps(want))
    assert set(got) == {"query", "total", "hits", "facets", "histogram", "next_cursor"}
    assert got["total"] >= 5 and len(got["hits"]) == 3 and got["next_cursor"]


def test_cursor_pages_through_every_hit_once(client):
    seen, cursor = [], None
    while True:
        params = {"q": "", "limit": 4, "facets": "false"} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/search", params=params).json()
        seen += [h["id"] for h in page["hits"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == page["total"] == 18


def test_filters_and_date_range_narrow(client):
    everything = client.get("/api/search", params={"q": ""}).json()
    madrid = client.get("/api/search", params={"origin": "Embassy Madrid"}).json()
    assert madrid["total"] == everything["facets"]["origin"]["Embassy Madrid"] == 5
    narrowed = client.get("/api/search", params={"origin": "Embassy Madrid", "from": "2007-01", "to": "2007-03"}).json()
    assert {h["id"] for h in narrowed["hits"]} == {"07MADRID173", HOSTILE_ID}
    assert set(narrowed["histogram"]) == {"2007-02", "2007-03"}
    both = client.get("/api/search", params=[("tag", "PREL"), ("tag", "SP")]).json()
    assert both["total"] == both["facets"]["tag"]["SP"] == both["facets"]["tag"]["PREL"]


def test_facets_and_histogram_endpoints(client):
    f = client.get("/api/facets", params={"q": "guantanamo"}).json()
    h = client.get("/api/histogram", params={"q": "guantanamo"}).json()
    assert f["total"] == h["total"] > 0 and f["histogram"] == h["histogram"]
    assert sum(h["histogram"].values()) == h["total"]
    assert "tag" in f["facets"] and sum(f["facets"]["year"].values()) == f["total"]
    assert client.get("/api/browse/signers").json()["entries"][0] == {"value": "AGUIRRE", "count": 5, "meaning": None}  # "AGUIRRE" 4, "Aguirre" 1


def test_cable_refs_versions(client):
    rec = client.get("/api/cable/2007MEXICO01102").json()
    assert rec["id"] == "07MEXICO1102" and rec["origin"] == "Embassy Mexico"
    refs = client.get("/api/cable/06MADRID2657/refs").json()
    assert {"id": "06MADRID1914", "status": "present"}.items() <= refs["cites"][0].items()
    assert [c["id"] for c in refs["cited_by"]] == ["07MADRID173"]
    v = client.get("/api/cable/05SOFIA1207/versions").json()
    assert [x["version"] for x in v["versions"]] == [1, 2] and v["diff"].startswith("---")


def test_unknown_id_is_404_with_a_message(client):
    r = client.get("/api/cable/99NOWHERE1")
    assert r.status_code == 404 and "99NOWHERE1" in r.json()["error"]


def test_bad_query_is_400_with_position(client):
    r = client.get("/api/search", params={"q": 'tag:PREL AND ("unclosed'})
    assert r.status_code == 400
    body = r.json()
    assert "position" in body["error"] and body["position"] == 15


def test_bad_parameters_are_400(client):
    for params in ({"page": "x"}, {"limit": 0}, {"from": "March"}, {"sort": "random"}, {"cursor": "!!"}):
        r = client.get("/api/search", params=params)
        assert r.status_code == 400, params
        assert r.json()["error"]


def test_export_streams_every_match(client):
    total = client.get("/api/search", params={"q": "", "facets": "false"}).json()["total"]
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export.csv").text)))
    assert len(rows) == total and rows[0]["id"]
    lines = client.get("/api/export.jsonl", params={"tag": "PREL"}).text.splitlines()
    assert len(lines) == client.get("/api/search", params={"tag": "PREL"}).json()["total"]
    assert all("raw" not in orjson.loads(x) for x in lines)


def test_export_as_parquet_with_typed_columns(client):
    import pyarrow as pa
    import pyarrow.parquet as pq

    r = client.get("/api/export.parquet", params={"q": "", "sort": "date"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/vnd.apache.parquet"
    assert r.headers["content-disposition"] == 'attachment; filename="cablebase-export.parquet"'
    table = pq.read_table(io.BytesIO(r.content))
    assert table.num_rows == client.get("/api/search", params={"q": "", "facets": "false"}).json()["total"]
    assert table.schema.field("date").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("tags").type == pa.list_(pa.string())
    dates = [d for d in table.column("date").to_pylist() if d is not None]
    assert dates == sorted(dates, reverse=True)  # sort=date: newest first, as the other formats
    assert client.get("/api/export.parquet", params={"q": "(("}).status_code == 400


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_web_exports_are_the_command_line_exports(client, web_db, tmp_path, capsysbinary, fmt):
    """Both write the records' stored JSON form (Archive.iter_json), byte for byte the same file."""
    from cablebase.cli import main

    out = tmp_path / "x.parquet"
    assert main(["export", "tag:PREL", "--db", str(web_db), "--format", fmt]
                + (["-o", str(out)] if fmt == "parquet" else [])) == 0
    cli = out.read_bytes() if fmt == "parquet" else capsysbinary.readouterr().out
    web = client.get(f"/api/export.{fmt}", params={"q": "tag:PREL", "sort": "date-asc"}).content
    assert len(web) > 1000 and web == cli


def test_search_url_variants(client):
    j = client.get("/search.json", params={"q": "origin:madrid", "limit": 2}).json()
    assert j["total"] >= 5 and len(j["hits"]) == 2
    rows = list(csv.reader(io.StringIO(client.get("/search.csv", params={"q": "origin:madrid", "limit": 2}).text)))
    assert rows[0][0] == "id" and [r[0] for r in rows[1:]] == [h["id"] for h in j["hits"]]


def test_openapi_describes_the_api(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/search", "/api/cable/{ident}", "/api/cable/{ident}/refs", "/api/facets", "/api/histogram",
                 "/api/export.{fmt}"):
        assert path in spec["paths"], path
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/search" in docs.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=60))
def test_any_query_string_is_a_page_or_a_400(client, q):
    for path in ("/search", "/api/search"):
        r = client.get(path, params={"q": q})
        assert r.status_code in (200, 400), (path, q, r.status_code)


def test_a_page_past_the_end_is_empty_not_a_crash(client):
    # the engine reserves room for every skipped hit when sorting by date: a billion would abort the process
    for sort in ("date", "relevance", "date-asc"):
        r = client.get("/api/search", params={"sort": sort, "page": 10_000_000, "limit": 1000})
        assert r.status_code == 200 and r.json()["hits"] == [] and r.json()["total"] == 18


def test_cli_json_and_api_agree(client, web_db, capsys):
    from cablebase.cli import main

    assert main(["search", "tag:PREL", "--db", str(web_db), "--json", "--limit", "5"]) == 0
    cli = orjson.loads(capsys.readouterr().out)
    assert cli == client.get("/api/search", params={"q": "tag:PREL", "limit": 5}).json()


def test_explained_cable(client):
    e = client.get("/api/cable/07MEXICO1102/explained").json()
    fl2 = next(r for r in e["header"] if r["label"].startswith("Routed to"))
    assert {"token": "RUEHMC", "meaning": "Consulate Monterrey"} in fl2["tokens"]
    assert e["to"][0]["ri_meaning"] == "Secretary of State" and e["to"][0]["mcn"] == "5650"
    assert {"code": "SENSITIVE", "meaning": "Sensitive but unclassified"} in e["caveats"]
    assert e["citation"]["bibtex"].startswith("@misc{cable:07MEXICO1102")


def test_no_cross_origin_reading_unless_asked(client):
    """By default a page on another site cannot read the archive through the visitor's browser."""
    r = client.get("/api/search?q=guantanamo", headers={"Origin": "https://example.org"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers


def test_cors_for_named_origins(web_db):
    from fastapi.testclient import TestClient

    from cablebase.web import create_app

    with TestClient(create_app(web_db, cors=["http://localhost:3000"])) as c:
        r = c.get("/api/search?q=guantanamo", headers={"Origin": "http://localhost:3000"})
        assert r.headers["access-control-allow-origin"] == "http://localhost:3000"
        assert "access-control-allow-credentials" not in r.headers
        r = c.get("/api/search?q=guantanamo", headers={"Origin": "https://example.org"})
        assert "access-control-allow-origin" not in r.headers
        pre = c.options("/api/cable/07MEXICO1102", headers={"Origin": "http://localhost:3000",
                                                             "Access-Control-Request-Method": "GET"})
        assert pre.status_code == 200 and "GET" in pre.headers["access-control-allow-methods"]


def test_cors_from_the_environment_for_server_workers(web_db, monkeypatch):
    from fastapi.testclient import TestClient

    from cablebase.web import create_app

    monkeypatch.setenv("CABLEBASE_CORS", "*")
    with TestClient(create_app(web_db)) as c:
        r = c.get("/api/cable/07MEXICO1102", headers={"Origin": "https://notebook.example"})
        assert r.headers["access-control-allow-origin"] == "*"


def test_head_is_answered_like_get_without_a_body(client, server):
    import urllib.request

    for url in ("/", "/search?q=mexico", "/cable/07MEXICO1102", "/api/search?q=mexico", "/api/cable/07MEXICO1102"):
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code == 200, url
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]
        assert head.headers.get("content-length") == got.headers.get("content-length")
        assert head.headers["x-content-type-options"] == "nosniff"
    assert client.head("/cable/99NOWHERE1").status_code == 404
    # a streamed export, through a real server: headers, no body, and the connection answers again at once
    request = urllib.request.Request(server + "/api/export.jsonl?q=", method="HEAD")
    with urllib.request.urlopen(request, timeout=10) as r:
        assert r.status == 200 and r.read() == b""
        assert "attachment" in r.headers["content-disposition"]
