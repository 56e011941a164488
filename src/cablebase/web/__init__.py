"""The reading room: a read-only web app and JSON API over an archive (``cablebase serve``).

    >>> from cablebase.web import create_app
    >>> app = create_app("./cablebase-data")     # doctest: +SKIP  (an ASGI app; uvicorn runs it)

Pages are rendered on the server and work without JavaScript; ``/api/...`` returns the same data as JSON,
described at ``/openapi.json`` and ``/docs``. Mistakes in a request are 400s with a message, unknown ids
404s; nothing a user types produces a 500.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.responses import Response

from cablebase import __version__, reference
from cablebase.archive import Archive
from cablebase.errors import CablebaseError, NotFound, QueryError
from cablebase.web import api, pages
from cablebase.web.headers import SecurityHeaders
from cablebase.web.render import render

log = logging.getLogger("cablebase.web")
THREADS = int(os.environ.get("CABLEBASE_THREADS", "2"))
DESCRIPTION = """Search and read US diplomatic cables. Every page of the reading room has a JSON twin here.
The query language (words, "phrases", AND/OR/NOT, fields, date ranges) is described at /syntax."""


def create_app(db: str | os.PathLike[str] | None = None) -> FastAPI:
    """The app over the archive at ``db`` (default: ``$CABLEBASE_DB`` or ``./cablebase-data``)."""
    archive = Archive(db or os.environ.get("CABLEBASE_DB", "./cablebase-data"))
    if not archive.exists:
        raise CablebaseError(f"no archive at {archive.path} (create one with: cablebase ingest PATH --db "
                             f"{archive.path})")
    _warm(archive)
    app = FastAPI(title="cablebase", version=__version__, description=DESCRIPTION, docs_url=None,
                  redoc_url=None, openapi_url="/openapi.json", lifespan=_lifespan)
    app.state.archive = archive
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_exception_handler(CablebaseError, _user_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _server_error)
    return app


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
    """Few worker threads per process: requests are CPU-bound, and with many threads a long search
    would share the core with every other request and finish last; with few it waits its turn."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
    yield


def _warm(archive: Archive) -> None:
    """Open the index (a stale one is reported at start-up, not on the first search), load the reference
    tables, then freeze what is loaded out of the garbage collector's reach: the id universe alone is a
    quarter of a million objects, and scanning it in a full collection would stall a request."""
    archive.index  # noqa: B018
    archive.status("00NOWHERE1")
    reference.routing_table()
    reference.tag_table()
    gc.collect()
    gc.freeze()


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path.endswith((".json", ".csv", ".txt", ".jsonl"))


def _error(request: Request, status: int, message: str, position: int | None = None,
           query: str | None = None) -> Response:
    if _wants_json(request):
        return api.JSON({"error": message, "position": position}, status_code=status)
    title = {400: "Cannot read this request", 404: "Not found"}.get(status, "Something went wrong")
    if status == 400 and request.url.path in ("/", "/search") and query is not None:
        return render(request, "search.html", status_code=400, st=_state_of(request), error=message,
                      position=position, result=None, facets=[], months=[], peak=0, pages=[], last_page=1)
    return render(request, "error.html", status_code=status, title=title, message=message)


def _state_of(request: Request):  # type: ignore[no-untyped-def]
    from cablebase.web.state import SearchState

    return SearchState(q=request.query_params.get("q", "")[:10_000])


async def _user_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, NotFound):
        return _error(request, 404, str(exc))
    if isinstance(exc, QueryError):
        return _error(request, 400, str(exc), exc.position, exc.query)
    return _error(request, 400, str(exc), query=request.query_params.get("q", ""))


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for e in exc.errors():
        where = ".".join(str(p) for p in e.get("loc", ())[1:]) or "request"
        problems.append(f"{where}: {e.get('msg', 'invalid')}")
    return _error(request, 400, "; ".join(problems) or "invalid request", query=request.query_params.get("q", ""))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return _error(request, 404, f"nothing at {request.url.path}")
    return _error(request, exc.status_code, str(exc.detail))


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("error serving %s", request.url)
    return _error(request, 500, "an internal error; it has been logged")


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Run the app with uvicorn (``workers`` > 1 starts that many processes, each with its own archive handle)."""
    import uvicorn

    create_app(db)  # fail here, with one clear line, if the archive is missing or stale
    os.environ["CABLEBASE_DB"] = str(db)
    uvicorn.run("cablebase.web:create_app", factory=True, host=host, port=port, workers=workers,
                log_level="warning", access_log=False)
