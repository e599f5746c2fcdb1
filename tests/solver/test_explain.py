"""Explanations name a proven, minimal conflict."""

from __future__ import annotations

from roster.loading import unit_from_data
from roster.problem import compile_problem
from solver.explain import describe_conflicts, explain
from solver.result import Conflict
from tests.conftest import tiny_unit_data


def test_capacity_conflict_with_maxima_names_all_its_parts():
    """Everyone must work exactly one of the two weekends, but the weekend maxima leave
    room for only one person a day: three people, two weekends."""
    data = tiny_unit_data(requirements=[
        {"shift": "D", "days": ["sat", "sun"], "min": 0, "max": 1},
        {"shift": "A", "days": ["sat", "sun"], "min": 0, "max": 0},
        {"shift": "N", "days": ["sat", "sun"], "min": 0, "max": 0},
    ])
    problem = compile_problem(unit_from_data(data))
    explanation = explain(problem, time_limit_s=60)
    assert explanation.minimal
    assert explanation.conflicts == [
        Conflict("rule", "weekend_split"), Conflict("rule", "weekend_count"),
        Conflict("coverage", 0), Conflict("coverage", 1), Conflict("coverage", 2)]
    lines = describe_conflicts(problem, explanation, "en")
    assert lines[1].startswith("weekend load: one weekend in 2")
    assert lines[2] == ("weekend arithmetic: the 3 staff who may work A/D/N are to work 3 "
                        "person-weekends in the turnus; the requirements need at least 0 and "
                        "leave room for at most 2 (2 weekends)")


def test_unavailable_day_against_a_requirement():
    data = tiny_unit_data(requirements=[
        {"shift": "D", "days": ["fri"], "min": 3}])
    problem = compile_problem(unit_from_data(data))
    explanation = explain(problem, time_limit_s=60)
    assert explanation.minimal
    assert explanation.conflicts == [Conflict("rule", "unavailable"), Conflict("coverage", 0)]


def test_a_feasible_plan_has_nothing_to_explain(tiny_problem):
    explanation = explain(tiny_problem, time_limit_s=30)
    assert explanation.conflicts == []
