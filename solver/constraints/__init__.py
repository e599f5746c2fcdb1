"""One module per constraint family; each ``add(ctx)`` enforces one rule of
``roster.checker`` (the executable spec) and cites its source."""

from solver.constraints import (
    availability,
    consecutive_days,
    coverage,
    daily_rest,
    hours,
    weekends,
    weekly_rest,
)

ALL = (availability, coverage, daily_rest, weekly_rest, consecutive_days, weekends, hours)
