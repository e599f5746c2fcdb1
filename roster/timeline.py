"""Per-person view of a roster in time: the facts every rule and KPI is computed from."""

from __future__ import annotations

from dataclasses import dataclass, field

from roster.calendar import UNSOCIAL_KINDS
from roster.problem import EmployeeSpec, Problem
from roster.schedule import Roster


@dataclass(frozen=True)
class Worked:
    day: int
    shift: str
    start: int
    end: int


@dataclass
class Timeline:
    employee: EmployeeSpec
    shifts: list[Worked] = field(default_factory=list)
    """Sorted by start; a hand-made roster may hold two on one day."""

    @property
    def worked_days(self) -> set[int]:
        return {w.day for w in self.shifts}

    @property
    def minutes(self) -> int:
        return sum(w.end - w.start for w in self.shifts)

    def unsocial(self, problem: Problem) -> dict[str, int]:
        totals = {kind: 0 for kind in UNSOCIAL_KINDS}
        for w in self.shifts:
            for kind, minutes in problem.unsocial[(w.day % 7, w.shift)].items():
                totals[kind] += minutes
        return totals

    def successions(self, horizon: int) -> list[tuple[Worked, Worked, int]]:
        """Each shift with the next one (wrapping round the repeating roster) and the rest
        between them in minutes."""
        result = []
        n = len(self.shifts)
        for i, current in enumerate(self.shifts):
            following = self.shifts[(i + 1) % n]
            start = following.start + (horizon if i + 1 == n else 0)
            result.append((current, following, start - current.end))
        return result

    def wishes_broken(self) -> dict[str, int]:
        """Shifts of an avoided code; shifts not of a preferred code (when the person prefers
        some); wished days off worked."""
        e = self.employee
        return {
            "wish_avoid_shift": sum(w.shift in e.avoid_shifts for w in self.shifts),
            "wish_prefer_shift": sum(bool(e.prefer_shifts) and w.shift not in e.prefer_shifts
                                     for w in self.shifts),
            "wish_day_off": len(self.worked_days & e.wish_days_off),
        }

    def weekend_days_worked(self, problem: Problem, weekend: int) -> tuple[bool, bool]:
        saturday, sunday = problem.weekend_days(weekend)
        days = self.worked_days
        return saturday in days, sunday in days


def timelines(problem: Problem, roster: Roster) -> list[Timeline]:
    """One timeline per employee of the unit, in the unit's order."""
    result = {e.id: Timeline(e) for e in problem.employees}
    for a in roster.assignments:
        start, end = problem.interval(a.day, a.shift)
        result[a.employee_id].shifts.append(Worked(a.day, a.shift, start, end))
    for timeline in result.values():
        timeline.shifts.sort(key=lambda w: (w.start, w.end))
    return list(result.values())


def coverage_counts(problem: Problem, roster: Roster) -> dict[tuple[int, str], list[str]]:
    """(day, shift) → employee ids on it."""
    counts: dict[tuple[int, str], list[str]] = {}
    for a in roster.assignments:
        counts.setdefault((a.day, a.shift), []).append(a.employee_id)
    return counts
