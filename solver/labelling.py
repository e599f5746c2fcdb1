"""Exact pricing by dynamic programming over one employee's days (Curtois benchmark).

The pricing problem of the column generation asks for one employee's legal schedule of
least reduced cost. It is a shortest path over the days whose state is everything the
rules remember: the rotation class of yesterday's shift or a day off (rule 2, rotation;
rules 5–7, runs), how long the current run of work or of days off is and whether it has met
its minimum (a run that touches day 0 is exempt, and so is one that touches the last day:
every end is accepted), the minutes worked so far (rule 4, in units of the shift lengths'
greatest common divisor), the count of each shift type whose cap can bind (rule 3) and the
weekends worked (rule 8); on a fixed day off (rule 9) only "off" is open. Labels are the
states reached on each day with their least cost, so the optimum is exact and is its own
lower bound. The rules are those of roster.curtois (the scorer) and of
solver.curtois.add_schedule (the CP-SAT model); tests/solver/test_labelling.py holds the
search against both.

Shifts that no rule tells apart (the same rotation class, forbidden after the same classes,
the same length, no binding cap) are one choice a day, priced at the cheapest of them. A
label is dropped when the same state with one fewer capped shift or weekend, or with its
run's minimum met, costs no more; a capped count (or the weekends) that can no longer
reach its limit, with every later day that allows the shift worked and the minutes
allowing, is stored as 0, so labels that differ only there are one. An employee with more
than MAX_STATES states
(MAX_STATES_LONG on horizons longer than SHORT_HORIZON) keeps the CP-SAT pricing
(``LabellingPricing.build`` returns None), and a pricing that needs too many labels raises
Overflow (the caller then falls back to CP-SAT).

The search is compiled with numba (nogil, so pricing threads run at once; cached beside
the module after the first compile, about 3.5 s; warm_up() does it ahead of a clock).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

from roster.curtois import Employee, Instance, ShiftType

MAX_LABELS = 2_000_000
"""Labels one pricing may create over the horizon (25 bytes each); more raise Overflow."""

MAX_DAY_LABELS = 1 << 17
"""Labels one day may hold (its hash table has twice as many slots, cleared per day)."""

MAX_STATES = 1_000_000
"""build() gives up on an employee with more states than this (LabellingPricing.states) on
a horizon of at most SHORT_HORIZON days. With random costs on Instance8, CP-SAT's pricing
takes about 10 ms; the dynamic program took 4–5 ms for its largest employees (585 000–
682 500 states; 25–49 ms before counts that can no longer reach their cap were stored as 0)
and 6–7 ms on Instance10's (323 640)."""

MAX_STATES_LONG = 15_000_000
"""The same on longer horizons, where CP-SAT's pricing is far slower (0.5–5 s at random
costs on 56–168 days): on the 56-day stand-ins employees with 2.3–2.7 million states took
150–240 ms, and three of Instance5 × 2's sixteen (315 462 states, 14–19 ms) kept the
CP-SAT pricing under MAX_STATES, which slowed its rounds so that the column generation
gave up (USEFUL_ROUNDS) and the roster ended at 2 316–2 700 instead of about 2 110.
3 million until the twenty-fifth session: then the three employees of Instance8 × 2 cut to
42 days with 3.3–3.9 million states (three binding caps) kept CP-SAT, 150–900 ms a pricing
at random costs against 21–173 ms here, and the slowest set the pace of every round. Its
column generation took 10.8–12.0 s with them labelled against 17.0–18.3 s (47–51 rounds
either way), so its dive fits on a machine half again as slow. On 56 days (Instance8 × 2)
the same three have 12–14 million states: 95–250 ms against 1.4–3.7 s."""

SHORT_HORIZON = 28

COMPLETION_MAX_DAYS = 56
"""solve(upper=…) prunes by the completion bound on horizons longer than SHORT_HORIZON up
to this many days (the held-out Instances 14–17 are 42 and 56 days long). There the
column generation's pricing took half the time: on the 56-day stand-in Instance8 × 2,
76 rounds in the 36 s where 41 fitted before (30–67 ms a pricing against 60–175 ms), and
its column generation converged (LP 2 566.01, bound 2 566) where it had stopped at LP
2 573–2 597 with the bound at 2 467–2 539; on the 42-day 8x2d42 it converged in 8.9 s
against 14.0 s. On 364 days the stand-ins take the greedy path, whose many small pricings
paid more for the table than the pruning saved (8x13's greedy roster took 15.4 s against
6.8 s)."""

COMPLETION_MAX_ENTRIES = 2_000_000
"""... and only when its table (days × the states of the rotation class, run, run-minimum
flag and minutes) has at most this many entries (16 MB)."""


def held(coefficients: dict[tuple[int, str], int], decisions: dict[tuple[int, str], bool]
         ) -> tuple[dict[tuple[int, str], int], int]:
    """``coefficients`` with each decision (day, shift) → worked or not held by a cost
    ``big`` (returned too), so that every schedule that breaks a decision costs more than
    every one that keeps them all: ``big`` exceeds the spread of any two schedules'
    values. A schedule keeping them is worth its value less big × (decisions worked)."""
    if not decisions:
        return coefficients, 0
    big = 1 + 2 * sum(abs(value) for value in coefficients.values())
    steered = dict(coefficients)
    for key, on in decisions.items():
        steered[key] = steered.get(key, 0) + (-big if on else big)
    return steered, big


def warm_up() -> None:
    """Compile the search and the completion bound now, before any solve's clock starts.
    The first compile after installation took 3.5 s (later processes load it from the
    cache beside the module in 0.15 s), and a solve that pays it loses that much of its
    time: with the cache cleared before each run, the first 3.7 s block of a
    364-day stand-in's block search (Instance8 × 13) spent all its time compiling and
    kept the greedy roster's block in all four runs, which ended at 30 590–42 385 (median
    34 312) against 25 989–37 351 (median 26 899) over twelve runs with the cache warm."""
    days = SHORT_HORIZON + 7  # long enough for the completion bound
    employee = Employee("E", {}, 480 * days, 0, days, 1, 1, days // 7)
    instance = Instance("warm-up", days, {"D": ShiftType("D", 480, ())}, (employee,),
                        (), (), ())
    pricing = LabellingPricing.build(instance, employee)
    assert pricing is not None
    pricing.solve({(d, "D"): -1 for d in range(days)}, upper=0)


class Overflow(Exception):
    """A pricing needed more labels than MAX_LABELS or MAX_DAY_LABELS."""


INF = np.iinfo(np.int64).max // 4


@dataclass
class LabellingPricing:
    """One employee's pricing tables: choices (groups of interchangeable shifts) and the
    state space's shape."""

    employee: Employee
    groups: list[tuple[str, ...]]
    """Each choice's shifts (interchangeable by every rule)."""
    allowed: np.ndarray
    """allowed[d, g]: group g may be worked on day d (one of its shifts is allowed)."""
    group_class: np.ndarray
    """The rotation class of each group (its shifts' cannot-follow set)."""
    moves: np.ndarray
    """moves[last, run, ok, g + 1]: after a day whose state is (last, run, ok), the run and
    run-minimum flag of a day of group g (g = −1: a day off) as run · 2 + ok, −1 where
    the rules forbid it (_moves); any day but the first."""
    units: np.ndarray
    """Each group's length in units of ``unit`` minutes."""
    cap_slot: np.ndarray
    """Each group's capped-count dimension, −1 when no cap binds."""
    caps: np.ndarray
    """Per capped dimension, the cap."""
    saturday: np.ndarray
    sunday: np.ndarray
    params: np.ndarray
    """max_consecutive, min_consecutive, min_days_off, min_units, max_units, max_weekends
    (−1 when it cannot bind), classes."""
    shape: tuple[int, ...]
    states: int
    """An upper bound on the distinct states a day may hold."""

    @classmethod
    def build(cls, instance: Instance, e: Employee) -> LabellingPricing | None:
        """The tables, or None when the state space is larger than MAX_STATES (or
        MAX_STATES_LONG beyond SHORT_HORIZON days)."""
        days = instance.days
        usable = [s for s in instance.shifts if e.may_work(s)]
        allowed_days = {s: [d for d in range(days) if s in instance.allowed(e, d)]
                        for s in usable}
        classes: list[frozenset[str]] = []
        for s in usable:
            follow = frozenset(instance.shifts[s].cannot_follow)
            if follow not in classes:
                classes.append(follow)

        unit = 0
        for s in usable:
            unit = math.gcd(unit, instance.shifts[s].minutes)
        unit = unit or 1

        def capped(s: str) -> bool:
            """The cap can bind: the days and the minutes allow more such shifts."""
            minutes = instance.shifts[s].minutes
            most = min(len(allowed_days[s]),
                       e.max_minutes // minutes if minutes else days)
            return e.max_shifts.get(s, days) < most
        # Interchangeable shifts: the same class, forbidden after the same classes, the
        # same length and no binding cap; a capped shift is a group of its own.
        groups: dict[tuple, list[str]] = {}
        for s in usable:
            follow = frozenset(instance.shifts[s].cannot_follow)
            key = (classes.index(follow),
                   tuple(s in c for c in classes),
                   instance.shifts[s].minutes,
                   s if capped(s) else None)
            groups.setdefault(key, []).append(s)
        keys = list(groups)
        n_groups = len(keys)
        capped_groups = [g for g, key in enumerate(keys) if key[3] is not None]
        cap_slot = np.full(n_groups, -1, dtype=np.int64)
        caps = np.zeros(len(capped_groups), dtype=np.int64)
        for slot, g in enumerate(capped_groups):
            cap_slot[g] = slot
            caps[slot] = e.max_shifts[keys[g][3]]
        allowed = np.zeros((days, n_groups), dtype=np.bool_)
        for g, key in enumerate(keys):
            for s in groups[key]:
                allowed[allowed_days[s], g] = True
        forbidden = np.array([[key[1][c] for key in keys] for c in range(len(classes))],
                             dtype=np.bool_).reshape(len(classes), n_groups)
        saturday = np.zeros(days, dtype=np.bool_)
        sunday = np.zeros(days, dtype=np.bool_)
        for w in range(instance.weeks):
            sat, sun = instance.weekend_days(w)
            saturday[sat] = sunday[sun] = True
        max_units = e.max_minutes // unit
        min_units = -(-e.min_minutes // unit)
        # A limit of as many weekends as the horizon has never binds: no count (−1).
        max_weekends = e.max_weekends if e.max_weekends < instance.weeks else -1
        run_length = max(e.max_consecutive, e.min_days_off, 1) + 1
        shape = (len(classes) + 1, run_length, 2, max_units + 1,
                 *(int(c) + 1 for c in caps), max(max_weekends, 0) + 1)
        group_units = [key[2] // unit for key in keys]
        # The minutes and the capped counts together: with u units worked, a count is at
        # most what u holds, and it is kept (not stored as 0) only while the units left
        # allow it to reach its cap (see _search).
        joint = sum(math.prod(min(int(cap), u // group_units[g], (max_units - u)
                                  // group_units[g]) + 1 if group_units[g] else int(cap) + 1
                              for cap, g in zip(caps, capped_groups))
                    for u in range(max_units + 1))
        states = math.prod(shape[:3]) * joint * shape[-1]
        limit = MAX_STATES if days <= SHORT_HORIZON else MAX_STATES_LONG
        if states > limit or max_units < 0 or n_groups > 127:
            return None
        params = np.array([e.max_consecutive, e.min_consecutive, e.min_days_off,
                           min_units, max_units, max_weekends, len(classes)],
                          dtype=np.int64)
        return cls(e, [tuple(groups[key]) for key in keys], allowed,
                   np.array([key[0] for key in keys], dtype=np.int64),
                   _moves(e, forbidden, run_length),
                   np.array(group_units, dtype=np.int64),
                   cap_slot, caps, saturday, sunday, params, shape, states)

    def solve(self, coefficients: dict[tuple[int, str], int], keep: int = 1,
              upper: int | None = None
              ) -> tuple[list[tuple[tuple[int, str], ...]], int | None]:
        """Up to ``keep`` legal schedules of least Σ coefficient over their (day, shift)
        (0 for a pair not given), the best last, and that least value (None and no
        schedule when none is legal).

        ``upper``, the value of a legal schedule at these coefficients (the last one
        found), lets the search drop every label that cannot end at or below it (see
        _completion): the least value and its schedule are the same, but the schedules
        before it are only those at most ``upper``. Only on horizons longer than
        SHORT_HORIZON and at most COMPLETION_MAX_DAYS days, and when the completion
        table has at most COMPLETION_MAX_ENTRIES entries."""
        days, n_groups = self.allowed.shape
        cost = np.full((days, n_groups), INF, dtype=np.int64)
        pick: dict[tuple[int, int], str] = {}
        for g, group in enumerate(self.groups):
            for d in map(int, np.flatnonzero(self.allowed[:, g])):
                # Rule 9 takes whole days away, so each shift of the group is allowed.
                for s in group:
                    value = coefficients.get((d, s), 0)
                    if value < cost[d, g]:
                        cost[d, g] = value
                        pick[(d, g)] = s
        shape = np.array(self.shape, dtype=np.int64)
        prefix = int(np.prod(shape[:4]))
        if (upper is not None and SHORT_HORIZON < days <= COMPLETION_MAX_DAYS
                and days * prefix <= COMPLETION_MAX_ENTRIES):
            to_go = _completion(cost, self.group_class, self.moves, self.units,
                                self.params, shape)
            bound = int(upper)
        else:
            to_go, bound = np.zeros((days, 1), dtype=np.int64), INF
        values, choices, overflow = _search(
            cost, self.group_class, self.moves, self.units, self.cap_slot, self.caps,
            self.saturday, self.sunday, self.params, shape,
            keep, min(MAX_LABELS, days * self.states), min(MAX_DAY_LABELS, self.states),
            to_go, bound)
        if overflow:
            raise Overflow
        if len(values) == 0:
            return [], None
        schedules = [tuple((d, pick[(d, int(g))]) for d, g in enumerate(choices[k])
                           if g >= 0)
                     for k in range(len(values) - 1, -1, -1)]  # the best last
        return schedules, int(values[0])


def _moves(e: Employee, forbidden: np.ndarray, run_length: int) -> np.ndarray:
    """The moves table (LabellingPricing.moves) from the rules: a day off ends a run of
    work only once it has met its minimum, and a run of days off counts up to
    max(min_days_off, 1) and has met its minimum there (rule 7); a day of work follows a
    run of days off only once that has met its minimum, and a run of work only below
    max_consecutive and when its group may follow that class (rules 2, 5 and 6). The one
    place _search and _completion take their moves from."""
    classes, n_groups = forbidden.shape
    off = classes
    off_cap = max(e.min_days_off, 1)
    moves = np.full((classes + 1, run_length, 2, n_groups + 1), -1, dtype=np.int64)
    for last in range(classes + 1):
        for run in range(run_length):
            for ok in range(2):
                if last == off:
                    off_run = min(run + 1, off_cap)
                    off_ok = ok == 1 or off_run >= e.min_days_off
                    moves[last, run, ok, 0] = 2 * off_run + off_ok
                elif ok == 1:
                    moves[last, run, ok, 0] = 2 + (e.min_days_off <= 1)
                for g in range(n_groups):
                    if last == off:
                        if ok == 1:
                            moves[last, run, ok, g + 1] = 2 + (e.min_consecutive <= 1)
                    elif run < e.max_consecutive and not forbidden[last, g]:
                        moves[last, run, ok, g + 1] = 2 * (run + 1) + (
                            ok == 1 or run + 1 >= e.min_consecutive)
    return moves


@njit(cache=True, nogil=True)
def _completion(cost, group_class, moves, units, params, shape):  # pragma: no cover - compiled; tested via solve()
    """A lower bound on the cost still to come: to_go[d, p] is the least cost of days
    d + 1 … end from a label of day d whose rotation class, run, run-minimum flag and
    minutes (its key's leading dimensions, p = key // stride of the minutes) are those of
    p, by the same moves as _search but without the capped counts and the weekends
    (rules 3 and 8 relaxed), so never more than any legal completion costs. INF where no
    completion reaches the minimum of minutes."""
    min_units, max_units, off = params[3], params[4], params[6]
    days, n_groups = cost.shape
    n_last, run_length, n_units = shape[0], shape[1], shape[3]
    size = n_last * run_length * 2 * n_units
    to_go = np.full((days, size), INF, dtype=np.int64)
    for u in range(min_units, n_units):
        for p in range(u, size, n_units):
            to_go[days - 1, p] = 0  # every end is legal once its minutes reach the minimum
    for d in range(days - 2, -1, -1):
        nxt = d + 1
        for last in range(n_last):
            for run in range(run_length):
                for ok in range(2):
                    base = ((last * run_length + run) * 2 + ok) * n_units
                    for u in range(n_units):
                        best = INF
                        move = moves[last, run, ok, 0]
                        if move >= 0:  # a day off
                            best = to_go[nxt, (off * run_length * 2 + move) * n_units + u]
                        for g in range(n_groups):
                            c = cost[nxt, g]
                            move = moves[last, run, ok, g + 1]
                            if c >= INF or u + units[g] > max_units or move < 0:
                                continue
                            rest = to_go[nxt, (group_class[g] * run_length * 2 + move)
                                         * n_units + u + units[g]]
                            if rest < INF and c + rest < best:
                                best = c + rest
                        to_go[d, base + u] = best
    return to_go


@njit(cache=True, nogil=True)
def _search(cost, group_class, moves, units, cap_slot, caps, saturday, sunday,
            params, shape, keep, capacity, day_capacity, to_go, upper):  # pragma: no cover - compiled; tested via solve()
    """Labels day by day: each day's reachable states (a mixed-radix index over
    ``shape``) with their least cost, the label before and the group chosen (−1: off).
    Returns the ``keep`` cheapest legal ends' costs and choices, or no end and
    overflow = True when more than ``capacity`` labels were needed (``day_capacity`` on
    one day). With ``upper`` below INF, a label whose cost plus its completion bound
    (``to_go``, _completion) exceeds ``upper`` is not kept: no end at or below ``upper``
    goes through it."""
    max_consecutive = params[0]
    min_units, max_units, classes = params[3], params[4], params[6]
    days, n_groups = cost.shape
    n_dims = shape.shape[0]
    strides = np.ones(n_dims, dtype=np.int64)
    for k in range(n_dims - 2, -1, -1):
        strides[k] = strides[k + 1] * shape[k + 1]
    n_caps = caps.shape[0]
    off = classes  # the "last" index of a day off
    s_last, s_run, s_ok, s_units = strides[0], strides[1], strides[2], strides[3]
    s_week = strides[n_dims - 1]
    max_weekends = params[5]  # −1: weekends are not counted
    best_units = 0
    for g in range(n_groups):
        best_units = max(best_units, units[g])
    # A capped count or the weekends that can no longer reach their limit (even with
    # every later day that allows it worked, and the minutes allowing) never bind again:
    # such a count is stored as 0, so that labels which differ only there are one label.
    # later[d, g]: the days after d on which group g is open; weekends_after[d]: the
    # weekends with a day after d.
    later = np.zeros((days, n_groups), dtype=np.int64)
    for d in range(days - 2, -1, -1):
        for g in range(n_groups):
            later[d, g] = later[d + 1, g] + (1 if cost[d + 1, g] < INF else 0)
    weekends_after = np.zeros(days, dtype=np.int64)
    for d in range(days - 2, -1, -1):
        weekends_after[d] = weekends_after[d + 1] + (1 if sunday[d + 1] or (
            saturday[d + 1] and (d + 2 >= days or not sunday[d + 2])) else 0)
    cap_group = np.zeros(n_caps, dtype=np.int64)
    for g in range(n_groups):
        if cap_slot[g] >= 0:
            cap_group[cap_slot[g]] = g
    keys = np.empty(capacity, dtype=np.int64)
    values = np.empty(capacity, dtype=np.int64)
    before = np.empty(capacity, dtype=np.int64)
    chosen = np.empty(capacity, dtype=np.int8)
    size = 1
    while size < 2 * day_capacity:
        size *= 2
    mask = size - 1
    table = np.full(size, -1, dtype=np.int64)
    first = 0  # the current day's labels are [first, count)
    count = 0
    counts = np.zeros(n_caps, dtype=np.int64)
    overflow = False
    for d in range(days):
        day_first = count
        if d == 0:
            # Every run that starts on day 0 touches the horizon's edge, so it is exempt
            # from its minimum (ok = 1); a virtual label stands for "before the horizon".
            n_sources = 1
        else:
            n_sources = day_first - first
        left = days - d
        for source in range(n_sources):
            if d == 0:
                origin = -1
                here = 0
                last, run, ok, u, weekends = off, 0, 1, 0, 0
                for k in range(n_caps):
                    counts[k] = 0
            else:
                origin = first + source
                here = values[origin]
                if here >= INF:
                    continue
                rest = keys[origin]
                last = rest // s_last
                rest -= last * s_last
                run = rest // s_run
                rest -= run * s_run
                ok = rest // s_ok
                rest -= ok * s_ok
                u = rest // s_units
                rest -= u * s_units
                for k in range(n_caps):
                    counts[k] = rest // strides[4 + k]
                    rest -= counts[k] * strides[4 + k]
                weekends = rest
                # Too few minutes even working every day left: no legal end.
                if u + left * best_units < min_units:
                    continue
            for g in range(-1, n_groups):
                if g == -1:  # a day off
                    if d == 0:
                        new_run, new_ok = 1, 1
                    else:
                        move = moves[last, run, ok, 0]
                        if move < 0:
                            continue
                        new_run, new_ok = move >> 1, move & 1
                    target = off * s_last + new_run * s_run + new_ok * s_ok
                    new_units, new_weekends, slot = u, weekends, -1
                    total = here
                else:
                    c = cost[d, g]
                    if c >= INF or u + units[g] > max_units:
                        continue
                    if d == 0:
                        if max_consecutive < 1:
                            continue
                        new_run, new_ok = 1, 1
                    else:
                        move = moves[last, run, ok, g + 1]
                        if move < 0:
                            continue
                        new_run, new_ok = move >> 1, move & 1
                    target = group_class[g] * s_last + new_run * s_run + new_ok * s_ok
                    new_units, new_weekends = u + units[g], weekends
                    if max_weekends >= 0 and (saturday[d] or (sunday[d] and last == off)):
                        if weekends + 1 > max_weekends:
                            continue
                        new_weekends += 1
                    slot = cap_slot[g]
                    if slot >= 0 and counts[slot] + 1 > caps[slot]:
                        continue
                    total = here + c
                target += new_units * s_units
                if upper < INF:
                    rest = to_go[d, target // s_units]
                    if rest >= INF or total + rest > upper:
                        continue
                if max_weekends >= 0 and new_weekends + weekends_after[d] > max_weekends:
                    target += new_weekends * s_week
                for k in range(n_caps):
                    n = counts[k] + (1 if k == slot else 0)
                    h = cap_group[k]
                    room = later[d, h]
                    if units[h] > 0:
                        room = min(room, (max_units - new_units) // units[h])
                    if n + room > caps[k]:
                        target += n * strides[4 + k]
                # Find or add the target's label.
                cell = _slot(table, keys, target, mask)
                position = table[cell]
                if position < 0:
                    if count >= capacity or count - day_first >= day_capacity:
                        overflow = True
                        break
                    table[cell] = position = count
                    keys[position] = target
                    values[position] = INF
                    count += 1
                if total < values[position]:
                    values[position] = total
                    before[position] = origin
                    chosen[position] = g
            if overflow:
                break
        if overflow:
            return np.empty(0, dtype=np.int64), np.empty((0, days), dtype=np.int64), True
        # Drop dominated labels: the same state but for one fewer shift of a capped type,
        # one fewer weekend, or its run's minimum already met, at no higher cost, leaves
        # every continuation open at no more cost (exact; chains are not followed).
        # (The minutes, dimension 3, bind both ways and take no part.)
        for position in range(day_first, count):
            key = keys[position]
            here = values[position]
            for dim in range(4, n_dims):
                if (key // strides[dim]) % shape[dim] == 0:
                    continue
                other = table[_slot(table, keys, key - strides[dim], mask)]
                if other >= 0 and values[other] <= here:
                    values[position] = INF
                    break
            if values[position] < INF and (key // s_ok) % 2 == 0:
                other = table[_slot(table, keys, key + s_ok, mask)]
                if other >= 0 and values[other] <= here:
                    values[position] = INF
        # Empty the table for the next day, the latest label first: a label's probe
        # chain runs only over slots of labels added before it, so it stays intact.
        for position in range(count - 1, day_first - 1, -1):
            table[_slot(table, keys, keys[position], mask)] = -1
        first = day_first
    # Every end is legal once its minutes reach the minimum (runs that touch the last
    # day are exempt); the cheapest ``keep`` ends, traced back.
    ends = np.empty(count - first, dtype=np.int64)
    n_ends = 0
    for position in range(first, count):
        if values[position] < INF and (keys[position] % s_ok) // s_units >= min_units:
            ends[n_ends] = position
            n_ends += 1
    ends = ends[:n_ends]
    order = np.argsort(values[ends], kind="mergesort")[:keep]
    result = np.empty(order.shape[0], dtype=np.int64)
    choices = np.full((order.shape[0], days), -1, dtype=np.int64)
    for k in range(order.shape[0]):
        position = ends[order[k]]
        result[k] = values[position]
        for d in range(days - 1, -1, -1):
            choices[k, d] = chosen[position]
            position = before[position]
    return result, choices, False


@njit(cache=True, nogil=True)
def _slot(table, keys, key, mask):  # pragma: no cover - compiled
    """The slot of the day's hash table (open addressing, linear probing) that holds
    ``key``'s label, or the empty slot where it would go."""
    h = (key * 0x9E3779B1) & mask
    while table[h] >= 0 and keys[table[h]] != key:
        h = (h + 1) & mask
    return h
