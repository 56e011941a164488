"""Scale: an archive of N cables with the shape of the real mix, ingested, re-run and searched (issue 23).

The 1970s State Department telegrams that NARA publishes (2-3 million) dwarf Cablegate (251,287), so the
input is **7 telegrams in 8** and **1 Cablegate-like cable in 8**: at 2,000,000 cables that is 1,750,000
telegrams beside 250,000 Cablegate cables, the load issue 23 describes, and the share is the same at every
N so that runs at different sizes compare.

- Telegrams: dated 1973-1979, short (a few hundred words: the NARA pages of the corpus count 943-1,888
  characters), made from the cables of the corpus's ``plusd-nara-html`` (PlusD NARA pages and History Lab
  rows), ``plusd-print`` (print PDFs) and ``text-export`` (exports of other tools, some on one line) folders,
  a third from each folder so that the 8 NARA-layout cables weigh as much as the 321 exported ones. 40%
  come from the Department (the corpus's 1973STATE097844 is of 22 May: some 240,000 STATE telegrams a
  year), the rest from the posts as Cablegate has them.
- Cablegate-like: ``benchmarks/search.py``'s cables (its :func:`search.variant` of the WikiLeaks pages and
  cables.csv rows), full length, dated with Cablegate's own spread of years (from the id list, 1973-2010).

Each cable gets, deterministically: a real post (the posts of Cablegate's ids, as often as Cablegate has
them), a date, a serial that rises with the date within its post-year (a sorted sample of the year's
series, as an archive holds one: the analysis layer's serial estimates then make sense), a canonical id
built from those, TAGS from ``tags.csv`` and shuffled paragraphs. The template's header lines (DTG, FM, DE,
classification line, PAGE lines, TAGS) are rewritten so that the decoder, which believes the text before
the container, reads the new post, date and TAGS. The input is cables.csv-style files of
:data:`CABLES_PER_FILE` cables, below ingest's ``LARGE_STREAM``: each file is one task read and decoded by a
worker, so that ingest, not one process reading a single huge file, is measured.

Prints ingest time and rate, peak resident memory of the ingest's main process and largest worker (each
process's ``VmHWM``, polled; the ingest runs in a process of its own. ``getrusage`` is printed beside it but
misleads: the workers are the fork server's children, which ``RUSAGE_CHILDREN``, what ``search.py`` reads,
never counts, and Linux carries ``RUSAGE_SELF`` over from the parent's size at the fork), disk use over
cable text, a re-run with no new files, and p50/p99 of the query mix (top 20, facets over every match, month histogram) warm and cold: cold is the
first query in a new process, once with the archive's files in the operating system's cache and once with
them dropped from it (``posix_fadvise``). The last line is every figure as one JSON object (``--json FILE``
appends it to FILE too), so that runs at different N can be put side by side. The query mix repeats a few
hundred templates, as ``search.py``'s does: the vocabulary is smaller than a real archive's.

    python benchmarks/scale.py N [WORKDIR] [--keep] [--only-query] [--json FILE]
"""

from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import json
import math
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from procwatch import Watch, disk_bytes
from search import CORPUS, MONTHS, dump_writer, pct, sources, variant

from cablebase import reference
from cablebase.archive import Archive
from cablebase.archive.ingest import LARGE_STREAM
from cablebase.decode.ids import canonical_id, full_year, make_id
from cablebase.readers import Document, iter_files, read_documents

CABLEGATE_EVERY = 8  # one cable in 8 is Cablegate-like, the other 7 are 1970s telegrams
TELEGRAM_FOLDERS = ("plusd-nara-html", "plusd-print", "text-export")
TELEGRAM_YEARS = range(1973, 1980)
CABLES_PER_FILE = 2_000  # about 7 MB a file: under LARGE_STREAM (20 MB), so each file is one worker's task
# The Department's own telegrams are a large part of the 1970s ones (1973STATE097844 is of 22 May), against 3%
# of Cablegate: this share of the telegrams come from it, the rest follow Cablegate's posts.
STATE_SHARE = 0.4
SERIES_SHARE = 0.5  # the share of a post-year's serial series the archive holds
SEED = 23

# Bytes a cable takes on disk (allocated blocks), measured with this script at N = 20,000 and 60,000 on
# 2026-12-07 and rounded up from the larger: the input files (3,205 / 3,211), cables.sqlite (4,666 / 4,680),
# index/ after the ingest (3,942 / 3,753) and the archive's peak during the ingest (8,968 / 8,926, polled).
# A merge of the largest index segments writes the merged one before the old ones go, so at larger N the
# check allows for the index twice over as well.
BYTES_PER_CABLE = {"input": 3_300, "sqlite": 4_700, "index": 4_000, "peak": 9_000}
MARGIN = 1.25  # room above the estimate, for other files written meanwhile

QUERIES = {
    "common term": "government",
    "rare term": "guantanamo",
    "phrase": '"foreign minister"',
    "boolean + field": "subject:iran AND nuclear",
    "date range": "security date:[1975-01 TO 1975-12]",
    "facet-heavy filter": 'tag:PREL origin:"Secretary of State"',
}
WARM_ROUNDS = 50  # each query this many times, round by round, after one pass

# -- the cables ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Post:
    """A post as its cables name it: the id's station, the classification line's, the FM address, the DE
    line's routing indicator."""

    name: str
    station: str
    line: str
    fm: str
    ri: str | None


def posts() -> tuple[list[Post], list[int]]:
    """Cablegate's posts and how many cables each has there (the weights), for every post whose id station
    reads back as itself."""
    counts: dict[str, int] = {}
    for ident in reference.cablegate_universe():
        m = re.match(r"^\d{2}([A-Z]+?)\d+$", ident)
        if m:
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    spellings: dict[str, list[str]] = {}
    with open(Path(reference.__file__).parent / "data" / "station_variants.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            spellings.setdefault(row["canonical_post"], []).append(row["variant"])
    out, weights = [], []
    for name, station in sorted(reference.id_stations().items()):
        if canonical_id(make_id(1975, station, 123))[0] != make_id(1975, station, 123) or station not in counts:
            continue
        names = [v for v in spellings.get(name, []) if reference.station_post(v) == name and v.isupper()]
        line = min((v for v in names if reference.station_key(v) == station and "," not in v),
                   key=lambda v: (-v.count(" "), len(v)), default=station)
        fm = min((v for v in names if v.startswith(("AMEMBASSY ", "AMCONSUL ", "USMISSION ", "SECSTATE "))),
                 key=len, default=line)
        route = reference.post_routes().get(name)
        out.append(Post(name, station, line, fm, route.ri if route else None))
        weights.append(counts[station])
    return out, weights


def tag_pools() -> tuple[list[str], list[float], list[str]]:
    """Subject TAGS with falling weights (the common ones of real cables first), and the geographic ones."""
    table = reference.tag_table()
    common = ["PREL", "PGOV", "ECON", "ETRD", "MARR", "PINR", "EFIN", "PHUM", "EAID", "OVIP", "ENRG", "PTER"]
    subject = [c for c in common if c in table]
    subject += sorted(c for c, t in table.items() if t.kind == "subject" and c not in subject)
    geographic = sorted(c for c, t in table.items() if t.kind == "geographic" and len(c) == 2)
    return subject, [1 / (i + 1) for i in range(len(subject))], geographic


@dataclass(frozen=True)
class Template:
    """A cable's text cut at its numbered paragraphs: the header, the paragraphs and what joined them."""

    header: str
    paragraphs: list[str]
    sep: str


# A numbered paragraph's start: after a blank line, a line end (print exports) or two spaces (one-line exports)
PARAGRAPH = re.compile(r"(?:\n[ \t]*\n|\n|[ \t]{2,})(?=[ \t]*¶?[ \t]*\d{1,2}\.[ \t])")


def template(text: str) -> Template:
    header, *paragraphs = PARAGRAPH.split(text.strip("\n"))
    return Template(header, paragraphs, "\n\n" if "\n" in text.strip() else "  ")


def telegram_templates() -> list[list[Template]]:
    """The cables of each telegram folder of the corpus, as templates (one list a folder)."""
    out = []
    for folder in TELEGRAM_FOLDERS:
        docs = (d for f in iter_files([CORPUS / folder]) for d in read_documents(str(f)))
        out.append([template(d.text) for d in docs if isinstance(d, Document) and len(d.text.strip()) >= 150])
    return out


@dataclass(frozen=True)
class Plan:
    """Every cable's kind, post, time and serial (columns, so that 2 million cables stay small)."""

    cablegate: list[bool]
    post: list[int]
    minute: list[int]  # minutes since 1970-01-01, UTC
    serial: list[int]


EPOCH = datetime(1970, 1, 1)


def plan(n: int, post_list: list[Post], weights: list[int]) -> Plan:
    """Kinds, posts and times drawn deterministically; then each post-year's serials: a sorted sample of a
    series 1 / SERIES_SHARE times longer than what the archive holds, given out in date order."""
    rng = random.Random(SEED)
    years: dict[int, int] = {}
    for ident in reference.cablegate_universe():
        if ident[:2].isdigit() and (year := full_year(int(ident[:2]))) >= TELEGRAM_YEARS.start:
            years[year] = years.get(year, 0) + 1
    cg_years, cg_cum = list(years), list(itertools.accumulate(years.values()))
    post_cum = list(itertools.accumulate(weights))
    state = next(i for i, p in enumerate(post_list) if p.station == "STATE")
    cablegate = [k % CABLEGATE_EVERY == 0 for k in range(n)]
    post, year_of, minute = [], [], []
    for cg in cablegate:
        if not cg and rng.random() < STATE_SHARE:
            post.append(state)
        else:
            post.append(bisect.bisect(post_cum, rng.random() * post_cum[-1]))
        year = cg_years[bisect.bisect(cg_cum, rng.random() * cg_cum[-1])] if cg else rng.choice(TELEGRAM_YEARS)
        start = datetime(year, 1, 1)
        year_of.append(year)
        minute.append(int((start - EPOCH).total_seconds()) // 60 +
                      rng.randrange((datetime(year + 1, 1, 1) - start).days * 1440))
    serial = [0] * n
    groups: dict[tuple[int, int], list[int]] = {}
    for k in range(n):
        groups.setdefault((post[k], year_of[k]), []).append(k)
    for (p, year), members in groups.items():
        members.sort(key=minute.__getitem__)
        series = random.Random(f"{SEED} {p} {year}").sample(range(1, math.ceil(len(members) / SERIES_SHARE) + 1),
                                                             len(members))
        for k, number in zip(members, sorted(series), strict=True):
            serial[k] = number
    return Plan(cablegate, post, minute, serial)


DTG_ANY = re.compile(r"\b\d{2} ?\d{4} ?Z ?[A-Z]{3} ?\d{2}\b", re.I)
FM_LINE = re.compile(r"^([ \t]*FM[ \t]+)\S[^\n]*", re.M)
DE_LINE = re.compile(r"^([ \t]*DE[ \t]+)RU[A-Z]{3,5}([ \t]+#)\d+(?:[ \t]+\d{7}\b)?", re.M)
CLASS_LINE = re.compile(r"(?<![A-Z])(LIMITED OFFICIAL USE|UNCLASSIFIED|UNCLAS|C O N F I D E N T I A L|CONFIDENTIAL|"
                        r"S E C R E T|SECRET)([ \t]+(?:SECTION[ \t]+\d+[ \t]+OF[ \t]+\d+[ \t]+)?)"
                        r"[A-Z][A-Z.' ]*?[ \t]+\d{1,6}(?!\d)", re.I)
PAGE_LINE = re.compile(r"\b(PAGE[ \t]+\d{2}[ \t]+)[A-Z][A-Z ]*?([ \t]+)\d{5,6}\b(?:[ \t]+\d{6}Z)?")
# the TAGS line, and in print exports the codes that follow it one a line
TAGS_LINE = re.compile(r"\b(TAGS?:[ \t]*)[^\n]*?(?=SUBJ|\n|$)((?:\n[ \t]*(?:[A-Z]{2,5}[ \t]*)?(?=\n))*)", re.I)
DAY_LINE = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2}")  # WikiLeaks
# a section's header inside the text ("CARACAS 00002200  002 OF 002"), at a line's start or after two spaces
SECTION_HEADER = re.compile(r"(?:^|(?<=  ))[A-Z][A-Z.' ]*?([ \t]+)\d{8}(?=[ \t]+\d{3}(?:\.\d)?[ \t]+OF[ \t]+\d{3})", re.M)
SUBJECT_LINE = re.compile(r"^[ \t]*SUBJ(?:ECT)?:", re.M | re.I)
REFS = re.compile(r"REFS?\b")
REF_YEAR = re.compile(r"\b(?:19|20)?\d{2}(?=[ \t]+[A-Z][A-Z ]*?[ \t]+\d)")  # "09 STATE 96625", "2008 BAKU 917"


def restamp(head: str, body: str, post: Post, when: datetime, serial: int, tags: list[str]) -> str:
    """A cable's text with the new post, date, serial and TAGS in its header lines (``head``: the text up
    to the first numbered paragraph) and in the PAGE lines of the whole text. The REF line's years become
    the cable's own: a cable that cites a later one has its date's year corrected by the decoder."""
    dtg = f"{when:%d%H%M}Z {MONTHS[when.month - 1]} {when:%y}"
    head = DTG_ANY.sub(dtg, head, count=1)
    head = DAY_LINE.sub(f"{when:%A, %d %B %Y, %H:%M}", head, count=1)
    head = FM_LINE.sub(lambda m: m.group(1) + post.fm, head, count=1)
    if post.ri:
        head = DE_LINE.sub(lambda m: f"{m.group(1)}{post.ri}{m.group(2)}{serial % 10000:04d} "
                                     f"{when:%j%H%M}", head, count=1)
    head = CLASS_LINE.sub(lambda m: f"{m.group(1)}{m.group(2)}{post.line} {serial:06d}", head, count=1)
    head, found = TAGS_LINE.subn(lambda m: m.group(1) + ", ".join(tags) + re.sub(r"[A-Z]", "", m.group(2), flags=re.I),
                                head, count=1)
    if not found:  # (History Lab rows keep TAGS in a column of their own; a telegram has them)
        subject = SUBJECT_LINE.search(head)
        at = subject.start() if subject else len(head)
        head = f"{head[:at]}TAGS: {', '.join(tags)}\n{head[at:]}"
    if refs := REFS.search(head):
        head = head[:refs.end()] + REF_YEAR.sub(lambda m: f"{when:%Y}"[-len(m.group()):], head[refs.end():])
    text = PAGE_LINE.sub(lambda m: f"{m.group(1)}{post.line}{m.group(2)}{serial:05d} {dtg[:7]}", head + body)
    return SECTION_HEADER.sub(lambda m: f"{post.line}{m.group(1)}{serial:08d}", text)


def telegram(t: Template, rng: random.Random) -> str:
    """A short telegram's paragraphs from a template: shuffled, up to a few hundred words with the header."""
    target = min(6_000, max(500, rng.lognormvariate(math.log(1_700), 0.5))) - len(t.header)
    paragraphs = t.paragraphs[:]
    rng.shuffle(paragraphs)
    body = ""
    for p in paragraphs:
        body += t.sep + p
        if len(body) >= target:
            break
    return body


def write_input(n: int, folder: Path) -> int:
    """The N cables as cables.csv-style files of CABLES_PER_FILE cables; returns the bytes of cable text."""
    post_list, weights = posts()
    subject, subject_weights, geographic = tag_pools()
    telegrams, cablegate = telegram_templates(), sources()
    p = plan(n, post_list, weights)
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    for first in range(0, n, CABLES_PER_FILE):
        with open(folder / f"cables-{first // CABLES_PER_FILE:05d}.csv", "w", encoding="utf-8", newline="") as fh:
            w = dump_writer(fh)
            for k in range(first, min(n, first + CABLES_PER_FILE)):
                rng = random.Random(k)
                if p.cablegate[k]:
                    head, sep, rest = variant(cablegate[k // CABLEGATE_EVERY % len(cablegate)], k)[2].partition("\n\n1. ")
                    body = sep + rest
                else:
                    pool = telegrams[k % len(telegrams)]
                    t = pool[k // len(telegrams) % len(pool)]
                    head, body = t.header, telegram(t, rng)
                post, when = post_list[p.post[k]], EPOCH + timedelta(minutes=p.minute[k])
                tags = list(dict.fromkeys(rng.choices(subject, subject_weights, k=rng.randint(1, 3))))
                text = restamp(head, body, post, when, p.serial[k], [*tags, rng.choice(geographic)])
                size += len(text.encode())
                w.writerow([k + 1, f"{when.month}/{when.day}/{when.year} {when.hour}:{when.minute:02d}",
                            make_id(when.year, post.station, p.serial[k]), post.name, "", "", "", text + "\n"])
    return size


# -- measuring ----------------------------------------------------------------------------------------------


def needs(n: int) -> tuple[int, int, int]:
    """Disk a run of N cables needs, with the margin: (in all, the input files, the archive at its peak)."""
    b = BYTES_PER_CABLE
    inputs, archive = n * b["input"], n * max(b["peak"], b["sqlite"] + 2 * b["index"])
    return int(MARGIN * (inputs + archive)), inputs, archive


def ingest_stage(db: Path, inputs: Path) -> dict[str, Any]:
    """Ingest ``inputs`` into ``db`` (in a process of its own, so that its memory is the ingest's)."""
    watch = Watch(db)
    watch.start()
    t = time.perf_counter()
    summary = Archive(db).ingest([inputs])
    seconds = time.perf_counter() - t
    watch.stop()
    others = [mb for pid, mb in watch.peaks.items() if pid != os.getpid()]
    return {"seconds": seconds, "cables_new": summary.cables_new, "cables_unchanged": summary.cables_unchanged,
            "files_ingested": summary.files_ingested, "files_unchanged": summary.files_unchanged,
            "failed": len(summary.failed), "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            "rss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024,
            "hwm_main_mb": watch.peaks.get(os.getpid(), 0), "hwm_worker_mb": max(others, default=0),
            "anon_main_mb": watch.anon.get(os.getpid(), 0),
            "processes": len(watch.peaks), "peak_disk": watch.disk}


def evict(db: Path) -> None:
    """Drop the archive's files from the operating system's cache (pages no process has mapped), as after
    a reboot."""
    for root, _, files in os.walk(db):
        for name in files:
            fd = os.open(Path(root) / name, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def cold_stage(db: Path, query: str, drop: bool) -> dict[str, Any]:
    """The first query of a new process: opening the archive and the index, and the search with facets."""
    if drop:
        evict(db)
    t = time.perf_counter()
    result = Archive(db, facet_cache=0).search(query, limit=20)
    return {"ms": (time.perf_counter() - t) * 1000, "hits": result.total}


def stage(n: int, work: Path, *args: str) -> dict[str, Any]:
    """Run a stage of this script in a new Python process; its figures are the last line it prints."""
    out = subprocess.run([sys.executable, __file__, str(n), str(work), *args], check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def warm(db: Path) -> dict[str, dict[str, float]]:
    """p50 and p99 of each query, WARM_ROUNDS rounds of the whole mix after one pass, the facet cache off
    (every search counts its facets again)."""
    archive = Archive(db, facet_cache=0)
    hits = {name: archive.search(q, limit=20).total for name, q in QUERIES.items()}
    times: dict[str, list[float]] = {name: [] for name in QUERIES}
    for _ in range(WARM_ROUNDS):
        for name, q in QUERIES.items():
            t = time.perf_counter()
            archive.search(q, limit=20)
            times[name].append((time.perf_counter() - t) * 1000)
    archive.close()
    return {name: {"hits": hits[name], "p50": statistics.median(xs), "p99": pct(sorted(xs), 0.99)}
            for name, xs in times.items()}


# -- the run ------------------------------------------------------------------------------------------------


def gb(size: float) -> str:
    return f"{size / 1e9:.2f} GB" if size >= 1e9 else f"{size / 1e6:.0f} MB"


def build(n: int, work: Path) -> dict[str, Any]:
    """Input, ingest and re-run; the figures are kept in WORKDIR/run.json for a later --only-query."""
    db, inputs = work / "archive", work / "input"
    t = time.perf_counter()
    text_bytes = write_input(n, inputs)
    fig: dict[str, Any] = {"write_s": time.perf_counter() - t, "text_bytes": text_bytes,
                           "input_bytes": disk_bytes(inputs), "input_files": len(list(inputs.iterdir()))}
    if big := [f.name for f in inputs.iterdir() if f.stat().st_size >= LARGE_STREAM]:
        print(f"note: {len(big)} input files of {LARGE_STREAM // 2**20} MB or more, read by the main process, "
              "not by the workers: lower CABLES_PER_FILE")
    print(f"input: {n:,} cables in {fig['input_files']} files ({gb(fig['input_bytes'])}, {gb(text_bytes)} of cable "
          f"text) written in {fig['write_s']:.0f} s", flush=True)
    fig["ingest"] = stage(n, work, "--stage", "ingest")
    fig["sqlite_bytes"] = sum(disk_bytes(f) for f in db.glob("cables.sqlite*"))
    fig["index_bytes"] = disk_bytes(db / "index")
    fig["rerun"] = stage(n, work, "--stage", "ingest")
    (work / "run.json").write_text(json.dumps(fig))
    return fig


def report(n: int, fig: dict[str, Any]) -> None:
    ing, rerun, text = fig["ingest"], fig["rerun"], fig["text_bytes"]
    archive = fig["sqlite_bytes"] + fig["index_bytes"]
    cablegate = len(range(0, n, CABLEGATE_EVERY))
    print(f"\nN = {n:,} cables ({n - cablegate:,} telegrams, {cablegate:,} Cablegate-like); {os.cpu_count()} cores; "
          f"python {sys.version.split()[0]}; {time.strftime('%Y-%m-%d')}")
    rows = [
        ("input", f"{fig['input_files']} files, {gb(fig['input_bytes'])}; cable text {gb(text)} "
                  f"({text / n:,.0f} bytes a cable); written in {fig['write_s']:.0f} s"),
        ("ingest", f"{ing['seconds']:.1f} s = {ing['cables_new'] / ing['seconds']:,.0f} cables/s "
                   f"({ing['cables_new']:,} new, {ing['failed']} failed)"),
        ("memory (main)", f"{ing['hwm_main_mb']:,} MB (VmHWM); its own memory (RssAnon, not mapped files) at most "
                          f"{ing['anon_main_mb']:,} MB; getrusage {ing['rss_main_mb']:,} MB"),
        ("memory (worker)", f"largest {ing['hwm_worker_mb']:,} MB (VmHWM of {ing['processes'] - 1} processes below "
                            f"the main one); getrusage children {ing['rss_children_mb']:,} MB"),
        ("disk", f"cables.sqlite {gb(fig['sqlite_bytes'])} ({fig['sqlite_bytes'] / text:.2f}x text), index/ "
                 f"{gb(fig['index_bytes'])} ({fig['index_bytes'] / text:.2f}x), together {archive / text:.2f}x; "
                 f"peak during ingest {gb(ing['peak_disk'])}"),
        ("re-run, no new files", f"{rerun['seconds']:.1f} s = {rerun['seconds'] / ing['seconds']:.3f} of the ingest "
                                 f"({rerun['files_unchanged']} files unchanged)"),
    ]
    for name, value in rows:
        print(f"{name:22} {value}")
    print(f"\n{'query':20} {'hits':>9} {'warm p50':>9} {'p99':>8} {'cold':>8} {'evicted':>8}   (ms; cold: first "
          "query of a new process, files cached / dropped from the cache)")
    for name, q in fig["queries"].items():
        print(f"{name:20} {q['hits']:>9,} {q['p50']:>9.1f} {q['p99']:>8.1f} {q['cold_ms']:>8.0f} "
              f"{q['evicted_ms']:>8.0f}   {QUERIES[name]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="cables")
    ap.add_argument("workdir", nargs="?", type=Path, help="where the input and the archive go (/tmp/scale-N)")
    ap.add_argument("--keep", action="store_true", help="keep the input and the archive (else deleted at the end)")
    ap.add_argument("--only-query", action="store_true", help="the queries only, on the archive a --keep run left")
    ap.add_argument("--json", type=Path, help="append the figures to this file too (one JSON object a line)")
    ap.add_argument("--stage", choices=["ingest", "cold"], help=argparse.SUPPRESS)
    ap.add_argument("--query", help=argparse.SUPPRESS)
    ap.add_argument("--evict", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    n, work = args.n, (args.workdir or Path(f"/tmp/scale-{args.n}")).resolve()
    db = work / "archive"
    if args.stage == "ingest":
        print(json.dumps(ingest_stage(db, work / "input")))
        return
    if args.stage == "cold":
        print(json.dumps(cold_stage(db, args.query, args.evict)))
        return
    if args.only_query:
        if not (work / "run.json").exists():
            sys.exit(f"no archive of a --keep run in {work}")
        fig = json.loads((work / "run.json").read_text())
    else:
        if (work / "input").exists() or db.exists():
            sys.exit(f"{work} already holds an input or an archive: delete it, or use --only-query")
        probe = work
        while not probe.exists():
            probe = probe.parent
        free, (need, inputs, archive) = shutil.disk_usage(probe).free, needs(n)
        if free < need:
            sys.exit(f"not enough disk in {probe}: {n:,} cables need about {gb(need)} (input {gb(inputs)}, the "
                     f"archive at its peak {gb(archive)}, and a margin of {MARGIN - 1:.0%}); {gb(free)} free")
        print(f"disk: {n:,} cables need about {gb(need)}; {gb(free)} free in {probe}", flush=True)
        work.mkdir(parents=True, exist_ok=True)
        fig = build(n, work)
    fig["queries"] = {}
    for name, q in QUERIES.items():  # cold first: the warm searches map the index into this process
        fig["queries"][name] = {"cold_ms": stage(n, work, "--stage", "cold", "--query", q)["ms"],
                                "evicted_ms": stage(n, work, "--stage", "cold", "--query", q, "--evict")["ms"]}
    for name, figures in warm(db).items():
        fig["queries"][name].update(figures)
    fig.update(n=n, cores=os.cpu_count(), date=time.strftime("%Y-%m-%d"),
               cables_per_s=fig["ingest"]["cables_new"] / fig["ingest"]["seconds"],
               archive_over_text=(fig["sqlite_bytes"] + fig["index_bytes"]) / fig["text_bytes"])
    report(n, fig)
    if not args.keep and not args.only_query:
        shutil.rmtree(work / "input")
        shutil.rmtree(db)
        (work / "run.json").unlink()
        if not any(work.iterdir()):
            work.rmdir()
    line = json.dumps(fig, sort_keys=True)
    if args.json:
        with open(args.json, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
    print(line)


if __name__ == "__main__":
    main()
