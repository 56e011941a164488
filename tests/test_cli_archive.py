"""What the archive commands print and write (cli_archive.py): `show`, `refs`, `export -o`, and `serve`'s
mistakes. Exact lines of the sample cables: the header a reader scans, paragraph numbers and markings, the
signers, each REF item with its status, the cables citing back."""

from __future__ import annotations

import re
import socket

import pytest

from cablebase.archive import Archive
from cablebase.cli import main
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli") / "db"
    assert not Archive(path).ingest([SAMPLES], jobs=1).failed
    return str(path)


def output(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    assert main(list(argv)) == 0
    return capsys.readouterr().out.splitlines()


# -- show ------------------------------------------------------------------------------------------------

def test_show_prints_the_header_the_numbered_paragraphs_and_the_signer(db, capsys):
    lines = output(capsys, "show", "1974ATHENS02959_b", "--db", db)  # (any id form)
    assert lines[:4] == ["74ATHENS2959  1974-05-17T16:00:00Z  Embassy Athens  LIMITED OFFICIAL USE",
                         "SUBJECT: ARRESTS OF KALOUDIS AND AMBATIELOS",
                         "TAGS: PINS GR",
                         ""]
    assert lines[4].startswith("1. INQUIRIES MADE BY APPROPRIATE SECTION OF EMBASSY ON WHEREABOUTS")
    assert lines[5] == "" and lines[6].startswith("2. DEPARTMENT MAY WISH EMPHASIZE")
    assert lines[-2:] == ["", "TASCA"]


def test_show_marks_each_paragraph_with_its_classification(db, capsys):
    lines = output(capsys, "show", "07MEXICO1102", "--db", db)
    assert lines[:3] == ["07MEXICO1102  2007-03-05T19:24:00Z  Embassy Mexico  UNCLASSIFIED//FOR OFFICIAL USE ONLY",
                         "SUBJECT: SCENESETTER FOR PRESIDENT'S TRIP TO MEXICO, MARCH 12-14, 2007",
                         "TAGS: PGOV PREL PINR ECON OVIP MX"]
    numbered = [line.split(" ", 2)[:2] for line in lines if re.match(r"\d+\. ", line)]
    assert numbered[:3] == [["1.", "(SBU)"], ["2.", "(SBU)"], ["3.", "(SBU)"]]
    assert all(mark == "(SBU)" for _, mark in numbered) and numbered[-1][0] == "14."
    assert lines[4].startswith("1. (SBU) Mission Mexico warmly welcomes you to Merida.")
    assert lines[-2:] == ["", "GARZA"]


def test_show_raw_versions_and_diff(db, capsys):
    raw = SAMPLES / "raw-telegram" / "07MEXICO1102.txt"
    assert main(["show", "07MEXICO1102", "--db", db, "--raw"]) == 0
    assert capsys.readouterr().out == raw.read_text(encoding="utf-8")  # the source, exactly
    folder = SAMPLES / "versions" / "05SOFIA1207"
    assert output(capsys, "show", "05SOFIA1207", "--db", db, "--versions") == [
        f"v1  wikileaks  {folder / 'v1-seen-2010-12-08_chillicoder.html'}  v1-seen-2010-12-08",
        f"v2  wikileaks  {folder / 'v2-seen-2011-04-25_avilaroman.html'}  v2-seen-2011-04-25"]
    diff = output(capsys, "show", "05SOFIA1207", "--db", db, "--diff")
    assert diff[:2] == [f"--- 05SOFIA1207 v1 ({folder / 'v1-seen-2010-12-08_chillicoder.html'})",
                        f"+++ 05SOFIA1207 v2 ({folder / 'v2-seen-2011-04-25_avilaroman.html'})"]
    assert diff[2].startswith("@@ ")
    assert output(capsys, "show", "07MEXICO1102", "--db", db, "--diff") == ["only one version"]


def test_show_of_an_unknown_cable_is_one_line_and_status_2(db, capsys):
    assert main(["show", "99NOWHERE1", "--db", db]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == "error: no cable '99NOWHERE1' in this archive"


# -- refs ------------------------------------------------------------------------------------------------

def test_refs_lists_each_item_with_its_status_and_the_cables_citing_back(db, capsys):
    assert output(capsys, "refs", "06MADRID1914", "--db", db) == [
        "06MADRID1914 cites:",
        "  A. 05MADRID3528  (known-absent)   2005 MADRID 3528",  # a cable known to exist, not published
        "  B. [report]   TD-314/09169-05",  # not a cable: its kind, no status
        "06MADRID1914 is cited by:",
        "  06MADRID2657   (MADRID 1914)",  # as the citing cable wrote it
        "  07MADRID1805   (2006 MADRID 1914)"]
    assert output(capsys, "refs", "06MADRID2657", "--db", db)[:3] == [
        "06MADRID2657 cites:",
        "  A. 06MADRID1914  (present)   MADRID 1914",
        "  B. 06MADRID1799  (unknown)   MADRID 1799"]


def test_refs_without_letters_or_citing_cables(db, capsys):
    assert output(capsys, "refs", "74ATHENS2959", "--db", db) == [
        "74ATHENS2959 cites:",
        "  -. 74STATE97844  (unknown)   STATE -097844",  # a single REF has no letter
        "74ATHENS2959 is cited by:"]


# -- serve: mistakes are one clear line and exit status 2, before any server starts ----------------------

def test_serve_without_an_archive(tmp_path, capsys):
    assert main(["serve", "--db", str(tmp_path / "nothing")]) == 2
    err = capsys.readouterr().err
    assert "no archive at" in err and "cablebase ingest" in err


def test_serve_on_a_port_in_use(db, capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert main(["serve", "--db", db, "--port", str(port)]) == 2
    assert "cannot listen on 127.0.0.1" in capsys.readouterr().err


def test_serve_help_teaches(capsys):
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = capsys.readouterr().out
    assert "127.0.0.1" in out and "--workers" in out and "/openapi.json" in out



# -- export ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_to_a_file_writes_what_stdout_gets(db, tmp_path, capsysbinary, fmt):
    assert main(["export", "madrid", "--format", fmt, "--db", db]) == 0
    printed = capsysbinary.readouterr().out
    target = tmp_path / f"out.{fmt}"
    assert main(["export", "madrid", "--format", fmt, "--db", db, "-o", str(target)]) == 0
    assert capsysbinary.readouterr().out == b""  # (nothing on stdout when a file is named)
    assert printed and target.read_bytes() == printed


def test_export_to_a_place_that_cannot_be_written_is_one_line(db, tmp_path, capsys):
    target = tmp_path / "no-such-folder" / "out.csv"
    assert main(["export", "madrid", "--format", "csv", "--db", db, "-o", str(target)]) != 0
    err = capsys.readouterr().err
    assert f"cannot write {target}" in err and "Traceback" not in err


def test_export_with_a_bad_query_leaves_the_file_as_it_was(db, tmp_path, capsys):
    target = tmp_path / "results.csv"
    target.write_text("earlier results\n")
    assert main(["export", 'subject:"unclosed', "--format", "csv", "--db", db, "-o", str(target)]) != 0
    assert target.read_text() == "earlier results\n"
    assert "Traceback" not in capsys.readouterr().err
