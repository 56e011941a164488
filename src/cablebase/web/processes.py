"""Several server processes on one port, with the connections spread evenly over them.

uvicorn's own workers share one listening socket, and whichever is awake takes every connection waiting:
under ``wrk`` with 32 connections one of two workers held 25. Kept-alive connections stay where they
landed, so that worker queued three times the requests of the other, which sat idle part of the time.
Here each process listens on its own socket bound with ``SO_REUSEPORT``, and the kernel hands each new
connection to one of them by a hash of its addresses.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
from typing import Any

from cablebase.errors import CablebaseError

APP = "cablebase.web:create_app"  # each process builds its app from $CABLEBASE_DB and $CABLEBASE_CORS


def available() -> bool:
    """Whether this system spreads connections over sockets sharing a port (Linux does)."""
    return hasattr(socket, "SO_REUSEPORT")


def listen(host: str, port: int) -> socket.socket:
    """A listening socket that other processes may bind to the same address too."""
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def _serve_one(host: str, port: int, options: dict[str, Any]) -> None:
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(APP, factory=True, **options))
    server.run(sockets=[listen(host, port)])


def run(host: str, port: int, workers: int, options: dict[str, Any]) -> None:
    """Start ``workers`` server processes and wait for them. Ctrl-C reaches every process (they stop on
    their own); a SIGTERM to this one is passed on to them. If one exits, the others are stopped too, and
    one that failed is reported."""
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_serve_one, args=(host, port, options), name=f"cablebase-serve-{i + 1}")
             for i in range(workers)]

    def stop(*_: Any) -> None:
        raise SystemExit(0)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        for p in procs:
            p.start()
        while all(p.is_alive() for p in procs):
            procs[0].join(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(15)
    failed = [p for p in procs if p.exitcode not in (0, None, -signal.SIGTERM)]
    if failed:
        raise CablebaseError(f"server process {failed[0].name} stopped (exit code {failed[0].exitcode}); "
                             "its error is above")
