"""The checker is the spec: a legal roster passes, and each rule is broken by a hand-made
roster that differs from the legal one in as little as possible."""

from __future__ import annotations

import pytest

from roster.checker import check
from roster.loading import unit_from_data
from roster.problem import compile_problem
from tests.conftest import BASELINE, make_roster, tiny_unit_data


def rules_broken(unit, rows):
    result = check(compile_problem(unit), make_roster(unit, rows))
    return result, sorted({b.rule for b in result.breaches})


def test_baseline_is_legal(tiny_unit):
    result, rules = rules_broken(tiny_unit, BASELINE)
    assert rules == [], [b.message("en") for b in result.breaches]


@pytest.mark.parametrize("changes, expected", [
    ({"3": ". . . N . . . D . A . . A A"}, ["shift_not_allowed"]),
    ({"2": ". D . . D D D . . . . . . ."}, ["unavailable"]),
    ({"3": ". . A . . . . D . . . . A A"}, ["coverage_max"]),
    ({"2": ". D . . . D D D . . . . . .", "3": ". . . . . . . . A A . . A A"},
     ["coverage_skill"]),
    ({"3": ". . . . . . . D . A D . A A"}, ["daily_rest"]),
    ({"1": "D D A . D D D . D D . . . ."}, ["weekly_rest"]),
    ({"1": "D D A . . D D D D . . . . ."}, ["max_consecutive"]),
    ({"3": ". . . . . . . D . A A A . ."}, ["weekend_count"]),
    ({"3": ". . . . . . . D . A A . A ."}, ["weekend_split"]),
    ({"2": ". . . . . D D . . . . . . ."}, ["total_hours"]),
])
def test_each_rule_broken_alone(tiny_unit, changes, expected):
    result, rules = rules_broken(tiny_unit, {**BASELINE, **changes})
    assert rules == expected, [b.message("en") for b in result.breaches]


def test_double_booking(tiny_unit):
    result, rules = rules_broken(tiny_unit, {**BASELINE, "1": "D D A D/A . D D . D D . . . ."})
    assert "double_booking" in rules
    # D 07–15 and A 14–22 on one day overlap: rest is negative.
    assert any(b.rule == "daily_rest" and b.params["rest"] < 0 for b in result.breaches)


def test_coverage_min_missing_day(tiny_unit):
    result, rules = rules_broken(tiny_unit, {**BASELINE, "3": ". . . . . . . . A A . . A A"})
    assert rules == ["coverage_min", "coverage_skill"]
    (breach,) = [b for b in result.breaches if b.rule == "coverage_min"]
    assert breach.day == 7
    assert breach.message("en") == "week 2 Mon, D: 0 on duty, needs at least 1 (requirement 1)"


def test_weekly_hours(tiny_unit):
    unit = unit_from_data(tiny_unit_data(rules={**tiny_unit.rules.model_dump(),
                                                "max_weekly_hours": 39}))
    result, rules = rules_broken(unit, BASELINE)
    assert rules == ["weekly_hours"]
    assert result.breaches[0].message("nb") == "Kari Nordmann: 40 t i uke 1 (høyst 39 t)"


def test_daily_rest_message_in_both_languages(tiny_unit):
    result, _ = rules_broken(tiny_unit, {**BASELINE, "3": ". . . . . . . D . A D . A A"})
    (breach,) = result.breaches
    assert breach.message("en") == (
        "Per Berg: only 9 h rest between A on week 2 Wed and D on week 2 Thu (needs 11 h)")
    assert breach.message("nb") == (
        "Per Berg: bare 9 t hvile mellom A uke 2 ons og D uke 2 tor (krever 11 t)")


def test_daily_rest_wraps_round_the_turnus(tiny_unit):
    # A on the last Sunday, D on the first Monday: 9 h rest across the wrap.
    result, rules = rules_broken(tiny_unit, {**BASELINE, "3": "D . . . . . . D . . . . A A"})
    assert rules == ["daily_rest"]
    assert result.breaches[0].params["first_day"] == 13
    assert result.breaches[0].params["second_day"] == 0


def test_weekly_rest_counts_a_sunday_night_into_monday():
    """A Sunday night shift occupies Monday morning of the next week, here wrapping round
    from the last Sunday to week 1."""
    data = tiny_unit_data(requirements=[], staff=[
        {"id": "1", "name": "Kari Nordmann", "fte": 1.0}],
        rules={"weekly_rest_hours": 35, "max_consecutive_days": 6, "weekend_every": 1,
               "max_weekly_hours": 60, "full_time_weekly_hours": 40,
               "hours_tolerance_per_week": 20})
    unit = unit_from_data(data)
    # Each week is free from Monday 00:00 to the A shift on Tuesday 14:00: 38 h.
    assert rules_broken(unit, {"1": ". A A A A A A . A A A A A A"})[1] == []
    # The last Sunday becomes a night shift (22:00–07:00): week 1 is now free only from
    # Monday 07:00, 31 h.
    result, rules = rules_broken(unit, {"1": ". A A A A A A . A A A A A N"})
    assert rules == ["weekly_rest"]
    assert result.breaches[0].params == {"name": "Kari Nordmann", "week": 1,
                                         "rest": 31 * 60, "need": 35 * 60}


def test_max_consecutive_wraps_round():
    data = tiny_unit_data(requirements=[], staff=[
        {"id": "1", "name": "Kari Nordmann", "fte": 1.0}],
        rules={"max_consecutive_days": 3, "weekend_every": 2, "weekly_rest_hours": 0,
               "full_time_weekly_hours": 20, "hours_tolerance_per_week": 20})
    unit = unit_from_data(data)
    result, rules = rules_broken(unit, {"1": "D D . . . . . . . . . . D D"})
    assert rules == ["max_consecutive"]
    assert result.breaches[0].params["count"] == 4
    assert result.breaches[0].params["day"] == 12
    everything = {"1": " ".join(["D"] * 14)}
    result, rules = rules_broken(unit, everything)
    assert [b.params["count"] for b in result.breaches if b.rule == "max_consecutive"] == [14]


def test_two_weekends_in_a_row_with_a_legal_count():
    """Three weeks, every second weekend: 1 or 2 weekends are fine, but never two in a row
    (weekends 3 and 1 are neighbours too, the roster repeats)."""
    data = tiny_unit_data(requirements=[], turnus={"weeks": 3, "start": "2027-01-04"},
                          staff=[{"id": "1", "name": "Kari Nordmann", "fte": 1.0}],
                          rules={"weekend_every": 2, "full_time_weekly_hours": 10,
                                 "hours_tolerance_per_week": 10})
    unit = unit_from_data(data)
    assert rules_broken(unit, {"1": ". . . . . D D . . . . . . . . . . . . . ."})[1] == []
    result, rules = rules_broken(unit, {"1": ". . . . . D D . . . . . D D . . . . . . ."})
    assert rules == ["weekend_consecutive"]
    result, rules = rules_broken(unit, {"1": ". . . . . D D . . . . . . . . . . . . D D"})
    assert rules == ["weekend_consecutive"]
    assert (result.breaches[0].params["first"], result.breaches[0].params["second"]) == (3, 1)


def test_no_weekend_staff_override():
    data = tiny_unit_data(requirements=[], staff=[
        {"id": "1", "name": "Kari Nordmann", "fte": 1.0, "weekend_every": 0}],
        rules={"full_time_weekly_hours": 10, "hours_tolerance_per_week": 10})
    unit = unit_from_data(data)
    assert rules_broken(unit, {"1": "D . . . . . . D . . . . . ."})[1] == []
    result, rules = rules_broken(unit, {"1": "D . . . . D D . . . . . . ."})
    assert rules == ["weekend_count"]
    assert result.breaches[0].message("en") == (
        "Kari Nordmann: number of working weekends is 1, should be 0")
