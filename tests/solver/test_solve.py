"""Solving the shipped units: every roster passes the checker with zero hard breaches and
the solver's objective equals the checker's score. Budgets are in CP-SAT deterministic
time with one worker, so the tests do not depend on the machine's speed."""

from __future__ import annotations

import pytest

from roster.checker import check
from roster.loading import load_unit
from roster.problem import compile_problem
from solver.model import SolveOptions, solve
from solver.result import Conflict
from tests.conftest import FEASIBLE_UNITS, UNITS

DETERMINISTIC = dict(time_limit_s=600, workers=1, seed=1)


def problem_of(name):
    return compile_problem(load_unit(UNITS / f"{name}.yaml"))


@pytest.mark.parametrize("name", FEASIBLE_UNITS)
def test_fixture_solves_with_zero_breaches(name):
    problem = problem_of(name)
    result = solve(problem, SolveOptions(deterministic_time=1.0, **DETERMINISTIC))
    assert result.status in ("FEASIBLE", "OPTIMAL")
    checked = check(problem, result.roster)
    assert checked.breaches == []
    assert checked.score.total == result.objective
    assert checked.score.quantities == result.components
    assert result.bound <= result.objective
    facts = result.roster.solver
    assert facts["status"] == result.status and facts["objective"] == result.objective


def test_same_seed_one_worker_same_roster():
    problem = problem_of("solsikken-skjermet")
    options = SolveOptions(deterministic_time=1.0, **DETERMINISTIC)
    first, second = solve(problem, options), solve(problem, options)
    assert first.objective == second.objective
    assert first.roster.sorted().assignments == second.roster.sorted().assignments


def test_optimisation_improves_on_the_first_roster():
    problem = problem_of("solsikken-skjermet")
    quick = solve(problem, SolveOptions(stop_after_first=True, **DETERMINISTIC))
    longer = solve(problem, SolveOptions(deterministic_time=3.0, **DETERMINISTIC))
    assert check(problem, quick.roster).breaches == []
    assert longer.objective < quick.objective


def test_infeasible_plan_is_explained():
    problem = problem_of("bjorkly-infeasible")
    result = solve(problem, SolveOptions(**DETERMINISTIC))
    assert result.status == "INFEASIBLE" and result.roster is None
    assert result.explanation.minimal
    # The weekend day requirement (requirement 2) against every-third-weekend.
    assert result.explanation.conflicts == [Conflict("rule", "weekend_count"),
                                            Conflict("coverage", 1)]


def test_no_roster_within_the_budget_is_not_called_infeasible():
    problem = problem_of("storgata-langtid")
    result = solve(problem, SolveOptions(deterministic_time=0.001, **DETERMINISTIC))
    assert result.status == "UNKNOWN"
    assert result.roster is None and result.explanation is None
