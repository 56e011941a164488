"""Errors as pages and as JSON: a user's mistake is a 400 with the reason (and the position in the query),
an unknown id or path a 404; anything else is logged and answered with a plain 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from cablebase.errors import CablebaseError, NotFound, QueryError
from cablebase.web.api import JSON
from cablebase.web.render import render
from cablebase.web.state import SearchState

log = logging.getLogger("cablebase.web")


def install(app: FastAPI) -> None:
    app.add_exception_handler(CablebaseError, _user_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _server_error)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path.endswith((".json", ".csv", ".txt", ".jsonl"))


def _error(request: Request, status: int, message: str, position: int | None = None,
           query: str | None = None) -> Response:
    if _wants_json(request):
        return JSON({"error": message, "position": position}, status_code=status)
    title = {400: "Cannot read this request", 404: "Not found"}.get(status, "Something went wrong")
    if status == 400 and request.url.path in ("/", "/search") and query is not None:
        return render(request, "search.html", status_code=400, st=_state_of(request), error=message,
                      position=position, result=None, facets=[], months=[], peak=0, pages=[], last_page=1)
    return render(request, "error.html", status_code=status, title=title, message=message)


def _state_of(request: Request) -> SearchState:
    return SearchState(q=request.query_params.get("q", "")[:10_000])


async def _user_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, NotFound):
        return _error(request, 404, str(exc))
    if isinstance(exc, QueryError):
        # counted from 1, as the message says it ("at position 15"); QueryError.position is the 0-based offset
        return _error(request, 400, str(exc), exc.position + 1, exc.query)
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
