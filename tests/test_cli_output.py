"""What `cablebase search` and `cablebase stats` print (issue 19, item 12), and a fresh archive's index."""

from __future__ import annotations

import html

import pytest

from cablebase.archive import Archive
from cablebase.archive.index import index_shape
from cablebase.cli import main
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("out") / "db"
    Archive(path).ingest([SAMPLES], jobs=1)
    return path


def test_item12_search_is_laid_out_for_the_terminal(db, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    assert main(["search", "mexico OR madrid", "--db", str(db), "--limit", "4"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(len(line) <= 60 for line in lines)
    blocks = "\n".join(lines[2:]).split("\n\n")  # a blank line after the count, and between hits
    hits = [b.splitlines() for b in blocks if b[:2].isdigit()]
    expected = Archive(db).search("mexico OR madrid", limit=4).hits
    assert len(hits) == 4
    for block, hit in zip(hits, expected, strict=True):
        head, *rest = block
        assert head.startswith(hit.id) and " · " in head
        rest = [line for line in rest if not line.startswith(" " * 14 + (hit.classification or "")[:5])]
        assert all(line.startswith("    ") for line in rest)  # subject and snippet indented under the id
        shown = " ".join(line.strip() for line in rest)
        snippet = " ".join(hit.snippet.replace("<mark>", "").replace("</mark>", "").split())
        assert html.unescape(snippet) in shown  # re-flowed: the cable's hard line breaks are gone
    facets = blocks[-1].splitlines()
    assert facets[0].startswith("origin ") and any(line.startswith("      ") for line in facets)


def test_item12_stats_in_words(db, capsys):
    assert main(["stats", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "{" not in out and "segment" not in out and "ref_items" not in out
    assert "17 cables, 19 versions" in out and "3 skipped as not cables" in out
    assert "search index: no old copies of updated records in it" in out


def test_item12_fresh_ingest_leaves_no_deleted_documents(db):
    """A cable met in several files of one ingest (two versions of 05SOFIA1207 in the samples) is indexed
    once: a fresh archive does not start with deleted documents, nor with advice to rebuild its index."""
    assert index_shape(db / "index")[1] == 0
    assert "--rebuild-index" not in Archive(db).stats()["index"]
    assert Archive(db).search("id:05SOFIA1207").total == 1
