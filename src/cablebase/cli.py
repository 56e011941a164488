"""The ``cablebase`` command: a thin layer of argument parsing and output over the Python API.

Run ``cablebase --help`` or ``cablebase COMMAND --help``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import orjson
from rich.console import Console

from cablebase import __version__
from cablebase.errors import CablebaseError, QueryError
from cablebase.model import Cable
from cablebase.readers import ReadError, Skipped, parse_paths

err = Console(stderr=True, highlight=False)

EXAMPLES = """\
examples:
  cablebase parse ../shared/corpus/raw-telegram/07MEXICO1102.txt
  cablebase parse ../shared/corpus/wikileaks --format jsonl > cables.jsonl
  cablebase check ../shared/corpus --markdown docs/check-report.md
  cablebase ingest ../shared/corpus --db ./cablebase-data
  cablebase search 'tag:PREL AND origin:"Embassy Paris" date:[2009-01 TO 2009-06]'
  cablebase show 07MEXICO1102
  cablebase refs 09STATE15113
  cablebase export 'subject:iran' --format csv > iran.csv
  cablebase graph 'origin:madrid' --metrics -o madrid.gexf
  cablebase thread 07MADRID173
  cablebase gaps 'origin:madrid'
  cablebase trends iran iraq --by year --share
  cablebase serve
"""


def _write(data: bytes) -> None:
    sys.stdout.buffer.write(data)


def cable_text(c: Cable) -> str:
    """A short human-readable rendering of a record."""
    out = [f"{c.id or '(no id)'}  {c.date:%Y-%m-%d %H:%MZ}" if c.date else f"{c.id or '(no id)'}  (no date)"]
    origin = f"{c.origin} ({c.origin_ri})" if c.origin and c.origin_ri else c.origin or c.origin_ri or "unknown"
    out.append(f"  origin: {origin}   classification: {c.classification or 'none found'}"
               + (f"   caveats: {', '.join(c.caveats)}" if c.caveats else ""))
    if c.precedence:
        out.append(f"  precedence: {c.precedence}")
    if c.to:
        out.append("  to: " + "; ".join(a.post or a.address for a in c.to))
    if c.info:
        out.append("  info: " + "; ".join(a.post or a.address for a in c.info))
    if c.tags:
        out.append("  tags: " + " ".join(t.code for t in c.tags))
    if c.subject:
        out.append(f"  subject: {c.subject}")
    if c.references:
        out.append("  refs: " + ", ".join(r.id or f"[{r.kind}] {r.text}" for r in c.references))
    out.append(f"  paragraphs: {len(c.paragraphs)}   signers: {', '.join(c.signers) or '-'}")
    for d in c.diagnostics:
        out.append(f"  ! {d.code}: {d.message}")
    out.append(f"  source: {c.provenance.path} [{c.provenance.format}] {c.provenance.locator}".rstrip())
    return "\n".join(out) + "\n"


def missing_paths(paths: Sequence[str]) -> list[str]:
    """The paths given that do not exist (each reported as the user's mistake)."""
    return [p for p in paths if not os.path.lexists(p)]


def summary_line(parsed: int, failed: int, skipped: int) -> str:
    """The last line of ``parse`` and ``check``: what became of every input."""
    return f"{parsed} parsed, {failed} failed, {skipped} skipped as not cables"


def cmd_parse(args: argparse.Namespace) -> int:
    """Every input is parsed (a failure does not stop the run); any failure makes the exit status 1."""
    parsed = skipped = 0
    missing = missing_paths(args.paths)
    failures = len(missing)
    for path in missing:
        err.print(f"[red]error[/red] no such file or directory: {path}", soft_wrap=True)
    items = []
    for item in parse_paths([p for p in args.paths if p not in missing]):
        if isinstance(item, ReadError):
            failures += 1
            err.print(f"[red]error[/red] {item}", markup=True, soft_wrap=True)
            continue
        if isinstance(item, Skipped):
            skipped += 1
            err.print(f"[dim]skipped {item.path}: {item.reason}[/dim]", soft_wrap=True)
            continue
        parsed += 1
        if args.format == "jsonl":
            d = item.to_dict()
            if not args.raw:
                d.pop("raw", None)
            _write(orjson.dumps(d) + b"\n")
        elif args.format == "json":
            d = item.to_dict()
            if not args.raw:
                d.pop("raw", None)
            items.append(d)
        else:
            _write(cable_text(item).encode())
    if args.format == "json":
        _write(orjson.dumps(items, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()
    err.print(summary_line(parsed, failures, skipped), soft_wrap=True)
    return 1 if failures else 0


def cmd_check(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
    from rich.table import Table

    from cablebase.coverage import FIELDS, check, to_markdown

    missing = missing_paths(args.paths)
    if missing:  # an error, not a report of zeros
        raise CablebaseError("no such file or directory: " + ", ".join(missing))
    with Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("check", total=None)
        report = check(args.paths, jobs=args.jobs,
                       progress=lambda i, n: bar.update(task, completed=i, total=n))
    out = Console(highlight=False)
    out.print(f"[bold]{report.cables}[/bold] cables in {report.files} files; "
              f"{len(report.errors)} read errors; {len(report.skipped)} skipped")
    t = Table("field", "found", "share")
    for name in FIELDS:
        n = report.found[name]
        t.add_row(name, str(n), f"{n / report.cables:.1%}" if report.cables else "-")
    out.print(t)
    from cablebase.invariants import INVARIANTS

    pr = Table("format", "records", "clean", "share",
               title="precision: records that keep every invariant (see cablebase/invariants.py)")
    for fmt, n in sorted(report.by_format.items()):
        pr.add_row(fmt, str(n), str(report.clean[fmt]), f"{report.clean_share(fmt):.2%}")
    pr.add_row("all", str(report.cables), str(sum(report.clean.values())), f"{report.clean_share():.2%}")
    out.print(pr)
    iv = Table("invariant broken", "records", "example")
    for code in INVARIANTS:
        if n := report.broken_records(code):
            ex = next((f"{i}, {w}: {x}" for c, i, w, x in report.examples if c == code), "")
            iv.add_row(code, str(n), ex[:90])
    if iv.row_count:
        out.print(iv)
    a = Table("text against the container's metadata", "compared", "agree", "share")
    for fld, n, agree in report.agreement():
        if n:
            a.add_row(fld, str(n), str(agree), f"{agree / n:.2%}")
    if report.other_text:
        a.caption = f"{len(report.other_text)} pages show another cable's text and are not compared"
    out.print(a)
    d = Table("diagnostic", "count")
    for code, n in report.diagnostics.most_common():
        d.add_row(code, str(n))
    out.print(d)
    for e in report.errors:
        out.print(f"[red]error[/red] {e}")
    if args.markdown:
        Path(args.markdown).write_text(to_markdown(report), encoding="utf-8")
        err.print(f"report written to {args.markdown}")
    err.print(summary_line(report.cables, len(report.errors), len(report.skipped)), soft_wrap=True)
    return 1 if report.errors else 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cablebase",
        description="Parse, decode, search and read US diplomatic cables (State Department telegrams).",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"cablebase {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("parse", help="decode cables from files or folders and print the records",
                       description="Decode every cable found in PATHs (folders are walked; formats are "
                                   "recognised by content) and print one record per cable. Every input is "
                                   "tried; the exit status is 1 if any could not be read, and the last line "
                                   "says how many were parsed, failed and skipped.")
    s.add_argument("paths", nargs="+", metavar="PATH")
    s.add_argument("--format", choices=["text", "json", "jsonl"], default="text",
                   help="text (a summary per cable, default), json (one array) or jsonl (one object per line)")
    s.add_argument("--raw", action="store_true", help="include the raw source text in JSON output")
    s.add_argument("--strict", action="store_true",
                   help="(the default now: any input that cannot be read gives exit status 1)")
    s.add_argument("-v", "--verbose", action="store_true", help="(skipped non-cable files are always reported)")
    s.set_defaults(func=cmd_parse)

    s = sub.add_parser("check", help="parse a tree on all cores and print a coverage report",
                       description="Parse everything under PATHs on all cores and report, per field, the share "
                                   "of cables where it was found, and the count of each diagnostic code.")
    s.add_argument("paths", nargs="+", metavar="PATH")
    s.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: all cores)")
    s.add_argument("--markdown", metavar="FILE", help="also write the report as Markdown to FILE")
    s.set_defaults(func=cmd_check)

    from cablebase import cli_analysis, cli_archive, cli_topics, cli_trends

    cli_archive.add_commands(sub)
    cli_analysis.add_commands(sub)
    cli_trends.add_commands(sub)
    cli_topics.add_commands(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except CablebaseError as exc:
        err.print(f"[red]error:[/red] {exc}", markup=True, soft_wrap=True)  # one line, however long
        if isinstance(exc, QueryError):
            err.print(exc.pointer(), markup=False)
        return 2


if __name__ == "__main__":
    sys.exit(main())
