"""The reading room under load: `cablebase serve` on the benchmark archive, loaded by `wrk` on loopback.

Serves the archive built by ``benchmarks/search.py`` (default: the 250,000-cable one) and runs wrk from a
second process with 32 connections against mixes of URLs made afresh for every request: search pages (with
facets and the histogram), cable pages and /api/search (enough are made that wrk does not go round the list
in a run; a search URL may still come up twice by chance, as a bare word does); and "popular": 100 search
URLs asked again and again, where the server's facet cache answers the counts (results, snippets and the page
are still computed for every request). Prints requests per second and latency percentiles (p50,
p99) for each, plus the single-request latency of the same URLs on an idle server, the server's CPU time per
request under load (the figure that says how fast the machine was during the run), how wrk's connections
were shared among the server's processes, and the server's memory. Latency under load moves a lot from
run to run on a shared machine: ``--repeat N`` runs each mix N times, with new URLs each time (but the
popular ones), and prints the median too.

The server runs as ``cablebase serve`` does by default, reading the archive's files into the operating
system's cache in the background from its start (``--no-read-ahead`` here measures without that).

    python benchmarks/serve.py [ARCHIVE] [--seconds 20] [--connections 32] [--workers 2] [--repeat 1]

Needs Debian's ``wrk``. The machine's two cores are shared by the server and wrk, as on a laptop.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

# Requests per second a mix is not expected to exceed on this kind of machine: the URLs made for a run are
# enough that wrk does not go round the list, so no page is answered from what the server kept of an earlier
# request for the same URL.
CEILING = {"search": 500, "cable": 3000}
WORDS = ("government minister election nuclear security president parliament military economic sanctions "
         "refugees terrorism opposition corruption oil trade visit human rights police court elections border "
         "embassy ambassador agreement negotiations energy drugs cooperation reform budget investment media "
         "prime party army conflict weapons iran china russia iraq afghanistan israel cuba venezuela").split()
PHRASES = ('"foreign minister"', '"prime minister"', '"human rights"', '"national security"', '"end summary"')
FIELDS = ("tag:PREL", "tag:PGOV", "tag:ECON", "origin:paris", "origin:madrid", "class:secret", "caveat:noforn")


def search_urls(n: int, rng: random.Random) -> list[str]:
    out = []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            q = rng.choice(WORDS)
        elif kind == 1:
            q = f"{rng.choice(WORDS)} {rng.choice(WORDS)}"
        elif kind == 2:
            q = rng.choice(PHRASES) + " " + rng.choice(WORDS)
        elif kind == 3:
            q = f"{rng.choice(FIELDS)} {rng.choice(WORDS)}"
        else:
            q = f"{rng.choice(WORDS)} date:[{rng.randint(2000, 2009)}-01 TO {rng.randint(2000, 2009)}-12]"
        params: list[tuple[str, str]] = [("q", q)]
        if rng.random() < 0.3:
            params.append(("year", str(rng.randint(2000, 2009))))
        if rng.random() < 0.3:
            params.append(("page", str(rng.randint(2, 50))))
        if rng.random() < 0.2:
            params.append(("sort", "date"))
        out.append("/search?" + urlencode(params))
    return out


def cable_urls(archive: Path, n: int, rng: random.Random) -> list[str]:
    con = sqlite3.connect(f"file:{archive / 'cables.sqlite'}?mode=ro", uri=True)
    total = con.execute("SELECT MAX(rowid) FROM cables").fetchone()[0]
    ids = []
    for rowid in rng.sample(range(1, total + 1), min(n * 2, total)):
        row = con.execute("SELECT id FROM cables WHERE rowid=?", (rowid,)).fetchone()
        if row:
            ids.append(row[0])
        if len(ids) == n:
            break
    return [f"/cable/{quote(i)}" for i in ids]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> float:
    t = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as r:
        r.read()
        assert r.status == 200, url
    return (time.perf_counter() - t) * 1000


LUA = """local paths = {%s}
local i = math.random(#paths)
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def wrk(base: str, paths: list[str], seconds: int, connections: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(LUA % ", ".join('"' + p.replace('"', '\\"') + '"' for p in paths))
        script = fh.name
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency",
                          "-s", script, base], capture_output=True, text=True, check=True).stdout
    os.unlink(script)

    def ms(text: str) -> float:
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    lat = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", out, re.M))
    if "99" not in lat:
        sys.exit(f"wrk gave no latency distribution:\n{out}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    requests = re.search(r"(\d+) requests in", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
            "p50": ms(lat["50"]), "p99": ms(lat["99"]), "requests": int(requests.group(1)) if requests else 0,
            "errors": int(errors.group(1)) if errors else 0}


def _children(pid: int) -> list[int]:
    return [int(c) for c in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]


def connections_per_process(pid: int, port: int) -> list[int]:
    """Established connections to ``port`` held by each of the server's processes (from /proc)."""
    rows = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    inodes = {c[9] for c in rows if c[3] == "01" and int(c[1].split(":")[1], 16) == port}
    held = []
    for child in [pid, *_children(pid)]:
        try:
            fds = [os.readlink(f) for f in Path(f"/proc/{child}/fd").iterdir()]
        except OSError:
            continue
        n = sum(1 for target in fds if target.startswith("socket:[") and target[8:-1] in inodes)
        if n:
            held.append(n)
    return sorted(held, reverse=True)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of the server's processes so far (from /proc)."""
    ticks = 0
    for child in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def memory_mb(pid: int) -> tuple[float, float]:
    """Resident memory of the server's processes: their own (``RssAnon``) and that of the files they have
    mapped (``RssFile``, mostly the archive's index: the operating system's cache, shared between the
    processes and given back under memory pressure)."""
    own = files = 0
    for child in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("RssAnon:"):
                    own += int(line.split()[1])
                elif line.startswith(("RssFile:", "RssShmem:")):
                    files += int(line.split()[1])
        except FileNotFoundError:
            pass
    return own / 1024, files / 1024


# The goals: p99 under load, for search pages with facets and for cable pages.
GOALS = {"search page (facets)": 250.0, "cable page": 50.0}


def verdict(mix: str, p99: float) -> str:
    goal = GOALS.get(mix)
    if goal is None:
        return ""
    return f"under {goal:.0f} ms: {'met' if p99 < goal else 'NOT met'}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("archive", nargs="?", default="/tmp/cablebase-bench/archive-250000")
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ceilings = "/".join(map(str, CEILING.values()))
    ap.add_argument("--urls", type=int, help=f"URLs made per mix (default: enough that the list is not gone through "
                                              f"twice in a run: seconds x {ceilings} requests/s, + 200)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each mix under load (the median is printed too)")
    ap.add_argument("--no-read-ahead", action="store_true", help="start the server with --no-read-ahead")
    ap.add_argument("--only", choices=["search", "facets", "popular", "cable", "api"], help="run the mixes whose name has this")
    args = ap.parse_args()
    archive = Path(args.archive)
    if not (archive / "cables.sqlite").exists():
        sys.exit(f"no archive at {archive}: build it with python benchmarks/search.py 250000")
    cables = sqlite3.connect(f"file:{archive / 'cables.sqlite'}?mode=ro", uri=True).execute(
        "SELECT COUNT(*) FROM cables").fetchone()[0]

    def count(kind: str) -> int:
        return args.urls or args.seconds * CEILING[kind] + 200

    def make_mixes(seed: int) -> dict[str, list[str]]:
        rng = random.Random(seed)
        return {"search page (facets)": search_urls(count("search"), rng),
                "search page, popular": search_urls(300, rng)[:100] * 3,
                "cable page": cable_urls(archive, count("cable"), rng),
                "/api/search": [u.replace("/search?", "/api/search?", 1) for u in search_urls(count("search"), rng)]}

    mixes = make_mixes(4)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "cablebase", "serve", "--db", str(archive), "--port", str(port),
                               "--workers", str(args.workers), *(["--no-read-ahead"] if args.no_read_ahead else [])],
                              stdout=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                fetch(base + "/openapi.json")
                break
            except OSError:
                time.sleep(0.1)
        print(f"archive: {cables:,} cables; server: {args.workers} uvicorn worker(s); wrk: 2 threads, "
              f"{args.connections} connections, {args.seconds} s per mix, URLs made: {count('search'):,} a search mix, "
              f"{count('cable'):,} a cable mix; "
              f"{os.cpu_count()} cores; python {sys.version.split()[0]}")
        print(f"{'mix':22} {'idle p50':>9} {'idle p99':>9} {'req/s':>8} {'load p50':>9} {'load p99':>9} "
              f"{'requests':>9} {'non-2xx':>8} {'CPU/req':>8}  connections per process  goal (p99 under load)")
        for name, urls in mixes.items():
            if args.only and args.only not in name:
                continue
            idle = sorted(fetch(base + u) for u in urls[-200:])  # one at a time (first touch, unless popular)
            runs = []
            for k in range(args.repeat):
                if k:  # new URLs for each run (but the popular ones), after the server has drained the last
                    time.sleep(3)
                    urls = urls if "popular" in name else make_mixes(4 + k)[name]
                split: list[int] = []
                looker = threading.Timer(min(3.0, args.seconds / 2), lambda held=split: held.extend(
                    connections_per_process(server.pid, port)))
                looker.start()
                cpu = cpu_seconds(server.pid)
                loaded = urls if "popular" in name else urls[:-200]  # (the idle server had the last 200)
                r = wrk(base, loaded, args.seconds, args.connections)
                looker.join()
                cpu = (cpu_seconds(server.pid) - cpu) / max(r["requests"], 1) * 1000
                runs.append(r)
                print(f"{name:22} {statistics.median(idle):>7.1f}ms {idle[int(len(idle) * .99)]:>7.1f}ms "
                      f"{r['rps']:>8.1f} {r['p50']:>7.1f}ms {r['p99']:>7.1f}ms {r['requests']:>9} {r['errors']:>8} {cpu:>6.2f}ms  "
                      f"{'/'.join(map(str, split)):>5}  {verdict(name, r['p99'])}")
                if "popular" not in name and r["requests"] > len(loaded):
                    print(f"  (the {len(loaded):,} URLs were asked {r['requests'] / len(loaded):.1f} times each: "
                          f"use --urls {r['requests'] * 2})")
            if args.repeat > 1:
                print(f"{'  median of ' + str(args.repeat):22} {'':>9} {'':>9} "
                      f"{statistics.median(r['rps'] for r in runs):>8.1f} "
                      f"{statistics.median(r['p50'] for r in runs):>7.1f}ms "
                      f"{statistics.median(r['p99'] for r in runs):>7.1f}ms")
        own, mapped = memory_mb(server.pid)
        print(f"server memory (all processes): {own:,.0f} MB of their own; {mapped:,.0f} MB of mapped files (the "
              f"archive's index and the libraries: the operating system's cache, shared)")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
