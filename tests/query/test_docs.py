"""docs/query-language.md is true: every query it shows runs, its error example is the error users get,
and the copy shipped in the package (shown at /syntax) is the same text."""

from __future__ import annotations

import re

import pytest

from cablebase.archive import Archive
from cablebase.errors import QueryError
from cablebase.query.parser import parse
from tests.conftest import ROOT, SAMPLES

DOC = ROOT / "docs" / "query-language.md"
SHIPPED = ROOT / "src" / "cablebase" / "query" / "syntax.md"
_CODE = re.compile(r"`((?:[^`\\]|\\.)+)`")


def _cells(line: str) -> list[str]:
    """The cells of a Markdown table row (``\\|`` is a pipe inside a cell)."""
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def documented_queries() -> list[str]:
    """The code in the first column of the operator table and the last column of the field table."""
    out: list[str] = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `"):
            continue
        cells = _cells(line)
        column = cells[0] if len(cells) == 2 else cells[-1]
        out += _CODE.findall(column)
    return out


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    a = Archive(tmp_path_factory.mktemp("docs") / "db")
    a.ingest([SAMPLES], jobs=1)
    a.build_topics(k=4, jobs=1)  # (the topic: examples need a topic model: four topics, as docs/analysis.md fits)
    return a


def test_the_package_ships_the_documented_text():
    assert SHIPPED.read_text(encoding="utf-8") == DOC.read_text(encoding="utf-8")


def test_the_document_shows_every_field_and_operator():
    queries = documented_queries()
    assert len(queries) >= 35
    for needle in ("||", "&&", "!iraq", '"~3', "*", "~1", "=negotiations", "date:[", "year:"):
        assert any(needle in q for q in queries), needle


@pytest.mark.parametrize("q", documented_queries())
def test_every_documented_query_runs(archive, q):
    parse(q)
    result = archive.search(q, limit=1)
    if ":" in q:  # each field example names something the sample cables have
        assert result.total > 0, f"{q} finds nothing in samples/"


def test_tag_meanings_find_the_tagged_cables(archive):
    """The document's promise: a TAGS meaning in words finds the cables tagged with that code."""
    tagged = {h.id for h in archive.search("tag:PREL", limit=100).hits}
    assert tagged and tagged <= {h.id for h in archive.search('"External Political Relations"', limit=100).hits}


def test_the_documented_error_message():
    with pytest.raises(QueryError) as e:
        parse('"unbalanced')
    assert str(e.value) == 'unbalanced quote: no closing " at position 1'
