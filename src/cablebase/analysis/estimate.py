"""Estimates from serial numbers: how many cables a post sent in a year, and when an absent cable was sent.

A post numbers its outgoing telegrams in one series a year (``07MADRID173`` is Madrid's 173rd cable of 2007).
The cables an archive holds are then a sample of that series, which gives two estimates (pure functions
here, fed by :mod:`cablebase.analysis.serials`):

- **How many** (the German tank problem, as Gill and Spirling applied it to Cablegate): with ``k`` distinct
  serials seen and the highest ``m``, the unbiased minimum-variance estimate of the year's last serial is
  ``m + m/k - 1``; :func:`traffic_interval` gives an exact confidence interval for it.
- **When**: a cited cable that is not in the archive was sent between the present cables of the same post
  and year whose serials surround its own, and not after the cable that cites it; :func:`date_between`
  interpolates within those bounds.

Both assume serials that start at 1 each year and rise with time. Where a post restarted its series, wrote
several in one year or had too few cables in the archive, the figures are wrong or wide; the callers say
so beside every estimate.
"""

from __future__ import annotations

import bisect
import calendar
import math
from dataclasses import dataclass
from datetime import date, timedelta

CONFIDENCE = 0.95
FEW = 5  # below this many serials in a post-year the traffic estimate is flagged as unreliable


@dataclass(frozen=True, slots=True)
class Traffic:
    """The estimated number of cables a post sent in a year, from the ``present`` distinct serials seen
    (``lowest`` to ``highest``)."""

    present: int
    lowest: int
    highest: int
    estimate: int
    interval: tuple[int, int]  # CONFIDENCE interval for the year's last serial

    @property
    def share(self) -> float:
        """The share of the post's cables of that year the archive holds (present / estimate)."""
        return self.present / self.estimate if self.estimate else 0.0

    @property
    def reliable(self) -> bool:
        return self.present >= FEW


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def _below(m: int, k: int, n: int) -> float:
    """P(the largest of k serials drawn without replacement from 1..n is at most m)."""
    if m >= n:
        return 1.0
    if m < k:
        return 0.0
    return math.exp(_log_choose(m, k) - _log_choose(n, k))


def traffic_interval(k: int, m: int, confidence: float = CONFIDENCE) -> tuple[int, int]:
    """The exact (Clopper-Pearson style) interval for the size ``n`` of the series: every ``n >= m`` under
    which seeing a largest serial as extreme as ``m`` has probability at least ``(1 - confidence) / 2`` on
    either side. Its coverage is at least ``confidence`` for every ``n``."""
    if k < 1 or m < k:
        raise ValueError(f"need 1 <= k <= m (k={k}, m={m})")
    tail = (1 - confidence) / 2
    # upper end: the largest n with P(M <= m | n) >= tail (it falls as n grows: doubling, then halving)
    hi = m
    while _below(m, k, hi * 2) >= tail:
        hi *= 2
    top = hi * 2
    while top - hi > 1:
        mid = (hi + top) // 2
        if _below(m, k, mid) >= tail:
            hi = mid
        else:
            top = mid
    # lower end: the smallest n with P(M >= m | n) >= tail, i.e. P(M <= m - 1 | n) <= 1 - tail (that
    # probability falls as n grows)
    low, top = m, max(hi, m)
    while low < top:
        mid = (low + top) // 2
        if _below(m - 1, k, mid) <= 1 - tail:
            top = mid
        else:
            low = mid + 1
    return low, hi


def traffic(serials: list[int] | set[int], confidence: float = CONFIDENCE) -> Traffic:
    """The traffic estimate of one post-year from the serials seen (duplicates count once)."""
    seen = sorted({s for s in serials if s > 0})
    if not seen:
        raise ValueError("no serials")
    k, m = len(seen), seen[-1]
    if m < k:  # (cannot happen with distinct positive serials)
        raise ValueError("serials are not distinct")
    estimate = round(m + m / k - 1)
    return Traffic(k, seen[0], m, max(estimate, m), traffic_interval(k, m, confidence))


# -- dates of absent cables ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateEstimate:
    """An absent cable's estimated day, always within ``low``..``high``; ``method`` says what bounded it:
    ``month`` (the Cablegate universe names its month) or ``year`` (only the id's year is known), with
    ``+serials`` when present cables of the same post-year narrowed it and ``+citing`` when the cable citing
    it did. ``note`` is set when the evidence disagrees: the bounds begin after the cable citing it (the
    year of its id was most likely read wrong: a REF item without a year, taken as the citing cable's)."""

    day: date
    low: date
    high: date
    method: str
    note: str | None = None

    def fields(self) -> dict[str, object]:
        """The estimate as a thread entry or a gaps row show it."""
        out: dict[str, object] = {"date": self.day.isoformat(), "date_bounds": [self.low.isoformat(),
                                                                                self.high.isoformat()]}
        if self.note:
            out["date_note"] = self.note
        return out

    def attributes(self) -> dict[str, str]:
        """The estimate as graph node attributes (typed exports keep them as strings)."""
        out = {"date": self.day.isoformat(), "date_low": self.low.isoformat(), "date_high": self.high.isoformat(),
               "date_method": self.method}
        if self.note:
            out["date_note"] = self.note
        return out


def _interpolate(serial: int, a: tuple[int, date], b: tuple[int, date]) -> date:
    if b[0] <= a[0]:
        return a[1]
    return a[1] + timedelta(days=round((b[1] - a[1]).days * (serial - a[0]) / (b[0] - a[0])))


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def date_between(year: int, serial: int, neighbours: list[tuple[int, date]], month: int | None = None,
                 before: date | None = None) -> DateEstimate:
    """The estimated day of cable ``serial`` of a post in ``year``.

    ``neighbours``: ``(serial, day)`` of the post-year's cables that are present, sorted by serial (their
    days may fall in the year before or after: a date-time group in Zulu time); ``month``: the month the
    Cablegate universe gives for the cable (1-12), if any; ``before``: the earliest day of a cable that cites
    it (a cable is not cited before it is sent). Bounds come from the month, else the year, narrowed by the
    nearest present serials on either side and by ``before`` where they agree with it. The day is
    interpolated linearly between the neighbours (with serial 0 on the year's first day when there is none
    before), or carried on at the post's pace of the year after the last one, and kept within the bounds."""
    low, high = month_bounds(year, month) if month else (date(year, 1, 1), date(year, 12, 31))
    method = "month" if month else "year"
    i = bisect.bisect_left(neighbours, (serial, date.min))
    prev = next((neighbours[j] for j in range(i - 1, -1, -1) if neighbours[j][0] < serial), None)
    nxt = next((neighbours[j] for j in range(i, len(neighbours)) if neighbours[j][0] > serial), None)
    lo2 = max(low, prev[1]) if prev else low
    hi2 = min(high, nxt[1]) if nxt else high
    if lo2 <= hi2 and (lo2, hi2) != (low, high):
        low, high = lo2, hi2
        method += "+serials"
    note = None
    if before is not None:
        if low <= before < high:
            high = before
            method += "+citing"
        elif before < low:
            note = (f"its bounds begin after the cable citing it ({before.isoformat()}): the year of its id is "
                    "most likely wrong (a REF item without a year is read as of the citing cable's)")
    first = date(year, 1, 1)  # serial 0: the series starts with the year
    pace_days = (prev[1] - first).days + 1 if prev else 0
    if prev and nxt and prev[1] <= nxt[1]:
        day = _interpolate(serial, prev, nxt)
    elif nxt and not prev:
        day = _interpolate(serial, (0, first), nxt)
    elif prev and not nxt and prev[0] > 0 and pace_days > 0:  # on at the post's pace of the year so far
        day = prev[1] + timedelta(days=min(366, round((serial - prev[0]) * pace_days / prev[0])))
    else:
        day = low + timedelta(days=(high - low).days // 2)
    return DateEstimate(min(max(day, low), high), low, high, method, note)
