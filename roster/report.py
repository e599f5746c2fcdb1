"""The roster report for the unit manager: one self-contained HTML file (Jinja2, inline CSS
and SVG, no network), printable on A4 landscape, in bokmål or English.

Sections: the grid (weekends shaded, shifts coloured, hours against target), coverage per
day and shift against min/target, the distribution of unsocial time (a matplotlib chart
and the fairness spread per group), rule compliance (every hard breach, the soft
indicators), wage cost (roster.cost), and the solver's facts. Everything a person typed is
escaped by Jinja2's autoescaping; the chart draws text as paths, so names cannot inject
markup there either.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape

from roster.calendar import WEEKDAYS_EN, WEEKDAYS_NB, column_label
from roster.checker import CheckResult, check
from roster.cost import CATEGORIES, annual_cost, turnus_cost
from roster.i18n import current_language, t, texts
from roster.kpis import employee_kpis
from roster.models import Unit
from roster.problem import POINT, SHARE_SCALE, compile_problem
from roster.schedule import Roster
from roster.timeline import coverage_counts

PALETTE = ("#cfe3f7", "#f9d9a8", "#c9c3ee", "#cdeccd", "#f4c7cf", "#e6e1c5", "#c5e6e6")

@dataclass(frozen=True)
class Cell:
    code: str
    css: str


def environment() -> Environment:
    return Environment(loader=PackageLoader("roster", "templates"),
                       autoescape=select_autoescape(["html", "j2"]), trim_blocks=True,
                       lstrip_blocks=True)


def unsocial_chart(names: list[str], shares: dict[str, list[float]], labels: dict[str, str]
                   ) -> str:
    """Grouped horizontal bars of evening, night and weekend time per person, as inline SVG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "path"  # text as outlines: nothing typed becomes markup
    height = max(2.5, 0.22 * len(names) + 1)
    fig, ax = plt.subplots(figsize=(8, height))
    bar = 0.27
    for k, (kind, colour) in enumerate(zip(("evening", "night", "weekend"),
                                           ("#e69f00", "#56b4e9", "#009e73"))):
        ys = [i + (k - 1) * bar for i in range(len(names))]
        ax.barh(ys, [100 * v for v in shares[kind]], height=bar, color=colour,
                label=labels[kind])
    ax.set_yticks(range(len(names)), names, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("%")
    ax.legend(fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    out = io.StringIO()
    fig.savefig(out, format="svg")
    plt.close(fig)
    svg = out.getvalue()
    return svg[svg.index("<svg"):]


def render_report(unit: Unit, roster: Roster, lang: str | None = None,
                  result: CheckResult | None = None) -> str:
    lang = current_language(lang)
    text = texts("report", lang)
    # Shared labels from the catalogue: kinds of unsocial time, cost categories, no breaches.
    text.update({kind: t(f"kind.{kind}", lang) for kind in ("evening", "night", "weekend")})
    text.update({c: t(f"cost.{c}", lang) for c in (*CATEGORIES, "total")})
    text["no_breaches"] = t("cli.check_ok", lang)
    problem = compile_problem(unit)
    result = result or check(problem, roster)
    colours = {s.code: PALETTE[i % len(PALETTE)] for i, s in enumerate(unit.shift_types)}
    grid = roster.grid()
    kpis = {k.id: k for k in employee_kpis(problem, result.timelines)}
    weekdays = WEEKDAYS_NB if lang == "nb" else WEEKDAYS_EN
    days = [{"label": weekdays[d % 7], "week": d // 7 + 1, "weekend": d % 7 >= 5,
             "column": column_label(d)} for d in range(unit.days)]
    rows = []
    for person in unit.staff:
        cells = ["/".join(grid.get(person.id, {}).get(d, [])) for d in range(unit.days)]
        k, spec = kpis[person.id], problem.employee_by_id(person.id)
        rows.append({"person": person, "cells": [Cell(c, f"s-{c}" if c in colours else "")
                                                 for c in cells],
                     "hours": k.minutes / 60, "target": k.target_minutes / 60,
                     # Outside the tolerance of rule 8, the same limits as the checker's.
                     "off_target": not spec.min_minutes <= k.minutes <= spec.max_minutes})
    on_duty = coverage_counts(problem, roster)
    coverage = []
    for req in problem.coverage:
        counts = {d: len(on_duty.get((d, req.shift), [])) for d in req.days}
        coverage.append({"req": req, "counts": [counts.get(d) for d in range(unit.days)],
                         "short": sum(c < req.min for c in counts.values()),
                         "below_target": sum(max(0, (req.target or 0) - c)
                                             for c in counts.values())})
    names = [k.name for k in kpis.values()]
    shares = {kind: [getattr(k, f"{kind}_minutes") / k.minutes if k.minutes else 0
                     for k in kpis.values()] for kind in ("evening", "night", "weekend")}
    chart = unsocial_chart(names, shares, text)
    fairness = [{"group": "/".join(d.group), "kind": text[d.kind],
                 "worst": max(d.deviations.values()) / SHARE_SCALE / 60}
                for d in result.score.fairness]
    soft = [(t(f"component.{name}", lang), result.score.shown(name))
            for name in result.score.quantities]
    period, year = turnus_cost(unit, roster), annual_cost(unit, roster)
    solver = roster.solver or {}
    return environment().get_template("report.html.j2").render(
        lang=lang, t=text, unit=unit, days=days, rows=rows, colours=colours,
        coverage=coverage, chart=chart, fairness=fairness, result=result,
        breaches=[b.message(lang) for b in result.breaches], soft=soft,
        score=result.score, point=POINT, share_scale=SHARE_SCALE, categories=CATEGORIES,
        period=period, year=year, solver=solver, kpis=kpis,
    )
