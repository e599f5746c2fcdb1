"""Rule 5: at most max_consecutive_days days in a row with a shift (wrapping round); a
recovery rule the KS turnus practice and the domain notes ask for (domain §3, S80)."""

from solver.context import ModelContext


def add(ctx: ModelContext) -> None:
    if not ctx.wants(("rule", "max_consecutive")):
        return
    problem, model = ctx.problem, ctx.model
    span = problem.max_consecutive + 1
    for ev in ctx.employees:
        for d in range(problem.days):
            window = [ev.works[(d + i) % problem.days] for i in range(span)]
            ctx.enforce(model.add(sum(window) <= problem.max_consecutive),
                        ("rule", "max_consecutive"))
