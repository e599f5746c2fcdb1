"""Shared fixtures: the shipped unit files and a tiny unit for hand-made rosters."""

from __future__ import annotations

from pathlib import Path

import pytest

from roster.loading import unit_from_data
from roster.models import Unit
from roster.problem import Problem, compile_problem
from roster.schedule import Assignment, Roster

ROOT = Path(__file__).resolve().parent.parent
UNITS = ROOT / "fixtures" / "units"
FEASIBLE_UNITS = ["fjordly-avd2", "solsikken-skjermet", "storgata-langtid",
                  "hjemmetjenesten-nord"]


def tiny_unit_data(**overrides) -> dict:
    """Two weeks, three people, day/evening/night shifts; small numbers so that hand-made
    rosters can break one rule at a time."""
    data = {
        "unit": {"id": "tiny", "name": "Testavdeling"},
        "turnus": {"weeks": 2, "start": "2027-01-04"},
        "shift_types": [
            {"code": "D", "start": "07:00", "end": "15:00"},
            {"code": "A", "start": "14:00", "end": "22:00"},
            {"code": "N", "start": "22:00", "end": "07:00"},
        ],
        "rules": {"daily_rest_hours": 11, "weekly_rest_hours": 35, "max_consecutive_days": 3,
                  "max_weekly_hours": 48, "weekend_every": 2, "full_time_weekly_hours": 30,
                  "hours_tolerance_per_week": 4},
        "requirements": [
            {"shift": "D", "days": ["mon", "tue"], "min": 1, "target": 2,
             "skills": {"sykepleier": 1}},
            {"shift": "A", "days": ["wed"], "min": 0, "max": 1},
        ],
        "staff": [
            {"id": "1", "name": "Kari Nordmann", "fte": 1.0, "skills": ["sykepleier"]},
            {"id": "2", "name": "Ola Hansen", "fte": 0.5, "skills": ["helsefagarbeider"],
             "unavailable": [{"week": 1, "day": "fri"}],
             "wishes": {"avoid_shifts": ["N"], "days_off": ["thu"]}},
            {"id": "3", "name": "Per Berg", "fte": 0.6, "skills": ["sykepleier"],
             "shifts": ["D", "A"],
             "wishes": {"prefer_shifts": ["A"]}},
        ],
    }
    for key, value in overrides.items():
        data[key] = value
    return data


# A legal roster of the tiny unit: every test of a breach changes one thing in it.
BASELINE = {
    "1": "D D A . . D D . D D . . . .",
    "2": ". D . . . D D . . . . D . .",
    "3": ". . . . . . . D . A . . A A",
}


def make_roster(unit: Unit, cells: dict[str, str]) -> Roster:
    """A roster from compact rows: {"1": "D D . . A A ." ...}, one token per day."""
    assignments = []
    for employee, row in cells.items():
        for day, token in enumerate(row.split()):
            for code in token.split("/"):
                if code != ".":
                    assignments.append(Assignment(employee_id=employee, day=day, shift=code))
    return Roster(unit=unit.unit.id, weeks=unit.turnus.weeks, assignments=assignments)


@pytest.fixture
def tiny_unit() -> Unit:
    return unit_from_data(tiny_unit_data())


@pytest.fixture
def tiny_problem(tiny_unit: Unit) -> Problem:
    return compile_problem(tiny_unit)
