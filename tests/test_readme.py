"""The README's Python examples run as written, and print what the README says they print.

Each ```python block runs in order in one namespace, in an empty folder that has the repository's
``samples/`` beside it (the examples use relative paths). An expression followed by comment lines is
checked: the comment is the ``repr`` of its value.
"""

from __future__ import annotations

import ast
import os
import re

from tests.conftest import ROOT, SAMPLES

_BLOCK = re.compile(r"^```python\n(.*?)^```", re.M | re.S)


def readme_blocks(name: str = "README.md") -> list[str]:
    return _BLOCK.findall((ROOT / name).read_text(encoding="utf-8"))


def expected_after(lines: list[str], stmt: ast.stmt) -> str | None:
    """The comment lines right after a statement, joined (``None`` when there are none)."""
    out = []
    for line in lines[stmt.end_lineno:]:  # (end_lineno is 1-based: this is the next line)
        if not line.startswith("# "):
            break
        out.append(line[2:])
    return "\n".join(out) or None


def test_readme_has_python_examples():
    assert len(readme_blocks()) >= 3


def run_blocks(blocks: list[str], namespace: dict[str, object]) -> int:
    """Run the blocks in order; returns how many printed values were checked."""
    checked = 0
    for block in blocks:
        lines = block.splitlines()
        for stmt in ast.parse(block).body:
            code = ast.get_source_segment(block, stmt)
            want = expected_after(lines, stmt)
            if isinstance(stmt, ast.Expr) and want is not None:
                got = repr(eval(compile(ast.Expression(stmt.value), "README.md", "eval"), namespace))
                assert got == want, f"README example {code!r} gives {got}, the README says {want}"
                checked += 1
            else:
                exec(compile(ast.Module([stmt], []), "README.md", "exec"), namespace)
    return checked


def test_readme_python_examples_print_what_they_say(tmp_path, monkeypatch):
    (tmp_path / "samples").symlink_to(SAMPLES, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    assert run_blocks(readme_blocks(), {}) >= 5
    assert os.path.isdir(tmp_path / "cablebase-data")


def test_analysis_docs_examples_print_what_they_say(tmp_path, monkeypatch):
    """docs/analysis.md's Python examples, on the archive of the sample cables it names."""
    from cablebase.archive import Archive

    (tmp_path / "samples").symlink_to(SAMPLES, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    Archive("./cablebase-data").ingest(["samples"], jobs=1)
    assert run_blocks(readme_blocks("docs/analysis.md"), {}) >= 3
