"""``cablebase trends``: each query's cables per month or year, beside all cables of the period (see
:mod:`cablebase.analysis.trends`)."""

from __future__ import annotations

import argparse
from typing import Any

import orjson
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cablebase.analysis import trends as trending
from cablebase.archive import Archive
from cablebase.cli_archive import DEFAULT_DB, write_stdout

TRENDS_HELP = f"""\
Each series counts the cables a query matches in each period, as `cablebase search` would (its histogram);
"all cables" is the whole archive's count of the period. The archive holds a few cables a year from the
1960s-80s and thousands from 2006-2009, so a rise in a query's cables is mostly a rise in cables: --share
shows each count divided by all cables of its period instead. A period in which the archive holds no
cable is left out (a gap, not a zero). The table runs from the first to the last period with a matching
cable; csv and json have every period of the archive.

--split FACET ({", ".join(trending.SPLITS)}) makes one series of each of the
--top values of the query's cables for that facet, each the query narrowed to the value. For a facet each
cable has one value of, the series of all its values add up to the query's; a cable carries several TAGS,
so tag series overlap. What a series leaves out is said under the table (and in "notes").

examples:
  cablebase trends iran iraq --by year --share
  cablebase trends 'tag:PTER' --split origin --top 4 --format csv > pter-posts.csv
  cablebase trends '"nuclear program"' --format json | jq '.series[0].counts'
"""


def _percent(x: float) -> str:
    return f"{x:.2%}" if x else "0"


def trends_table(result: dict[str, Any]) -> Table:
    """A row per period of the span (the archive's periods between the first and the last counted cable), a
    column of all cables and one per series: counts, or shares with ``--share``."""
    by, share, series = result["by"], result["share"], result["series"]
    what = "share of all cables" if share else "cables"
    split = f", split by {result['split_by']}" if result["split_by"] else ""
    of = series[0]["query"] if result["split_by"] else None
    title = f"{what} per {by}" + (f" matching {of!r}" if of else "") + split
    t = Table(title=title, title_justify="left", title_style="bold", box=None, collapse_padding=True,
              pad_edge=False, header_style="dim")
    t.add_column(by, no_wrap=True)
    t.add_column("all cables", justify="right", no_wrap=True)
    for s in series:
        t.add_column(trending.label(s), justify="right", overflow="fold")
    for p in trending.span(result):
        cells = [_percent(s["shares"][p]) if share else f"{s['counts'][p]:,}" for s in series]
        t.add_row(p, f"{series[0]['totals'][p]:,}", *cells)
    return t


def cmd_trends(args: argparse.Namespace) -> int:
    r = Archive(args.db).trends(args.queries, by=args.by, share=args.share, split=args.split, top=args.top)
    if args.format == "json":
        write_stdout(orjson.dumps(r, option=orjson.OPT_INDENT_2) + b"\n")
    elif args.format == "csv":
        write_stdout("".join(trending.csv_lines(r)).encode())
    else:
        out = Console(highlight=False)
        if trending.span(r):
            out.print(trends_table(r))
        else:
            out.print(Text("no dated cable matches " + ("this query" if len(args.queries) == 1 else "these queries")))
        for note in r["notes"]:
            out.print(Text(note, style="dim"))
    return 0


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from cablebase.cli_analysis import _positive

    s = sub.add_parser("trends", help="each query's cables per month or year, beside all cables of the period",
                       description="Count the cables each QUERY matches per month or year, beside all the "
                                   "archive's cables of the period.",
                       epilog=TRENDS_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("queries", nargs="+", metavar="QUERY",
                   help=f"in the query language of `cablebase search`; up to {trending.MAX_QUERIES}, one series each")
    s.add_argument("--db", default=DEFAULT_DB, metavar="DIR", help=f"archive directory (default {DEFAULT_DB})")
    s.add_argument("--by", choices=trending.BYS, default="month", help="the period (default month)")
    s.add_argument("--share", action="store_true", help="each count divided by all cables of its period")
    s.add_argument("--split", choices=trending.SPLITS, metavar="FACET",
                   help=f"one series per value of FACET ({', '.join(trending.SPLITS)}) for one query")
    s.add_argument("--top", type=_positive, default=trending.TOP, metavar="N",
                   help=f"with --split: the N values with the most cables (default {trending.TOP}, at most "
                        f"{trending.MAX_TOP})")
    s.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="table (default), csv (period, query, split, count, total[, share]: a row per series "
                        "and period) or json ({by, share, split_by, series, notes})")
    s.set_defaults(func=cmd_trends)
