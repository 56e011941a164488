"""Issue 19 in a real browser: the cable page's first screen (item 6), facet meanings shown in full (7),
browse meanings beside their values (8), and a WCAG 2 A/AA audit by axe-core of every page type (11)."""

from __future__ import annotations

import pytest

from tests.web.axe import violations
from tests.web.conftest import BROWSER, HOSTILE_ID

pytestmark = BROWSER


@pytest.mark.parametrize("ident", ["07MEXICO1102", "06MADRID1914", "07PARIS921"])
def test_item6_first_paragraph_on_the_first_screen(page, server, ident):
    page.goto(f"{server}/cable/{ident}")
    top = page.locator(".text .para").first.bounding_box()
    assert top and top["y"] < 900 - 60, f"the text starts at {top} on a 900-pixel screen"
    assert page.locator(".header-decoded details").evaluate("d => !d.open")  # folded, below the text


def test_item7_facet_meanings_are_not_cut(page, server):
    page.goto(server + "/search?q=guantanamo")
    cut = page.evaluate("""() => [...document.querySelectorAll('.facet li a')]
        .filter(a => a.scrollWidth > a.clientWidth + 1 || getComputedStyle(a).textOverflow === 'ellipsis')
        .map(a => a.textContent)""")
    assert cut == []
    aside = page.locator("aside.facets").bounding_box()
    for box in (m.bounding_box() for m in page.locator(".facet .m").all()):
        assert box and box["x"] + box["width"] <= aside["x"] + aside["width"] + 1


def test_item8_browse_meanings_beside_their_values(page, server):
    page.goto(server + "/browse")
    rows = page.locator('.browse-grid ul.counts li:has(.m)').all()
    assert rows
    for li in rows:
        value, meaning = li.locator("a").first.bounding_box(), li.locator(".m").bounding_box()
        assert meaning["x"] - (value["x"] + value["width"]) < 16, li.inner_text()  # left-aligned, next to it


PAGES = ["/", "/search?q=court", "/search?q=court&origin=Embassy+Madrid&from=2006-07&to=2006-07",
         "/search?q=iran+AND+(nuclear", "/cable/07MEXICO1102", "/cable/06MADRID2657", f"/cable/{HOSTILE_ID}",
         "/browse", "/browse/tags", "/browse/tags/PREL", "/browse/signers/GARZA", "/syntax", "/docs",
         "/cable/99NOWHERE1", "/cable/07MADRID173/thread", "/cable/06MADRID3104/thread", "/gaps?q=origin:madrid",
         "/gaps?q=%22unclosed", "/network", "/network?q=madrid&kind=posts", "/network?kind=tags",
         "/network?kind=tag-pairs", "/trends", "/trends?q=tag:PREL&q=guantanamo&by=year",
         "/trends?q=tag:PREL&split=origin&share=false", "/trends?q=%22unclosed"]


@pytest.mark.parametrize("path", PAGES)
def test_item11_axe_finds_no_violation(audited, server, axe, path):
    """WCAG 2 A and AA rules (link-in-text-block among them) on every page type, the folded sections open."""
    problems = violations(audited, server + path, axe)
    assert problems == [], f"{path}: {problems}"
