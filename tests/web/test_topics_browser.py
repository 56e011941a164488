"""Topics in a real headless browser, over a copy of the corpus archive with a topic model (k=20): from the
listing to a topic, its chart and its cables, and on to a cable; the search page's topic facet with its
labels; and a WCAG 2 A/AA audit by axe-core of the pages. The screenshots go to
test-output/screenshots/topics.png and topic.png (docs/screenshots/ holds a copy)."""

from __future__ import annotations

import re

import pytest

from cablebase.archive import Archive
from tests.web.axe import violations
from tests.web.conftest import BROWSER, SHOTS, TOPICS_K, serve

pytestmark = BROWSER
K = TOPICS_K


@pytest.fixture(scope="module")
def topics_server(topics_db):  # type: ignore[no-untyped-def]
    """The app over the archive with a model, served by uvicorn on a free loopback port."""
    from cablebase.web import create_app

    yield from serve(create_app(topics_db))


def test_from_the_listing_to_a_topic_and_its_cables(page, topics_server, topics_db):
    SHOTS.mkdir(parents=True, exist_ok=True)
    a = Archive(topics_db)
    biggest = max(a.topics(), key=lambda t: (t["size"], -t["id"]))
    topic = a.topic(biggest["id"])
    n = topic["id"]
    page.goto(topics_server + "/")
    page.click('header.top nav a:has-text("Topics")')
    page.wait_for_url(re.compile(r"/topics$"))
    assert page.locator("table.topics tbody tr").count() == K
    sparks = page.locator("table.topics svg.spark")
    assert sparks.count() == K
    box = sparks.first.bounding_box()
    assert box and box["width"] >= 100 and box["height"] >= 20
    assert page.locator(f"#t{n} svg.spark path").get_attribute("d").startswith("M")
    page.screenshot(path=str(SHOTS / "topics.png"))  # the first screen: what a topic is, the first rows
    page.click(f"#t{n} td:nth-child(2) a")
    page.wait_for_url(re.compile(rf"/topics/{n}$"))
    assert page.locator("h1").text_content().startswith(f"Topic {n}: {topic['label']}")
    chart = page.locator("svg.trend")
    box = chart.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 250
    assert page.locator("svg.trend g.series").count() == 1
    assert page.locator("svg.trend title").first.text_content().startswith(f"Share of all cables per year matching "
                                                                           f"topic:{n}")
    cables = page.locator("ol.cables li a")
    assert cables.all_text_contents() == [c["id"] for c in topic["cables"]]
    assert page.locator("table.words tbody tr").count() == len(topic["words"])
    page.screenshot(path=str(SHOTS / "topic.png"), full_page=True)
    page.click(f'.posts a:has-text("{topic["posts"][0][0]}")')  # a post narrows the topic's search
    page.wait_for_url(re.compile(rf"/search\?q=topic%3A{n}&origin="))
    assert page.locator("ol.hits > li").count() == min(20, topic["posts"][0][1])
    page.go_back()
    page.click("ol.cables li a >> nth=0")
    page.wait_for_url(re.compile(rf"/cable/{re.escape(topic['cables'][0]['id'])}$"))


def test_search_facet_shows_each_topic_with_its_label(page, topics_server, topics_db):
    labels = {str(t["id"]): t["label"] for t in Archive(topics_db).topics()}
    page.goto(topics_server + "/search?q=iran")
    facet = page.locator('section.facet[data-field="topic"]')
    first = facet.locator("li").first
    value, meaning = first.locator(".v").text_content(), first.locator(".m").text_content()
    assert meaning == labels[value]
    first.locator("a").click()
    page.wait_for_url(re.compile(rf"topic={value}$"))
    assert page.locator('section.facet[data-field="topic"] li.on .v').first.text_content() == value


@pytest.mark.parametrize("path", ["/topics", "/topics/1", f"/topics/{K}", f"/topics/{K + 1}", "/topics/abc",
                                  "/search?q=iran"])
def test_axe_finds_no_violation(audited, topics_server, axe, path):
    """WCAG 2 A and AA rules, as test_issue19_browser audits the other pages, the folded values open."""
    problems = violations(audited, topics_server + path, axe)
    assert problems == [], f"{path}: {problems}"


def test_no_model_page_passes_axe(audited, server, axe):
    assert violations(audited, server + "/topics", axe) == []
    assert "No topic model yet" in audited.locator("h2").first.text_content()
