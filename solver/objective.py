"""The objective: exactly the components of ``roster.scoring`` (read that module for the
definitions), built as CP-SAT expressions with exact equalities, so that the value the
solver reports equals the checker's score of the same roster."""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.problem import SHARE_SCALE
from roster.scoring import COMPONENTS
from solver import blocks
from solver.constraints.coverage import on_duty
from solver.context import ModelContext


def _fairness(ctx: ModelContext, q: dict[str, list]) -> None:
    model, problem = ctx.model, ctx.problem
    for group in problem.fairness_groups:
        kind = group.kind
        loads, uppers = [], []
        for i in group.members:
            ev = ctx.employees[i]
            expr = sum(problem.unsocial[(d % 7, code)][kind] * var
                       for (d, code), var in ev.x.items())
            upper = sum(problem.unsocial[(d % 7, code)][kind] for (d, code) in ev.x)
            load = model.new_int_var(0, upper, f"load[{ev.employee.id},{kind}]")
            model.add(load == expr)
            loads.append(load)
            uppers.append(upper)
        group_upper = sum(uppers)
        total = model.new_int_var(0, group_upper, "")
        model.add(total == sum(loads))
        bound = SHARE_SCALE * group_upper
        deviations = []
        for load, share in zip(loads, group.shares):
            # Plain-interval intermediates keep presolve from building huge domains.
            diff = model.new_int_var(-bound, bound, "")
            model.add(diff == SHARE_SCALE * load - share * total)
            dev = model.new_int_var(0, bound, "")
            model.add_abs_equality(dev, diff)
            deviations.append(dev)
        worst = model.new_int_var(0, bound, "")
        model.add_max_equality(worst, deviations)
        q["fairness_worst"].append(worst)
        q["fairness_total"].extend(deviations)


def _coverage(ctx: ModelContext, q: dict[str, list]) -> None:
    model, n_staff = ctx.model, len(ctx.employees)
    for req in ctx.problem.coverage:
        peaks = [0]
        for day in req.days:
            count = on_duty(ctx, day, req.shift)
            if req.target is not None:
                q["coverage_below_target"].append(
                    blocks.shortfall(model, count, req.target))
            peaks.append(count - req.surplus_reference)
        peak = model.new_int_var(0, n_staff, "")
        model.add_max_equality(peak, peaks)
        q["coverage_surplus_peak"].append(peak)


def _wishes(ctx: ModelContext, q: dict[str, list]) -> None:
    for ev in ctx.employees:
        e = ev.employee
        for (_, code), var in ev.x.items():
            if code in e.avoid_shifts:
                q["wish_avoid_shift"].append(var)
            if e.prefer_shifts and code not in e.prefer_shifts:
                q["wish_prefer_shift"].append(var)
        q["wish_day_off"].extend(ev.works[d] for d in sorted(e.wish_days_off))


def _patterns(ctx: ModelContext, q: dict[str, list]) -> None:
    model, problem = ctx.model, ctx.problem
    n = problem.days
    quick_pairs = [
        (first, second, k)
        for first in problem.shifts for second in problem.shifts for k in range(1, 4)
        if problem.rest_between(first, second, k) < problem.quick_return
    ]
    for ev in ctx.employees:
        w = ev.works
        for d in range(n):
            before, here, after = w[(d - 1) % n], w[d], w[(d + 1) % n]
            # Exact equivalences, not one-sided bounds: every solution's value is its score.
            lone_work = model.new_bool_var("")
            model.add_bool_and([here, ~before, ~after]).only_enforce_if(lone_work)
            model.add_bool_or([~here, before, after, lone_work])
            q["isolated_work_day"].append(lone_work)
            lone_off = model.new_bool_var("")
            model.add_bool_and([~here, before, after]).only_enforce_if(lone_off)
            model.add_bool_or([here, ~before, ~after, lone_off])
            q["isolated_day_off"].append(lone_off)
            for first, second, k in quick_pairs:
                a, b = ev.x.get((d, first)), ev.x.get(((d + k) % n, second))
                if a is None or b is None:
                    continue
                # The pair counts only when nothing is worked in between (the next shift).
                between = [w[(d + i) % n] for i in range(1, k)]
                quick = model.new_bool_var("")
                model.add_bool_and([a, b] + [~v for v in between]).only_enforce_if(quick)
                model.add_bool_or([~a, ~b] + between + [quick])
                q["quick_return"].append(quick)


def _hours(ctx: ModelContext, q: dict[str, list]) -> None:
    model, problem = ctx.model, ctx.problem
    for ev in ctx.employees:
        target = ev.employee.target_minutes
        dev = model.new_int_var(0, max(target, problem.horizon), "")
        model.add_abs_equality(dev, ev.minutes(problem) - target)
        q["hours_deviation"].append(dev)


def build_objective(ctx: ModelContext) -> dict[str, cp_model.LinearExprT]:
    """Add the objective; returns each component's quantity expression."""
    q: dict[str, list] = {name: [] for name in COMPONENTS}
    coefficients = ctx.problem.coefficients
    _fairness(ctx, q)
    _coverage(ctx, q)
    _wishes(ctx, q)
    _patterns(ctx, q)
    _hours(ctx, q)
    quantities = {name: sum(terms) for name, terms in q.items()}
    ctx.model.minimize(sum(getattr(coefficients, name) * quantities[name]
                           for name in COMPONENTS))
    return quantities
