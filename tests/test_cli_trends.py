"""`cablebase trends` on the corpus archive: the table, CSV and JSON say what Archive.trends says, and each
mistake is one line with exit status 2 (a query that cannot be read adds the line pointing at it)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import orjson
import pytest

from cablebase.archive import Archive
from cablebase.cli import main
from tests.test_cli_analysis import one_line_error, run

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def db(corpus_db: Path) -> str:
    return str(corpus_db)


def test_json_is_the_archives(db, capsys):
    code, out, err = run(capsys, "trends", "iran", "iraq", "--by", "year", "--share", "--format", "json", "--db", db)
    assert code == 0 and err == ""
    assert orjson.loads(out) == orjson.loads(orjson.dumps(Archive(db).trends(["iran", "iraq"], "year", True)))
    code, out, _ = run(capsys, "trends", "iran", "--split", "classification", "--top", "2", "--format", "json",
                       "--db", db)
    r = orjson.loads(out)
    assert code == 0 and r["split_by"] == "classification" and len(r["series"]) == 2
    assert r["series"][0]["split"] == "CONFIDENTIAL" and "shares" not in r["series"][0]


def test_csv_has_a_row_per_series_and_period(db, capsys):
    code, out, _ = run(capsys, "trends", "iran", "tag:PTER", "--format", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(out)))
    r = Archive(db).trends(["iran", "tag:PTER"])
    assert code == 0 and list(rows[0]) == ["period", "query", "split", "count", "total"]
    assert len(rows) == 2 * len(r["series"][0]["totals"])
    got = {(row["query"], row["period"]): (int(row["count"]), int(row["total"])) for row in rows}
    for s in r["series"]:
        for p, n in s["counts"].items():
            assert got[(s["query"], p)] == (n, s["totals"][p])
    code, out, _ = run(capsys, "trends", "iran", "--share", "--format", "csv", "--db", db)
    assert out.splitlines()[0] == "period,query,split,count,total,share"


def test_table_counts_and_shares(db, capsys):
    code, out, err = run(capsys, "trends", "iran", "iraq", "--by", "year", "--db", db)
    lines = out.splitlines()
    assert code == 0 and err == ""
    assert lines[0].strip() == "cables per year"
    assert lines[1].split() == ["year", "all", "cables", "iran", "iraq"]
    r = Archive(db).trends(["iran", "iraq"], by="year")
    row = next(line.split() for line in lines if line.startswith("2009 "))
    assert row == ["2009", f"{r['series'][0]['totals']['2009']:,}", str(r["series"][0]["counts"]["2009"]),
                   str(r["series"][1]["counts"]["2009"])]
    assert lines[-1] == "1 of the 302 cables matching 'iraq' has no date: no period counts it"
    code, out, _ = run(capsys, "trends", "iran", "--by", "year", "--share", "--db", db)
    share = r["series"][0]["counts"]["2009"] / r["series"][0]["totals"]["2009"]
    assert f"2009 {r['series'][0]['totals']['2009']} {share:.2%}".split() in [line.split() for line in out.splitlines()]
    code, out, _ = run(capsys, "trends", "iran", "--split", "origin", "--top", "3", "--db", db)
    assert out.splitlines()[0].strip() == "cables per month matching 'iran', split by origin"
    assert "the top 3 origins of the cables matching 'iran' are shown" in out


def test_nothing_matching_is_said(db, capsys):
    code, out, err = run(capsys, "trends", "zzzzqqqx", "--db", db)
    assert code == 0 and out == "no dated cable matches this query\n"


@pytest.mark.parametrize(("argv", "says"), [
    (["a"] * 9, "error: at most 8 queries at once (9 given)"),
    (["a", "b", "--split", "origin"], "error: a split takes one query (2 given): split each on its own"),
    (["a", "--split", "origin", "--top", "13"], "error: top must be between 1 and 12 (13 given)"),
])
def test_mistakes_are_one_line(db, capsys, argv, says):
    assert one_line_error(*run(capsys, "trends", *argv, "--db", db)) == says


def test_missing_archive_is_one_line(capsys, tmp_path):
    assert one_line_error(*run(capsys, "trends", "iran", "--db", str(tmp_path / "nowhere"))).startswith(
        "error: no archive at")


def test_a_query_that_cannot_be_read_points_at_the_mistake(db, capsys):
    code, out, err = run(capsys, "trends", "iran", '"iraq', "--db", db)
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.splitlines() == ['error: query 2: unbalanced quote: no closing " at position 1', '"iraq', "^"]


@pytest.mark.parametrize("argv", [["a", "--by", "week"], ["a", "--split", "signer"], ["a", "--format", "xml"],
                                  ["a", "--top", "0"], []])
def test_argument_mistakes_exit_2_without_a_traceback(db, capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main(["trends", *argv, "--db", db])
    _, err = capsys.readouterr()
    assert exc.value.code == 2 and "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("cablebase trends: error: ")
