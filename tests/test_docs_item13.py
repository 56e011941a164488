"""README and docs/benchmarks.md say what is so (issue 19, item 13)."""

from __future__ import annotations

import re

from cablebase.archive import Archive
from tests.conftest import ROOT, SAMPLES

README = (ROOT / "README.md").read_text(encoding="utf-8")
BENCHMARKS = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")


def test_item13_readme_names_the_canonical_address_as_the_app_has_it(tmp_path):
    from fastapi.testclient import TestClient

    from cablebase.web import create_app

    assert "redirects to the canonical address (`/cable/2007MEXICO01102`)" not in README
    assert "`/cable/07MEXICO1102` is the canonical address" in README
    Archive(tmp_path / "db").ingest([SAMPLES / "raw-telegram"], jobs=1)
    client = TestClient(create_app(tmp_path / "db"))
    assert client.get("/cable/07MEXICO1102", follow_redirects=False).status_code == 200
    for other in re.findall(r"any other id form \(([^)]*)\)", README)[0].split(", "):
        r = client.get(other.strip("`"), follow_redirects=False)
        assert r.status_code in (301, 308) and r.headers["location"] == "/cable/07MEXICO1102"


def test_item13_readme_says_what_shared_and_the_browser_tests_need():
    assert "FORMAT.md" in README and "EDGE_CASES.md" in README and "`../shared`" in README
    assert "browser tests need Debian's `chromium`" in README and "`.ci/run`\ninstalls it" in README


def test_item13_benchmarks_compare_with_cablemap_as_measured():
    assert "3x faster" not in BENCHMARKS
    for figure in ("0.65 ms (cablebase) and 0.84 ms (cablemap), 1.3x", "means 0.70 and 2.54 ms",
                   "slowest pages 2.5 and 390 ms", "best of 3 per page", "1,165 WikiLeaks pages", "one core"):
        assert figure in BENCHMARKS
