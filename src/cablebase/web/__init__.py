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
import os
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles

from cablebase import __version__, reference
from cablebase.archive import Archive, readahead
from cablebase.errors import CablebaseError
from cablebase.web import analysis_api, analysis_pages, api, browse, errors, pages, processes, topics, trends
from cablebase.web.headers import HeadLikeGet, SecurityHeaders

THREADS = int(os.environ.get("CABLEBASE_THREADS", "2"))
DESCRIPTION = """Search and read US diplomatic cables. Every page of the reading room has a JSON twin here.
The query language (words, "phrases", AND/OR/NOT, fields, date ranges) is described at /syntax."""


def create_app(db: str | os.PathLike[str] | None = None, cors: Sequence[str] | None = None) -> FastAPI:
    """The app over the archive at ``db`` (default: ``$CABLEBASE_DB`` or ``./cablebase-data``).

    ``cors`` names the web origins (``http://localhost:3000``, or ``*`` for any) whose pages may read the
    app's responses from a browser (default: ``$CABLEBASE_CORS``, comma-separated, or none). Off unless
    asked for: a page on any site the user visits could otherwise read a private archive served on
    127.0.0.1."""
    archive = Archive(db or os.environ.get("CABLEBASE_DB", "./cablebase-data"))
    if not archive.exists:
        raise CablebaseError(f"no archive at {archive.path} (create one with: cablebase ingest PATH --db "
                             f"{archive.path})")
    _warm(archive)
    app = FastAPI(title="cablebase", version=__version__, description=DESCRIPTION, docs_url=None,
                  redoc_url=None, openapi_url="/openapi.json", lifespan=_lifespan)
    app.state.archive = archive
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadLikeGet)
    origins = list(cors) if cors is not None else _origins(os.environ.get("CABLEBASE_CORS", ""))
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "HEAD"],
                           allow_credentials=False)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    app.include_router(api.router)
    app.include_router(analysis_api.router)
    app.include_router(trends.api_router)
    app.include_router(topics.api_router)
    app.include_router(pages.router)
    app.include_router(analysis_pages.router)
    app.include_router(trends.router)
    app.include_router(topics.router)
    app.include_router(browse.router)
    errors.install(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _origins(text: str) -> list[str]:
    return [o.strip().rstrip("/") for o in text.split(",") if o.strip()]


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's description, saying what the app really answers: a 400 with a message for any mistake in a
    request (FastAPI would list its own 422, which this app never sends)."""
    if app.openapi_schema is None:
        spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        error = {"description": "a mistake in the request",
                 "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for operations in spec.get("paths", {}).values():
            for op in operations.values():
                op["responses"].pop("422", None)
                op["responses"].setdefault("400", error)
        for name in ("HTTPValidationError", "ValidationError"):
            spec.get("components", {}).get("schemas", {}).pop(name, None)
        app.openapi_schema = spec
    return app.openapi_schema


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Few worker threads per process: requests are CPU-bound, and with many threads a long search
    would share the core with every other request and finish last; with few it waits its turn."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
    yield


def _warm(archive: Archive) -> None:
    """Open the index (a stale one is reported at start-up, not on the first search), load the reference
    tables, then freeze what is loaded out of the garbage collector's reach: the id universe alone is a
    quarter of a million objects, and scanning it in a full collection would stall a request."""
    archive.preload()
    reference.routing_table()
    reference.tag_table()
    gc.collect()
    gc.freeze()


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, workers: int = 1, app: FastAPI | None = None,
          cors: Sequence[str] = (), read_ahead: bool = True) -> None:
    """Run the app with uvicorn. One worker serves ``app`` (built here if not given: a missing archive fails
    with one clear line); more start that many processes, each building its own, with the connections
    spread evenly over them (:mod:`cablebase.web.processes`). With ``read_ahead`` the archive's files are
    brought into the operating system's cache in the background (:mod:`cablebase.archive.readahead`)."""
    import uvicorn

    app = app or create_app(db, cors=cors)
    if read_ahead:
        readahead.start(Path(db))
    options: dict[str, Any] = {"host": host, "port": port, "log_level": "warning", "access_log": False,
                               "proxy_headers": False}
    if workers == 1:
        uvicorn.run(app, **options)
        return
    os.environ["CABLEBASE_DB"] = str(db)
    os.environ["CABLEBASE_CORS"] = ",".join(cors)
    if processes.available():
        processes.run(host, port, workers, options)
    else:
        uvicorn.run(processes.APP, factory=True, workers=workers, **options)
