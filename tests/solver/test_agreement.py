"""The solver and the checker must agree exactly.

For random rosters of a small unit, every shift variable is fixed to the roster and the
model solved: it must be feasible exactly when the checker finds no breach, family by
family; and when it is, the objective must equal the checker's score.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from roster.checker import check
from roster.loading import unit_from_data
from roster.problem import compile_problem
from roster.schedule import Assignment, Roster
from solver.explain import all_families
from solver.model import RosterModel
from tests.conftest import BASELINE, make_roster, tiny_unit_data

# Which checker rules each solver family enforces.
FAMILY_RULES = {
    ("rule", "unavailable"): {"unavailable"},
    ("rule", "daily_rest"): {"daily_rest"},
    ("rule", "weekly_rest"): {"weekly_rest"},
    ("rule", "max_consecutive"): {"max_consecutive"},
    ("rule", "weekend_split"): {"weekend_split"},
    ("rule", "weekend_count"): {"weekend_count"},
    ("rule", "weekend_consecutive"): {"weekend_consecutive"},
    ("rule", "weekly_hours"): {"weekly_hours"},
    ("rule", "total_hours"): {"total_hours"},
}
COVERAGE_RULES = {"coverage_min", "coverage_max", "coverage_skill"}

UNIT = unit_from_data(tiny_unit_data(
    requirements=[
        {"shift": "D", "days": ["mon", "tue", "sat"], "min": 1, "target": 2,
         "skills": {"sykepleier": 1}},
        {"shift": "A", "days": ["wed", "sun"], "min": 0, "max": 1},
        {"shift": "N", "min": 0, "target": 1},
    ]))
PROBLEM = compile_problem(UNIT)


def solve_fixed(roster: Roster, families=None, objective: bool = False):
    built = RosterModel(PROBLEM, objective=objective, families=families)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 30
    status = solver.solve(built.fixed_to(roster))
    assert status in (cp_model.OPTIMAL, cp_model.INFEASIBLE), solver.status_name(status)
    return status == cp_model.OPTIMAL, solver


@st.composite
def rosters(draw) -> Roster:
    """One shift or none per person and day, from the person's allowed codes."""
    assignments = []
    for e in PROBLEM.employees:
        # Density varies so that both legal and illegal rosters come up.
        density = draw(st.sampled_from([0.3, 0.45, 0.6]))
        for day in range(PROBLEM.days):
            if draw(st.floats(0, 1)) < density:
                code = draw(st.sampled_from(e.allowed))
                assignments.append(Assignment(employee_id=e.id, day=day, shift=code))
    return Roster(unit=UNIT.unit.id, weeks=UNIT.turnus.weeks, assignments=assignments)


@st.composite
def near_legal_rosters(draw) -> Roster:
    """The legal baseline with one to three cells changed: rosters on the edge of each
    rule, where a wrong encoding shows."""
    cells = {e: row.split() for e, row in BASELINE.items()}
    for _ in range(draw(st.integers(1, 3))):
        e = draw(st.sampled_from(PROBLEM.employees))
        day = draw(st.integers(0, PROBLEM.days - 1))
        cells[e.id][day] = draw(st.sampled_from((".",) + e.allowed))
    return make_roster(UNIT, {e: " ".join(row) for e, row in cells.items()})


ANY_ROSTER = st.one_of(rosters(), near_legal_rosters())


def broken_by_family(roster: Roster) -> dict:
    result = check(PROBLEM, roster)
    rules = {b.rule for b in result.breaches}
    broken = {family: bool(rules & names) for family, names in FAMILY_RULES.items()}
    for req in PROBLEM.coverage:
        broken[("coverage", req.index)] = any(
            b.rule in COVERAGE_RULES and b.params["req"] == req.index + 1
            for b in result.breaches)
    return broken


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_ROSTER)
def test_each_family_agrees_with_the_checker(roster):
    broken = broken_by_family(roster)
    for family in all_families(PROBLEM):
        feasible, _ = solve_fixed(roster, families=frozenset([family]))
        assert feasible == (not broken[family]), (family, broken[family])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_ROSTER)
def test_objective_equals_score_whenever_the_model_accepts(roster):
    # Only the soft goals: with no hard family, every roster is accepted.
    feasible, solver = solve_fixed(roster, families=frozenset(), objective=True)
    assert feasible
    score = check(PROBLEM, roster).score
    assert round(solver.objective_value) == score.total


def test_baseline_roster_is_accepted_whole():
    unit = unit_from_data(tiny_unit_data())
    problem = compile_problem(unit)
    roster = make_roster(unit, BASELINE)
    built = RosterModel(problem)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(built.fixed_to(roster)) == cp_model.OPTIMAL
    assert round(solver.objective_value) == check(problem, roster).score.total


@pytest.mark.parametrize("row, family", [
    (". . . . . . . D . A D . A A", ("rule", "daily_rest")),
    (". . . . . . . D . A A . A .", ("rule", "weekend_split")),
])
def test_hand_made_breach_is_rejected_by_its_family(row, family):
    unit = unit_from_data(tiny_unit_data())
    problem = compile_problem(unit)
    roster = make_roster(unit, {**BASELINE, "3": row})
    built = RosterModel(problem, objective=False, families=frozenset([family]))
    solver = cp_model.CpSolver()
    assert solver.solve(built.fixed_to(roster)) == cp_model.INFEASIBLE


@pytest.mark.parametrize("weeks", [1, 3])
def test_agreement_on_other_lengths(weeks):
    """One and three weeks: the wrap-around edge cases of weekly rest and weekends."""
    import random

    rng = random.Random(weeks)
    data = tiny_unit_data(turnus={"weeks": weeks, "start": "2027-01-04"}, requirements=[
        {"shift": "D", "days": ["mon", "sat"], "min": 1, "skills": {"sykepleier": 1}},
        {"shift": "N", "days": ["sun"], "min": 0, "max": 1}])
    unit = unit_from_data(data)
    problem = compile_problem(unit)
    for _ in range(20):
        assignments = [Assignment(employee_id=e.id, day=d, shift=rng.choice(e.allowed))
                       for e in problem.employees for d in range(problem.days)
                       if rng.random() < 0.5]
        roster = Roster(unit=unit.unit.id, weeks=weeks, assignments=assignments)
        result = check(problem, roster)
        rules = {b.rule for b in result.breaches}
        for family in all_families(problem):
            if family[0] == "rule":
                broken = bool(rules & FAMILY_RULES[family])
            else:
                broken = any(b.rule in COVERAGE_RULES and b.params["req"] == family[1] + 1
                             for b in result.breaches)
            built = RosterModel(problem, objective=False, families=frozenset([family]))
            solver = cp_model.CpSolver()
            solver.parameters.num_workers = 1
            accepted = solver.solve(built.fixed_to(roster)) == cp_model.OPTIMAL
            assert accepted == (not broken), (weeks, family)
