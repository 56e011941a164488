"""Bad input gets a clear error naming the file, and the run goes on."""

import os
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from cablebase.decode import decode
from cablebase.model import Provenance
from cablebase.readers import ReadError, Skipped, parse_paths, read_path
from tests.conftest import SEED


def run(path):
    return list(read_path(str(path)))


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    (e,) = run(p)
    assert isinstance(e, ReadError) and "empty" in e.message and str(p) in str(e)


def test_random_bytes(tmp_path):
    p = tmp_path / "noise.bin"
    p.write_bytes(os.urandom(5000))
    (e,) = run(p)
    assert isinstance(e, ReadError)


def test_truncated_cable_still_decodes(tmp_path):
    p = tmp_path / "cut.txt"
    p.write_bytes(SEED.read_bytes()[:900])
    (c,) = run(p)
    assert c.id == "07MEXICO1102" and c.date is not None


def test_wrong_encoding_is_a_diagnostic(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes(SEED.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    (c,) = run(p)
    assert any(d.code == "encoding-fallback" for d in c.diagnostics)
    assert c.subject.startswith("SCENESETTER")


def test_huge_file_rejected_quickly(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:
        fh.write(SEED.read_bytes())
        fh.truncate(200 * 1024 * 1024)
    t = time.monotonic()
    (e,) = run(p)
    assert isinstance(e, ReadError) and "MB" in e.message
    assert time.monotonic() - t < 30  # a hang guard, not a performance test


def test_deeply_nested_html(tmp_path):
    p = tmp_path / "nested.html"
    p.write_text("<html><body>" + "<div>" * 200_000 + "<code><pre>UNCLAS\nTAGS: PREL</pre></code>"
                 + "</div>" * 200_000, encoding="utf-8")
    items = run(p)
    assert len(items) == 1  # a record or an error, never a crash


def test_run_goes_on_after_a_bad_file(tmp_path):
    (tmp_path / "a.bin").write_bytes(os.urandom(100))
    (tmp_path / "b.txt").write_bytes(SEED.read_bytes())
    items = list(parse_paths([tmp_path]))
    assert [type(i).__name__ for i in items] == ["ReadError", "Cable"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3000))
def test_decode_never_raises_on_any_text(text):
    c = decode(text, Provenance("<h>", "raw"))
    assert all(d.code != "decode-error" for d in c.diagnostics), c.diagnostics


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SEED.read_text(encoding="utf-8").split("\n")), max_size=80))
def test_decode_shuffled_seed_lines(lines):
    c = decode("\n".join(lines), Provenance("<h>", "raw"))
    assert all(d.code != "decode-error" for d in c.diagnostics), c.diagnostics


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=4000))
def test_readers_never_crash_on_bytes(tmp_path_factory, data):
    p = tmp_path_factory.mktemp("fuzz") / "f"
    p.write_bytes(data)
    for item in read_path(str(p)):
        assert isinstance(item, ReadError | Skipped) or item.raw is not None


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000))
def test_html_reader_fuzz(tmp_path_factory, data):
    p = tmp_path_factory.mktemp("fuzzhtml") / "f.html"
    p.write_bytes(b"<html><table class='cable'><td>07X1</td></table><code><pre>" + data + b"</pre></code>")
    assert len(list(read_path(str(p)))) == 1
