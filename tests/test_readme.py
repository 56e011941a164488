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


def readme_blocks() -> list[str]:
    return _BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))


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


def test_readme_python_examples_print_what_they_say(tmp_path, monkeypatch):
    (tmp_path / "samples").symlink_to(SAMPLES, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    checked = 0
    for block in readme_blocks():
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
    assert checked >= 5
    assert os.path.isdir(tmp_path / "cablebase-data")
