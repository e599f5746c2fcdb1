"""Decision variables, in a small container per employee."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from roster.problem import EmployeeSpec, Problem


@dataclass
class EmployeeVars:
    employee: EmployeeSpec
    x: dict[tuple[int, str], cp_model.IntVar] = field(default_factory=dict)
    """(day, shift code) → 1 if the employee works that shift that day. Only allowed codes
    get a variable; unavailable days are forbidden by a constraint (so that an explanation
    of infeasibility can name them)."""
    works: list[cp_model.IntVar] = field(default_factory=list)
    """day → 1 if the employee works any shift that day."""

    def day_slots(self, day: int) -> list[tuple[str, cp_model.IntVar]]:
        return [(code, self.x[(day, code)]) for code in self.employee.allowed
                if (day, code) in self.x]

    def minutes(self, problem: Problem, days: range | list[int] | None = None
                ) -> cp_model.LinearExprT:
        chosen = range(problem.days) if days is None else days
        return sum(problem.shifts[code].duration * var
                   for d in chosen for code, var in self.day_slots(d))


def create_variables(model: cp_model.CpModel, problem: Problem) -> list[EmployeeVars]:
    result = []
    for e in problem.employees:
        ev = EmployeeVars(e)
        for d in range(problem.days):
            for code in e.allowed:
                ev.x[(d, code)] = model.new_bool_var(f"x[{e.id},{d},{code}]")
            works = model.new_bool_var(f"works[{e.id},{d}]")
            # One shift a day at most (rule 1): works is the sum of the day's shifts.
            model.add(works == sum(var for _, var in ev.day_slots(d)))
            ev.works.append(works)
        result.append(ev)
    return result
