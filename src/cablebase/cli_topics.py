"""``cablebase topics``: list the archive's topics, fit them (``build``), look at one (``show``), name one
(``label``). See :mod:`cablebase.analysis.topics`."""

from __future__ import annotations

import argparse
import time
from typing import Any

import orjson
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cablebase.archive import Archive
from cablebase.archive import topics as topic_build
from cablebase.cli_archive import DEFAULT_DB, err, progress_bar, write_stdout

TOPICS_HELP = """\
A topic is a set of words that occur together in the cables' subjects and reading texts, found by a topic
model (NMF on TF-IDF, scikit-learn) fitted on the archive itself: nobody chose them, and they are not the
TAGS the drafters chose. Each cable gets its one to three heaviest topics. A topic is known by its number
and, until someone names it, by its top words.

  cablebase topics                      every topic: number, cables, label, top words
  cablebase topics build [--k 40]       fit the model and give every cable its topics (again: a refit)
  cablebase topics show 7               one topic: words, representative cables, posts, TAGS, trend
  cablebase topics label 7 "Iran nuclear file"    name a topic ("" gives back its top words)

Search a topic with `topic:7` or `topic:"iran nuclear"` (the topics whose label or top words hold those
words); `topic` is also a facet of every search and a --split of `cablebase trends`. Cables ingested
after a build get topics from the stored model; a refit gives every cable its topics anew (names are kept
for the topics the new model finds again).

examples:
  cablebase topics build --k 40
  cablebase topics --json | jq '.[] | select(.size > 100) | .label'
  cablebase search 'topic:"nuclear" origin:vienna'
  cablebase trends 'topic:7' 'topic:12' --by year --share
"""


def topics_table(topics: list[dict[str, Any]]) -> Table:
    t = Table(box=None, collapse_padding=True, pad_edge=False, header_style="dim")
    t.add_column("topic", justify="right", no_wrap=True)
    t.add_column("cables", justify="right", no_wrap=True)
    t.add_column("label", overflow="fold")
    t.add_column("top words", overflow="fold", style="dim")
    for topic in topics:
        label = Text(topic["label"], style="bold" if topic["named"] else "")
        t.add_row(str(topic["id"]), f"{topic['size']:,}", label, " ".join(w for w, _ in topic["words"]))
    return t


def cmd_topics(args: argparse.Namespace) -> int:
    topics = Archive(args.db).topics()
    if args.json:
        write_stdout(orjson.dumps(topics, option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    if not topics:
        print("no topic model in this archive yet: make one with `cablebase topics build`")
        return 0
    Console(highlight=False).print(topics_table(topics))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    stages = {topic_build.READING: ("reading the sample", "cables/s"), topic_build.FITTING: ("fitting", ""),
              topic_build.GIVING: ("giving topics", "cables/s")}
    start = time.monotonic()
    with progress_bar(stages, ("re-indexing", "records/s")) as progress:
        s = Archive(args.db).build_topics(k=args.k, sample=args.sample, jobs=args.jobs, progress=progress)
    kept = f"; {s.labels_kept} names kept from the model before" if s.labels_kept else ""
    print(f"{s.k} topics fitted on {s.fitted_on:,} cables ({s.iterations} iterations) in "
          f"{time.monotonic() - start:.1f} s; {s.cables:,} cables given topics, {s.without_text:,} without a "
          f"reading text have none; {s.reindexed:,} re-indexed; model {s.version}{kept}")
    print("took: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds, _ in s.stages))
    print("list them with `cablebase topics`, name one with `cablebase topics label N \"...\"`")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    t = Archive(args.db).topic(args.number)
    if args.json:
        write_stdout(orjson.dumps(t, option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    out = Console(highlight=False)
    out.print(Text(f"topic {t['id']}: {t['label']}", style="bold"), Text(f"  {t['size']:,} cables", style="dim"))
    out.print(Text("words: ", style="dim") + Text(", ".join(f"{w} {x:.3f}" for w, x in t["words"])))
    out.print(Text("posts: ", style="dim") + Text(", ".join(f"{v} {n:,}" for v, n in t["posts"]) or "-"))
    out.print(Text("TAGS:  ", style="dim") + Text(", ".join(f"{v} {n:,}" for v, n in t["tags"]) or "-"))
    trend = t["trend"]
    years = [f"{y} {s:.1%}" for y, s in trend["shares"].items() if trend["counts"][y]]
    out.print(Text("share of each year's cables: ", style="dim") + Text(", ".join(years) or "-"))
    cables = Table(title="representative cables (heaviest in the topic)", title_justify="left", box=None,
                   collapse_padding=True, pad_edge=False, header_style="dim")
    for name in ("weight", "id", "date", "origin", "subject"):
        cables.add_column(name, overflow="fold", no_wrap=name != "subject")
    for c in t["cables"]:
        cables.add_row(f"{c['weight']:.2f}", c["id"], c["date"] or "", c["origin"] or "", c["subject"] or "")
    out.print(cables)
    return 0


def cmd_label(args: argparse.Namespace) -> int:
    t = Archive(args.db).label_topic(args.number, args.label)
    err.print(f"topic {t['id']} is now {t['label']!r}" + ("" if t["named"] else " (its top words)"))
    return 0


def _topic_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"a topic number is 1 or more, not {text!r}")
    return int(text)


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from cablebase.cli_analysis import _positive

    # (an action's --db leaves the one given before the action alone: argparse would put back its default)
    db: dict[str, Any] = {"default": argparse.SUPPRESS, "metavar": "DIR",
                          "help": f"archive directory (default {DEFAULT_DB})"}
    s = sub.add_parser("topics", help="the archive's topics: list, build (fit), show, label",
                       description="List the topics of the archive's topic model, or build, show or name them.",
                       epilog=TOPICS_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("--db", default=DEFAULT_DB, metavar="DIR", help=f"archive directory (default {DEFAULT_DB})")
    s.add_argument("--json", action="store_true", help='[{"id", "label", "named", "size", "words"}]')
    s.set_defaults(func=cmd_topics)
    actions = s.add_subparsers(metavar="ACTION")

    b = actions.add_parser("build", help="fit the topic model and give every cable its topics",
                           description="Fit the topic model on the archive and give every cable its topics "
                                       "(again: a refit, and every cable's topics follow).")
    b.add_argument("--db", **db)
    b.add_argument("--k", type=_positive, default=40, help="number of topics (default 40)")
    b.add_argument("--sample", type=_positive, default=topic_build.SAMPLE, metavar="N",
                   help=f"fit on a fixed sample of N cables (default {topic_build.SAMPLE:,}); every cable gets topics")
    b.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: all cores)")
    b.set_defaults(func=cmd_build)

    w = actions.add_parser("show", help="one topic: words, representative cables, posts, TAGS, trend")
    w.add_argument("number", type=_topic_number, metavar="N")
    w.add_argument("--db", **db)
    w.add_argument("--json", action="store_true", help="the topic as JSON (as /api/topics/N gives it)")
    w.set_defaults(func=cmd_show)

    label = actions.add_parser("label", help="name a topic (\"\" gives it back its top words)")
    label.add_argument("number", type=_topic_number, metavar="N")
    label.add_argument("label", metavar="LABEL")
    label.add_argument("--db", **db)
    label.set_defaults(func=cmd_label)
