"""`cablebase parse` and `cablebase check` (issue 19, item 4): a run in which any input failed exits
non-zero, says so in a summary line, and still parses the rest."""

from __future__ import annotations

import os

from cablebase.cli import main
from tests.conftest import SAMPLES, SEED


def test_item4_parse_failures_exit_non_zero_with_a_summary(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    noise = tmp_path / "noise.bin"
    noise.write_bytes(os.urandom(4096))
    missing = tmp_path / "no-such-dir"
    readme = SAMPLES / "README.md"
    code = main(["parse", str(missing), str(empty), str(noise), str(readme), str(SEED)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "07MEXICO1102" in out  # the good file is still parsed (keep-going)
    assert f"no such file or directory: {missing}" in err and "cannot read file" not in err
    assert f"skipped {readme}" in err  # without -v
    assert err.strip().splitlines()[-1] == "1 parsed, 3 failed, 1 skipped as not cables"
    for bad in (missing, empty, noise):
        assert main(["parse", str(bad)]) == 1
    capsys.readouterr()
    assert main(["parse", str(SEED), str(readme)]) == 0
    assert capsys.readouterr().err.strip().splitlines()[-1] == "1 parsed, 0 failed, 1 skipped as not cables"


def test_item4_check_of_a_missing_path_is_an_error(tmp_path, capsys):
    missing = tmp_path / "nonexistent"
    assert main(["check", str(missing)]) == 2
    out, err = capsys.readouterr()
    assert f"no such file or directory: {missing}" in err
    assert "field" not in out and "found" not in out  # no table of zeros
    noise = tmp_path / "noise.bin"
    noise.write_bytes(os.urandom(4096))
    assert main(["check", str(noise), str(SEED), "--jobs", "1"]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == "1 parsed, 1 failed, 0 skipped as not cables"
