"""Several server processes on one port, with the connections shared out evenly among them.

uvicorn's own workers share one listening socket, and whichever is awake takes every connection waiting:
under ``wrk`` with 32 connections one of two workers held 25. A socket per process (``SO_REUSEPORT``) lets
the kernel hash each connection to one of them: 16 each on average, but 20 and 12 in one run of three, and
kept-alive connections stay where they land, so the busier process answered its connections 1.7 times
slower for the whole run (p99 338 ms, against 257 ms when the split was even).

Here the processes share one listening socket and each publishes how many connections it holds in a small
shared array. A process takes a waiting connection only when no other holds fewer (the "least
connections" rule of load balancers), or when the connection has waited ``GRACE`` seconds because the
processes holding fewer are busy with a page.
"""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
import os
import select
import signal
import socket
import sys
from collections.abc import Callable, MutableSequence
from typing import Any

from cablebase.errors import CablebaseError

APP = "cablebase.web:create_app"  # each process builds its app from $CABLEBASE_DB and $CABLEBASE_CORS
GRACE = 1.0  # seconds a waiting connection is left to a process holding fewer connections
RECHECK = 0.002  # how often a process that left a connection to the others looks again
PUBLISH = 0.25  # how often a process publishes its count (connections also close between accepts)
RETRY = 0.1  # seconds before trying again after a failed accept


def available() -> bool:
    """Whether worker processes can share one listening socket and watch it (POSIX systems; on Windows
    uvicorn's own workers are used)."""
    return os.name == "posix"


def listen(host: str, port: int) -> socket.socket:
    """The listening socket every server process accepts from."""
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


class _Acceptor:
    """Accepts connections for one process, leaving them to a process that holds fewer. Stands where
    uvicorn keeps its asyncio servers (it calls ``close()`` and ``wait_closed()`` when it stops)."""

    def __init__(self, sock: socket.socket, factory: Callable[[], asyncio.Protocol], me: int,
                 counts: MutableSequence[int], held: Callable[[], int]):
        self.loop = asyncio.get_running_loop()
        self.sock, self.factory, self.me, self.counts, self.held = sock, factory, me, counts, held
        self.waiting_since: float | None = None
        self.adopting = 0  # accepted, not yet in uvicorn's connections
        self.closed = False
        sock.setblocking(False)
        self.loop.add_reader(sock.fileno(), self._ready)
        self._publish_often()

    def _publish(self) -> int:
        mine = self.counts[self.me] = self.held() + self.adopting
        return mine

    def _publish_often(self) -> None:
        if not self.closed:
            self._publish()
            self.loop.call_later(PUBLISH, self._publish_often)

    def _fewer_elsewhere(self, mine: int) -> bool:
        return any(n < mine for i, n in enumerate(self.counts) if i != self.me)

    def _ready(self) -> None:
        """The socket has a connection waiting: take it, or leave it to the others for a moment."""
        now = self.loop.time()
        if self.waiting_since is None:
            self.waiting_since = now
        mine = self._publish()
        if self._fewer_elsewhere(mine) and now - self.waiting_since < GRACE:
            self.loop.remove_reader(self.sock.fileno())
            self.loop.call_later(RECHECK, self._look_again)
            return
        try:
            conn, _ = self.sock.accept()
        except (BlockingIOError, InterruptedError):  # another process took it
            self.waiting_since = None
            return
        except OSError as exc:  # out of file descriptors, say: the connection waits, and this process
            print(f"cablebase serve: cannot accept a connection ({exc.strerror})", file=sys.stderr)
            self.loop.remove_reader(self.sock.fileno())  # tries again in a moment, not in a busy loop
            self.loop.call_later(RETRY, self._look_again)
            return
        self.waiting_since = None
        self.adopting += 1
        self._publish()
        conn.setblocking(False)
        self.loop.create_task(self._adopt(conn))

    def _look_again(self) -> None:
        if self.closed:
            return
        if not select.select([self.sock], [], [], 0)[0]:
            self.waiting_since = None  # another process took it
        self.loop.add_reader(self.sock.fileno(), self._ready)

    async def _adopt(self, conn: socket.socket) -> None:
        try:
            await self.loop.connect_accepted_socket(self.factory, conn)
        except OSError:
            conn.close()
        finally:
            self.adopting -= 1

    def close(self) -> None:
        self.closed = True
        self.loop.remove_reader(self.sock.fileno())
        self.sock.close()

    async def wait_closed(self) -> None:
        return None


def _serve_one(sock: socket.socket, me: int, counts: MutableSequence[int], options: dict[str, Any]) -> None:
    import uvicorn

    from cablebase.archive.workers import watch_parent

    watch_parent()  # a server process killed with ``kill -9`` takes its workers with it (and frees the port)

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            # uvicorn's own start-up, with the acceptor above where uvicorn would make an asyncio server
            await self.lifespan.startup()
            if self.lifespan.should_exit:
                sys.exit(3)
            factory = functools.partial(self.config.http_protocol_class, config=self.config,  # type: ignore[call-arg]
                                        server_state=self.server_state, app_state=self.lifespan.state)
            connections = self.server_state.connections
            self.servers = [_Acceptor(sock, factory, me, counts, lambda: len(connections))]  # type: ignore[list-item]
            self.started = True

    Server(uvicorn.Config(APP, factory=True, **options)).run()


def run(host: str, port: int, workers: int, options: dict[str, Any]) -> None:
    """Start ``workers`` server processes and wait for them. Ctrl-C reaches every process (they stop on
    their own); a SIGTERM to this one is passed on to them. If one exits, the others are stopped too, and
    one that failed is reported."""
    ctx = multiprocessing.get_context("spawn")
    sock = listen(host, port)
    counts = ctx.Array("i", workers, lock=False)  # connections each process holds
    procs = [ctx.Process(target=_serve_one, args=(sock, i, counts, options), name=f"cablebase-serve-{i + 1}")
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
        sock.close()
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(15)
    failed = [p for p in procs if p.exitcode not in (0, None, -signal.SIGTERM)]
    if failed:
        raise CablebaseError(f"server process {failed[0].name} stopped (exit code {failed[0].exitcode}); "
                             "its error is above")
