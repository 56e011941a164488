"""Jinja2 templates (autoescaped: every value from a cable is text unless marked up in ``present``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse, Response

from cablebase import __version__
from cablebase.web.present import mark_redactions

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.auto_reload = False  # templates do not change while serving; skip a stat() per render
templates.env.globals["version"] = __version__
templates.env.filters["redacted"] = mark_redactions
templates.env.filters["thousands"] = lambda n: f"{n:,}"


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    html = templates.get_template(name).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code)
