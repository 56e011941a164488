"""The server's worker processes (web/processes.py): they share the connections, stop with the server, and
one that fails to start is reported. (What `cablebase serve` itself prints is in tests/test_cli_archive.py.)"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from cablebase.errors import CablebaseError
from cablebase.web import processes
from tests.web.conftest import free_port


def _children(pid: int) -> set[int]:
    return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


@pytest.mark.skipif(not processes.available() or not Path("/proc").is_dir(), reason="needs Linux (/proc)")
def test_worker_processes_share_the_connections_evenly_and_all_stop_with_the_server(web_db):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "cablebase", "serve", "--db", str(web_db), "--port", str(port),
                               "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    clients = []
    try:
        body = _get(f"http://127.0.0.1:{port}/api/search?q=mexico", server)
        assert b'"total"' in body
        procs = _children(server.pid)
        workers = [p for p in procs if _sockets(p, port, "0A")]
        # one listening socket, held by both processes
        assert len(workers) == 2 and len(set().union(*(_sockets(p, port, "0A") for p in workers))) == 1
        for _ in range(6):  # kept-alive connections, opened one after another
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            c.request("GET", "/api/search?q=mexico&limit=1")
            assert c.getresponse().read()
            clients.append(c)
        # each process holds three: a process takes a connection only when no other holds fewer
        assert sorted(len(_sockets(p, port, "01")) for p in workers) == [3, 3]
    finally:
        for c in clients:
            c.close()
        server.terminate()
        server.wait(timeout=30)
    time.sleep(1)
    assert not [p for p in procs if Path(f"/proc/{p}").exists() and "zombie" not in _state(p)]


def _get(url: str, server: subprocess.Popen) -> bytes:  # type: ignore[type-arg]
    for _ in range(300):
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                return r.read()
        except OSError:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            time.sleep(0.1)
    raise AssertionError(f"no answer from {url}")


def _sockets(pid: int, port: int, state: str) -> set[str]:
    """The TCP sockets with local ``port`` in ``state`` (0A listening, 01 established) that the process
    holds (its sockets' inodes in /proc/net/tcp)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    rows = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    return {c[9] for c in rows if c[3] == state and int(c[1].split(":")[1], 16) == port and c[9] in inodes}


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return "zombie"


@pytest.mark.skipif(not processes.available(), reason="needs a POSIX system")
def test_a_server_process_that_fails_to_start_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("CABLEBASE_DB", str(tmp_path / "nothing"))
    with pytest.raises(CablebaseError, match="server process cablebase-serve-. stopped"):
        processes.run("127.0.0.1", free_port(), 2, {"log_level": "critical"})
