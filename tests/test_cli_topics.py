"""`cablebase topics` on a copy of the corpus archive: build, the list, one topic and a label say what the
Archive says; JSON has the documented shapes; a mistake is one line with exit status 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from cablebase.archive import Archive
from cablebase.cli import main
from tests.test_cli_analysis import one_line_error, run

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def db(corpus_db: Path, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli-topics") / "db"
    shutil.copytree(corpus_db, path)
    return str(path)


def test_before_a_build_it_says_how_to_make_topics(db, capsys):
    code, out, err = run(capsys, "topics", "--db", db)
    assert code == 0 and "cablebase topics build" in out
    code, out, _ = run(capsys, "topics", "--json", "--db", db)
    assert code == 0 and orjson.loads(out) == []
    line = one_line_error(*run(capsys, "topics", "show", "1", "--db", db))
    assert "topics build" in line


def test_build_then_list_show_and_label(db, capsys):
    code, out, _ = run(capsys, "topics", "--db", db, "build", "--k", "15", "--jobs", "2")
    assert code == 0 and "15 topics fitted on 1,263 cables" in out and "re-indexed" in out
    code, out, _ = run(capsys, "topics", "--json", "--db", db)
    listed = orjson.loads(out)
    assert code == 0 and listed == orjson.loads(orjson.dumps(Archive(db).topics()))
    assert [t["id"] for t in listed] == list(range(1, 16))
    assert set(listed[0]) == {"id", "label", "named", "size", "words"} and len(listed[0]["words"]) == 10
    code, out, _ = run(capsys, "topics", "--db", db)
    assert code == 0 and listed[0]["label"].split()[0] in out
    code, out, _ = run(capsys, "topics", "show", "4", "--json", "--db", db)
    shown = orjson.loads(out)
    assert code == 0 and shown == orjson.loads(orjson.dumps(Archive(db).topic(4)))
    code, out, _ = run(capsys, "topics", "show", "4", "--db", db)
    assert code == 0 and f"topic 4: {shown['label']}" in out and shown["cables"][0]["id"] in out
    code, out, err = run(capsys, "topics", "label", "4", "Fourth file", "--db", db)
    assert code == 0 and "Fourth file" in err
    assert Archive(db).topics()[3]["label"] == "Fourth file"
    code, out, _ = run(capsys, "search", 'topic:"fourth file"', "--db", db)
    assert code == 0 and f"{shown['size']:,} cables match" in out


@pytest.mark.parametrize("argv", [["show", "99"], ["label", "99", "x"]])
def test_a_topic_the_model_has_not_is_one_line(db, capsys, argv):
    run(capsys, "topics", "--db", db, "build", "--k", "15", "--jobs", "2") if not Archive(db).topics() else None
    assert "no topic 99" in one_line_error(*run(capsys, "topics", *argv, "--db", db))


def test_bad_arguments_are_usage_errors(db, capsys, tmp_path):
    for argv in (["show", "0"], ["show", "x"], ["build", "--k", "-3"]):
        with pytest.raises(SystemExit) as done:
            main(["topics", *argv, "--db", db])
        assert done.value.code == 2
        assert "error:" in capsys.readouterr().err
    line = one_line_error(*run(capsys, "topics", "build", "--db", str(tmp_path / "nowhere")))
    assert "no archive" in line


def test_help_teaches_with_examples(capsys):
    with pytest.raises(SystemExit) as done:
        main(["topics", "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0 and "examples:" in out and "cablebase topics build" in out and "topic:" in out
