"""Rule 2: staffing requirements (bemanningsplan, domain §2c): at least ``min`` and at most
``max`` people on the shift each day the requirement names, and for each skill at least
that many of them holding it."""

from solver.context import ModelContext


def on_duty(ctx: ModelContext, day: int, shift: str, skill: str | None = None):
    return sum(ev.x[(day, shift)] for ev in ctx.employees
               if (day, shift) in ev.x and (skill is None or skill in ev.employee.skills))


def add(ctx: ModelContext) -> None:
    model = ctx.model
    for req in ctx.problem.coverage:
        family = ("coverage", req.index)
        if not ctx.wants(family):
            continue
        for day in req.days:
            count = on_duty(ctx, day, req.shift)
            ctx.enforce(model.add(count >= req.min), family)
            if req.max is not None:
                ctx.enforce(model.add(count <= req.max), family)
            for skill, need in req.skills:
                ctx.enforce(model.add(on_duty(ctx, day, req.shift, skill) >= need), family)
