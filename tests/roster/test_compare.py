"""The comparison's figures are the checker's, score's and cost model's."""

from __future__ import annotations

from roster.checker import check
from roster.compare import compare, render_comparison
from roster.cost import annual_cost
from roster.loading import load_unit
from roster.problem import POINT, compile_problem
from roster.schedule import read_roster, roster_to_csv
from tests.conftest import BASELINE, UNITS, make_roster


def test_figures_equal_the_checker(tiny_unit):
    generated = make_roster(tiny_unit, BASELINE)
    manual = make_roster(tiny_unit, {**BASELINE, "3": ". . . . . . . D . A D . A A"})
    comparison = compare(tiny_unit, generated, manual)
    lines = {line.key: line for line in comparison.lines}
    problem = compile_problem(tiny_unit)
    for roster, side in ((generated, "generated"), (manual, "manual")):
        result = check(problem, roster)
        assert getattr(lines["hard_breaches"], side) == len(result.breaches)
        assert getattr(lines["objective"], side) == result.score.total / POINT
        assert getattr(lines["quick_return"], side) == result.score.quantities["quick_return"]
        assert getattr(lines["wage_cost_year"], side) == float(
            annual_cost(tiny_unit, roster).total())
    assert lines["hard_breaches"].better == "generated"
    assert lines["hard_breaches"].difference == -1
    assert any(key.startswith("fairness:A/D/N:") for key in lines)


def test_shipped_manual_rosters_read_and_compare(tmp_path):
    for name in ("fjordly-avd2", "solsikken-skjermet", "storgata-langtid",
                 "hjemmetjenesten-nord"):
        unit = load_unit(UNITS / f"{name}.yaml")
        manual = read_roster(UNITS.parent / "manual" / f"{name}.csv", unit)
        assert len(manual.assignments) > 5 * len(unit.staff)
        html = render_comparison(unit, compare(unit, manual, manual), "nb")
        assert "Generert og manuell turnus" in html and "likt" in html


def test_manual_roster_from_excel(tiny_unit, tmp_path):
    from openpyxl import Workbook

    roster = make_roster(tiny_unit, BASELINE)
    book = Workbook()
    for line in roster_to_csv(roster, tiny_unit).splitlines():
        book.active.append(line.split(";"))
    path = tmp_path / "manuell.xlsx"
    book.save(path)
    back = read_roster(path, tiny_unit)
    assert back.sorted().assignments == roster.sorted().assignments


def test_comparison_page_escapes_names(tiny_unit):
    unit = tiny_unit.model_copy(deep=True)
    object.__setattr__(unit.staff[2], "name", "<img src=x onerror=alert(1)>")
    manual = make_roster(unit, {**BASELINE, "3": ". . . . . . . D . A D . A A"})
    html = render_comparison(unit, compare(unit, make_roster(unit, BASELINE), manual), "en")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;: only 9 h rest" in html
