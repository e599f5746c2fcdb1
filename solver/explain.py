"""Why a plan has no legal roster: an infeasible core over requirements and rule families.

Hard constraints are grouped in families (one per requirement, one per rule). A first core
comes from assumption literals (one per family); it is then shrunk by deletion, re-solving
the model without each member in turn, so that what is reported is a proven conflict, not a
guess.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from roster.problem import Problem
from solver.context import Family
from solver.result import Conflict, Explanation

RULE_FAMILIES = (
    "unavailable", "daily_rest", "weekly_rest", "max_consecutive", "weekend_split",
    "weekend_count", "weekend_consecutive", "weekly_hours", "total_hours",
)


def all_families(problem: Problem) -> list[Family]:
    """Rules first, then requirements: the deletion filter tries to drop rules first, so
    what remains names the requirements a manager can change."""
    return [("rule", name) for name in RULE_FAMILIES] + [
        ("coverage", req.index) for req in problem.coverage]


def _assumption_core(problem: Problem, time_limit_s: float, seed: int
                     ) -> list[Family] | None | bool:
    """Families in a core CP-SAT finds with one assumption literal per family; False when
    the plan turns out feasible; None when neither was shown in time."""
    from solver.model import RosterModel

    built = RosterModel(problem, explain=True, objective=False)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.5, time_limit_s)
    solver.parameters.num_workers = 1  # cores come from the single-worker search
    solver.parameters.random_seed = seed
    status = solver.solve(built.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    if status != cp_model.INFEASIBLE:
        return None
    by_index = {lit.index: family for family, lit in built.ctx.literals.items()}
    core = {by_index[i] for i in solver.sufficient_assumptions_for_infeasibility()}
    return [f for f in all_families(problem) if f in core] or None


def _status_without(problem: Problem, families: list[Family], time_limit_s: float,
                    seed: int) -> int:
    """Solve the plain model holding only ``families`` (no objective)."""
    from solver.model import RosterModel

    built = RosterModel(problem, objective=False, families=frozenset(families))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.5, time_limit_s)
    # Two workers whatever the user chose: the second runs local search, which quickly
    # finds the roster showing that a dropped member was needed. Only the status is used,
    # so the explanation does not depend on which worker finishes first.
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = seed
    solver.parameters.stop_after_first_solution = True
    return solver.solve(built.model)


def explain(problem: Problem, time_limit_s: float = 60.0, seed: int = 0) -> Explanation:
    """A minimal set of requirements and rules that cannot hold together.

    1. Assumption literals give a first core quickly when CP-SAT can prove it so.
    2. A deletion filter then drops each member in turn and re-solves the plain model with
       the rest (staged relaxation): if still infeasible, the member was not needed. What
       is left is minimal: without any one of its members the plan has a roster.
    A member whose test runs out of time is kept, and the result marked not minimal.
    """
    deadline = time.perf_counter() + time_limit_s
    core = _assumption_core(problem, time_limit_s / 3, seed)
    if core is False:
        return Explanation([], minimal=False)  # there is a roster: nothing to explain
    if core is None:
        candidate = all_families(problem)
        status = _status_without(problem, candidate, deadline - time.perf_counter(), seed)
        if status != cp_model.INFEASIBLE:
            return Explanation([], minimal=False)
    else:
        candidate = core
    minimal = True
    for family in list(candidate):
        remaining = deadline - time.perf_counter()
        if remaining <= 0.5:
            minimal = False
            break
        trial = [f for f in candidate if f != family]
        status = _status_without(problem, trial, min(remaining, 20.0), seed)
        if status == cp_model.INFEASIBLE:
            candidate = trial
        elif status not in (cp_model.FEASIBLE, cp_model.OPTIMAL):
            minimal = False
    return Explanation([Conflict(kind, key) for kind, key in candidate], minimal)


def describe_conflicts(problem: Problem, explanation: Explanation, lang: str | None = None
                       ) -> list[str]:
    """Each conflict in plain words, with the figures that make it bind."""
    from roster.calendar import WEEKDAYS_EN, WEEKDAYS_NB
    from roster.i18n import current_language, hours, t

    lang = current_language(lang)
    names = WEEKDAYS_NB if lang == "nb" else WEEKDAYS_EN
    lines = []
    for conflict in explanation.conflicts:
        if conflict.kind == "coverage":
            req = problem.coverage[int(conflict.key)]
            days = ", ".join(names[d] for d in req.weekdays)
            extra = "".join(f", {skill} {n}" for skill, n in req.skills)
            if req.max is not None:
                extra += f", max {req.max}"
            text = t("rule.coverage", lang, req=req.index + 1, shift=req.shift, days=days,
                     min=req.min, extra=extra)
            eligible = [e for e in problem.employees if req.shift in e.allowed]
            text += " — " + t("cli.capacity", lang, eligible=len(eligible), shift=req.shift,
                              skill="", need=req.min, days=len(req.days))
            for skill, need in req.skills:
                holders = [e for e in eligible if skill in e.skills]
                text += "; " + t("cli.capacity", lang, eligible=len(holders), shift=req.shift,
                                 skill=f" ({skill})", need=need, days=len(req.days))
            lines.append(text)
            continue
        rules = problem.unit.rules
        params = {
            "daily_rest": {"hours": hours(problem.daily_rest, lang)},
            "weekly_rest": {"hours": hours(problem.weekly_rest, lang)},
            "max_consecutive": {"count": problem.max_consecutive},
            "weekend_count": {"every": rules.weekend_every},
            "weekly_hours": {"hours": hours(problem.max_weekly_minutes, lang)},
            "total_hours": {"hours": hours(round(rules.hours_tolerance_per_week * 60), lang)},
        }.get(str(conflict.key), {})
        lines.append(t(f"rule.{conflict.key}", lang, **params))
        if conflict.key == "weekend_count":
            lines.extend(_weekend_arithmetic(problem, explanation, lang))
    return lines


def _weekend_arithmetic(problem: Problem, explanation: Explanation, lang: str) -> list[str]:
    """Person-weekends against weekend demand, for the requirements in the conflict and the
    staff who may cover them. Saturday and Sunday are worked together, so a weekend day's
    head count is the number of people working that weekend."""
    from roster.i18n import t

    reqs = [problem.coverage[int(c.key)] for c in explanation.conflicts
            if c.kind == "coverage"]
    reqs = [r for r in reqs if set(r.weekdays) & {5, 6}]
    if not reqs:
        return []
    shifts = {r.shift for r in reqs}
    eligible = [e for e in problem.employees if shifts & set(e.allowed)]
    need_day, cap_day = [], []
    for weekday in (5, 6):
        by_shift: dict[str, tuple[int, int | None]] = {}
        for r in (r for r in reqs if weekday in r.weekdays):
            low, high = by_shift.get(r.shift, (0, None))
            low = max(low, r.min, max((n for _, n in r.skills), default=0))
            high = r.max if high is None else (high if r.max is None else min(high, r.max))
            by_shift[r.shift] = (low, high)
        need_day.append(sum(low for low, _ in by_shift.values()))
        workable = {code for e in eligible for code in e.allowed}
        capped = all(code in by_shift and by_shift[code][1] is not None for code in workable)
        cap_day.append(sum(h for _, h in by_shift.values() if h is not None) if capped else None)
    caps = [c for c in cap_day if c is not None]
    cap = t("cli.weekend_cap", lang, cap=problem.weeks * min(caps)) if caps else ""
    lines = [t("cli.weekend_arithmetic", lang, staff=len(eligible),
               shifts="/".join(sorted(shifts)), supply=_supply(eligible),
               need=problem.weeks * max(need_day), cap=cap, weeks=problem.weeks)]
    for r in reqs:
        for skill, count in r.skills:
            holders = [e for e in eligible if r.shift in e.allowed and skill in e.skills]
            lines.append(t("cli.weekend_skill", lang, staff=len(holders), skill=skill,
                           shift=r.shift, supply=_supply(holders),
                           need=problem.weeks * count))
    return lines


def _supply(staff: list) -> str:
    lo, hi = sum(e.weekends_min for e in staff), sum(e.weekends_max for e in staff)
    return str(lo) if lo == hi else f"{lo}–{hi}"
