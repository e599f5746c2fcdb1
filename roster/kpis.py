"""Per-person figures a manager reads: hours against contract, unsocial load, weekends,
wishes broken. Computed from the same timelines as the checker and the score."""

from __future__ import annotations

from dataclasses import dataclass

from roster.problem import Problem
from roster.timeline import Timeline


@dataclass(frozen=True)
class EmployeeKpi:
    id: str
    name: str
    fte: float
    minutes: int
    target_minutes: int
    shifts: int
    evening_minutes: int
    night_minutes: int
    weekend_minutes: int
    weekends_worked: int
    wishes_broken: int

    @property
    def unsocial_share(self) -> float:
        """Evening, night and weekend minutes (each counted once per kind) per worked minute."""
        if not self.minutes:
            return 0.0
        return (self.evening_minutes + self.night_minutes + self.weekend_minutes) / self.minutes


def employee_kpis(problem: Problem, lines: list[Timeline]) -> list[EmployeeKpi]:
    result = []
    for line in lines:
        e = line.employee
        person = problem.unit.employee(e.id)
        load = line.unsocial(problem)
        weekends = sum(any(line.weekend_days_worked(problem, k)) for k in range(problem.weeks))
        broken = sum(line.wishes_broken().values())
        result.append(EmployeeKpi(
            id=e.id, name=e.name, fte=person.fte, minutes=line.minutes,
            target_minutes=e.target_minutes, shifts=len(line.shifts),
            evening_minutes=load["evening"], night_minutes=load["night"],
            weekend_minutes=load["weekend"], weekends_worked=weekends, wishes_broken=broken))
    return result
