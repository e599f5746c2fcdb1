"""The long-horizon stand-ins (benchmarks/curtois_long.py): the 42-day cut."""

from __future__ import annotations

import argparse

import pytest

from benchmarks.curtois_long import case, cut, repeated
from roster.curtois import read
from tests.conftest import ROOT

FIXTURES = ROOT / "fixtures" / "curtois"


def test_cut_keeps_the_first_days_and_scales_the_limits():
    whole = repeated(read(FIXTURES / "Instance8.txt"), 2)
    part = cut(whole, 42)
    assert part.name == "Instance8x2d42" and part.days == 42
    assert part.cover and all(c.day < 42 for c in part.cover)
    assert len(part.cover) == len(whole.cover) * 3 // 4
    for requests, before in ((part.on_requests, whole.on_requests),
                             (part.off_requests, whole.off_requests)):
        assert list(requests) == [r for r in before if r.day < 42]
    a, a56 = part.employees[0], whole.employees[0]
    # Instance8's A: D=28|N=4, 8640–8160 minutes, 2 weekends, days off 1 and 2 (28 days)
    assert a.max_shifts == {"E": 0, "D": 42, "L": 0, "N": 6}
    assert (a.max_minutes, a.min_minutes, a.max_weekends) == (12960, 12240, 3)
    assert a.days_off == a56.days_off == {1, 2, 29, 30}
    # D's days off 22 and 26 fall on 50 and 54 too in 56 days, which the cut drops
    d, d56 = part.employees[3], whole.employees[3]
    assert d.id == "D" and d56.days_off == {22, 26, 50, 54} and d.days_off == {22, 26}
    # maxima up, minimum down: AC's 1 night in 28 days is 2 in 42, not 1
    ac = next(e for e in part.employees if e.id == "AC")
    assert ac.max_shifts["N"] == 2 and ac.min_minutes == 2940 * 2 * 3 // 4


def test_case_takes_a_cut_and_names_a_bad_one():
    assert case("8x2d42").days == 42
    assert case("5x1").days == 28
    with pytest.raises(argparse.ArgumentTypeError, match="cannot keep 70 of 56 days"):
        case("8x2d70")
    with pytest.raises(argparse.ArgumentTypeError, match="expected"):
        case("8x2d")
