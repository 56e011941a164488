"""`cablebase check`: the coverage report over a tree of cables."""

from cablebase.cli import main
from cablebase.coverage import FIELDS, check, to_markdown
from tests.conftest import SAMPLES


def test_report_over_the_samples():
    report = check([SAMPLES], jobs=1)
    assert report.files == 21 and report.cables == 19 and not report.errors and len(report.skipped) == 3
    assert report.found["subject"] == 19 and report.found["id"] == 19
    rows = {field: (n, agree) for field, n, agree in report.agreement()}
    assert rows["origin"][0] > 5 and rows["origin"][0] == rows["origin"][1]  # the pages' metadata is compared
    md = to_markdown(report)
    for name in FIELDS:
        assert f"| {name} |" in md
    assert "## Cable text against the container's metadata" in md and "## Diagnostics" in md


def test_check_command_prints_and_writes_the_report(tmp_path, capsys):
    out = tmp_path / "report.md"
    assert main(["check", str(SAMPLES), "--jobs", "1", "--markdown", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "19 cables in 21 files" in printed and "text against the container's metadata" in printed
    assert out.read_text(encoding="utf-8").startswith("# Coverage report")
