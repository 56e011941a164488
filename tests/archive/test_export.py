"""Export lines are what the csv module would write, and read back to the same values."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from cablebase.archive.export import EXPORT_COLUMNS, csv_chunks, csv_line
from cablebase.model import Cable, Provenance, StoredCable, Tag

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
