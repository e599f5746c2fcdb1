"""The staffing plan compiled to plain integer data, shared by the checker and the solver.

Both sides read every limit (minutes of rest, target hours, weekend counts, fair shares,
objective coefficients) from here, so they cannot disagree on a parameter; each then
evaluates the rules in its own way (the checker on intervals, the solver as constraints).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

from roster.calendar import (
    MINUTES_PER_DAY,
    SATURDAY,
    SUNDAY,
    UNSOCIAL_KINDS,
    day_index,
    unsocial_minutes,
)
from roster.models import DayRef, Unit

SHARE_SCALE = 10_000
"""Fair shares are held in basis points (1/10 000) of the group's contracted hours."""

POINT = 600_000
"""Internal objective units per penalty point. Fairness deviations are measured in
1/SHARE_SCALE minute, so one hour of deviation is exactly POINT internal units."""


def round_half_up(value: Fraction) -> int:
    return int((value + Fraction(1, 2)).__floor__())


def hours_to_minutes(hours: float) -> int:
    """Whole minutes from hours given in the file, rounded the same way everywhere."""
    return round_half_up(Fraction(str(hours)) * 60)


@dataclass(frozen=True)
class ShiftSpec:
    code: str
    start: int
    """Minutes after midnight of the day the shift belongs to."""
    duration: int

    @property
    def end(self) -> int:
        """End in minutes after midnight of the start day (may exceed 1440)."""
        return self.start + self.duration


@dataclass(frozen=True)
class EmployeeSpec:
    index: int
    id: str
    name: str
    skills: frozenset[str]
    allowed: tuple[str, ...]
    unavailable: frozenset[int]
    target_minutes: int
    min_minutes: int
    max_minutes: int
    weekend_every: int
    """0: works no weekends."""
    weekends_min: int
    weekends_max: int
    avoid_shifts: frozenset[str]
    prefer_shifts: frozenset[str]
    wish_days_off: frozenset[int]

    def may_work(self, day: int, code: str) -> bool:
        return code in self.allowed and day not in self.unavailable


@dataclass(frozen=True)
class CoverageSpec:
    index: int
    shift: str
    days: tuple[int, ...]
    """Day indices of the turnus the requirement applies to."""
    weekdays: tuple[int, ...]
    min: int
    target: int | None
    max: int | None
    skills: tuple[tuple[str, int], ...]

    @property
    def surplus_reference(self) -> int:
        return self.target if self.target is not None else self.min


@dataclass(frozen=True)
class FairnessGroup:
    """People whose load of one kind of unsocial time is compared: they may work the same
    shifts, and none of them has waived the comparison by a wish (see fairness_groups)."""

    shifts: tuple[str, ...]
    kind: str
    members: tuple[int, ...]
    """Employee indices."""
    shares: tuple[int, ...]
    """Each member's fair share of the group's load, in basis points of the members'
    contracted hours (aligned with ``members``)."""


@dataclass(frozen=True)
class Coefficients:
    """Internal objective coefficients derived from :class:`roster.models.Weights`."""

    fairness_worst: int
    fairness_total: int
    coverage_below_target: int
    coverage_surplus_peak: int
    wish_avoid_shift: int
    wish_prefer_shift: int
    wish_day_off: int
    isolated_work_day: int
    isolated_day_off: int
    quick_return: int
    hours_deviation: int
    """Per minute."""


@dataclass(frozen=True)
class Problem:
    unit: Unit
    weeks: int
    days: int
    shifts: dict[str, ShiftSpec]
    employees: tuple[EmployeeSpec, ...]
    coverage: tuple[CoverageSpec, ...]
    daily_rest: int
    weekly_rest: int
    quick_return: int
    max_consecutive: int
    max_weekly_minutes: int
    coefficients: Coefficients
    unsocial: dict[tuple[int, str], dict[str, int]] = field(repr=False)
    """(weekday, shift code) → minutes in each tariff window."""

    @property
    def horizon(self) -> int:
        return self.days * MINUTES_PER_DAY

    def employee_by_id(self, employee_id: str) -> EmployeeSpec:
        return self._by_id[employee_id]

    @cached_property
    def _by_id(self) -> dict[str, EmployeeSpec]:
        return {e.id: e for e in self.employees}

    def interval(self, day: int, code: str) -> tuple[int, int]:
        """Absolute [start, end) minutes of a shift worked on ``day``."""
        shift = self.shifts[code]
        start = day * MINUTES_PER_DAY + shift.start
        return start, start + shift.duration

    def rest_between(self, first: str, second: str, days_later: int) -> int:
        """Minutes from the end of ``first`` to the start of ``second`` ``days_later`` on."""
        a, b = self.shifts[first], self.shifts[second]
        return days_later * MINUTES_PER_DAY + b.start - a.end

    def weekend_days(self, weekend: int) -> tuple[int, int]:
        return 7 * weekend + SATURDAY, 7 * weekend + SUNDAY

    def carries(self, code: str, kind: str) -> bool:
        """Whether a shift type has time of this kind on an ordinary weekday (evening and
        night are properties of the shift; weekend time depends on the day instead)."""
        return self.unsocial[(0, code)][kind] > 0

    @cached_property
    def fairness_groups(self) -> tuple[FairnessGroup, ...]:
        """One group per set of allowed shifts and kind of unsocial time.

        Wishes about shift types come before fairness for the time those shifts carry: a
        person who avoids every shift with evening (night) time is not held to a share of
        it, and one who prefers such a shift is not counted as overloaded by it. Weekend
        time is always compared: the weekend rule, not the shift type, sets it.
        """
        by_shifts: dict[tuple[str, ...], list[EmployeeSpec]] = {}
        for employee in self.employees:
            by_shifts.setdefault(tuple(sorted(employee.allowed)), []).append(employee)
        groups = []
        for shifts, people in by_shifts.items():
            for kind in UNSOCIAL_KINDS:
                if not any(self.unsocial[(wd, s)][kind] for wd in range(7) for s in shifts):
                    continue
                members = [e for e in people if self._compared(e, kind)]
                total = sum(m.target_minutes for m in members)
                if len(members) < 2 or not total:
                    continue
                shares = tuple(round_half_up(Fraction(m.target_minutes * SHARE_SCALE, total))
                               for m in members)
                groups.append(FairnessGroup(shifts, kind, tuple(m.index for m in members),
                                            shares))
        return tuple(groups)

    def _compared(self, employee: EmployeeSpec, kind: str) -> bool:
        if kind == "weekend":
            return True
        if any(self.carries(code, kind) for code in employee.prefer_shifts):
            return False
        return any(self.carries(code, kind) for code in employee.allowed
                   if code not in employee.avoid_shifts)


def _day_refs(refs: list[DayRef]) -> frozenset[int]:
    return frozenset(day_index(ref.week, ref.day) for ref in refs)


def _coefficients(unit: Unit) -> Coefficients:
    w = unit.weights
    per_event = POINT
    per_minute = POINT // 60

    def scaled(weight: float, unit_size: int) -> int:
        return round_half_up(Fraction(str(weight)) * unit_size)

    return Coefficients(
        # Fairness deviations are in 1/SHARE_SCALE minute: POINT of them make one hour.
        fairness_worst=scaled(w.fairness_worst, 1),
        fairness_total=scaled(w.fairness_total, 1),
        coverage_below_target=scaled(w.coverage_below_target, per_event),
        coverage_surplus_peak=scaled(w.coverage_surplus_peak, per_event),
        wish_avoid_shift=scaled(w.wish_avoid_shift, per_event),
        wish_prefer_shift=scaled(w.wish_prefer_shift, per_event),
        wish_day_off=scaled(w.wish_day_off, per_event),
        isolated_work_day=scaled(w.isolated_work_day, per_event),
        isolated_day_off=scaled(w.isolated_day_off, per_event),
        quick_return=scaled(w.quick_return, per_event),
        hours_deviation=scaled(w.hours_deviation, per_minute),
    )


def compile_problem(unit: Unit) -> Problem:
    """Turn a validated unit into the integer data both checker and solver use."""
    rules = unit.rules
    weeks = unit.turnus.weeks
    days = 7 * weeks
    shifts = {
        s.code: ShiftSpec(s.code, s.start_minute, s.duration_minutes) for s in unit.shift_types
    }
    unsocial = {
        (wd, code): unsocial_minutes(spec.start, spec.duration, wd)
        for wd in range(7)
        for code, spec in shifts.items()
    }
    tolerance = round_half_up(Fraction(str(rules.hours_tolerance_per_week)) * 60 * weeks)
    employees = []
    for index, person in enumerate(unit.staff):
        weekly = person.weekly_hours if person.weekly_hours is not None else (
            rules.full_time_weekly_hours
        )
        target = round_half_up(Fraction(str(person.fte)) * Fraction(str(weekly)) * 60 * weeks)
        every = person.weekend_every if person.weekend_every is not None else (
            rules.weekend_every
        )
        if every == 0:
            lo = hi = 0
        else:
            # weeks / weekend_every weekends; when not whole, either neighbouring whole number.
            lo, hi = weeks // every, -(-weeks // every)
        wish_days = set(_day_refs([d for d in person.wishes.days_off if isinstance(d, DayRef)]))
        for weekday in (d for d in person.wishes.days_off if isinstance(d, int)):
            wish_days.update(7 * w + weekday for w in range(weeks))
        employees.append(
            EmployeeSpec(
                index=index,
                id=person.id,
                name=person.name,
                skills=frozenset(person.skills),
                allowed=tuple(unit.allowed_shifts(person)),
                unavailable=_day_refs(person.unavailable),
                target_minutes=target,
                min_minutes=max(0, target - tolerance),
                max_minutes=target + tolerance,
                weekend_every=every,
                weekends_min=lo,
                weekends_max=hi,
                avoid_shifts=frozenset(person.wishes.avoid_shifts),
                prefer_shifts=frozenset(person.wishes.prefer_shifts),
                wish_days_off=frozenset(wish_days),
            )
        )
    coverage = tuple(
        CoverageSpec(
            index=i,
            shift=req.shift,
            days=tuple(d for d in range(days) if d % 7 in req.days),
            weekdays=tuple(req.days),
            min=req.min,
            target=req.target,
            max=req.max,
            skills=tuple(sorted(req.skills.items())),
        )
        for i, req in enumerate(unit.requirements)
    )
    return Problem(
        unit=unit,
        weeks=weeks,
        days=days,
        shifts=shifts,
        employees=tuple(employees),
        coverage=coverage,
        daily_rest=hours_to_minutes(rules.daily_rest_hours),
        weekly_rest=hours_to_minutes(rules.weekly_rest_hours),
        quick_return=hours_to_minutes(rules.quick_return_hours),
        max_consecutive=rules.max_consecutive_days,
        max_weekly_minutes=hours_to_minutes(rules.max_weekly_hours),
        coefficients=_coefficients(unit),
        unsocial=unsocial,
    )
