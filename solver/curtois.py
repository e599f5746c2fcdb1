"""The Curtois & Qu benchmark as a CP-SAT model, from the blocks the grunnturnus model uses
(solver.blocks), and ``solve()``: column generation for a lower bound and good schedules,
a dive for a first roster, the master as an integer program over the columns so far, then
CP-SAT on the whole model (a short complete search, LNS, RINS), large neighbourhood search
on the master and window search around the roster's penalties; on a long horizon of small
blocks, a greedy first roster re-solved block by block by that same pipeline (block
search); on a very large instance, or a horizon too long for the column generation, a
greedy first roster, the best response (on windows of the horizon first,
solver.window_response, then on the whole horizon) and window or subset search instead
(README, "Benchmark"; the measurements behind each stage are in
benchmarks/curtois-notes.md).
Every neighbourhood is solved as a restriction of the instance to the weeks around it
(roster.curtois.restrict).

Rules and objective: roster.curtois (the benchmark's scorer, which judges every result).
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from roster.curtois import (
    OFF,
    Assignments,
    Cover,
    Employee,
    Instance,
    Request,
    Restriction,
    daily_penalties,
    evaluate,
    restrict,
)
from solver import blocks


@dataclass
class ScheduleVars:
    """One employee's variables: x[(day, shift)] for each shift they may work that day,
    and works[day] = the sum of the day's x (rule 1: one shift a day at most)."""

    employee: Employee
    x: dict[tuple[int, str], cp_model.IntVar] = field(default_factory=dict)
    works: list[cp_model.IntVar] = field(default_factory=list)


def add_schedule(model: cp_model.CpModel, instance: Instance, e: Employee) -> ScheduleVars:
    """The variables and hard rules 1–9 of one employee (roster.curtois, README rules)."""
    sv = ScheduleVars(e)
    days = instance.days
    by_shift: dict[str, list[cp_model.IntVar]] = {s: [] for s in instance.shifts}
    # (cp_model.LinearExpr's sums rather than Python's: the same constraints, built in a
    # fraction of the time, which counts on a 364-day horizon with 150 staff.)
    for d in range(days):
        today = []
        for s in instance.allowed(e, d):  # rules 3 (n = 0) and 9: no variable at all
            sv.x[(d, s)] = var = model.new_bool_var(f"x[{e.id},{d},{s}]")
            by_shift[s].append(var)
            today.append(var)
        works = model.new_bool_var(f"works[{e.id},{d}]")
        model.add(works == cp_model.LinearExpr.sum(today))
        sv.works.append(works)
    # Rule 2: rotation (inside the horizon only); the next day's shifts exclude one
    # another by rule 1, so each shift and its forbidden successors are one at-most-one.
    followed = [(s, shift.cannot_follow) for s, shift in instance.shifts.items()
                if shift.cannot_follow]
    for d in range(days - 1):
        for s, cannot_follow in followed:
            if (d, s) not in sv.x:
                continue
            successors = [sv.x[(d + 1, t)] for t in cannot_follow if (d + 1, t) in sv.x]
            if successors:
                blocks.forbid_successors(model, sv.x[(d, s)], successors)
    # Rule 3: per-shift caps.
    for s, limit in e.max_shifts.items():
        chosen = by_shift.get(s, [])
        if len(chosen) > limit:
            model.add(cp_model.LinearExpr.sum(chosen) <= limit)
    # Rule 4: total minutes.
    model.add_linear_constraint(
        cp_model.LinearExpr.weighted_sum(
            list(sv.x.values()), [instance.shifts[s].minutes for _, s in sv.x]),
        e.min_minutes, e.max_minutes)
    # Rules 5–7: runs on an open horizon (minimum runs exempt at its ends).
    blocks.max_run(model, sv.works, e.max_consecutive, cyclic=False)
    blocks.min_run(model, sv.works, e.min_consecutive, cyclic=False)
    blocks.min_run(model, [~w for w in sv.works], e.min_days_off, cyclic=False)
    # Rule 8: worked weekends (Saturday or Sunday), bounded from above only.
    weekends = [blocks.any_worked(model, [sv.works[d] for d in instance.weekend_days(w)],
                                  exact=False) for w in range(instance.weeks)]
    if len(weekends) > e.max_weekends:
        model.add(sum(weekends) <= e.max_weekends)
    return sv


def request_costs(instance: Instance, e: Employee) -> tuple[int, dict[tuple[int, str], int]]:
    """An employee's request penalties as constant + Σ coefficient · x (an on-request costs
    its weight unless its shift is worked)."""
    constant, coefficients = 0, {}
    for r in instance.on_requests:
        if r.employee == e.id:
            constant += r.weight
            key = (r.day, r.shift)
            coefficients[key] = coefficients.get(key, 0) - r.weight
    for r in instance.off_requests:
        if r.employee == e.id:
            key = (r.day, r.shift)
            coefficients[key] = coefficients.get(key, 0) + r.weight
    return constant, coefficients


def cover_penalty(model: cp_model.CpModel, cover: Cover, on_duty: list, fixed: int = 0
                  ) -> list:
    """The objective terms of one cover line: weight_under · shortfall + weight_over ·
    surplus of the literals on duty plus ``fixed`` more who are (exact, so the value is
    the scorer's)."""
    count = sum(on_duty) + fixed
    terms = []
    if cover.weight_under and cover.requirement > fixed:
        terms.append(cover.weight_under * blocks.shortfall(model, count, cover.requirement))
    if cover.weight_over and len(on_duty) + fixed > cover.requirement:
        terms.append(cover.weight_over * blocks.surplus(model, count, cover.requirement,
                                                        len(on_duty) + fixed))
    return terms


class CurtoisModel:
    """The whole instance: every employee's schedule and the objective, exactly the
    scorer's (cover under/over as exact max(0, ·) terms).

    Given a roster, only the employees ``free`` (indices) on ``days`` instead: their
    other days are fixed at the roster's, the other employees are constants (their
    requests leave the objective, they count in cover as a fixed number) — a
    neighbourhood of the roster (solve(), subset search), whose objective is the
    instance's up to a constant."""

    def __init__(self, instance: Instance, roster: Assignments | None = None,
                 free: Collection[int] | None = None, days: Collection[int] | None = None):
        self.instance = instance
        self.roster = roster
        self.model = cp_model.CpModel()
        chosen = range(len(instance.employees)) if free is None else sorted(free)
        self.schedules = [add_schedule(self.model, instance, instance.employees[i])
                          for i in chosen]
        days = days if days is not None else range(instance.days)
        fixed: dict[tuple[int, str], int] = {}
        if roster is not None:
            for sv in self.schedules:
                row = roster[sv.employee.id]
                for (d, s), var in sv.x.items():
                    if d not in days:
                        self.model.add(var == int(row[d] == s))
            modelled = {sv.employee.id for sv in self.schedules}
            for e in instance.employees:
                if e.id not in modelled:
                    for d, s in enumerate(roster[e.id]):
                        if s != OFF:
                            fixed[(d, s)] = fixed.get((d, s), 0) + 1
        terms: list = []
        constant = 0
        for sv in self.schedules:
            c0, coefficients = request_costs(instance, sv.employee)
            constant += c0
            terms.extend(c * sv.x[key] for key, c in coefficients.items() if key in sv.x)
        for c in instance.cover:
            if c.day in days:
                terms.extend(cover_penalty(
                    self.model, c, [sv.x[(c.day, c.shift)] for sv in self.schedules
                                    if (c.day, c.shift) in sv.x],
                    fixed.get((c.day, c.shift), 0)))
        self.objective = sum(terms) + constant
        self.model.minimize(self.objective)

    def assignments(self, value: Callable[[cp_model.IntVar], int]) -> Assignments:
        result = ({} if self.roster is None
                  else {id_: list(row) for id_, row in self.roster.items()})
        for sv in self.schedules:
            row = [OFF] * self.instance.days
            for (d, s), var in sv.x.items():
                if value(var):
                    row[d] = s
            result[sv.employee.id] = row
        return result

    def hint(self, assignments: Assignments) -> None:
        self.model.clear_hints()
        for sv in self.schedules:
            row = assignments[sv.employee.id]
            for (d, s), var in sv.x.items():
                self.model.add_hint(var, row[d] == s)

    def relaxation_induced(self, assignments: Assignments,
                           lp: list[dict[tuple[int, str], float]]) -> cp_model.CpModel:
        """RINS (Danna, Rothberg & Le Pape 2005): a copy of the model with every
        variable fixed where the roster and the LP solution agree (the LP whole and equal
        to the roster's value); the search is on the rest, from the roster."""
        self.hint(assignments)
        model = self.model.clone()
        for sv, values in zip(self.schedules, lp):
            row = assignments[sv.employee.id]
            for (d, s), var in sv.x.items():
                worked, value = row[d] == s, values.get((d, s), 0.0)
                if (worked and value > 1 - AGREE) or (not worked and value < AGREE):
                    model.add(var == int(worked))
        return model


AGREE = 0.01
"""An LP value within this of 0 or 1 counts as whole."""


@dataclass
class BenchResult:
    instance: str
    status: str
    """OPTIMAL (objective = proven bound), FEASIBLE, INFEASIBLE or UNKNOWN."""
    objective: int | None
    bound: int
    wall_time_s: float
    time_to_best_s: float | None
    assignments: Assignments | None
    stages: list[tuple[str, float, int | None, int]] = field(default_factory=list)
    """(stage, seconds at its end, best objective, bound) — for the log and benchmarks."""


@dataclass(frozen=True)
class BenchOptions:
    time_limit_s: float = 60.0
    workers: int = 2
    seed: int = 0
    column_generation_share: float = 0.5
    """At most this share of the time for column generation (it stops sooner when the
    bound is as high as the LP allows) ..."""
    column_generation_overtime_share: float = 0.6
    """... unless it is nearly converged then (ColumnGeneration.run): it may go on to
    this share."""
    first_roster_share: float = 0.8
    """The greedy first roster (one schedule per employee, before the column generation)
    may take up to this share of the time (33 s of 60 with 150 staff, 364 days and 30
    shift types; well under a second on Instances 1–12): without it there is no roster."""
    dive_share: float = 0.6
    """The dive ends by this share of the time (its step is chosen to fit)."""
    dive_first_gap: float = 0.05
    """On a horizon longer than dive_first_min_days, the column generation stops, not yet
    converged, before another round would end past half of dive_share (so that the dive,
    given as long as the column generation took, fits before dive_share) once its bound
    is within this share of its LP value; 0 turns it off. Without it, Instance8 × 2
    (56 days, 30 staff) priced to 36 s for the last 1.6 % (LP 2 577 → 2 566, the bound
    2 530 → 2 566), the dive had no time, and RINS from the LP's heaviest columns ended
    seven runs (seeds 0–3) at 2 783–3 566, median 2 982; stopped at 17.6–17.7 s (bound
    2 525–2 539), the dive fixed 19–21 of 30 employees by 36 s, CP-SAT completed the
    rest, and seven runs ended at 2 625–3 097, median 2 806. The 42- and 56-day
    stand-ins whose column generation converges by then take the same path as before;
    block search's blocks (over 28 days with their context) get the stop too, with no
    clear effect (Instance8 × 3, seeds 1–2: 5 530 and 4 529 with it, 5 315 and 4 441
    without)."""
    dive_first_min_days: int = 28
    """(Instances 1–12 converge well before that time on this machine; on a slower one
    Instance12 cut short misled RINS, column_generation.NEAR_CONVERGED.)"""
    proof_share: float = 0.1
    """After the dive, at most this share of the time for CP-SAT's complete search on the
    full model (proves small instances optimal)."""
    rins_round_s: float = 5.0
    """RINS (in solve()) runs in rounds of this many seconds while they improve the
    roster; 0 turns it off (for comparisons)."""
    rins_proximity: float = 0.05
    """Each RINS round's LP solution is one near the roster: the master LP re-solved with
    this bonus per (day, shift) a column shares with it
    (ColumnGeneration.proximal_shift_values); 0: the column generation's own LP. Against
    costs of 1–100 a unit, 0.05 keeps the LP within 1.2 % of its optimum (Instance12: 4 040
    → 3 995–4 003) while it follows the roster; 0.001 barely moved it (4 039.2) and
    Instance12 ended as without (4 041, 4 240). Only after a column generation that
    converged, where it was measured to help: on longer horizons, whose LP is far from
    converged when its time is up, it was no better (the 84-day stand-in of Instance8: 6 992
    and 6 312 against 5 673, 5 989 and 6 327; 56 days with 20 staff: 2 360 and 2 257
    against 2 181 and 2 356)."""
    lp_guided_windows: bool = True
    """After a column generation that converged, window search centres on the days where
    the roster pays more than the LP's solution (excess_days), while there are any: the
    cover lines short in the LP too (Instance12: 4 000 of its optimum's 4 040) are no
    longer centres, nor the requests the LP does not grant either. Instance8, seeds 0–19,
    60 s, logged runs: 11 of 20 within 1.02 against 7 of 20 without; a cover shift better in
    seven seeds, worse in two, the same in eleven (benchmarks/curtois-notes.md, window
    search): favourable, not settled."""
    master_search_share: float = 0.65
    """Until this share of the time, large neighbourhood search on the master (re-diving
    on a random quarter of the employees); window search (around the roster's penalties) has
    the rest."""
    large_model: int = 100_000
    """An instance with more shift variables than this (employee × day × shift allowed)
    is improved by the best response and window or subset search alone, from its greedy
    first roster, with no column generation and no full model (see solve())."""
    best_response_share: float = 0.95
    """Without column generation, the greedy first roster is improved one employee at a
    time (ColumnGeneration.best_response) until this share of the time at most (it stops
    sooner when a pass gains less than 1 %); window or subset search has the rest. 364-day
    stand-ins, 60 s, 0.8 against 0.6: Instance12x13 101 864 against 114 425, 11x13s3
    200 084 against 205 891, 12x13s2 230 153 against 264 075; Instance8x13 (whose sweep
    windows are 26 days of all 30 staff) 41 228 and 47 565 against 40 566. 0.95 against 0.8
    (eighteenth session, seeds 0–2, each pair the same day): 12x13s2 201 037, 195 828,
    199 363 against 219 198, 213 644, 207 683; 11x13s3 178 321, 176 726 against 182 118,
    186 036 (seeds 0, 1); the 30-shift-type stand-in (c5) 288 138, 271 914 against 303 914,
    301 081 (seeds 0, 1); 12x13 96 275, 92 891, 91 811 against 98 126, 91 793, 94 666. Its
    passes were still gaining 1–4 % each when 0.8 stopped them (12x13: 18 s for the
    first, 9 s for each after), where the sweep's windows, 0.2 s each in the time left, found
    nothing (the sweep then ended the run; window search since, WINDOW_WEEK_VARIABLES)."""
    window_response_share: float = 0.5
    """Without column generation on a horizon longer than a window
    (solver.window_response), the best response on windows goes first, from the greedy
    roster or the LP's heaviest columns, until its passes gain less than 1 % or this
    share of the time left for the best responses; the whole horizon's best response
    goes on from it (0 turns it off). On the 364-day stand-ins it stopped by itself after
    6–8 s, except with 30 shift types, where the greedy roster took 32–33 s and this
    share stopped it after 12 s (window_response's docstring has the pairs)."""
    window_polish_share: float = 0.6
    """After block search, the best response on windows (solver.window_response) until a
    pass gains nothing or this share of the time left (0 turns it off); window or subset
    search has the rest. What it gained in the same runs (60 s, block search ending at
    54 s): 8x13 27 079 → 26 160 in 1.4 s and 26 250 → 26 038 in 1.0 s (seeds 0, 1; window
    search then gained 194 and 111 in 4.5 s, and 508 in 6 s without it), 11x6 22 631 →
    22 514 and nothing (seeds 0, 1), 8x3 nothing. The whole runs with it against without
    it are dominated by block search's spread (8x13 25 927 / 27 375, 24 498 / 28 812; 11x6
    24 026 / 23 091, 22 412 / 22 290; seeds 1, 2). After the whole horizon's best response
    (3 s left) it was no clear gain: 12x13 85 087 / 84 717, 87 496 / 84 764; 12x13s2
    185 009 / 186 062, 172 670 / 176 702. So only after block search."""
    far_from_converged: float = 0.5
    """A column generation that ends unconverged with its bound below this share of its
    LP value is given up as too slow (the best response from the LP's heaviest columns,
    then window or subset search): its LP misleads RINS and its
    pool the dive. The 168-day stand-in with 100 staff (Instance11 × 6, two copies of the
    staff) is on the edge of ColumnGeneration.run's pace test: priced (13 rounds in 30 s,
    LP 47 205, bound 106), it ended at 55 933, 57 127 and 55 316 (seeds 0, 0, 1); given up
    at once, 49 167 and 49 812; given up at 32 s by this test with the best response from
    the greedy roster, 50 407, 49 563, 49 351 and 48 950 (seeds 0, 1, 1, 2), and from the
    LP's heaviest columns (78 621 against the greedy 103 083–107 232), 44 869, 45 043 and
    44 827 (seeds 0–2; seeds 1 and 2 of both forced past the pace tests). The column
    generation of every instance 1–12 and of the other stand-ins that price converges or
    comes near it (Instance8 × 2: bound 2 542, LP 2 574)."""
    far_roster: float = 1.5
    """Without a dive (no time for one, or the greedy roster better than it) and after a
    column generation that did not converge, a roster above this multiple of the LP value
    gets the best response from the LP's rounding (its heaviest columns, or the dive's
    roster when the greedy one was better) before RINS (0 turns it off). The 28-day
    stand-in with 120 staff and 20 shift types (12x1s2c2, Instance13's shape; 22 rounds in
    30 s, LP 8 728, bound 5 339): from the heaviest columns (28 709) it answered in 0.6 s
    with 11 608, from the greedy roster (28 060–28 257) with 15 370–16 379; the runs ended
    at 10 927, 10 695 and 10 987 (seeds 0–2) against 14 620, 11 670 and 11 057 with RINS
    from the better of the two rosters (the greedy one in seed 0). Instances 1–12 never
    reach it: their column generation converges. (A converged LP's heaviest columns are
    1.5–7 times its value there, so without that condition Instance12, whose dive does not
    always fit, would take it; RINS from those columns reached its optimum in the
    thirtieth session.)"""
    restricted_master_share: float = 0.12
    """After a finished dive, at most this share of the time for the integer master over
    the columns so far, at the root, and with restricted_master_nodes at the dive's nodes
    from the deepest up (SCIP; ColumnGeneration.complete_dive). 0 turns it off. It took
    Instance8's 1 407 dive (three pricing rounds a node) to 1 308 at a node. Off from the
    twenty-first session, when the dive priced five rounds a node (dive_rounds): it found
    nothing on Instances 5–8 and 12 (seed 0: 1 147, 1 951, 1 058, 1 307, 4 053 as dived)
    in the 1.4–7.3 s it took from branch-and-price and RINS. Back at the root since the
    twenty-fourth session, with SCIP's cutting planes off
    (column_generation.MASTER_SCIP_SETTINGS): over Instance7's columns after its dive (2 012
    kept of 3 312, from 1 058) SCIP with cuts found nothing in 40 s, without them the
    optimum 1 056 in 4.4 s, where branch-and-price and SCIP over its pool took until
    51–57 s (or ended at 1 057). Instance5: 1 147 → 1 144 in 0.8 s."""
    complete_open_share: float = 0.12
    """After a dive cut short, at most this share of the time for completing its open
    employees (complete_open)."""
    restricted_master_columns: float = 0.75
    """... at the root only when the reduced-cost filter keeps at most this share of the
    columns (the roster close to the bound). After the dives of the twenty-fourth session
    (seed 0), Instances 5, 6 and 7 kept 70 %, 39 % and 61 % (0.8, 0.4 and 4.4 s; 1 144,
    1 951 as dived, 1 056); Instances 8, 10 and 12 kept 87 %, 97 % and 94 %, and SCIP,
    cut short at 20 s, found nothing on any of them. (0.6 until then: with three rounds
    a dive node, Instances 7 and 8 kept 84 % and 100 % and gained nothing in 30 s.)"""
    restricted_master_nodes: bool = False
    """... and when the root is skipped or cut short, the integer master at the dive's
    nodes from the deepest up. Not by default: on Instance8 (seed 0) the walk took 7.3 s
    and found nothing (the run ended at 1 305 as without it)."""
    dive_rounds: int = 5
    """Pricing rounds at each node of the dive (ColumnGeneration.dive) on a horizon of at
    most dive_rounds_max_days. Five against three (60 s, seed 0 unless said): the dives of
    Instances 5–8 end at 1 147, 1 951, 1 058 and 1 307 against 1 147, 1 951, 1 062 and
    1 407 (Instance8's basin, left only by a second dive); Instance6 then reaches its
    optimum 1 950 by branch-and-price and proves it in 3–4 s (seeds 0–2; 1 951 in every run
    with three), and Instance5 proves 1 143 (by 29–38 s; its best at 7.9 s median over
    seeds 0–2 in the benchmark, 57 s with three). Ten rounds for every dive was worse
    (redive_rounds)."""
    dive_rounds_max_days: int = 28
    """... and long_dive_rounds on a longer horizon: with five rounds the dive of the
    56-day stand-in with 20 staff (Instance7 × 2) no longer finished (cut short at 36 s,
    5 of 20 employees open; runs 2 216, 2 219, 2 221) where with three it finished at
    22–30 s (runs 2 128, 2 134). Fewer rounds only from halfway through the dive's time, or
    once the pace of employees fixed fell behind, did not save it (2 132, 2 225, 2 125):
    its path differs from the first steps."""
    skip_proof_when_pressed: bool = True
    """A finished dive that had to grow its steps to meet its deadline (the instance is
    large for the time: ColumnGeneration.dive_grew) goes to RINS at once, as a roster
    rounded from the LP does, without the complete search and the LNS before RINS (about
    12 s). On Instance12 those two never gained; RINS from the dive did. Instance12, seeds
    0–2, with the exact count (exact_count_max_days): 4 040 in all three, proven at
    34–39 s (dives 4 073, 4 073, 4 165); without this, 4 040, 4 043, 4 040 and one
    benchmark run at 4 146 (1.026). This alone, with the logarithmic count: 4 050, 4 044,
    4 040 (dives 4 159, 4 206, 4 054: RINS rounds cut at 5 s). Instances 5–8, 10 and 11
    dive well within their deadline; Instance9's dive is cut short at its deadline either
    way (then neither of the two runs) and reached its optimum 439 (seed 0). Of the long
    stand-ins, Instance7 × 2 and Instance10 × 2 cut to 42 days dive pressed too: 2 122 and
    7 159 (proven optimal) in the long table, against 2 134 and 7 167 before."""
    exact_count_max_days: int = 28
    """On a horizon of at most this many days the dive grows its step to meet its deadline
    by the exact count of steps a share takes (column_generation.steps_to_fix), not by
    ln n / −ln(1 − q), which counts about twice as many (a step fixes at least one
    employee): its steps stay smaller for longer. Instance12 (60 s, seeds 0–2): dives
    4 062–4 185; with skip_proof_when_pressed, runs at 4 040 in five of seven and 4 041 in
    the others; with the logarithmic count 4 040 in three runs of ten (dives 4 054–4 276,
    runs up to 4 248). On the 56-day stand-in with 20 staff
    (Instance7 × 2) the exact count fixed one employee a step instead of two and its dive
    was cut short in three runs of three (2 225–2 324 against 2 134–2 219): there the
    logarithmic count's margin is what keeps the dive within its deadline."""
    long_dive_rounds: int = 3
    """(column_generation.NODE_ROUNDS, every dive's rounds before the twenty-first
    session.)"""
    redive_gap: float = 0.02
    """A finished dive whose roster is more than this share above the bound dives once more
    (ColumnGeneration.dive_again), pricing each node up to redive_rounds rounds, when it
    fits before its deadline (redive_share); the better roster is kept."""
    redive_rounds: int = 10
    redive_max_days: int = 28
    """... on a horizon of at most this many days. Beyond, the second dive (ten rounds a
    node) took 2.3–2.7 times the first (0.8 times on Instance8) and the time
    branch-and-price would have had: Instance5 × 2 (56 days), seeds 0, 2, 3, ended at
    1 944, 1 947, 2 012 without it against 2 022, 2 030, 2 012 with it (the second dive
    from 7–9 s to 24–31 s: 2 364 → 2 245, 2 348 → 2 132, 2 033 → 2 033; without it
    branch-and-price took 2 150 to 1 945). Instance7 × 2, seeds 0–2: the second dive ran
    26–28 s and gained nothing; seeds 1, 2 ended at 2 123, 2 124 without it against
    2 222, 2 136 with it. Instance8 × 2 cut to 42 days gained nothing in one run (18.8 s
    to 45.2 s) and once gained (seed 3: 1 737 → 1 700, the run 1 695)."""
    redive_share: float = 0.75
    """The second dive's deadline, a share of the time."""
    redive_fit: float = 2.0
    """... and it fits when at least this many times the first dive's time is left before
    that deadline. Before jumps were confirmed (ColumnGeneration._jumped) Instance8's
    second dive took 2.0–2.2 times its first (five runs: 15–20 s against 7–9 s), so 2.5;
    since, its first dive takes 9.2–11.3 s and the second 0.82–0.85 times that. With 2.5
    a dive ending at 13 s had 3.75 s to spare, and seed 2 ended at 1 394 in one benchmark
    process (the first dive's 1 407 basin; 1 305 alone and in a replica of that process:
    not traced, a slower dive failing the test is the likely cause). Instance12's second
    dive, where the first ends far off, took 1.66 times its first (confirmed jumps with
    growing steps, a fit of 1.5: cut short at its deadline, no better, the run 4 175),
    hence not lower."""
    branch_and_price_share: float = 0.5
    """After a finished dive (and the restricted master, when it runs), branch-and-price
    (ColumnGeneration.branch_and_price) from the best roster until this share of the
    time, ..."""
    branch_and_price_extended_share: float = 0.8
    """... and until this share once it has found a better roster. Instance5, seeds 0–2,
    with 0.8 for every search: 1 143 in all three (its nodes found 1 143–1 144 by 48 s),
    against 1 145 in all five runs with 0.5 (the logged one's nodes found 1 145 by 30 s);
    but Instance10 (seed 0) 4 643 against its optimum 4 631: its nodes found nothing in
    106, and the stages after them, which reached 4 631 at about 50 s, had 12 s left."""
    branch_and_price_close_gap: int = 4
    """A roster at most this many units above the bound after a finished dive has
    branch-and-price until branch_and_price_share, not extended, and then the integer
    master over every column priced so far (ColumnGeneration.restricted_master, reduced-
    cost filtered) until pool_master_share: with so few values between roster and bound the
    filter keeps few columns, and SCIP is exact over them. Instance7 (the dive 1 058, bound
    1 055): the nodes found 1 057 at best (at 28–42 s of 48, seeds 0–2; 581 nodes in 150 s
    found no better), SCIP over the pool after them 1 056, its optimum (below). Not wider:
    Instance8 (1 307, bound 1 297) given 48 s of nodes ended at 1 306 and 1 307 (seeds 0,
    1) against 1 305 from the weekend and complete searches; nor as a share (0.5 % of the
    bound): the 42-day stand-in with 40 staff (7 181, bound 7 159) spent 29 s on 31 nodes
    and found nothing."""
    pool_master_share: float = 0.95
    """... SCIP over the pool until this share of the time. Instance7, 60 s, with nodes until
    half the time: 1 056 in six runs of six (seeds 0–2 twice; SCIP over 4 000–4 573 columns
    for 18–27 s, once cut short after finding it). The nodes' deadline as a share, runs:
    0.1, 1 056 in four of five (SCIP over 2 479–2 650 columns, proved optimal over them in
    15–28 s; the fifth cut short at 1 058); 0.2, three of five (one each at 1 057 and
    1 058); 0.35, one of two; 0.6, two of two. SCIP's time follows the pool, not its size
    alone."""
    late_master_share: float = 0.07
    """After the neighbourhood search on the master, at most this share of the time for
    the integer master once more, over every column so far (the dive's, the node
    pricings', the neighbourhood search's and the roster's) with the best roster as its
    start: the reduced-cost filter is tighter now that the roster is closer to the bound.
    Instance5, seeds 0–3: 1146 → 1144 in 1–2 s with 1 203–1 364 columns kept (then
    window search 1143) in three; in the fourth SCIP did not finish 876 in 4 s."""
    late_master_columns: int = 1500
    """... only when at most this many columns are kept: SCIP did not finish Instance7's
    3 549 or Instance12's 6 057 in 8 s (nor Instance6's 1 000–1 100 in 4–8 s)."""
    early_weekend_days: int = 28
    """After a dive that did not finish on a horizon longer than this many days, the
    weekend search comes right after the open employees are completed (or after the LP's
    heaviest columns, when no dive fitted: not measured, none of the runs took it),
    before RINS (on shorter ones after it: Instance9 in solve()). Instance8 × 2 (56 days;
    its dive is cut short at 36 s in every run), seeds 0–4, each pair in the same hour:
    2 889, 2 903, 2 818, 2 904, 2 795 against 2 902, 2 995, 3 088, 3 109, 3 090 with RINS
    first. (Seed 0: the weekend search 3 299 → 3 198 in 9 s, then one RINS round 2 889.)"""
    complete_open: bool = True
    """A dive cut short by its deadline: CP-SAT completes the employees it left open
    (complete_employees, the complete_open_share of the time at most) instead of the
    restricted master over the columns at its nodes. Instance12 with the dive's deadline
    at 24 s (the benchmark's process cuts its dive short): 9 open, 7 006 → 4 051 in 7 s,
    the run ending at the optimum 4 040, where SCIP at the deepest node (56 fixed, 2 075
    columns) was cut short at 5 278 → 4 370 and the run ended at 4 045; 5 open, 5 089 →
    4 064 (run: 4 041), against SCIP 4 578 → 4 377 (run: 4 045) and 4 593 → 4 398 (run:
    4 042). 56-day stand-ins: Instance7 × 2, 5 open, 4 770 → 2 330 (run 2 319) against
    SCIP 3 854 → 3 143 (run 2 514); Instance5 × 2, 2 955 → 2 044 (run 1 947) against
    3 264 → 2 148 (run 1 945)."""
    block_search: bool = True
    """A long horizon of small blocks (block_days_of) is solved block by block from its
    greedy roster (block_search) instead of by the column generation or the best
    response."""
    block_search_share: float = 0.9
    """... until this share of the time; window or subset search has the rest."""
    log: Callable[[str], None] | None = None
    cp_sat: tuple[tuple[str, object], ...] = ()
    """Extra CP-SAT parameters for the full-model stage (benchmarks compare settings)."""


class _Improvements(cp_model.CpSolverSolutionCallback):
    def __init__(self, started: float):
        super().__init__()
        self.started = started
        self.best: int | None = None
        self.best_s: float | None = None

    def on_solution_callback(self) -> None:
        value = round(self.objective_value)
        if self.best is None or value < self.best:
            self.best, self.best_s = value, time.perf_counter() - self.started


def _solver(options: BenchOptions, seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = options.workers
    solver.parameters.random_seed = options.seed
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    return solver


def _schedules(instance: Instance, assignments: Assignments) -> list:
    """One schedule ((day, shift) pairs) per employee from assignments."""
    return [tuple((d, s) for d, s in enumerate(assignments[e.id]) if s != OFF)
            for e in instance.employees]


def assignments_of(instance: Instance, schedules: list) -> Assignments:
    """Assignments from one schedule ((day, shift) pairs) per employee."""
    result = {}
    for e, schedule in zip(instance.employees, schedules):
        row = [OFF] * instance.days
        for d, s in schedule:
            row[d] = s
        result[e.id] = row
    return result


def solve(instance: Instance, options: BenchOptions = BenchOptions(),
          initial: Assignments | None = None) -> BenchResult:
    """Column generation (bound and schedules), a dive for a first roster (a dive cut
    short: CP-SAT completing the employees it left open; no time for one: the LP's
    heaviest columns, and the best response from them when the roster is far above the
    LP, options.far_roster), the integer restricted master
    over the columns so far at the dive's root (options.restricted_master_share: when the
    reduced-cost filter leaves few enough), branch-and-price
    (briefly, then the integer master over every column so far, when the roster is within
    options.branch_and_price_close_gap of the bound), weekend search, CP-SAT on
    the full model (complete search, LNS, RINS; RINS alone after a dive that had to grow
    its steps), large neighbourhood search on the master,
    the restricted master once more, then window search around the roster's penalties (in
    spells with weekend search between them where that fits), until the bound is reached
    or the time is up. Above
    ``options.large_model`` shift variables, or when the column generation does not price
    (too slow to converge): the greedy first roster, the best response (on windows first
    where the horizon is longer than one), then window or subset search. A long horizon
    of small blocks (block_days_of): the greedy first roster, block search, the best
    response on windows, then window or subset search.

    ``initial``, a roster to start from (block search's block as it stands), stands in
    for the greedy first roster when it is legal and scores better, so every path that
    falls back on the greedy roster, or improves it, starts from it instead."""
    from solver.column_generation import ColumnGeneration  # imports this module (add_schedule)
    from solver.window_response import (
        WINDOW_RESPONSE_DAYS,
        WINDOW_RESPONSE_MIN_GAIN,
        window_response,
    )

    started = time.perf_counter()
    deadline = started + options.time_limit_s
    log = options.log or (lambda _: None)
    result = BenchResult(instance.name, "UNKNOWN", None, 0, 0.0, None, None)

    def elapsed() -> float:
        return time.perf_counter() - started

    def stage(name: str) -> None:
        result.stages.append((name, elapsed(), result.objective, result.bound))
        log(f"{name}: {elapsed():.1f} s, objective {result.objective}, bound {result.bound}")

    # A very large instance (the benchmark's longest, 364 days and 150 staff) gets no
    # column generation and no full model: on 364-day stand-ins the column generation
    # managed two rounds in 30 s (its LP worse than the greedy roster) and CP-SAT's LNS
    # on 207 000 shift variables found nothing in 20 s, where subset search gained 12 %.
    large = shift_variables(instance) > options.large_model
    block_days = block_days_of(instance, options)
    generation = ColumnGeneration(instance, threads=options.workers, seed=options.seed)
    stop_for_dive = ((started + options.dive_share / 2 * options.time_limit_s,
                      options.dive_first_gap)
                     if instance.days > options.dive_first_min_days
                     and options.dive_first_gap > 0 else None)
    # (With blocks, only the greedy roster: a zero budget for the column generation.)
    cg = generation.run(started + (0.0 if large or block_days else
                                   options.column_generation_share)
                        * options.time_limit_s,
                        started + options.first_roster_share * options.time_limit_s,
                        None if large else started + options.column_generation_overtime_share
                        * options.time_limit_s, stop_for_dive)
    if cg.infeasible_employee is not None:
        result.status = "INFEASIBLE"
        result.wall_time_s = elapsed()
        log(f"employee {cg.infeasible_employee} has no legal schedule")
        return result
    if not generation.complete:
        # Not even one legal schedule for every employee in the column generation's time:
        # no roster to improve (CP-SAT on the whole model found none either on a 364-day
        # horizon in 60 s).
        result.wall_time_s = elapsed()
        log("no legal schedule found for every employee in time")
        return result
    result.bound = cg.lower_bound
    greedy_schedules = generation.fallback
    greedy = assignments_of(instance, greedy_schedules)
    greedy_value = evaluate(instance, greedy).objective
    first_roster = "greedy first roster"
    if initial is not None:
        given = evaluate(instance, initial)
        if not given.breaches and given.objective < greedy_value:
            greedy, greedy_value = initial, given.objective
            greedy_schedules = _schedules(instance, initial)
            first_roster = "initial roster"

    def remaining() -> float:
        return deadline - time.perf_counter()

    def keep(assignments: Assignments, value: int, found_at: float | None = None) -> None:
        """Take a roster (``value``: the scorer's) when it beats the best so far, found at
        ``found_at`` (time.perf_counter(); now when not given)."""
        if result.objective is None or value < result.objective:
            result.assignments, result.objective = assignments, value
            result.time_to_best_s = (time.perf_counter() if found_at is None else found_at
                                     ) - started

    def search_to_the_end(search: Callable, name: str, **extra) -> BenchResult:
        """subset_search or window_search from the best roster to the deadline or the
        bound; the last stage."""
        if result.objective > result.bound and remaining() > 0:
            roster, value, found_at = search(instance, result.assignments, result.objective,
                                             deadline, random.Random(options.seed), options,
                                             result.bound, **extra)
            keep(roster, value, found_at)
            stage(name)
        return _finish(result, elapsed())

    def respond(start: list, until: float, name: str) -> None:
        """The best response from ``start`` (one schedule per employee) until ``until``;
        the roster is kept when it is better."""
        responded = assignments_of(instance, generation.best_response(start, until))
        keep(responded, evaluate(instance, responded).objective)
        stage(name)

    def respond_on_windows(roster: Assignments, until: float,
                           min_gain: float = WINDOW_RESPONSE_MIN_GAIN) -> Assignments:
        """The best response on windows (solver.window_response) from ``roster`` until
        ``until``; its roster is kept when it is better, and returned."""
        windowed, _ = window_response(instance, roster, until, min_gain=min_gain,
                                      threads=options.workers, seed=options.seed)
        keep(windowed, evaluate(instance, windowed).objective)
        stage(f"best response on {WINDOW_RESPONSE_DAYS}-day windows")
        return windowed

    far = (not cg.converged and not cg.too_slow and cg.iterations > 0
           and cg.lower_bound < options.far_from_converged * cg.lp_value)
    if block_days or large or cg.too_slow or far:
        # No column generation (blocks, too large, its pricing too slow to converge, or
        # ended far from convergence: options.far_from_converged):
        # from the greedy roster, block search or the best response, then window search
        # while a week of every employee is a small model, else subset search
        # (WINDOW_WEEK_VARIABLES).
        if far:
            stage(f"column generation given up after {cg.iterations} rounds (far from "
                  f"convergence: LP {cg.lp_value:.2f}, bound {cg.lower_bound})")
        elif cg.iterations:
            stage(f"column generation given up after {cg.iterations} "
                  f"round{'s' if cg.iterations > 1 else ''} (too slow)")
        keep(greedy, greedy_value)
        stage(first_roster)
        start = greedy_schedules
        if far and generation.solved:
            # An LP far from convergence is still a far better start for the best response
            # than the greedy roster: the 168-day stand-in with 100 staff, LP 47 205
            # (bound 106), its heaviest columns 78 621 against the greedy 103 083–107 232,
            # the best response from them 45 298 against about 50 500, the runs ending at
            # 44 827–45 043 against 48 950–50 407. So even when they score worse than the
            # greedy roster: the 28-day stand-in with 120 staff and 20 shift types, LP
            # 8 781–8 997 (bound 18–3 759), its heaviest columns 28 551 against the greedy
            # 27 337 (one run), the best response from them 11 581 (11 740 in that run)
            # against 16 322–16 399 from the greedy roster, the runs ending at 11 044 and
            # 11 245 against 14 870 and 15 397 (seeds 0, 1; the thirty-seventh session).
            columns = generation.heaviest_columns()
            heaviest = assignments_of(instance, columns)
            keep(heaviest, evaluate(instance, heaviest).objective)
            stage("the LP's heaviest columns")
            start = columns
        if block_days:
            roster, value, found_at = block_search(
                instance, result.assignments, result.objective,
                started + options.block_search_share * options.time_limit_s, options,
                block_days)
            keep(roster, value, found_at)
            stage(f"block search ({block_days} days a block)")
        else:
            responded_by = started + options.best_response_share * options.time_limit_s
            if options.window_response_share > 0 and instance.days > WINDOW_RESPONSE_DAYS:
                now = time.perf_counter()
                windowed = respond_on_windows(
                    assignments_of(instance, start),
                    now + options.window_response_share * max(0.0, responded_by - now))
                start = _schedules(instance, windowed)
            respond(start, responded_by, "best response")
        if block_days and options.window_polish_share > 0:
            respond_on_windows(result.assignments,
                               time.perf_counter() + options.window_polish_share * remaining(),
                               min_gain=0)
        if 7 * variables_per_day(instance) <= WINDOW_WEEK_VARIABLES:
            return search_to_the_end(window_search, "window search")
        return search_to_the_end(subset_search, "subset search")

    stage(f"column generation ({cg.iterations} iterations, LP {cg.lp_value:.2f})")
    generation_s = elapsed()
    dive_deadline = started + options.dive_share * options.time_limit_s
    # A dive re-prices at every step and took about as long as the column generation
    # itself (Instances 5–12); when that does not fit, the time is worth more to RINS
    # below, from the LP's heaviest columns (Instance12: 1.025 with the dive cut short,
    # the optimum without it).
    dive_fits = dive_deadline - time.perf_counter() >= generation_s
    dive_started = time.perf_counter()
    rins_after_dive = (options.rins_round_s > 0
                       and (1 - options.dive_share) * options.time_limit_s
                       >= GIVE_UP_RINS_ROUNDS * options.rins_round_s)
    dive, finished = generation.dive(dive_deadline if dive_fits else time.perf_counter(),
                                     rounds=options.dive_rounds
                                     if instance.days <= options.dive_rounds_max_days
                                     else options.long_dive_rounds,
                                     exact_count=instance.days <= options.exact_count_max_days,
                                     give_up=rins_after_dive)
    pressed = finished and generation.dive_grew and options.skip_proof_when_pressed
    # One legal schedule per employee: a roster in its own right, finished or not.
    dived = assignments_of(instance, dive)
    keep(dived, evaluate(instance, dived).objective)
    if generation.dive_given_up:
        # The root LP's heaviest columns, and on as though no dive had fitted: RINS from
        # them (GIVE_UP_RINS_ROUNDS).
        stage(f"the LP's heaviest columns (dive given up after "
              f"{time.perf_counter() - dive_started:.1f} s)")
        dive_fits = False
    else:
        stage("dive" if finished else "dive (out of time, completed from the LP)"
              if dive_fits else "the LP's heaviest columns (no time for a dive)")
    # A dive far above the bound took a wrong step that its nodes, priced for a few rounds
    # only, did not show. Instance8, seeds 0–2: the dive 1 405 with 3 rounds a node, runs
    # ending 1 394, 1 300, 1 300 (the 1 400 basin, 1.07); dived again with 10, 1 309 in all
    # three (one run per process; in one benchmark process, 1 309, 1 402, 1 399). Ten
    # rounds for every dive gave Instance8 1 303–1 304 but Instance5 1 145–1 146 and
    # Instance6 1 950–1 953 (1 143 and 1 951 with 3), so only for a dive far off, and only
    # when it fits (redive_fit), by a later deadline than the first's: in the benchmark's
    # process the first dive ended at 11 s and the second, cut at the first's deadline
    # (36 s), was lost.
    redive_deadline = started + options.redive_share * options.time_limit_s
    if (finished and instance.days <= options.redive_max_days
            and result.objective > (1 + options.redive_gap) * result.bound
            and redive_deadline - time.perf_counter()
            >= options.redive_fit * (time.perf_counter() - dive_started)):
        # (complete_dive then walks this dive's trail; when the first roster stays the
        # better, SCIP's hint there may break a node's fixings and only goes unused.)
        again, _ = generation.dive_again(redive_deadline, options.redive_rounds)
        redived = assignments_of(instance, again)
        keep(redived, evaluate(instance, redived).objective)
        stage(f"dive again ({options.redive_rounds} rounds a node)")
    if greedy_value < result.objective:
        # A horizon too long for the column generation to converge (its LP still far from
        # the optimum: 84 days × 30 staff, 5 rounds in 30 s): the greedy first roster is
        # the better start.
        keep(greedy, greedy_value)
        # Nor is the dive's trail of any use now: the greedy roster keeps none of its
        # fixings (complete_dive starts from a roster within them).
        finished = dive_fits = False
        stage(first_roster)
    # A roster rounded from an unconverged LP (or the greedy one) is poor everywhere, and
    # RINS mends it a few percent a round; the best response takes it most of the way at
    # once, from the LP's rounding rather than the greedy roster, whose answer is a worse
    # local optimum (options.far_roster).
    if (not dive_fits and not cg.converged and options.far_roster > 0
            and result.objective > options.far_roster * cg.lp_value and remaining() > 0):
        respond(dive, min(time.perf_counter() + FAR_RESPONSE_SHARE * options.time_limit_s,
                          deadline), "best response from the LP's rounding")

    # A dive cut short: its deepest node is a far better roster than the last LP's
    # heaviest columns (Instance8: 2026–2929 completed from the LP, 1416–1518 from the
    # node by SCIP over the columns), and CP-SAT completes the employees it left open over
    # every legal schedule, with the fixed ones held (options.complete_open). Not when the
    # dive was skipped (Instance12: 10 s for what RINS gains in one round).
    completing = not finished and dive_fits and options.complete_open
    open_employees = [i for i in range(len(instance.employees)) if i not in generation.fixed]
    if (completing and open_employees and result.objective > result.bound
            and remaining() > 0):
        roster, value, found_at = complete_employees(
            instance, result.assignments, result.objective, open_employees,
            time.perf_counter() + min(options.complete_open_share * options.time_limit_s,
                                      remaining()), options)
        keep(roster, value, found_at)
        stage(f"the dive's open employees completed ({len(open_employees)} of "
              f"{len(instance.employees)})")
    # After a finished dive (or a cut short one, without complete_open), SCIP finds the
    # best roster the columns make at the root, when the reduced-cost filter leaves few
    # enough (Instance5: 1147 → 1144; Instance7: 1058 → 1 056, its optimum, in 4.4 s),
    # and optionally at the dive's deep nodes, where its last greedy steps may have gone
    # wrong (options.restricted_master_nodes; Instance8, a traced dive with three rounds a
    # node: 1407, and 1308 from its node with 21 of 30 employees fixed).
    if (dive_fits and not completing and options.restricted_master_share > 0
            and result.objective > result.bound and remaining() > 0):
        schedules, value = generation.complete_dive(
            _schedules(instance, result.assignments),
            min(options.restricted_master_share * options.time_limit_s, remaining()),
            options.restricted_master_columns, nodes=options.restricted_master_nodes)
        # value: the scorer's (ColumnGeneration.roster_cost)
        keep(assignments_of(instance, schedules), value)
        stage(f"restricted master (integer, {generation.master_log})")

    # Branch-and-price from the best roster, after a finished dive and when at least as
    # long as the column generation took is left for it (a node prices like a few of its
    # rounds; Instance12: one node in 2 s of the 0.5 s left). A roster within a few units
    # of the bound gets branch-and-price briefly, then SCIP over the pool of columns
    # (options.branch_and_price_close_gap).
    close = (finished
             and 0 < result.objective - result.bound <= options.branch_and_price_close_gap)
    bp_deadline = started + options.branch_and_price_share * options.time_limit_s
    extended = started + options.branch_and_price_extended_share * options.time_limit_s
    if close:
        extended = bp_deadline  # the rest is SCIP's
    if (finished and result.objective > result.bound
            and bp_deadline - time.perf_counter() >= generation_s):
        schedules, value, found_at = generation.branch_and_price(
            _schedules(instance, result.assignments), bp_deadline, extended=extended)
        keep(assignments_of(instance, schedules), value, found_at)
        if generation.search_bound is not None:
            result.bound = max(result.bound, generation.search_bound)
        stage(f"branch and price ({generation.nodes} nodes"
              f"{', proved' if generation.proved else ''})")

    def integer_master(seconds: float, name: str, max_kept: int | None = None) -> None:
        """The integer master over every column so far from the best roster
        (ColumnGeneration.restricted_master) for ``seconds``; a roster it finds is scored
        by the scorer."""
        found = generation.restricted_master(_schedules(instance, result.assignments),
                                             seconds, max_kept=max_kept)
        if found is not None:
            keep(assignments_of(instance, found[0]), generation.roster_cost(found[0]))
        stage(f"{name} ({generation.master_log})")

    pool_deadline = started + options.pool_master_share * options.time_limit_s
    if close and result.objective > result.bound and pool_deadline > time.perf_counter():
        integer_master(pool_deadline - time.perf_counter(), "restricted master over the pool")

    def weekends() -> None:
        """Weekend search (rule 8 couples the weekends; window search frees consecutive
        days) for WEEKEND_SHARE of the time at most."""
        if (weekend_neighbourhood(instance) is not None
                and result.objective > result.bound and remaining() > 0):
            roster, value, found_at = weekend_search(
                instance, result.assignments, result.objective,
                weekend_deadline(deadline, options), random.Random(options.seed), options,
                result.bound)
            keep(roster, value, found_at)
            stage("weekend search")

    # After a finished dive, at once: on Instance8 a dive that ends a cover shift short with
    # every employee at the maximum of weekends is mended there, where RINS gains a point a
    # round.
    if finished:
        weekends()

    full: CurtoisModel | None = None

    def full_model() -> CurtoisModel:
        nonlocal full
        if full is None:
            full = CurtoisModel(instance)
            full.model.add(full.objective >= result.bound)
        return full

    def improve(model: cp_model.CpModel, solver: cp_model.CpSolver) -> int:
        """Solve (model has the full model's variables) and keep a better roster."""
        watch = _Improvements(started)
        status = solver.solve(model, watch)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            # Scored from the roster itself: on a 364-day instance CP-SAT's LNS reported
            # an objective_value 4 % above the value of the solution it returned.
            assignments = full_model().assignments(solver.boolean_value)
            keep(assignments, evaluate(instance, assignments).objective,
                 None if watch.best_s is None else started + watch.best_s)
        return status

    def full_search(seconds: float, lns_only: bool) -> None:
        """CP-SAT on the full model from the best roster (built once, hinted anew), for
        ``seconds`` or what is left of the time."""
        model = full_model()
        model.hint(result.assignments)
        # Building and hinting take seconds on a 364-day instance: count them in.
        solver = _solver(options, min(seconds, remaining()))
        solver.parameters.use_lns_only = lns_only
        for key, value in options.cp_sat:
            setattr(solver.parameters, key, value)
        status = improve(model.model, solver)
        if status == cp_model.OPTIMAL:
            result.bound = max(result.bound, result.objective)
        elif status == cp_model.FEASIBLE:
            result.bound = max(result.bound, math.ceil(solver.best_objective_bound - 1e-6))

    # A short complete search first: on small instances it proves the optimum at once.
    # Not on a roster rounded from the LP (no time for a dive: a large instance), nor after
    # a dive pressed for time (options.skip_proof_when_pressed), where it took 6 of 60 s on
    # Instance12 for less than the first RINS round gains.
    if finished and not pressed and result.objective > result.bound and remaining() > 0:
        full_search(options.proof_share * options.time_limit_s, False)
        stage("full model, complete search")

    # No finished dive on a long horizon: the weekend search first (options.
    # early_weekend_days), then RINS from its roster.
    early_weekends = not finished and instance.days > options.early_weekend_days
    if early_weekends:
        weekends()

    # RINS: the column generation's LP is tight (within 0.3 % of the optimum on all but
    # Instance9), so where it agrees with the roster it is probably right; search the
    # rest, in rounds while they improve. Each round (after a column generation that
    # converged) against an LP solution near the roster (options.rins_proximity): the
    # converged LP's own solution freed the same variables every round, and Instance12,
    # seeds 0–3, ended at 4 248, 4 143, 4 242, 4 141 with it against 4 044, 4 043, 4 050,
    # 4 240 (Instance8: 1 402, 1 310, 1 400, 1 307 against 1 399, 1 405, 1 302, 1 398, the
    # same spread).
    shift_values = cg.shift_values()
    if finished and not pressed and result.objective > result.bound and remaining() > 0:
        # After a finished dive, a stretch of LNS first: on Instance8, RINS straight after
        # the dive led the later LNS into a basin (1400) it did not leave. A roster rounded
        # from the LP, or dived in a hurry, goes to RINS at once (Instance12).
        full_search(min(options.rins_round_s * 2, remaining() / 4), True)
        stage("full model, LNS before RINS")
    # RINS needs an LP priced with duals (two rounds at least; a very large instance has
    # less, and there RINS fixed everything or found nothing in 11 of 60 s).
    while (options.rins_round_s > 0 and cg.iterations >= 2
           and result.objective > result.bound and remaining() > 0):
        before = result.objective
        values = shift_values
        if options.rins_proximity > 0 and cg.converged:
            values = generation.proximal_shift_values(
                _schedules(instance, result.assignments), options.rins_proximity) or values
        rins = full_model().relaxation_induced(result.assignments, values)
        status = improve(rins, _solver(options, min(options.rins_round_s, remaining())))
        stage(f"RINS round ({cp_model.CpSolver().status_name(status)})")
        if result.objective >= before:
            break

    master_deadline = started + options.master_search_share * options.time_limit_s
    if time.perf_counter() < master_deadline and result.objective > result.bound:
        schedules, value, found_at = generation.neighbourhood_search(
            _schedules(instance, result.assignments),
            lambda s: evaluate(instance, assignments_of(instance, s)).objective,
            master_deadline, random.Random(options.seed))
        keep(assignments_of(instance, schedules), value, found_at)
        stage("neighbourhood search on the master")

    # Once more over the grown pool, now that the roster is close to the bound and fewer
    # columns pass the reduced-cost filter (options.late_master_share).
    if (options.late_master_share > 0 and result.objective > result.bound
            and remaining() > 0):
        integer_master(min(options.late_master_share * options.time_limit_s, remaining()),
                       "restricted master again", max_kept=options.late_master_columns)

    # Without a finished dive, only now: the LP's heaviest columns, or a dive cut short and
    # completed from its node, are a poor roster in many places, and RINS mends most of it
    # first (Instance9, seeds 0–2, a dive cut short at 36 s: RINS reached the optimum at
    # 44–45 s this way, at 53–56 s with the weekend search first, and one benchmark run
    # ended at 539 with only one RINS round left). Not on a long horizon, where it ran
    # before RINS (early_weekends).
    if not finished and not early_weekends:
        weekends()

    # Then the search around the roster's penalties to the end (it replaced CP-SAT's LNS
    # on the full model here, which left Instance8 at ~1 400 and Instance12 at 4 141–4 340).
    # Where the weekend neighbourhood fits, in spells with weekend search between them.
    reference = (lp_daily_penalties(instance, shift_values)
                 if options.lp_guided_windows and cg.converged else None)
    if weekend_neighbourhood(instance) is None:
        return search_to_the_end(window_search, "window search", reference=reference)
    return search_to_the_end(window_and_weekend_search, "window and weekend search",
                             reference=reference)


def _finish(result: BenchResult, elapsed_s: float) -> BenchResult:
    if result.objective is not None:
        result.status = "OPTIMAL" if result.objective <= result.bound else "FEASIBLE"
    result.wall_time_s = elapsed_s
    return result


def shift_variables(instance: Instance) -> int:
    """The full model's size: one variable per employee, day and shift they may work."""
    return sum(len(instance.allowed(e, d)) for e in instance.employees
               for d in range(instance.days))


def variables_per_day(instance: Instance) -> float:
    """The full model's shift variables per day (sizes the searches' windows)."""
    return shift_variables(instance) / instance.days


SUBSET_WINDOW_DAYS = 28
"""Subset search frees its employees on a window of at most this many days."""

SUBSET_START_AREA = 280
"""Subset search's first neighbourhood frees this many employee-days (10 employees × 28
days); it grows after a neighbourhood solved to optimality and shrinks after one cut short."""

SUBSET_ROUND_S = 0.5
"""Subset search: one neighbourhood's time limit (from the same greedy roster of a
364-day, 60-staff stand-in, 20 s reached 240 382 with 0.5 s and 250 402 with 2 s)."""


def subset_search(instance: Instance, roster: Assignments, value: int, deadline: float,
                  rng: random.Random, options: BenchOptions, bound: int = 0
                  ) -> tuple[Assignments, int, float | None]:
    """Large neighbourhood search over employees and days: free a few employees on a window
    of days, fix everything else at the roster's, and let CP-SAT solve the rest from the
    roster (CurtoisModel's neighbourhood: only the freed employees are built, so one costs
    a fraction of the whole model on long horizons, where CP-SAT's own LNS on the full
    model found nothing in 20 s). A roster scoring no worse is kept. Returns the best
    roster, its score and when it was found (time.perf_counter(); None if never beaten)."""
    n, days = len(instance.employees), instance.days
    window = min(days, SUBSET_WINDOW_DAYS)
    area = float(SUBSET_START_AREA)

    def choose(best: Assignments, last: int | None) -> Neighbourhood:
        nonlocal area
        if last is not None:
            area = min(n * window, area * 1.25) if last == cp_model.OPTIMAL else max(
                2 * window, area / 1.25)
        first = rng.randrange(days - window + 1)
        size = max(2, min(n, round(area / window)))
        return (rng.sample(range(n), size), range(first, first + window), SUBSET_ROUND_S,
                options.seed)

    return _search_neighbourhoods(instance, roster, value, deadline, options, choose,
                                  bound)


WINDOW_HALF_DAYS = (3, 5)
"""Window search frees every employee on a window of 2h + 1 days around a penalised day,
h drawn from this range (Instance8, 30 s from rosters of 1 400–1 497, six runs: h of 3–5
reached 1 304–1 317 in four, h of 4–8 in three)."""

WINDOW_MAX_VARIABLES = 4500
"""Window search frees a random share of the employees when every employee on the window
would be more shift variables than this (Instance12's widest window, 60 staff on 11 days, is
4 100). A stand-in with 120 staff on 28 days (746 variables a day), 15 s from a roster of
10 152: every employee on the window, no gain; about 2 000 and 4 000 variables' worth of
employees, 9 450–9 729 and 9 557; subset search 9 556."""

EXCESS = 0.5
"""excess_days(): a day counts when the roster pays more than this above the LP there."""


def lp_daily_penalties(instance: Instance, values: list[dict[tuple[int, str], float]]
                       ) -> dict[int, float]:
    """The soft penalties (as roster.curtois.daily_penalties, requests included) by day of
    a fractional roster: per employee (instance order), the LP value of each (day, shift)
    (ColumnGenerationResult.shift_values)."""
    paid: dict[int, float] = {}
    by_id = {e.id: v for e, v in zip(instance.employees, values)}
    for r in instance.on_requests:
        paid[r.day] = paid.get(r.day, 0.0) + r.weight * (
            1 - by_id[r.employee].get((r.day, r.shift), 0.0))
    for r in instance.off_requests:
        paid[r.day] = paid.get(r.day, 0.0) + r.weight * by_id[r.employee].get(
            (r.day, r.shift), 0.0)
    for c in instance.cover:
        count = sum(v.get((c.day, c.shift), 0.0) for v in values)
        paid[c.day] = paid.get(c.day, 0.0) + c.weight_under * max(
            0.0, c.requirement - count) + c.weight_over * max(0.0, count - c.requirement)
    return paid


def excess_days(instance: Instance, roster: Assignments, reference: dict[int, float]
                ) -> list[int]:
    """The days on which ``roster`` pays more than ``reference`` (lp_daily_penalties of
    the LP's solution) by over EXCESS."""
    return [d for d, paid in daily_penalties(instance, roster).items()
            if paid > reference.get(d, 0.0) + EXCESS]


WINDOW_ROUND_S = 2.0
"""Window search: one neighbourhood's time limit (most are cut short at it on Instance8)."""


def window_search(instance: Instance, roster: Assignments, value: int, deadline: float,
                  rng: random.Random, options: BenchOptions, bound: int = 0,
                  reference: dict[int, float] | None = None
                  ) -> tuple[Assignments, int, float | None]:
    """Large neighbourhood search around the roster's penalties: free every employee on a
    few days around a day the roster pays for, fix the rest, let CP-SAT re-solve it from
    the roster with a fresh seed; a roster scoring no worse is kept. A missing cover shift
    is mended by moving shifts between employees over neighbouring days, which random
    employee subsets (CP-SAT's LNS, subset search) rarely free together: Instance8 from
    1 400–1 500 rosters, where CP-SAT's LNS stayed. The centre is a day with a cover line
    short or over, drawn uniformly; only when there is none, a day with a request not
    granted (roster.curtois.daily_penalties); on a large staff only a random share of the
    employees (WINDOW_MAX_VARIABLES). Instance8, 60 s runs: centred on cover
    lines, 7 of 12 ended at 1 306–1 316 (≤ 1.012); on any penalised day alike, 3 of 8 (the
    requests' days took most windows); in proportion to the day's penalty, 2 of 5. Given a
    ``reference`` (lp_daily_penalties of the LP's solution), the centre is drawn from the
    days the roster pays more on than it (excess_days) first. Returns as subset_search."""
    n, days = len(instance.employees), instance.days
    per_day = variables_per_day(instance)

    def choose(best: Assignments, last: int | None) -> Neighbourhood:
        centres = excess_days(instance, best, reference) if reference is not None else []
        centres = (centres or list(daily_penalties(instance, best, requests=False))
                   or list(daily_penalties(instance, best)) or range(days))
        centre = rng.choice(centres)
        half = rng.randint(*WINDOW_HALF_DAYS)
        window = range(max(0, centre - half), min(days, centre + half + 1))
        free: Collection[int] = range(n)
        if per_day * len(window) > WINDOW_MAX_VARIABLES:
            free = rng.sample(range(n), max(1, round(n * WINDOW_MAX_VARIABLES
                                                     / (per_day * len(window)))))
        return free, window, WINDOW_ROUND_S, rng.randrange(1 << 20)

    return _search_neighbourhoods(instance, roster, value, deadline, options, choose,
                                  bound)


BLOCK_DAYS = 28
"""Block search: a block's days (whole weeks; a last block shorter than half of this
joins the one before), the horizon of Instances 4–12."""

BLOCK_VARIABLES = 8000
"""Block search only when a block has at most this many shift variables (Instance11's
28 days, 50 staff and 6 shift types have 5 304) ..."""

BLOCK_MIN_COUNT = 3
"""... the horizon makes at least this many blocks ..."""

BLOCK_MIN_S = 2.0
"""... and each block gets at least this long (block search's later passes too)."""

GIVE_UP_RINS_ROUNDS = 2
"""solve() lets the dive be given up (ColumnGeneration.dive(give_up=True),
column_generation.DIVE_GIVE_UP) only when at least this many RINS rounds (rins_round_s)
fit after the dive's deadline: the time given up goes to RINS from the root LP's heaviest
columns. A block of block search (BLOCK_ROUND_S, 2.4 s after its dive's deadline) has
no such time: with the give-up there, the 84-day stand-in (Instance8 × 3) gave up most of
its blocks' dives, and the runs ended at 4 923 and 4 793 against 4 718 and 4 407 without
(seeds 0, 1)."""

BLOCK_ROUND_S = 6.0
"""Block search: at most this long a block, so that the time left makes further passes.
Instance8 × 3 (84 days, 30 staff; 60 s): in one pass of 18 s a block each block ended
within 1 % of its own bound after 2–3 s (4 046 / 4 002, 2 559 / 2 553, 2 687 / 2 686),
while the roster, held by the greedy roster around each block, stayed at 5 247–5 802
(seed 0), 5 530 and 4 529 (seeds 1, 2). In passes of at most 6 s a block: 4 195, 4 777,
4 005, 4 390, 4 109 (seeds 0–4); 4 s: 4 966, 4 114, 4 213; 9 s: 4 827, 4 488, 4 031
(seeds 0–2). Instance11 × 6 (168 days, 6 blocks): 23 218 and 21 993 (seeds 0, 1) against
23 461–25 587 in one pass. Instance8 × 13 (13 blocks: one pass fills the time) is as
before."""


def block_days_of(instance: Instance, options: BenchOptions) -> int | None:
    """The block length when solve() takes the block search (BenchOptions.block_search),
    else None.

    Measured on the long stand-ins (benchmarks/curtois_long.py, 60 s, seed 0; against the
    path it replaced, over the eight earlier tables in benchmarks/curtois-notes.md): 8x13
    (364 days, 30 staff, 2 158 variables a block) 24 425 (seed 1: 23 057) against
    38 321–55 785 from the best response and sweep; 11x6 (168 days, 50 staff, 5 304)
    23 461 (25 587) against 24 729–39 032 and 8x3 (84 days, 30 staff) 5 538 (5 725)
    against 5 554–6 513 from the column generation, which does not converge there in its
    budget: a third better on 8x13, within the spread and no worse on the other two. Left
    out, as an offline prototype of the same search did no better there: 12x13 (10 452
    variables a block) 104 389 against 94 970–105 964, 11x6s2 (10 608) 56 631 against
    48 752–53 338, and 8x2 (two blocks) 3 661 against 2 919–3 704."""
    if not options.block_search:
        return None
    count = instance.days // BLOCK_DAYS
    if (count < BLOCK_MIN_COUNT
            or variables_per_day(instance) * BLOCK_DAYS > BLOCK_VARIABLES
            or count * BLOCK_MIN_S > options.block_search_share * options.time_limit_s):
        return None
    return BLOCK_DAYS


def block_spans(days: int, block_days: int, offset: int = 0) -> list[tuple[int, int]]:
    """The blocks (first day, stop) of one pass of block search: ``block_days`` each from
    ``offset`` on (the days before it a block of their own), a last block shorter than
    half of ``block_days`` joined to the one before."""
    cuts = sorted({0, days, *range(offset, days, block_days)})
    if len(cuts) > 2 and cuts[-1] - cuts[-2] < block_days // 2:
        cuts.pop(-2)
    return list(zip(cuts, cuts[1:]))


def block_search(instance: Instance, roster: Assignments, value: int, deadline: float,
                 options: BenchOptions, block_days: int = BLOCK_DAYS
                 ) -> tuple[Assignments, int, float | None]:
    """A rolling horizon over a legal roster, in passes: each block of ``block_days`` in
    turn, from the first, re-solved by solve() — the whole pipeline of the benchmark's
    28-day instances — as an instance of its own, and taken when the result is legal and
    cheaper. The block's instance is the roster's restriction to the block and its context
    days (roster.curtois.restrict: the totals less what the roster works outside), with
    the context held at the roster's (held_outside), so the result merges exactly, and the
    roster's own days make it feasible. A block gets at most BLOCK_ROUND_S, in the first
    pass at most an equal share of the time left over its blocks left; every other pass
    starts half a block on (block_spans), so that the seams move. The passes end at the
    deadline (a later pass needs BLOCK_MIN_S left for its next block) or after two passes
    in a row without a gain. Returns the best roster, its cost (the scorer's) and when it
    was found (time.perf_counter(); None when ``roster`` was never beaten).

    The column generation does not converge on these horizons in its budget, and the
    best response improves a greedy roster one employee at a time;
    a block of 28 days is the size the column generation, the dive and RINS are strong
    on (Instance8's size: 1 405 after 8 s), so most of the horizon is solved that well.
    One block is solved given the rest of the roster as it stands: in the first pass the
    greedy roster's, whose days at the block's edges bind it. There each block's limits
    over the horizon are also held to its share (Restriction.within_share), so that the
    first blocks do not spend what the later ones need: Instance8 × 13 (364 days, 13
    blocks; 60 s, seeds 0–3) 24 751, 22 714, 26 596, 23 898 against 26 886, 24 337,
    30 810, 24 075 without; Instance11 × 6 22 600, 22 109, 23 690 against 23 218, 21 993,
    23 690; Instance8 × 3 4 814, 4 306, 4 122 against 4 195, 4 777, 4 005. Later passes
    re-solve each block against the better roster around it (BLOCK_ROUND_S), with the
    limits the roster outside leaves."""
    best, best_value, found_at = roster, value, None
    passes = idle = 0
    while idle < 2:
        spans = block_spans(instance.days, block_days, (passes % 2) * (block_days // 2))
        before = best_value
        for n, (first, stop) in enumerate(spans):
            left = deadline - time.perf_counter()
            # The first pass shares the time out so that it covers the horizon; a later
            # one may end part way, each block it reaches re-solved as well as the first.
            share = left / (len(spans) - n) if passes == 0 else left
            if left <= 0 or (passes and left < BLOCK_MIN_S):
                return best, best_value, found_at
            part = restrict(instance, best, range(first, stop))
            if passes == 0:
                part = part.within_share(instance)
            inner = range(first - part.first, stop - part.first)
            # (Not block search again: a block's context could make its instance long. Nor
            # the best response of far_roster, measured only where no block search runs:
            # on Instance8 × 13 it answered in 3–4 of the 13 blocks of the first pass, in
            # one run, 28 566, against 24 751–27 681 without it, seed 0: unmeasured.)
            solved = solve(held_outside(part, inner),
                           replace(options, time_limit_s=min(BLOCK_ROUND_S, share), log=None,
                                   block_search=False, far_roster=0.0),
                           initial=part.roster)
            if solved.assignments is None or any(
                    solved.assignments[id_][d] != row[d] for id_, row in part.roster.items()
                    for d in range(part.instance.days) if d not in inner):
                continue
            candidate = part.merge(best, solved.assignments)
            evaluation = evaluate(instance, candidate)
            if not evaluation.breaches and evaluation.objective < best_value:
                best, best_value = candidate, evaluation.objective
                found_at = time.perf_counter()
        passes += 1
        idle = idle + 1 if best_value == before else 0
    return best, best_value, found_at


def held_outside(part: Restriction, inner: range) -> Instance:
    """The restriction's instance with every day outside ``inner`` held at the roster's:
    a day off there becomes a fixed day off, a shift an on-request of a weight above the
    roster's whole cost, so that a roster breaking one costs more than the roster itself.
    block_search checks that the solution keeps them all."""
    weight = evaluate(part.instance, part.roster).objective + 1
    outside = [d for d in range(part.instance.days) if d not in inner]
    employees, held = [], []
    for e in part.instance.employees:
        row = part.roster[e.id]
        employees.append(replace(e, days_off=e.days_off | {d for d in outside
                                                           if row[d] == OFF}))
        held.extend(Request(e.id, d, row[d], weight) for d in outside if row[d] != OFF)
    return replace(part.instance, employees=tuple(employees),
                   on_requests=part.instance.on_requests + tuple(held))


WINDOW_WEEK_VARIABLES = 3000
"""solve(), without column generation: window search ends the run when a week of every
employee is at most this many shift variables, else subset search. From the same rosters
(the end of block search or of the best response, seed 0), window search against the
sweep of the horizon it replaced (every employee free on windows of about 2 000 variables,
in order, the time left shared out over one pass), two seeds each: Instance8 × 13 (539
variables a week) 10 s, 25 821 → 25 298 and 25 115 against none; Instance11 × 6 (1 326)
6.8 s, 23 157 → 23 041 and 23 140 against 23 153 and 23 157; Instance12 × 13 (2 611) 20 s,
91 159 → 88 999 against none (one seed). A sweep spreads a few seconds over the whole
horizon (0.2 s a window), where window search goes to the days that pay. Above it (3 976
a week, 150 staff) subset search is as good: Instance11 × 13 × 3 staff 10 s, 184 170 →
182 982 and 182 659 against 181 407 and 182 904; the 30-shift-type stand-in 2.7 s,
302 466 → 301 445 and 300 154 against 301 744 and 300 617. (Before: 364-day stand-ins,
60 s from the greedy roster without the best response, Instance12's 160 683 with the
sweep and 188 081 with subset search; with 120 staff, 5 222 a week, 415 051 against
336 345; with 150, 3 976 a week, 330 083 against 273 845.)"""


FAR_RESPONSE_SHARE = 0.15
"""solve(): at most this share of the time for the best response of
BenchOptions.far_roster (0.6 s on the 28-day stand-in with 120 staff)."""

WEEKEND_SHARE = 0.15
"""solve(): at most this share of the time for weekend search."""


def weekend_deadline(deadline: float, options: BenchOptions) -> float:
    """When a weekend search started now ends: WEEKEND_SHARE of the time limit at most."""
    return min(deadline, time.perf_counter() + WEEKEND_SHARE * options.time_limit_s)


WINDOW_SPELL_S = 6.0
"""solve(): where the weekend neighbourhood fits, window search runs in spells of this
many seconds, a weekend search after each that improved the roster."""


def weekend_days_around(instance: Instance, weeks: Collection[int]) -> list[int]:
    """The days Friday to Monday around the weekends of ``weeks``, inside the horizon."""
    days: set[int] = set()
    for w in weeks:
        saturday, sunday = instance.weekend_days(w)
        days.update(d for d in (saturday - 1, saturday, sunday, sunday + 1)
                    if 0 <= d < instance.days)
    return sorted(days)


def weekend_neighbourhood(instance: Instance) -> list[int] | None:
    """The days weekend_search frees (Friday to Monday around every weekend), or None when
    there are fewer than two weekends or every employee on those days is more than
    WINDOW_MAX_VARIABLES shift variables."""
    days = weekend_days_around(instance, range(instance.weeks))
    if instance.weeks < 2 or variables_per_day(instance) * len(days) > WINDOW_MAX_VARIABLES:
        return None
    return days


def weekend_search(instance: Instance, roster: Assignments, value: int, deadline: float,
                   rng: random.Random, options: BenchOptions, bound: int = 0
                   ) -> tuple[Assignments, int, float | None]:
    """One large neighbourhood over the weekends together: every employee free on the days
    Friday to Monday around every weekend, the rest fixed, CP-SAT re-solving it from the
    roster until the deadline or optimality. The limit on worked weekends (rule 8) couples
    weekends far apart: when every employee is at it, a cover line short on one weekend is
    mended only by moving weekend work from another, which a window of consecutive days
    does not free. Instance8, from a roster of 1 399 (13 cover shifts short where the bound
    needs 12, every employee at the maximum of worked weekends), where window search
    stayed: 1 317 in 4–8 s (three seeds), proved optimal over the neighbourhood in 8–11 s.
    Only when that is at most WINDOW_MAX_VARIABLES shift variables (28 days with up to 50
    staff; not Instance12: two of its weekends at a time, 9 s of 4 s neighbourhoods, gained
    nothing in a run that ended at 4 140, where the same seed without them reached 4 041
    in window search) and there are two weekends or more;
    otherwise the roster comes back unchanged. Returns as subset_search."""
    days = weekend_neighbourhood(instance)
    if days is None:
        return roster, value, None
    return _search_one_neighbourhood(instance, roster, value, deadline, options,
                                     range(len(instance.employees)), days,
                                     rng.randrange(1 << 20), bound)


def complete_employees(instance: Instance, roster: Assignments, value: int,
                       employees: Collection[int], deadline: float, options: BenchOptions
                       ) -> tuple[Assignments, int, float | None]:
    """One neighbourhood: ``employees`` (indices) free on the whole horizon, everyone
    else fixed at the roster's, CP-SAT from the roster until the deadline or optimality
    (exact over every legal schedule of the freed employees, where the restricted master
    chooses among the generated columns only). For a dive cut short (solve()). Returns
    as subset_search."""
    return _search_one_neighbourhood(instance, roster, value, deadline, options, employees,
                                     range(instance.days), options.seed)


Neighbourhood = tuple[Collection[int], Collection[int], float, int]
"""Employees freed (indices), days freed (a window, or any days: weekend search), time
limit in seconds, CP-SAT seed."""


def window_and_weekend_search(instance: Instance, roster: Assignments, value: int,
                              deadline: float, rng: random.Random, options: BenchOptions,
                              bound: int = 0, reference: dict[int, float] | None = None
                              ) -> tuple[Assignments, int, float | None]:
    """Window search in spells of WINDOW_SPELL_S, and after each spell that improved the
    roster a weekend search (at most WEEKEND_SHARE of the time limit): window search
    moves weekdays, which can free a weekend move that was not there before (rule 8 ties
    weekends far apart, and window search frees consecutive days only; from a saved 1 399
    roster of Instance8 the weekend search alone gives 1 309). Instance8 without a dive
    (its column generation took 18 s on a slower machine), 60 s, seeds 0, 1, 3–9: 1 321,
    1 310, 1 403, 1 305, 1 308, 1 401, 1 307, 1 400, 1 494 against 1 402, 1 317, 1 494,
    1 305, 1 311, 1 402, 1 396, 1 404, 1 309 with window search alone to the end: five in
    nine within 1.02 against four, which does not settle it; Instances 5, 6, 7 and 9 as
    before. ``reference`` goes to window_search. Returns as subset_search."""
    found_at = None
    searched = value  # the value the last weekend search started from
    while value > bound and time.perf_counter() < deadline:
        spell_end = time.perf_counter() + WINDOW_SPELL_S
        if spell_end > deadline - WINDOW_SPELL_S / 2:
            spell_end = deadline  # no short spell at the end
        roster, value, at = window_search(instance, roster, value, spell_end, rng, options,
                                          bound, reference)
        found_at = at or found_at
        if spell_end >= deadline or value <= bound or value >= searched:
            continue
        searched = value
        roster, value, at = weekend_search(instance, roster, value,
                                           weekend_deadline(deadline, options), rng,
                                           options, bound)
        found_at = at or found_at
    return roster, value, found_at


def _search_one_neighbourhood(instance: Instance, roster: Assignments, value: int,
                              deadline: float, options: BenchOptions, free: Collection[int],
                              days: Collection[int], seed: int, bound: int = 0
                              ) -> tuple[Assignments, int, float | None]:
    """_search_neighbourhoods on a single neighbourhood (``free`` employees on ``days``,
    CP-SAT seed ``seed``) given all the time until the deadline."""
    chosen: list[Neighbourhood] = [(free, days, deadline - time.perf_counter(), seed)]
    return _search_neighbourhoods(instance, roster, value, deadline, options,
                                  lambda best, last: chosen.pop() if chosen else None,
                                  bound)


def _search_neighbourhoods(instance: Instance, roster: Assignments, value: int,
                           deadline: float, options: BenchOptions,
                           choose: Callable[[Assignments, int | None], Neighbourhood | None],
                           bound: int = 0) -> tuple[Assignments, int, float | None]:
    """Solve the neighbourhoods ``choose`` picks (given the best roster and the last
    neighbourhood's CP-SAT status) from the best roster until the deadline, the bound or
    ``choose`` gives None;
    keep a roster that scores no worse. Returns the best, its score and when it was found."""
    best, best_value, found_at = roster, value, None
    overhead = 0.0  # building and scoring one neighbourhood, as last measured
    last: int | None = None
    while deadline - time.perf_counter() > overhead + 0.1 and best_value > bound:
        began = time.perf_counter()
        picked = choose(best, last)
        if picked is None:
            break  # nothing left to search
        free, days, limit, seed = picked
        # Only the weeks around the freed days are modelled: on a 364-day horizon a model
        # of the freed employees' whole year took most of a neighbourhood's time.
        part = restrict(instance, best, range(min(days), max(days) + 1))
        neighbourhood = CurtoisModel(part.instance, part.roster, free,
                                     {d - part.first for d in days})
        neighbourhood.hint(part.roster)
        solver = _solver(options, min(limit, deadline - time.perf_counter() - overhead))
        solver.parameters.random_seed = seed
        last = solver.solve(neighbourhood.model)
        if last in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            candidate = part.merge(best, neighbourhood.assignments(solver.boolean_value))
            candidate_value = evaluate(instance, candidate).objective
            if candidate_value <= best_value:
                if candidate_value < best_value:
                    found_at = time.perf_counter()
                best, best_value = candidate, candidate_value
        overhead = max(0.0, time.perf_counter() - began - solver.wall_time)
    return best, best_value, found_at


class BreachError(RuntimeError):
    """The solver returned an assignment the scorer finds illegal (a bug, never expected)."""


def benchmark_record(instance: Instance, result: BenchResult) -> dict:
    """The JSON record of one solved instance, with the objective recomputed by the scorer
    from the assignments (never taken from the solver)."""
    objective = None
    if result.assignments is not None:
        evaluation = evaluate(instance, result.assignments)
        if evaluation.breaches:
            raise BreachError(f"{instance.name}: " + "; ".join(evaluation.breaches[:5]))
        objective = evaluation.objective
        if objective != result.objective:
            raise BreachError(f"{instance.name}: the scorer gives {objective}, the solver "
                              f"{result.objective}")
    return {
        "instance": instance.name,
        "objective": objective,
        "bound": result.bound,
        "status": result.status,
        "wall_time_s": round(result.wall_time_s, 3),
        "time_to_best_s": (round(result.time_to_best_s, 3)
                           if result.time_to_best_s is not None else None),
        "assignments": result.assignments or {},
    }
