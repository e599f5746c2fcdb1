"""The benchmark model (solver.curtois) against the benchmark's scorer (roster.curtois)."""

from __future__ import annotations

import math
import random
import time
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

import solver.column_generation as column_generation
import solver.curtois as curtois
from roster.curtois import (
    OFF,
    Restriction,
    daily_penalties,
    evaluate,
    parse,
    read,
    restrict,
)
from solver.column_generation import SCALE, ColumnGeneration, Pricing, complies
from solver.curtois import (
    AGREE,
    BenchOptions,
    CurtoisModel,
    assignments_of,
    benchmark_record,
    block_days_of,
    block_search,
    block_spans,
    complete_employees,
    excess_days,
    held_outside,
    lp_daily_penalties,
    solve,
    subset_search,
    weekend_days_around,
    weekend_neighbourhood,
    weekend_search,
    window_and_weekend_search,
    window_search,
)
from tests.roster.test_curtois import FIVE_WEEKS, FIVE_WEEKS_ROSTER, FIXTURES, row, tiny

LOOSE = """\
SECTION_HORIZON
14

SECTION_SHIFTS
D,480,
N,600,D

SECTION_STAFF
A,D=14|N=3,4080,3360,5,2,2,2
B,N=0,6720,0,4,1,1,0

SECTION_DAYS_OFF
A,3

SECTION_SHIFT_ON_REQUESTS
A,0,D,2
B,6,D,1

SECTION_SHIFT_OFF_REQUESTS
B,4,D,3

SECTION_COVER
0,D,1,100,1
1,D,2,100,1
4,N,1,50,5
5,D,1,10,2
"""
"""Looser than the scorer tests' instance, so that random plans are often legal; every
rule still binds somewhere (A: N cap, minutes, runs, day off; B: no N, no weekend)."""


def fixed_model_value(instance, assignments) -> int | None:
    """Objective of the model with every variable fixed to ``assignments``, or None when
    the model rejects them (an assignment outside its variables is a rejection too)."""
    built = CurtoisModel(instance)
    for sv in built.schedules:
        plan = assignments[sv.employee.id]
        for d, shift in enumerate(plan):
            if shift != OFF and (d, shift) not in sv.x:
                return None
        for (d, s), var in sv.x.items():
            built.model.add(var == int(plan[d] == s))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    status = solver.solve(built.model)
    if status == cp_model.INFEASIBLE:
        return None
    assert status == cp_model.OPTIMAL
    return round(solver.objective_value)


LEGAL_BASES = {
    "A": ["DD--DD--NN---D", "DDD----DDDD---", "NN---DDDDD---D"],
    "B": ["--D-D---D-D---", "DDDD-D--------", "-DDDD---D-DD--"],
}
"""Legal plans for LOOSE, mutated a little by the strategy below."""


@st.composite
def near_legal(draw, employee: str) -> list[str]:
    """One of the employee's legal plans with 0–2 days changed: both verdicts are common
    and every rule gets broken now and then."""
    plan = row(draw(st.sampled_from(LEGAL_BASES[employee])))
    for _ in range(draw(st.integers(0, 2))):
        plan[draw(st.integers(0, len(plan) - 1))] = draw(st.sampled_from(["D", "N", OFF]))
    return plan


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_model_and_scorer_agree(data):
    """Every family of rules at once: the model accepts exactly the assignments the scorer
    finds legal, with the scorer's objective."""
    instance = parse(LOOSE, "Loose")
    assignments = {e.id: data.draw(near_legal(e.id)) for e in instance.employees}
    expected = evaluate(instance, assignments)
    value = fixed_model_value(instance, assignments)
    if expected.legal:
        assert value == expected.objective
    else:
        assert value is None, expected.breaches


def test_model_accepts_legal_plan_with_exempt_edges():
    instance = tiny()
    plan = {"A": row("D---DD--DD---D"), "B": row("-" * 14)}
    # Two weekends (days 5 and 13) are one too many for A: rejected by both.
    assert not evaluate(instance, plan).legal
    assert fixed_model_value(instance, plan) is None
    plan["A"][13] = OFF
    assert evaluate(instance, plan).legal
    assert fixed_model_value(instance, plan) == evaluate(instance, plan).objective


def test_instance1_solves_to_its_proven_optimum():
    instance = read(FIXTURES / "Instance1.txt")
    result = solve(instance, BenchOptions(time_limit_s=120, workers=2, seed=0))
    record = benchmark_record(instance, result)  # raises on any breach
    assert record["objective"] == 607 == record["bound"]
    assert record["status"] == "OPTIMAL"
    assert evaluate(instance, record["assignments"]).objective == 607
    assert set(record["assignments"]) == {e.id for e in instance.employees}
    assert all(len(row) == instance.days for row in record["assignments"].values())


def test_column_generation_bound_is_valid_and_tight():
    """The Lagrangian bound never exceeds the optimum (Instance2: 828, proven) and on this
    instance reaches it."""
    instance = read(FIXTURES / "Instance2.txt")
    result = ColumnGeneration(instance).run(time.perf_counter() + 300)
    assert result.converged
    assert result.lower_bound == 828
    assert result.lp_value <= 828 + 1e-6
    for columns in result.columns:
        assert columns  # every employee has a legal schedule


def test_column_generation_past_its_deadline_goes_on_only_when_nearly_converged(
        monkeypatch):
    """Past the deadline the pricing stops after the round under way, unless the bound
    is within NEAR_CONVERGED of the LP and the overtime has not passed: then it goes on
    (here to convergence, NEAR_CONVERGED widened so that any bound counts)."""
    instance = read(FIXTURES / "Instance2.txt")

    def generation_past_its_deadline(overtime: float | None) -> tuple[ColumnGeneration, bool]:
        generation = ColumnGeneration(instance)
        generation.fallback = generation._first_schedules(time.perf_counter() + 300)
        zero = {key: 0 for key in generation.cover_rows}
        return generation, generation._generate(zero, time.perf_counter(), bound=True,
                                                overtime=overtime)

    generation, converged = generation_past_its_deadline(time.perf_counter() + 300)
    assert not converged and generation.iterations == 1  # the bound is far from the LP
    monkeypatch.setattr(column_generation, "NEAR_CONVERGED", 1.0)
    generation, converged = generation_past_its_deadline(None)
    assert not converged and generation.iterations == 1  # no overtime given
    generation, converged = generation_past_its_deadline(time.perf_counter() - 1)
    assert not converged and generation.iterations == 1  # the overtime has passed
    generation, converged = generation_past_its_deadline(time.perf_counter() + 300)
    assert converged and generation.iterations > 1
    assert generation.lower_bound == 828


def test_column_generation_stops_for_the_dive_only_once_its_bound_is_near_the_lp():
    """With stop_for_dive = (time, gap) the pricing stops after the first round that
    would have the next end past ``time`` while the bound is within ``gap`` of the LP;
    a bound further off, or a time not yet near, prices on to convergence."""
    instance = read(FIXTURES / "Instance5.txt")

    def generated(time_to_stop: float, gap: float) -> ColumnGeneration:
        generation = ColumnGeneration(instance)
        generation.fallback = generation._first_schedules(time.perf_counter() + 300)
        zero = {key: 0 for key in generation.cover_rows}
        generation.converged = generation._generate(
            zero, time.perf_counter() + 300, bound=True,
            stop_for_dive=(time_to_stop, gap))
        return generation

    converged = generated(time.perf_counter() + 300, 1.0)
    assert converged.converged and converged.iterations > 2
    assert generated(time.perf_counter(), 0.0).iterations == converged.iterations
    # From zero duals the first round's bound is far below its LP: stopped only with a
    # gap that any bound meets, once it has one.
    stopped = generated(time.perf_counter(), 1.0)
    assert not stopped.converged and stopped.iterations == 1
    # With a gap of 1 % it prices on past that first round (its bound more than 1 % below
    # its LP) and stops at the first round whose bound is within 1 %.
    assert converged.history[0][1] > 1.01 * converged.history[0][2]  # (time, LP, bound)
    near = generated(time.perf_counter(), 0.01)
    assert 1 < near.iterations <= converged.iterations
    assert near.lower_bound >= 0.99 * near.history[-1][1]
    assert all(bound < 0.99 * lp for _, lp, bound in near.history[:-1])


@pytest.mark.parametrize("name, stops", [("Instance1", False), ("Five", True)])
def test_solve_stops_the_column_generation_for_the_dive_on_long_horizons_only(
        monkeypatch, name, stops):
    """solve() gives the column generation its stop for the dive (half of dive_share,
    dive_first_gap) on horizons longer than dive_first_min_days only."""
    instance = (parse(FIVE_WEEKS, "Five") if name == "Five"
                else read(FIXTURES / f"{name}.txt"))
    given = []
    run = ColumnGeneration.run

    def recording(self, deadline, first_deadline=None, overtime=None, stop_for_dive=None):
        given.append(stop_for_dive)
        return run(self, deadline, first_deadline, overtime, stop_for_dive)

    monkeypatch.setattr(ColumnGeneration, "run", recording)
    started = time.perf_counter()
    options = BenchOptions(time_limit_s=5.0, workers=1)
    result = solve(instance, options)
    assert result.objective is not None
    assert (given[0] is not None) == stops
    if stops:
        moment, gap = given[0]
        assert gap == options.dive_first_gap
        assert started <= moment - options.dive_share / 2 * 5.0 <= started + 1.0
    assert solve(instance, replace(options, dive_first_gap=0.0)).objective is not None
    assert given[-1] is None


def test_proximal_lp_solution_leans_to_the_roster_and_leaves_the_lp_as_it_was():
    """With no bonus the values are an optimal LP solution's; with a bonus larger than any
    cost the LP solution works every (day, shift) of the roster in full (RINS fixes them;
    the bonus does not charge a column's other shifts, so a column with more may be
    chosen); the fixings are cleared, the roster's schedules become columns, and the
    objective is restored."""
    instance = read(FIXTURES / "Instance2.txt")
    generation = ColumnGeneration(instance)
    result = generation.run(time.perf_counter() + 300)
    dive, _ = generation.dive(time.perf_counter() + 300)
    assert generation.fixed  # the dive leaves its fixings
    roster = list(dive)
    roster[0] = generation.pricing[0].first(10.0, 0)[0]  # perhaps not a column yet

    plain = generation.proximal_shift_values(roster, 0.0)
    assert not generation.fixed and not generation.solved
    assert all(roster[i] in generation.known[i] for i in range(len(roster)))
    # The LP's value from its shift values: requests are linear in them, and the cover
    # slack of an optimal solution is the shortfall or surplus they leave.
    assert sum(lp_daily_penalties(instance, plain).values()) == pytest.approx(
        result.lp_value)

    leaning = generation.proximal_shift_values(roster, 10_000.0)
    for schedule, values in zip(roster, leaning):
        assert all(values.get(key, 0.0) > 1 - 1e-6 for key in schedule)
    assert generation._solve_lp()
    assert generation.lp.Objective().Value() == pytest.approx(result.lp_value)


def test_pricing_skips_presolve_on_short_horizons_and_finds_the_same_optimum():
    """NO_PRESOLVE_MAX_DAYS only changes how fast a pricing solves, never its answer."""
    instance = read(FIXTURES / "Instance5.txt")
    assert instance.days <= column_generation.NO_PRESOLVE_MAX_DAYS
    generation = ColumnGeneration(instance, threads=1)
    assert generation.run(time.perf_counter() + 300).converged
    duals = generation.duals()
    for i, pricing in enumerate(generation.pricing):
        assert not pricing.presolve
        pricing.labelling = None  # CP-SAT's pricing, which the rule is about
        schedules, bound = pricing.solve(duals, 60, 0)
        # The schedule's scaled reduced cost (without the convexity dual) is the bound.
        assert not pricing.cut_short
        assert generation._marginal_cost(i, schedules[-1], duals) == bound
        pricing.presolve = True
        schedules, bound_presolved = pricing.solve(duals, 60, 0)
        assert not pricing.cut_short
        assert generation._marginal_cost(i, schedules[-1], duals) == bound
        assert bound_presolved == bound
    longer = tiny(35)
    assert longer.days > column_generation.NO_PRESOLVE_MAX_DAYS
    assert all(Pricing.build(longer, e).presolve for e in longer.employees)
    assert not any(Pricing.build(tiny(), e).presolve for e in tiny().employees)


def test_tiny_instance_optimum_matches_the_full_model():
    instance = tiny()
    result = solve(instance, BenchOptions(time_limit_s=60, workers=1))
    built = CurtoisModel(instance)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(built.model) == cp_model.OPTIMAL
    assert result.status == "OPTIMAL"
    assert benchmark_record(instance, result)["objective"] == round(solver.objective_value)


def schedules_legal(instance, schedules) -> int:
    """The scorer's objective of one schedule per employee; fails on any breach."""
    evaluation = evaluate(instance, assignments_of(instance, schedules))
    assert evaluation.legal, evaluation.breaches
    return evaluation.objective


def test_dive_out_of_time_still_gives_a_legal_roster():
    """A dive stopped at once completes every open employee with their heaviest column
    of the last LP: one legal schedule each."""
    instance = read(FIXTURES / "Instance2.txt")
    generation = ColumnGeneration(instance)
    generation.run(time.perf_counter() + 300)
    schedules, finished = generation.dive(time.perf_counter() - 1)
    assert not finished and len(schedules) == len(instance.employees)
    schedules_legal(instance, schedules)
    schedules, finished = generation.dive(time.perf_counter() + 300)
    assert finished
    assert schedules_legal(instance, schedules) >= 828


def test_a_dive_prices_its_nodes_for_the_rounds_asked_and_dives_again_from_the_root(
        monkeypatch):
    """dive(rounds=) caps every node's pricing at those rounds; dive_again undoes the
    last dive's fixings first, so its trail starts at the root and it fixes every employee
    anew."""
    instance = read(FIXTURES / "Instance3.txt")
    generation = ColumnGeneration(instance)
    generation.run(time.perf_counter() + 300)
    asked: list[int | None] = []
    real_generate = generation._generate

    def counted(duals, deadline, bound, max_rounds=None, **extra):
        asked.append(max_rounds)
        return real_generate(duals, deadline, bound, max_rounds=max_rounds, **extra)

    monkeypatch.setattr(generation, "_generate", counted)
    first, finished = generation.dive(time.perf_counter() + 300, rounds=1)
    assert finished and asked and set(asked) == {1}
    assert len(generation.fixed) == len(instance.employees)
    asked.clear()
    again, finished = generation.dive_again(time.perf_counter() + 300, rounds=5)
    assert finished and asked and set(asked) == {5}
    assert generation.trail[0][1] == {} and len(generation.fixed) == len(instance.employees)
    assert schedules_legal(instance, first) >= 1001
    assert schedules_legal(instance, again) >= 1001


def _dive_under_a_halving_clock(monkeypatch):
    """Instance3's converged column generation, set for dives whose steps are counted
    (the list returned: employees fixed at each step) under a clock that halves the time
    left at every reading, so every step looks too slow without ever reaching the
    deadline (1000). No jump is confirmed, and no pricing at the nodes: its rounds are
    timed too (and would not fit this clock)."""
    instance = read(FIXTURES / "Instance3.txt")
    generation = ColumnGeneration(instance)
    generation.run(time.perf_counter() + 300)
    monkeypatch.setattr(column_generation, "WHOLE", 2.0)  # only the step's fixings
    monkeypatch.setattr(generation, "_jumped", lambda level, deadline: False)
    monkeypatch.setattr(generation, "_generate", lambda *args, **kwargs: None)
    clock = [0.0]

    def halving() -> float:
        clock[0] += (1000.0 - clock[0]) / 2
        return clock[0]

    monkeypatch.setattr(column_generation.time, "perf_counter", halving)
    steps: list[int] = []
    real_node = generation._node

    def counted(deadline, rounds):
        steps.append(len(generation.fixed) - sum(steps))
        return real_node(deadline, rounds)

    monkeypatch.setattr(generation, "_node", counted)
    return instance, generation, steps


def _assert_steps_of_a_sixteenth(steps: list[int], n: int) -> None:
    """Each step fixed a sixteenth (rounded up) of the employees still open."""
    open_before = n
    for fixed in steps:
        assert fixed == math.ceil(0.0625 * open_before)
        open_before -= fixed


def test_dive_again_keeps_its_steps_small_however_slow_the_steps(monkeypatch):
    """The first dive grows its step (fixes more employees at once) when the steps so far
    would not finish by the deadline; dive_again does not, so its path depends on the
    columns, not on the machine's speed. A clock that halves the time left at every
    reading makes every step look too slow, without ever reaching the deadline."""
    instance, generation, steps = _dive_under_a_halving_clock(monkeypatch)
    n = len(instance.employees)
    generation.dive(1000.0, min_step=0.0625)
    assert sum(steps) == n and max(steps) > math.ceil(0.0625 * n)  # grown
    steps.clear()
    again, finished = generation.dive_again(1000.0, rounds=3)
    assert finished and sum(steps) == n
    _assert_steps_of_a_sixteenth(steps, n)
    schedules_legal(instance, again)


def test_a_dive_counting_its_steps_exactly_grows_them_too(monkeypatch):
    """With exact_count the first dive's step grows as well when the steps so far would
    not finish by the deadline (the same halving clock), and it fixes every employee
    legally."""
    instance, generation, steps = _dive_under_a_halving_clock(monkeypatch)
    n = len(instance.employees)
    exact, finished = generation.dive(1000.0, min_step=0.0625, exact_count=True)
    assert finished and sum(steps) == n and max(steps) > math.ceil(0.0625 * n)
    assert generation.dive_grew
    schedules_legal(instance, exact)


@pytest.mark.parametrize("give_up", [True, False])
def test_a_careful_dive_too_slow_to_finish_is_given_up_only_when_asked(monkeypatch, give_up):
    """A dive whose steps stay small after a jump and would take more than DIVE_GIVE_UP
    times the time left (the halving clock: every step looks too slow) is given up when
    asked: every fixing undone, no trail, and the root LP's heaviest columns returned, a
    legal roster, unfinished. Not asked, the same dive keeps its steps of a sixteenth and
    fixes every employee."""
    instance, generation, steps = _dive_under_a_halving_clock(monkeypatch)
    monkeypatch.setattr(generation, "_above", lambda level: True)  # careful from step 1
    root = generation.heaviest_columns()
    schedules, finished = generation.dive(1000.0, min_step=0.0625, give_up=give_up)
    assert generation.dive_given_up == give_up and finished != give_up
    schedules_legal(instance, schedules)
    if give_up:
        assert len(steps) == 1 and not generation.fixed and generation.trail == []
        assert schedules == root
    else:
        assert sum(steps) == len(instance.employees) and not generation.dive_grew
        _assert_steps_of_a_sixteenth(steps, len(instance.employees))


@pytest.mark.parametrize("time_limit_s, asked", [(60.0, True), (6.0, False)])
def test_solve_lets_the_dive_be_given_up_only_when_rins_rounds_fit_after_it(
        monkeypatch, time_limit_s, asked):
    """solve() asks for the give-up only when GIVE_UP_RINS_ROUNDS rounds of RINS fit after
    the dive's deadline (not in a block of block search, 6 s at most). A dive given up
    leaves a legal roster, at or above the optimum (Instance2, 828), from the LP's
    heaviest columns."""
    instance = read(FIXTURES / "Instance2.txt")
    given: list[bool] = []
    dive = ColumnGeneration.dive

    def recording(self, deadline, *args, give_up=False, **kwargs):
        given.append(give_up)
        return dive(self, deadline, *args, give_up=give_up, **kwargs)

    monkeypatch.setattr(ColumnGeneration, "dive", recording)
    # One employee a step, careful from the first, and every careful dive given up at once.
    monkeypatch.setattr(column_generation, "WHOLE", 2.0)
    monkeypatch.setattr(ColumnGeneration, "_above", lambda self, level: True)
    monkeypatch.setattr(column_generation, "DIVE_GIVE_UP", 0.0)
    monkeypatch.setattr(column_generation, "MAX_DIVE_BARS", 0)
    messages: list[str] = []
    result = solve(instance, BenchOptions(time_limit_s=time_limit_s, workers=1,
                                          log=messages.append))
    assert given[0] == asked
    assert any("dive given up" in m for m in messages) == asked
    assert not any("open employees completed" in m for m in messages) or not asked
    assert evaluate(instance, result.assignments).legal
    assert result.objective >= 828


def _recorded_bars(monkeypatch, generation: ColumnGeneration,
                   after=lambda bars: None) -> list[tuple[int, int, dict[int, int]]]:
    """The columns generation's dives bar, as (employee, column, the fixings then), kept
    by a wrapper around its _bar; ``after`` is called with the list after each bar."""
    bars: list[tuple[int, int, dict[int, int]]] = []
    real_bar = generation._bar

    def recorded(fixing, barred):
        barring = real_bar(fixing, barred)
        if barring:
            bars.append((*fixing, dict(generation.fixed)))
            after(bars)
        return barring

    monkeypatch.setattr(generation, "_bar", recorded)
    return bars


def test_dive_bars_and_backtracks_on_jumps_and_opens_every_column_again(monkeypatch):
    """A dive whose fixings jump beyond a depth: it bars columns at the node there, goes
    back up after MAX_STALLS bars and bars the fixing that led there; its trail stays
    nested (root first), its roster is legal, and afterwards every column is open again."""
    instance = read(FIXTURES / "Instance3.txt")
    generation = ColumnGeneration(instance)
    generation.run(time.perf_counter() + 300)
    depth = len(instance.employees) // 2
    monkeypatch.setattr(column_generation, "WHOLE", 2.0)  # one employee a step
    stalls = column_generation.MAX_STALLS
    jumping = [True]  # until the dive has gone back up once
    monkeypatch.setattr(generation, "_jumped",
                        lambda level, deadline: jumping[0] and len(generation.fixed) > depth)

    def on_bar(bars):
        i, j, _ = bars[-1]
        assert generation.variables[i][j].ub() == 0
        jumping[0] = len(bars) <= stalls

    bars = _recorded_bars(monkeypatch, generation, on_bar)
    schedules, finished = generation.dive(time.perf_counter() + 300)
    assert finished
    schedules_legal(instance, schedules)
    assert [len(fixed) for _, _, fixed in bars[:stalls]] == [depth] * stalls
    # Then it went up a node and barred the fixing that led to the node it left.
    i, j, parent = bars[stalls]
    node = bars[0][2]
    assert parent.items() < node.items() and node[i] == j and i not in parent
    assert all(v.ub() == 1 for vs in generation.variables for v in vs)
    trail = generation.trail
    assert not trail[0][1] and len(trail[-1][1]) == len(instance.employees)
    for (_, fixed), (_, deeper) in zip(trail, trail[1:]):
        assert fixed.items() < deeper.items()
    assert parent in [fixed for _, fixed in trail]  # the node gone up to is on it


def test_a_dive_stops_barring_after_max_dive_bars_and_lets_the_jumps_stand(monkeypatch):
    """A dive whose every step beyond a depth jumps bars MAX_DIVE_BARS columns in all;
    from then on it no longer asks whether a step jumped (no confirming pricing), fixes
    every employee and finishes with a legal roster, every column open again."""
    instance = read(FIXTURES / "Instance3.txt")
    generation = ColumnGeneration(instance)
    generation.run(time.perf_counter() + 300)
    depth = len(instance.employees) // 2
    monkeypatch.setattr(column_generation, "WHOLE", 2.0)  # one employee a step
    budget = 3
    monkeypatch.setattr(column_generation, "MAX_DIVE_BARS", budget)
    asked_after_budget: list[int] = []
    bars = _recorded_bars(monkeypatch, generation)

    def jumped(level, deadline):
        if len(bars) >= budget:
            asked_after_budget.append(len(generation.fixed))
        return len(generation.fixed) > depth

    monkeypatch.setattr(generation, "_jumped", jumped)
    schedules, finished = generation.dive(time.perf_counter() + 300)
    assert finished and len(generation.fixed) == len(instance.employees)
    assert len(bars) == budget and not asked_after_budget
    schedules_legal(instance, schedules)
    assert all(v.ub() == 1 for vs in generation.variables for v in vs)


class _ScriptedLp:
    """An LP whose objective value is read from a script, one value per solve."""

    def __init__(self, values: list[float]):
        self.values = values

    def Objective(self):  # noqa: N802 (the OR-Tools name)
        return self

    def Value(self) -> float:  # noqa: N802
        return self.values[0]


@pytest.mark.parametrize("before, after, priced_out, solved, rounds, expected, priced", [
    (100.9, None, False, True, 7, False, False),  # within JUMP: no pricing
    (102.0, None, True, True, 7, True, False),  # converged already: the jump stands
    (102.0, 102.0, False, True, 7, True, True),  # still above once priced: confirmed
    (102.0, 100.5, False, True, 7, False, True),  # priced back within JUMP
    (102.0, 100.5, False, False, 7, True, True),  # the LP failed: taken as a jump
])
def test_a_jump_counts_only_once_more_pricing_confirms_it(
        monkeypatch, before, after, priced_out, solved, rounds, expected, priced):
    generation = ColumnGeneration(read(FIXTURES / "Instance1.txt"))
    lp = _ScriptedLp([before])
    generation.lp = lp
    generation.priced_out = priced_out
    monkeypatch.setattr(generation, "duals", lambda: {})
    asked: list[dict] = []

    def generate(duals, deadline, bound, **extra):
        asked.append(extra)
        lp.values = [after]
        generation.solved = solved
        return False

    monkeypatch.setattr(generation, "_generate", generate)
    assert generation._jumped(100.0, time.perf_counter() + 60) is expected
    assert asked == ([{"max_rounds": column_generation.CONFIRM_ROUNDS,
                       "current_duals": True}] if priced else [])


def test_a_step_that_jumps_before_confirmation_keeps_the_dives_steps_small(monkeypatch):
    """A step whose LP first rose above JUMP is kept when more pricing brings it back, but
    the later steps no longer grow to meet the deadline (larger steps, each just within
    JUMP, drift). The clock halves the time left at every reading, as in
    test_dive_again_keeps_its_steps_small_however_slow_the_steps, where the first dive's
    steps grow."""
    instance, generation, steps = _dive_under_a_halving_clock(monkeypatch)
    monkeypatch.setattr(generation, "_above", lambda level: True)
    n = len(instance.employees)
    schedules, finished = generation.dive(1000.0, min_step=0.0625)
    assert finished and sum(steps) == n and len(steps) > 1
    _assert_steps_of_a_sixteenth(steps, n)
    schedules_legal(instance, schedules)


def test_bar_keeps_an_employees_last_open_column():
    instance = read(FIXTURES / "Instance2.txt")
    generation = ColumnGeneration(instance)
    generation.run(time.perf_counter() + 300)
    i = next(k for k, columns in enumerate(generation.columns) if len(columns) > 1)
    barred: list[tuple[int, int]] = []
    for j in range(len(generation.columns[i]) - 1):
        assert generation._bar((i, j), barred)
    assert not generation._bar((i, len(generation.columns[i]) - 1), barred)
    assert len(barred) == len(generation.columns[i]) - 1


def test_neighbourhood_search_never_worsens_the_roster():
    instance = read(FIXTURES / "Instance3.txt")
    generation = ColumnGeneration(instance)
    generation.run(time.perf_counter() + 300)
    start, _ = generation.dive(time.perf_counter() - 1)  # a deliberately rough start
    start_value = schedules_legal(instance, start)

    def score(schedules):
        return schedules_legal(instance, schedules)

    best, value, _ = generation.neighbourhood_search(start, score, time.perf_counter() + 2,
                                                     random.Random(0))
    assert value == score(best) <= start_value
    assert not generation.fixed  # nothing left fixed in the master


def test_restricted_master_is_exact_over_its_columns_and_never_worse():
    """The integer master over the columns so far: a legal roster no worse than the start,
    its cost the scorer's; and the reduced-cost filter loses nothing (the same optimum as
    over every column, with fewer columns)."""
    instance = read(FIXTURES / "Instance3.txt")
    generation = ColumnGeneration(instance)
    generation.run(time.perf_counter() + 300)
    start, _ = generation.dive(time.perf_counter() - 1)  # a deliberately rough start
    start_value = schedules_legal(instance, start)
    best, value = generation.restricted_master(start, 300)
    assert generation.master_log.endswith("optimal")
    assert value == schedules_legal(instance, best) <= start_value

    # A start a little worse than the best: the best employee by employee, but one of them
    # on another column. The filter then keeps fewer columns, and still the best.
    near = list(best)
    i = next(k for k, columns in enumerate(generation.columns) if len(columns) > 1)
    near[i] = min((c for c in generation.columns[i] if c != best[i]),
                  key=lambda c: generation.roster_cost(near[:i] + [c] + near[i + 1:]))
    assert generation.roster_cost(near) > value
    filtered, filtered_value = generation.restricted_master(near, 300)
    assert generation.master_log.endswith("optimal")
    assert filtered_value == schedules_legal(instance, filtered) == value
    assert sum(map(len, generation._candidates(near))) < sum(map(len, generation.columns))
    assert generation.restricted_master(near, 300, max_share=0.0) is None
    assert generation.master_log.endswith("skipped")  # too few columns filtered out
    assert generation.restricted_master(near, 300, max_kept=0) is None
    assert generation.master_log.endswith("skipped")  # more columns than allowed
    generation.bound_terms = None  # every column
    unfiltered, unfiltered_value = generation.restricted_master(near, 300)
    assert generation.master_log.endswith("optimal")
    assert unfiltered_value == schedules_legal(instance, unfiltered) == value


def test_scip_accepts_the_integer_masters_settings():
    """SCIP only warns about a setting it does not know and solves on with its default:
    a misspelt name would silently bring the cutting planes back."""
    ip = pywraplp.Solver.CreateSolver("SCIP")
    assert ip.SetSolverSpecificParametersAsString(column_generation.MASTER_SCIP_SETTINGS)
    assert not ip.SetSolverSpecificParametersAsString("separating/maxroundz = 0\n")


@pytest.mark.parametrize("name, optimum", [("Instance3", 1001), ("Instance4", 1716)])
def test_branch_and_price_proves_the_optimum_from_a_rough_start(name, optimum):
    """From the LP's heaviest columns: the proven optimum, a legal roster at the scorer's
    cost; afterwards no decision is left and every column is open again. Cut off at once,
    it keeps the start and proves nothing; cut after a few nodes, its bound is valid."""
    instance = read(FIXTURES / f"{name}.txt")
    generation = ColumnGeneration(instance)
    generation.run(time.perf_counter() + 300)
    start, _ = generation.dive(time.perf_counter() - 1)
    start_value = schedules_legal(instance, start)
    best, value, _ = generation.branch_and_price(start, time.perf_counter() - 1)
    assert (best, value, generation.proved) == (start, start_value, False)
    assert generation.search_bound == 0  # the root, open, has no bound yet
    for nodes in (1, 2, 3):  # cut short: its bound lies between the root's and the optimum
        _, value, _ = generation.branch_and_price(start, time.perf_counter() + 300,
                                                  max_nodes=nodes)
        assert generation.nodes == nodes or generation.proved
        assert generation.lower_bound <= generation.search_bound <= optimum <= value
    best, value, found_at = generation.branch_and_price(start, time.perf_counter() + 300)
    assert generation.proved and generation.nodes >= 1
    assert value == schedules_legal(instance, best) == optimum == generation.search_bound
    assert (found_at is None) == (start_value == optimum)
    assert not any(generation.decisions)
    assert all(var.ub() == 1 for variables in generation.variables for var in variables)
    assert generation.glop_settings == ""  # the column generation's GLOP settings again


@pytest.fixture(scope="module")
def instance5_root():
    """Instance5's converged column generation and its LP's shift values (per employee);
    _branching only reads them."""
    generation = ColumnGeneration(read(FIXTURES / "Instance5.txt"))
    cg = generation.run(time.perf_counter() + 300)
    assert generation.solved  # cg's weights are the LP solution _branching reads
    return generation, cg.shift_values()


def test_branching_draws_a_fractional_decision_by_its_random_source(instance5_root):
    """_branching returns an (employee, (day, shift)) whose LP value is fractional, the
    same one for the same random source, and not always the same one across sources."""
    generation, values = instance5_root
    fractional = {(i, key) for i, row in enumerate(values)
                  for key, value in row.items() if AGREE < value < 1 - AGREE}
    assert len(fractional) > 1  # Instance5's root LP is fractional
    drawn = [generation._branching(random.Random(seed)) for seed in range(8)]
    assert all((i, key) in fractional and value == pytest.approx(values[i][key])
               for i, key, value in drawn)
    assert drawn == [generation._branching(random.Random(seed)) for seed in range(8)]
    assert len(set(drawn)) > 1


def test_branching_by_pseudo_costs_takes_the_best_score(instance5_root):
    """With pseudo-costs, the fractional decision of the highest product score, whatever
    the random source: here the one decision with a recorded rise, the others scored by
    the smaller means of their directions."""
    generation, values = instance5_root
    fractional = sorted((i, key) for i, row in enumerate(values)
                        for key, value in row.items() if AGREE < value < 1 - AGREE)
    # The most fractional: an untried decision's product (each direction's mean at most
    # half this one's rise a unit) then stays below this one's.
    i, key = min(fractional, key=lambda d: abs(values[d[0]][d[1]] - 0.5))
    costs = column_generation.PseudoCosts()
    costs.record((i, key, True), values[i][key], 40.0)
    costs.record((i, key, False), values[i][key], 40.0)
    for other, other_key in fractional[:3]:
        if (other, other_key) != (i, key):
            costs.record((other, other_key, True), 0.5, 0.1)
            costs.record((other, other_key, False), 0.5, 0.1)
    chosen = {generation._branching(random.Random(seed), costs)[:2] for seed in range(4)}
    assert chosen == {(i, key)}


def test_pseudo_costs_average_the_rise_per_unit_moved():
    costs = column_generation.PseudoCosts()
    key = (3, "D")
    assert costs.mean(0, key, True) == costs.mean(0, key, False) == 1.0  # nothing yet
    costs.record((0, key, True), 0.75, 2.0)  # moved 0.25 up: 8 a unit
    costs.record((0, key, True), 0.5, 1.0)  # moved 0.5: 2 a unit
    costs.record((0, key, False), 0.5, -3.0)  # the LP fell (a cut-short parent): no rise
    costs.record((0, key, True), 1.0, 5.0)  # not moved: nothing learnt
    assert costs.mean(0, key, True) == 5.0
    assert costs.mean(0, key, False) == 0.0
    assert costs.mean(1, key, True) == 5.0  # untried: the mean of its direction
    # Product of both children's expected rises, each at least EPSILON.
    assert costs.score(0, key, 0.4) == pytest.approx(
        costs.EPSILON * 5.0 * 0.6)
    costs.record((1, key, False), 0.5, 1.0)
    assert costs.score(1, key, 0.5) == pytest.approx(5.0 * 0.5 * 2.0 * 0.5)


def test_the_lp_weights_are_read_at_once_as_each_column_reports_them():
    """ColumnGeneration.weights (read in bulk after each LP) and heaviest agree with
    OR-Tools' own per-variable solution values."""
    instance = read(FIXTURES / "Instance3.txt")
    generation = ColumnGeneration(instance)
    generation.run(time.perf_counter() + 300)
    assert generation.solved
    for weights, variables, j in zip(generation.weights, generation.variables,
                                     generation.heaviest):
        own = [var.solution_value() for var in variables]
        assert weights == own
        assert j == own.index(max(own))


class _FailingSolves:
    """A master LP whose own solves all end ABNORMAL (as GLOP's did from a broken basis on
    Instance8 × 2 cut to 42 days), everything else passed through."""

    def __init__(self, lp):
        self._lp = lp
        self.solves = 0

    def Solve(self, *args):  # noqa: N802 - pywraplp's name
        self.solves += 1
        return pywraplp.Solver.ABNORMAL

    def __getattr__(self, name):
        return getattr(self._lp, name)


def test_a_master_lp_glop_cannot_solve_is_rebuilt_and_solved_and_stays_usable():
    """When every solve of the master LP fails (warm, from scratch, without
    preprocessing), a new solver loaded from its model solves it: the same value with a
    column fixed, and the dive, the duals and new columns work on the new LP."""
    instance = read(FIXTURES / "Instance3.txt")
    generation = ColumnGeneration(instance)
    root = generation.run(time.perf_counter() + 300).lp_value
    i = 0
    other = next(k for k in range(len(generation.columns[i])) if k != generation.heaviest[i])
    generation._fix(i, other)
    assert generation._solve_lp()
    value = generation.lp.Objective().Value()
    generation.solved = False

    failing = _FailingSolves(generation.lp)
    generation.lp = failing
    assert generation._solve_lp()
    assert failing.solves == 3  # warm, from scratch, without preprocessing
    assert isinstance(generation.lp, pywraplp.Solver)
    assert generation.lp.Objective().Value() == pytest.approx(value)
    assert generation.weights[i][other] == pytest.approx(1.0)
    assert generation.variables[i][other].lb() == 1
    # Priced on from the new LP's duals (columns added to it), the fixing kept.
    assert generation._generate(generation.duals(), time.perf_counter() + 300, bound=False)
    assert generation.lp.Objective().Value() <= value + 1e-6
    assert generation.weights[i][other] == pytest.approx(1.0)
    generation._unfix_all()
    generation.add_column(0, generation.pricing[0].first(10.0, 0)[0])
    assert generation.lp.NumVariables() == sum(map(len, generation.columns)) + 2 * len(
        generation.cover_rows)
    schedules, finished = generation.dive(time.perf_counter() + 300)
    assert finished
    assert schedules_legal(instance, schedules) >= 1001
    # The proximal LP restores the rebuilt LP's objective: the converged LP's value again.
    assert generation.proximal_shift_values(schedules, 0.05) is not None
    assert generation._solve_lp()
    assert generation.lp.Objective().Value() == pytest.approx(root)


def test_branch_and_price_runs_on_to_the_extended_deadline_once_it_has_found_better(
        monkeypatch):
    """Past the deadline only when it has beaten its start, and then until ``extended``:
    a clock that jumps 1 000 s on after the third node stops a search without
    ``extended`` there; with it, a search that improved on its rough start goes on (here
    to max_nodes), and one from a start it cannot beat stops there too."""
    instance = read(FIXTURES / "Instance5.txt")
    generation = ColumnGeneration(instance)
    generation.run(time.perf_counter() + 300)
    rough, _ = generation.dive(time.perf_counter() - 1)
    real_clock, real_node = time.perf_counter, generation._bp_node
    jumped = [0.0]

    def node(*args, **kwargs):
        bound = real_node(*args, **kwargs)
        if generation.nodes == 3:
            jumped[0] = 1000.0
        return bound

    monkeypatch.setattr(generation, "_bp_node", node)
    monkeypatch.setattr(column_generation.time, "perf_counter",
                        lambda: real_clock() + jumped[0])

    def search(start, extended):
        jumped[0] = 0.0
        now = real_clock()
        found = generation.branch_and_price(start, now + 300, max_nodes=8,
                                            extended=None if extended is None
                                            else now + extended)
        return found, generation.nodes

    (best, value, found_at), nodes = search(rough, None)
    assert nodes == 3 and found_at is not None and value < schedules_legal(instance, rough)
    assert schedules_legal(instance, best) == value
    (best_on, value_on, found_on), nodes = search(rough, 5000)
    assert nodes == 8 and found_on is not None and value_on <= value
    assert schedules_legal(instance, best_on) == value_on
    (same, same_value, found_none), nodes = search(best, 5000)  # its best within 3 nodes
    assert found_none is None and nodes == 3
    assert schedules_legal(instance, same) == same_value == value


def test_branch_and_price_closes_columns_that_break_a_decision():
    """A node's decisions close every column that breaks one and its pricing adds only
    columns that keep them."""
    instance = read(FIXTURES / "Instance2.txt")
    generation = ColumnGeneration(instance)
    generation.run(time.perf_counter() + 300)
    i = 0
    worked = next(key for key in generation.columns[i][0])
    path = [(i, worked, False), (1, generation.columns[1][0][0], True)]
    bound = generation._bp_node(path, time.perf_counter() + 300)
    assert bound is not None and bound >= generation.lower_bound
    for k, decided in ((0, {worked: False}), (1, {generation.columns[1][0][0]: True})):
        assert generation.decisions[k] == decided
        for schedule, var in zip(generation.columns[k], generation.variables[k]):
            assert var.ub() == float(complies(schedule, decided))
            if var.solution_value() > 1e-9:
                assert complies(schedule, decided)


def test_completing_a_dive_keeps_each_nodes_fixings_and_is_never_worse():
    """The dive records its nodes (fixings nested, root first, the LP where priced out);
    the restricted master at a node keeps its fixed employees on their columns; the walk
    from the root over the nodes returns a legal roster no worse than the dive's."""
    # Instance1: its root LP (558) is far below its optimum (607), so the root has room
    # below any roster (on Instance3 the dive can end at the root LP itself, 1001).
    instance = read(FIXTURES / "Instance1.txt")
    generation = ColumnGeneration(instance)
    generation.run(time.perf_counter() + 300)
    dive, finished = generation.dive(time.perf_counter() + 300)
    assert finished
    trail = generation.trail
    assert not trail[0][1] and len(trail[-1][1]) == len(instance.employees)
    for (value, fixed), (deeper_value, deeper) in zip(trail, trail[1:]):
        assert fixed.items() <= deeper.items()
        assert value is None or deeper_value is None or value <= deeper_value + 1e-6
    for i, j in trail[-1][1].items():
        assert generation.columns[i][j] == dive[i]

    dive_value = schedules_legal(instance, dive)
    node = next(fixed for _, fixed in reversed(trail) if 0 < len(fixed) < len(dive))
    found = generation.restricted_master(dive, 300, fixed=node)
    assert found is not None and generation.master_settled
    roster, value = found
    assert value == schedules_legal(instance, roster) <= dive_value
    assert all(roster[i] == generation.columns[i][j] for i, j in node.items())
    # Every column of the fixed employees but theirs is left out of the count.
    open_columns = sum(len(c) for i, c in enumerate(generation.columns) if i not in node)
    assert generation.master_log.endswith(f"of {open_columns} columns, optimal")

    # A fixed column whose reduced cost leaves no room below the roster: nothing to solve.
    kept = generation._candidates(roster)
    i, j = next((i, j) for i, columns in enumerate(generation.columns)
                for j, column in enumerate(columns) if column not in kept[i])
    assert generation.restricted_master(roster, 300, fixed={i: j}) is None
    assert generation.master_settled and generation.master_log.endswith("pruned by reduced cost")

    best, best_value = generation.complete_dive(dive, 300)
    assert best_value == schedules_legal(instance, best) <= value
    assert generation.master_log.startswith("0 fixed: ")  # the root first, and solved
    assert generation.master_log.endswith("optimal")
    # With the root out (as when it is skipped), the deepest node still open goes first.
    generation.trail = trail[1:]
    _, node_value = generation.complete_dive(dive, 300)
    assert node_value <= dive_value
    below = [fixed for value, fixed in reversed(trail[1:])
             if value is None or math.ceil(value - 1e-6) < dive_value]
    if below:
        assert generation.master_log.startswith(f"{len(below[0])} fixed: ")
    else:
        assert generation.master_log == "no node below the roster's cost"
    # The root alone (BenchOptions.restricted_master_nodes off): skipped by its filter,
    # and no node follows.
    generation.trail = trail
    root_only, root_value = generation.complete_dive(dive, 300, max_share=0.0, nodes=False)
    assert root_only == dive and root_value == dive_value
    assert generation.master_log.startswith("0 fixed: ")
    assert generation.master_log.endswith("skipped") and ";" not in generation.master_log


def test_reduced_cost_filter_keeps_the_start_and_every_column_of_a_cheaper_roster():
    """A column survives the filter when its reduced cost leaves room below the start's
    cost; the start's own columns always do; with room for nothing but the bound, only
    the columns of zero reduced cost (and the start's) remain."""
    instance = read(FIXTURES / "Instance2.txt")
    generation = ColumnGeneration(instance)
    generation.run(time.perf_counter() + 300)
    start, _ = generation.dive(time.perf_counter() - 1)
    start[0] = generation.pricing[0].first(10.0, 0)[0]  # perhaps no column yet
    duals, minima = generation.bound_terms

    def reduced_cost(i, schedule):
        return (SCALE * generation.pricing[i].cost(schedule)
                - sum(duals.get(key, 0) for key in schedule) - minima[i])

    assert all(reduced_cost(i, c) >= 0 for i, cs in enumerate(generation.columns)
               for c in cs)  # the minima are lower bounds
    candidates = generation._candidates(start)
    room = SCALE * (generation.roster_cost(start) - 1) - generation.bound_scaled
    assert room >= 0
    for i, columns in enumerate(generation.columns):
        assert start[i] in candidates[i] and len(set(candidates[i])) == len(candidates[i])
        assert {c for c in columns if reduced_cost(i, c) <= room} | {start[i]} == set(
            candidates[i])
    # The start's cost as the lowest possible: room for columns of zero reduced cost only.
    generation.bound_scaled = SCALE * (generation.roster_cost(start) - 1)
    for i, (columns, kept) in enumerate(zip(generation.columns, generation._candidates(start))):
        assert set(kept) == {c for c in columns if reduced_cost(i, c) <= 0} | {start[i]}


def test_rins_fixes_exactly_where_roster_and_lp_agree():
    """Whole LP values equal to the roster's fix the variable; fractional values, or
    whole ones the roster disagrees with, leave it free."""
    instance = read(FIXTURES / "Instance2.txt")
    generation = ColumnGeneration(instance)
    cg = generation.run(time.perf_counter() + 300)
    start, _ = generation.dive(time.perf_counter() - 1)
    # One employee on another of their columns: where the LP is whole, that schedule
    # disagrees with it, and those variables must stay free.
    i = next(k for k, columns in enumerate(cg.columns) if len(set(columns)) > 1)
    start[i] = next(c for c in cg.columns[i] if c != start[i])
    roster = assignments_of(instance, start)
    values = cg.shift_values()
    built = CurtoisModel(instance)
    rins = built.relaxation_induced(roster, values)
    first = len(built.model.proto.constraints)
    fixed = {rins.proto.constraints[k].linear.vars[0]
             for k in range(first, len(rins.proto.constraints))}
    expected = set()
    for sv, lp in zip(built.schedules, values):
        for (d, s), var in sv.x.items():
            worked, value = roster[sv.employee.id][d] == s, lp.get((d, s), 0.0)
            if (worked and value > 0.99) or (not worked and value < 0.01):
                expected.add(var.index)
    assert fixed == expected and 0 < len(fixed) < sum(len(sv.x) for sv in built.schedules)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(rins) == cp_model.OPTIMAL  # the roster itself is a solution
    assert round(solver.objective_value) <= evaluate(instance, roster).objective
    assert len(built.model.proto.constraints) < len(rins.proto.constraints)  # a copy


def test_first_schedules_are_legal_and_an_employee_without_one_makes_it_infeasible(capfd):
    """Before pricing, every employee gets one legal schedule (first()); an employee who
    has none is reported, and solve() calls the instance infeasible, with nothing on
    stderr (OR-Tools logged an error when the never-solved master LP's value was read)."""
    instance = parse(LOOSE, "Loose")
    generation = ColumnGeneration(instance)
    schedules = [p.first(10.0, 0) for p in generation.pricing]
    assert all(schedule is not None and not none for schedule, none in schedules)
    schedules_legal(instance, [schedule for schedule, _ in schedules])

    # A must work 6 000 minutes = 12.5 D shifts, but 14 days with day 3 off, at most 5
    # in a row and 2 days off between runs hold at most 10.
    impossible = parse(LOOSE.replace("A,D=14|N=3,4080,3360", "A,D=14|N=0,7000,6000"), "Bad")
    assert ColumnGeneration(impossible).pricing[0].first(10.0, 0) == (None, True)
    capfd.readouterr()
    result = solve(impossible, BenchOptions(time_limit_s=10))
    assert result.status == "INFEASIBLE" and result.assignments is None
    assert "has been changed" not in capfd.readouterr().err


def test_an_employee_priced_nothing_in_time_gets_the_first_schedule_as_column():
    """Long horizons: when a pricing round gives an employee no schedule in time, the
    master takes the employee's first legal schedule, so the LP and a roster exist."""
    instance = parse(LOOSE, "Loose")
    generation = ColumnGeneration(instance)
    generation.fallback = [p.first(10.0, 0)[0] for p in generation.pricing]
    priced = generation.price

    def first_employee_times_out(duals, deadline):
        return [(None, None)] + priced(duals, deadline)[1:]

    generation.price = first_employee_times_out
    generation._generate({key: 0 for key in generation.cover_rows}, time.perf_counter() + 60,
                         bound=True, max_rounds=1)
    assert generation.columns[0] == [generation.fallback[0]]
    assert generation.complete and generation.heaviest[0] == 0
    assert generation.lower_bound == 0  # no bound without every employee's pricing


def test_greedy_first_roster_covers_far_better_than_unsteered_schedules(monkeypatch):
    """The first schedules are steered, employee after employee, to the cover still short:
    a roster in its own right (the start on very large instances)."""
    instance = read(FIXTURES / "Instance5.txt")
    # One thread (the employees in order) and no cap on the steered attempt: on a loaded
    # machine (two test runs at once) the 0.5 s cap sent employees to the unsteered
    # portfolio and the roster scored 4 902.
    monkeypatch.setattr(column_generation, "FIRST_QUICK_S", 60.0)
    generation = ColumnGeneration(instance, threads=1)
    greedy = generation._first_schedules(time.perf_counter() + 600)
    plain = [p.first(60.0, 0)[0] for p in generation.pricing]
    # Measured 4 089 (also with three busy processes beside it) against 9 702 (the optimum
    # is 1 143).
    assert 2 * schedules_legal(instance, greedy) < schedules_legal(instance, plain)


@pytest.mark.parametrize("threads", [1, 2])
def test_best_response_ends_where_no_single_employee_can_do_better(threads):
    """From the greedy roster of Instance4, passes until one changes nothing: the roster is
    legal, no worse, and the full model with any one employee free over the whole horizon
    (an independent statement of the objective) finds nothing cheaper. With two threads
    two employees answer the same roster at once, and each answer is judged after the
    other's."""
    instance = read(FIXTURES / "Instance4.txt")
    generation = ColumnGeneration(instance, threads=threads)
    greedy = generation._first_schedules(time.perf_counter() + 60)
    start = schedules_legal(instance, greedy)
    responded = generation.best_response(greedy, time.perf_counter() + 600, min_gain=0)
    value = schedules_legal(instance, responded)
    assert value < start
    roster = assignments_of(instance, responded)
    for i in range(len(instance.employees)):
        alone = CurtoisModel(instance, roster, free=[i])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        assert solver.solve(alone.model) == cp_model.OPTIMAL
        assert evaluate(instance, alone.assignments(solver.boolean_value)).objective == value


@pytest.mark.parametrize("threads", [1, 2])
def test_best_response_takes_a_schedule_only_when_it_is_no_worse(monkeypatch, threads):
    """A pricing that offers another legal schedule, better or worse (here: the employee's
    unsteered first schedule): the worse are refused, so the roster never gets worse."""
    instance, roster, start = greedy_roster("Instance4.txt")
    generation = ColumnGeneration(instance, threads=threads)
    schedules = curtois._schedules(instance, roster)
    offers = {}
    for pricing in generation.pricing:
        offer, _ = pricing.first(10, seed=1)
        offers[pricing.employee.id] = offer

    def offer_unsteered(self, duals, time_limit_s, seed, start=None):
        return [offers[self.employee.id]], None

    monkeypatch.setattr(Pricing, "solve", offer_unsteered)
    responded = generation.best_response(schedules, time.perf_counter() + 60, min_gain=0)
    assert schedules_legal(instance, responded) <= start
    refused = [i for i, e in enumerate(instance.employees)
               if responded[i] == schedules[i] != offers[e.id]]
    assert refused  # the check was put to work


@pytest.mark.parametrize("threads", [1, 2])
def test_best_response_judges_each_answer_after_the_ones_before_it(monkeypatch, threads):
    """LOOSE's day-0 D line needs one: both employees offer to take it, from empty
    schedules. Only the first is taken (−100 short, −2 for A's request); the second would
    now be surplus (+1) and is refused, also when both answered the same roster at once.
    The pricing is faked and these schedules are not legal (A works too little): only the
    rule that takes or refuses an answer is under test, by the scorer's objective."""
    instance = parse(LOOSE, "Loose")
    generation = ColumnGeneration(instance, threads=threads)
    offer = ((0, "D"),)
    monkeypatch.setattr(Pricing, "solve", lambda self, *args, **kwargs: ([offer], None))
    empty = [(), ()]
    responded = generation.best_response(empty, time.perf_counter() + 60, min_gain=0)
    assert responded == [offer, ()]
    assert generation.roster_cost(responded) == generation.roster_cost(empty) - 102


def test_neighbourhood_model_frees_only_its_employees_and_days():
    """CurtoisModel on a roster: the other employees and the freed ones' other days stay
    as they were, the result is legal and no worse, and the objective is the scorer's up
    to a constant."""
    instance = read(FIXTURES / "Instance3.txt")
    generation = ColumnGeneration(instance)
    generation.run(time.perf_counter() + 300)
    start, _ = generation.dive(time.perf_counter() - 1)
    roster = assignments_of(instance, start)
    before = schedules_legal(instance, start)
    free, days = [0, 3, 7], range(4, 11)
    built = CurtoisModel(instance, roster, free, days)
    built.hint(roster)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(built.model) == cp_model.OPTIMAL
    after = built.assignments(solver.boolean_value)
    evaluation = evaluate(instance, after)
    assert evaluation.legal, evaluation.breaches
    assert evaluation.objective <= before
    freed = {instance.employees[i].id for i in free}
    for e in instance.employees:
        for d in range(instance.days):
            if e.id not in freed or d not in days:
                assert after[e.id][d] == roster[e.id][d], (e.id, d)
    # The same constant separates the model's objective from the scorer's for any of its
    # solutions: here the optimum found and the roster itself (every variable pinned).
    constant = evaluation.objective - round(solver.objective_value)
    pinned = CurtoisModel(instance, roster, free, days)
    for sv in pinned.schedules:
        for (d, s), var in sv.x.items():
            pinned.model.add(var == int(roster[sv.employee.id][d] == s))
    assert solver.solve(pinned.model) == cp_model.OPTIMAL
    assert round(solver.objective_value) + constant == before


def greedy_roster(name: str):
    """An instance, its greedy first roster (legal) and that roster's score."""
    instance = read(FIXTURES / name)
    schedules = ColumnGeneration(instance)._first_schedules(time.perf_counter() + 60)
    return instance, assignments_of(instance, schedules), schedules_legal(instance, schedules)


def assert_no_worse(instance, start: int, found) -> None:
    """A search's (roster, score, found_at): legal, scored right, no worse than start, and
    found_at set exactly when it improved."""
    best, value, found_at = found
    evaluation = evaluate(instance, best)
    assert evaluation.legal, evaluation.breaches
    assert value == evaluation.objective <= start
    assert (found_at is None) == (value == start)


def record_neighbourhoods(monkeypatch) -> list:
    """Every neighbourhood solver.curtois builds from now on, as (roster, free, days) in
    the full horizon's terms, days sorted (the model itself is of the restriction around
    the days)."""
    built, restrictions = [], []

    def recording_restrict(instance, roster, days):
        part = restrict(instance, roster, days)
        restrictions.append((roster, part))
        return part

    class Recording(CurtoisModel):
        def __init__(self, instance, roster, free, days):
            full, part = restrictions[-1]
            assert instance is part.instance and roster is part.roster
            built.append((full, list(free), sorted(d + part.first for d in days)))
            super().__init__(instance, roster, free, days)

    monkeypatch.setattr(curtois, "restrict", recording_restrict)
    monkeypatch.setattr(curtois, "CurtoisModel", Recording)
    return built


def test_completing_employees_is_exact_over_them_and_holds_the_others():
    """complete_employees frees its employees on the whole horizon: everyone freed, it is
    the full model (Instance1's proven optimum from its greedy roster); a few freed, every
    other row stays the roster's and the roster gets no worse."""
    instance, roster, start = greedy_roster("Instance1.txt")
    options = BenchOptions(workers=1)
    everyone = complete_employees(instance, roster, start, range(len(instance.employees)),
                                  time.perf_counter() + 120, options)
    assert_no_worse(instance, start, everyone)
    assert everyone[1] == 607 < start
    few = complete_employees(instance, roster, start, [0, 3], time.perf_counter() + 60,
                             options)
    assert_no_worse(instance, start, few)
    held = [e.id for i, e in enumerate(instance.employees) if i not in (0, 3)]
    assert all(few[0][id_] == roster[id_] for id_ in held)
    assert few[1] < start  # two employees alone mend part of a greedy roster


def test_a_dive_cut_short_has_its_open_employees_completed(monkeypatch):
    """A dive cut short (here its first node fails as at the deadline): CP-SAT completes
    exactly the employees it left open, and no restricted master runs over its nodes; with
    complete_open off the restricted master does, as before. Then RINS; on a horizon
    longer than early_weekend_days, the weekend search first (once)."""
    instance = read(FIXTURES / "Instance5.txt")  # (Instances 3, 4: one step fixes all)
    real_dive, real_node = ColumnGeneration.dive, ColumnGeneration._node
    left_open: list[list[int]] = []
    cutting: list[bool] = []

    def node(self, *args):
        return False if cutting else real_node(self, *args)

    def cut_short(self, *args, **kwargs):
        cutting.append(True)
        try:
            schedules, finished = real_dive(self, *args, **kwargs)
        finally:
            cutting.clear()
        left_open.append([i for i in range(len(instance.employees)) if i not in self.fixed])
        return schedules, finished

    monkeypatch.setattr(ColumnGeneration, "_node", node)
    monkeypatch.setattr(ColumnGeneration, "dive", cut_short)
    completed = []
    real_complete = curtois.complete_employees

    def record(instance_, roster, value, employees, deadline, options):
        completed.append(list(employees))
        return real_complete(instance_, roster, value, employees, deadline, options)

    monkeypatch.setattr(curtois, "complete_employees", record)
    # (15 s: the dive is tried only when as long as the column generation took is left
    # before 60 % of the time)
    names = search_stages(instance, BenchOptions(time_limit_s=15, workers=1))
    assert names[1] == "dive (out of time, completed from the LP)"
    assert 0 < len(left_open[0]) < len(instance.employees)
    assert names[2] == (f"the dive's open employees completed ({len(left_open[0])} of "
                        f"{len(instance.employees)})")
    assert completed == [left_open[0]]
    assert not any(n.startswith("restricted master (") for n in names)
    # On a horizon of early_weekend_days (28) or less, RINS comes first (here it takes the
    # time left).
    assert names[3].startswith("RINS round")
    names = search_stages(instance, BenchOptions(time_limit_s=15, workers=1,
                                                 complete_open=False))
    assert names[2].startswith("restricted master (integer")
    assert len(completed) == 1
    # On a longer one (here: longer than 27 days), the weekend search first.
    names = search_stages(instance, BenchOptions(time_limit_s=15, workers=1,
                                                 early_weekend_days=27))
    assert names[2].startswith("the dive's open employees completed")
    assert names[3] == "weekend search" and names[4].startswith("RINS round")
    assert names.count("weekend search") == 1


class _Stopped(Exception):
    """Raised by a recording stand-in to end solve() where the test has what it needs."""


@pytest.mark.parametrize("max_days, rounds, exact_days, exact", [
    (14, 5, 14, True), (13, 3, 13, False), (14, 5, 13, False)])
def test_the_dive_prices_fewer_rounds_and_counts_steps_loosely_on_a_longer_horizon(
        monkeypatch, max_days, rounds, exact_days, exact):
    """dive_rounds (5) a node up to dive_rounds_max_days, long_dive_rounds (3) beyond;
    the exact count of steps up to exact_count_max_days (Instance1: 14 days)."""
    instance = read(FIXTURES / "Instance1.txt")
    calls = []

    def record(self, deadline, min_step=0.0625, rounds=column_generation.NODE_ROUNDS,
               adapt=True, exact_count=False, give_up=False):
        calls.append((rounds, exact_count))
        raise _Stopped

    monkeypatch.setattr(ColumnGeneration, "dive", record)
    with pytest.raises(_Stopped):
        solve(instance, BenchOptions(time_limit_s=20, workers=1,
                                     dive_rounds_max_days=max_days,
                                     exact_count_max_days=exact_days))
    assert calls == [(rounds, exact)]


@pytest.mark.parametrize("grew", [True, False])
def test_a_dive_pressed_for_time_goes_straight_to_rins(monkeypatch, grew):
    """A finished dive that grew its steps to meet its deadline (an instance large for
    the time) skips the complete search and the LNS before RINS
    (skip_proof_when_pressed); one that did not keeps both. (Instance7's bound lies below
    its optimum, so no roster ends the search before RINS; the run stops there. No
    branch-and-price and no pool master, which would take the time.)"""
    instance = read(FIXTURES / "Instance7.txt")
    real_dive = ColumnGeneration.dive

    def dive(self, *args, **kwargs):
        found = real_dive(self, *args, **kwargs)
        self.dive_grew = grew
        return found

    def stop(self, *args, **kwargs):
        raise _Stopped

    monkeypatch.setattr(ColumnGeneration, "dive", dive)
    monkeypatch.setattr(CurtoisModel, "relaxation_induced", stop)
    names: list[str] = []
    with pytest.raises(_Stopped):
        solve(instance, BenchOptions(time_limit_s=30, workers=1, branch_and_price_share=0.0,
                                     branch_and_price_close_gap=0,
                                     log=lambda line: names.append(line.split(":")[0])))
    assert names[1] == "dive"
    skipped = {"full model, complete search", "full model, LNS before RINS"}
    assert skipped.isdisjoint(names) if grew else skipped <= set(names)


def test_steps_to_fix_counts_a_dive_that_fixes_a_share_and_at_least_one():
    assert column_generation.steps_to_fix(0, 0.5) == 0
    assert column_generation.steps_to_fix(20, 0.04) == 20  # one a step
    assert column_generation.steps_to_fix(20, 0.0625) == 18  # two while 1.25 rounds up to 2
    assert column_generation.steps_to_fix(20, 1.0) == 1
    # 60 → 56 → 52 → 48 → 45 → 42 → 39 → 36 → 33 → 30 → 28 → 26 → 24 → 22 → 20 → 18 → 16
    # (16 steps), then one a step: about half of ln 60 / −ln(1 − 1/16) ≈ 63.5.
    assert column_generation.steps_to_fix(60, 0.0625) == 32


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 400), st.floats(1.0, 500.0), st.sampled_from([0.0625, 0.125, 0.3]))
def test_the_least_share_is_the_smallest_whose_steps_fit(open_count, affordable, min_step):
    share = column_generation._least_share(open_count, affordable, min_step)
    assert min_step <= share <= 1.0
    assert column_generation.steps_to_fix(open_count, share) <= affordable
    if share > min_step:  # a share smaller by the search's tolerance does not fit
        assert column_generation.steps_to_fix(open_count, share - 2e-3) > affordable


@pytest.mark.parametrize("close_gap, close", [(10_000, True), (0, False)])
def test_a_roster_close_to_the_bound_has_brief_branch_and_price_then_scip_over_the_pool(
        monkeypatch, close_gap, close):
    """branch_and_price_close_gap: a roster within that many units of the bound after the
    dive has branch-and-price until the base deadline, not extended, and then the
    integer master over the pool from its roster until pool_master_share; otherwise
    branch-and-price may go on to the extended deadline, and no pool master follows.
    (Instance5's dive ends above its bound; the run is stopped at the weekend search.)"""
    instance = read(FIXTURES / "Instance5.txt")
    # (No integer master at the dive's root: only the pool's is recorded here.)
    options = BenchOptions(time_limit_s=20, workers=1, branch_and_price_close_gap=close_gap,
                           restricted_master_share=0)
    nodes, pools = [], []

    def branch_and_price(self, start, deadline, max_nodes=None, extended=None):
        nodes.append((self.roster_cost(start), deadline, extended))
        self.nodes, self.proved, self.search_bound = 0, False, None
        return start, self.roster_cost(start), None

    def restricted_master(self, start, seconds, max_share=1.0, fixed=None, max_kept=None):
        pools.append((self.roster_cost(start), time.perf_counter() + seconds))
        self.master_log = "recorded"
        return None

    def stop(*args, **kwargs):
        raise _Stopped

    monkeypatch.setattr(ColumnGeneration, "branch_and_price", branch_and_price)
    monkeypatch.setattr(ColumnGeneration, "restricted_master", restricted_master)
    monkeypatch.setattr(curtois, "weekend_search", stop)
    started = time.perf_counter()
    with pytest.raises(_Stopped):
        solve(instance, options)
    [(value, deadline, extended)] = nodes
    assert value > 1141  # (the bound: the LP 1 140.63 rounded up)
    assert started < deadline - options.branch_and_price_share * options.time_limit_s < (
        time.perf_counter())
    assert (deadline == extended) == close and deadline <= extended
    if close:
        [(start_value, pool_deadline)] = pools
        assert start_value == value
        assert started < pool_deadline - options.pool_master_share * options.time_limit_s
        assert pool_deadline - options.pool_master_share * options.time_limit_s < (
            time.perf_counter())
    else:
        assert pools == []


def test_subset_search_never_worsens_the_roster():
    instance, roster, start = greedy_roster("Instance4.txt")
    assert_no_worse(instance, start, subset_search(
        instance, roster, start, time.perf_counter() + 3, random.Random(0),
        BenchOptions(workers=1)))


def test_window_search_frees_everyone_around_a_penalty_and_never_worsens(monkeypatch):
    """Every neighbourhood frees all employees on 7–11 days (fewer at the horizon's ends)
    around a day the roster it starts from pays cover penalties for (request penalties when
    there are none); the roster never gets worse."""
    instance, roster, start = greedy_roster("Instance4.txt")
    built = record_neighbourhoods(monkeypatch)
    assert_no_worse(instance, start, window_search(
        instance, roster, start, time.perf_counter() + 3, random.Random(0),
        BenchOptions(workers=1)))
    assert built

    def centres(from_roster) -> dict[int, int]:
        return (daily_penalties(instance, from_roster, requests=False)
                or daily_penalties(instance, from_roster))

    for from_roster, free, days in built:
        assert days == list(range(days[0], days[-1] + 1))
        assert centres(from_roster) and free == list(range(len(instance.employees)))
        assert any(d in days for d in centres(from_roster))
        assert len(days) <= 11 and (len(days) >= 7 or 0 in days
                                    or instance.days - 1 in days)
    # A window clear of the horizon's ends is centred on such a day.
    inner = [(from_roster, days) for from_roster, _, days in built
             if 0 not in days and instance.days - 1 not in days]
    assert inner
    for from_roster, days in inner:
        assert len(days) in (7, 9, 11)
        assert days[len(days) // 2] in centres(from_roster)


def test_lp_daily_penalties_of_a_fractional_roster():
    """Hand-computed on the tiny instance: requests pay their weight times the share not
    granted (or hit), cover lines their weight times the fractional shortfall or surplus."""
    instance = tiny()
    values = [{(0, "D"): 0.5, (1, "D"): 1.0},   # A
              {(1, "D"): 0.5, (4, "D"): 0.25}]  # B
    # Day 0: A's on-request 2 × 0.5, cover 0 D short 0.5 × 100. Day 1: cover 1 D 1.5 of
    # 2, 0.5 × 100. Day 4: B's off-request 3 × 0.25, cover 4 N short 1 × 50.
    assert lp_daily_penalties(instance, values) == pytest.approx({0: 51.0, 1: 50.0,
                                                                   4: 50.75})


def test_lp_daily_penalties_of_a_whole_roster_are_the_scorers():
    instance, roster, _ = greedy_roster("Instance4.txt")
    values = [{(d, s): 1.0 for d, s in enumerate(roster[e.id]) if s != OFF}
              for e in instance.employees]
    paid = lp_daily_penalties(instance, values)
    assert {d: p for d, p in paid.items() if p} == pytest.approx(
        daily_penalties(instance, roster))
    assert excess_days(instance, roster, paid) == []


def test_window_search_centres_on_the_days_the_roster_pays_more_than_the_lp(monkeypatch):
    """With a reference (the LP's daily penalties), every window is around a day the roster
    it starts from pays more on than the reference (by over EXCESS); here the reference
    is the start's own penalties, one day (the one it pays least on) paid less, so that
    day, of all the days the roster pays on, is the centre until the roster changes."""
    instance, roster, start = greedy_roster("Instance4.txt")
    paid = daily_penalties(instance, roster)
    target = min(paid, key=lambda d: paid[d])
    assert len(paid) > 1
    reference = {d: float(p) for d, p in paid.items()}
    reference[target] = 0.0
    assert excess_days(instance, roster, reference) == [target]
    built = record_neighbourhoods(monkeypatch)
    assert_no_worse(instance, start, window_search(
        instance, roster, start, time.perf_counter() + 3, random.Random(0),
        BenchOptions(workers=1), reference=reference))
    assert built
    first_roster, _, first_days = built[0]
    assert first_roster == roster and target in first_days
    for from_roster, _, days in built:
        excess = excess_days(instance, from_roster, reference)
        if excess:
            assert any(d in days for d in excess)
            if 0 not in days and instance.days - 1 not in days:
                assert days[len(days) // 2] in excess


def test_window_search_frees_a_share_of_a_large_staff(monkeypatch):
    """When every employee on the window would be more than WINDOW_MAX_VARIABLES shift
    variables, a random share of them sized to that many is freed."""
    instance, roster, start = greedy_roster("Instance4.txt")
    monkeypatch.setattr(curtois, "WINDOW_MAX_VARIABLES", 100)
    built = record_neighbourhoods(monkeypatch)
    assert_no_worse(instance, start, window_search(
        instance, roster, start, time.perf_counter() + 2, random.Random(0),
        BenchOptions(workers=1)))
    n = len(instance.employees)
    per_day = curtois.variables_per_day(instance)
    assert built
    for _, free, days in built:
        share = n if per_day * len(days) <= 100 else round(n * 100 / (per_day * len(days)))
        assert len(set(free)) == len(free) == share <= n
    assert min(len(free) for _, free, _ in built) < n


def test_window_search_stops_at_the_bound(monkeypatch):
    """A roster already at the bound: no neighbourhood is built, the roster comes back."""
    instance, roster, start = greedy_roster("Instance4.txt")
    built = record_neighbourhoods(monkeypatch)
    best, value, found_at = window_search(instance, roster, start, time.perf_counter() + 30,
                                          random.Random(0), BenchOptions(workers=1), start)
    assert (best, value, found_at, built) == (roster, start, None, [])
    # One point below the roster: it searches (and the roster may or may not improve).
    window_search(instance, roster, start, time.perf_counter() + 1, random.Random(0),
                  BenchOptions(workers=1), start - 1)
    assert built


def test_weekend_days_around_are_friday_to_monday_inside_the_horizon():
    instance = read(FIXTURES / "Instance4.txt")  # 28 days from a Monday
    assert weekend_days_around(instance, [0, 3]) == [4, 5, 6, 7, 25, 26, 27]
    assert weekend_days_around(instance, range(4)) == [
        4, 5, 6, 7, 11, 12, 13, 14, 18, 19, 20, 21, 25, 26, 27]


def test_weekend_search_frees_everyone_on_every_weekend_once(monkeypatch):
    """One neighbourhood: every employee from Friday to Monday around all four weekends,
    solved until optimal or the deadline; the roster never gets worse, and when that search
    proved its roster optimal there, searching again from it finds nothing better (the
    same value, no time of an improvement; the roster may be another of equal value, which
    the search keeps: it failed once on an exact comparison of the rosters)."""
    instance, roster, start = greedy_roster("Instance4.txt")
    built = record_neighbourhoods(monkeypatch)
    statuses: list[int] = []
    make_solver = curtois._solver

    def recording_solver(options, seconds):
        solver = make_solver(options, seconds)
        solve_model = solver.solve

        def solve(model, *args):
            statuses.append(solve_model(model, *args))
            return statuses[-1]

        solver.solve = solve
        return solver

    monkeypatch.setattr(curtois, "_solver", recording_solver)
    found = weekend_search(instance, roster, start, time.perf_counter() + 20,
                           random.Random(0), BenchOptions(workers=1))
    assert_no_worse(instance, start, found)
    assert [(free, days) for _, free, days in built] == [
        (list(range(len(instance.employees))),
         weekend_days_around(instance, range(instance.weeks)))]
    best, value, _ = found
    again = weekend_search(instance, best, value, time.perf_counter() + 20, random.Random(1),
                           BenchOptions(workers=1))
    assert again[1] <= value
    if statuses[0] == cp_model.OPTIMAL:
        assert again[1:] == (value, None)
        assert_no_worse(instance, value, again)


def test_weekend_search_leaves_a_roster_too_large_for_it(monkeypatch):
    """Every employee on every weekend above WINDOW_MAX_VARIABLES: nothing is built and the
    roster comes back unchanged (window search has the time)."""
    instance, roster, start = greedy_roster("Instance4.txt")
    days = weekend_days_around(instance, range(instance.weeks))
    needed = curtois.variables_per_day(instance) * len(days)
    monkeypatch.setattr(curtois, "WINDOW_MAX_VARIABLES", needed - 1)
    built = record_neighbourhoods(monkeypatch)
    assert weekend_neighbourhood(instance) is None
    assert weekend_search(instance, roster, start, time.perf_counter() + 5,
                          random.Random(0), BenchOptions(workers=1)) == (roster, start, None)
    assert built == []
    monkeypatch.setattr(curtois, "WINDOW_MAX_VARIABLES", needed)
    assert weekend_neighbourhood(instance) == days
    weekend_search(instance, roster, start, time.perf_counter() + 1, random.Random(0),
                   BenchOptions(workers=1))
    assert len(built) == 1


def test_weekend_search_needs_two_weekends(monkeypatch):
    """On fewer than two weeks there is nothing to move between weekends: the roster
    comes back as it was, with no neighbourhood built."""
    one_week = parse("""\
SECTION_HORIZON
7

SECTION_SHIFTS
D,480,

SECTION_STAFF
A,D=7,4800,0,5,1,1,1

SECTION_COVER
0,D,1,100,1
""", "OneWeek")
    built = record_neighbourhoods(monkeypatch)
    assert weekend_neighbourhood(one_week) is None
    roster = {"A": [OFF] * 7}
    assert weekend_search(one_week, roster, 100, time.perf_counter() + 5, random.Random(0),
                          BenchOptions(workers=1)) == (roster, 100, None)
    assert built == []


def test_window_and_weekend_search_searches_weekends_after_each_gain(monkeypatch):
    """Window search in spells; a weekend search follows each spell that improved the
    roster, none follows a spell that did not, and the search stops at the bound; every
    spell gets the LP's daily penalties (``reference``). (The two searches stubbed with
    scripted values; far from the deadline throughout.)"""
    instance = read(FIXTURES / "Instance8.txt")
    calls: list[tuple[str, int]] = []
    window_values = iter([1390, 1390, 1380, 1297])  # gain, none, gain, the bound
    lp_paid = {3: 100.0}
    references = []

    def window(instance, roster, value, deadline, rng, options, bound=0, reference=None):
        calls.append(("window", value))
        references.append(reference)
        return roster, next(window_values), time.perf_counter()

    def weekend(instance, roster, value, deadline, rng, options, bound=0):
        calls.append(("weekend", value))
        return roster, value, None

    monkeypatch.setattr(curtois, "window_search", window)
    monkeypatch.setattr(curtois, "weekend_search", weekend)
    roster = {e.id: [OFF] * instance.days for e in instance.employees}
    best, value, found_at = window_and_weekend_search(
        instance, roster, 1400, time.perf_counter() + 300, random.Random(0),
        BenchOptions(workers=1), 1297, lp_paid)
    assert calls == [("window", 1400), ("weekend", 1390), ("window", 1390),
                     ("window", 1390), ("weekend", 1380), ("window", 1380)]
    assert references == [lp_paid] * 4
    assert (best, value) == (roster, 1297) and found_at is not None


def search_stages(instance, options: BenchOptions) -> list[str]:
    result = solve(instance, options)
    benchmark_record(instance, result)  # raises on any breach
    return [name for name, *_ in result.stages]


def test_a_large_instance_goes_from_the_greedy_roster_to_a_search(monkeypatch):
    """Above ``large_model`` shift variables: no column generation, no full model; the best
    response, then window search while a week of every employee is a small model, else
    subset search."""
    instance = read(FIXTURES / "Instance1.txt")
    options = BenchOptions(time_limit_s=3, workers=1, large_model=0)
    names = search_stages(instance, options)
    assert names[0] == "greedy first roster" and names[-1] == "window search"
    assert all("column generation" not in n and "full model" not in n for n in names)
    monkeypatch.setattr(curtois, "WINDOW_WEEK_VARIABLES", 0)
    assert search_stages(instance, options) == ["greedy first roster", "best response",
                                                "subset search"]


def test_no_pricing_when_the_first_schedules_take_a_tenth_of_its_time(monkeypatch):
    """The column generation gives up before its first round when, at the time the first
    schedules took, USEFUL_ROUNDS rounds would not fit: the greedy roster goes to the best
    response and window search."""
    instance = read(FIXTURES / "Instance1.txt")
    monkeypatch.setattr(column_generation, "USEFUL_ROUNDS", 10**9)
    generation = ColumnGeneration(instance, threads=1)
    started = time.perf_counter()
    result = generation.run(started + 30)
    assert result.iterations == 0 and not result.converged and result.too_slow
    assert [len(columns) for columns in generation.columns] == [1] * len(instance.employees)
    names = search_stages(instance, BenchOptions(time_limit_s=3, workers=1))
    assert names[0] == "greedy first roster" and names[-1] == "window search"


def test_pricing_stops_when_its_second_round_is_too_slow(monkeypatch):
    """The pace is judged again on the second round (the first priced with the LP's
    duals): when USEFUL_ROUNDS of it would not fit, the column generation gives up and the
    greedy roster goes to the best response and window search, as when the first schedules
    are too slow."""
    instance = read(FIXTURES / "Instance1.txt")
    paces: list[float] = []

    def first_fits_then_not(self, seconds: float, deadline: float) -> bool:
        paces.append(seconds)
        return len(paces) % 2 == 1  # the first schedules fit, the second round does not

    monkeypatch.setattr(ColumnGeneration, "_rounds_fit", first_fits_then_not)
    result = ColumnGeneration(instance, threads=1).run(time.perf_counter() + 30)
    assert result.iterations == 2 and not result.converged and result.too_slow
    assert len(paces) == 2
    names = search_stages(instance, BenchOptions(time_limit_s=3, workers=1))
    assert names[:2] == ["column generation given up after 2 rounds (too slow)",
                         "greedy first roster"]
    assert names[-1] == "window search"


def test_a_column_generation_ended_far_from_convergence_is_given_up(monkeypatch):
    """far_from_converged: unconverged with its bound below that share of its LP, the
    column generation is given up as too slow (greedy roster, best response, window
    search); near convergence or converged, its LP and pool go on to the dive."""
    instance = read(FIXTURES / "Instance1.txt")
    run = ColumnGeneration.run

    def unconverged(self, *args, **kwargs):
        result = run(self, *args, **kwargs)
        # Instance1's LP is 558; a bound of 200 is below half of it, 300 is not.
        return replace(result, converged=False, lower_bound=bound)

    monkeypatch.setattr(ColumnGeneration, "run", unconverged)
    options = BenchOptions(time_limit_s=3, workers=1)
    bound = 200
    names = search_stages(instance, options)
    assert names[0].startswith("column generation given up after")
    assert "far from convergence" in names[0] and "bound 200" in names[0]
    # Instance1's LP (converged in truth) rounds to a roster far better than the greedy:
    # the best response starts from it.
    assert names[1:4] == ["greedy first roster", "the LP's heaviest columns",
                          "best response"]
    assert names[-1] == "window search"
    bound = 300
    names = search_stages(instance, options)
    assert names[0].startswith("column generation (") and "greedy first roster" not in names
    monkeypatch.setattr(ColumnGeneration, "run", run)
    assert search_stages(instance, BenchOptions(time_limit_s=3, workers=1,
                                                far_from_converged=10.0))[0].startswith(
        "column generation (")  # converged: never given up


def test_a_column_generation_given_up_far_from_convergence_responds_from_the_lp(
        monkeypatch):
    """Far from convergence, the best response starts from the LP's heaviest columns even
    when they score no better than the greedy roster (here: the greedy roster's own
    schedules, handed back as the heaviest columns)."""
    instance = read(FIXTURES / "Instance1.txt")
    run = ColumnGeneration.run
    respond = ColumnGeneration.best_response
    handed: list[list] = []
    starts: list[list] = []

    def unconverged(self, *args, **kwargs):
        return replace(run(self, *args, **kwargs), converged=False, lower_bound=200)

    def heaviest_as_greedy(self):
        handed.append(list(self.fallback))
        return handed[-1]

    def recorded(self, start, until):
        starts.append(start)
        return respond(self, start, until)

    monkeypatch.setattr(ColumnGeneration, "run", unconverged)
    monkeypatch.setattr(ColumnGeneration, "heaviest_columns", heaviest_as_greedy)
    monkeypatch.setattr(ColumnGeneration, "best_response", recorded)
    names = search_stages(instance, BenchOptions(time_limit_s=3, workers=1))
    assert names[1:4] == ["greedy first roster", "the LP's heaviest columns",
                          "best response"]
    assert len(handed) == 1 and starts and starts[0] is handed[0]


def test_a_rounded_roster_far_above_the_lp_gets_the_best_response_first(monkeypatch):
    """far_roster: with no time for a dive (dive_share 0) after a column generation that
    did not converge, the LP's heaviest columns go to the best response before RINS when
    the roster is above far_roster times the LP value; within it, with far_roster 0, or
    after a converged column generation, straight to RINS."""
    instance = read(FIXTURES / "Instance1.txt")
    response = "best response from the LP's rounding"
    names = search_stages(instance, BenchOptions(time_limit_s=3, workers=1, dive_share=0.0,
                                                 far_roster=1e-9))
    assert names[1] == "the LP's heaviest columns (no time for a dive)"
    assert response not in names  # Instance1's column generation converges
    run = ColumnGeneration.run

    def unconverged(self, *args, **kwargs):
        # (The bound stays Instance1's, near its LP: not given up as far from convergence.)
        return replace(run(self, *args, **kwargs), converged=False)

    monkeypatch.setattr(ColumnGeneration, "run", unconverged)
    result = solve(instance, BenchOptions(time_limit_s=3, workers=1, dive_share=0.0,
                                          far_roster=1e-9))
    benchmark_record(instance, result)  # raises on any breach
    names = [name for name, *_ in result.stages]
    assert names[1] == "the LP's heaviest columns (no time for a dive)"
    at = names.index(response)
    assert names[at - 1] in {names[1], "greedy first roster"}
    assert not any(n.startswith("RINS") for n in names[:at])
    rounded, answered = result.stages[at - 1][2], result.stages[at][2]
    assert answered <= rounded  # kept only when better
    for far_roster in (0.0, 1e9):
        names = search_stages(instance, BenchOptions(time_limit_s=3, workers=1,
                                                     dive_share=0.0, far_roster=far_roster))
        assert names[1] == "the LP's heaviest columns (no time for a dive)"
        assert response not in names


def test_heaviest_columns_are_each_employees_column_of_greatest_weight():
    """The last LP's heaviest column of each employee (a roster: solve() starts a column
    generation given up far from convergence from it, branch-and-price tries it at every
    node)."""
    instance = read(FIXTURES / "Instance1.txt")
    generation = ColumnGeneration(instance, threads=1)
    result = generation.run(time.perf_counter() + 30)
    roster = generation.heaviest_columns()
    assert len(roster) == len(instance.employees)
    for schedule, columns, weights in zip(roster, result.columns, result.weights):
        assert schedule in columns
        assert weights[columns.index(schedule)] == max(weights)
    assert not evaluate(instance, assignments_of(instance, roster)).breaches


def test_pricing_goes_on_while_its_rounds_fit():
    """With rounds that fit (Instance1 converges in well under a second of a 30 s budget)
    the column generation runs to convergence."""
    instance = read(FIXTURES / "Instance1.txt")
    result = ColumnGeneration(instance, threads=1).run(time.perf_counter() + 30)
    assert result.converged and not result.too_slow and result.iterations > 2
    assert result.lower_bound == math.ceil(result.lp_value - 1e-6) <= 607  # LP 558


def test_a_dive_far_above_the_bound_dives_again():
    """redive_gap: a finished dive more than that share above the bound dives once more
    (with redive_rounds a node) and the better roster goes on; within it, or when the
    second dive does not fit (redive_fit), no second dive. (A negative share makes every
    dive far above.)"""
    instance = read(FIXTURES / "Instance3.txt")
    # (30 s, of which Instance3 takes well under one: a pause of the machine must not make
    # its column generation look too slow for a dive.)
    names = search_stages(instance, BenchOptions(time_limit_s=30, workers=1,
                                                 redive_gap=-1.0))
    assert names[1:3] == ["dive", "dive again (10 rounds a node)"]
    names = search_stages(instance, BenchOptions(time_limit_s=30, workers=1,
                                                 redive_gap=10.0))
    assert names[1] == "dive" and not any(n.startswith("dive again") for n in names)
    # Far above, but a second dive would not fit before its deadline.
    names = search_stages(instance, BenchOptions(time_limit_s=30, workers=1,
                                                 redive_gap=-1.0, redive_fit=1e9))
    assert names[1] == "dive" and not any(n.startswith("dive again") for n in names)
    # Far above, but the horizon (Instance3: 14 days) is longer than redive_max_days.
    names = search_stages(instance, BenchOptions(time_limit_s=30, workers=1,
                                                 redive_gap=-1.0, redive_max_days=13))
    assert names[1] == "dive" and not any(n.startswith("dive again") for n in names)


# ------------------------------------------------------------------- block search


def test_held_outside_holds_every_context_day():
    """The roster costs the same in the held instance; leaving a held shift costs more
    than the roster's whole cost, and working a held day off breaks rule 9."""
    instance = parse(FIVE_WEEKS, "Five")
    part = restrict(instance, FIVE_WEEKS_ROSTER, range(14, 16))
    inner = range(14 - part.first, 16 - part.first)
    held = held_outside(part, inner)
    cost = evaluate(part.instance, part.roster).objective
    assert evaluate(held, part.roster).objective == cost
    outside = [(id_, d) for id_ in part.roster for d in range(part.instance.days)
               if d not in inner]
    worked = [(id_, d) for id_, d in outside if part.roster[id_][d] != OFF]
    free = [(id_, d) for id_, d in outside if part.roster[id_][d] == OFF]
    assert worked and free
    for id_, d in worked:
        changed = {k: list(v) for k, v in part.roster.items()}
        changed[id_][d] = OFF
        assert evaluate(held, changed).objective - evaluate(part.instance, changed).objective > cost
    for e, before in zip(held.employees, part.instance.employees):
        assert e.days_off == before.days_off | {d for id_, d in free if id_ == e.id}


def test_block_search_is_exact_block_by_block_and_keeps_every_rule(monkeypatch):
    """The first block re-solved given the rest is the first step (each block's instance is
    small enough that solve() proves its optimum), later blocks are taken only when
    cheaper, and every roster kept is legal; one block over the whole horizon is solve()
    on the instance itself."""
    monkeypatch.setattr(curtois, "BLOCK_ROUND_S", 60.0)  # as long as solve() below
    instance = parse(FIVE_WEEKS, "Five")
    start = assignments_of(instance, ColumnGeneration(instance, threads=1)._first_schedules(
        time.perf_counter() + 60))
    start_value = evaluate(instance, start).objective
    part = restrict(instance, start, range(0, 7))
    first = solve(held_outside(part, range(0, 7)), BenchOptions(time_limit_s=60))
    assert first.status == "OPTIMAL"
    after_first = evaluate(instance, part.merge(start, first.assignments)).objective
    assert after_first < start_value  # the test exercises an improvement

    roster, value, found_at = block_search(instance, start, start_value,
                                           time.perf_counter() + 300, BenchOptions(), 7)
    evaluation = evaluate(instance, roster)
    assert evaluation.legal and evaluation.objective == value
    assert value <= after_first and found_at is not None

    whole = solve(instance, BenchOptions(time_limit_s=60))
    assert whole.status == "OPTIMAL"
    roster, value, _ = block_search(instance, start, start_value,
                                    time.perf_counter() + 120, BenchOptions(), 35)
    assert value == whole.objective and evaluate(instance, roster).legal


def test_block_spans_cover_the_horizon_and_move_the_seams_by_the_offset():
    assert block_spans(84, 28) == [(0, 28), (28, 56), (56, 84)]
    assert block_spans(84, 28, 14) == [(0, 14), (14, 42), (42, 70), (70, 84)]
    assert block_spans(91, 28) == [(0, 28), (28, 56), (56, 91)]  # 7 days join the last
    assert block_spans(91, 28, 14) == [(0, 14), (14, 42), (42, 70), (70, 91)]
    assert block_spans(98, 28) == [(0, 28), (28, 56), (56, 84), (84, 98)]  # half a block
    assert block_spans(28, 28, 14) == [(0, 14), (14, 28)]


def test_block_search_passes_with_moved_seams_until_two_passes_gain_nothing(monkeypatch):
    """Every block of the first pass (its limits within its share: Restriction.
    within_share), then passes alternately half a block on, each block given at most
    BLOCK_ROUND_S; the search ends long before its deadline once two passes
    in a row have changed nothing (a fixed point: each block is solved to its optimum
    here): the last two passes gained nothing, the one before them did."""
    searched, limits = [], []
    real_restrict, real_solve = curtois.restrict, curtois.solve

    def spy_restrict(instance, roster, days):
        searched.append((days.start, days.stop, evaluate(instance, roster).objective))
        return real_restrict(instance, roster, days)

    def spy_solve(instance, options=BenchOptions(), initial=None):
        limits.append(options.time_limit_s)
        # A block is not searched by blocks again, nor given far_roster's best response.
        kinds.add((options.block_search, options.far_roster))
        # It starts from the block as it stands, and comes back no worse where that is
        # legal for it (the first pass's share may make it not).
        solved = real_solve(instance, options, initial)
        given = evaluate(instance, initial)
        starts.append(given.legal)
        if given.legal:
            assert solved.objective <= given.objective
        return solved

    kinds: set = set()
    starts: list[bool] = []
    shared = []
    real_share = Restriction.within_share

    def spy_share(self, full):
        shared.append(self.first)
        return real_share(self, full)

    monkeypatch.setattr(curtois, "restrict", spy_restrict)
    monkeypatch.setattr(curtois, "solve", spy_solve)
    monkeypatch.setattr(Restriction, "within_share", spy_share)
    monkeypatch.setattr(curtois, "BLOCK_ROUND_S", 20.0)
    instance = parse(FIVE_WEEKS, "Five")
    start = assignments_of(instance, ColumnGeneration(instance, threads=1)._first_schedules(
        time.perf_counter() + 60))
    start_value = evaluate(instance, start).objective
    began = time.perf_counter()
    roster, value, _ = block_search(instance, start, start_value, began + 600,
                                    BenchOptions(), 14)
    assert time.perf_counter() - began < 300
    assert evaluate(instance, roster).legal and evaluate(instance, roster).objective == value
    passes = []
    while searched:
        spans = block_spans(35, 14, (len(passes) % 2) * 7)
        assert [(a, b) for a, b, _ in searched[:len(spans)]] == spans
        passes.append([v for *_, v in searched[:len(spans)]])
        del searched[:len(spans)]
    assert len(passes) >= 3
    assert all(v == value for v in passes[-1] + passes[-2])  # the last two gained nothing
    assert passes[-3][0] > value  # the pass before them did
    assert max(limits) <= 20.0
    assert kinds == {(False, 0.0)}
    assert any(starts)
    assert len(shared) == len(passes[0])  # the first pass's blocks within their share


def test_block_search_is_chosen_for_long_horizons_of_small_blocks(monkeypatch):
    """Never on Instances 1–12 (28 days at most); on 84 days of a small staff, unless it is
    turned off, the time is too short for its blocks or a block is too large."""
    for path in sorted(FIXTURES.glob("Instance*.txt")):
        assert block_days_of(read(path), BenchOptions()) is None
    long = tiny(84)
    assert block_days_of(long, BenchOptions()) == curtois.BLOCK_DAYS
    assert block_days_of(tiny(77), BenchOptions()) is None  # two blocks and 21 days
    assert block_days_of(long, BenchOptions(block_search=False)) is None
    assert block_days_of(long, BenchOptions(time_limit_s=5)) is None
    monkeypatch.setattr(curtois, "BLOCK_VARIABLES", 1)
    assert block_days_of(long, BenchOptions()) is None


def test_block_search_solves_each_block_without_block_search(monkeypatch):
    """A block's instance with a long context could itself qualify; it is solved by the
    pipeline, not by block search again."""
    calls = []
    real = curtois.solve

    def spy(instance, options=BenchOptions(), initial=None):
        calls.append(options.block_search)
        return real(instance, options, initial)

    monkeypatch.setattr(curtois, "solve", spy)
    instance = parse(FIVE_WEEKS, "Five")
    value = evaluate(instance, FIVE_WEEKS_ROSTER).objective
    roster, _, _ = block_search(instance, FIVE_WEEKS_ROSTER, value,
                                time.perf_counter() + 120, BenchOptions(), 14)
    assert calls and not any(calls)
    assert evaluate(instance, roster).legal


def test_solve_takes_the_block_search_on_a_long_horizon():
    long = tiny(84)
    result = solve(long, BenchOptions(time_limit_s=12))
    names = [name for name, *_ in result.stages]
    assert names[:2] == ["greedy first roster", "block search (28 days a block)"]
    greedy = result.stages[0][2]
    benchmark_record(long, result)  # raises on a breach
    assert result.objective <= greedy


def test_solve_starts_from_an_initial_roster_that_is_legal_and_better(monkeypatch):
    """A legal initial roster that beats the greedy first roster stands in for it; an
    illegal one is ignored. On the block search path with its searches made idle, the
    run's roster is its first roster."""
    instance = parse(FIVE_WEEKS, "Five")
    best = solve(instance, BenchOptions(time_limit_s=60))
    assert best.status == "OPTIMAL"
    benchmark_record(instance, best)  # raises on a breach

    def idle(instance, roster, value, *args, **kwargs):
        return roster, value, None

    monkeypatch.setattr(curtois, "block_days_of", lambda instance, options: 7)
    monkeypatch.setattr(curtois, "block_search", idle)
    monkeypatch.setattr(curtois, "window_search", idle)
    plain = solve(instance, BenchOptions(time_limit_s=60))
    assert [name for name, *_ in plain.stages][:1] == ["greedy first roster"]
    assert plain.objective > best.objective  # the greedy roster is not optimal here
    benchmark_record(instance, plain)
    started = solve(instance, BenchOptions(time_limit_s=60), initial=best.assignments)
    assert [name for name, *_ in started.stages][:1] == ["initial roster"]
    assert started.objective == best.objective
    assert started.assignments == best.assignments
    # A shift on a fixed day off: cheaper than the greedy roster, but illegal.
    e = next(e for e in instance.employees if e.days_off)
    broken = {id_: list(row) for id_, row in best.assignments.items()}
    broken[e.id][min(e.days_off)] = next(s for s in instance.shifts if e.may_work(s))
    assert not evaluate(instance, broken).legal
    assert evaluate(instance, broken).objective < plain.objective
    ignored = solve(instance, BenchOptions(time_limit_s=60), initial=broken)
    assert [name for name, *_ in ignored.stages][:1] == ["greedy first roster"]
    assert ignored.assignments != broken
    benchmark_record(instance, ignored)  # raises on a breach
