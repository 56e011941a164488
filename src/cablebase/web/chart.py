"""The trends page's chart as inline SVG, made on the server like the network drawing: it needs no script
and no library from another site, and prints.

One line per series over the periods of the span (a short span of months widened to its calendar years,
as the search timeline does), each in its own colour *and* dash pattern, so that readers who do not tell
the colours apart tell the lines apart; the colours are Okabe and Ito's, chosen to stay distinct under the
common colour-vision deficiencies. A period in which the archive holds no cable breaks every line and is
shaded: it is a gap, not a zero. Every query and value passes through ``_e`` before it is put in the markup
(split values are posts and TAGS from the records; queries are what the user typed).
"""

from __future__ import annotations

import math
from typing import Any

from markupsafe import Markup

from cablebase.analysis.trends import label
from cablebase.web.present import escaped

WIDTH, PLOT_HEIGHT = 960, 300
LEFT, RIGHT, TOP, BELOW = 72, 24, 16, 48  # margins: the y labels, the right edge, the top, the x labels and title
LEGEND_ROW, LEGEND_COLUMNS = 22, 3
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#000000", "#e69f00", "#56b4e9", "#8c6d1f")
DASHES = ("", "9 4", "2 3", "12 4 2 4", "5 5", "1 4")  # with the colours, twelve lines unlike each other
LABEL_LENGTH = 44  # characters of a query shown in the legend (the whole of it is the legend entry's tooltip)
POINTS_UP_TO = 60  # periods: with more, only a period alone between gaps gets a dot (a line needs two)


def _e(value: Any) -> str:
    return escaped(str(value))


def style(i: int) -> dict[str, str]:
    """The ``i``-th series' colour and dash pattern (also the table's and legend's key)."""
    return {"colour": COLOURS[i % len(COLOURS)], "dash": DASHES[i % len(DASHES)]}


def calendar(first: str, last: str, by: str) -> list[str]:
    """Every month (``YYYY-MM``) or year from ``first`` to ``last``; fewer than twelve months are widened to
    their calendar years (one month drawn across the page says nothing)."""
    if by == "year":
        return [f"{y:04d}" for y in range(int(first), int(last) + 1)]
    y0, m0, y1, m1 = int(first[:4]), int(first[5:7]), int(last[:4]), int(last[5:7])
    if (y1 - y0) * 12 + m1 - m0 < 11:
        m0, m1 = 1, 12
    return [f"{y:04d}-{m:02d}" for y in range(y0, y1 + 1) for m in range(1, 13)
            if (y, m) >= (y0, m0) and (y, m) <= (y1, m1)]


def ticks(top: float, whole: bool) -> list[float]:
    """Round values from 0 to at least ``top`` in four or five steps of 1, 2, 2.5 or 5 times a power of ten
    (whole numbers for counts)."""
    raw = max(top, 1e-9) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if whole:
        step = max(1, math.ceil(step))
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)] if top > 0 else [0, step]


def value_text(v: float, share: bool) -> str:
    """A tick's label: a percentage (as few decimals as it needs) or a whole count."""
    if share:
        return f"{v * 100:.4f}".rstrip("0").rstrip(".") + "%"
    return f"{round(v):,}"


def percent(v: float) -> str:
    """A share as the table says it: two decimals, and never a 0.00% for a share that is not nothing."""
    return "0%" if v == 0 else "<0.01%" if v < 0.00005 else f"{v:.2%}"


def _x_labels(periods: list[str], by: str) -> list[tuple[int, str]]:
    """(index, label) of the periods labelled on the x axis: at most about twelve, on round years (or every
    third month over a short span)."""
    if by == "month" and len(periods) <= 36:
        return [(i, p) for i, p in enumerate(periods) if int(p[5:]) % 3 == 1]
    years = [(i, p[:4]) for i, p in enumerate(periods) if by == "year" or p.endswith("-01")]
    step = next(k for k in (1, 2, 5, 10, 20, 50) if len(years) / k <= 12)
    return [(i, y) for i, y in years if int(y) % step == 0]


def svg(result: dict[str, Any], periods: list[str], title: str) -> Markup:
    """The chart of ``result`` (from :func:`cablebase.analysis.trends.trends`) over ``periods`` (see
    :func:`calendar`): axes with their titles, one line per series, the gaps shaded, a legend, and a
    ``<title>`` and ``<desc>`` for screen readers (the table beneath the chart has every value)."""
    by, share, series = result["by"], result["share"], result["series"]
    totals = series[0]["totals"] if series else {}
    values = [s["shares"] if share else s["counts"] for s in series]
    scale = ticks(max((v.get(p, 0) for v in values for p in periods), default=0), whole=not share)
    rows = math.ceil(len(series) / LEGEND_COLUMNS)
    height = TOP + PLOT_HEIGHT + BELOW + rows * LEGEND_ROW + 8
    plot_w = WIDTH - LEFT - RIGHT
    slot = plot_w / max(1, len(periods))

    def x(i: float) -> float:
        return LEFT + slot * (i + 0.5)

    def y(v: float) -> float:
        return TOP + PLOT_HEIGHT * (1 - v / scale[-1])

    gaps = [i for i, p in enumerate(periods) if p not in totals]
    what = f"share of all cables of the {by}" if share else f"cables per {by}"
    desc = (f"{len(series)} line{'s' * (len(series) != 1)} from {periods[0]} to {periods[-1]}, the {what}. "
            + (f"Grey bands mark the {len(gaps)} {by}{'s' * (len(gaps) != 1)} in which the archive holds no cable. "
               if gaps else "") + "The table below lists every value.")
    out = [f'<svg class="trend" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="trend-title trend-desc" '
           f'xmlns="http://www.w3.org/2000/svg">\n<title id="trend-title">{_e(title)}</title>\n'
           f'<desc id="trend-desc">{_e(desc)}</desc>\n<g class="gaps">']
    for start, end in _runs(gaps):  # (one band a run: bands side by side show seams)
        out.append(f'<rect x="{x(start) - slot / 2:.1f}" y="{TOP}" width="{slot * (end - start + 1):.1f}" '
                   f'height="{PLOT_HEIGHT}"/>')
    out.append('</g>\n<g class="grid">')
    for v in scale:
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}"/>'
                   f'<text x="{LEFT - 8}" y="{y(v) + 4:.1f}" text-anchor="end">{_e(value_text(v, share))}</text>')
    for i, text in _x_labels(periods, by):
        out.append(f'<line class="tick" x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{TOP + PLOT_HEIGHT}" '
                   f'y2="{TOP + PLOT_HEIGHT + 5}"/><text x="{x(i):.1f}" y="{TOP + PLOT_HEIGHT + 18}" '
                   f'text-anchor="middle">{_e(text)}</text>')
    out.append(f'</g>\n<g class="axes"><line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + PLOT_HEIGHT}"/>'
               f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + PLOT_HEIGHT}" y2="{TOP + PLOT_HEIGHT}"/>'
               f'<text class="axis-title" x="{LEFT + plot_w / 2:.1f}" y="{TOP + PLOT_HEIGHT + 38}" '
               f'text-anchor="middle">{by}</text><text class="axis-title" transform="translate(16 '
               f'{TOP + PLOT_HEIGHT / 2:.1f}) rotate(-90)" text-anchor="middle">{_e(what)}</text></g>\n')
    for n, (s, v) in enumerate(zip(series, values, strict=True)):
        out.append(_line(n, s, [None if p not in totals else y(v.get(p, 0)) for p in periods], x))
    out.append(_legend(series, TOP + PLOT_HEIGHT + BELOW + 8))
    out.append("</svg>\n")
    return Markup("".join(out))


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    """Consecutive indexes as (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _line(n: int, series: dict[str, Any], ys: list[float | None], x: Any) -> str:
    """One series: a path broken at every gap, and dots where a period stands alone between gaps (or at
    every period when there are few)."""
    look = style(n)
    path, dots = [], []
    for i, yi in enumerate(ys):
        if yi is None:
            continue
        alone = (i == 0 or ys[i - 1] is None) and (i + 1 == len(ys) or ys[i + 1] is None)
        path.append(f"{'M' if i == 0 or ys[i - 1] is None else 'L'}{x(i):.1f},{yi:.1f}")
        if alone or len(ys) <= POINTS_UP_TO:
            dots.append(f'<circle cx="{x(i):.1f}" cy="{yi:.1f}" r="{3 if alone else 2.5}"/>')
    dash = f' stroke-dasharray="{look["dash"]}"' if look["dash"] else ""
    return (f'<g class="series" stroke="{look["colour"]}" fill="{look["colour"]}"><title>{_e(label(series))}</title>'
            f'<path fill="none" d="{" ".join(path)}"{dash}/>{"".join(dots)}</g>\n')


def _legend(series: list[dict[str, Any]], top: float) -> str:
    """A key of each series' line and name, three to a row."""
    out = ['<g class="legend">']
    width = (WIDTH - LEFT - RIGHT) / LEGEND_COLUMNS
    for n, s in enumerate(series):
        look = style(n)
        lx, ly = LEFT + (n % LEGEND_COLUMNS) * width, top + (n // LEGEND_COLUMNS) * LEGEND_ROW
        name = label(s)
        shown = name if len(name) <= LABEL_LENGTH else name[: LABEL_LENGTH - 1] + "…"
        dash = f' stroke-dasharray="{look["dash"]}"' if look["dash"] else ""
        out.append(f'<g><title>{_e(name)}</title><line x1="{lx:.1f}" x2="{lx + 34:.1f}" y1="{ly:.1f}" y2="{ly:.1f}" '
                   f'stroke="{look["colour"]}"{dash}/><text x="{lx + 42:.1f}" y="{ly + 4:.1f}">{_e(shown)}</text></g>')
    out.append("</g>\n")
    return "".join(out)
