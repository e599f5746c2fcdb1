"""The dynamic-programming pricing against two independent judges: the scorer, by brute
force over every row of a short horizon, and the CP-SAT pricing model (the same rules as
blocks) on the benchmark's instances."""

from __future__ import annotations

import itertools
import random
import time

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

import solver.labelling as labelling
from benchmarks.curtois_long import case
from roster.curtois import OFF, Employee, Instance, ShiftType, employee_breaches, read
from solver.column_generation import SCALE, ColumnGeneration, NoSchedule, Pricing, complies
from solver.curtois import add_schedule
from solver.labelling import LabellingPricing, Overflow
from tests.roster.test_curtois import FIXTURES, tiny


def cost_of(schedule, coefficients) -> int:
    return sum(coefficients.get(key, 0) for key in schedule)


def as_row(instance: Instance, schedule) -> list[str]:
    row = [OFF] * instance.days
    for d, s in schedule:
        assert row[d] == OFF, "two shifts on one day"
        row[d] = s
    return row


@st.composite
def one_employee(draw) -> Instance:
    """A short horizon (7–8 days: every row can be scored) with 1–2 shift types of
    random lengths and rotation, and one employee whose every limit is drawn: caps, the
    minutes, runs, days off, weekends and fixed days off."""
    days = draw(st.integers(7, 8))
    ids = ["D", "N"][:draw(st.integers(1, 2))]
    minutes = {s: draw(st.sampled_from([240, 480, 600])) for s in ids}
    shifts = {s: ShiftType(s, minutes[s], tuple(t for t in ids
                                                 if draw(st.booleans()) and t != s))
              for s in ids}
    caps = {s: draw(st.integers(0, days)) for s in ids if draw(st.booleans())}
    max_minutes = draw(st.integers(0, days * 600))
    employee = Employee(
        "E", caps, max_minutes, draw(st.integers(0, max_minutes)),
        draw(st.integers(1, 6)), draw(st.integers(1, 4)), draw(st.integers(1, 4)),
        draw(st.integers(0, 1)),
        frozenset(draw(st.sets(st.integers(0, days - 1), max_size=2))))
    return Instance("Random", days, shifts, (employee,), (), (), ())


def legal_costs(instance: Instance, coefficients, decisions=None) -> list[int]:
    """The cost of every legal row (the scorer decides legality) that keeps the decisions
    ((day, shift) → worked or not)."""
    e = instance.employees[0]
    return [sum(coefficients.get((d, s), 0) for d, s in enumerate(row) if s != OFF)
            for row in itertools.product([OFF, *instance.shifts], repeat=instance.days)
            if not employee_breaches(instance, e, list(row)) and all(
                (row[d] == s) == on for (d, s), on in (decisions or {}).items())]


def brute_force(instance: Instance, coefficients, decisions=None) -> int | None:
    """The least cost over every legal row that keeps the decisions, if any."""
    return min(legal_costs(instance, coefficients, decisions), default=None)


@pytest.fixture
def completion_calls(monkeypatch) -> list[int]:
    """Grows by one each time the search builds its completion bound (_completion)."""
    called: list[int] = []
    real = labelling._completion
    monkeypatch.setattr(labelling, "_completion",
                        lambda *args: called.append(1) or real(*args))
    return called


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_employee(), st.randoms(use_true_random=False))
def test_labelling_finds_the_least_cost_legal_row_or_none(instance, rnd):
    """Every rule at once, edge exemptions and days off included: the optimum of every
    row the scorer accepts, and a schedule the scorer accepts at that cost."""
    e = instance.employees[0]
    coefficients = {(d, s): rnd.randint(-50, 30) for d in range(instance.days)
                    for s in instance.allowed(e, d)}
    pricing = LabellingPricing.build(instance, e)
    assert pricing is not None
    schedules, least = pricing.solve(coefficients, keep=3)
    expected = brute_force(instance, coefficients)
    assert least == expected
    if expected is None:
        assert schedules == []
        return
    assert cost_of(schedules[-1], coefficients) == least
    for schedule in schedules:
        assert not employee_breaches(instance, e, as_row(instance, schedule))
        assert cost_of(schedule, coefficients) >= least
    assert len(set(schedules)) == len(schedules)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_employee(), st.randoms(use_true_random=False))
def test_an_upper_bound_prunes_labels_but_not_the_optimum(instance, rnd):
    """Given the value of a legal row (the optimum itself, the tightest, or another legal
    row), the completion bound drops labels but keeps the optimum: the same least cost as
    brute force, and every schedule returned legal and at most that value."""
    e = instance.employees[0]
    coefficients = {(d, s): rnd.randint(-50, 30) for d in range(instance.days)
                    for s in instance.allowed(e, d)}
    costs = legal_costs(instance, coefficients)
    assume(costs)
    upper = min(costs) if rnd.random() < 0.5 else rnd.choice(costs)
    pricing = LabellingPricing.build(instance, e)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(labelling, "SHORT_HORIZON", 0)  # prune on this 7-8-day horizon too
        schedules, least = pricing.solve(coefficients, keep=3, upper=upper)
    assert least == min(costs)
    assert cost_of(schedules[-1], coefficients) == least
    for schedule in schedules:
        assert not employee_breaches(instance, e, as_row(instance, schedule))
        assert least <= cost_of(schedule, coefficients) <= upper


def test_the_completion_bound_prunes_only_on_horizons_where_it_pays(completion_calls):
    """Beyond SHORT_HORIZON days and up to COMPLETION_MAX_DAYS (where it halved the
    column generation's pricing); not on 28 days nor on the greedy path's long ones."""
    for days, prunes in ((14, False), (35, True), (labelling.COMPLETION_MAX_DAYS, True),
                         (labelling.COMPLETION_MAX_DAYS + 7, False)):
        instance = tiny(days)
        a = instance.employees[0]
        pricing = LabellingPricing.build(instance, a)
        coefficients = {(d, "D"): -10 for d in range(days)}
        plain, least = pricing.solve(coefficients)
        completion_calls.clear()
        schedules, pruned = pricing.solve(coefficients, keep=2,
                                          upper=cost_of(plain[-1], coefficients))
        assert bool(completion_calls) == prunes and pruned == least


def test_the_pricing_bounds_the_search_by_its_last_schedule(completion_calls):
    """The column generation's pricing on 35 days: from its second round on, the search is
    bounded by the last schedule's value at the new duals, and answers as unbounded."""
    instance = tiny(35)
    pricing = Pricing.build(instance, instance.employees[0])
    rnd = random.Random(35)
    for _ in range(6):
        duals = {key: rnd.randint(-SCALE, 3 * SCALE) for key in pricing.x}
        coefficients = {key: SCALE * pricing.costs.get(key, 0) - duals[key]
                        for key in pricing.x}
        _, unbounded = pricing.labelling.solve(coefficients)
        schedules, bound = pricing.solve(duals, 10, 0)
        assert bound == SCALE * pricing.constant + unbounded
        assert cost_of(schedules[-1], coefficients) == unbounded
    assert len(completion_calls) == 5  # every round after the first


def cp_sat_least(instance: Instance, e: Employee, coefficients) -> int:
    model = cp_model.CpModel()
    sv = add_schedule(model, instance, e)
    model.minimize(sum(coefficients.get(key, 0) * var for key, var in sv.x.items()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    assert solver.solve(model) == cp_model.OPTIMAL
    return round(solver.objective_value)


@pytest.mark.parametrize("name", ["Instance5", "Instance8", "Instance9", "Instance12"])
def test_labelling_matches_the_cp_sat_pricing_on_the_benchmark(name):
    """Caps that bind (5), up to three binding caps (8: its employees N, Q and V, whose
    counts are stored as 0 once they can no longer reach the cap), two shift lengths (9),
    ten shift types in four rotation classes (12): random reduced costs, the same optimum
    as the CP-SAT model."""
    instance = read(FIXTURES / f"{name}.txt")
    rnd = random.Random(name)
    chosen = rnd.sample(instance.employees, 4)
    if name == "Instance8":
        chosen += [e for e in instance.employees if e.id in ("N", "Q", "V")]
    for e in chosen:
        pricing = LabellingPricing.build(instance, e)
        assert pricing is not None
        assert_prices_as_cp_sat(instance, e, pricing, rnd)


def assert_prices_as_cp_sat(instance: Instance, e: Employee, pricing: LabellingPricing,
                            rnd: random.Random, pruned: bool = False) -> None:
    """At random reduced costs the dynamic program's least cost is the CP-SAT model's
    optimum, and its best schedule costs that and is legal. ``pruned``: the search is
    given the value of a legal schedule as its upper bound (a schedule of the unpruned
    search at costs drawn again, priced at these: as the column generation's last one)."""
    def draw() -> dict[tuple[int, str], int]:
        return {(d, s): rnd.randint(-3 * SCALE, SCALE) for d in range(instance.days)
                for s in instance.allowed(e, d)}

    coefficients = draw()
    upper = None
    if pruned:
        assert instance.days > labelling.SHORT_HORIZON
        earlier, _ = pricing.solve(draw())
        upper = cost_of(earlier[-1], coefficients)
    schedules, least = pricing.solve(coefficients, keep=2, upper=upper)
    assert least == cp_sat_least(instance, e, coefficients)
    assert cost_of(schedules[-1], coefficients) == least
    assert not employee_breaches(instance, e, as_row(instance, schedules[-1]))


def test_labelling_matches_the_cp_sat_pricing_on_a_longer_horizon():
    """The 42-day stand-in of Instance8 (8x2d42): its employees N, Q and V, with three
    binding caps and 3.3–3.9 million states (above the 3 million limit before the
    twenty-fifth session), price by the dynamic program to the CP-SAT model's optimum."""
    instance = case("8x2d42")
    rnd = random.Random("8x2d42")
    chosen = [e for e in instance.employees if e.id in ("N", "Q", "V")]
    assert len(chosen) == 3
    for e in chosen:
        pricing = LabellingPricing.build(instance, e)
        assert pricing is not None and pricing.states > 3_000_000
        assert_prices_as_cp_sat(instance, e, pricing, rnd)
        assert_prices_as_cp_sat(instance, e, pricing, rnd, pruned=True)


def test_column_generation_prices_with_labelling_to_the_same_bound():
    """At converged duals, each employee's pricing answers as the CP-SAT pricing does."""
    instance = read(FIXTURES / "Instance4.txt")
    generation = ColumnGeneration(instance, threads=1)
    result = generation.run(time.perf_counter() + 300)
    assert result.converged and result.lower_bound == 1716
    duals = generation.duals()
    for i, pricing in enumerate(generation.pricing):
        assert pricing.labelling is not None
        schedules, bound = pricing.solve(duals, 60, 0)
        assert generation._marginal_cost(i, schedules[-1], duals) == bound
        pricing.labelling = None
        _, bound_cp_sat = pricing.solve(duals, 60, 0)
        assert not pricing.cut_short
        assert bound_cp_sat == bound


def test_pricing_falls_back_to_cp_sat_when_labels_overflow(monkeypatch):
    instance = read(FIXTURES / "Instance12.txt")
    e = instance.employees[0]
    pricing = Pricing.build(instance, e)
    assert pricing.labelling is not None
    coefficients = {key: -SCALE for key in pricing.x}
    _, expected = pricing.labelling.solve(coefficients)
    monkeypatch.setattr(labelling, "MAX_DAY_LABELS", 8)
    with pytest.raises(Overflow):
        pricing.labelling.solve(coefficients)
    duals = {key: SCALE * (1 + pricing.costs.get(key, 0)) for key in pricing.x}
    schedules, bound = pricing.solve(duals, 60, 0)
    assert pricing.labelling is None and not pricing.cut_short
    assert bound == SCALE * pricing.constant + expected
    assert cost_of(schedules[-1], coefficients) == expected


def test_an_employee_with_too_many_states_keeps_cp_sat(monkeypatch):
    instance = read(FIXTURES / "Instance8.txt")
    built = [LabellingPricing.build(instance, e) for e in instance.employees]
    assert all(b is not None for b in built)
    # Employees with two or three binding caps have the most states (585 000-682 500).
    largest = max(b.states for b in built)
    assert largest <= labelling.MAX_STATES
    monkeypatch.setattr(labelling, "MAX_STATES", largest - 1)
    built = [LabellingPricing.build(instance, e) for e in instance.employees]
    assert any(b is None for b in built) and any(b is not None for b in built)
    assert all(b.states < largest for b in built if b is not None)
    over = next(e for e, b in zip(instance.employees, built) if b is None)
    assert Pricing.build(instance, over).labelling is None


def test_interchangeable_shifts_are_one_choice_priced_at_the_cheapest():
    instance = read(FIXTURES / "Instance12.txt")
    e = instance.employees[0]  # a1, a2, a3, d1, d2, p2, p3 allowed; nothing capped
    pricing = LabellingPricing.build(instance, e)
    assert ("a1", "a2", "a3") in pricing.groups and ("d1", "d2") in pricing.groups
    # a2 is the cheapest a-shift on day 0 and the only pay-off anywhere.
    schedules, least = pricing.solve({(0, "a2"): -5, (0, "a1"): -1})
    assert least == -5 and (0, "a2") in schedules[-1]


def test_a_fixed_day_off_and_single_days_at_the_edges():
    """Tiny: A may not work day 3 and works 2–4 days in a row, except that a run touching
    the horizon's first or last day is exempt from the minimum. A single day on day 0 and
    on day 13 pay most here (day 3 would pay more; days 1 and 12 cost)."""
    instance = tiny()
    a = instance.employees[0]
    pricing = LabellingPricing.build(instance, a)
    coefficients = {(0, "D"): -100, (13, "D"): -100, (3, "D"): -1000, (6, "D"): -60,
                    (1, "D"): 50, (12, "D"): 50, (1, "N"): 50, (12, "N"): 50}
    schedules, least = pricing.solve(coefficients)
    row = as_row(instance, schedules[-1])
    assert row[0] == "D" and row[1] == OFF and row[12] == OFF and row[13] == "D"
    assert row[3] == OFF and not employee_breaches(instance, a, row)
    assert least == cp_sat_least(instance, a, coefficients)


def test_master_lp_is_solved_without_preprocessing_when_glop_fails_twice():
    """GLOP's preprocessing once failed (ABNORMAL) on a master of exact-pricing columns;
    _solve_lp tries warm, from scratch, then without preprocessing, and restores it."""
    from ortools.linear_solver import pywraplp

    generation = ColumnGeneration(read(FIXTURES / "Instance1.txt"), threads=1)
    result = generation.run(time.perf_counter() + 60)
    assert result.converged
    real = generation.lp
    calls = []

    class Failing:
        """The real LP, but every Solve fails while preprocessing is on."""

        preprocessing = True

        def __getattr__(self, name):
            return getattr(real, name)

        def SetSolverSpecificParametersAsString(self, text):  # noqa: N802 - GLOP's name
            calls.append(text)
            self.preprocessing = "use_preprocessing: false" not in text
            return real.SetSolverSpecificParametersAsString(text)

        def Solve(self, *args):  # noqa: N802
            status = real.Solve(*args)
            return pywraplp.Solver.ABNORMAL if self.preprocessing else status

    generation.lp = Failing()
    assert generation._solve_lp()
    assert calls == ["use_preprocessing: false", ""]
    assert real.Objective().Value() == pytest.approx(result.lp_value)


def test_longer_horizons_allow_more_states(monkeypatch):
    """CP-SAT's pricing is far slower beyond SHORT_HORIZON days, so the limit is higher."""
    longer = tiny(35)
    assert longer.days > labelling.SHORT_HORIZON >= tiny().days
    monkeypatch.setattr(labelling, "MAX_STATES", 1)
    assert LabellingPricing.build(tiny(), tiny().employees[0]) is None
    assert LabellingPricing.build(longer, longer.employees[0]) is not None
    monkeypatch.setattr(labelling, "MAX_STATES_LONG", 1)
    assert LabellingPricing.build(longer, longer.employees[0]) is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_employee(), st.randoms(use_true_random=False), st.booleans())
def test_pricing_keeps_a_nodes_decisions(instance, rnd, exact):
    """A branch-and-price node's decisions (shift worked or not on a day), by the dynamic
    program (steered by a penalty) or by CP-SAT (fixed variables): the least cost over the rows
    that keep them, every schedule returned keeps them, and NoSchedule when none does."""
    e = instance.employees[0]
    allowed = [(d, s) for d in range(instance.days) for s in instance.allowed(e, d)]
    coefficients = {key: rnd.randint(-50, 30) for key in allowed}
    assume(allowed and brute_force(instance, coefficients) is not None)
    decisions = {key: rnd.random() < 0.5 for key in rnd.sample(allowed, min(3, len(allowed)))}
    pricing = Pricing.build(instance, e)
    if not exact:
        pricing.labelling = None
    duals = {key: -value for key, value in coefficients.items()}  # no requests: cost 0
    expected = brute_force(instance, coefficients, decisions)
    if expected is None:
        with pytest.raises(NoSchedule):
            pricing.solve(duals, 10, 0, decisions=decisions)
        return
    schedules, bound = pricing.solve(duals, 10, 0, decisions=decisions)
    assert bound == expected
    assert cost_of(schedules[-1], coefficients) == bound
    for schedule in schedules:
        assert complies(schedule, decisions)
        assert not employee_breaches(instance, e, as_row(instance, schedule))


def test_warm_up_compiles_what_a_pricing_then_uses():
    """warm_up() compiles the search and the completion bound for the argument types a
    pricing passes, so a pricing after it, with the bound or without, compiles nothing
    more."""
    labelling.warm_up()
    compiled = [labelling._search, labelling._completion]
    signatures = [len(f.signatures) for f in compiled]
    assert all(signatures)
    instance = tiny(35)  # longer than SHORT_HORIZON: the completion bound applies
    employee = instance.employees[0]
    pricing = LabellingPricing.build(instance, employee)
    costs = {(d, "D"): -1 for d in range(instance.days)}
    schedules, value = pricing.solve(costs)
    assert schedules and value is not None
    assert pricing.solve(costs, upper=value)[1] == value
    assert [len(f.signatures) for f in compiled] == signatures
