"""Rule 5: at most max_consecutive_days days in a row with a shift (wrapping round); a
recovery rule the KS turnus practice and the domain notes ask for (domain §3, S80)."""

from solver import blocks
from solver.context import ModelContext


def add(ctx: ModelContext) -> None:
    if not ctx.wants(("rule", "max_consecutive")):
        return
    for ev in ctx.employees:
        for constraint in blocks.max_run(ctx.model, ev.works, ctx.problem.max_consecutive,
                                         cyclic=True):
            ctx.enforce(constraint, ("rule", "max_consecutive"))
