"""Every diagnostic code raised anywhere in the package is declared once, with its meaning and layer, and the
table in docs/diagnostics.md is the one the declarations make."""

from __future__ import annotations

import re
from pathlib import Path

from cablebase import diagnostics
from tests.conftest import ROOT

RAISED = re.compile(r'Diagnostic\(\s*"([a-z0-9-]+)"')


def raised() -> dict[str, set[str]]:
    """Each code written in a ``Diagnostic("code", ...)`` in the package, and the modules that write it."""
    out: dict[str, set[str]] = {}
    src = ROOT / "src" / "cablebase"
    for path in src.rglob("*.py"):
        for code in RAISED.findall(path.read_text(encoding="utf-8")):
            out.setdefault(code, set()).add(str(path.relative_to(src).with_suffix("")))
    return out


def test_every_raised_code_is_declared_and_every_declared_code_raised() -> None:
    found, declared = raised(), diagnostics.codes()
    assert len(found) > 40  # (the scan sees the package's diagnostics)
    assert sorted(found.keys() - declared.keys()) == [], "raised but not declared in data/diagnostics.csv"
    live = {code for code, entry in declared.items() if not entry.retired}
    assert sorted(live - found.keys()) == [], "declared but raised nowhere"
    assert sorted(declared.keys() - live) == ["bad-json"]


def test_each_code_names_the_modules_that_raise_it() -> None:
    found = raised()
    for code, entry in diagnostics.codes().items():
        if entry.retired:
            continue
        layers = {layer if "/" in layer else f"{layer}/__init__" for layer in entry.layer.split(" + ")}
        assert layers == found[code], f"{code}: declared for {entry.layer}, raised in {sorted(found[code])}"
        assert entry.meaning.endswith("."), code


def test_docs_table_is_generated_from_the_declarations() -> None:
    committed = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    assert committed == diagnostics.markdown(), "run: python -m cablebase.diagnostics --write docs/diagnostics.md"


def test_meaning_of_an_unknown_code_is_none() -> None:
    assert diagnostics.meaning("stray-sipdis")
    assert diagnostics.meaning("no-such-code") is None


def test_cli_prints_the_table(capsys) -> None:  # type: ignore[no-untyped-def]
    assert diagnostics.main(["--markdown"]) == 0
    assert "| `unknown-tag` |" in capsys.readouterr().out
    assert diagnostics.main([]) == 2


def test_readme_or_docs_point_to_the_table() -> None:
    assert "diagnostics.md" in (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in Path(ROOT / "docs").glob("*.md") if p.name != "diagnostics.md")


def test_reader_codes_are_the_container_ones() -> None:
    from cablebase.readers import READER_CODES

    assert {"encoding-fallback", "truncated-record", "bad-json"} <= READER_CODES
    assert not READER_CODES & {"stray-sipdis", "missing-dtg", "unknown-tag"}
    assert all(diagnostics.codes()[c].layer.startswith(("readers", "decode/text")) for c in READER_CODES)
