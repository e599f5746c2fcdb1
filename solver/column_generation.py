"""Column generation for the Curtois benchmark: a lower bound and a pool of good schedules.

The master LP chooses a convex combination of whole schedules per employee (one column
each) and pays for cover shortfall and surplus; GLOP solves it. Pricing asks, for each
employee, for the legal schedule of least reduced cost — a CP-SAT model of that one
employee built by the same ``add_schedule`` (hence the same blocks) as the full model,
or, where the employee's state space is small, an exact dynamic program over the days
(solver.labelling), tested against that model and the scorer. This is the decomposition
behind the benchmark's published optima (branch-and-price): its LP bound is far tighter
than the one CP-SAT gets from the compact model.

The bound reported is the Lagrangian one, L(μ) = Σ_e min_schedule (cost − μ·cover) +
Σ μ·requirement, with the duals μ rounded to 1/SCALE and clipped to [−weight_over,
weight_under] so that every term is exact in integers: it is valid after any iteration,
whether or not the column generation has converged.
"""

from __future__ import annotations

import heapq
import math
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from ortools.linear_solver import linear_solver_pb2, pywraplp
from ortools.sat.python import cp_model

from roster.curtois import Employee, Instance, evaluate
from solver.curtois import AGREE, add_schedule, assignments_of, request_costs
from solver.labelling import LabellingPricing, Overflow, held

SCALE = 1000
"""Duals are rounded to 1/SCALE so that pricing objectives are integers."""

Schedule = tuple[tuple[int, str], ...]
"""The (day, shift) pairs worked."""


Decisions = dict[tuple[int, str], bool]
"""A branch-and-price node's decisions for one employee: (day, shift) → worked or not."""

class NoSchedule(Exception):
    """No legal schedule keeps a branch-and-price node's decisions."""


def complies(schedule: Schedule, decisions: Decisions) -> bool:
    """The schedule keeps every decision."""
    return all((key in schedule) == on for key, on in decisions.items())


@dataclass
class Pricing:
    """One employee's pricing model; its objective is replaced each iteration."""

    employee: Employee
    model: cp_model.CpModel
    x: dict[tuple[int, str], cp_model.IntVar]
    constant: int
    costs: dict[tuple[int, str], int]
    last: set[tuple[int, str]] | None = None
    """The latest schedule found (first() or solve())."""
    timed_out: bool = False
    """A pricing ran out of time without a schedule (solve() then hints ``last``)."""
    cut_short: bool = False
    """The last solve() ended at its time limit, without proof."""
    slow: bool = False
    """solve() linearizes more (ColumnGeneration.price sets it)."""
    presolve: bool = True
    """solve() runs CP-SAT's presolve (build() turns it off on short horizons)."""
    labelling: LabellingPricing | None = None
    """The exact dynamic program solve() uses instead of CP-SAT, where its state space
    is small (solver.labelling)."""

    @classmethod
    def build(cls, instance: Instance, e: Employee) -> Pricing:
        model = cp_model.CpModel()
        sv = add_schedule(model, instance, e)
        constant, costs = request_costs(instance, e)
        return cls(e, model, sv.x, constant, costs,
                   presolve=instance.days > NO_PRESOLVE_MAX_DAYS,
                   labelling=LabellingPricing.build(instance, e))

    def first(self, time_limit_s: float, seed: int,
              weights: dict[tuple[int, str], int] | None = None
              ) -> tuple[Schedule | None, bool]:
        """A legal schedule, fast: (schedule, False), or (None, True) when this employee
        has none, or (None, False) when time ran out. Steered by ``weights`` (minimise
        Σ weight · x) where that is quick. On a 364-day horizon the pricing search found
        no schedule at all in 20 s while this takes 0.1 s (a stronger LP relaxation
        guides it): the column of an employee the pricing gives none in time."""
        started = time.perf_counter()
        # One worker, steered, settles almost every employee in a fraction of a second;
        # the tightest ones (6 on / 3 off and a high minimum over 364 days) need the full
        # portfolio without an objective, whose feasibility-seeking workers find one in
        # 0.2 s where one worker took over 10 s (and up to 6 s with an objective).
        for workers, limit, steer in ((1, FIRST_QUICK_S, weights), (8, time_limit_s, None)):
            self.model.clear_objective()
            if steer:
                self._set_objective(steer)
            solver = cp_model.CpSolver()
            solver.parameters.num_workers = workers
            solver.parameters.random_seed = seed
            solver.parameters.max_time_in_seconds = max(
                0.05, min(limit, time_limit_s - (time.perf_counter() - started)))
            solver.parameters.linearization_level = 2
            solver.parameters.stop_after_first_solution = True
            status = solver.solve(self.model)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                schedule = tuple(key for key, var in self.x.items()
                                 if solver.boolean_value(var))
                self.last = set(schedule)
                return schedule, False
            if status == cp_model.INFEASIBLE:
                return None, True
        return None, False

    def _set_objective(self, coefficients: dict[tuple[int, str], int]) -> None:
        """Minimise Σ coefficient · x, written into the proto directly: building a Python
        expression per iteration costs more than the small solve itself."""
        objective = self.model.proto.objective
        for key, coefficient in coefficients.items():
            if coefficient and key in self.x:
                objective.vars.append(self.x[key].index)
                objective.coeffs.append(coefficient)

    def cost(self, schedule: Schedule) -> int:
        return self.constant + sum(self.costs.get(key, 0) for key in schedule)

    def solve(self, duals: dict[tuple[int, str], int], time_limit_s: float, seed: int,
              start: Schedule | None = None, decisions: Decisions | None = None
              ) -> tuple[list[Schedule] | None, int | None]:
        """Schedules of low scaled reduced cost, the least last, and a lower bound on that
        cost (both without the convexity dual), or (None, None) when time ran out first
        (first() has shown that a legal schedule exists). The solutions CP-SAT passes on
        its way to the best are kept too: they are legal schedules, and more columns per
        round mean fewer rounds. The search starts from ``start`` when given. Where the
        employee has a dynamic program (``labelling``), it answers instead, exactly, with
        the POOL cheapest schedules over its end states.

        With ``decisions`` (a branch-and-price node's: (day, shift) → worked or not) only
        schedules that keep them; NoSchedule when there is none."""
        coefficients = {key: SCALE * self.costs.get(key, 0) - duals.get(key, 0)
                        for key in self.x}
        decisions = decisions or {}
        if any(on and key not in self.x for key, on in decisions.items()):
            raise NoSchedule(self.employee.id)
        if self.labelling is not None:
            # A decision moves a schedule that breaks it above every one that keeps it.
            steered, big = held(coefficients, decisions)
            # The last schedule's value bounds the optimum: labels that cannot end at or
            # below it are dropped (long horizons; LabellingPricing.solve).
            upper = (None if self.last is None
                     else sum(steered.get(key, 0) for key in self.last))
            try:
                schedules, least = self.labelling.solve(steered, keep=POOL, upper=upper)
            except Overflow:
                self.labelling = None  # too many labels: CP-SAT from now on
            else:
                self.cut_short = False
                if least is None:  # pragma: no cover - first() has found a schedule
                    raise RuntimeError(f"{self.employee.id} has no legal schedule")
                schedules = [schedule for schedule in schedules
                             if complies(schedule, decisions)]
                if not schedules:
                    raise NoSchedule(self.employee.id)
                self.last = set(schedules[-1])
                return schedules, SCALE * self.constant + least + big * sum(
                    decisions.values())
        self.model.clear_objective()
        self._set_objective(coefficients)
        self.model.clear_hints()
        if start is None and self.timed_out and self.last is not None:
            # Once a pricing ran out of time with nothing, start from the last schedule:
            # a solution at once, improved as far as the time allows.
            start = tuple(self.last)
        if start is not None:
            hinted = set(start)
            for key, var in self.x.items():
                self.model.add_hint(var, key in hinted)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        solver.parameters.max_time_in_seconds = max(0.05, time_limit_s)
        solver.parameters.cp_model_presolve = self.presolve
        if self.slow:
            solver.parameters.linearization_level = 2
        found = _Collector(self.x, keep=POOL)
        variables = self.model.proto.variables

        def restrict(key: tuple[int, str], low: int, high: int) -> None:
            domain = variables[self.x[key].index].domain
            domain.clear()
            domain.extend([low, high])

        for key, on in decisions.items():
            if key in self.x:
                restrict(key, int(on), int(on))
        try:
            status = solver.solve(self.model, found)
        finally:
            for key in decisions:
                if key in self.x:
                    restrict(key, 0, 1)
        if status == cp_model.INFEASIBLE and decisions:
            raise NoSchedule(self.employee.id)
        self.cut_short = status != cp_model.OPTIMAL
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self.timed_out = True
            return None, None
        best = tuple(key for key, var in self.x.items() if solver.boolean_value(var))
        self.last = set(best)
        return found.schedules[:-1] + [best], SCALE * self.constant + round(
            solver.best_objective_bound)


NO_PRESOLVE_MAX_DAYS = 28
"""Pricing on a horizon of at most this many days skips CP-SAT's presolve, which takes
most of so small a solve. Instance8, ten seeds each, the same day: the column generation
converged in 13.0–14.7 s without it against 17.1–20.0 s with it, so a dive was tried in
ten runs of ten against five, and finished in six against none; six of ten ended within
1.02 (1 305–1 311) against two. Instance5 1.9 s against 2.4 s; Instance12 no faster
(29–33 s either way). From 56 days on presolve pays for itself: without it Instance7 × 2
managed 2 rounds of column generation in 30 s against 30, and Instance12 × 13 ended 45 %
worse."""

POOL = 4
"""Schedules kept per employee and round (the best and up to POOL − 1 before it)."""

MIN_ROUNDS = 3
"""run() caps one pricing so that at least this many rounds fit in its budget."""

NODE_ROUNDS = 3
"""Pricing rounds at a dive's node: on Instance8 pricing to convergence took 2–6 s a node,
so the dive could afford only 3–4 steps of 6–13 employees each (LP 1297 → 2625); with 3
rounds a node takes 0.2–1.8 s and single-employee steps fit."""

JUMP = 0.01
"""A dive step whose fixings raise the LP by more than this share is taken back."""

CONFIRM_ROUNDS = 7
"""Further pricing rounds that confirm a dive's jump before the step is taken back: a
node priced for NODE_ROUNDS rounds only may still be far above its converged LP, and a
jump that pricing would close bars good columns and sends the dive up the tree."""

WHOLE = 0.99
"""A dive fixes every employee whose heaviest column has more than this weight."""

EXACT_COUNT_MARGIN = 0.7
"""dive(exact_count=True) plans its steps to fit in this share of the steps affordable.
With all of them Instance12's dive ended near its deadline and was cut short there in two
runs (completed from the LP, the runs ended at 4 156 and 4 044); with 0.7 it finished at
23–24 s of its 36 (4 041, 4 040)."""

MAX_STALLS = 2
"""Columns a dive bars in a row at one node before it goes back up to the node's parent
(Instance8: without going back, dives stuck with 24 of 30 fixed, barring column after
column until the deadline; after one bar instead of two, 2 of 3 traced dives ended worse)."""

MAX_DIVE_BARS = 4
"""Columns a dive bars in all before a jump stands (the dive goes on as a plain one, no
longer confirming jumps). Where the LP is not tight the jumps are real, and a dive spent
its whole deadline barring and going back: Instance9 (bound 406, optimum 439) 67 bars in
35 s, cut short; Instance5 × 2 (56 days) 17 bars in 34 s, cut short with 11 of 16
employees fixed. Instances 5–8 and 10–12 bar at most once a dive, so their dives are as
before. With 4: Instance9's dive finished at 4.4 s, and the run reached the optimum, 439,
at 8.7 and 8.9 s (seeds 0, 1) against 37.2 s, from a dive cut short.

It is a trade-off on the 42–56-day stand-ins (60 s, pairs run one after the other, the
thirty-sixth session; without a budget = MAX_DIVE_BARS 1 000). Instance5 × 2, seeds 0–3:
2 021, 1 946, 1 948, 2 012 against 2 031, 1 946, 2 126, 2 016 without (two dives cut
short after 13 and 15 bars). Against it, where the LP is tight and the dive backtracks to
a good path: Instance8 × 2 cut to 42 days, seeds 0–9, median 1 757 against 1 719 (half
its dives reached the budget, and those runs ended at 1 787–1 898; without it 2 of 10
dives were cut short, 1 798 and 1 806); Instance7 × 2, seeds 0–2, 2 226, 2 221, 2 229
against 2 137, 2 133, 2 334. Measured and not kept: a budget of a quarter of the
employees (Instance8 × 2 cut to 42 days: 8 bars, median 1 802 over seeds 0–5, three dives
cut short while barring) and ending the dive at the budget for CP-SAT to complete
(Instance5 × 2 2 030 and 2 030 with seeds 0 and 2, Instance7 × 2 2 223, 2 229, 2 336)."""

DIVE_GIVE_UP = 3.0
"""dive(give_up=True) gives up once its small steps (careful, after a jump), at the pace so
far, would take more than this many times the time left to fix the employees still open
(steps_to_fix at min_step: whole schedules fixed on the way are not counted, so it
overestimates). On a large staff a dive cut short is a far worse start than the root LP's
heaviest columns, which RINS mends (thirty-seventh session, 60 s, 2 workers, one run at a
time):
- The 28-day stand-in with 120 staff (Instance12 with its staff doubled), the dive made
  to fit (dive_share 0.8): at 2 s a node, after a jump at its second node, the dive fixed
  81 of 120 by its deadline, and the run ended at 11 345 (seed 0). Given up after 10.8 s,
  8 183 (bound 8 080). Seed 1: 9 086 without; with it, that dive did not jump, finished,
  and the run ended at 8 185.
- Instance8 × 2 (56 days), whose dive is cut short in every run: given up after 6–13 s,
  seeds 0–3 ended at 3 285, 3 003, 3 092, 2 988 against 3 507, 3 208, 2 919, 3 301
  (medians 3 048 and 3 255).
Dives that finished reached at most 1.76 times the time left by this measure
(Instance7 × 2; Instance12 0.85, Instance8 × 2 cut to 42 days 0.45, Instances 1–11 at most
0.05, seed 0), so 3 leaves them alone."""

USEFUL_ROUNDS = 10
"""run() prices only when about this many rounds fit in its budget, at the pace of the
first schedules and then of the first round priced with duals (Instances 1–12 take 15–33
rounds to converge; their first schedules take 0.1–0.5 s of a 30 s budget, their rounds
0.1–0.5 s with the exact pricing; on 84 days with 30 staff the first round took 2.3 s
with CP-SAT's pricing and 12 rounds gave a better start than the greedy roster). Measured
with the exact pricing and not kept: 20. It sent the 168-day stand-in with 50 staff
(Instance11 × 6; 10 rounds of 1.9 s fit, 17 rounds in 30 s left its LP at 22 439, ending
at 27 429 and 32 470) the greedy way (24 171), but also the 56-day one with 30 staff
(Instance8 × 2, some of whose employees keep CP-SAT's pricing) to 3 885 against
3 253–3 476."""

BEST_RESPONSE_S = 1.0
"""best_response(): one employee's time limit (on 364 days most are cut short at it)."""

BEST_RESPONSE_MIN_GAIN = 0.01
"""best_response() stops after a pass that gains less than this share of the objective."""

NEAR_CONVERGED = 0.05
"""run(): the bound within this share of the LP value counts as nearly converged."""

FIRST_QUICK_S = 0.5
"""first(): the one-worker attempt's time limit before the full portfolio."""

BP_ROUNDS = 10
"""Pricing rounds at most at a branch-and-price node (its bound is its rounds' best
Lagrangian bound)."""

PSEUDO_COST_GAP = 2
"""Branch-and-price branches by pseudo-costs (PseudoCosts) once its best roster is within
this of the column generation's bound, and by the random lean before: the lean finds
rosters, pseudo-costs raise the bound. Instance7 in the benchmark's 60 s (seeds 0–2,
twenty-ninth session): proved optimal at 7.4, 9.9 and 11.1 s, against unproved in 60 s
(seed 0) and 13–15 s with the lean alone; Instance5 and 6 still proved in 1.8–3.0 s.
Pseudo-costs alone were worse on Instance8 (from the dive's 1 307, 40 s, six seeds:
1 307 five times, 1 305 once, against 1 300–1 307 with the lean)."""

BRANCH_AND_PRICE_GLOP = "use_preprocessing: false use_dual_simplex: true"
"""GLOP's settings during branch-and-price, where every node re-bounds columns: the dual
simplex from the last basis, without the preprocessing that would start it afresh.
Instance8 from its dive's 1 307, 40 s: 154 nodes against 92 (twenty-eighth session; the
seventeenth measured 93 against 52 in 20 s). During the column generation and the dive
the preprocessing pays (the dive's LP 57 s against 19 s without it)."""

MASTER_SCIP_SETTINGS = "separating/maxrounds = 0\nseparating/maxroundsroot = 0\n"
"""SCIP's settings for the integer master (restricted_master): no cutting planes. Its LP
over priced columns is already within a few units of the optimum, and SCIP's cut rounds
cost more than they prune. Instance7's pool after branch-and-price (4 161 columns, from
1 057; optimum over them 1 056), five SCIP seeds, 30 s: proved in 8.7, 13.5, 18.3, 9.0
and 14.9 s without cuts against 22.5, 21.8 and 14.8 s with them, and twice cut short
(once still at 1 057). Another run's pool (from 1 056): 2.1 s against 7.6 s."""


class _Collector(cp_model.CpSolverSolutionCallback):
    def __init__(self, x: dict[tuple[int, str], cp_model.IntVar], keep: int):
        super().__init__()
        self.x, self.keep = x, keep
        self.schedules: list[Schedule] = []

    def on_solution_callback(self) -> None:
        schedule = tuple(key for key, var in self.x.items() if self.boolean_value(var))
        self.schedules = (self.schedules + [schedule])[-self.keep:]


@dataclass
class ColumnGenerationResult:
    columns: list[list[Schedule]]
    """Per employee (instance order), the schedules generated."""
    weights: list[list[float]]
    """The LP solution at the end of the column generation: each column's weight."""
    lp_value: float
    lower_bound: int
    """A proven lower bound on the integer optimum."""
    iterations: int
    converged: bool
    infeasible_employee: str | None = None
    history: list[tuple[float, float, int]] = field(default_factory=list)
    """(seconds, LP value, bound) per iteration."""
    too_slow: bool = False
    """run() stopped pricing (or never began) because USEFUL_ROUNDS rounds would not fit
    in its budget: the LP is no guide, the greedy first roster the start."""

    def shift_values(self) -> list[dict[tuple[int, str], float]]:
        """Per employee, the LP value of each (day, shift): the weight of the columns
        that work it."""
        return [shift_values(columns, weights)
                for columns, weights in zip(self.columns, self.weights)]


def shift_values(columns: list[Schedule], weights: list[float], above: float = -math.inf
                 ) -> dict[tuple[int, str], float]:
    """One employee's LP value of each (day, shift): the summed weight of the columns that
    work it, counting only columns of weight above ``above``."""
    value: dict[tuple[int, str], float] = {}
    for schedule, weight in zip(columns, weights):
        if weight > above:
            for key in schedule:
                value[key] = value.get(key, 0.0) + weight
    return value


class PseudoCosts:
    """Pseudo-costs of branch-and-price's decisions (Bénichou et al., "Experiments in
    mixed-integer linear programming", 1971; the product score of Achterberg, Koch and
    Martin, "Branching rules revisited", 2005): per (employee, (day, shift)) and direction,
    the mean rise of a child's LP value (or its bound, when higher) over its parent's, per
    unit the decision moved the LP value (1 − value for "worked", value for "not worked").
    A decision not yet taken counts the mean over its direction, 1 before any."""

    EPSILON = 1e-6

    def __init__(self) -> None:
        self.gains: dict[tuple[int, tuple[int, str], bool], list[float]] = {}
        self.totals: dict[bool, list[float]] = {True: [0.0, 0], False: [0.0, 0]}

    def record(self, decision: tuple[int, tuple[int, str], bool], value: float,
               gain: float) -> None:
        """The child of ``decision``, taken where its LP value was ``value``, rose by
        ``gain``."""
        on = decision[2]
        moved = 1 - value if on else value
        if moved <= 0:
            return
        unit = max(0.0, gain) / moved
        for tally in (self.gains.setdefault(decision, [0.0, 0]), self.totals[on]):
            tally[0] += unit
            tally[1] += 1

    def mean(self, i: int, key: tuple[int, str], on: bool) -> float:
        total, count = self.gains.get((i, key, on)) or self.totals[on]
        return total / count if count else 1.0

    def score(self, i: int, key: tuple[int, str], value: float) -> float:
        """The product of both children's expected rises: a decision that raises both
        proves faster than one that raises one a lot."""
        return (max(self.mean(i, key, False) * value, self.EPSILON)
                * max(self.mean(i, key, True) * (1 - value), self.EPSILON))


class ColumnGeneration:
    def __init__(self, instance: Instance, threads: int = 2, seed: int = 0):
        self.instance = instance
        self.threads = max(1, threads)
        self.seed = seed
        self.pricing = [Pricing.build(instance, e) for e in instance.employees]
        lp = pywraplp.Solver.CreateSolver("GLOP")
        if lp is None:  # pragma: no cover - GLOP ships with OR-Tools
            raise RuntimeError("OR-Tools GLOP is not available")
        self.lp = lp
        self.convexity = [lp.Add(lp.Sum([]) == 1, f"one[{e.id}]") for e in instance.employees]
        self.cover_rows: dict[tuple[int, str], pywraplp.Constraint] = {}
        self.cover_weights: dict[tuple[int, str], tuple[int, int, int]] = {}
        objective = lp.Objective()
        for c in instance.cover:
            key = (c.day, c.shift)
            # Σ columns + under − over = requirement
            row = lp.Add(lp.Sum([]) == c.requirement, f"cover[{c.day},{c.shift}]")
            under, over = lp.NumVar(0, lp.infinity(), ""), lp.NumVar(0, lp.infinity(), "")
            row.SetCoefficient(under, 1)
            row.SetCoefficient(over, -1)
            objective.SetCoefficient(under, c.weight_under)
            objective.SetCoefficient(over, c.weight_over)
            self.cover_rows[key] = row
            self.cover_weights[key] = (c.requirement, c.weight_under, c.weight_over)
        objective.SetMinimization()
        self.columns: list[list[Schedule]] = [[] for _ in instance.employees]
        self.variables: list[list[pywraplp.Variable]] = [[] for _ in instance.employees]
        self.known: list[dict[Schedule, int]] = [{} for _ in instance.employees]
        """Per employee, each generated schedule's column index."""
        self.indices: list[list[int]] = [[] for _ in instance.employees]
        """Per employee, each column's variable index in the LP."""
        self.weights: list[list[float]] = [[] for _ in instance.employees]
        """Per employee, each column's weight in the last LP solved (read at once by
        _solve_lp: about ten times faster than one solution_value() call per column,
        which took 5 of 40 s of branch-and-price on Instance8 under the profiler, with
        6 000 columns; 173 nodes in 40 s against 164)."""
        # Search state, shared by run() and dive().
        self.started = time.perf_counter()
        self.history: list[tuple[float, float, int]] = []
        self.bound_scaled: int | None = None
        self.bound_terms: tuple[dict[tuple[int, str], int], list[int]] | None = None
        """The duals and each employee's pricing bound (scaled) of the best bound."""
        self.iterations = 0
        self.infeasible: str | None = None
        self.fixed: dict[int, int] = {}
        """Employee index → the column the dive fixed."""
        self.fallback: list[Schedule] | None = None
        """Per employee, the greedy first schedule (_first_schedules); a column only for an
        employee the pricing gave none in time, or when these schedules took all of the
        column generation's time (as extra columns from the start, unsteered ones changed
        the search: Instance8 1500 for ~1310)."""
        self.solved = False
        """The master LP's last solution is current (solved since the last change)."""
        self.glop_settings = ""
        """GLOP's solver-specific settings now (BRANCH_AND_PRICE_GLOP in branch_and_price)."""
        self.pricing_cap_s = math.inf
        """One pricing's time limit (run() sets it from its budget)."""
        self.master_log = ""
        """What the last restricted_master() did (for the log)."""
        self.master_settled = False
        """The last restricted_master() settled its problem: proved its roster optimal
        over its columns, or that no roster within its fixings is cheaper than start."""
        self.trail: list[tuple[float | None, dict[int, int]]] = []
        """The last dive's nodes, root first: the LP value there when priced to
        convergence (a lower bound on every roster with those fixings), else None, and
        the fixings (employee index → column; each node's include its parent's)."""
        self.priced_out = False
        """The last _generate() converged (no column improves the LP)."""
        self.dive_grew = False
        """The last dive grew its step beyond min_step to meet its deadline."""
        self.dive_given_up = False
        """The last dive was given up (dive(give_up=True), DIVE_GIVE_UP)."""
        self.decisions: list[Decisions] = [{} for _ in instance.employees]
        """Per employee, the branch-and-price node's decisions the pricing keeps."""
        self.node_bound_scaled: int | None = None
        """The best Lagrangian bound (scaled) of the rounds since it was last reset: with
        decisions, a bound on every roster that keeps them."""
        self.nodes = 0
        """Nodes the last branch_and_price() solved ..."""
        self.proved = False
        """... whether it proved its roster optimal (no open node left) ..."""
        self.search_bound: int | None = None
        """... and a lower bound on every roster from it: the least bound of its open
        nodes (its roster's cost when none is open); None when a node was left unsettled
        (its LP failed)."""

    def add_column(self, i: int, schedule: Schedule) -> bool:
        if schedule in self.known[i]:
            return False
        var = self.lp.NumVar(0, 1, "")
        self.lp.Objective().SetCoefficient(var, self.pricing[i].cost(schedule))
        self.convexity[i].SetCoefficient(var, 1)
        for key in schedule:
            if key in self.cover_rows:
                self.cover_rows[key].SetCoefficient(var, 1)
        self.known[i][schedule] = len(self.columns[i])
        self.solved = False
        self.columns[i].append(schedule)
        self.variables[i].append(var)
        self.indices[i].append(var.index())
        return True

    def duals(self) -> dict[tuple[int, str], int]:
        """Cover duals scaled to integers and clipped to the range where the slack terms
        of the Lagrangian vanish."""
        result = {}
        for key, row in self.cover_rows.items():
            _, under, over = self.cover_weights[key]
            value = round(row.dual_value() * SCALE)
            result[key] = min(SCALE * under, max(-SCALE * over, value))
        return result

    def price(self, duals: dict[tuple[int, str], int], deadline: float
              ) -> list[tuple[list[Schedule] | None, int | None]]:
        def one(i: int) -> tuple[list[Schedule] | None, int | None]:
            if i in self.fixed:
                return [], None
            limit = min(self.pricing_cap_s, deadline - time.perf_counter())
            found = self.pricing[i].solve(duals, limit, self.seed,
                                          decisions=self.decisions[i])
            if self.pricing[i].cut_short and limit >= self.pricing_cap_s:
                # Cut short by the cap (not by the deadline): from now on every pricing
                # has the stronger LP relaxation, which on 56- and 84-day horizons
                # halved the median pricing time and doubled the rounds in 30 s. On 28
                # days no pricing reaches the cap, and it did not help there.
                for pricing in self.pricing:
                    pricing.slow = True
            return found

        with ThreadPoolExecutor(self.threads) as pool:
            return list(pool.map(one, range(len(self.pricing))))

    def run(self, deadline: float, first_deadline: float | None = None,
            overtime: float | None = None, stop_for_dive: tuple[float, float] | None = None
            ) -> ColumnGenerationResult:
        """Column generation to convergence (or the deadline) from zero duals, after one
        legal schedule per employee (self.fallback, by ``first_deadline``, by default the
        deadline), so that the master and a roster exist even when the pricing gives an
        employee no column in time (long horizons). It gives up (the result's too_slow)
        when, at the pace of the first schedules or of the second round, USEFUL_ROUNDS
        rounds would not fit in the budget. Past the deadline it prices on until
        ``overtime`` while the bound is within NEAR_CONVERGED of the LP value. With
        ``stop_for_dive`` = (time, gap) it stops, unconverged, once another round would
        end past that time and the bound is within ``gap`` (a share) of the LP value
        (BenchOptions.dive_first_gap: the dive then fits)."""
        self.started = time.perf_counter()
        # A round should not take more than 1/MIN_ROUNDS of the budget: on a 364-day
        # horizon one pricing to optimality takes seconds and the first round used the
        # whole budget. (On Instances 1–12 a pricing takes ~30 ms and the cap never binds.)
        self.pricing_cap_s = max(0.1, (deadline - self.started) * self.threads
                                 / (MIN_ROUNDS * len(self.pricing)))
        self.fallback = self._first_schedules(first_deadline or deadline)
        if self.fallback is None:
            return self._result(False)
        if not self._rounds_fit(time.perf_counter() - self.started, deadline):
            # The first schedules took all of the column generation's time (a very large
            # instance), or so much that the pricing rounds, which cost at least as much
            # each, would not come near convergence: they are the master's only columns.
            # A 364-day stand-in of Instance8: first schedules 14 s, then 4 rounds in
            # 30 s, an LP no better than the greedy roster; 84 days: 2 s, then 12 rounds.
            for i, schedule in enumerate(self.fallback):
                self.add_column(i, schedule)
            self._solve_lp()
            return self._result(False, too_slow=True)
        # The first round, from zero duals, is quick (0.1–0.4 s on Instances 1–12); the
        # second, the first priced with the LP's duals, shows the pace of the rest.
        if self._generate({key: 0 for key in self.cover_rows}, deadline, bound=True,
                          max_rounds=1):
            return self._result(True)
        if time.perf_counter() >= deadline:
            return self._result(False)
        round_started = time.perf_counter()
        if self._generate(self.duals(), deadline, bound=True, max_rounds=1,
                          current_duals=True):
            return self._result(True)
        if not self._rounds_fit(time.perf_counter() - round_started, deadline):
            # The same judged on that round, which can cost far more than the first
            # schedules: a 168-day stand-in with 50 staff (Instance11 × 6), first round
            # done at 3.7 s, the next ones 6–7 s each; from its greedy roster the sweep
            # reached 29 685 in 58 s, 5 rounds of column generation and RINS 32 792–35 813.
            return self._result(False, too_slow=True)
        converged = self._generate(self.duals(), deadline, bound=True, current_duals=True,
                                   overtime=overtime, stop_for_dive=stop_for_dive)
        return self._result(converged)

    def _rounds_fit(self, seconds: float, deadline: float) -> bool:
        """USEFUL_ROUNDS steps of ``seconds`` each fit in the column generation's budget
        (and the deadline has not passed)."""
        return (time.perf_counter() < deadline
                and seconds * USEFUL_ROUNDS <= deadline - self.started)

    def _first_schedules(self, deadline: float) -> list[Schedule] | None:
        """One legal schedule per employee, or None when one has none (self.infeasible
        names them) or time ran out.

        Greedy: employees in turn (as many at a time as there are threads), each steered
        towards the cover still short (−weight_under) and away from cover already met
        (+weight_over) by the schedules before them, with their own requests. The
        result is a roster in its own right (solve() starts from it when it beats the
        column generation's, and always on a very large instance)."""
        need = {key: requirement for key, (requirement, _, _) in self.cover_weights.items()}

        def weights(i: int) -> dict[tuple[int, str], int]:
            result = dict(self.pricing[i].costs)
            for key, (_, under, over) in self.cover_weights.items():
                result[key] = result.get(key, 0) + (-under if need[key] > 0 else over)
            return result

        lock = threading.Lock()

        def one(i: int) -> tuple[Schedule | None, bool]:
            with lock:  # the cover met by every schedule found so far
                steer = weights(i)
            found = self.pricing[i].first(deadline - time.perf_counter(), self.seed, steer)
            with lock:
                for key in found[0] or ():
                    if key in need:
                        need[key] -= 1
            return found

        with ThreadPoolExecutor(self.threads) as pool:
            found = list(pool.map(one, range(len(self.pricing))))
        for i, (_, infeasible) in enumerate(found):
            if infeasible:
                self.infeasible = self.instance.employees[i].id
                return None
        if any(schedule is None for schedule, _ in found):
            return None
        return [schedule for schedule, _ in found]

    def best_response(self, schedules: list[Schedule], deadline: float,
                      min_gain: float = BEST_RESPONSE_MIN_GAIN) -> list[Schedule]:
        """Improve a roster one employee at a time: with every other schedule fixed, each
        cover line has a marginal value for this employee (its weight_under while the
        others leave it short, −weight_over once they meet it), so the employee's best
        schedule is a pricing problem with those values as duals, solved from their current
        schedule. The change is kept when it is no worse for the whole roster (it is exactly
        the change in the objective), so passes over the staff never make the roster worse.
        Passes go on while one changes a schedule and gains at least ``min_gain`` of the
        objective, until the deadline. With ``min_gain`` 0 they go on after a pass that only
        swapped schedules of equal cost: the swap may give an employee passed earlier a
        better answer, so the roster is one no single employee can improve only once a pass
        changes nothing. A 168-day stand-in with 50 staff (Instance11 × 6): greedy 52 500, three
        passes 28 418 in 7.5 s, where 50 s of sweep search from the greedy roster reached
        28 257–31 013. ``threads`` employees answer at once (their pricings are single
        workers): the first pass over a 364-day stand-in with 60 staff took 17.5 s with two
        threads against 28 s with one, and the 168-day one stopped after 6.4 s (greedy
        50 805, 27 240) against 12 s."""
        schedules = list(schedules)
        count = dict.fromkeys(self.cover_weights, 0)

        def tally(schedule: Schedule, step: int) -> None:
            for key in schedule:
                if key in count:
                    count[key] += step

        for schedule in schedules:
            tally(schedule, 1)

        def others(i: int) -> dict[tuple[int, str], int]:
            """The cover lines' values to employee i, the others as they stand now."""
            tally(schedules[i], -1)  # the cover everyone else gives
            values = {key: SCALE * under if count[key] < requirement else -SCALE * over
                      for key, (requirement, under, over) in self.cover_weights.items()}
            tally(schedules[i], 1)
            return values

        def respond(i: int, values: dict[tuple[int, str], int]) -> Schedule | None:
            """Employee i's best schedule against the cover ``values``."""
            pricing = self.pricing[i]
            # The stronger LP relaxation, as price() turns on for long horizons.
            slow, pricing.slow = pricing.slow, True
            found, _ = pricing.solve(values, min(BEST_RESPONSE_S,
                                                 deadline - time.perf_counter()),
                                     self.seed, start=schedules[i])
            pricing.slow = slow
            return found[-1] if found else None

        before = self.roster_cost(schedules)
        with ThreadPoolExecutor(self.threads) as pool:
            while time.perf_counter() < deadline:
                changed = False
                # ``threads`` employees at a time, each against the roster before the
                # batch (one pricing uses one core); their answers are then judged in
                # turn against the roster as it is by then, so a schedule that no longer
                # pays once a batch-mate changed is refused.
                for first in range(0, len(schedules), self.threads):
                    if time.perf_counter() >= deadline:
                        break
                    batch = range(first, min(first + self.threads, len(schedules)))
                    offers = list(pool.map(respond, batch, [others(i) for i in batch]))
                    for i, found in zip(batch, offers):
                        values = others(i)
                        if found and found != schedules[i] and (
                                self._marginal_cost(i, found, values)
                                <= self._marginal_cost(i, schedules[i], values)):
                            tally(schedules[i], -1)
                            schedules[i] = found
                            tally(found, 1)
                            changed = True
                after = self.roster_cost(schedules)
                if not changed or before - after < min_gain * before:
                    break
                before = after
        return schedules

    def _marginal_cost(self, i: int, schedule: Schedule,
                       marginal: dict[tuple[int, str], int]) -> int:
        """Employee i's schedule's scaled cost less the marginal cover values it earns."""
        return SCALE * self.pricing[i].cost(schedule) - sum(marginal.get(key, 0)
                                                           for key in schedule)

    @property
    def complete(self) -> bool:
        """Every employee has a column (the master LP and a roster exist)."""
        return all(self.columns)

    def _generate(self, duals: dict[tuple[int, str], int], deadline: float, bound: bool,
                  max_rounds: int | None = None, current_duals: bool = False,
                  overtime: float | None = None, cutoff: int | None = None,
                  stop_for_dive: tuple[float, float] | None = None) -> bool:
        """Price and re-solve until no column improves the LP (True: converged), the
        deadline or max_rounds. With bound=True the Lagrangian bound is updated (only valid
        with no column fixed); past the deadline it goes on until ``overtime`` (run() only,
        where the bound is the root's) while nearly converged. With ``cutoff`` (a
        branch-and-price node's: the best roster's cost) it stops as soon as the rounds'
        Lagrangian bound (node_bound_scaled) reaches it: the node is pruned. Not when that
        bound reaches ⌈LP value⌉ (it can rise no further): the node then branches on an LP
        solution not yet optimal, and Instance5 ended at 1 145 (seeds 1, 2; branch-and-price
        1 148) against 1 143 (Instance7 1 057 against 1 058). ``stop_for_dive``: see
        run()."""
        self.priced_out = self._price_rounds(duals, deadline, bound, max_rounds,
                                             current_duals, overtime, cutoff, stop_for_dive)
        return self.priced_out

    def _price_rounds(self, duals: dict[tuple[int, str], int], deadline: float, bound: bool,
                      max_rounds: int | None, current_duals: bool,
                      overtime: float | None, cutoff: int | None,
                      stop_for_dive: tuple[float, float] | None) -> bool:
        rounds = 0
        while True:
            self.iterations += 1
            rounds += 1
            round_began = time.perf_counter()
            priced = self.price(duals, deadline)
            lagrangian = None
            if all(b is not None for _, b in priced):  # (a dive's fixed employees: None)
                lagrangian = sum(b for _, b in priced) + sum(
                    duals[key] * self.cover_weights[key][0] for key in duals)
                if self.node_bound_scaled is None or lagrangian > self.node_bound_scaled:
                    self.node_bound_scaled = lagrangian
            if bound and lagrangian is not None:
                if self.bound_scaled is None or lagrangian >= self.bound_scaled:
                    self.bound_scaled = lagrangian
                    self.bound_terms = (duals, [b for _, b in priced])
            # Only each employee's best schedule decides convergence; the schedules found
            # on the way are extra columns.
            added = [self.add_column(i, found[-1]) for i, (found, _) in enumerate(priced)
                     if found]
            for i, (found, _) in enumerate(priced):
                for schedule in (found or [])[:-1]:
                    self.add_column(i, schedule)
            for i, columns in enumerate(self.columns):
                if not columns and self.fallback is not None:
                    self.add_column(i, self.fallback[i])  # priced nothing in time
            if not self.complete or not self._solve_lp():
                return False
            lp_value = self.lp.Objective().Value()
            self.history.append((time.perf_counter() - self.started, lp_value,
                                 self.lower_bound))
            # No new column under the current LP's duals: converged. The duals given to
            # the first round may not be those (zero; a node's before its LP is solved).
            if (rounds > 1 or current_duals) and not any(added):
                return True
            if bound and self.lower_bound >= _ceil(lp_value):
                return True  # the integer bound cannot rise above ⌈LP value⌉
            if cutoff is not None and self.node_bound_scaled is not None:
                if _unscaled_bound(self.node_bound_scaled) >= cutoff:
                    return False
            if rounds == max_rounds:
                return False
            now = time.perf_counter()
            if (stop_for_dive is not None and now + (now - round_began) >= stop_for_dive[0]
                    and self.lower_bound >= (1 - stop_for_dive[1]) * lp_value):
                return False
            if now >= deadline:
                if not (overtime is not None and now < overtime
                        and self._nearly_converged(lp_value)):
                    return False
                deadline = overtime
            duals = self.duals()

    def proximal_shift_values(self, schedules: list[Schedule], bonus: float
                              ) -> list[dict[tuple[int, str], float]] | None:
        """Per employee, the LP value of each (day, shift) (as
        ColumnGenerationResult.shift_values) in the master LP with no fixings, the roster's
        ``schedules`` among its columns and every column paid ``bonus`` less per (day,
        shift) it shares with the roster (its other shifts are not charged: not a Hamming
        distance): of the LP's (nearly) optimal solutions, one close to the roster. RINS
        then fixes what the roster already shares with such a solution and frees where it
        strays from it, and the neighbourhood follows the roster as it improves (the
        converged LP's own solution gives the same free set every round). None when the LP
        fails. The objective is restored afterwards, the LP left unsolved."""
        self._unfix_all()
        for i, schedule in enumerate(schedules):
            self.add_column(i, schedule)

        def pay(proximal: bool) -> None:
            objective = self.lp.Objective()  # (_solve_lp may have rebuilt the LP)
            for i, schedule in enumerate(schedules):
                mine = set(schedule)
                for column, var in zip(self.columns[i], self.variables[i]):
                    shared = len(mine.intersection(column)) if proximal else 0
                    objective.SetCoefficient(var, self.pricing[i].cost(column)
                                             - bonus * shared)

        pay(True)
        try:
            return self._result(False).shift_values() if self._solve_lp() else None
        finally:
            pay(False)
            self.solved = False

    def _nearly_converged(self, lp_value: float) -> bool:
        """The pricing may run on past its deadline (until run()'s overtime): the bound is
        within NEAR_CONVERGED of the LP value, so a few rounds more prove the LP optimal.
        RINS fixes what the roster and the LP agree on, and an LP cut short misleads it:
        Instance12 on a slower machine (converging in 31–34 s instead of 23–25 s), cut at
        30 s (LP 4 040.4–4 047.2, bound 3 910–4 015, 0.6–3.4 % below), seeds 0–3 ended at
        4 543, 4 344, 4 358, 4 442; with the overtime (converged at 31.7–34.3 s) at 4 041,
        4 143, 4 141, 4 143. A horizon far from convergence stops at the deadline as before
        (Instance8 × 2 at 30 s: bound 34 % below the LP)."""
        return self.lower_bound >= (1 - NEAR_CONVERGED) * lp_value

    def _solve_lp(self) -> bool:
        solved = self.lp.Solve() == pywraplp.Solver.OPTIMAL
        if not solved:
            # GLOP's warm start sometimes ends ABNORMAL after many bound changes (seen
            # while diving on Instance8); try once more from scratch.
            fresh = pywraplp.MPSolverParameters()
            fresh.SetIntegerParam(fresh.INCREMENTALITY, fresh.INCREMENTALITY_OFF)
            solved = self.lp.Solve(fresh) == pywraplp.Solver.OPTIMAL
            if not solved:
                # And once more without GLOP's preprocessing, which failed both ways
                # (ABNORMAL, primal infeasibility 1e15) on the 28-day stand-in with 120
                # staff (every employee twice) after 9 rounds of exact pricing; without
                # it the same LP solved at once.
                self.lp.SetSolverSpecificParametersAsString("use_preprocessing: false")
                solved = self.lp.Solve(fresh) == pywraplp.Solver.OPTIMAL
                self.lp.SetSolverSpecificParametersAsString(self.glop_settings)
            if not solved:
                # Last, a new GLOP solver with the same model: GLOP keeps its basis
                # whenever the matrix is unchanged, so the retries above may start from
                # the same broken one. Instance8 × 2 cut to 42 days, one run in three:
                # ABNORMAL all three ways at the dive's first node (two columns fixed),
                # the dive ended at 7 s instead of 22 s and the run at 1 986 instead of
                # 1 798; that LP, rebuilt, solved at once (LP 1 684.88, 0.36 s).
                self._rebuild_lp()
                solved = self.lp.Solve() == pywraplp.Solver.OPTIMAL
        self.solved = solved
        if solved:
            response = linear_solver_pb2.MPSolutionResponse()
            self.lp.FillSolutionResponseProto(response)
            values = np.fromiter(response.variable_value, dtype=float,
                                 count=len(response.variable_value))
            self.weights = [values[indices].tolist() for indices in self.indices]
        return solved

    def _rebuild_lp(self) -> None:
        """Replace the master LP by a new GLOP solver loaded from its model (columns,
        costs, bounds and settings as they are), with every handle to a variable or row
        moved to the new one (the indices are the same)."""
        proto = linear_solver_pb2.MPModelProto()
        self.lp.ExportModelToProto(proto)
        lp = pywraplp.Solver.CreateSolver("GLOP")
        error = lp.LoadModelFromProto(proto) if lp is not None else "no GLOP"
        if error:  # pragma: no cover - a model exported by GLOP itself loads
            raise RuntimeError(f"the master LP could not be rebuilt: {error}")
        lp.SetSolverSpecificParametersAsString(self.glop_settings)
        rows, variables = lp.constraints(), lp.variables()
        self.convexity = [rows[row.index()] for row in self.convexity]
        self.cover_rows = {key: rows[row.index()] for key, row in self.cover_rows.items()}
        self.variables = [[variables[var.index()] for var in columns]
                          for columns in self.variables]
        self.lp = lp

    @property
    def heaviest(self) -> list[int]:
        """Per employee, the column of largest weight in the last LP solved (the first of
        equal weights; −1 for an employee with none). Derived when asked: once a node or a
        dive's end, where the LP is solved about five times a node."""
        return [max(range(len(weights)), key=weights.__getitem__) if weights else -1
                for weights in self.weights]

    @property
    def lower_bound(self) -> int:
        return _unscaled_bound(self.bound_scaled) if self.bound_scaled is not None else 0

    def _result(self, converged: bool, too_slow: bool = False) -> ColumnGenerationResult:
        weights = [list(ws) if self.solved else [0.0] * len(columns)
                   for ws, columns in zip(self.weights, self.columns)]
        # (Unsolved, e.g. an employee with no legal schedule: OR-Tools would log an error.)
        return ColumnGenerationResult(self.columns, weights,
                                      self.lp.Objective().Value() if self.solved else 0.0,
                                      self.lower_bound, self.iterations, converged,
                                      self.infeasible, self.history, too_slow)

    def dive(self, deadline: float, min_step: float = 0.0625, rounds: int = NODE_ROUNDS,
             adapt: bool = True, exact_count: bool = False, give_up: bool = False
             ) -> tuple[list[Schedule], bool]:
        """Price-and-branch dive: fix each employee whose LP schedule is whole and the
        heaviest fractional schedules of a share of the others (one employee each), price
        again for the rest (at most ``rounds`` rounds), repeat.

        The share starts at ``min_step`` (small steps dive better) and, when ``adapt``,
        grows when the steps measured so far would not finish by the deadline: with t
        seconds a step and T left, about T / t more steps fit, and a share q fixes the n
        open employees in about ln n / −ln(1 − q) steps, or, with ``exact_count``, in
        steps_to_fix(n, q), about half as many (the step then grows later and less; it
        plans to fit in EXACT_COUNT_MARGIN of the T / t steps).
        (Without ``adapt`` the dive's path depends on the columns alone, not on the
        machine's speed.) A step whose
        fixings raise the LP by more than JUMP (a share of the node's LP), once priced for
        CONFIRM_ROUNDS more rounds (_jumped), is taken back to its heaviest fixing alone;
        from the first step above JUMP before that pricing, the steps no longer grow.
        When that one fixing jumps too, its column is barred and the node tries again;
        after MAX_STALLS bars in a row at a node the dive goes back up to its parent and
        bars the fixing that led there (a depth-first search, cut short by the
        deadline, and ended after MAX_DIVE_BARS bars: from then on a jump stands).
        Barred columns are open again after the dive. With ``give_up``, a dive whose steps
        stay small (after a jump) and would take more than DIVE_GIVE_UP times the time left
        to fix the employees still open is given up (dive_given_up): every fixing is undone
        and the root LP's heaviest columns are returned, unfinished.

        Returns one schedule per employee and whether the dive finished; when time runs
        out (or the LP fails) the employees not yet fixed get their heaviest column of the
        last LP solved, which is still a legal schedule each."""
        barred: list[tuple[int, int]] = []
        self.dive_grew = self.dive_given_up = False
        root: list[int] = []
        try:
            finished = self._dive(deadline, min_step, rounds, adapt, barred, exact_count,
                                  root if give_up else None)
            if self.dive_given_up:
                self._unfix_all()
                self.trail = []
                chosen = root
            else:
                chosen = [self.fixed.get(i, self.heaviest[i])
                          for i in range(len(self.pricing))]
        finally:
            for i, j in barred:
                self.variables[i][j].SetUb(1)
            if barred:
                self.solved = False
        return [self.columns[i][j] for i, j in enumerate(chosen)], finished

    def _dive(self, deadline: float, min_step: float, rounds: int, adapt: bool,
              barred: list[tuple[int, int]], exact_count: bool,
              root: list[int] | None) -> bool:
        """dive()'s search; ``root`` (when the dive may be given up) receives the root
        LP's heaviest columns."""
        if not self.solved and not self._solve_lp():
            self.trail = []
            return False  # (a dive cut short left its last fixings unsolved)
        if root is not None:
            root.extend(self.heaviest)
        self.trail = [(self._node_value(), dict(self.fixed))]
        # Per node of the trail: its LP value, the heaviest fixing of its step (None when
        # it fixed only whole schedules) and the columns barred there in a row.
        levels, decisions, stalls = [self.lp.Objective().Value()], [None], [0]
        began, steps, careful = time.perf_counter(), 0, False
        while len(self.fixed) < len(self.pricing):
            best: dict[int, tuple[float, int]] = {}
            for i, weights in enumerate(self.weights):
                if i not in self.fixed:
                    best[i] = max((w, j) for j, w in enumerate(weights))
            step = min_step
            if adapt and steps and not careful:
                per_step = (time.perf_counter() - began) / steps
                affordable = max(1.0, (deadline - time.perf_counter()) / per_step)
                step = (_least_share(len(best), EXACT_COUNT_MARGIN * affordable, min_step)
                        if exact_count
                        else max(min_step, 1 - len(best) ** (-1 / affordable)))
                self.dive_grew = self.dive_grew or step > min_step
            whole = [i for i, (w, _) in best.items() if w > WHOLE]
            ranked = sorted((i for i in best if i not in whole), key=lambda i: -best[i][0])
            chosen = ranked[:max(1, math.ceil(step * len(best)))]
            for i in whole + chosen:
                self._fix(i, best[i][1])
            steps += 1
            if not self._node(deadline, rounds):
                return False
            decision = (chosen[0], best[chosen[0]][1]) if chosen else None
            if chosen and self._above(levels[-1]):
                # From here on the steps stay small (min_step, not grown to meet the
                # deadline), even when more pricing brings the LP back (_jumped): larger
                # steps, each just within JUMP, drift. Instance12, seeds 0, 2, 5, careful
                # only after a confirmed jump: dives 4 164–4 177, runs 4 147–4 175;
                # careful from here, seeds 0–8: dives 4 066–4 082 (one 4 175), runs
                # 4 040–4 048.
                careful = True
            if (chosen and len(barred) < MAX_DIVE_BARS
                    and self._jumped(levels[-1], deadline)):
                # Instance8: one fixing can cost a whole shortfall (LP 1331 → 1717 with 24
                # of 30 fixed).
                if len(chosen) > 1:
                    for i in chosen[1:]:
                        self._unfix(i)
                    if not self._node(deadline, rounds):
                        return False
                if self._jumped(levels[-1], deadline):
                    # The heaviest fixing alone jumps too: bar its column here and try
                    # again; after MAX_STALLS bars in a row, go back up one node and bar
                    # the fixing that led to it (a depth-first search, cut by time).
                    self._unfix(decision[0])
                    if (stalls[-1] < MAX_STALLS or len(self.trail) == 1) and self._bar(
                            decision, barred):
                        # The step's whole schedules stay fixed: a new node when there
                        # are any, from which there is no fixing to go back on.
                        stalls[-1] += 1
                        decision = None
                    elif (len(self.trail) > 1 and decisions[-1] is not None
                          and self._barrable(decisions[-1])):
                        self.trail.pop()
                        up = decisions.pop()
                        levels.pop()
                        stalls.pop()
                        for i in set(self.fixed) - set(self.trail[-1][1]):
                            self._unfix(i)
                        self._bar(up, barred)
                        stalls[-1] += 1
                    else:  # nothing to take back: the jump stands
                        self._fix(*decision)
                    if not self._node(deadline, rounds):
                        return False
            # Once a column is barred the LP no longer bounds every roster with these
            # fixings (complete_dive skips nodes by it).
            if self.fixed != self.trail[-1][1]:
                self.trail.append((None if barred else self._node_value(), dict(self.fixed)))
                levels.append(self.lp.Objective().Value())
                decisions.append(decision)
                stalls.append(0)
            now = time.perf_counter()
            if now >= deadline or self.infeasible:
                return False
            if root is not None and careful and len(self.fixed) < len(self.pricing):
                needed = (steps_to_fix(len(self.pricing) - len(self.fixed), min_step)
                          * (now - began) / steps)
                if needed > DIVE_GIVE_UP * (deadline - now):
                    self.dive_given_up = True
                    return False
        return True

    def heaviest_columns(self) -> list[Schedule]:
        """Per employee, the column of largest weight in the last LP solved (self.heaviest):
        a legal schedule each, so a roster."""
        return [self.columns[i][j] for i, j in enumerate(self.heaviest)]

    def _barrable(self, fixing: tuple[int, int]) -> bool:
        """The employee has another column open: barring this one leaves the LP a
        solution."""
        return sum(v.ub() > 0 for v in self.variables[fixing[0]]) > 1

    def _bar(self, fixing: tuple[int, int], barred: list[tuple[int, int]]) -> bool:
        """Bar a column from the LP for the rest of the dive, unless it is its employee's
        last one open."""
        if not self._barrable(fixing):
            return False
        i, j = fixing
        self.variables[i][j].SetUb(0)
        self.solved = False
        barred.append(fixing)
        return True

    def dive_again(self, deadline: float, rounds: int) -> tuple[list[Schedule], bool]:
        """A new dive from the root (every fixing undone), ``rounds`` pricing rounds a
        node, its step never grown to meet the deadline. Instance8's second dive (10
        rounds) grew its steps with the time left, so its path followed the machine's
        speed: alone, 1 310 after 15–18 s; in the benchmark's process (slower after two
        instances) once cut short at the deadline after 25 s; beside a second solver 1 316
        and 1 317, and with a later deadline once cut short again. Unadapted: 1 310 in all
        five runs, three alone and two beside a second solver, after 15–20 s."""
        self._unfix_all()
        return self.dive(deadline, rounds=rounds, adapt=False)

    def _node(self, deadline: float, rounds: int) -> bool:
        """Solve the LP with the current fixings and price at most ``rounds`` rounds;
        False when the LP fails or the deadline has passed."""
        if time.perf_counter() >= deadline or not self._solve_lp():
            return False
        self._generate(self.duals(), deadline, bound=False, max_rounds=rounds)
        return self.solved

    def _above(self, level: float) -> bool:
        """The LP value is more than JUMP (a share) above ``level``."""
        return self.lp.Objective().Value() > level + JUMP * abs(level)

    def _jumped(self, level: float, deadline: float) -> bool:
        """The node's LP is more than JUMP above ``level`` (its parent's) once priced for
        up to CONFIRM_ROUNDS more rounds (unless it had converged already). A node priced
        NODE_ROUNDS rounds may still be well above its converged LP: unconfirmed, the
        dive took back, barred and backtracked from steps that more pricing keeps, until
        its deadline (Instance7 × 2: runs 2 135–2 141 with it, 2 320–2 419 without;
        Instance8 1 300–1 305 against 1 307–1 309)."""
        if not self._above(level):
            return False
        if not self.priced_out:
            self._generate(self.duals(), deadline, bound=False, max_rounds=CONFIRM_ROUNDS,
                           current_duals=True)
            if not self.solved:
                return True  # the LP failed: take the step back
        return self._above(level)

    def _node_value(self) -> float | None:
        """The LP value when it bounds every roster with the current fixings: solved and
        priced to convergence."""
        return self.lp.Objective().Value() if self.solved and self.priced_out else None

    def _fix(self, i: int, j: int) -> None:
        self.solved = False
        self.fixed[i] = j
        self.variables[i][j].SetLb(1)  # the convexity row zeroes the employee's others

    def _unfix(self, i: int) -> None:
        self.solved = False
        self.variables[i][self.fixed.pop(i)].SetLb(0)

    def _unfix_all(self) -> None:
        self.solved = False
        for i in list(self.fixed):
            self._unfix(i)

    def restricted_master(self, start: list[Schedule], seconds: float,
                          max_share: float = 1.0, fixed: dict[int, int] | None = None,
                          max_kept: int | None = None
                          ) -> tuple[list[Schedule], int] | None:
        """Price-and-branch: the master as an integer program over the columns generated
        so far (one schedule per employee, cover slack paid by its weights), solved by
        SCIP from ``start``. Returns the best roster found and its cost, or None when
        SCIP found none in ``seconds`` or when more than ``max_share`` of the columns
        remain after the filter (a start far above the bound, where SCIP gains little);
        never worse than ``start`` (among the candidates).

        Only columns that can be part of a better roster take part: with the duals μ of
        the best Lagrangian bound L and each employee's pricing bound m_e, any roster
        costs at least L + Σ_e (cost_e − μ·cover_e − m_e) (module docstring: the slack
        terms are ≥ 0 for μ clipped to [−weight_over, weight_under]), so a column whose
        reduced cost exceeds (cost of start − 1) − L is in none cheaper than start
        (reduced-cost fixing). Over the same columns the dive rounds greedily; this
        search is exact: on Instance5 it gave 1144 where the dive and every later
        search stayed at 1146.

        Also skipped when more than ``max_kept`` columns remain (SCIP's effort follows
        their number more than their share).

        With ``fixed`` (employee index → column, as the dive fixes them; start must keep
        them) those employees keep that column, and the counts and ``max_share`` are of
        the others' columns; None when a fixed column cannot be in a cheaper roster."""
        self.master_settled = False
        candidates = self._candidates(start)
        fixed = fixed or {}
        for i, j in fixed.items():
            if self.columns[i][j] not in candidates[i]:
                self.master_log = f"{len(fixed)} fixed, pruned by reduced cost"
                self.master_settled = True
                return None
            candidates[i] = [self.columns[i][j]]
        kept = sum(len(c) for i, c in enumerate(candidates) if i not in fixed)
        total = sum(len(c) for i, c in enumerate(self.columns) if i not in fixed)
        if kept > max_share * total or (max_kept is not None and kept > max_kept):
            self.master_log = f"{kept} of {total} columns, skipped"
            return None
        ip = pywraplp.Solver.CreateSolver("SCIP")
        if ip is None:  # pragma: no cover - SCIP ships with OR-Tools' wheels
            return None
        ip.SetSolverSpecificParametersAsString(MASTER_SCIP_SETTINGS)
        objective = ip.Objective()
        rows = {key: ip.Add(ip.Sum([]) == requirement)
                for key, (requirement, _, _) in self.cover_weights.items()}
        chosen: list[list[pywraplp.Variable]] = []
        hint_vars, hint_values = [], []
        for i, columns in enumerate(candidates):
            one = ip.Add(ip.Sum([]) == 1)
            variables = []
            for schedule in columns:
                var = ip.BoolVar("")
                one.SetCoefficient(var, 1)
                objective.SetCoefficient(var, self.pricing[i].cost(schedule))
                for key in schedule:
                    if key in rows:
                        rows[key].SetCoefficient(var, 1)
                hint_vars.append(var)
                hint_values.append(float(schedule == start[i]))
                variables.append(var)
            chosen.append(variables)
        for key, row in rows.items():
            _, under, over = self.cover_weights[key]
            # Integer (whole requirements and columns make them so anyway): SCIP then
            # knows the objective is integral and prunes a node whose LP is above
            # best − 1. Instance7 after branch-and-price, one pool of 4 481 columns:
            # the optimum 1 056 proven in 27 s, 60 s with continuous slack.
            shortfall, surplus = ip.IntVar(0, ip.infinity(), ""), ip.IntVar(0, ip.infinity(), "")
            row.SetCoefficient(shortfall, 1)
            row.SetCoefficient(surplus, -1)
            objective.SetCoefficient(shortfall, under)
            objective.SetCoefficient(surplus, over)
        objective.SetMinimization()
        ip.SetHint(hint_vars, hint_values)
        ip.SetTimeLimit(max(1, int(seconds * 1000)))
        status = ip.Solve()
        self.master_settled = status == pywraplp.Solver.OPTIMAL
        self.master_log = (f"{kept} of {total} columns, "
                           f"{'optimal' if self.master_settled else 'cut short'}")
        if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            return None
        roster = [columns[max(range(len(vs)), key=lambda j: vs[j].solution_value())]
                  for columns, vs in zip(candidates, chosen)]
        return roster, round(objective.Value())

    def complete_dive(self, start: list[Schedule], seconds: float, max_share: float = 1.0,
                      nodes: bool = True) -> tuple[list[Schedule], int]:
        """The restricted master at the last dive's root, then (with ``nodes``) at its
        nodes from the deepest up, from ``start`` (a roster within every node's fixings:
        the dive's own). Returns the best roster and its cost, never worse than start.

        At the root (gated by ``max_share``) it is exact over every column, so when it
        finishes no node can do better (Instance5: 1146 → 1144). When it is skipped or
        cut short: a dive rounds greedily, and its last steps can spoil what the LP had
        held (Instance8: LP 1308.5 with 23 of 30 employees fixed, 1407 after the next
        step, where SCIP finds the best roster with those 23 fixings, 1309, in 0.6 s).
        Deep nodes leave few employees open, so they are quick; each node's fixings
        include its parent's, so going up only widens the choice. A node whose LP (priced
        to convergence) rounds up to no less than the best roster holds none better and
        is passed; the walk stops at the first node SCIP cannot finish (its parents are
        larger still)."""
        deadline = time.perf_counter() + seconds
        best, best_value = list(start), self.roster_cost(start)
        trail = list(reversed(self.trail))
        if trail and not trail[-1][1]:
            trail.insert(0, trail.pop())  # the root first
        if not nodes:
            trail = [entry for entry in trail if not entry[1]]
        log = []
        for value, fixed in trail:
            left = deadline - time.perf_counter()
            if value is not None and _ceil(value) >= best_value:
                continue
            if left <= 0:
                break
            found = self.restricted_master(best, left, max_share if not fixed else 1.0,
                                           fixed)
            log.append(f"{len(fixed)} fixed: {self.master_log}")
            if found is not None and found[1] < best_value:
                best, best_value = found[0], self.roster_cost(found[0])
            if self.master_settled != bool(fixed):
                break  # the root solved (no node does better), or a node not finished
        self.master_log = "; ".join(log) or "no node below the roster's cost"
        return best, best_value

    def branch_and_price(self, start: list[Schedule], deadline: float,
                         max_nodes: int | None = None, extended: float | None = None
                         ) -> tuple[list[Schedule], int, float | None]:
        """Branch-and-price from ``start`` until the deadline (once it has found a roster
        better than ``start``, until ``extended`` when given), ``max_nodes`` or the proof
        (self.proved); self.search_bound is then the least bound of the nodes left open.
        At each node the master LP with the node's decisions (employee, day, shift worked
        or not: columns that break one are closed, the pricing keeps them), priced until
        no column improves it, BP_ROUNDS rounds or the cut-off. A node whose bound (the
        best Lagrangian bound of its rounds) rounds up to no less than the best roster is
        pruned; the LP's heaviest columns are tried as a roster at every node; otherwise it
        branches (_branching: by pseudo-costs, learnt from every node solved, once the
        roster is within PSEUDO_COST_GAP of the bound). Node order: plunge into the
        "worked" child, and after a pruned or whole node go on from the open node of least
        bound (deepest among equals). The published optima came from branch-and-price; the
        root LP here is within a few units of the optimum, so the cut-off prunes hard.
        Instance6 from the dive's 1 953: the optimum 1 950 at 2.5 s, proved in 24 nodes;
        depth first found nothing in 40 s, and best first without plunging found no
        roster in 30 s on Instances 5–7.

        Returns the best roster, its cost (the scorer's) and when it was found
        (time.perf_counter(); None when start was never beaten)."""
        best, best_value, found_at = list(start), self.roster_cost(start), None
        self._unfix_all()
        for i, schedule in enumerate(best):
            self.add_column(i, schedule)
        # Open "not worked" children: least parent's bound first, deepest among equals;
        # with the parent's LP value and the branched (day, shift)'s value there.
        heap: list[tuple[int, int, int, list[tuple[int, tuple[int, str], bool]],
                         float, float]] = [(0, 0, 0, [], 0.0, 0.0)]
        costs = PseudoCosts()
        self.nodes, self.proved, self.search_bound = 0, False, None
        self.glop_settings = BRANCH_AND_PRICE_GLOP
        self.lp.SetSolverSpecificParametersAsString(self.glop_settings)
        chance = random.Random(self.seed)
        try:
            plunge: list[tuple[int, tuple[int, str], bool]] | None = None
            plunge_bound = 0  # the bound of the plunge's parent
            parent_lp = value_there = 0.0  # of the node solved next (PseudoCosts)
            settled = True  # every node left behind was pruned or solved
            while (heap or plunge is not None) and (max_nodes is None
                                                    or self.nodes < max_nodes):
                if found_at is not None and extended is not None:
                    # A search that is finding rosters is worth more than the stages
                    # after it (BenchOptions.branch_and_price_extended_share).
                    deadline = max(deadline, extended)
                if time.perf_counter() >= deadline:
                    break
                if plunge is not None:
                    path, plunge = plunge, None
                else:
                    parent, _, _, path, parent_lp, value_there = heapq.heappop(heap)
                    if parent >= best_value:
                        heap.clear()  # nor can any other open node hold a cheaper roster
                        break
                self.nodes += 1
                try:
                    bound = self._bp_node(path, deadline, best_value)
                except NoSchedule:
                    continue  # no roster keeps the decisions
                if bound is None:
                    settled = False  # the LP failed: the node is left unexplored
                    continue
                lp_value = self.lp.Objective().Value()
                if path:
                    costs.record(path[-1], value_there, max(lp_value, bound) - parent_lp)
                if bound >= best_value:
                    continue  # no roster with these decisions is cheaper
                roster = self.heaviest_columns()
                value = self.roster_cost(roster)
                if value < best_value:
                    best, best_value, found_at = roster, value, time.perf_counter()
                    if bound >= best_value:
                        continue
                branch = self._branching(
                    chance, costs if best_value - self.lower_bound <= PSEUDO_COST_GAP
                    else None)
                if branch is None:
                    # Whole, its roster (just tried) no better than the best, but its bound
                    # below: not priced out, so the node is left unsettled.
                    settled = False
                    continue
                i, key, value = branch
                plunge, plunge_bound = path + [(i, key, True)], bound
                parent_lp, value_there = lp_value, value
                heapq.heappush(heap, (bound, -len(path) - 1, self.nodes,
                                      path + [(i, key, False)], lp_value, value))
            if settled:
                # Every roster cheaper than the best lies under an open node.
                self.search_bound = min([best_value] + [entry[0] for entry in heap]
                                        + ([plunge_bound] if plunge is not None else []))
            self.proved = settled and not heap and plunge is None
        finally:
            self.decisions = [{} for _ in self.pricing]
            for variables in self.variables:
                for var in variables:
                    var.SetUb(1)
            self.solved = False
            self.glop_settings = ""
            self.lp.SetSolverSpecificParametersAsString(self.glop_settings)
        return best, best_value, found_at

    def _bp_node(self, path: list[tuple[int, tuple[int, str], bool]], deadline: float,
                 cutoff: int | None = None) -> int | None:
        """Solve a branch-and-price node: the best Lagrangian bound of its rounds, rounded
        up (0 when no round priced every employee), or None when the LP failed or a
        pricing ran out of time with no column. NoSchedule when no roster keeps the
        node's decisions."""
        self.decisions = [{} for _ in self.pricing]
        for i, key, on in path:
            self.decisions[i][key] = on
        for i, (columns, variables) in enumerate(zip(self.columns, self.variables)):
            open_columns = 0
            for schedule, var in zip(columns, variables):
                keeps = complies(schedule, self.decisions[i])
                var.SetUb(1 if keeps else 0)
                open_columns += keeps
            if not open_columns:
                # A column that keeps the decisions, priced against the last duals.
                found, _ = self.pricing[i].solve(
                    self.duals() if self.solved else {}, self.pricing_cap_s, self.seed,
                    decisions=self.decisions[i])
                if not found:
                    return None
                self.add_column(i, found[-1])
        self.solved = False
        if not self._solve_lp():
            return None
        self.node_bound_scaled = None
        self._generate(self.duals(), deadline, bound=False, max_rounds=BP_ROUNDS,
                       cutoff=cutoff)
        if not self.solved:
            return None
        # The Lagrangian rather than the LP value: a pricing cut short by time adds no
        # column, which would pass for convergence, but its bound is still valid.
        return (0 if self.node_bound_scaled is None
                else _unscaled_bound(self.node_bound_scaled))

    def _branching(self, chance: random.Random, costs: PseudoCosts | None = None
                   ) -> tuple[int, tuple[int, str], float] | None:
        """A fractional (employee, (day, shift)) of the LP solution and its LP value, drawn
        at random with a lean towards the most fractional: the least |value − ½| + u, u
        uniform in [0, 1) from ``chance``; with ``costs``, the one of best pseudo-cost
        score instead (PseudoCosts.score; the lean breaks ties); None when the LP solution
        is whole (within AGREE). Most
        fractional alone is known to branch no better than at random (Achterberg, Koch
        and Martin, "Branching rules revisited", 2005), and it was worse here: from the
        dive, 60 s runs (seeds 0–2; twenty-eighth session, both with
        BRANCH_AND_PRICE_GLOP), Instance5 proved optimal in 13–69 nodes (1.8–3.3 s)
        against 598 nodes (23 s, seed 0), Instance6 in 7–17 nodes against 78 (before those
        settings), Instance7 proved in 13–15 s with seeds 1 and 2 (not with seed 0, nor
        before in 60 s); Instance8 from its dive's 1 307, 40 s, seeds 1–6: 1 301 twice and
        1 302 once against 1 307. (Before that: branching on the largest fractional value
        went 60–75 deep on Instance5 and found nothing in 30 s.)"""
        best: tuple[float | tuple[float, float], int, tuple[int, str], float] | None = None
        for i, (columns, weights) in enumerate(zip(self.columns, self.weights)):
            # (Only columns of weight: about 6 000 columns on Instance8, at every node.)
            for key, value in shift_values(columns, weights, above=1e-9).items():
                if AGREE < value < 1 - AGREE:
                    lean = abs(value - 0.5) + chance.random()
                    score = (lean if costs is None
                             else (-costs.score(i, key, value), lean))
                    if best is None or score < best[0]:
                        best = (score, i, key, value)
        return None if best is None else (best[1], best[2], best[3])

    def roster_cost(self, schedules: list[Schedule]) -> int:
        """The scorer's objective of one schedule per employee."""
        return evaluate(self.instance, assignments_of(self.instance, schedules)).objective

    def _candidates(self, start: list[Schedule]) -> list[list[Schedule]]:
        """Per employee, the columns whose reduced cost leaves room for a roster cheaper
        than ``start`` (restricted_master), with start's own; all of them when there is no
        bound yet."""
        # Not added to the LP: that would leave its last solution stale for the dive.
        everything = [[schedule for schedule in columns if schedule != start[i]] + [start[i]]
                      for i, columns in enumerate(self.columns)]
        if self.bound_terms is None or self.bound_scaled is None:
            return everything
        duals, minima = self.bound_terms
        room = SCALE * (self.roster_cost(start) - 1) - self.bound_scaled
        return [[schedule for schedule in columns
                 if schedule == start[i] or SCALE * self.pricing[i].cost(schedule)
                 - sum(duals.get(key, 0) for key in schedule) - minima[i] <= room]
                for i, columns in enumerate(everything)]

    def neighbourhood_search(self, start: list[Schedule],
                             score: Callable[[list[Schedule]], int], deadline: float,
                             rng: random.Random, free_share: float = 0.25
                             ) -> tuple[list[Schedule], int, float | None]:
        """Large neighbourhood search on the master: keep most employees on their current
        schedule, free a random share of them, and dive again on the freed ones with the
        LP's guidance (columns priced for them alone). A new roster is kept when it scores
        no worse. Returns the best roster, its score and when it was found
        (time.perf_counter(); None when the start was never beaten)."""
        best = list(start)
        best_value, found_at = score(best), None
        for i, schedule in enumerate(best):
            self.add_column(i, schedule)
        n = len(best)
        size = max(2, min(n, round(free_share * n)))
        while time.perf_counter() < deadline:
            self._unfix_all()
            free = set(rng.sample(range(n), size))
            for i in range(n):
                if i not in free:
                    self._fix(i, self.known[i][best[i]])
            if not self._solve_lp():
                break
            self._generate(self.duals(), deadline, bound=False, max_rounds=NODE_ROUNDS)
            candidate, _ = self.dive(deadline)
            value = score(candidate)
            if value <= best_value:
                if value < best_value:
                    found_at = time.perf_counter()
                best, best_value = candidate, value
        self._unfix_all()
        return best, best_value, found_at


def steps_to_fix(open_count: int, share: float) -> int:
    """Steps a dive takes to fix ``open_count`` employees when each step fixes
    ``share`` of those still open, at least one (whole schedules fixed on the way only
    shorten it)."""
    steps = 0
    while open_count > 0:
        open_count -= max(1, math.ceil(share * open_count))
        steps += 1
    return steps


def _least_share(open_count: int, affordable: float, min_step: float) -> float:
    """The least share, at least ``min_step``, whose steps_to_fix fits in ``affordable``
    steps (1 when none does)."""
    if steps_to_fix(open_count, min_step) <= affordable:
        return min_step
    low, high = min_step, 1.0  # steps_to_fix(high) = 1 <= affordable (>= 1)
    while high - low > 1e-3:
        middle = (low + high) / 2
        if steps_to_fix(open_count, middle) <= affordable:
            high = middle
        else:
            low = middle
    return high


def _unscaled_bound(scaled: int) -> int:
    """A scaled Lagrangian bound as an integer bound on a roster's cost: rounded up, and
    at least 0 (every weight is ≥ 0, the parser checks; the Lagrangian is negative early on
    long horizons)."""
    return max(0, -(-scaled // SCALE))


def _ceil(value: float) -> int:
    """⌈value⌉ tolerant of LP round-off (1e-6)."""
    return int(-(-(value - 1e-6) // 1))
