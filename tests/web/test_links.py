"""Every link in the reading room leads somewhere: a crawl from the front page finds no broken link and no
server error."""

from __future__ import annotations

import html
import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

HREF = re.compile(r'\bhref="([^"]+)"')


def test_crawl_finds_no_broken_link(client):
    seen: set[str] = set()
    queue = deque(["/", "/browse", "/docs", "/syntax"])
    broken: list[tuple[str, int, str]] = []
    parent: dict[str, str] = {}
    while queue and len(seen) < 600:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        r = client.get(url, follow_redirects=True)
        if r.status_code != 200:
            broken.append((url, r.status_code, parent.get(url, "")))
            continue
        if not r.headers.get("content-type", "").startswith("text/html"):
            continue
        for href in HREF.findall(r.text):
            target = urldefrag(urljoin(url, html.unescape(href)))[0]
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target in seen:
                continue
            parent.setdefault(target, url)
            queue.append(target)
    assert not broken, broken[:10]
    assert len(seen) > 150  # the crawl really went through search, cable and browse pages
    assert any(u.startswith("/cable/") for u in seen) and any("/browse/tags/" in u for u in seen)
