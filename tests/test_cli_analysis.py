"""The analysis commands (cli_analysis.py) on the corpus archive: `graph` in each format read back, its
summary line, `thread` both ways, `gaps`' JSON shape and table, and each mistake as one line."""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

import networkx as nx
import orjson
import pytest

from cablebase.archive import Archive
from cablebase.cli import main

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def db(corpus_db: Path) -> str:
    return str(corpus_db)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code: int, out: str, err: str) -> str:
    assert code == 2 and out == "" and "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


# -- graph ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv", "json"])
def test_graph_writes_each_format_to_a_file_that_reads_back(db, capsys, tmp_path, fmt):
    g = Archive(db).graph("origin:madrid", "refs")
    path = tmp_path / f"madrid.{fmt}"
    code, out, err = run(capsys, "graph", "origin:madrid", "--format", fmt, "-o", str(path), "--db", db)
    assert code == 0 and out == ""
    assert err.strip() == f"refs graph: {len(g.nodes)} nodes, {len(g.edges)} edges; written to {path}"
    data = path.read_bytes()
    if fmt in ("graphml", "gexf"):
        G = nx.read_graphml(io.BytesIO(data)) if fmt == "graphml" else nx.read_gexf(io.BytesIO(data))
        assert list(G.nodes) == list(g.nodes) and G.number_of_edges() == len(g.edges) and G.is_directed()
        assert G.nodes["06MADRID2657"]["subject"] == "SPAIN: UPDATE ON KEY TERRORISM-RELATED CASES"
        assert G.has_edge("07MADRID173", "06MADRID2657")  # citing -> cited
    elif fmt == "csv":
        with zipfile.ZipFile(path) as z:
            nodes = list(csv.reader(io.TextIOWrapper(z.open("nodes.csv"), encoding="utf-8")))
            edges = list(csv.reader(io.TextIOWrapper(z.open("edges.csv"), encoding="utf-8")))
        assert (len(nodes), len(edges)) == (len(g.nodes) + 1, len(g.edges) + 1)
    else:
        doc = orjson.loads(data)
        assert (len(doc["nodes"]), len(doc["edges"])) == (len(g.nodes), len(g.edges))


def test_graph_of_the_whole_archive_with_metrics_says_its_components(db, capsys, tmp_path):
    _, summary = Archive(db).analysis.graph("", "tag-pairs", metrics=True)
    assert summary is not None
    path = tmp_path / "tags.gexf"  # (the format from the suffix)
    code, _, err = run(capsys, "graph", "--kind", "tag-pairs", "--metrics", "-o", str(path), "--db", db)
    assert code == 0
    assert err.strip() == (f"tag-pairs graph: {summary['nodes']} nodes, {summary['edges']:,} edges; "
                           f"{summary['components']} components, the largest of {summary['giant_component']} "
                           f"nodes; written to {path}")
    G = nx.read_gexf(path)
    assert not G.is_directed() and all("pagerank" in a for _, a in G.nodes(data=True))


def test_graph_to_stdout_is_the_bytes_of_the_format(db, capsysbinary):
    assert main(["graph", "origin:madrid", "--kind", "posts", "--db", db]) == 0
    out, err = capsysbinary.readouterr()
    G = nx.read_graphml(io.BytesIO(out))
    assert "Embassy Madrid" in G and err.decode().startswith("posts graph: ")


def test_graph_nodes_and_edges_to_two_paths(db, capsys, tmp_path):
    nodes, edges = tmp_path / "n.csv", tmp_path / "e.csv"
    code, _, err = run(capsys, "graph", "origin:madrid", "--kind", "tags", "--nodes", str(nodes), "--edges",
                       str(edges), "--db", db)
    assert code == 0 and err.strip().endswith(f"written to {nodes} and {edges}")
    assert nodes.read_bytes().startswith(b"id,label,type,")
    assert edges.read_bytes().startswith(b"source,target\r\n")


def test_a_zip_is_not_written_to_a_terminal(db, capsys, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    line = one_line_error(*run(capsys, "graph", "--format", "csv", "--db", db))
    assert "-o FILE" in line


def test_graph_mistakes_are_one_line_and_leave_no_file(db, capsys, tmp_path):
    path = tmp_path / "out.graphml"
    code, out, err = run(capsys, "graph", "date:[2007 TO", "-o", str(path), "--db", db)
    assert code == 2 and out == "" and "Traceback" not in err and not path.exists()
    assert err == run(capsys, "search", "date:[2007 TO", "--db", db)[2]  # the search command's query error
    assert err.startswith("error: ") and err.count("\n") == 3  # (the line, then the query with a caret)
    line = one_line_error(*run(capsys, "graph", "-o", str(tmp_path / "no" / "such" / "dir.gexf"), "--db", db))
    assert line == f"error: cannot write {tmp_path / 'no' / 'such' / 'dir.gexf'}: No such file or directory"
    one_line_error(*run(capsys, "graph", "--nodes", str(path), "--db", db))
    one_line_error(*run(capsys, "graph", "--nodes", "n", "--edges", "e", "--format", "gexf", "--db", db))
    one_line_error(*run(capsys, "graph", "--db", str(tmp_path / "nowhere")))
    assert ".zip" in one_line_error(*run(capsys, "graph", "-o", str(tmp_path / "g.csv"), "--db", db))
    assert not path.exists()


# -- thread -----------------------------------------------------------------------------------------------

def test_thread_json_is_the_archive_thread_both_ways(db, capsys):
    code, out, _ = run(capsys, "thread", "07MADRID173", "--json", "--db", db)
    r = orjson.loads(out)
    assert code == 0 and r == orjson.loads(orjson.dumps(Archive(db).thread("07MADRID173")))
    assert "06MADRID2657" in [e["id"] for e in r["ancestors"]]
    code, out, _ = run(capsys, "thread", "06MADRID2657", "--json", "--db", db)
    assert "07MADRID173" in [e["id"] for e in orjson.loads(out)["descendants"]]


def test_thread_text_lists_each_cable_in_time_order_with_estimated_dates_marked(db, capsys):
    code, out, _ = run(capsys, "thread", "07MADRID173", "--db", db)
    lines = out.splitlines()
    assert code == 0 and lines[0] == "07MADRID173  2007-02-01  Embassy Madrid"
    cites = lines[lines.index("cites (6 cables within 4 levels, oldest first, indented by level):") + 1:]
    assert cites[0].split()[1:4] == ["~", "known-absent", "05MADRID3528"]
    assert "2005-10-01" <= cites[0].split()[0] <= "2005-10-31"
    assert "date estimated between 2005-10-01 and 2005-10-31" in cites[0] and cites[0].endswith("via 06MADRID1914")
    cited = next(line for line in cites if line.split()[2:3] == ["06MADRID2657"])
    assert cited.split()[:3] == ["2006-10-20", "present", "06MADRID2657"] and "KEY TERRORISM-RELATED" in cited
    dates = [line.split()[0] for line in cites[:6]]
    assert dates == sorted(dates)
    assert any(line.lstrip().startswith("2009-05-05") and "via 08MADRID1280" in line for line in lines)


def test_thread_of_an_unknown_cable_is_one_line(db, capsys):
    line = one_line_error(*run(capsys, "thread", "99NOWHERE1", "--db", db))
    assert "99NOWHERE1" in line
    with pytest.raises(SystemExit) as done:  # (argparse's own: the usage, then the mistake)
        main(["thread", "07MADRID173", "--depth", "0", "--db", db])
    assert done.value.code == 2 and "'0' is not a whole number of 1 or more" in capsys.readouterr().err


# -- gaps -------------------------------------------------------------------------------------------------

def test_gaps_json_has_the_shape_the_issue_fixes(db, capsys):
    code, out, _ = run(capsys, "gaps", "origin:madrid", "--json", "--db", db)
    r = orjson.loads(out)
    assert code == 0 and r["posts"] and r["absent"]
    for row in r["posts"]:
        assert {"origin", "year", "present", "lowest", "highest", "estimate", "interval", "share"} <= set(row)
        assert row["origin"] == "Embassy Madrid" and row["lowest"] <= row["highest"] <= row["estimate"]
    for row in r["absent"]:
        assert {"id", "cited_by", "date", "date_bounds"} <= set(row)
    assert len(r["absent"]) <= 100 and r["method"].startswith("Estimated from serial numbers")


def test_gaps_text_states_the_method_and_shows_both_tables(db, capsys):
    code, out, _ = run(capsys, "gaps", "origin:madrid", "--limit", "3", "--db", db)
    assert code == 0 and out.startswith("Method: Estimated from serial numbers")
    assert "cables sent per post and year" in out and "Embassy Madrid 1986" in out
    assert "! unreliable: fewer than 5 cables present" in out
    absent = orjson.loads(run(capsys, "gaps", "origin:madrid", "--json", "--limit", "3", "--db", db)[1])
    assert f"cables cited but absent: {absent['absent_total']} in all, the 3 most cited here" in out
    assert all(a["id"] in out for a in absent["absent"])


def test_gaps_of_a_bad_query_is_the_query_error(db, capsys):
    code, out, err = run(capsys, "gaps", "date:[2007 TO", "--db", db)
    assert code == 2 and out == "" and err == run(capsys, "search", "date:[2007 TO", "--db", db)[2]


# -- help -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["graph", "thread", "gaps"])
def test_help_teaches_with_examples(capsys, command):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0 and "examples:" in out and f"cablebase {command} " in out
    if command == "graph":
        assert all(word in out for word in ("tag-pairs", "pagerank", "betweenness", "authority"))
