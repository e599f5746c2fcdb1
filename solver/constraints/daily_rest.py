"""Rule 3: daily rest (AML § 10-8 (1)): at least daily_rest_hours from the end of a shift
to the start of the person's next shift, wrapping round the repeating roster.

Every pair of shifts (day d, day d+k) closer than the limit is forbidden. This equals the
checker's "next shift" rule: any shift in between starts earlier, so it would be closer
still and is itself forbidden."""

from solver import blocks
from solver.context import ModelContext


def forbidden_pairs(problem) -> list[tuple[str, str, int]]:
    """(first code, second code, days later) whose rest is below the limit."""
    pairs = []
    for first in problem.shifts:
        for second in problem.shifts:
            for k in range(1, 4):  # shifts are ≤ 24 h and rest ≤ 24 h, so k ≤ 3 suffices
                if problem.rest_between(first, second, k) < problem.daily_rest:
                    pairs.append((first, second, k))
    return pairs


def add(ctx: ModelContext) -> None:
    if not ctx.wants(("rule", "daily_rest")):
        return
    problem, model = ctx.problem, ctx.model
    pairs = forbidden_pairs(problem)
    n = problem.days
    for ev in ctx.employees:
        successions = [(ev.x[(d, first)], ev.x[((d + k) % n, second)])
                       for d in range(n) for first, second, k in pairs
                       if (d, first) in ev.x and ((d + k) % n, second) in ev.x]
        for constraint in blocks.forbid_pairs(model, successions):
            ctx.enforce(constraint, ("rule", "daily_rest"))
