"""Rule 6: weekends (helgebelastning, domain §2c; AML § 10-8 (4) on Sundays off).

A weekend is worked when a shift starts on its Saturday or Sunday. Each person works
weeks / weekend_every weekends (either neighbouring whole number when not whole), never
two in a row when weekend_every ≥ 2 (wrapping round), and Saturday and Sunday together.

When Saturday and Sunday are tied hard, "weekend worked" is simply the Saturday literal:
that keeps counting arguments (weekend demand against weekends available) linear, so the
LP relaxation proves a plan short of weekend staff at once. Only when the tie is relaxed
(while explaining infeasibility) is it max(Saturday, Sunday).
"""

from solver import blocks
from solver.context import ModelContext

SPLIT, COUNT, CONSECUTIVE = (("rule", "weekend_split"), ("rule", "weekend_count"),
                             ("rule", "weekend_consecutive"))


def add(ctx: ModelContext) -> None:
    problem, model = ctx.problem, ctx.model
    weeks = problem.weeks
    tied = ctx.wants(SPLIT) and not ctx.explain
    for ev in ctx.employees:
        e = ev.employee
        worked = []
        for k in range(weeks):
            saturday, sunday = (ev.works[d] for d in problem.weekend_days(k))
            if ctx.wants(SPLIT):
                ctx.enforce(model.add(saturday == sunday), SPLIT)
            if tied:
                worked.append(saturday)
            else:
                worked.append(blocks.any_worked(model, [saturday, sunday], exact=True,
                                                name=f"weekend[{e.id},{k}]"))
        if ctx.wants(COUNT):
            ctx.enforce(model.add_linear_constraint(sum(worked), e.weekends_min,
                                                    e.weekends_max), COUNT)
        if ctx.wants(CONSECUTIVE) and e.weekend_every >= 2 and weeks >= 2:
            for k in range(weeks if weeks > 2 else 1):
                ctx.enforce(model.add(worked[k] + worked[(k + 1) % weeks] <= 1), CONSECUTIVE)
