"""Trends in a real headless browser: from a search to its trend, a second query added with the form, raw
counts a click away, and the page working without JavaScript. The screenshot goes to
test-output/screenshots/trends.png (docs/screenshots/ holds a copy); the axe audit of the page is in
``test_issue19_browser.PAGES``."""

from __future__ import annotations

import re

from tests.web.conftest import BROWSER, SHOTS

pytestmark = BROWSER


def test_trends_from_a_search_with_a_second_query(page, server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(server + "/search?q=tag:PREL")
    page.click('.analyse a:has-text("compare over time")')
    page.wait_for_url(re.compile(r"/trends\?q=tag%3APREL$"))
    chart = page.locator("svg.trend")
    box = chart.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 250
    assert page.locator("svg.trend g.series").count() == 1
    assert page.locator("svg.trend title").first.text_content() == "Share of all cables per month matching tag:PREL"
    page.fill("#q2", "guantanamo")
    page.select_option("#by", "year")
    page.click('form.trends-form button[type="submit"]')
    page.wait_for_url(re.compile(r"q=guantanamo"))
    assert page.locator("svg.trend g.series").count() == 2
    assert page.locator("svg.trend .legend text").all_text_contents() == ["tag:PREL", "guantanamo"]
    strokes = page.locator("svg.trend g.series path").evaluate_all(
        "paths => paths.map(p => [getComputedStyle(p).stroke, getComputedStyle(p).strokeDasharray])")
    assert strokes[0][0] != strokes[1][0] and strokes[0][1] != strokes[1][1]  # colour and dash both differ
    assert page.locator("table.trends tbody tr").count() >= 4
    page.screenshot(path=str(SHOTS / "trends.png"))  # the first screen: the form and the chart
    page.click('.downloads a:has-text("raw counts")')
    page.wait_for_url(re.compile(r"share=false"))
    assert "cables per year" in page.locator("svg.trend desc").text_content()
    page.click('table.trends a:has-text("7")')  # the 2007 count leads to its cables
    page.wait_for_url(re.compile(r"/search\?q=tag%3APREL&from=2007&to=2007$"))
    assert page.locator("ol.hits > li").count() == 7


def test_trends_work_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(server + "/trends?q=madrid")
    assert pg.locator("svg.trend g.series").count() == 1
    pg.select_option("#share", "false")
    pg.select_option("#split", "classification")
    pg.click('form.trends-form button[type="submit"]')
    pg.wait_for_url(re.compile(r"split=classification"))
    assert pg.locator("svg.trend g.series").count() >= 2
    assert "cables per month" in pg.locator("svg.trend desc").text_content()
    context.close()
