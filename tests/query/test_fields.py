"""The field catalogue: declared once, and every layer reads it (the docs' table, the parser, the index,
the filters and facets, the web parameters and browse lists)."""

from __future__ import annotations

import pytest
import tantivy

from cablebase.archive import FILTER_FIELDS
from cablebase.archive.facets import SEARCH_FACETS
from cablebase.archive.index import SchemaChanged, open_index
from cablebase.query import fields
from cablebase.query.fields import BY_NAME, COLUMNS, FIELDS, markdown_table, with_table
from cablebase.query.parser import FIELDS as PARSER_FIELDS
from cablebase.query.parser import Range, Term, parse
from cablebase.web.api import BROWSE_FIELDS
from cablebase.web.params import FILTER_PARAMS
from cablebase.web.state import FACET_FIELDS
from tests.conftest import ROOT

DOC = ROOT / "docs" / "query-language.md"


def test_the_documented_field_table_is_the_one_the_catalogue_makes():
    doc = DOC.read_text(encoding="utf-8")
    assert markdown_table() in doc, "run: python -m cablebase.query.fields --write docs/query-language.md"
    assert with_table(doc) == doc


def test_regenerating_replaces_only_the_table():
    doc = "intro\n\n" + fields.TABLE_HEAD + "\n|---|---|---|\n| `old:` | gone | `old:x` |\n\nafter\n"
    out = with_table(doc)
    assert out.startswith("intro\n\n" + markdown_table()) and out.endswith("\nafter\n") and "old:" not in out


def test_names_are_unique_and_every_field_is_complete():
    assert len(BY_NAME) == len(FIELDS)
    assert len(COLUMNS) == sum(len(f.columns) for f in FIELDS)  # a column belongs to one field
    for f in FIELDS:
        for column in (*f.words, *f.exact, *filter(None, [f.value, f.range])):
            assert column in COLUMNS, (f.name, column)
        assert not f.facet or (f.value and f.place and f.label and f.param), f.name
        assert not f.query or f.examples, f.name  # what the docs' table shows


def test_every_layer_takes_its_fields_from_the_catalogue():
    assert PARSER_FIELDS == tuple(f.query for f in FIELDS if f.query)
    assert FILTER_FIELDS == ("origin", "country", "year", "month", "classification", "caveat", "tag", "precedence",
                             "signer", "topic")
    assert SEARCH_FACETS == FACET_FIELDS == FILTER_PARAMS == tuple(n for n in FILTER_FIELDS if n != "month")
    assert BROWSE_FIELDS == {"posts": "origin", "tags": "tag", "signers": "signer", "years": "year",
                             "classifications": "classification", "countries": "country", "caveats": "caveat"}


def test_an_alias_is_its_field(monkeypatch):
    monkeypatch.setitem(fields.BY_QUERY, "sender", BY_NAME["from"])
    assert parse("sender:madrid") == Term("madrid", "from", pos=0)
    monkeypatch.setitem(fields.BY_QUERY, "when", BY_NAME["date"])
    assert parse("when:2007") == Range("date", "2007", "2007", 0)


def _schema_v4(topic: bool = False, slots: bool = False) -> tantivy.Schema:
    """Index version 4's schema, as it was written out by hand (with version 5's topic column and version
    6's counting columns)."""
    b = tantivy.SchemaBuilder()
    b.add_text_field("id", stored=True, tokenizer_name="raw", fast=True)
    b.add_integer_field("seq", stored=True, indexed=True, fast=True)
    b.add_integer_field("ts", stored=False, indexed=True, fast=True)
    b.add_integer_field("day", stored=False, indexed=True, fast=True)
    b.add_text_field("date", stored=True, tokenizer_name="raw")
    b.add_text_field("subject", stored=True, tokenizer_name="en_stem")
    b.add_text_field("body", stored=True, tokenizer_name="en_stem")
    b.add_text_field("body_exact", stored=False, tokenizer_name="en_fold")
    b.add_text_field("tagtext", stored=False, tokenizer_name="en_stem")
    for name in ("origin_text", "from_text", "to_text", "class_text", "signer_text"):
        b.add_text_field(name, stored=False, tokenizer_name="en_fold")
    for name in ("origin", "country", "month", "classification", "caveat", "tag", "precedence", "ref", "year",
                 "signer"):
        b.add_text_field(name, stored=name in ("origin", "classification"), tokenizer_name="raw", fast=True)
    b.add_text_field("kind", stored=False, tokenizer_name="raw", fast=True)
    if topic:
        b.add_text_field("topic", stored=False, tokenizer_name="raw", fast=True)
    if slots:
        for name in [f"tag_{i}" for i in range(8)] + ["tag_rest", "signer_0", "signer_rest", "topic_0", "topic_1",
                                                      "topic_2", "topic_rest"]:
            b.add_text_field(name, stored=False, tokenizer_name="raw", fast=True)
    return b.build()


def test_an_index_made_before_a_new_column_is_rebuilt_not_mixed(tmp_path):
    """Index version 4's columns keep their order and options, version 5 adds the topic column and version 6
    the counting columns: an index made before them is not opened for searching (SchemaChanged: ``cablebase
    ingest --db`` rebuilds it), and is wiped and made again when it may be rebuilt."""
    for version, topic, slots in (("4", False, False), ("5", True, False), ("6", True, True)):
        path = tmp_path / f"index{version}"
        path.mkdir()
        tantivy.Index(_schema_v4(topic, slots), path=str(path), reuse=True)
        (path / "cablebase-index-version").write_text(version + "\n")
    open_index(tmp_path / "index6")  # raises SchemaChanged if the columns differ in name, order or options
    for older in ("index4", "index5"):
        with pytest.raises(SchemaChanged):
            open_index(tmp_path / older)
        open_index(tmp_path / older, rebuild=True)
        assert (tmp_path / older / "cablebase-index-version").read_text().strip() == "6"
