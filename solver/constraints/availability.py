"""Rule 1 (part): nothing on a person's unavailable days (staff[].unavailable).

One shift a day and allowed codes are built into the variables (solver.variables)."""

from solver.context import ModelContext


def add(ctx: ModelContext) -> None:
    if not ctx.wants(("rule", "unavailable")):
        return
    for ev in ctx.employees:
        for day in sorted(ev.employee.unavailable):
            ctx.enforce(ctx.model.add(ev.works[day] == 0), ("rule", "unavailable"))
