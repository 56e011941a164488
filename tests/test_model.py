"""The record and its JSON form: ``Cable.from_dict`` undoes ``to_dict`` for every field, generated and
real, and a record of an older cablebase (keys missing) still reads."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest
from hypothesis import given

from cablebase.model import Cable, Provenance, StoredCable, Tag
from cablebase.readers import ReadError, Skipped, parse_paths
from tests.conftest import SAMPLES
from tests.model_strategies import cables, stored_cables


def _through_json(d: dict) -> dict:  # type: ignore[type-arg]
    """A dict as it comes back from storage or the API (lists for tuples)."""
    return orjson.loads(orjson.dumps(d))  # type: ignore[no-any-return]


@given(cables)
def test_from_dict_undoes_to_dict(c: Cable) -> None:
    assert Cable.from_dict(c.to_dict()) == c
    assert Cable.from_dict(_through_json(c.to_dict())) == c


@given(stored_cables)
def test_a_stored_record_reads_back_as_it_was_written(rec: StoredCable) -> None:
    d = _through_json(rec.to_dict())
    assert StoredCable.from_dict(d) == rec
    assert orjson.dumps(StoredCable.from_dict(d).to_dict()) == orjson.dumps(d)  # the same bytes served


def _real(cables: list[Cable]) -> None:
    for c in cables:
        d = c.to_dict()
        assert Cable.from_dict(d) == c, c.id
        back = _through_json(d)
        assert Cable.from_dict(back) == c, c.id
        assert orjson.dumps(Cable.from_dict(back).to_dict()) == orjson.dumps(d), c.id


def test_every_sample_cable_reads_back() -> None:
    found = [c for c in parse_paths([SAMPLES]) if not isinstance(c, ReadError | Skipped)]
    assert len(found) >= 17
    _real(found)


@pytest.mark.corpus
def test_every_corpus_cable_reads_back(corpus_cables) -> None:  # type: ignore[no-untyped-def]
    found, _ = corpus_cables
    assert len(found) > 1000
    _real(found)


def test_a_record_without_the_keys_added_since_takes_the_defaults() -> None:
    old = {"id": "07MEXICO1102", "raw": "TEXT", "date": "2007-03-05T19:24:00Z", "tags": ["PREL", "MX"],
           "references": ["06MEXICO1"], "source": {"path": "a.txt", "format": "raw"},
           "paragraphs": [{"number": 1, "marking": "SBU", "text": "Hello."}], "version": 2, "retired_key": 1}
    rec = StoredCable.from_dict(old)
    c = rec.cable
    assert (rec.version, rec.decoder) == (2, None) and "decoder" not in rec.to_dict()
    assert c.date == datetime(2007, 3, 5, 19, 24, tzinfo=UTC) and c.date_source is None and c.text_of is None
    assert c.tags == (Tag("PREL", "unknown"), Tag("MX", "unknown")) and c.reference_ids == ["06MEXICO1"]
    assert c.provenance == Provenance("a.txt", "raw") and c.paragraphs[0].heading is None
    assert c.body == "" and c.redactions == 0 and c.transmission.de is None and c.sender is None
