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


@pytest.mark.parametrize("field", FACET_FIELDS)
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
