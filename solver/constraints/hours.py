"""Rules 7 and 8: hours.

7. Hours of shifts starting in one calendar week ≤ max_weekly_hours (AML § 10-5: 48 h
   averaged, 54 h at most in one week with the unions' agreement).
8. Hours over the turnus within ± hours_tolerance_per_week · weeks of the contracted hours,
   fte × weekly hours × weeks (HTA ch. 1 § 4: 35.5 h for turnus with every third Sunday).
"""

from solver.context import ModelContext


def add(ctx: ModelContext) -> None:
    problem, model = ctx.problem, ctx.model
    weekly, total = ("rule", "weekly_hours"), ("rule", "total_hours")
    for ev in ctx.employees:
        if ctx.wants(weekly):
            for week in range(problem.weeks):
                days = list(range(7 * week, 7 * week + 7))
                ctx.enforce(model.add(ev.minutes(problem, days) <= problem.max_weekly_minutes),
                            weekly)
        if ctx.wants(total):
            e = ev.employee
            ctx.enforce(model.add_linear_constraint(ev.minutes(problem), e.min_minutes,
                                                    e.max_minutes), total)
