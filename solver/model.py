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
        """A better lower bound, reported between solutions."""
        self.bound = round(bound)
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

    def roster_from(self, value: Callable[[cp_model.IntVar], int], facts: dict | None = None
                    ) -> Roster:
        assignments = [
            Assignment(employee_id=ev.employee.id, day=day, shift=code)
            for ev in self.employees for (day, code), var in ev.x.items() if value(var)
        ]
        return Roster(unit=self.problem.unit.unit.id, weeks=self.problem.weeks,
                      assignments=assignments, solver=facts)


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


OPTIMISATION_PARAMETERS: tuple[tuple[str, object], ...] = (("linearization_level", 0),)
"""CP-SAT settings of the optimisation phase, chosen with benchmarks/engine.py: the LP
relaxation of the fairness terms (large coefficients) costs more than it prunes; without
it the shared example reached a median objective of 2311 against 2356 at 60 s, and 3168
against 3456 at 10 s (2 seeds, 2 workers)."""

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
    values = solver.response_proto.solution
    built.model.clear_hints()
    hint = built.model.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)
    components = {name: int(solver.value(expr)) for name, expr in built.components.items()}
    return round(solver.objective_value), components


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
        solver = parameters(options, remaining())
        for key, value in OPTIMISATION_PARAMETERS + options.cp_sat:
            setattr(solver.parameters, key, value)
        callback = _Callback(on_progress, found_at)
        if on_progress is not None:
            solver.best_bound_callback = callback.on_bound
        status = solver.solve(built.model, callback)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            best_roster = built.roster_from(solver.boolean_value)
            best_objective = round(solver.objective_value)
            bound = round(solver.best_objective_bound)
            result.status = solver.status_name(status)
            result.components = {name: int(solver.value(expr))
                                 for name, expr in built.components.items()}
            if callback.best_s is not None:
                result.best_solution_s = callback.best_s
            result.solutions = max(1, callback.solutions)
    result.objective, result.bound = best_objective, bound
    result.wall_time_s = time.perf_counter() - started
    result.roster = best_roster.model_copy(update={"solver": result.facts()})
    return result
