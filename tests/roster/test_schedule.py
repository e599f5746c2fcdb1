"""Roster files: JSON and the grid CSV round-trip; hand-made grids read with clear errors."""

from __future__ import annotations

import csv
import io

import pytest

from roster.loading import InputError
from roster.schedule import (
    read_roster,
    roster_from_csv,
    roster_from_json,
    roster_to_csv,
    roster_to_json,
)
from tests.conftest import BASELINE, make_roster


def test_json_round_trip(tiny_unit):
    roster = make_roster(tiny_unit, BASELINE)
    back = roster_from_json(roster_to_json(roster), tiny_unit)
    assert back.sorted().assignments == roster.sorted().assignments


def test_csv_round_trip(tiny_unit):
    roster = make_roster(tiny_unit, BASELINE)
    text = roster_to_csv(roster, tiny_unit)
    header = text.splitlines()[0].split(";")
    assert header[:4] == ["ansattnr", "navn", "u1 man", "u1 tir"] and len(header) == 16
    assert text.splitlines()[1].split(";")[:5] == ["1", "Kari Nordmann", "D", "D", "A"]
    back = roster_from_csv(text, tiny_unit)
    assert back.sorted().assignments == roster.sorted().assignments


def test_hand_made_grid_with_comma_bom_and_day_off_codes(tiny_unit, tmp_path):
    days = ",".join(f"Uke {w} {d}" for w in (1, 2)
                    for d in ("man", "tir", "ons", "tor", "fre", "lør", "søn"))
    lines = [f"Navn,Ansattnr,{days}",
             "Kari Nordmann,1,D,D,A,F1,F2,D,D,-,D,D,,,,",
             "Per Berg,3,,,,,,,,D,,A,,,A,A"]
    path = tmp_path / "manual.csv"
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    roster = read_roster(path, tiny_unit)
    grid = roster.grid()
    assert grid["1"] == {0: ["D"], 1: ["D"], 2: ["A"], 5: ["D"], 6: ["D"], 8: ["D"], 9: ["D"]}
    assert grid["3"] == {7: ["D"], 9: ["A"], 12: ["A"], 13: ["A"]}


def test_grid_errors_name_row_and_column(tiny_unit):
    text = roster_to_csv(make_roster(tiny_unit, BASELINE), tiny_unit)
    rows = text.splitlines()
    rows[2] = rows[2].replace("Ola Hansen;;D", "Ola Hansen;;Q", 1)
    rows.append("99;Ukjent;" + ";" * 13)
    with pytest.raises(InputError) as info:
        roster_from_csv("\n".join(rows), tiny_unit)
    assert [p.message("en") for p in info.value.problems] == [
        "row 3, column 4 (u1 tir): unknown shift code 'Q'",
        "row 5: unknown employee '99'",
    ]


def test_grid_with_the_wrong_number_of_weeks(tiny_unit):
    with pytest.raises(InputError, match="found 7 day columns, expected 14"):
        roster_from_csv("ansattnr;navn;" + ";".join(f"u1 {d}" for d in
                        ("man", "tir", "ons", "tor", "fre", "lør", "søn")) + "\n1;K;D\n",
                        tiny_unit)


def test_json_errors(tiny_unit):
    with pytest.raises(InputError) as info:
        roster_from_json('{"unit": "tiny", "weeks": 2, "assignments": '
                         '[{"employee_id": "7", "day": 14, "shift": "Z"}]}', tiny_unit)
    assert [p.message("en") for p in info.value.problems] == [
        "assignments[0].employee_id: unknown employee '7'",
        "assignments[0].day: day 14 does not exist (the turnus has days 0–13)",
        "assignments[0].shift: unknown shift code 'Z' (known: D, A, N)",
    ]


def test_names_that_look_like_formulas_are_neutralised(tiny_unit):
    unit = tiny_unit.model_copy(deep=True)
    object.__setattr__(unit.staff[0], "name", "=HYPERLINK(\"x\")")
    text = roster_to_csv(make_roster(unit, BASELINE), unit)
    row = next(csv.reader(io.StringIO(text.splitlines()[1]), delimiter=";"))
    assert row[1] == "'=HYPERLINK(\"x\")"
