"""Issue 19, reading room items 5-10: what a new user found wrong in the pages and the API (the browser
checks, and item 11's accessibility audit, are in test_issue19_browser.py)."""

from __future__ import annotations

import re

import pytest

from cablebase.web.state import FACET_FIELDS

FILTER_VALUES = {"origin": "Embassy Madrid", "country": "ES", "year": "2007", "classification": "CONFIDENTIAL",
                 "caveat": "NOFORN", "tag": "PREL", "precedence": "IMMEDIATE", "signer": "garza"}


def _active_count(html: str) -> int:
    """The count beside the active value of the sidebar (the one ticked)."""
    m = re.search(r'<li class="on">.*?<span class="n">([\d,]+)</span></li>', html)
    assert m, "no active facet value in the page"
    return int(m.group(1).replace(",", ""))


@pytest.mark.parametrize("field", [f for f in FACET_FIELDS if f != "topic"])  # (topic: tests/web/test_topics.py)
def test_item5_signer_facet_counts(client, field):
    """Every filter the pages offer is a facet: the active value's count equals the total, in the page and
    in the API (signers were not counted, and ``signer=GARZA`` said 0)."""
    value = FILTER_VALUES[field]
    api = client.get("/api/search", params={field: value}).json()
    assert api["total"] > 0
    counted = {k.upper(): n for k, n in api["facets"][field].items()}
    assert counted[value.upper()] == api["total"]
    facets = client.get("/api/facets", params={field: value}).json()
    assert {k.upper(): n for k, n in facets["facets"][field].items()}[value.upper()] == facets["total"]
    page = client.get("/search", params={field: value}).text
    assert _active_count(page) == api["total"]


def test_item5_browse_signer_counts(client):
    html = client.get("/browse/signers/GARZA").text
    total = int(re.search(r"<strong>([\d,]+)</strong> cable", html).group(1))
    assert total > 0 and _active_count(html) == total


def test_item9_error_position_matches_the_message(client):
    """The JSON ``position`` is the one the message gives, both counted from 1."""
    for q in ('tag:PREL AND ("unclosed', "iran AND (nuclear", "date:[2007 TO", "a OR"):
        r = client.get("/api/search", params={"q": q})
        assert r.status_code == 400
        body = r.json()
        said = int(re.search(r"at position (\d+)", body["error"]).group(1))
        assert body["position"] == said, (q, body)
    page = client.get("/search", params={"q": "iran AND (nuclear"}).text
    pointer = re.search(r'<pre class="pointer">[^\n]*\n( *)\^</pre>', page)
    said = int(re.search(r"at position (\d+)", page).group(1))
    assert pointer and len(pointer.group(1)) == said - 1  # the caret under that character


def _section(html: str, css_class: str) -> str:
    m = re.search(rf'<section class="{css_class}"[^>]*>(.*?)</section>', html, re.S)
    assert m, css_class
    return m.group(1)


def test_item6_cable_page_puts_the_reader_first(client):
    """Subject, date in words, origin, classification, TAGS and the summary come before the text; the
    transmission header and addressees after it, folded; a "jump to text" link."""
    html = client.get("/cable/07MEXICO1102").text
    lead = _section(html, "lead")
    for text in ("5 March 2007, 19:24 UTC", "Embassy Mexico", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "PREL",
                 "Political Affairs--External Political Relations", 'href="#text"'):
        assert text in lead, text
    text_at = html.index('<section class="text" id="text">')
    assert html.index('class="lead"') < text_at < html.index("Transmission header") < html.index("From and to")
    assert re.search(r'<section class="header-decoded">\s*<details>', html)
    assert re.search(r'<section class="addressees">\s*<details>', html)
    with_summary = _section(client.get("/cable/06MADRID1914").text, "lead")
    assert "Summary" in with_summary and "annulled the six-year prison sentence" in with_summary
    assert "U.S. …" not in with_summary  # cut at a sentence's end, not at an abbreviation


def test_item6_declassification_line_once(client):
    html = client.get("/cable/07MEXICO1102").text
    facts = _section(html, "facts")
    assert facts.count("E.O. 12958") == 1 and facts.count("N/A") == 1
    dated = _section(client.get("/cable/06MADRID1914").text, "facts")
    assert dated.count("E.O. 12958") == 1 and "declassify on 25 July 2016" in dated


def test_item6_skipped_paragraph_is_said_where_it_happens(client):
    from cablebase.web.cable_sections import _gap

    text = _section(client.get("/cable/07MEXICO1102").text, "text")
    note = re.search(r'id="p7".*?<p class="gap" role="note">([^<]*)</p>\s*<p class="para" id="p9"', text, re.S)
    assert note and "no paragraph 8" in note.group(1)
    assert "no paragraphs 9 and 10: the numbering goes from 8 to 11" in _gap(8, 11)
    assert "no paragraphs 3 to 6" in _gap(2, 7)
    assert '<p class="gap"' not in _section(client.get("/cable/06MADRID1914").text, "text")


def test_item10_citation_meta_tags_and_ris(client):
    """Highwire citation tags in the head (what Zotero reads) and an RIS download beside BibTeX."""
    html = client.get("/cable/07MEXICO1102").text
    head = html[: html.index("</head>")]
    meta = dict(re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', head))
    assert meta["citation_title"] == "Scenesetter for President&#39;s Trip to Mexico, March 12-14, 2007"
    assert meta["citation_author"] == "Embassy Mexico"
    assert meta["citation_date"] == meta["citation_publication_date"] == "2007/03/05"
    assert meta["citation_publisher"] == "WikiLeaks Cablegate"
    assert meta["citation_archive_id"] == meta["citation_technical_report_number"] == "07MEXICO1102"
    assert meta["citation_public_url"].startswith("https://wikileaks.org/plusd/cables/07MEXICO1102")
    assert meta["citation_abstract_html_url"].endswith("/cable/07MEXICO1102")
    cite = _section(html, "cite")
    assert 'href="/cable/07MEXICO1102.ris"' in cite and 'href="/cable/07MEXICO1102.bib"' in cite
    r = client.get("/cable/07MEXICO1102.ris")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-research-info-systems")
    assert 'filename="07MEXICO1102.ris"' in r.headers["content-disposition"]
    lines = r.text.split("\r\n")
    assert lines[0] == "TY  - RPRT" and "ER  - " in lines
    for line in ("AU  - Embassy Mexico", "PY  - 2007", "DA  - 2007/03/05/", "AN  - 07MEXICO1102",
                 "TI  - Scenesetter for President's Trip to Mexico, March 12-14, 2007", "KW  - PREL"):
        assert line in lines, line
    bib = client.get("/cable/07MEXICO1102.bib")
    assert bib.status_code == 200 and bib.text.startswith("@misc{cable:07MEXICO1102")
    assert client.get("/cable/99NOWHERE1.ris").status_code == 404


def test_item7_one_month_timeline_shows_its_year(client):
    """A search within one month draws that month within its year, not one full-width block."""
    html = client.get("/search", params={"q": "court", "from": "2006-07", "to": "2006-07"}).text
    bars = re.findall(r'<(?:a|span) class="bar[^"]*"[^>]*>', html)
    assert len(bars) == 12
    assert re.search(r'<a class="bar" href="[^"]+" data-month="2006-07"', html)
    assert re.search(r"<figcaption>2006-01 <span>.*</span> 2006-12</figcaption>", html)
    wide = client.get("/search", params={"q": "court"}).text  # a long span keeps its own scale
    assert "cables per year" in wide or len(re.findall(r'class="bar', wide)) > 12


def test_item7_snippets_link_to_their_paragraph(client):
    """Each snippet says which paragraph it comes from and links to it; the paragraph holds the words."""
    html = client.get("/search", params={"q": "court", "limit": 50}).text
    links = re.findall(r'<p class="snippet">.*?<a class="from" href="/cable/([^"#]+)#p(\d+)">from paragraph (\d+)</a>',
                       html, re.S)
    assert len(links) >= 4 and any(int(n) > 1 for _, n, _ in links)
    for ident, number, said in links:
        assert number == said
        page = client.get(f"/cable/{ident}").text
        para = re.search(rf'<p class="para" id="p{number}">(.*?)</p>', page, re.S)
        assert para and "court" in para.group(1).lower(), (ident, number)
    api = client.get("/api/search", params={"q": "calderon"}).json()
    assert api["hits"][0]["paragraph"] == 1


@pytest.mark.parametrize("path", ["/browse/tags/ZZZZ", "/browse/posts/Embassy%20Atlantis", "/browse/signers/NOBODY",
                                  "/browse/years/1812", "/browse/classifications/COSMIC"])
def test_item8_unknown_browse_values_are_404(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert "no cable in this archive" in r.text and "0 cables" not in r.text


def test_item8_browse_has_a_timeline_years_and_classifications(client):
    html = client.get("/browse").text
    assert '<figure class="histogram"' in html and re.search(r'<a class="bar" href="/search\?from=2007&amp;to=2007"',
                                                               html)
    for kind in ("years", "classifications"):
        assert f'<a href="/browse/{kind}">' in html
    years = re.findall(r'<a href="/browse/years/(\d{4})">', html)
    assert years and years == sorted(years)
    assert '<a href="/browse/classifications/SECRET">' in html
    for path, filter_chip in (("/browse/years/2007", "year: 2007"), ("/browse/classifications/SECRET",
                                                                      "classification: SECRET")):
        page = client.get(path)
        assert page.status_code == 200 and filter_chip in page.text
        total = int(re.search(r"<strong>([\d,]+)</strong> cable", page.text).group(1))
        assert total > 0 and _active_count(page.text) == total
    listing = client.get("/browse/years").text
    assert re.findall(r'<a href="/browse/years/(\d{4})">', listing) == sorted(years)


def test_a_date_without_a_dtg_shows_the_day_without_a_false_minute(client):
    """Issue 18, item 6: 05SOFIA1207 has no date-time group; its page's Created time (07:07) repeats the hour
    in the minutes, so the cable page gives the day and says where it comes from."""
    lead = _section(client.get("/cable/05SOFIA1207").text, "lead")
    assert "7 July 2005" in lead and "07:07" not in lead and "own time is not in its text" in lead
    assert client.get("/api/cable/05SOFIA1207").json()["date_source"] == "container"


def test_a_page_with_another_cables_text_claims_none_of_its_fields(tmp_path):
    """Issue 18, item 7: 07PARIS2725's page shows MOSCOW 5154; the record keeps the page's classification and
    leaves subject, TAGS and signer empty, and the cable page links the cable whose text it is."""
    from fastapi.testclient import TestClient

    from cablebase.archive import Archive
    from cablebase.web import create_app
    from tests.conftest import CORPUS

    page = CORPUS / "wikileaks" / "2007" / "06" / "07PARIS2725.html"
    if not page.exists():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    archive = Archive(tmp_path / "db")
    archive.ingest([page])
    rec = archive.get("07PARIS2725").cable
    assert rec.text_of == "07MOSCOW5154" and rec.classification == "CONFIDENTIAL"
    assert not rec.subject and not rec.tags and not rec.signers
    with TestClient(create_app(tmp_path / "db")) as client:
        lead = _section(client.get("/cable/07PARIS2725").text, "lead")
    assert 'href="/cable/07MOSCOW5154"' in lead and "text of another cable" in lead
