"""The timeline of a search or a browse page: a bar per month (a bar per year over a long span), each
linking to the search narrowed to it.

A span shorter than a year is widened to the calendar years around it: one month alone drawn across the
page is one full-width block that says nothing; within its year it shows when it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cablebase.web import fragments
from cablebase.web.state import TIMELINE_MONTHS, month_span, year_span

SHORTEST = 12  # months: a shorter span is shown within its calendar year(s)


def widened(span: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """A zero-filled month span of fewer than ``SHORTEST`` months as the whole calendar years it lies in."""
    if not span or len(span) >= SHORTEST:
        return span
    counts = dict(span)
    first, last = int(span[0][0][:4]), int(span[-1][0][:4])
    return [(key, counts.get(key, 0)) for y in range(first, last + 1) for key in (f"{y:04d}-{m:02d}"
                                                                                for m in range(1, 13))]


def timeline(histogram: dict[str, int], period_url: Callable[[str], str]) -> dict[str, Any] | None:
    """What the templates draw: the bars (HTML), the unit, the first and last period shown, and the span
    that has cables (first and last month), or None when nothing is dated."""
    span = month_span(histogram)
    if not span:
        return None
    unit = "year" if len(span) > TIMELINE_MONTHS else "month"
    shown = year_span(span) if unit == "year" else widened(span)
    bars = [(p, n, period_url(p)) for p, n in shown]
    peak = max(n for _, n, _ in bars)
    return {"bars": fragments.timeline_bars(bars, peak, unit), "unit": unit, "first": bars[0][0],
            "last": bars[-1][0], "span": (span[0][0], span[-1][0])}
