"""The container's fields: stored as read, typed once, the same whether a reader or a stored record gives them."""

from datetime import UTC, date, datetime

import pytest

from cablebase.container import EMPTY, Container, parse_date
from cablebase.decode import decode
from cablebase.model import Provenance
from cablebase.readers import Document, iter_files, read_documents
from tests.conftest import CORPUS, SEED


def test_labelled_fields_are_typed_and_kept_as_read():
    c = Container.from_fields({"row": "12", "created": "2/25/1972 9:30", "id": "72TEHRAN1002", "origin": "Embassy Tehran",
                               "classification": "UNCLASSIFIED", "references": "72TEHRAN1001, 72STATE7|72TEHRAN99",
                               "released": "2011-08-30 01:44", "version_label": "v1-seen-2010-12-08",
                               "first_seen": "2010-12-08", "last_seen": "2015-01-28", "version_source": "a/b",
                               "office": "POL"})
    assert c.fields[0] == ("row", "12") and c.fields[-1] == ("office", "POL") and len(c.fields) == 12
    assert (c.row, c.id, c.origin, c.classification) == (12, "72TEHRAN1002", "Embassy Tehran", "UNCLASSIFIED")
    assert c.created == datetime(1972, 2, 25, 9, 30, tzinfo=UTC) and c.created_text == "2/25/1972 9:30"
    assert c.released == datetime(2011, 8, 30, 1, 44, tzinfo=UTC)
    assert c.references == ("72TEHRAN1001", "72STATE7", "72TEHRAN99")
    assert (c.version_label, c.first_seen, c.last_seen, c.version_source) == \
        ("v1-seen-2010-12-08", date(2010, 12, 8), date(2015, 1, 28), "a/b")
    assert c.get("office") == "POL" and c.get("nothing") is None
    assert Container.from_fields(c.fields) == c


def test_empty_and_unreadable_values_are_none():
    assert Container.from_fields({}) is EMPTY and EMPTY.fields == ()
    c = Container.from_fields({"created": "sometime", "id": "", "row": "x", "first_seen": "2010-13-45"})
    assert c.created is None and c.created_text == "sometime" and c.id is None and c.row is None
    assert c.first_seen is None and c.fields == (("created", "sometime"), ("id", ""), ("row", "x"),
                                                 ("first_seen", "2010-13-45"))


def test_with_fields_adds_after_and_replaces_in_place():
    c = Container.from_fields({"id": "09ROME97", "created": "2009-01-26 10:00"}).with_fields(
        {"created": "2009-01-26 11:00", "version_label": "v2"})
    assert c.fields == (("id", "09ROME97"), ("created", "2009-01-26 11:00"), ("version_label", "v2"))
    assert c.created == datetime(2009, 1, 26, 11, tzinfo=UTC) and c.version_label == "v2"


@pytest.mark.parametrize("text, expected", [
    ("2010-02-24 22:10", datetime(2010, 2, 24, 22, 10, tzinfo=UTC)),
    ("12/28/1966 18:06", datetime(1966, 12, 28, 18, 6, tzinfo=UTC)),
    ("1974-05-17", datetime(1974, 5, 17, tzinfo=UTC)),
    ("1974 May 17, 16:00", datetime(1974, 5, 17, 16, tzinfo=UTC)),
    ("1974 May 17, 16:00 (Friday)", datetime(1974, 5, 17, 16, tzinfo=UTC)),
    ("2010-02-30 22:10", None), ("", None), (None, None),
])
def test_container_dates(text, expected):
    assert parse_date(text) == expected


def test_the_decoder_reads_a_container_or_its_stored_fields_alike():
    text = SEED.read_text(encoding="utf-8")
    fields = {"id": "09ASTANA95", "created": "2009-01-21 09:09", "classification": "CONFIDENTIAL",
              "origin": "Embassy Astana"}
    prov = Provenance("x", "wikileaks")
    typed = decode(text, prov, container=Container.from_fields(fields))
    assert decode(text, prov, container=fields) == typed
    assert typed.metadata == tuple(fields.items())
    assert decode(text, prov) == decode(text, prov, container=EMPTY)


@pytest.mark.corpus
def test_every_corpus_container_is_rebuilt_from_its_stored_fields():
    """What a record stores (its container's fields) gives back the container the reader made."""
    n = 0
    for f in iter_files([CORPUS]):
        for doc in read_documents(f):
            if isinstance(doc, Document):
                assert Container.from_fields(doc.container.fields) == doc.container, (f, doc.locator)
                n += 1
    assert n > 1500
