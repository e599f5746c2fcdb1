"""What a solve returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from roster.problem import POINT
from roster.schedule import Roster


@dataclass(frozen=True)
class Conflict:
    """One member of an infeasible core: a requirement or a rule family."""

    kind: str
    """'coverage' or 'rule'."""
    key: object
    """Requirement index, or rule name."""


@dataclass
class Explanation:
    conflicts: list[Conflict]
    minimal: bool
    """True when no member can be dropped (each was tested)."""


@dataclass
class SolveResult:
    status: str
    """OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN (time limit without a roster) or MODEL_INVALID."""
    roster: Roster | None
    objective: int | None
    """Internal units (roster.problem.POINT per penalty point)."""
    bound: int | None
    wall_time_s: float
    first_solution_s: float | None
    best_solution_s: float | None
    solutions: int
    seed: int
    workers: int
    time_limit_s: float
    components: dict[str, int] = field(default_factory=dict)
    explanation: Explanation | None = None

    @property
    def found(self) -> bool:
        return self.roster is not None

    @property
    def objective_points(self) -> float | None:
        return None if self.objective is None else self.objective / POINT

    @property
    def bound_points(self) -> float | None:
        return None if self.bound is None else self.bound / POINT

    @property
    def gap(self) -> float | None:
        """Relative gap (objective − bound) / objective; 0 when proven optimal."""
        if self.objective is None or self.bound is None:
            return None
        if self.objective == 0:
            return 0.0
        return max(0.0, (self.objective - self.bound) / abs(self.objective))

    def facts(self) -> dict[str, Any]:
        """What roster.json records under "solver"."""
        return {
            "status": self.status,
            "objective": self.objective,
            "objective_points": self.objective_points,
            "bound": self.bound,
            "bound_points": self.bound_points,
            "gap": self.gap,
            "wall_time_s": round(self.wall_time_s, 3),
            "first_solution_s": None if self.first_solution_s is None
            else round(self.first_solution_s, 3),
            "best_solution_s": None if self.best_solution_s is None
            else round(self.best_solution_s, 3),
            "solutions": self.solutions,
            "seed": self.seed,
            "workers": self.workers,
            "time_limit_s": self.time_limit_s,
            "components": self.components,
        }
