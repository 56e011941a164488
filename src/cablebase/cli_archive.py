"""The archive commands of ``cablebase``: ingest, search, show, refs, export, stats."""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from rich.console import Console

from cablebase.archive import Archive, compact_advice, export, faults, rebuild_advice
from cablebase.archive.export import csv_chunks, jsonl_chunks, parquet_chunks
from cablebase.archive.index import index_shape
from cablebase.cli_output import print_search, stats_lines
from cablebase.errors import CablebaseError
from cablebase.model import iso_date

DEFAULT_DB = "./cablebase-data"
err = Console(stderr=True, highlight=False)


@contextmanager
def progress_bar(stages: dict[str, tuple[str, str]],
                 default: tuple[str, str]) -> Iterator[Callable[[int, int, str], None]]:
    """A progress bar on the terminal (none when stderr is not one) and the callback that moves it: a
    long run calls it with ``(done, total, what)``, and ``stages`` names each ``what`` and its unit
    (``default`` for the others), each stage's rate counted from its own start."""
    import time

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                  TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task(default[0], total=None, rate="")
        stage: dict[str, Any] = {"name": default[0], "since": time.monotonic()}

        def progress(done: int, total: int, what: str) -> None:
            name, unit = stages.get(what, default)
            if name != stage["name"]:
                stage.update(name=name, since=time.monotonic())
            elapsed = max(time.monotonic() - stage["since"], 1e-6)
            bar.update(task, description=name, completed=done, total=total, rate=f"{done / elapsed:.0f} {unit}")

        yield progress


def write_stdout(data: bytes) -> None:
    sys.stdout.buffer.write(data)


def cmd_ingest(args: argparse.Namespace) -> int:
    import time

    from cablebase.archive.ingest import REINDEXING
    from cablebase.archive.redecode import REDECODING

    t = time.monotonic()
    stages = {REINDEXING: ("re-indexing", "records/s"), REDECODING: ("decoding again", "records/s")}
    with progress_bar(stages, ("ingesting", "files/s")) as progress:
        s = Archive(args.db).ingest(args.paths, jobs=args.jobs, progress=progress, rebuild_index=args.rebuild_index)
    dt = time.monotonic() - t
    print(f"{s.files} files in {dt:.1f} s: {s.files_ingested} read, {s.files_unchanged} unchanged (already in the "
          f"archive); cables: {s.cables_new} new, {s.cables_versions} new versions, {s.cables_unchanged} unchanged"
          + (f"; {s.redecoded} changed on decoding the stored records again (made by an older cablebase)"
             if s.redecoded else "")
          + (f"; {s.reindexed} re-indexed from the stored records" if s.reindexed else ""))
    if s.skipped:
        print(f"{len(s.skipped)} skipped (not cable files): " + ", ".join(p for p, _ in s.skipped[:10])
              + (" ..." if len(s.skipped) > 10 else ""))
    for f in s.failed:
        err.print(f"[red]failed[/red] {f}", markup=True)
    _, deleted = index_shape(Path(args.db) / "index")
    if advice := rebuild_advice(args.db, deleted):
        print(f"{deleted:.0%} of the search index is documents deleted by updates; {advice}")
    archive = Archive(args.db)
    free = archive.free_space()
    if args.compact:
        with err.status(f"compacting {Path(args.db) / 'cables.sqlite'} ({free:.0%} free space) ..."):
            try:
                before, after = archive.compact()
            except Exception as exc:
                if not faults.disk_full(exc):
                    raise
                size = (Path(args.db) / "cables.sqlite").stat().st_size
                raise CablebaseError(f"not enough free disk to compact {Path(args.db) / 'cables.sqlite'}: it needs "
                                     f"about as much free space as the file takes ({size / 1e6:,.0f} MB) for a "
                                     "while. The archive is unchanged") from None
        print(f"cables.sqlite compacted: {before / 1e6:,.1f} MB -> {after / 1e6:,.1f} MB")
    elif advice := compact_advice(args.db, free):
        print(f"{free:.0%} of cables.sqlite is free space (left by records replaced or stored more compactly); "
              f"{advice}")
    return 1 if s.failed and args.strict else 0


def cmd_search(args: argparse.Namespace) -> int:
    r = Archive(args.db).search(args.query, sort=args.sort, limit=args.limit, cursor=args.cursor)
    if args.json:
        write_stdout(orjson.dumps(r.to_dict(), option=orjson.OPT_INDENT_2) + b"\n")  # the shape of /api/search
        return 0
    print_search(Console(highlight=False), r, args.query)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    a = Archive(args.db)
    if args.versions:
        for v in a.versions(args.id):
            s = v.cable.provenance
            print(f"v{v.version}  {s.format}  {s.path} {s.locator} {s.version_label or ''}".rstrip())
        return 0
    if args.diff:
        text = a.diff(args.id)
        print(text or "only one version")
        return 0
    rec = a.get(args.id)
    c = rec.cable
    if args.raw:
        sys.stdout.write(c.raw)
        return 0
    if args.json:
        write_stdout(orjson.dumps(rec.to_dict(), option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    print(f"{rec.id}  {iso_date(c.date) or ''}  {c.origin or ''}  {c.classification or ''}")
    print(f"SUBJECT: {c.subject or ''}")
    print(f"TAGS: {' '.join(t.code for t in c.tags)}")
    for p in c.paragraphs:
        num = f"{p.number}. " if p.number is not None else ""
        mark = f"({p.marking}) " if p.marking else ""
        print(f"\n{num}{mark}{p.text}")
    if c.signers:
        print("\n" + " / ".join(c.signers))
    return 0


def cmd_refs(args: argparse.Namespace) -> int:
    r = Archive(args.db).refs(args.id)
    if args.json:
        write_stdout(orjson.dumps(r, option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    print(f"{r['id']} cites:")
    for c in r["cites"]:
        target = c["id"] or f"[{c['kind']}]"
        status = f"  ({c['status']})" if c.get("status") else ""
        print(f"  {c['letter'] or '-'}. {target}{status}   {c['text']}")
    print(f"{r['id']} is cited by:")
    for c in r["cited_by"]:
        print(f"  {c['id']}   ({c['text']})")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    a = Archive(args.db)
    # the records' JSON form, as stored: no typed record is built (see cablebase.archive.export)
    docs = a.iter_json(args.query)
    if args.format == "jsonl":
        chunks: Iterator[bytes] = jsonl_chunks(docs, raw=args.raw)
    elif args.format == "csv":
        chunks = (text.encode("utf-8") for text in csv_chunks(export.json_records(docs)))
    else:
        if not args.output:
            raise CablebaseError("parquet export needs --output FILE")
        chunks = parquet_chunks(export.json_records(docs))
    if not args.output:
        for chunk in chunks:
            write_stdout(chunk)
        return 0
    write_file(args.output, chunks)
    return 0


def write_file(path: str, chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` to ``path``, which is opened only once the first chunk is made: a query the archive
    refuses leaves a file of that name as it was. A fault writing (a full disk, no such folder) is one line
    naming the file; a fault reading the archive is said as itself."""
    chunks = iter(chunks)
    first = next(chunks, b"")
    try:
        fh = open(path, "wb")  # noqa: SIM115 (closed below; the open and each write say their own fault)
    except OSError as exc:
        raise CablebaseError(f"cannot write {path}: {exc.strerror or exc}") from None
    with fh:
        for chunk in itertools.chain((first,), chunks):
            try:
                fh.write(chunk)
            except OSError as exc:
                raise CablebaseError(f"cannot write {path}: {exc.strerror or exc}") from None


def cmd_stats(args: argparse.Namespace) -> int:
    s = Archive(args.db).stats()
    if args.json:
        write_stdout(orjson.dumps(s, option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    _, deleted = index_shape(Path(args.db) / "index")
    for line in stats_lines(s, deleted):
        print(line)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import socket

    from cablebase.web import create_app, serve

    cors = [o.rstrip("/") for o in args.cors]
    # a missing archive or stale index is one clear line, before the server starts
    app = create_app(args.db, cors=cors)
    try:
        with socket.create_server((args.host, args.port)):
            pass
    except OSError as exc:
        raise CablebaseError(f"cannot listen on {args.host}:{args.port} ({exc.strerror}); choose another port "
                             f"with --port") from None
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"cablebase reading room: http://{shown}:{args.port}/   (API docs: http://{shown}:{args.port}/docs; "
          f"Ctrl-C to stop)", flush=True)
    serve(args.db, host=args.host, port=args.port, workers=args.workers, app=app if args.workers == 1 else None,
          cors=cors, read_ahead=not args.no_read_ahead)
    return 0


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    def db(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", default=DEFAULT_DB, metavar="DIR", help=f"archive directory (default {DEFAULT_DB})")

    s = sub.add_parser("ingest", help="parse files into an archive (incremental, crash-safe)",
                       description="Parse PATHs on all cores into the archive. Files already ingested (same "
                                   "sha256) are skipped; a cable seen again with different text becomes a new "
                                   "version. Records made by an older cablebase are decoded again from the "
                                   "raw text they keep. Safe to interrupt and run again.")
    s.add_argument("paths", nargs="*", metavar="PATH",
                   help="files or directories (none: only bring the stored records and the search index "
                        "up to date)")
    db(s)
    s.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: all cores)")
    s.add_argument("--strict", action="store_true", help="exit with status 1 if a file failed")
    s.add_argument("--rebuild-index", action="store_true",
                   help="make the search index again from the stored records: compact, without the deleted "
                        "documents many updates leave behind (`cablebase stats` says when it helps)")
    s.add_argument("--compact", action="store_true",
                   help="then give the free space in cables.sqlite back to the disk (SQLite's VACUUM: needs the "
                        "archive to itself, and for a while as much free disk as the file takes)")
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser("search", help="search the archive (see docs/query-language.md)",
                       description="Search with the query language: words, \"phrases\"~N, AND/OR/NOT/-, "
                                   "prefix*, fuzzy~1, =exact, fields (subject: tag: origin: from: to: class: "
                                   "caveat: signer: ref: id:) and date:[2007-01 TO 2007-06].")
    s.add_argument("query")
    db(s)
    s.add_argument("--sort", choices=["relevance", "date", "date-asc"], default="relevance")
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--cursor", help="continue after a previous page (printed at the end of a page)")
    s.add_argument("--json", action="store_true", help="print {total, hits, facets, histogram} as JSON")
    s.set_defaults(func=cmd_search)

    s = sub.add_parser("show", help="show one cable")
    s.add_argument("id")
    db(s)
    g = s.add_mutually_exclusive_group()
    g.add_argument("--raw", action="store_true", help="the source text exactly as read")
    g.add_argument("--json", action="store_true", help="the full decoded record")
    g.add_argument("--versions", action="store_true", help="every version with its provenance")
    g.add_argument("--diff", action="store_true", help="diff of the last two versions")
    s.set_defaults(func=cmd_show)

    s = sub.add_parser("refs", help="references of a cable, both ways")
    s.add_argument("id")
    db(s)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_refs)

    s = sub.add_parser("export", help="stream every cable matching a query (no cap)")
    s.add_argument("query")
    db(s)
    s.add_argument("--format", choices=["jsonl", "csv", "parquet"], default="jsonl")
    s.add_argument("--output", "-o", help="output file (required for parquet; default stdout)")
    s.add_argument("--raw", action="store_true", help="include the raw source text (jsonl)")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("serve", help="serve the archive as a reading room and JSON API",
                       description="Serve the archive read-only: search page with facets and timeline, cable "
                                   "pages, browse pages, and a JSON API described at /openapi.json and /docs. "
                                   "Bound to 127.0.0.1 unless --host says otherwise.")
    db(s)
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    s.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    s.add_argument("--workers", type=int, default=1, help="server processes (default 1; use the core count under load)")
    s.add_argument("--cors", action="append", default=[], metavar="ORIGIN",
                   help="let pages from ORIGIN (e.g. http://localhost:3000; * for any) read the API from a "
                        "browser; repeatable. Off by default, so that other sites you visit cannot read the "
                        "archive")
    s.add_argument("--no-read-ahead", action="store_true",
                   help="do not bring the archive's files into the operating system's cache at start (by default "
                        "they are read in the background, up to half the free memory, so that the first pages "
                        "need no disk reads)")
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("stats", help="archive statistics (records, versions, share of REF items resolved)")
    db(s)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)
