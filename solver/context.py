"""What every constraint module gets: the model, the problem, the variables, and the
enforcement literals used when explaining infeasibility."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from roster.problem import Problem
from solver.variables import EmployeeVars

Family = tuple[str, object]
"""A group of constraints that an explanation can name: ('rule', 'daily_rest') or
('coverage', requirement index)."""


@dataclass
class ModelContext:
    model: cp_model.CpModel
    problem: Problem
    employees: list[EmployeeVars]
    explain: bool = False
    """When True, every hard constraint is enforced by its family's literal, and the
    literals are passed as assumptions, so that an infeasible core names families."""
    literals: dict[Family, cp_model.IntVar] = field(default_factory=dict)
    families: frozenset[Family] | None = None
    """Families to build; None builds all. Explanations drop families to test them."""

    def wants(self, family: Family) -> bool:
        return self.families is None or family in self.families

    def enforce(self, constraint: cp_model.Constraint, family: Family) -> cp_model.Constraint:
        if self.explain:
            if family not in self.literals:
                self.literals[family] = self.model.new_bool_var(f"assume{family}")
            constraint.only_enforce_if(self.literals[family])
        return constraint
