"""Jinja2 templates (autoescaped: every value from a cable is text unless marked up in ``present``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse, Response

from cablebase import __version__
from cablebase.web import cable_lead, cable_sections, fragments

templates = Jinja2Templates(env=jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
    auto_reload=False))  # templates do not change while serving; skip a stat() per render
templates.env.globals["version"] = __version__
templates.env.globals["fragments"] = fragments
templates.env.globals["sections"] = cable_sections
templates.env.globals["lead"] = cable_lead.lead
templates.env.filters["thousands"] = lambda n: f"{n:,}"


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    html = templates.get_template(name).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code)
