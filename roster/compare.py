"""Generated versus manual: two rosters of one unit through the same checker, score and cost
model, line by line, with the difference and which is better (for pilot evaluators).

Every figure is lower-is-better and comes from roster.checker, roster.scoring or
roster.cost, so the comparison and the checker cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from roster.checker import CheckResult, check
from roster.cost import annual_cost
from roster.i18n import LANGUAGES, grouped, t, texts
from roster.models import Unit
from roster.problem import POINT, SHARE_SCALE, compile_problem
from roster.schedule import Roster
from roster.timeline import coverage_counts


@dataclass(frozen=True)
class Line:
    key: str
    label: dict[str, str]
    """Label in nb and en."""
    generated: float
    manual: float
    unit: str = ""
    """'hours', 'money' or '' (a count)."""

    @property
    def difference(self) -> float:
        return self.generated - self.manual

    @property
    def better(self) -> str:
        if self.generated == self.manual:
            return "equal"
        return "generated" if self.generated < self.manual else "manual"


def _coverage_gap(problem, roster: Roster) -> int:
    """Person-shifts missing to reach each requirement's min (and skill counts)."""
    on_duty = coverage_counts(problem, roster)
    gap = 0
    for req in problem.coverage:
        for day in req.days:
            people = on_duty.get((day, req.shift), [])
            gap += max(0, req.min - len(people))
            for skill, need in req.skills:
                have = sum(skill in problem.employee_by_id(p).skills for p in people)
                gap += max(0, need - have)
    return gap


def _figures(unit: Unit, roster: Roster, result: CheckResult) -> dict[str, float]:
    problem = compile_problem(unit)
    q = result.score.quantities
    figures = {
        "hard_breaches": len(result.breaches),
        "coverage_gap": _coverage_gap(problem, roster),
        "coverage_below_target": q["coverage_below_target"],
        "fairness_worst": q["fairness_worst"] / SHARE_SCALE / 60,
        "fairness_total": q["fairness_total"] / SHARE_SCALE / 60,
        "hours_deviation": q["hours_deviation"] / 60,
        "wishes_broken": q["wish_avoid_shift"] + q["wish_prefer_shift"] + q["wish_day_off"],
        "quick_return": q["quick_return"],
        "isolated_work_day": q["isolated_work_day"],
        "isolated_day_off": q["isolated_day_off"],
        "objective": result.score.total / POINT,
        "wage_cost_year": float(annual_cost(unit, roster).total()),
    }
    for detail in result.score.fairness:
        key = f"fairness:{'/'.join(detail.group)}:{detail.kind}"
        figures[key] = detail.worst_minutes / 60
    return figures


LINES = ("hard_breaches", "coverage_gap", "coverage_below_target", "fairness_worst",
         "fairness_total", "hours_deviation", "wishes_broken", "quick_return",
         "isolated_work_day", "isolated_day_off", "objective", "wage_cost_year")
"""Line order; the per-group fairness lines follow fairness_total."""
UNIT_OF = {"fairness_worst": "hours", "fairness_total": "hours", "hours_deviation": "hours",
           "wage_cost_year": "money"}


def _unit_text(unit: str, lang: str) -> str:
    return t(f"unit.{unit}", lang) if unit else ""


@dataclass
class Comparison:
    lines: list[Line]
    generated: CheckResult
    manual: CheckResult

    def as_dict(self, lang: str) -> dict:
        return {"lines": [{"key": line.key, "label": line.label[lang],
                           "generated": round(line.generated, 2),
                           "manual": round(line.manual, 2),
                           "difference": round(line.difference, 2), "better": line.better,
                           "unit": _unit_text(line.unit, lang)} for line in self.lines]}


def compare(unit: Unit, generated: Roster, manual: Roster) -> Comparison:
    problem = compile_problem(unit)
    results = check(problem, generated), check(problem, manual)
    figures = [_figures(unit, r, c) for r, c in zip((generated, manual), results)]
    lines = []
    for key in figures[0].keys() | figures[1].keys():
        if key.startswith("fairness:"):
            _, group, kind = key.split(":")
            label = {lang: t("compare.line.fairness_group", lang, group=group,
                             kind=t(f"kind.{kind}", lang)) for lang in LANGUAGES}
            unit_text = "hours"
        else:
            label = {lang: t(f"compare.line.{key}", lang) for lang in LANGUAGES}
            unit_text = UNIT_OF.get(key, "")
        lines.append(Line(key, label, figures[0].get(key, 0.0), figures[1].get(key, 0.0),
                          unit_text))
    lines.sort(key=lambda line: (LINES.index(line.key) if line.key in LINES
                                 else LINES.index("fairness_total") + 0.5, line.key))
    return Comparison(lines, *results)


def render_comparison(unit: Unit, comparison: Comparison, lang: str) -> str:
    from roster.report import environment

    text = texts("compare", lang)

    def fmt(value: float) -> str:
        return grouped(value, 1 if value % 1 else 0)

    return environment().get_template("compare.html.j2").render(
        lang=lang, t=text, unit=unit, lines=comparison.lines, fmt=fmt,
        unit_text=lambda unit: _unit_text(unit, lang),
        manual_breaches=[b.message(lang) for b in comparison.manual.breaches],
        generated_breaches=[b.message(lang) for b in comparison.generated.breaches])
