"""The pilot evaluation case document for Samarbeidsrådet for ROR-IKT: a case in the
council's own form (document control header, background, findings, cost and its split,
proposed decision), built from the generated-versus-manual comparison (roster.compare),
the wage cost (roster.cost, inside the comparison) and the records (roster.records).

The proposed decision follows from the figures: continue and extend the pilot when the
generated roster has no hard breach and is at least as good as the manual one on breaches,
staffing below minimum and (against an equally legal manual roster) fairness; otherwise continue the pilot with the named
shortcomings fixed before a new evaluation. Norwegian bokmål, as the council's papers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from roster.compare import Comparison
from roster.i18n import grouped
from roster.models import Unit
from roster.records import Records, split_amount, split_keys
from roster.report import environment

ORIGIN_CASE = "2023/M4-006"


@dataclass(frozen=True)
class Finding:
    label: str
    generated: float
    manual: float
    unit: str
    better: str


def _decision(lines: dict[str, Finding]) -> tuple[str, list[str]]:
    """('extend' | 'continue', shortcomings in words)."""
    shortcomings = []
    if lines["hard_breaches"].generated > 0:
        shortcomings.append(f"den genererte turnusen bryter {int(lines['hard_breaches'].generated)}"
                            " harde regler")
    # Fairness is compared only against a manual roster that is no less legal: an illegal
    # roster can spread the load in ways no legal one can.
    comparable = lines["hard_breaches"].manual <= lines["hard_breaches"].generated
    for key, words in (("hard_breaches", "flere regelbrudd enn den manuelle"),
                       ("coverage_gap", "større bemanningsunderskudd enn den manuelle"),
                       ("fairness_worst", "skjevere fordeling av ubekvemme vakter enn den "
                                          "manuelle")):
        if key == "fairness_worst" and not comparable:
            continue
        if lines[key].generated > lines[key].manual:
            shortcomings.append(f"den genererte turnusen har {words}")
    return ("continue" if shortcomings else "extend"), shortcomings


def render_pilot_report(unit: Unit, comparison: Comparison, records: Records,
                        pilot_cost: int, key: str = "2024",
                        date: datetime.date | None = None) -> str:
    keys = split_keys(records)
    split = split_amount(pilot_cost, keys[key])
    lines = {line.key: Finding(line.label["nb"], line.generated, line.manual, line.unit,
                               line.better) for line in comparison.lines}
    decision, shortcomings = _decision(lines)
    origin = next(c for c in records.meeting.cases if c.number == ORIGIN_CASE)
    cost_diff = lines["wage_cost_year"].generated - lines["wage_cost_year"].manual
    shown = ["hard_breaches", "coverage_gap", "coverage_below_target", "fairness_worst",
             "fairness_total", "hours_deviation", "wishes_broken", "quick_return",
             "wage_cost_year"]
    return environment().get_template("pilot_report.html.j2").render(
        unit=unit, origin=origin, meeting=records.meeting, today=date or datetime.date.today(),
        meeting_date=_date(records.meeting.date),
        findings=[lines[k] for k in shown if k in lines], lines=lines,
        generated=comparison.generated, manual=comparison.manual,
        pilot_cost=pilot_cost, split=split, key=key, decision=decision,
        shortcomings=shortcomings, cost_diff=cost_diff, money=_money, number=_number,
        key_text=(f"kostnadsfordelingen for {key}" if key in ("2024", "2023")
                  else f"fordelingsnøkkelen for kategorien «{key}»"),
    )


def _date(value: object) -> str:
    return value.strftime("%d.%m.%Y") if isinstance(value, datetime.date) else str(value)


def _money(value: float) -> str:
    return grouped(value) + " kr"


def _number(value: float, unit: str = "") -> str:
    if unit == "money":
        return _money(value)
    text = f"{value:.1f}".replace(".", ",") if value != int(value) else f"{int(value)}"
    return text + (" t" if unit == "hours" else "")
