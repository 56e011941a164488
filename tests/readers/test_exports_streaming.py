"""The separator and column exports are read as the file is read (readers/exports.py, issue 23): for any
file they yield what reading the whole text at once gave, the first record before the file is read to its
end, and a large export is read in the memory of a record, not of the file."""

from __future__ import annotations

import os
import re
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablebase.readers import Document, FormatError, ReadError, exports, textstream

_HEADER = "R 250930Z FEB 72\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 7561"
_BODY = "UNCLASSIFIED TEHRAN {n}\n\nE.O. 11652: N/A\nTAGS: MASS, IR\nSUBJECT: CABLE {n}\n\n1. IRAN'S TEXT.\n\nHECK\n"
_META = ["2/25/1972 9:30", "72TEHRAN1001", "Embassy Tehran", "UNCLASSIFIED", ""]

Item = Document | ReadError | tuple[str, str, str]
Reader = Callable[[str], Iterator[Document | ReadError]]


# -- the readers as they were before issue 23: the whole text read at once (the oracle) --

def _whole_separators(path: str) -> Iterator[Document | ReadError]:
    with open(path, encoding="utf-8", errors="replace") as fh:
        data = fh.read()
    parts = re.split(r"lineseparator(\d+)\s+%colseparator%\s*", data)
    for no, (row, chunk) in enumerate(zip(parts[1::2], parts[2::2], strict=False), 1):
        yield exports._separated_row(path, no, row, chunk)


def _whole_columns(path: str) -> Iterator[Document | ReadError]:
    def body(data: str, start: int, record: dict[int, str]) -> int:
        end = exports._BODY_END.search(data, start)
        record[8] = data[start: end.start() if end else len(data)]
        return end.end() if end else len(data)

    def row(record: dict[int, str], no: int) -> Document | ReadError:
        return exports._row_document(path, [record.get(i, "") for i in range(1, 9)], "column-export",
                                     f"record {no}")

    with open(path, encoding="utf-8", errors="replace") as fh:
        data = fh.read()
    no = pos = 0
    record: dict[int, str] = {}
    for m in exports._MARK.finditer(data):
        column = int(m.group(1))
        if column == 1 and record:
            no += 1
            yield row(record, no)
            record = {}
        record[column] = data[pos:m.start()]
        pos = m.end()
    if record:
        if 8 not in record:
            pos = body(data, pos, record)
        no += 1
        yield row(record, no)
    while data[pos:].strip():
        plain = exports._PLAIN.match(data, pos)
        if not plain:
            line = data.count("\n", 0, pos) + 1
            raise FormatError("neither 'value,->N' fields nor comma-closed lines",
                              f"record {no + 1}, line {line}")
        record = dict(enumerate(plain.groups(), 1))
        pos = body(data, plain.end(), record)
        no += 1
        yield row(record, no)


def _outcome(reader: Reader, path: str) -> list[Item]:
    out: list[Item] = []
    try:
        out.extend(reader(path))
    except FormatError as exc:
        out.append(("FormatError", str(exc), exc.locator))
    return out


# -- generated exports in the shapes of shared/corpus/text-export (news.txt, final.txt) --

# pieces of text that are the exports' own syntax, or near it, or what a decoder reads differently
_PIECES = ["A", "Z", "q", "7", "12", " ", "  ", "\t", "\n", "\r\n", "\r", ",", ".", "'", "\\'", "\\\\", "\\",
           "%", "%colseparator%", " %colseparator% ", "lineseparator", "lineseparator9 ", "separator",
           ",->", ",->1\n", ",->3", ",->8\n", ",->\u0663", "->", "\n,\n", "\n,\n\n,\n", "\n,\n\n,\n4,\n", "5,\n",
           "\xa0", "\x85", "\u2028", "\x1c", "\u0663", "é", "\u4e2d", "UNCLASSIFIED ", "TAGS: PREL\n"]
_text = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)
_line = st.lists(st.sampled_from([p for p in _PIECES if "\n" not in p and "\r" not in p]),
                 max_size=6).map("".join)
_ws = st.sampled_from(["", " ", "  ", "\n", "\r\n", " \t", "   \r\n  ", "\n\n\t \n"])
_eol = st.sampled_from(["", "\n", "\r\n", "  \n", "\r"])


@st.composite
def _separator_export(draw: st.DrawFn) -> str:
    out = draw(st.sampled_from(["", "junk ", "lineseparator ", "lineseparator1%colseparator%"]))
    for n in range(1, draw(st.integers(0, 6)) + 1):
        fields = draw(st.one_of(
            st.just(_META + [_HEADER, _BODY.format(n=n)]),
            st.lists(st.one_of(_text, st.sampled_from(_META + [_HEADER])), max_size=9)))
        sep = draw(st.sampled_from([" %colseparator% ", "  %colseparator% ", "%colseparator%",
                                    "\n%colseparator%\n"]))
        out += f"lineseparator{draw(st.sampled_from([n, 0, 17]))}{draw(_ws)} %colseparator%{draw(_ws)}"
        out += sep.join(fields) + draw(_eol)
    return out


@st.composite
def _column_export(draw: st.DrawFn) -> str:
    out = ""
    for n in range(1, draw(st.integers(0, 3)) + 1):  # records whose fields are marked
        values = draw(st.one_of(st.just(["1", *_META, _HEADER]), st.lists(_text, max_size=8)))
        for i, v in enumerate(values, 1):
            column = draw(st.sampled_from([i, i, i, 1, 8, 0]))
            out += f"{v},->{column}" + draw(st.sampled_from(["\n", "\n", "", "\r\n"]))
        out += draw(st.one_of(st.just(_BODY.format(n=n)), _text))
    if out:
        out += draw(st.sampled_from([",\n\n,\n", "\n,\n\n,\n", ",\n", ""]))
    for n in range(2, draw(st.integers(0, 5)) + 2):  # the plain records
        one_line = draw(st.one_of(st.just(_META), st.lists(_line, min_size=5, max_size=5)))
        number = draw(st.sampled_from([str(n), str(n), "x", ""]))
        out += f"{number},\n" + "".join(f"{v},\n" for v in one_line)
        out += draw(st.one_of(st.just(_HEADER), _text)) + draw(st.sampled_from([",\n", "\n,\n", "\n"]))
        out += draw(st.one_of(st.just(_BODY.format(n=n)), _text))
        out += draw(st.sampled_from(["\n,\n\n,\n", ",\n\n,\n", "\n,\n", "\n,  \n\n", "\n", ""]))
    return out


def _file_bytes(draw: st.DrawFn, text: str) -> bytes:
    """The text as a file, now and then with bytes that are not UTF-8 in it (read as U+FFFD)."""
    data = text.encode("utf-8")
    bad_bytes = st.sampled_from([b"\xff", b"\xe2\x82", b"\xc3"])
    for at, bad in draw(st.lists(st.tuples(st.integers(0, len(data)), bad_bytes), max_size=2)):
        data = data[:at] + bad + data[at:]
    return data


@pytest.mark.parametrize("shape, reader, whole", [
    ("separator", exports.read_separators, _whole_separators),
    ("column", exports.read_columns, _whole_columns),
])
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_read_as_it_comes_is_the_whole_text_read_at_once(tmp_path_factory, shape, reader, whole, data):
    """A generated export (or a soup of its syntax) read in pieces of any length: the same documents, errors
    and places as the whole text read at once."""
    text = data.draw(st.one_of(_separator_export() if shape == "separator" else _column_export(),
                               st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)))
    p = tmp_path_factory.mktemp("export") / "export.txt"
    p.write_bytes(_file_bytes(data.draw, text))
    want = _outcome(whole, str(p))
    # (a read starts at the record being read and is as long as the text kept: the small ones cut the text
    # everywhere a pattern may be cut)
    chunk, tail = data.draw(st.one_of(st.integers(1, 4), st.integers(1, 64))), data.draw(st.integers(0, 64))
    saved = textstream.CHUNK, exports._TAIL
    textstream.CHUNK, exports._TAIL = chunk, tail
    try:
        got = _outcome(reader, str(p))
    finally:
        textstream.CHUNK, exports._TAIL = saved
    assert got == want


_SMALL_SEPARATORS = "".join(
    f"lineseparator{n}{ws} %colseparator%{ws}"
    + " %colseparator% ".join([*_META, _HEADER, f"TEHRAN\\'S {n}\n"]) + eol
    for n, ws, eol in [(1, "  ", "\r\n"), (2, " \r\n  ", "\n\n"), (3, "\t\t", "")])
_SMALL_COLUMNS = ("".join(f"{v},->{i}\n" for i, v in enumerate(["1", *_META, _HEADER], 1)) + "BODY 1\n,\n\n,\n"
                  + "\n,\n\n,\n".join(f"{n},\n" + "".join(f"{v},\n" for v in _META) + f"H{n}\n,\nBODY {n}"
                                        for n in (12, 345, 6789)) + "\n,  \n\n")


@pytest.mark.parametrize("text, reader, whole", [
    (_SMALL_SEPARATORS, exports.read_separators, _whole_separators),
    (_SMALL_COLUMNS, exports.read_columns, _whole_columns),
    # (a mark in a plain record: the text before it is a field of the marked record, as it was)
    (_SMALL_COLUMNS.replace("BODY 345", "BODY,->3 345"), exports.read_columns, _whole_columns),
])
def test_every_cut_of_a_small_export(tmp_path, monkeypatch, text, reader, whole):
    """Reads of every length, so that every pattern is cut by the end of a read somewhere."""
    p = tmp_path / "export.txt"
    p.write_text(text, encoding="utf-8", newline="")
    want = _outcome(whole, str(p))
    assert sum(isinstance(d, Document) for d in want) >= 2
    for chunk in range(1, len(text) + 1):
        for tail in (0, 8, 1 << 16):
            monkeypatch.setattr(textstream, "CHUNK", chunk)
            monkeypatch.setattr(exports, "_TAIL", tail)
            assert _outcome(reader, str(p)) == want, (chunk, tail)


@pytest.mark.corpus
@pytest.mark.parametrize("name, reader, whole", [
    ("news.txt", exports.read_separators, _whole_separators),
    ("final.txt", exports.read_columns, _whole_columns),
])
@pytest.mark.parametrize("chunk", [7, 4096, None])
def test_corpus_exports_read_as_they_come(monkeypatch, name, reader, whole, chunk):
    from tests.conftest import CORPUS

    p = str(CORPUS / "text-export" / "None-later_Wikileaks_Processing" / name)
    if chunk:
        monkeypatch.setattr(textstream, "CHUNK", chunk)
        monkeypatch.setattr(exports, "_TAIL", chunk)
    want = _outcome(whole, p)
    assert len(want) == 34 and all(isinstance(d, Document) for d in want)
    assert _outcome(reader, p) == want


# -- large exports --

_RECORDS = 10_000
_LONG_BODY = _BODY.replace("1. IRAN'S TEXT.", "\n\n".join(
    f"{i}. IRAN'S TEXT. " + "THE TEXT OF A PARAGRAPH. " * 12 for i in range(1, 7)))


def _separator_record(n: int) -> str:
    return (f"lineseparator{n}  %colseparator% " + " %colseparator% ".join(
        [*_META[:1], f"72TEHRAN{n}", *_META[2:], _HEADER, _LONG_BODY.format(n=n)]) + "\r\n")


def _plain_record(n: int) -> str:
    return (f"{n},\n" + "".join(f"{v},\n" for v in [_META[0], f"72TEHRAN{n}", *_META[2:]])
            + _HEADER + "\n,\n" + _LONG_BODY.format(n=n))


def _marked_record(n: int) -> str:
    return "".join(f"{v},->{i}\n" for i, v in enumerate(
        [str(n), _META[0], f"72TEHRAN{n}", *_META[2:], _HEADER, _LONG_BODY.format(n=n)], 1))


def _final_txt(records: int) -> Iterator[str]:
    """final.txt's shape: the first record marked (its body not), the others plain."""
    yield "".join(f"{v},->{i}\n" for i, v in enumerate(["1", _META[0], "72TEHRAN1", *_META[2:], _HEADER], 1))
    yield _LONG_BODY.format(n=1) + ",\n\n,\n"
    yield "\n,\n\n,\n".join(_plain_record(n) for n in range(2, records + 1)) + ",\n"


def _write(path: Path, records: Iterator[str]) -> int:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for r in records:
            fh.write(r)
    return os.path.getsize(path)


def _peak_at_first_and_count(reader: Reader, path: Path) -> tuple[int, int, int]:
    """(the peak of traced memory up to the first document, up to the last one, the documents read)."""
    tracemalloc.start()
    try:
        docs = reader(str(path))
        first = next(docs)
        assert isinstance(first, Document) and first.published_id == "72TEHRAN1"
        at_first = tracemalloc.get_traced_memory()[1]
        n = 1
        for doc in docs:
            assert isinstance(doc, Document)
            n += 1
        last = doc
        assert last.published_id == f"72TEHRAN{_RECORDS}" and last.locator == f"record {_RECORDS}"
        return at_first, tracemalloc.get_traced_memory()[1], n
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("shape", ["separator", "marked", "final.txt"])
def test_a_large_export_is_read_in_the_memory_of_a_record(tmp_path, shape):
    """10,000 records (some 20 MB): the first comes with a few hundred KB in memory, and reading them all never
    holds more than that (the file is let go of as it is read)."""
    p = tmp_path / "export.txt"
    if shape == "separator":
        size = _write(p, (_separator_record(n) for n in range(1, _RECORDS + 1)))
        reader = exports.read_separators
    elif shape == "marked":
        size = _write(p, (_marked_record(n) for n in range(1, _RECORDS + 1)))
        reader = exports.read_columns
    else:  # (the reader counts the file's marks before it reads the plain records: it keeps none of it)
        size = _write(p, _final_txt(_RECORDS))
        reader = exports.read_columns
    assert size > 20_000_000
    at_first, peak, n = _peak_at_first_and_count(reader, p)
    assert n == _RECORDS
    assert at_first < size / 20 and peak < size / 20, (at_first, peak, size)


@pytest.mark.parametrize("shape", ["separator", "marked"])
def test_the_first_record_is_yielded_before_the_rest_of_the_file_exists(tmp_path, shape):
    """Read from a pipe whose writer holds back the rest of the export until the first record is out."""
    make, reader = ((_separator_record, exports.read_separators) if shape == "separator"
                    else (_marked_record, exports.read_columns))
    head = "".join(make(n) for n in range(1, 100))  # more than one read of the reader (64K characters)
    rest = "".join(make(n) for n in range(100, 200))
    assert len(head) > 2 * textstream.CHUNK
    p = tmp_path / "pipe"
    os.mkfifo(p)
    first_out = threading.Event()
    rest_sent: list[bool] = []

    def write() -> None:
        with open(p, "w", encoding="utf-8", newline="") as fh:
            fh.write(head)
            fh.flush()
            first_out.wait(timeout=30)
            rest_sent.append(True)
            fh.write(rest)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        docs = reader(str(p))
        first = next(docs)
        before_rest = not rest_sent
        first_out.set()
        items = [first, *docs]
    finally:
        first_out.set()
        writer.join()
    assert before_rest and isinstance(first, Document) and first.published_id == "72TEHRAN1"
    assert [d.published_id for d in items if isinstance(d, Document)][-1] == "72TEHRAN199"


def test_a_broken_separator_record_is_an_error_at_its_place_and_the_ones_after_are_read(tmp_path, monkeypatch):
    monkeypatch.setattr(textstream, "CHUNK", 100)
    p = tmp_path / "news.txt"
    records = [_separator_record(n) for n in range(1, 2001)]
    records[1000] = "lineseparator1001  %colseparator% 2/25/1972 9:31 %colseparator% 72TEHRAN1001\r\n"
    _write(p, iter(records))
    items = list(exports.read_separators(str(p)))
    assert len(items) == 2000
    (err,) = [i for i in items if isinstance(i, ReadError)]
    assert err.path == str(p) and err.locator == "record 1001" and "no cable text" in err.message
    assert items[1001].published_id == "72TEHRAN1002" and items[-1].published_id == "72TEHRAN2000"


def test_a_broken_marked_record_is_an_error_at_its_place_and_the_ones_after_are_read(tmp_path, monkeypatch):
    monkeypatch.setattr(textstream, "CHUNK", 100)
    p = tmp_path / "final.txt"
    records = [_marked_record(n) for n in range(1, 2001)]
    records[1000] = "".join(f"{v},->{i}\n" for i, v in enumerate(["1001", *_META, "", ""], 1))
    _write(p, iter(records))
    items = list(exports.read_columns(str(p)))
    assert len(items) == 2000
    (err,) = [i for i in items if isinstance(i, ReadError)]
    assert err.locator == "record 1001" and "no cable text" in err.message
    assert items[1001].published_id == "72TEHRAN1002" and items[-1].published_id == "72TEHRAN2000"


def test_a_broken_plain_record_ends_the_file_at_its_line(tmp_path, monkeypatch):
    """A plain record that is not one leaves no way to find where the next starts: the records before it are
    read, then a FormatError names the record and its line (as the whole-file reader did)."""
    monkeypatch.setattr(textstream, "CHUNK", 100)
    monkeypatch.setattr(exports, "_TAIL", 100)
    p = tmp_path / "final.txt"
    head, body, plain = _final_txt(1000)
    plain = plain.replace("502,\n2/25/1972 9:30,\n72TEHRAN502,\n", "502,\nnot a record\n")
    text = head + body + plain
    _write(p, iter([text]))
    items: list[Document | ReadError] = []
    with pytest.raises(FormatError) as exc:
        items.extend(exports.read_columns(str(p)))
    assert len(items) == 501 and items[-1].published_id == "72TEHRAN501"
    line = text[:text.index("502,\nnot a record")].count("\n") + 1
    assert exc.value.locator == f"record 502, line {line}"


def test_ingest_of_a_large_streamed_file_reports_its_broken_record_and_counts_every_cable(tmp_path, monkeypatch):
    """A file big enough to be read in batches (the limit lowered here): a broken record in the middle is a
    failure of the run, naming the file and the record, and the file's row counts all its cables."""
    import importlib

    from cablebase.archive import Archive

    ingesting = importlib.import_module("cablebase.archive.ingest")  # (the package's `ingest` is the function)

    p = tmp_path / "news.txt"
    records = [_separator_record(n) for n in range(1, 301)]
    records[150] = "lineseparator151  %colseparator% 2/25/1972 9:31 %colseparator% 72TEHRAN151\r\n"
    _write(p, iter(records))
    monkeypatch.setattr(ingesting, "LARGE_STREAM", 1000)
    monkeypatch.setattr(ingesting, "BATCH_DOCS", 40)
    db = tmp_path / "db"
    summary = Archive(db).ingest([p], jobs=1)
    assert summary.cables_new == 299
    assert len(summary.failed) == 1 and str(p) in summary.failed[0] and "record 151" in summary.failed[0]
    a = Archive(db)
    assert a.con.execute("SELECT cables, status FROM files").fetchone() == (299, "ok")
