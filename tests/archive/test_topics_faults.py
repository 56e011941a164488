"""``kill -9`` of the main ``cablebase topics build`` process (not its group) at random moments: no worker
survives it; the archive holds the old topics or the new ones, never a mixture; the next ``cablebase
ingest --db`` brings the index to the stored topics; and a build run to the end gives what a clean one
gives."""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from cablebase.archive import Archive
from tests.conftest import CORPUS
from tests.test_faults import CLI, _kill_main_only, linux_only

pytestmark = [pytest.mark.corpus, pytest.mark.slow]
K = "8"


def _state(db: Path) -> tuple[str | None, list[tuple[str, int, float]]]:
    a = Archive(db)
    try:
        row = a.con.execute("SELECT value FROM meta WHERE key='topic_model'").fetchone()
        rows = a.con.execute("SELECT id, topic, weight FROM cable_topics ORDER BY id, topic").fetchall()
    finally:
        a.close()
    return (row[0] if row else None), rows


def _leftovers(db: Path) -> tuple[list[str], bool]:
    """The stored models other than the current one, and whether a build's staged topics are still there."""
    a = Archive(db)
    try:
        current = a.con.execute("SELECT value FROM meta WHERE key='topic_model'").fetchone()
        models = [r[0] for r in a.con.execute("SELECT version FROM topic_models WHERE version IS NOT ?",
                                              (current[0] if current else None,))]
        staged = a.con.execute("SELECT 1 FROM sqlite_master WHERE name='topics_staged'").fetchone() is not None
    finally:
        a.close()
    return models, staged


def _index_agrees(db: Path) -> None:
    a = Archive(db)
    try:
        stored: dict[int, set[str]] = {}
        for ident, topic in a.con.execute("SELECT id, topic FROM cable_topics"):
            stored.setdefault(topic, set()).add(ident)
        for n in range(1, int(K) + 3):
            assert set(a.result_ids(f"topic:{n}")) == stored.get(n, set()), n
    finally:
        a.close()


@linux_only
def test_kill_main_process_only_while_building_topics(tmp_path):
    base = tmp_path / "base"
    assert not Archive(base).ingest([CORPUS / "wikileaks", CORPUS / "cables-csv"], jobs=2).failed
    clean = tmp_path / "clean"
    shutil.copytree(base, clean)
    cmd = [*CLI, "topics", "build", "--k", K, "--jobs", "2", "--db"]
    start = time.monotonic()
    assert subprocess.run([*cmd, str(clean)], capture_output=True).returncode == 0
    took = time.monotonic() - start
    expected = _state(clean)
    assert expected[0] and expected[1]

    crashed = tmp_path / "crashed"
    shutil.copytree(base, crashed)
    rng = random.Random(22)
    kills = 0
    for _ in range(12):
        if _kill_main_only([*cmd, str(crashed)], rng, 0.3, took):
            kills += 1
            version, rows = _state(crashed)
            assert (version, rows) in ((None, []), expected)  # the old topics (none) or the new ones, whole
            done = subprocess.run([*CLI, "ingest", "--db", str(crashed)], capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            _index_agrees(crashed)
            assert _leftovers(crashed) == ([], False)  # (a model stored but never installed is dropped)
        else:  # it finished first: start again from the archive without topics
            assert _state(crashed) == expected
            shutil.rmtree(crashed)
            shutil.copytree(base, crashed)
        if kills >= 4:
            break
    assert kills >= 2
    done = subprocess.run([*cmd, str(crashed)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _state(crashed) == expected
    _index_agrees(crashed)


def test_files_of_a_commit_killed_before_its_meta_do_not_stop_the_next_writer(tmp_path):
    """What kill -9 of a writer between writing a commit's files and its meta.json leaves: the files. The
    next writer does the same work again from the same meta and must not trip over them (the engine names
    a file by segment and operation number: "FileAlreadyExists ... .del" after a killed re-index, before
    :func:`lock.index_writer` removed such files on opening)."""
    import tantivy

    from cablebase.archive import lock

    schema = tantivy.SchemaBuilder()
    schema.add_text_field("id", stored=True, tokenizer_name="raw")
    schema.add_text_field("body")
    index = tantivy.Index(schema.build(), path=str(tmp_path))
    writer = lock.index_writer(index, tmp_path, 15_000_000)
    for i in range(100):
        writer.add_document(tantivy.Document(id=str(i), body=f"text {i}"))
    writer.commit()
    writer.wait_merging_threads()

    def replace_ten() -> None:
        writer = lock.index_writer(tantivy.Index.open(str(tmp_path)), tmp_path, 15_000_000)
        for i in range(10):
            writer.delete_documents_by_term("id", str(i))
            writer.add_document(tantivy.Document(id=str(i), body="new"))
        writer.commit()
        writer.wait_merging_threads()

    meta = (tmp_path / "meta.json").read_text()
    replace_ten()
    (tmp_path / "meta.json").write_text(meta)  # (the commit's files stay, its meta does not)
    replace_ten()  # (raised ValueError: Failed to open file for write: FileAlreadyExists(...del))
    index = tantivy.Index.open(str(tmp_path))
    index.reload()
    assert index.searcher().num_docs == 100
    assert index.searcher().search(index.parse_query("new", ["body"]), limit=20).count == 10


def test_what_a_build_killed_before_its_install_left_is_dropped_by_the_next_ingest(tmp_path):
    """A model stored but never made current, and staged topics (a build killed in step 2): the next
    ``cablebase ingest --db`` drops them, and leaves the current model and the cables' topics alone."""
    from cablebase.analysis.topics import store
    from cablebase.archive import store as records
    from tests.conftest import SAMPLES

    db = tmp_path / "db"
    Archive(db).ingest([SAMPLES], jobs=1)
    con = records.connect(db / "cables.sqlite")
    try:
        records.in_transaction(con, lambda: con.execute("INSERT INTO topic_models VALUES ('v-killed', 'x', x'00')"))
        con.execute(f"CREATE TABLE {store.STAGED} (id TEXT NOT NULL, topic INTEGER NOT NULL, weight REAL NOT NULL)")
    finally:
        con.close()
    before = _state(db)
    assert _leftovers(db) == (["v-killed"], True)
    assert not Archive(db).ingest([], jobs=1).failed
    assert _leftovers(db) == ([], False) and _state(db) == before
