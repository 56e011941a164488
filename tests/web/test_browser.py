"""End to end in a real headless browser: Debian's chromium driven by Playwright (no browser download).

Search, click a facet, click a histogram bar, open a cable, follow a REF link, page through results; any
script a cable manages to run (an alert) fails the test. Screenshots go to test-output/screenshots/.
"""

from __future__ import annotations

import re

from tests.web.conftest import BROWSER, HOSTILE_ID, SHOTS

pytestmark = BROWSER


def test_search_facet_histogram_cable_ref(page, server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(server + "/")
    page.fill("#q", "court")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=court"))
    total = int(page.locator(".summary strong").first.inner_text())
    assert total >= 4 and page.locator(".hit mark").count() > 0
    page.screenshot(path=str(SHOTS / "search.png"), full_page=True)

    page.click('.facet[data-field="origin"] a:has-text("Embassy Madrid")')
    page.wait_for_url(re.compile(r"origin=Embassy\+Madrid"))
    narrowed = int(page.locator(".summary strong").first.inner_text())
    assert 0 < narrowed < total
    assert page.locator(".chip", has_text="origin: Embassy Madrid").count() == 1

    page.click('.histogram a.bar[data-month="2006-07"]')
    page.wait_for_url(re.compile(r"from=2006-07&to=2006-07"))
    assert [a.inner_text() for a in page.locator(".hit .id").all()] == ["06MADRID1914"]

    page.goto(server + "/search?q=terrorism+origin:madrid")
    page.click('.hit h3 a:has-text("UPDATE ON KEY TERRORISM")')
    page.wait_for_url(re.compile(r"/cable/06MADRID2657$"))
    assert page.locator("h1").inner_text() == "SPAIN: UPDATE ON KEY TERRORISM-RELATED CASES"
    page.screenshot(path=str(SHOTS / "cable.png"))  # the first screen: what a reader sees before scrolling

    page.click('a.ref.present[href="/cable/06MADRID1914"]')
    page.wait_for_url(re.compile(r"/cable/06MADRID1914$"))
    assert "SPANISH TALIBAN" in page.locator("h1").inner_text()
    assert page.locator(".cited-by a", has_text="06MADRID2657").count() == 1


def test_paging_through_results(page, server):
    page.goto(server + "/search?limit=5&sort=date")
    seen = []
    while True:
        seen += page.locator(".hit .id").all_inner_texts()
        nxt = page.locator('.pager a[rel="next"]')
        if not nxt.count():
            break
        nxt.click()
        page.wait_for_load_state()
    total = int(page.locator(".summary strong").first.inner_text())
    assert len(seen) == len(set(seen)) == total == 18


def test_hostile_cable_runs_no_script(page, server):
    page.goto(server + f"/cable/{HOSTILE_ID}")
    assert "<script>alert('subject')</script>" in page.locator("h1").inner_text()
    assert page.locator(".text script, .text img").count() == 0
    page.goto(server + "/search?q=onerror")
    assert "onerror" in page.locator(".snippet").first.inner_text()
    assert page.locator(".snippet img").count() == 0


def test_pages_work_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(server + "/search?q=sarkozy")
    pg.click('.facet[data-field="year"] a:has-text("2007")')
    assert "year=2007" in pg.url and pg.locator(".hit").count() >= 2
    context.close()
