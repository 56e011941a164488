"""Export lines are what the csv module would write, and read back to the same values; exports made from the
stored JSON form are the typed records' exports."""

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import example, given
from hypothesis import strategies as st

from cablebase.archive import Archive, store
from cablebase.archive.export import (
    COLUMN_KINDS,
    EXPORT_COLUMNS,
    arrow_type,
    columns,
    csv_chunks,
    csv_line,
    instant,
    json_records,
    jsonl_chunks,
    parquet_chunks,
)
from cablebase.model import Cable, Provenance, StoredCable, Tag
from tests.conftest import SAMPLES
from tests.model_strategies import stored_cables

_cell = st.one_of(st.none(), st.integers(), st.floats(), st.text(alphabet=st.sampled_from('ab ,"\n\r\t|¶é'), max_size=12))


@given(st.lists(_cell, min_size=2, max_size=6))
def test_csv_line_is_what_csv_writer_writes(values):
    """(The one CSV writer of the exports and the search page's CSV, whose scores are floats.)"""
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
            assert b"".join(parquet_chunks(json_records(a.iter_json(q)), batch=7)) == \
                b"".join(parquet_chunks(a.iter_results(q), batch=7))
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


# -- Parquet: typed columns --------------------------------------------------------------------------------

def test_parquet_columns_have_their_types_and_the_csv_values(tmp_path):
    """Read back with pyarrow: the date a UTC timestamp (pandas, R and DuckDB read it as a date), the list
    fields lists of strings, the rest strings; every value the one the CSV and JSONL exports write."""
    a = Archive(tmp_path / "db")
    a.ingest([SAMPLES], jobs=1)
    path = tmp_path / "all.parquet"
    path.write_bytes(b"".join(parquet_chunks(json_records(a.iter_json("")), batch=5)))  # several row groups
    f = pq.ParquetFile(path)
    assert f.metadata.num_row_groups > 2
    table = f.read()
    assert table.schema == pa.schema([
        ("id", pa.string()), ("date", pa.timestamp("us", tz="UTC")), ("origin", pa.string()),
        ("classification", pa.string()), ("precedence", pa.string()), ("subject", pa.string()),
        ("tags", pa.list_(pa.string())), ("caveats", pa.list_(pa.string())), ("references", pa.list_(pa.string())),
        ("signers", pa.list_(pa.string())), ("body", pa.string())])
    date = f.schema.column(1).logical_type  # what other readers see: an instant, adjusted to UTC
    assert orjson.loads(date.to_json())["isAdjustedToUTC"] is True
    rows = table.to_pylist()
    want = [columns(r) for r in json_records(a.iter_json(""))]
    assert len(rows) == len(want) == a.search("", limit=0).total
    for row, cols in zip(rows, want, strict=True):
        assert row == {**cols, "date": instant(cols["date"])}
    mexico = next(r for r in rows if r["id"] == "07MEXICO1102")
    assert mexico["date"] == datetime(2007, 3, 5, 19, 24, tzinfo=UTC) and mexico["tags"][:2] == ["PGOV", "PREL"]


def test_every_column_kind_has_its_arrow_type():
    assert set(COLUMN_KINDS) == set(EXPORT_COLUMNS)
    assert [arrow_type(k) for k in ("text", "instant", "int", "bool", "list")] == [
        pa.string(), pa.timestamp("us", tz="UTC"), pa.int64(), pa.bool_(), pa.list_(pa.string())]
    assert instant("2007-03-05T19:24:00") == instant("2007-03-05T19:24:00Z") == datetime(2007, 3, 5, 19, 24, tzinfo=UTC)
    assert instant(None) is None


def test_an_empty_parquet_export_is_a_file_of_no_rows(tmp_path):
    path = tmp_path / "none.parquet"
    path.write_bytes(b"".join(parquet_chunks([])))
    assert pq.read_table(path).num_rows == 0
