"""The rule checker: the executable specification of a legal base roster.

It judges any roster, made by the solver or by hand, against every hard rule and returns
each breach in plain words, with the soft-goal score (:mod:`roster.scoring`) and KPIs.
The solver (``solver/``) must produce rosters this module accepts with zero breaches.

Rules and sources (domain = ``shared/domain/norwegian-rostering.md``):

1. At most one shift a day; only allowed shift codes; nothing on unavailable days.
2. Coverage per requirement (bemanningsplan, domain §2c): min, max, skills.
3. Daily rest ≥ daily_rest_hours between the end of a shift and the next (AML § 10-8 (1)).
4. Weekly rest: a continuous stretch ≥ weekly_rest_hours inside every calendar week,
   Monday 00:00 to Monday 00:00 (AML § 10-8 (2); week boundary Sun/Mon per domain §1).
5. At most max_consecutive_days days in a row with a shift.
6. Weekends (helgebelastning, domain §2c): weeks / weekend_every weekends worked (either
   neighbouring whole number), never two in a row when weekend_every ≥ 2, Saturday and
   Sunday together.
7. Hours of shifts starting in a calendar week ≤ max_weekly_hours (AML § 10-5).
8. Total hours within ± hours_tolerance_per_week · weeks of fte · weekly hours · weeks
   (HTA ch. 1 § 4: 35.5 h for turnus with every third Sunday).

The roster repeats: every rule wraps around from the last day to day 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from roster.calendar import MINUTES_PER_WEEK, day_label
from roster.i18n import current_language, hours, t
from roster.problem import Problem
from roster.schedule import Roster
from roster.scoring import Score, score
from roster.timeline import Timeline, coverage_counts, timelines

RULES = (
    "double_booking", "shift_not_allowed", "unavailable", "coverage_min", "coverage_max",
    "coverage_skill", "daily_rest", "weekly_rest", "max_consecutive", "weekend_count",
    "weekend_consecutive", "weekend_split", "weekly_hours", "total_hours",
)
MINUTE_PARAMS = ("rest", "need", "hours", "max_hours", "target", "tolerance")
"""Breach parameters held in minutes and shown as hours."""


@dataclass(frozen=True)
class Breach:
    rule: str
    params: dict[str, Any]
    employee_id: str | None = None
    day: int | None = None

    def message(self, lang: str | None = None) -> str:
        params = dict(self.params)
        for key in ("day", "first_day", "second_day"):
            if key in params and isinstance(params[key], int):
                params[key] = day_label(params[key], current_language(lang))
        for key in MINUTE_PARAMS:
            if key in params:
                params[key] = hours(params[key], lang)
        if self.rule == "weekend_split":
            params["which"] = t("word.saturday" if params["which"] == "sat" else "word.sunday",
                                lang)
        return t(f"breach.{self.rule}", lang, **params)


@dataclass
class CheckResult:
    breaches: list[Breach]
    score: Score
    timelines: list[Timeline] = field(repr=False)

    @property
    def ok(self) -> bool:
        return not self.breaches

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The result as `roster check --json` prints it and the API returns it."""
        return {
            "ok": self.ok,
            "breaches": [{"rule": b.rule, "employee_id": b.employee_id, "day": b.day,
                          "message": b.message(lang)} for b in self.breaches],
            "objective": self.score.total,
            "objective_points": self.score.points,
            "components": self.score.quantities,
        }

    def by_rule(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for breach in self.breaches:
            counts[breach.rule] = counts.get(breach.rule, 0) + 1
        return counts


def check(problem: Problem, roster: Roster) -> CheckResult:
    """Judge ``roster`` against every hard rule of ``problem``."""
    lines = timelines(problem, roster)
    breaches: list[Breach] = []
    for line in lines:
        breaches += _assignment_rules(problem, line)
        breaches += _daily_rest(problem, line)
        breaches += _weekly_rest(problem, line)
        breaches += _consecutive_days(problem, line)
        breaches += _weekends(problem, line)
        breaches += _hours(problem, line)
    breaches += _coverage(problem, roster)
    return CheckResult(breaches, score(problem, roster, lines), lines)


def _assignment_rules(problem: Problem, line: Timeline) -> list[Breach]:
    """Rule 1: one shift a day, allowed codes, unavailable days."""
    e = line.employee
    found = []
    per_day: dict[int, int] = {}
    for w in line.shifts:
        per_day[w.day] = per_day.get(w.day, 0) + 1
        if w.shift not in e.allowed:
            found.append(Breach("shift_not_allowed", {"name": e.name, "shift": w.shift,
                                                      "day": w.day}, e.id, w.day))
        if w.day in e.unavailable:
            found.append(Breach("unavailable", {"name": e.name, "shift": w.shift, "day": w.day},
                                e.id, w.day))
    for day, count in sorted(per_day.items()):
        if count > 1:
            found.append(Breach("double_booking", {"name": e.name, "count": count, "day": day},
                                e.id, day))
    return found


def _coverage(problem: Problem, roster: Roster) -> list[Breach]:
    """Rule 2: min, max and skills of every requirement on every day it names."""
    on_duty = coverage_counts(problem, roster)
    found = []
    for req in problem.coverage:
        for day in req.days:
            people = on_duty.get((day, req.shift), [])
            base = {"day": day, "shift": req.shift, "req": req.index + 1, "count": len(people)}
            if len(people) < req.min:
                found.append(Breach("coverage_min", {**base, "limit": req.min}, day=day))
            if req.max is not None and len(people) > req.max:
                found.append(Breach("coverage_max", {**base, "limit": req.max}, day=day))
            for skill, need in req.skills:
                have = sum(1 for p in people if skill in problem.employee_by_id(p).skills)
                if have < need:
                    found.append(Breach("coverage_skill", {**base, "count": have,
                                                           "skill": skill, "limit": need}, day=day))
    return found


def _daily_rest(problem: Problem, line: Timeline) -> list[Breach]:
    """Rule 3: rest from the end of each shift to the start of the next, wrapping round."""
    e = line.employee
    found = []
    for current, following, rest in line.successions(problem.horizon):
        if rest < problem.daily_rest:
            found.append(Breach("daily_rest", {
                "name": e.name, "rest": rest, "need": problem.daily_rest,
                "first": current.shift, "first_day": current.day,
                "second": following.shift, "second_day": following.day}, e.id, current.day))
    return found


def _weekly_rest(problem: Problem, line: Timeline) -> list[Breach]:
    """Rule 4: the longest off-duty stretch inside each calendar week.

    A shift from the previous week (or, wrapping, from the last Sunday of the turnus) that
    runs past Monday 00:00 occupies the start of the week.
    """
    e = line.employee
    found = []
    horizon = problem.horizon
    busy_all = [(w.start + shift, w.end + shift) for w in line.shifts
                for shift in (-horizon, 0, horizon)]
    for week in range(problem.weeks):
        lo, hi = week * MINUTES_PER_WEEK, (week + 1) * MINUTES_PER_WEEK
        busy = sorted((max(a, lo), min(b, hi)) for a, b in busy_all if a < hi and b > lo)
        longest, free_from = 0, lo
        for a, b in busy:
            longest = max(longest, a - free_from)
            free_from = max(free_from, b)
        longest = max(longest, hi - free_from)
        if longest < problem.weekly_rest:
            found.append(Breach("weekly_rest", {"name": e.name, "week": week + 1,
                                                "rest": longest, "need": problem.weekly_rest},
                                e.id, 7 * week))
    return found


def _consecutive_days(problem: Problem, line: Timeline) -> list[Breach]:
    """Rule 5: runs of days with a shift, wrapping round."""
    e = line.employee
    days = line.worked_days
    n = problem.days
    if len(days) == n:
        return [Breach("max_consecutive", {"name": e.name, "count": n, "day": 0,
                                           "limit": problem.max_consecutive}, e.id, 0)]
    found = []
    for start in sorted(d for d in days if (d - 1) % n not in days):
        length = 0
        while (start + length) % n in days:
            length += 1
        if length > problem.max_consecutive:
            found.append(Breach("max_consecutive", {"name": e.name, "count": length,
                                                    "day": start,
                                                    "limit": problem.max_consecutive},
                                e.id, start))
    return found


def _weekends(problem: Problem, line: Timeline) -> list[Breach]:
    """Rule 6: number of weekends, none two in a row, Saturday and Sunday together."""
    e = line.employee
    found = []
    worked = []
    for weekend in range(problem.weeks):
        saturday, sunday = line.weekend_days_worked(problem, weekend)
        worked.append(saturday or sunday)
        if saturday != sunday:
            found.append(Breach("weekend_split", {"name": e.name, "weekend": weekend + 1,
                                                  "which": "sat" if saturday else "sun"},
                                e.id, 7 * weekend + 5))
    count = sum(worked)
    if not e.weekends_min <= count <= e.weekends_max:
        expected = (str(e.weekends_min) if e.weekends_min == e.weekends_max
                    else f"{e.weekends_min}–{e.weekends_max}")
        found.append(Breach("weekend_count", {"name": e.name, "count": count,
                                              "expected": expected}, e.id))
    if e.weekend_every >= 2 and problem.weeks >= 2:
        pairs = range(problem.weeks) if problem.weeks > 2 else range(1)
        for k in pairs:
            following = (k + 1) % problem.weeks
            if worked[k] and worked[following]:
                found.append(Breach("weekend_consecutive", {"name": e.name, "first": k + 1,
                                                            "second": following + 1},
                                    e.id, 7 * k + 5))
    return found


def _hours(problem: Problem, line: Timeline) -> list[Breach]:
    """Rules 7 and 8: hours per calendar week (by start day) and over the turnus."""
    e = line.employee
    found = []
    per_week = [0] * problem.weeks
    for w in line.shifts:
        per_week[w.day // 7] += w.end - w.start
    for week, minutes in enumerate(per_week):
        if minutes > problem.max_weekly_minutes:
            found.append(Breach("weekly_hours", {"name": e.name, "week": week + 1,
                                                 "hours": minutes,
                                                 "max_hours": problem.max_weekly_minutes},
                                e.id, 7 * week))
    total = line.minutes
    if not e.min_minutes <= total <= e.max_minutes:
        found.append(Breach("total_hours", {"name": e.name, "hours": total,
                                            "target": e.target_minutes,
                                            "tolerance": e.max_minutes - e.target_minutes},
                            e.id))
    return found
