"""The diagnostic codes: every oddity a reader or the decoder records on a cable, declared once.

A :class:`~cablebase.model.Diagnostic` carries a stable ``code`` and a message for the one cable; what the
code means in general, and which layer raises it, is in ``data/diagnostics.csv`` (a table, not code, so that
it reads as documentation). ``docs/diagnostics.md`` is generated from it::

    python -m cablebase.diagnostics --write docs/diagnostics.md

and a test fails when a code is raised that is not declared here, or declared and never raised.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class DiagnosticCode:
    code: str
    layer: str  # the module that raises it, under cablebase/ ("decode" for the decoder's order of steps)
    kind: str  # "reader" (about the container: kept when a record is decoded again), "decoder", + ", retired"
    meaning: str

    @property
    def retired(self) -> bool:
        """No longer raised; kept because records stored by an older cablebase hold it."""
        return self.kind.endswith(", retired")


@cache
def codes() -> dict[str, DiagnosticCode]:
    """Every declared code, by name, in the table's order."""
    with resources.files("cablebase").joinpath("data", "diagnostics.csv").open(encoding="utf-8") as fh:
        return {row["code"]: DiagnosticCode(row["code"], row["layer"], row["kind"], row["meaning"])
                for row in csv.DictReader(fh)}


def reader_codes() -> frozenset[str]:
    """The codes about a record's container, which a new decoding of its text cannot find again (the re-decoder
    keeps them), retired ones too."""
    return frozenset(c.code for c in codes().values() if c.kind.startswith("reader"))


def meaning(code: str) -> str | None:
    """What ``code`` means, or None for a code cablebase does not know (an older or newer archive's)."""
    found = codes().get(code)
    return found.meaning if found else None


def markdown() -> str:
    """The table of ``docs/diagnostics.md``."""
    rows = [f"| `{c.code}` | `{c.layer}` | {c.kind} | {c.meaning.replace('|', '/')} |" for c in codes().values()]
    return "\n".join([
        "# Diagnostics",
        "",
        "Every oddity found while reading or decoding a cable is recorded on the record as a diagnostic: a code",
        "from this table and a message about that cable (`cablebase show ID` lists them; `cablebase check` counts",
        "them). The table is generated from `src/cablebase/data/diagnostics.csv` by",
        "`python -m cablebase.diagnostics --write docs/diagnostics.md`; do not edit it by hand.",
        "",
        "A reader's code is about the container, not the text: it is kept when an archive decodes its records again.",
        "",
        "| code | raised by | kind | meaning |",
        "|---|---|---|---|",
        *rows,
        "",
    ])


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--write"] and len(args) == 2:
        with open(args[1], "w", encoding="utf-8") as fh:
            fh.write(markdown())
        return 0
    if args[:1] == ["--markdown"]:
        sys.stdout.write(markdown())
        return 0
    print("usage: python -m cablebase.diagnostics --markdown | --write docs/diagnostics.md", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
