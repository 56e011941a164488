"""The analysis commands of ``cablebase``: graph, thread, gaps (see :mod:`cablebase.analysis`)."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import Any

import orjson
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cablebase.analysis import KINDS
from cablebase.analysis import formats as graph_formats
from cablebase.archive import Archive
from cablebase.cli_archive import DEFAULT_DB, write_file, write_stdout
from cablebase.errors import CablebaseError

err = Console(stderr=True, highlight=False)

GRAPH_HELP = """\
kinds:
  refs       cable -> the cable it cites (REF lines); cited cables not in the archive are nodes too, with
             their status and an estimated date
  posts      post -> post it sent cables to, weighted by the cables (to and info counted apart)
  tags       cable - TAG (bipartite)
  tag-pairs  TAG - TAG, weighted by the cables carrying both

measures (--metrics, added to every node):
  cited_by / degree   cables citing it (refs); cables received (posts); cables shared with other TAGS (tag-pairs)
  pagerank            how likely a reader following the lines at random is to be there
  authority           (refs, posts) high for what the important hubs point to: the sources an argument rests on
  component           which connected group it is in (0 the largest), component_size its size
  betweenness         how many shortest chains pass through it: bridges (left out above 20,000 nodes)

examples:
  cablebase graph 'origin:madrid' -o madrid.gexf --metrics     # open in Gephi
  cablebase graph --kind tag-pairs 'date:[2009 TO 2010]' --format csv -o tags.zip
  cablebase graph 'tag:PTER' --kind posts --nodes nodes.csv --edges edges.csv
  cablebase graph 'subject:iran' --format json | jq '.nodes | length'
"""

THREAD_HELP = """\
ancestors ("cites") are what the cable cites, and what those cite, up to --depth levels; descendants
("cited by") the cables citing it, and so on. Each is listed once, oldest first, indented by its depth,
with the cable it was reached through (via). Cables not in the archive get a date estimated from the
serial numbers around theirs, shown with ~ and its bounds.

examples:
  cablebase thread 07MADRID173
  cablebase thread 06MADRID2657 --depth 2 --json
"""

GAPS_HELP = """\
For each post and year: the cables present, the lowest and highest serial, the estimated number sent with
its 95% interval, and the share the archive holds (! marks estimates from too few cables). Then the cables
cited but absent, most cited first, with dates estimated from their serial numbers.

examples:
  cablebase gaps 'origin:madrid'
  cablebase gaps --limit 20 --json
"""


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 1 or more")
    return n


def _count(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 0 or more")
    return n


# -- graph ------------------------------------------------------------------------------------------------

def _format(args: argparse.Namespace) -> str:
    """The format asked for, else the output file's suffix's, else GraphML; mistakes said before any work."""
    if (args.nodes is None) != (args.edges is None):
        raise CablebaseError("--nodes and --edges go together: give both paths")
    if args.nodes is not None:
        if args.output:
            raise CablebaseError("give either -o FILE (a zip of both tables) or --nodes and --edges, not both")
        if args.format not in (None, "csv"):
            raise CablebaseError(f"--nodes and --edges write CSV, not {args.format}")
        return "csv"
    if args.format:
        return str(args.format)
    suffix = Path(args.output).suffix.lower() if args.output else ""
    if suffix == ".csv":
        raise CablebaseError(f"the CSV format is two tables in a zip: write -o {Path(args.output).stem}.zip, or "
                             "each table to its own file with --nodes FILE --edges FILE")
    return {s: f for f, s in graph_formats.SUFFIXES.items()}.get(suffix, "graphml")


def cmd_graph(args: argparse.Namespace) -> int:
    fmt = _format(args)
    if fmt == "csv" and not args.output and args.nodes is None and sys.stdout.isatty():
        raise CablebaseError("the CSV format is a zip file, not for the terminal: write it with -o FILE.zip "
                             "(or --nodes FILE --edges FILE)")
    g, summary = Archive(args.db).analysis.graph(args.query, args.kind, args.metrics)
    if args.nodes is not None:
        write_file(args.nodes, graph_formats.nodes_csv(g))
        write_file(args.edges, graph_formats.edges_csv(g))
        where = f"written to {args.nodes} and {args.edges}"
    elif args.output:
        write_file(args.output, graph_formats.stream(g, fmt))
        where = f"written to {args.output}"
    else:
        for chunk in graph_formats.stream(g, fmt):
            write_stdout(chunk)
        sys.stdout.flush()
        where = ""
    err.print(graph_summary(g.kind, len(g.nodes), len(g.edges), summary, g.notes, where), soft_wrap=True,
              markup=False)
    return 0


def graph_summary(kind: str, nodes: int, edges: int, summary: dict[str, Any] | None, notes: list[str],
                  where: str = "") -> str:
    """One line for stderr: the graph's size, its components (with measures), its notes, where it went."""
    parts = [f"{kind} graph: {nodes:,} nodes, {edges:,} edges"]
    if summary is not None:
        n = summary["components"]
        parts.append(f"{n:,} component{'s' * (n != 1)}, the largest of {summary['giant_component']:,} nodes")
    parts += notes
    if where:
        parts.append(where)
    return "; ".join(parts)


# -- thread -----------------------------------------------------------------------------------------------

def thread_lines(entries: list[dict[str, Any]], start: str) -> list[Text]:
    """One line per cable: date (``~`` when estimated), status, id indented by level, subject or the
    estimated date's bounds, and the cable it was reached through when that is not ``start``."""
    width = max((2 * (e["depth"] - 1) + len(e["id"]) for e in entries), default=0)
    lines = []
    for e in entries:
        estimated = bool(e.get("date_bounds"))
        line = Text("  " + (e["date"] or "no date").ljust(10) + (" ~  " if estimated else "    "))
        line.append(e["status"].ljust(14), style="" if e["status"] == "present" else "yellow")
        line.append(("  " * (e["depth"] - 1) + e["id"]).ljust(width + 2), style="cyan")
        if estimated:
            low, high = e["date_bounds"]
            line.append(f"(not in the archive; date estimated between {low} and {high})", style="dim")
        elif e.get("subject"):
            line.append(e["subject"])
        if e["via"] != start:
            line.append(f"  via {e['via']}", style="dim")
        lines.append(line)
    return lines


def cmd_thread(args: argparse.Namespace) -> int:
    r = Archive(args.db).thread(args.id, depth=args.depth)
    if args.json:
        write_stdout(orjson.dumps(r, option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    out = Console(highlight=False, soft_wrap=True)
    head = [r["date"] or "no date", r["origin"]] if r["subject"] is not None else ["not in this archive: only cited"]
    out.print(Text.assemble((r["id"], "bold cyan"), "  ", "  ".join(p for p in head if p)))
    if r["subject"]:
        out.print(Text(r["subject"]))
    for name, entries in (("cites", r["ancestors"]), ("cited by", r["descendants"])):
        out.print()
        n, levels = len(entries), f"{r['depth']} level{'s' * (r['depth'] != 1)}"
        out.print(Text.assemble((name, "bold"), f" ({n:,} cable{'s' * (n != 1)} within {levels}, oldest first, "
                                "indented by level):" if n else f": no cable within {levels}"))
        for line in thread_lines(entries, r["id"]):
            out.print(line)
    if r["truncated"]:
        out.print(Text("\nthe listing stops at 500 cables each way: a smaller --depth shows the nearest",
                       style="yellow"))
    if any(e.get("date_bounds") for e in r["ancestors"] + r["descendants"]):
        out.print(Text("\n~ a date estimated from the serial numbers around the cable's", style="dim"))
    return 0


# -- gaps -------------------------------------------------------------------------------------------------

def _table(title: str, caption: str | None = None) -> Table:
    """A table that fits 80 columns: no borders, one space between columns."""
    return Table(title=title, title_justify="left", title_style="bold", caption=caption, caption_justify="left",
                 box=None, collapse_padding=True, pad_edge=False, header_style="dim")


def posts_table(rows: list[dict[str, Any]], few: int) -> Table:
    t = _table("cables sent per post and year, estimated from their serials",
               f"! unreliable: fewer than {few} cables present, or the estimate fell below a serial the "
               "Cablegate release lists (the cables are then no random sample of the year)")
    for name in ("origin", "year", "present", "lowest", "highest", "estimate", "95% interval", "share", ""):
        t.add_column(name, justify="left" if name in ("origin", "") else "right", no_wrap=name != "origin")
    last = None
    for r in rows:
        low, high = r["interval"]
        t.add_row(r["origin"] if r["origin"] != last else "", str(r["year"]), f"{r['present']:,}",
                  f"{r['lowest']:,}", f"{r['highest']:,}", f"{r['estimate']:,}", f"{low:,}-{high:,}",
                  f"{r['share']:.2%}", "" if r["reliable"] else Text("!", style="yellow"))
        last = r["origin"]
    return t


def _bounds(bounds: list[str] | None) -> str:
    """``2006-06-09 to 2006-07-28``, the year said once when both bounds fall in it."""
    if not bounds:
        return "-"
    low, high = bounds
    return f"{low} to {high[5:]}" if low[:4] == high[:4] else f"{low} to {high}"


def absent_table(rows: list[dict[str, Any]], total: int) -> Table:
    shown = f"the {len(rows):,} most cited" if len(rows) < total else "all"
    t = _table(f"cables cited but absent: {total:,} in all, {shown} here")
    for name in ("cable", "status", "cited", "estimated", "between", "first citing"):
        t.add_column(name, justify="right" if name == "cited" else "left", no_wrap=name != "first citing",
                     overflow="fold")
    for r in rows:
        citing = r["cited_by"]
        more = f" (+{len(citing) - 2:,})" if len(citing) > 2 else ""
        t.add_row(r["id"], r["status"], f"{len(citing):,}", r["date"] or "-", _bounds(r["date_bounds"]),
                  ", ".join(citing[:2]) + more)
    return t


def cmd_gaps(args: argparse.Namespace) -> int:
    r = Archive(args.db).gaps(args.query, limit=args.limit or None)
    if args.json:
        write_stdout(orjson.dumps(r, option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    out = Console(highlight=False)
    out.print(Text(textwrap.fill("Method: " + r["method"], width=min(out.width, 110)), style="dim"))
    out.print()
    if r["posts"]:
        out.print(posts_table(r["posts"], r["few"]))
    else:
        out.print("no cables with a post and serial number match this query")
    if r["absent"]:
        out.print()
        out.print(absent_table(r["absent"], r["absent_total"]))
    return 0


# -- the commands -----------------------------------------------------------------------------------------

def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    def db(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", default=DEFAULT_DB, metavar="DIR", help=f"archive directory (default {DEFAULT_DB})")

    raw = argparse.RawDescriptionHelpFormatter
    query_help = "the cables to take, in the query language of `cablebase search` (none: the whole archive)"

    s = sub.add_parser("graph", help="the network of a query's cables, for Gephi, igraph, networkx or a spreadsheet",
                       description="Write the graph of the cables QUERY matches: cables and their references, "
                                   "posts and their traffic, or TAGS. The line on stderr says its size.",
                       epilog=GRAPH_HELP, formatter_class=raw)
    s.add_argument("query", nargs="?", default="", metavar="QUERY", help=query_help)
    db(s)
    s.add_argument("--kind", choices=KINDS, default="refs", help="which graph (default refs; see below)")
    s.add_argument("--format", choices=graph_formats.FORMATS, default=None,
                   help="graphml (igraph, networkx, Cytoscape), gexf (Gephi), csv (a zip of nodes.csv and "
                        "edges.csv) or json; default: -o FILE's suffix, else graphml")
    s.add_argument("--output", "-o", metavar="FILE", help="write to FILE (made once the graph is built; default "
                                                          "stdout)")
    s.add_argument("--metrics", action="store_true", help="add PageRank and the other measures below to every node")
    s.add_argument("--nodes", metavar="PATH", help="write the nodes table as CSV to PATH (with --edges)")
    s.add_argument("--edges", metavar="PATH", help="write the edges table as CSV to PATH (with --nodes)")
    s.set_defaults(func=cmd_graph)

    s = sub.add_parser("thread", help="the chain of cables one cable cites and that cite it, in time order",
                       description="What a cable rests on and what rests on it, through the REF lines.",
                       epilog=THREAD_HELP, formatter_class=raw)
    s.add_argument("id", help="a cable id in any form (07MADRID173, 2007MADRID00173)")
    db(s)
    s.add_argument("--depth", type=_positive, default=4, metavar="N", help="levels followed each way (default 4)")
    s.add_argument("--json", action="store_true", help="print {id, date, subject, ancestors, descendants, ...} "
                                                       "as JSON")
    s.set_defaults(func=cmd_thread)

    s = sub.add_parser("gaps", help="what is missing: cables sent per post-year, estimated, and cited cables absent",
                       description="Estimate, from the serial numbers present, how many cables each post sent "
                                   "each year and the share the archive holds; list the cables cited but absent.",
                       epilog=GAPS_HELP, formatter_class=raw)
    s.add_argument("query", nargs="?", default="", metavar="QUERY", help=query_help)
    db(s)
    s.add_argument("--limit", type=_count, default=100, metavar="N",
                   help="absent cables listed, most cited first (default 100; 0 for all)")
    s.add_argument("--json", action="store_true", help="print {method, posts, absent, absent_total, ...} as JSON")
    s.set_defaults(func=cmd_gaps)
