"""Issue 21 in a real headless browser: the network drawing, a thread and the gaps render and lead on, with
and without JavaScript. Screenshots go to test-output/screenshots/ (docs/screenshots/ holds copies); the
axe audit of these pages is in ``test_issue19_browser.PAGES``."""

from __future__ import annotations

import re

from tests.web.conftest import BROWSER, SHOTS

pytestmark = BROWSER


def test_network_draws_and_its_circles_lead_to_cables(page, server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(server + "/search?q=madrid")
    page.click('.analyse a:has-text("how they connect")')
    page.wait_for_url(re.compile(r"/network\?q=madrid$"))
    drawing = page.locator("svg.net")
    box = drawing.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 300
    assert page.locator("svg.net circle").count() >= 3 and page.locator("svg.net line").count() >= 2
    assert page.locator("svg.net title").first.text_content().startswith("The top of the refs network")
    page.screenshot(path=str(SHOTS / "network.png"))  # the first screen: the drawing
    page.select_option("#kind", "tag-pairs")
    page.click('form.controls button[type="submit"]')
    page.wait_for_url(re.compile(r"kind=tag-pairs"))
    assert page.locator("svg.net .n-tag").count() >= 2
    page.go_back()
    page.click('svg.net a[href="/cable/06MADRID1914"]')
    page.wait_for_url(re.compile(r"/cable/06MADRID1914$"))
    assert "SPANISH TALIBAN" in page.locator("h1").inner_text()


def test_thread_from_the_cable_page(page, server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(server + "/cable/07MADRID173")
    assert page.locator("section.thread a.ref.present", has_text="06MADRID2657").count() == 1
    page.click('section.thread a:has-text("The whole thread")')
    page.wait_for_url(re.compile(r"/cable/07MADRID173/thread$"))
    entries = page.locator("ol.thread li")
    assert entries.count() >= 5
    assert page.locator("ol.thread li.known-absent a[href='/cable/06MADRID3104']").count() == 0
    page.screenshot(path=str(SHOTS / "thread.png"), full_page=True)
    page.select_option("#depth", "1")
    page.click('form.controls button[type="submit"]')
    page.wait_for_url(re.compile(r"depth=1$"))
    assert page.locator("ol.thread li", has_text="06MADRID1914").count() == 0
    page.click('ol.thread a.ref.present:has-text("06MADRID2657")')
    page.wait_for_url(re.compile(r"/cable/06MADRID2657$"))


def test_gaps_form_and_tables(page, server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(server + "/gaps")
    assert "German tank problem" in page.locator("section.method").inner_text()
    page.fill("#aq", "origin:madrid")
    page.press("#aq", "Enter")
    page.wait_for_url(re.compile(r"/gaps\?q=origin%3Amadrid$"))
    assert page.locator("table.gaps tbody tr").count() >= 2
    assert page.locator("table.absent tbody tr").first.locator("td").first.inner_text().startswith("06MADRID1799")
    page.screenshot(path=str(SHOTS / "gaps.png"))


def test_analysis_pages_work_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(server + "/network?q=madrid&kind=posts")
    assert pg.locator("svg.net circle").count() >= 3
    pg.select_option("#kind", "refs")
    pg.click('form.controls button[type="submit"]')
    pg.wait_for_url(re.compile(r"kind=refs"))
    assert pg.locator("svg.net .n-present").count() >= 1
    context.close()
