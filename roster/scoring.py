"""Soft goals: the objective, defined on a finished roster.

The solver's objective (``solver/objective.py``) builds exactly these quantities; tests
check that the two give the same total for every roster the solver returns. All values are
integers; the total is Σ coefficient × quantity in internal units (``problem.POINT`` per
penalty point). Weights are set in :class:`roster.models.Weights`.

Components:

- **fairness** — for each group of people who may work the same shifts and each kind of
  unsocial time the group can get (evening 17–21, night 21–06, weekend Sat 00–Sun 24; KS
  HTA ch. 1 § 5, domain §2b): person e's fair share of the group's total U_g is their
  share of the group's contracted hours. Deviation D_e = |SHARE_SCALE·U_e − share_e·U_g|
  (in 1/SHARE_SCALE minute). Penalised: the worst D per group and kind, then the sum.
  Contracted hours are used as "their hours" because rule 8 keeps worked hours within the
  tolerance of them, and it keeps the measure linear. Wishes about shift types come first
  for the time those shifts carry (``Problem.fairness_groups``): whoever avoids every
  shift with evening (night) time, or prefers one, is left out of that comparison.
- **coverage_below_target** — people missing to reach a requirement's target, per day.
- **coverage_surplus_peak** — per requirement, the largest surplus over target (else min)
  on any one day, so that surplus is spread over the days rather than piled up.
- **wish_avoid_shift / wish_prefer_shift / wish_day_off** — shifts of an avoided code,
  shifts not of a preferred code (when the person prefers some), wished days off worked.
- **isolated_work_day / isolated_day_off** — a lone work day between days off, and a lone
  day off between work days (wrapping round).
- **quick_return** — a return to work with less than quick_return_hours rest (domain §1,
  S24 "sein–tidlig").
- **hours_deviation** — minutes between worked and contracted hours.
"""

from __future__ import annotations

from dataclasses import dataclass

from roster.problem import POINT, SHARE_SCALE, Problem
from roster.schedule import Roster
from roster.timeline import Timeline, coverage_counts

COMPONENTS = (
    "fairness_worst", "fairness_total", "coverage_below_target", "coverage_surplus_peak",
    "wish_avoid_shift", "wish_prefer_shift", "wish_day_off", "isolated_work_day",
    "isolated_day_off", "quick_return", "hours_deviation",
)


@dataclass(frozen=True)
class FairnessDetail:
    group: tuple[str, ...]
    kind: str
    loads: dict[str, int]
    """Employee id → minutes of this kind."""
    deviations: dict[str, int]
    """Employee id → D_e in 1/SHARE_SCALE minute."""

    @property
    def worst_minutes(self) -> float:
        return max(self.deviations.values()) / SHARE_SCALE


@dataclass(frozen=True)
class Score:
    quantities: dict[str, int]
    coefficients: dict[str, int]
    fairness: tuple[FairnessDetail, ...]

    def internal(self, component: str) -> int:
        return self.quantities[component] * self.coefficients[component]

    @property
    def total(self) -> int:
        """The objective in internal units, exactly what the solver minimises."""
        return sum(self.internal(c) for c in COMPONENTS)

    @property
    def points(self) -> float:
        return self.total / POINT

    def shown(self, component: str) -> str:
        """A component's quantity as people read it: hours for fairness and hours deviation,
        otherwise a count."""
        quantity = self.quantities[component]
        if component.startswith("fairness"):
            return f"{quantity / SHARE_SCALE / 60:.1f}"
        if component == "hours_deviation":
            return f"{quantity / 60:.1f}"
        return str(quantity)


def fairness_details(problem: Problem, lines: list[Timeline]) -> tuple[FairnessDetail, ...]:
    loads = [line.unsocial(problem) for line in lines]
    details = []
    for group in problem.fairness_groups:
        kind = group.kind
        total = sum(loads[i][kind] for i in group.members)
        deviations = {
            problem.employees[i].id: abs(SHARE_SCALE * loads[i][kind] - share * total)
            for i, share in zip(group.members, group.shares)
        }
        details.append(FairnessDetail(
            group.shifts, kind,
            {problem.employees[i].id: loads[i][kind] for i in group.members}, deviations))
    return tuple(details)


def score(problem: Problem, roster: Roster, lines: list[Timeline]) -> Score:
    q = dict.fromkeys(COMPONENTS, 0)
    fairness = fairness_details(problem, lines)
    for detail in fairness:
        q["fairness_worst"] += max(detail.deviations.values())
        q["fairness_total"] += sum(detail.deviations.values())

    on_duty = coverage_counts(problem, roster)
    for req in problem.coverage:
        peak = 0
        for day in req.days:
            count = len(on_duty.get((day, req.shift), []))
            if req.target is not None:
                q["coverage_below_target"] += max(0, req.target - count)
            peak = max(peak, count - req.surplus_reference)
        q["coverage_surplus_peak"] += peak

    n = problem.days
    for line in lines:
        e = line.employee
        days = line.worked_days
        for name, count in line.wishes_broken().items():
            q[name] += count
        for d in range(n):
            before, after = (d - 1) % n in days, (d + 1) % n in days
            if d in days and not before and not after:
                q["isolated_work_day"] += 1
            if d not in days and before and after:
                q["isolated_day_off"] += 1
        if line.shifts:
            q["quick_return"] += sum(
                1 for _, _, rest in line.successions(problem.horizon) if rest < problem.quick_return
            )
        q["hours_deviation"] += abs(line.minutes - e.target_minutes)

    c = problem.coefficients
    coefficients = {name: getattr(c, name) for name in COMPONENTS}
    return Score(q, coefficients, fairness)
