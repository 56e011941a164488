"""Reading an archive ahead into the page cache: order, budget, stopping, files that cannot be read."""

import threading

from cablebase.archive import readahead


def _archive(tmp_path):
    index = tmp_path / "index"
    index.mkdir()
    for name, size in (("a.store", 3000), ("a.fast", 100), ("a.term", 200), (".managed.json", 10),
                       ("b.idx", 0), ("a.pos", 500)):
        (index / name).write_bytes(b"x" * size)
    (tmp_path / "cables.sqlite").write_bytes(b"y" * 4000)
    return tmp_path


def test_the_most_used_files_come_first_and_hidden_ones_are_left_out(tmp_path):
    names = [p.name for p in readahead.archive_files(_archive(tmp_path))]
    assert names == ["a.fast", "a.term", "b.idx", "a.pos", "a.store", "cables.sqlite"]


def test_reads_every_file_within_the_budget(tmp_path):
    files = readahead.archive_files(_archive(tmp_path))
    assert readahead.read_ahead(files, budget=10**9) == 100 + 200 + 500 + 3000 + 4000
    assert readahead.read_ahead(files, budget=1000) == 1000  # stops where the budget ends


def test_a_stop_request_and_missing_files_end_it_quietly(tmp_path):
    files = readahead.archive_files(_archive(tmp_path))
    stop = threading.Event()
    stop.set()
    assert readahead.read_ahead(files, budget=10**9, stop=stop) == 0
    assert readahead.read_ahead([tmp_path / "gone", files[0]], budget=10**9) == 100


def test_the_budget_defaults_to_half_the_available_memory(tmp_path, monkeypatch):
    files = readahead.archive_files(_archive(tmp_path))
    monkeypatch.setattr(readahead, "available_memory", lambda: 600)
    assert readahead.read_ahead(files) == 300
    monkeypatch.setattr(readahead, "available_memory", lambda: None)  # unknown: nothing is read
    assert readahead.read_ahead(files) == 0
