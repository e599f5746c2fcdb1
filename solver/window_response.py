"""The best response on windows: each employee's best schedule on a few weeks of a long
horizon, everyone else and the rest of their own schedule held, by the exact dynamic
program (solver.labelling) on the roster's restriction to those weeks
(roster.curtois.restrict). On a 364-day horizon a window's pricing takes milliseconds,
where the whole horizon's best response (ColumnGeneration.best_response) needs a
CP-SAT solve of up to a second an employee, cut short far from the greedy roster.
Measurements: benchmarks/curtois-notes.md, thirty-ninth and forty-first sessions.
"""

from __future__ import annotations

import random
import time
from concurrent.futures import ThreadPoolExecutor

from roster.curtois import OFF, Assignments, Employee, Instance, evaluate, restrict
from solver.column_generation import SCALE
from solver.curtois import block_spans, request_costs
from solver.labelling import LabellingPricing, Overflow, held

WINDOW_RESPONSE_DAYS = 28
"""A window's days: the horizon of Instances 4–12, whose employees' dynamic programs
take milliseconds with the context around the window (restrict) added."""

WINDOW_RESPONSE_MIN_GAIN = 0.01
"""window_response() stops after a pass that gains less than this share of the objective
(as ColumnGeneration.best_response)."""


def window_response(instance: Instance, roster: Assignments, deadline: float,
                    window_days: int = WINDOW_RESPONSE_DAYS,
                    min_gain: float = WINDOW_RESPONSE_MIN_GAIN, threads: int = 2,
                    seed: int = 0, ties: bool = True) -> tuple[Assignments, int]:
    """Improve a legal roster one employee and one window at a time; returns the roster
    and how much it gained (the objective's fall, exact).

    A pass goes over the horizon in windows of ``window_days`` (block_spans: every other
    pass half a window on, so that the seams move). In a window each employee gets their
    best schedule on the window's stretch (restrict: the window and the context that keeps
    it exact), with the context days held as the roster has them: the cover lines' marginal
    values (weight_under while the others leave a line short, −weight_over once they meet
    it) and the employee's requests are the dynamic program's costs, so the change in its
    value is exactly the change in the objective. A change is kept only when it is
    strictly better, which makes the passes end. ``threads`` employees are priced at once
    (the dynamic program releases the GIL) against the roster before their batch, and their
    answers are judged in turn against the roster as it is by then. Passes go on until
    one gains less than ``min_gain`` of the objective, or the deadline. An employee
    whose dynamic program is too large for a window keeps their schedule there.

    With ``ties`` (the default) the passes first break ties at random (``seed``): each
    (day, shift) of the dynamic program's costs gets a random amount below
    SCALE / (stretch days + 1), so that schedules of equal value come in random order
    but never ahead of a better one (values are whole multiples of SCALE), and an answer
    of equal value is taken too (a sideways move). When a pass of those gains less than
    ``min_gain``, strict passes follow as above, so the roster still ends where no
    employee alone gains on the last pass's windows. Why: an employee at their most
    minutes or weekends who takes a short line gives up another shift of equal worth,
    which alone gains nothing; taken anyway, it leaves that shift to an employee with
    time to spare, who gains it in turn (a chain across employees, one step at a time;
    the strict passes stop at the first step). Whole runs (60 s, the forty-first
    session; a first version, with no strict passes after the random ones and the ties'
    seed always 0; with / without, pairs one after the other): 12x13 78 093 / 83 340,
    80 009 / 86 034, 78 756 / 86 224 (seeds 0–2); 12x13s2 155 208 / 175 241; 11x13s3
    155 467 / 162 289 (seed 0). Where it polishes block search's roster, within that
    search's spread: 8x13 24 364 / 25 307, 11x6 22 494 / 22 082; and on 11x6s2 (column
    generation given up) 44 363 / 44 126.

    Why: from the greedy roster of a 364-day stand-in with 60 staff (278 333), four passes
    took 6.5 s to 110 149, where the whole horizon's best response needs about 18 s for
    its first pass. Its own local optimum is worse than that best response's (about
    110 000 against 90 000: a window cannot move hours or weekends between far-apart
    weeks in one step), so it is a start for the whole horizon's best response, not a
    replacement. From the same three greedy rosters, the whole horizon's best response
    to 57 s ended at 97 138, 96 489 and 92 887; after this first, at 87 256, 88 477 and
    87 544. Whole runs (60 s, seeds 1 and 2, with / without): 12x13 85 004 / 92 576,
    84 054 / 92 667; 12x13s2 171 959 / 209 451, 180 428 / 201 163; 11x13s3 164 016 /
    180 448, 162 429 / 177 246; 11x13s3c5 204 257 / 266 160, 209 968 / 265 341. Before
    block search (8x13, 11x6, 8x3, seed 0) it did worse (30 864, 24 765, 4 742 against
    27 507, 22 729, 4 613), so block search starts from the greedy roster as before."""
    roster = {id_: list(row) for id_, row in roster.items()}
    cover = {(c.day, c.shift): (c.requirement, c.weight_under, c.weight_over)
             for c in instance.cover}
    count: dict[tuple[int, str], int] = {}
    for row in roster.values():
        for d, s in enumerate(row):
            if s != OFF:
                count[(d, s)] = count.get((d, s), 0) + 1
    objective = evaluate(instance, roster)
    if objective.breaches:
        raise ValueError(f"window_response needs a legal roster: {objective.breaches[0]}")
    value = objective.objective
    gained = 0  # scaled, as every value below
    rng = random.Random(seed)

    def coefficients(part_instance: Instance, first: int, window: tuple[int, int],
                     e: Employee, noise: int = 0
                     ) -> tuple[dict[tuple[int, str], int], dict[tuple[int, str], int]]:
        """The dynamic program's costs for employee e on the stretch (requests and
        marginal cover values), and the same with a random amount below ``noise`` added
        to each (the costs themselves when ``noise`` is at most 1); both with the context
        days held to the roster (labelling.held, after the noise, so that its weight
        still exceeds every spread)."""
        row = roster[e.id]
        _, costs = request_costs(part_instance, e)
        result = {}
        noisy = {}
        context = {}
        for d in range(part_instance.days):
            day = d + first
            for s in part_instance.shifts:
                cost = SCALE * costs.get((d, s), 0)
                line = cover.get((day, s))
                if line is not None:
                    requirement, under, over = line
                    others = count.get((day, s), 0) - (row[day] == s)
                    cost += -SCALE * under if others < requirement else SCALE * over
                result[(d, s)] = cost
                if noise > 1:
                    noisy[(d, s)] = cost + rng.randrange(noise)
                if not window[0] <= day < window[1]:
                    context[(d, s)] = row[day] == s
        exact = held(result, context)[0]
        return exact, held(noisy, context)[0] if noise > 1 else exact

    def worth(coefficient: dict[tuple[int, str], int], stretch: list[str]) -> int:
        return sum(coefficient[(d, s)] for d, s in enumerate(stretch) if s != OFF)

    def respond(pricing: LabellingPricing | None, coefficient: dict[tuple[int, str], int],
                current: int, days: int) -> list[str] | None:
        """The employee's best stretch, or None (no dynamic program, or none better)."""
        if pricing is None:
            return None
        try:
            found, least = pricing.solve(coefficient, keep=1, upper=current)
        except Overflow:
            return None
        if not found or least is None or least >= current:
            return None
        stretch = [OFF] * days
        for d, s in found[-1]:
            stretch[d] = s
        return stretch

    passes = 0
    sideways = ties  # the passes breaking ties at random, until one gains too little
    with ThreadPoolExecutor(threads) as pool:
        while time.perf_counter() < deadline:
            pass_gain = 0
            for window in block_spans(instance.days, window_days,
                                      (passes % 2) * (window_days // 2)):
                if time.perf_counter() >= deadline:
                    break
                part = restrict(instance, roster, range(*window))
                part_instance, first = part.instance, part.first
                stop = first + part_instance.days
                pricings = [LabellingPricing.build(part_instance, e)
                            for e in part_instance.employees]
                employees = list(zip(part_instance.employees, pricings))
                noise = SCALE // (part_instance.days + 1) if sideways else 0
                for start in range(0, len(employees), threads):
                    if time.perf_counter() >= deadline:
                        break
                    batch = employees[start:start + threads]
                    asked = [coefficients(part_instance, first, window, e, noise)
                             for e, _ in batch]
                    steered = [c for _, c in asked]
                    answers = list(pool.map(
                        respond, [p for _, p in batch], steered,
                        [worth(c, roster[e.id][first:stop])
                         for (e, _), c in zip(batch, steered)],
                        [part_instance.days] * len(batch)))
                    taken = False
                    for (e, _), answer, (costs, _) in zip(batch, answers, asked):
                        if answer is None:
                            continue
                        # Judged without noise against the roster as it is now: a
                        # batch-mate's change may have moved the cover this answer
                        # counted on.
                        now = (coefficients(part_instance, first, window, e)[0] if taken
                               else costs)
                        old = roster[e.id][first:stop]
                        gain = worth(now, old) - worth(now, answer)
                        # (An answer is strictly better than ``old`` at the costs it was
                        # given, so it differs from it: a gain of 0 is a sideways move.)
                        if gain < 0 or (gain == 0 and not sideways):
                            continue
                        for d, (was, new) in enumerate(zip(old, answer)):
                            if was != OFF:
                                count[(d + first, was)] -= 1
                            if new != OFF:
                                count[(d + first, new)] = count.get((d + first, new), 0) + 1
                        roster[e.id][first:stop] = answer
                        taken = True
                        pass_gain += gain
            passes += 1
            gained += pass_gain
            if pass_gain == 0 or pass_gain < min_gain * SCALE * value:
                if not sideways:
                    break
                sideways = False  # strict passes to the end
            value -= pass_gain // SCALE
    return roster, gained // SCALE
