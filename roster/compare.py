"""Generated versus manual: two rosters of one unit through the same checker, score and cost
model, line by line, with the difference and which is better (for pilot evaluators).

Every figure is lower-is-better and comes from roster.checker, roster.scoring or
roster.cost, so the comparison and the checker cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from roster.checker import CheckResult, check
from roster.cost import annual_cost
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


LABELS = {
    "hard_breaches": ("Brudd på harde regler", "Hard-rule breaches", ""),
    "coverage_gap": ("Bemanning under minimum (personvakter)",
                     "Staffing below minimum (person-shifts)", ""),
    "coverage_below_target": ("Bemanning under ønsket nivå (personvakter)",
                              "Staffing below target (person-shifts)", ""),
    "fairness_worst": ("Rettferdighet: største avvik, sum over grupper", "Fairness: worst "
                       "deviation, summed over groups", "hours"),
    "fairness_total": ("Rettferdighet: sum avvik", "Fairness: total deviation", "hours"),
    "hours_deviation": ("Avvik fra avtalte timer", "Deviation from contracted hours", "hours"),
    "wishes_broken": ("Ønsker brutt", "Wishes broken", ""),
    "quick_return": ("Korte vaktskifter", "Quick returns", ""),
    "isolated_work_day": ("Enkeltstående arbeidsdager", "Isolated work days", ""),
    "isolated_day_off": ("Enkeltstående fridager", "Isolated days off", ""),
    "objective": ("Målfunksjon (straffepoeng)", "Objective (penalty points)", ""),
    "wage_cost_year": ("Lønnskostnad per år", "Wage cost per year", "money"),
}
KIND_NB = {"evening": "kveld", "night": "natt", "weekend": "helg"}
UNITS = {"hours": {"nb": "t", "en": "h"}, "money": {"nb": "kr", "en": "NOK"},
         "": {"nb": "", "en": ""}}


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
                           "unit": UNITS[line.unit][lang]} for line in self.lines]}


def compare(unit: Unit, generated: Roster, manual: Roster) -> Comparison:
    problem = compile_problem(unit)
    results = check(problem, generated), check(problem, manual)
    figures = [_figures(unit, r, c) for r, c in zip((generated, manual), results)]
    lines = []
    for key in figures[0].keys() | figures[1].keys():
        if key.startswith("fairness:"):
            _, group, kind = key.split(":")
            label = {"nb": f"Rettferdighet {group}, {KIND_NB[kind]}: største avvik",
                     "en": f"Fairness {group}, {kind}: worst deviation"}
            unit_text = "hours"
        else:
            nb, en, unit_text = LABELS[key]
            label = {"nb": nb, "en": en}
        lines.append(Line(key, label, figures[0].get(key, 0.0), figures[1].get(key, 0.0),
                          unit_text))
    order = list(LABELS)
    lines.sort(key=lambda line: (order.index(line.key) if line.key in order
                                 else order.index("fairness_total") + 0.5, line.key))
    return Comparison(lines, *results)


TEXT = {
    "nb": {"title": "Generert og manuell turnus", "figure": "Mål", "generated": "Generert",
           "manual": "Manuell", "difference": "Forskjell", "better": "Best",
           "equal": "likt", "breaches_manual": "Brudd i den manuelle turnusen",
           "breaches_generated": "Brudd i den genererte turnusen", "none": "Ingen.",
           "intro": "Begge turnusene er kontrollert med de samme reglene; lavere er bedre på "
                    "hver linje."},
    "en": {"title": "Generated and manual roster", "figure": "Figure", "generated":
           "Generated", "manual": "Manual", "difference": "Difference", "better": "Better",
           "equal": "equal", "breaches_manual": "Breaches in the manual roster",
           "breaches_generated": "Breaches in the generated roster", "none": "None.",
           "intro": "Both rosters are checked by the same rules; lower is better on every "
                    "line."},
}


def render_comparison(unit: Unit, comparison: Comparison, lang: str) -> str:
    from roster.report import environment

    text = TEXT[lang]

    def fmt(value: float) -> str:
        shown = f"{value:,.1f}" if value % 1 else f"{value:,.0f}"
        return shown.replace(",", " ")

    return environment().get_template("compare.html.j2").render(
        lang=lang, t=text, unit=unit, lines=comparison.lines, fmt=fmt, units=UNITS,
        manual_breaches=[b.message(lang) for b in comparison.manual.breaches],
        generated_breaches=[b.message(lang) for b in comparison.generated.breaches])
