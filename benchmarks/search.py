"""Search at scale: cablebase (Tantivy + SQLite) against a plain SQLite FTS5 baseline, side by side.

Builds an N-cable archive (default 250,000) by deterministic variation of the shared corpus (new ids and
dates, shuffled paragraphs), written as a cables.csv-style dump and ingested through the real ingest path.
Reports ingest time, peak memory, index size over text size, and p50/p99 of a fixed query mix through the
Python API (top 20 + facet counts + histogram), then the same mix on FTS5 over the same text.

    python benchmarks/search.py [N] [WORKDIR]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from procwatch import Watch

from cablebase.archive import Archive, store
from cablebase.model import iso_date
from cablebase.readers import Document, iter_files, read_documents

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
DTG = re.compile(r"\b(\d{2})(\d{4})Z ([A-Z]{3}) (\d{2})\b")

QUERIES = {
    "common term": ("government", "government"),
    "rare term": ("guantanamo", "guantanamo"),
    "phrase": ('"foreign minister"', '"foreign minister"'),
    "boolean + field": ("subject:iran AND nuclear", "subject:iran AND nuclear"),
    "date range": ("security date:[2007-01 TO 2007-12]", "security"),
}


def sources() -> list[str]:
    texts = []
    for f in iter_files([CORPUS / "wikileaks", CORPUS / "cables-csv"]):
        for d in read_documents(str(f)):
            if isinstance(d, Document) and len(d.text) > 500:
                texts.append(d.text)
    return texts


def variant(text: str, k: int) -> tuple[str, str, str]:
    rng = random.Random(k)
    year = 2000 + k % 10
    month = 1 + (k // 10) % 12
    day = 1 + (k // 120) % 28
    text = DTG.sub(f"{day:02d}1200Z {MONTHS[month - 1]} {year % 100:02d}", text, count=1)
    head, _, rest = text.partition("\n\n1. ")
    paras = rest.split("\n\n")
    rng.shuffle(paras)
    body = head + ("\n\n1. " + "\n\n".join(paras) if rest else "")
    ident = f"{year % 100:02d}BENCH{k + 1}"
    return ident, f"{month}/{day}/{year} 12:00", body


def dump_writer(fh: TextIO) -> Any:
    """A CSV writer in the 2011 cables.csv dialect (every field quoted, backslash escapes), which the
    cables-csv reader streams row by row. (``fh`` opened with ``newline=""``.)"""
    return csv.writer(fh, quoting=csv.QUOTE_ALL, escapechar="\\", doublequote=False, lineterminator="\n")


def write_dump(path: Path, n: int) -> int:
    texts = sources()
    size = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = dump_writer(fh)
        for k in range(n):
            ident, created, body = variant(texts[k % len(texts)], k)
            size += len(body)
            w.writerow([k + 1, created, ident, "", "", "", "", body + "\n"])
    return size


def timed(fn, reps: int = 30) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return sorted(out)


def pct(xs: list[float], p: float) -> float:
    return xs[min(len(xs) - 1, int(len(xs) * p))]


def fts5_build(archive: Archive, path: Path) -> sqlite3.Connection:
    """The FTS5 baseline over the same records (kept between runs: it is only rebuilt when missing)."""
    if path.exists():
        con = sqlite3.connect(str(path))
        if con.execute("SELECT name FROM sqlite_master WHERE name='meta_date'").fetchone():
            return con
        con.close()
        path.unlink()
    con = sqlite3.connect(str(path))
    con.execute("CREATE VIRTUAL TABLE fts USING fts5(subject, body, tokenize='porter unicode61')")
    con.execute("CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT, date TEXT, origin TEXT, classification TEXT,"
                " tags TEXT)")
    rows = archive.con.execute(f"SELECT versions.record FROM {store.CURRENT}")
    for i, (blob,) in enumerate(rows, 1):
        rec = store.unpack(blob)
        c = rec.cable
        con.execute("INSERT INTO fts(rowid, subject, body) VALUES (?,?,?)", (i, c.subject or "", c.body))
        con.execute("INSERT INTO meta VALUES (?,?,?,?,?,?)",
                    (i, rec.id, iso_date(c.date) or "", c.origin, c.classification, " ".join(t.code for t in c.tags)))
    con.execute("CREATE INDEX meta_date ON meta(date)")
    con.commit()
    return con


def fts5_query(con: sqlite3.Connection, match: str, date_range: bool) -> None:
    where = "fts MATCH ?" + (" AND meta.date BETWEEN '2007-01' AND '2007-12-99'" if date_range else "")
    base = f"FROM fts JOIN meta ON meta.rowid = fts.rowid WHERE {where}"
    con.execute(f"SELECT meta.id, bm25(fts) {base} ORDER BY bm25(fts) LIMIT 20", (match,)).fetchall()
    for col in ("origin", "classification", "substr(date, 1, 4)", "substr(date, 1, 7)"):
        con.execute(f"SELECT {col}, COUNT(*) {base} GROUP BY 1", (match,)).fetchall()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=250_000, help="cables in the archive (default 250,000)")
    ap.add_argument("workdir", nargs="?", type=Path, default=Path("/tmp/cablebase-bench"),
                    help="where the dump and the archive go (kept: an archive already there is measured as it "
                         "is; default /tmp/cablebase-bench)")
    args = ap.parse_args()
    n, work = args.n, args.workdir
    work.mkdir(parents=True, exist_ok=True)
    dump = work / f"bench-{n}.csv"
    db = work / f"archive-{n}"
    print(f"N = {n} cables; machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    if not db.exists():
        t = time.perf_counter()
        text_size = write_dump(dump, n)
        print(f"dump written in {time.perf_counter() - t:.0f} s ({dump.stat().st_size / 1e6:.0f} MB, "
              f"{text_size / 1e6:.0f} MB of cable text)")
        t = time.perf_counter()
        watch = Watch(db)  # (VmHWM of every process: see procwatch)
        watch.start()
        s = Archive(db).ingest([dump])
        watch.stop()
        dt = time.perf_counter() - t
        workers = [mb for pid, mb in watch.peaks.items() if pid != os.getpid()]
        print(f"ingest: {s.cables_new} cables in {dt:.0f} s ({s.cables_new / dt:.0f} cables/s); peak memory "
              f"main {watch.peaks.get(os.getpid(), 0)} MB, largest worker {max(workers, default=0)} MB "
              f"({len(workers)} processes below it)")
    archive = Archive(db, facet_cache=0)  # every repetition counts the facets again
    index_bytes = sum(f.stat().st_size for f in (db / "index").iterdir())
    stored = text_bytes = 0
    for (blob,) in archive.con.execute(f"SELECT versions.record FROM {store.CURRENT}"):
        stored += len(blob)
        text_bytes += len(store.unpack(blob).cable.raw.encode())
    print(f"index size {index_bytes / 1e6:.0f} MB; cable text {text_bytes / 1e6:.0f} MB; "
          f"index/text = {index_bytes / text_bytes:.2f}; stored records {stored / 1e6:.0f} MB; SQLite file "
          f"{(db / 'cables.sqlite').stat().st_size / 1e6:.0f} MB")
    fts = fts5_build(archive, work / f"fts5-{n}.sqlite")
    print(f"{'query':18} {'hits':>8} {'cablebase p50':>14} {'p99':>8} {'fts5 p50':>10} {'p99':>8} {'speed-up':>9}")
    for name, (q, match) in QUERIES.items():
        total = archive.search(q, limit=20).total
        ours = timed(lambda q=q: archive.search(q, limit=20))
        base = timed(lambda m=match, d=name == "date range": fts5_query(fts, m, d), reps=10)
        print(f"{name:18} {total:>8} {statistics.median(ours):>12.1f}ms {pct(ours, .99):>6.1f}ms "
              f"{statistics.median(base):>8.1f}ms {pct(base, .99):>6.1f}ms {statistics.median(base) / statistics.median(ours):>8.1f}x")


if __name__ == "__main__":
    main()
