"""The roster model: variables, constraint families, objective, and ``solve()``."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Callable

from ortools.sat.python import cp_model

from roster.problem import Problem
from roster.schedule import Assignment, Roster
from solver import constraints
from solver.context import Family, ModelContext
from solver.objective import build_objective
from solver.result import SolveResult
from solver.variables import create_variables


@dataclass(frozen=True)
class Progress:
    elapsed_s: float
    objective: int
    bound: int
    solutions: int


@dataclass(frozen=True)
class SolveOptions:
    time_limit_s: float = 60.0
    workers: int = 2
    seed: int = 0
    log: bool = False
    """CP-SAT's search log to standard error."""
    deterministic_time: float | None = None
    """A budget in CP-SAT's deterministic time units instead of seconds: with workers=1
    and a fixed seed the same input then gives the same roster on any machine."""
    stop_after_first: bool = False
    hint: Roster | None = None
    explain: bool = True
    """On INFEASIBLE, find which requirements and rules conflict (solver.explain)."""
    cp_sat: tuple[tuple[str, object], ...] = ()
    """Extra CP-SAT parameters for the optimisation phase, e.g. (("linearization_level", 0),)
    (benchmarks use this to compare settings)."""


class _Callback(cp_model.CpSolverSolutionCallback):
    """Reports each improving solution; times are from the start of solve()."""

    def __init__(self, on_progress: Callable[[Progress], None] | None, offset: float):
        super().__init__()
        self.on_progress = on_progress
        self.offset = offset
        self.solutions = 0
        self.best_s: float | None = None
        self.best_objective: int | None = None
        self.bound = 0
        self.started = time.perf_counter()

    def on_bound(self, bound: float) -> None:
        """A better lower bound, reported between solutions (the best over all stages)."""
        self.bound = max(self.bound, round(bound))
        if self.on_progress is not None and self.best_objective is not None:
            elapsed = self.offset + time.perf_counter() - self.started
            self.on_progress(Progress(elapsed, self.best_objective, self.bound, self.solutions))

    def on_solution_callback(self) -> None:
        self.solutions += 1
        self.best_s = self.offset + time.perf_counter() - self.started
        self.best_objective = round(self.objective_value)
        self.bound = max(self.bound, round(self.best_objective_bound))
        if self.on_progress is not None:
            self.on_progress(Progress(self.best_s, self.best_objective, self.bound,
                                      self.solutions))


class RosterModel:
    """Builds the CP-SAT model of a problem (with or without assumption literals)."""

    def __init__(self, problem: Problem, explain: bool = False, objective: bool = True,
                 families: frozenset[Family] | None = None):
        self.problem = problem
        self.model = cp_model.CpModel()
        self.employees = create_variables(self.model, problem)
        self.ctx = ModelContext(self.model, problem, self.employees, explain=explain,
                                families=families)
        for family in constraints.ALL:
            family.add(self.ctx)
        self.components = build_objective(self.ctx) if objective else {}
        if explain:
            self.model.add_assumptions(list(self.ctx.literals.values()))

    def add_hint(self, roster: Roster) -> None:
        chosen = {(a.employee_id, a.day, a.shift) for a in roster.assignments}
        for ev in self.employees:
            for (day, code), var in ev.x.items():
                self.model.add_hint(var, (ev.employee.id, day, code) in chosen)

    def fixed_to(self, roster: Roster) -> cp_model.CpModel:
        """A copy of the model with every shift variable fixed to ``roster``: solving it
        tells whether the model accepts the roster, and what its objective is."""
        clone = self.model.clone()
        chosen = {(a.employee_id, a.day, a.shift) for a in roster.assignments}
        for ev in self.employees:
            for (day, code), var in ev.x.items():
                fixed = clone.get_int_var_from_proto_index(var.index)
                clone.add(fixed == int((ev.employee.id, day, code) in chosen))
        return clone

    def roster_from(self, value: Callable[[cp_model.IntVar], int]) -> Roster:
        """The roster of a solution (``value`` reads a variable's value)."""
        assignments = [
            Assignment(employee_id=ev.employee.id, day=day, shift=code)
            for ev in self.employees for (day, code), var in ev.x.items() if value(var)
        ]
        return Roster(unit=self.problem.unit.unit.id, weeks=self.problem.weeks,
                      assignments=assignments)


def parameters(options: SolveOptions, time_limit_s: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.max_time_in_seconds = time_limit_s
    if options.deterministic_time is not None:
        p.max_deterministic_time = options.deterministic_time
    p.num_workers = options.workers
    p.random_seed = options.seed
    p.log_search_progress = options.log
    if options.log:
        p.log_to_stdout = False
        solver.log_callback = lambda line: print(line, file=sys.stderr)
    return solver


OPTIMISATION_STAGES: tuple[tuple[dict[str, object], float], ...] = (
    # (CP-SAT parameters, share of the remaining time; a share below 1 is capped at 2 s)
    ({"linearization_level": 0}, 0.1),
    ({"linearization_level": 0, "use_lns_only": True}, 1.0),
)
"""The optimisation phase, chosen with benchmarks/engine.py and benchmarks/scaling.py. A
short stage with CP-SAT's full portfolio finds the lower bound on the shared example
(mostly from presolve); then every worker runs large neighbourhood search from the best
roster. Without the LP relaxation of the fairness terms (large coefficients), which costs
more than it prunes. On the shared example (2 seeds, 2 workers) this gave 2777 at 10 s and
2109 at 60 s against 3116 and 2122 for CP-SAT's default portfolio; on 100 staff × 12 weeks
8753 against 9150 at 120 s, but a weaker bound (1063 against 5335), since the full search
that slowly raises the bound on large units no longer runs the whole time."""

CONSTRUCTION_STAGES = (
    # (name, CP-SAT parameters, deterministic-time cap)
    ("complete search, short", {}, 0.5),  # proves plain shortages (weekends) at once
    ("local search", {"use_ls_only": True}, 5.0),  # feasibility jump: fast on rosters
    ("complete search", {}, None),  # the rest of the time; can prove infeasibility
)


def _construct(problem: Problem, options: SolveOptions, deadline: float
               ) -> tuple[str, Roster | None]:
    """Phase 1: any legal roster, from the model without objective.

    The rules alone are quick for CP-SAT's local search even with one worker, while the
    full model (with the fairness objective) is slow to start; local search cannot prove
    a plan impossible, so complete search runs before and after it.
    """
    feasibility = RosterModel(problem, objective=False)
    if options.hint is not None:
        feasibility.add_hint(options.hint)
    status_name = "UNKNOWN"
    for _, settings, cap in CONSTRUCTION_STAGES:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            break
        solver = parameters(options, remaining)
        solver.parameters.stop_after_first_solution = True
        for key, value in settings.items():
            setattr(solver.parameters, key, value)
        budgets = [b for b in (cap, options.deterministic_time) if b is not None]
        if budgets:
            solver.parameters.max_deterministic_time = min(budgets)
        status = solver.solve(feasibility.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return "FEASIBLE", feasibility.roster_from(solver.boolean_value)
        if status == cp_model.INFEASIBLE:
            return "INFEASIBLE", None
        status_name = solver.status_name(status)
    return status_name, None


def _complete_hint(built: RosterModel, roster: Roster, options: SolveOptions
                   ) -> tuple[int, dict[str, int]] | None:
    """Phase 2: extend a roster to a value for every variable of the full model, and hint
    it whole. CP-SAT takes a complete feasible hint as its first solution at once, so the
    optimisation (LNS) starts from a legal roster instead of searching for one."""
    clone = built.fixed_to(roster)
    solver = parameters(SolveOptions(workers=1, seed=options.seed), 60.0)
    solver.parameters.stop_after_first_solution = True
    if solver.solve(clone) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    _hint_all(built, solver.response_proto.solution)
    components = {name: int(solver.value(expr)) for name, expr in built.components.items()}
    return round(solver.objective_value), components


def _hint_all(built: RosterModel, values) -> None:  # type: ignore[no-untyped-def]
    """Hint a value for every variable (a complete, feasible solution)."""
    built.model.clear_hints()
    hint = built.model.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


def solve(problem: Problem, options: SolveOptions = SolveOptions(),
          on_progress: Callable[[Progress], None] | None = None) -> SolveResult:
    """Find a legal roster, then improve it until optimal or out of time.

    Phases: construct a legal roster without the objective; complete it to a full hint of
    the optimisation model; optimise from there. On infeasibility, explain it (unless
    options.explain is False); a time limit without a roster is status UNKNOWN.
    """
    started = time.perf_counter()

    def remaining() -> float:
        return max(0.1, options.time_limit_s - (time.perf_counter() - started))

    status_name, first = _construct(problem, options, started + options.time_limit_s)
    result = SolveResult(
        status=status_name, roster=None, objective=None, bound=None, wall_time_s=0.0,
        first_solution_s=None, best_solution_s=None, solutions=0, seed=options.seed,
        workers=options.workers, time_limit_s=options.time_limit_s,
    )
    if first is None:
        result.wall_time_s = time.perf_counter() - started
        if status_name == "INFEASIBLE" and options.explain:
            from solver.explain import explain

            # The explanation gets its own budget: proving infeasibility may have used the
            # whole time limit, and a plan without a reason is of no use to a manager.
            budget = max(remaining(), min(60.0, options.time_limit_s))
            result.explanation = explain(problem, time_limit_s=budget, seed=options.seed)
            result.wall_time_s = time.perf_counter() - started
        return result

    built = RosterModel(problem)
    completed = _complete_hint(built, first, options)
    if completed is None:  # cannot happen: the rules are the same in both models
        raise RuntimeError("a legal roster did not satisfy the optimisation model")
    best_objective, result.components = completed
    found_at = time.perf_counter() - started
    result.first_solution_s = result.best_solution_s = found_at
    result.solutions = 1
    if on_progress is not None:
        on_progress(Progress(found_at, best_objective, 0, 1))
    best_roster, bound = first, 0
    if not options.stop_after_first:
        callback = _Callback(on_progress, found_at)
        deterministic_left = options.deterministic_time
        for settings, share in OPTIMISATION_STAGES:
            budget = remaining() if share >= 1 else min(2.0, share * remaining())
            solver = parameters(options, budget)
            if deterministic_left is not None:
                solver.parameters.max_deterministic_time = max(
                    0.01, deterministic_left if share >= 1 else share * deterministic_left)
            for key, value in tuple(settings.items()) + options.cp_sat:
                setattr(solver.parameters, key, value)
            if on_progress is not None:
                solver.best_bound_callback = callback.on_bound
            status = solver.solve(built.model, callback)
            if deterministic_left is not None:
                deterministic_left -= solver.deterministic_time
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                continue
            bound = max(bound, round(solver.best_objective_bound))
            if round(solver.objective_value) <= best_objective:
                best_roster = built.roster_from(solver.boolean_value)
                best_objective = round(solver.objective_value)
                result.components = {name: int(solver.value(expr))
                                     for name, expr in built.components.items()}
                _hint_all(built, solver.response_proto.solution)
            result.status = "OPTIMAL" if bound >= best_objective else "FEASIBLE"
            if result.status == "OPTIMAL" or remaining() <= 0.1:
                break
        if callback.best_s is not None:
            result.best_solution_s = callback.best_s
        result.solutions = max(1, callback.solutions)
    result.objective, result.bound = best_objective, bound
    result.wall_time_s = time.perf_counter() - started
    result.roster = best_roster.model_copy(update={"solver": result.facts()})
    return result
