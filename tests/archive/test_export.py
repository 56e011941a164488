"""Export lines are what the csv module would write, and read back to the same values; exports made from the
stored JSON form are the typed records' exports."""

import csv
import io
from dataclasses import replace

import orjson
from hypothesis import example, given
from hypothesis import strategies as st

from cablebase.archive import Archive, store
from cablebase.archive.export import EXPORT_COLUMNS, columns, csv_chunks, csv_line, json_records, jsonl_chunks
from cablebase.model import Cable, Provenance, StoredCable, Tag
from tests.conftest import SAMPLES
from tests.model_strategies import stored_cables

_cell = st.one_of(st.none(), st.integers(), st.text(alphabet=st.sampled_from('ab ,"\n\r\t|¶é'), max_size=12))


@given(st.lists(_cell, min_size=2, max_size=6))
def test_csv_line_is_what_csv_writer_writes(values):
    buf = io.StringIO()
    csv.writer(buf).writerow(values)
    assert csv_line(values) == buf.getvalue()


def test_chunks_read_back():
    recs = [StoredCable(Cable(id=f"07PARIS{i}", published_id=None, raw="", provenance=Provenance("p", "raw"),
                              tags=(Tag("PREL", "subject"), Tag("FR", "geographic")), body='He said "no",\nthen left.'))
            for i in range(450)]
    text = "".join(csv_chunks(recs, batch=100))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(EXPORT_COLUMNS) and len(rows) == 451
    assert rows[1][0] == "07PARIS0" and rows[1][6] == "PREL|FR" and rows[1][-1] == 'He said "no",\nthen left.'


# -- exports from the stored JSON form, without the typed record ----------------------------------------

# text that looks like the record's own structure from inside a string
_tricky = st.text(st.sampled_from('\\"raw:,{}[]x\n\u2028é'), max_size=24)


@given(stored_cables, _tricky)
def test_the_raw_text_is_cut_out_of_a_record_as_dropping_it_would(rec, raw):
    rec = replace(rec, cable=replace(rec.cable, raw=raw))
    doc = store.json_bytes(store.pack(rec))
    d = rec.to_dict()
    assert doc == orjson.dumps(d)
    del d["raw"]
    assert store.without_raw(doc) == orjson.dumps(d)


_keys = st.sampled_from(["raw", "body", "metadata", "decoder", "version"]) | st.text(st.sampled_from('rawx"\\'),
                                                                                     max_size=4)
_values = st.none() | st.integers(-9, 99) | _tricky | st.dictionaries(_keys, _tricky, max_size=3)


@given(st.lists(st.tuples(_keys, _values), max_size=7))
@example([("id", 1), ("raw", "r"), ("body", "b"), ("version", 1)])  # raw not the last string
@example([("id", 1), ("metadata", {"x": "1", "raw": "m"}), ("body", "b"), ("version", 1)])  # raw in a member
@example([("id", 1), ("body", 'a\\'), ("raw", "r"), ("version", 1)])  # a string ending in a backslash
def test_any_other_layout_loses_its_raw_member_too(members):
    d = dict(members)  # raw anywhere, nested, last, missing; decoder and version of any kind
    want = dict(d)
    want.pop("raw", None)
    assert store.without_raw(orjson.dumps(d)) == orjson.dumps(want)


def test_plain_json_of_an_older_cablebase_is_written_by_orjson():
    d = {"id": "07PARIS1", "raw": "x", "version": 1}
    assert store.json_bytes(b'{"id": "07PARIS1",  "raw": "x", "version": 1}') == orjson.dumps(d)


def test_exports_from_the_json_form_are_the_typed_exports(tmp_path):
    a = Archive(tmp_path / "db")
    a.ingest([SAMPLES], jobs=1)
    assert sum(1 for _ in a.iter_json("")) == a.search("", limit=0).total > 5

    def same_exports(jsonl: bool) -> None:
        for q in ("", "tag:PREL"):
            for raw in (False, True):
                assert not jsonl or b"".join(jsonl_chunks(a.iter_json(q), raw=raw, batch=7)) == \
                    b"".join(jsonl_chunks(a.iter_results(q), raw=raw, batch=7))
            assert "".join(csv_chunks(json_records(a.iter_json(q)), batch=7)) == \
                "".join(csv_chunks(a.iter_results(q), batch=7))
            assert [columns(r) for r in json_records(a.iter_json(q))] == [columns(r) for r in a.iter_results(q)]

    same_exports(jsonl=True)
    # a record as an older cablebase stored it: plain JSON without the keys added since (and without a column):
    # its columns are the typed record's defaults, its JSON line what is stored (as before the typed record)
    con = store.connect(tmp_path / "db" / "cables.sqlite")
    d = store.unpack_json(con.execute("SELECT record FROM versions WHERE id='07MEXICO1102'").fetchone()[0])
    for key in ("date_source", "text_of", "decoder", "precedence"):
        del d[key]
    con.execute("UPDATE versions SET record=? WHERE id='07MEXICO1102'", (orjson.dumps(d),))
    con.close()
    a = Archive(tmp_path / "db")
    same_exports(jsonl=False)
    del d["raw"]
    assert orjson.dumps(d) in b"".join(jsonl_chunks(a.iter_json(""))).splitlines()
