"""The estimates from serial numbers: traffic (German tank) and the dates of absent cables."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablebase.analysis.estimate import FEW, date_between, traffic, traffic_interval


def test_umvu_estimate_and_share():
    t = traffic([3, 10, 7, 10, 1])  # duplicates count once: k = 4, m = 10
    assert (t.present, t.lowest, t.highest) == (4, 1, 10)
    assert t.estimate == round(10 + 10 / 4 - 1)
    assert t.share == pytest.approx(4 / t.estimate)
    assert not t.reliable and FEW == 5
    lo, hi = t.interval
    assert 10 <= lo <= t.estimate <= hi


def test_interval_narrows_with_more_serials():
    wide = traffic_interval(2, 1000)
    narrow = traffic_interval(50, 1000)
    assert wide[1] - wide[0] > narrow[1] - narrow[0] > 0


def test_traffic_rejects_nothing_seen():
    with pytest.raises(ValueError):
        traffic([])
    with pytest.raises(ValueError):
        traffic_interval(5, 3)


def test_simulation_recovers_the_true_maximum_at_the_stated_rate():
    """Samples drawn without replacement from 1..N: the 95% interval holds N about 95% of the time (it is
    exact, so at least that; a little above in practice), and the estimate is unbiased."""
    rng = random.Random(2026)
    trials, inside, errors = 3000, 0, []
    for _ in range(trials):
        n = rng.randint(30, 20000)
        k = rng.randint(1, min(n, 80))
        t = traffic(rng.sample(range(1, n + 1), k))
        inside += t.interval[0] <= n <= t.interval[1]
        errors.append((t.estimate - n) / n)
    rate = inside / trials
    assert 0.94 <= rate <= 0.985, rate
    assert abs(sum(errors) / trials) < 0.02


@given(st.lists(st.integers(1, 5000), min_size=1, max_size=60), st.integers(1, 5000))
def test_interval_always_holds_the_highest_serial_and_the_estimate(serials, _):
    t = traffic(serials)
    assert t.interval[0] >= t.highest
    assert t.interval[0] <= t.estimate <= t.interval[1] or t.present == 1


days = st.dates(min_value=date(1966, 1, 1), max_value=date(2010, 12, 31))


@settings(max_examples=300)
@given(st.integers(1966, 2010), st.integers(1, 20000),
       st.lists(st.tuples(st.integers(1, 20000), st.integers(-40, 400)), max_size=30),
       st.one_of(st.none(), st.integers(1, 12)), st.one_of(st.none(), days))
def test_absent_dates_stay_within_their_bounds(year, serial, raw, month, before):
    neighbours = sorted({(s, date(year, 1, 1) + timedelta(days=d)) for s, d in raw if s != serial})
    est = date_between(year, serial, neighbours, month, before)
    assert est.low <= est.day <= est.high
    assert est.low.year == year == est.high.year  # (neighbours may fall in the years either side)
    if month:
        assert est.low.month == month == est.high.month


def test_interpolation_between_neighbours():
    n = [(100, date(2007, 3, 1)), (300, date(2007, 3, 21))]
    est = date_between(2007, 200, n)
    assert (est.day, est.low, est.high, est.method) == (date(2007, 3, 11), date(2007, 3, 1), date(2007, 3, 21),
                                                        "year+serials")
    # the universe's month bounds it; the citing cable's day caps it
    est = date_between(2007, 200, n, month=3, before=date(2007, 3, 5))
    assert est.high == date(2007, 3, 5) and est.low == date(2007, 3, 1) and est.method == "month+serials+citing"
    assert est.note is None
    # a citing cable before the bounds: its id's year is doubtful, and said so
    est = date_between(2007, 200, n, before=date(2007, 1, 12))
    assert est.note and "year of its id" in est.note and est.low <= est.day <= est.high
    # a neighbour dated on the last day of the year before (a Zulu date-time group): no division by zero
    est = date_between(2008, 300, [(45, date(2007, 12, 31))])
    assert date(2008, 1, 1) <= est.day <= date(2008, 12, 31)
    # nothing known: the middle of the year
    est = date_between(2007, 5, [])
    assert est.method == "year" and est.low == date(2007, 1, 1) and est.high == date(2007, 12, 31)


@pytest.mark.corpus
def test_dates_of_cables_left_out_fall_within_their_bounds(corpus_archive):
    """Each present cable with neighbours of its post-year left out in turn and dated from the rest (without
    its month): its real day falls within the bounds nearly always, and near the estimate."""
    from cablebase.analysis.serials import Serials

    serials = Serials.of_archive(corpus_archive.con)
    inside, errors = 0, []
    for (year, _), group in serials.groups.items():
        for i, (serial, real) in enumerate(group):
            rest = group[:i] + group[i + 1:]
            if not rest or real.year != year:
                continue
            est = date_between(year, serial, rest)
            inside += est.low <= real <= est.high
            errors.append(abs((est.day - real).days))
    assert len(errors) > 300
    assert inside / len(errors) >= 0.9
    errors.sort()
    assert errors[len(errors) // 2] <= 30  # days, median


@pytest.mark.corpus
def test_a_post_year_read_from_the_serials_table_is_the_one_read_from_the_cables(corpus_archive):
    """Every post-year of the corpus: the ``serials`` table gives the same dated cables as the ids."""
    from cablebase.analysis.serials import Serials, station_serials, table_serials

    keys = list(Serials.of_archive(corpus_archive.con).groups)
    assert len(keys) > 100
    for year, station in keys:
        assert table_serials(corpus_archive.con, year, station) == station_serials(corpus_archive.con, year, station)
    lazy = Serials.lazy(corpus_archive.con)
    year, station = keys[0]
    assert lazy.neighbours(year, station) == station_serials(corpus_archive.con, year, station)
