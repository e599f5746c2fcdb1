"""Report, cost, export and comparison on every fixture unit, with its hand-made roster."""

from __future__ import annotations

import datetime as dt

import pytest

from roster.compare import compare
from roster.cost import turnus_cost
from roster.export import read_export, write_export
from roster.loading import load_unit
from roster.report import render_report
from roster.rollout import roll_out
from roster.schedule import read_roster
from tests.conftest import FEASIBLE_UNITS, UNITS


@pytest.mark.parametrize("name", FEASIBLE_UNITS)
def test_every_command_on_every_fixture(name, tmp_path):
    unit = load_unit(UNITS / f"{name}.yaml")
    manual = read_roster(UNITS.parent / "manual" / f"{name}.csv", unit)
    html = render_report(unit, manual, "nb")
    assert unit.unit.name.split(",")[0] in html and "<svg" in html
    cost = turnus_cost(unit, manual)
    assert cost.total() == sum(p.total for p in cost.people) > 0
    first, last = unit.turnus.start, unit.turnus.start + dt.timedelta(days=unit.days - 1)
    path = tmp_path / "export.csv"
    assert write_export(unit, manual, first, last, "visma-csv", path) == len(
        roll_out(unit, manual, first, last)) == len(read_export(path))
    lines = {line.key: line for line in compare(unit, manual, manual).lines}
    assert lines["hard_breaches"].better == "equal" and lines["hard_breaches"].manual > 0
