"""A fingerprint of everything cablebase makes: every decoded record of the shared corpus and every response of
the reading room and the API over an archive of the samples, one SHA-256 each.

A refactoring must leave them all as they were; a change to the decoder or a page changes some, and the list of
what changed is the list of records and pages to read before the change is committed. ``tests/test_snapshot.py``
compares with the committed fingerprints in ``tests/snapshots/``.

    python -m tests.snapshot --diff     # what differs from the committed fingerprints
    python -m tests.snapshot --write    # commit the current ones (after reading what changed)
"""

from __future__ import annotations

import argparse
import hashlib
import html
import re
import sys
import tempfile
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import orjson

from tests.conftest import CORPUS, ROOT, SAMPLES

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
RECORDS = SNAPSHOTS / "records.tsv"
RESPONSES = SNAPSHOTS / "responses.tsv"
_HREF = re.compile(r'\bhref="([^"]+)"')
_MAX_PAGES = 400  # the first 400 URLs of a breadth-first crawl (the combinations of filters never end)
# API calls the crawl of the pages does not reach
_API = ["/api/search?q=nuclear", "/api/search?q=origin:madrid&sort=date", "/api/search?q=tag:PREL&page=2",
        "/api/facets?q=", "/api/histogram?q=", "/api/export.csv?q=", "/api/export.jsonl?q=madrid",
        "/api/browse/posts", "/api/browse/tags", "/api/browse/signers", "/openapi.json"]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def records(corpus: Path = CORPUS) -> Iterator[tuple[str, str]]:
    """(the file and place in it, the fingerprint of its decoded record) for every cable of the corpus; the
    corpus's own location is left out of the record, so the fingerprint is the same wherever it sits."""
    from cablebase.readers import ReadError, Skipped, parse_paths

    for item in parse_paths([corpus]):
        if isinstance(item, Skipped):
            continue
        if isinstance(item, ReadError):
            yield f"{Path(item.path).relative_to(corpus)} {item.locator}".strip(), "read-error " + item.message
            continue
        d = item.to_dict()
        path = str(Path(d["source"]["path"]).relative_to(corpus))
        d["source"]["path"] = path
        yield f"{path} {d['source'].get('locator') or ''}".strip(), _digest(orjson.dumps(d))


def responses() -> Iterator[tuple[str, str]]:
    """(URL, fingerprint of status and body) for every page a crawl of the samples' reading room reaches and for
    the API calls in ``_API``; the places of the archive and of the project are written as ``<db>`` and
    ``<root>``."""
    from fastapi.testclient import TestClient

    from cablebase.archive import Archive
    from cablebase.web import create_app

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "db"
        Archive(db).ingest([SAMPLES], jobs=1)
        with TestClient(create_app(db), raise_server_exceptions=False) as client:
            queue = deque(["/", "/browse", "/docs", "/syntax", *_API])
            seen: set[str] = set()
            while queue and len(seen) < _MAX_PAGES:
                url = queue.popleft()
                if url in seen:
                    continue
                seen.add(url)
                r = client.get(url, follow_redirects=True)
                body = r.content.replace(str(db).encode(), b"<db>").replace(str(ROOT).encode(), b"<root>")
                yield url, _digest(str(r.status_code).encode() + b"\n" + body)
                if r.headers.get("content-type", "").startswith("text/html"):
                    for href in _HREF.findall(r.text):
                        target = urldefrag(urljoin(url, html.unescape(href)))[0]
                        parts = urlsplit(target)
                        if not (parts.scheme or parts.netloc) and target not in seen:
                            queue.append(target)


def read(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    return dict(line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line)


def write(path: Path, pairs: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{k}\t{v}\n" for k, v in sorted(pairs.items())), encoding="utf-8")


def differences(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """What changed, one line each: ``changed KEY``, ``new KEY``, ``gone KEY``."""
    out = [f"changed {k}" for k in sorted(old.keys() & new.keys()) if old[k] != new[k]]
    out += [f"new {k}" for k in sorted(new.keys() - old.keys())]
    out += [f"gone {k}" for k in sorted(old.keys() - new.keys())]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="write the current fingerprints to tests/snapshots/")
    ap.add_argument("--diff", action="store_true", help="list what differs from the committed fingerprints")
    args = ap.parse_args(argv)
    status = 0
    for path, make in ((RECORDS, records), (RESPONSES, responses)):
        now = dict(make())
        if args.write:
            write(path, now)
            print(f"wrote {len(now)} fingerprints to {path.relative_to(ROOT)}")
            continue
        diff = differences(read(path), now)
        print(f"{path.name}: {len(now)} fingerprints, {len(diff)} differ", *diff[:200], sep="\n  ")
        status = status or (1 if diff else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
