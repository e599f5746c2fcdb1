"""Rule 4: weekly rest (AML § 10-8 (2)): in every calendar week (Monday 00:00 to the next
Monday 00:00) a continuous off-duty stretch of at least weekly_rest_hours inside the week.

A maximal free stretch starts at the week's start or at the end of some shift, so it is
enough to ask: is one of the windows [L, L + R) free, where L is the week start or the end
of a possible shift? Each candidate window gets a literal implying that every shift
overlapping it is off; one literal per week must hold. A Sunday night shift (also the last
Sunday's, wrapping round) occupies the next Monday morning.
"""

from __future__ import annotations

from functools import lru_cache

from roster.calendar import MINUTES_PER_DAY, MINUTES_PER_WEEK
from roster.problem import Problem
from solver.context import ModelContext


def candidate_windows(problem: Problem, allowed: tuple[str, ...], week: int
                      ) -> list[list[tuple[int, str | None]]]:
    """For each candidate window, the (day, code) slots that overlap it; code None means
    every allowed shift of the day overlaps (use the day's works literal)."""
    horizon, rest = problem.horizon, problem.weekly_rest
    lo, hi = week * MINUTES_PER_WEEK, (week + 1) * MINUTES_PER_WEEK
    starts = {lo}
    for d in range(problem.days):
        for code in allowed:
            _, end = problem.interval(d, code)
            for e in (end, end - horizon):
                if lo < e <= hi - rest:
                    starts.add(e)
    windows, seen = [], set()
    for start in sorted(starts):
        stop = start + rest
        slots: list[tuple[int, str | None]] = []
        first_day, last_day = start // MINUTES_PER_DAY - 2, stop // MINUTES_PER_DAY + 1
        for d_abs in range(first_day, last_day + 1):
            d = d_abs % problem.days
            offset = (d_abs - d) * MINUTES_PER_DAY
            hit = []
            for code in allowed:
                a, b = problem.interval(d, code)
                if a + offset < stop and b + offset > start:
                    hit.append(code)
            if len(hit) == len(allowed):
                slots.append((d, None))
            else:
                slots.extend((d, code) for code in hit)
        key = frozenset(slots)
        if key not in seen:
            seen.add(key)
            windows.append(sorted(slots, key=lambda s: (s[0], s[1] or "")))
    return windows


def add(ctx: ModelContext) -> None:
    if not ctx.wants(("rule", "weekly_rest")):
        return
    problem, model = ctx.problem, ctx.model
    if problem.weekly_rest <= 0:
        return
    windows = lru_cache(maxsize=None)(lambda allowed, week: candidate_windows(problem, allowed,
                                                                                week))
    for ev in ctx.employees:
        for week in range(problem.weeks):
            options = []
            for slots in windows(ev.employee.allowed, week):
                free = model.new_bool_var("")
                for day, code in slots:
                    var = ev.works[day] if code is None else ev.x[(day, code)]
                    model.add_implication(free, ~var)
                options.append(free)
            ctx.enforce(model.add_bool_or(options), ("rule", "weekly_rest"))
