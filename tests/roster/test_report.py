"""The report's content: its grid is the roster, its figures are the checker's and the cost
model's, and typed text is escaped."""

from __future__ import annotations

from html.parser import HTMLParser

from roster.checker import check
from roster.cost import annual_cost
from roster.loading import unit_from_data
from roster.problem import compile_problem
from roster.report import render_report
from tests.conftest import BASELINE, make_roster, tiny_unit_data


class Tables(HTMLParser):
    """Every table as rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def hostile():
    data = tiny_unit_data()
    data["unit"]["name"] = "Avd <b>3</b>"
    data["staff"][0]["name"] = "<script>alert('x')</script>"
    return unit_from_data(data)


def test_grid_is_the_roster():
    unit = hostile()
    roster = make_roster(unit, BASELINE)
    parser = Tables()
    parser.feed(render_report(unit, roster, "en"))
    grid = parser.tables[0]
    people = {row[0]: row[3:3 + unit.days] for row in grid[2:]}
    for person in unit.staff:
        expected = [c if c != "." else "" for c in BASELINE[person.id].split()]
        assert people[person.name] == expected


def test_typed_text_is_escaped():
    html = render_report(hostile(), make_roster(hostile(), BASELINE), "nb")
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "Avd &lt;b&gt;3&lt;/b&gt;" in html and "<b>3</b>" not in html


def test_breaches_and_cost_figures():
    unit = hostile()
    roster = make_roster(unit, {**BASELINE, "3": ". . . . . . . D . A D . A A"})
    html = render_report(unit, roster, "en")
    (breach,) = check(compile_problem(unit), roster).breaches
    assert breach.message("en") in html
    parser = Tables()
    parser.feed(html)
    cost = parser.tables[-1]
    year = annual_cost(unit, roster).total()
    assert cost[-1][-1] == f"{year:,.0f}".replace(",", " ")
    assert "This roster was not made by the solver." in html


def test_hours_outside_the_tolerance_are_flagged():
    unit = hostile()
    roster = make_roster(unit, {**BASELINE, "2": ". . . . . D D . . . . . . ."})
    html = render_report(unit, roster, "en")
    # Ola Hansen works 16 h against 30 ± 8 h: flagged; Per Berg's 32 h against 36 ± 8: not.
    assert '<td class="num warn">16.0</td>' in html
    assert '<td class="num">32.0</td>' in html
