"""Unit files: the shipped examples load; bad input names the field or line."""

from __future__ import annotations

import json

import pytest
import yaml

from roster.loading import InputError, load_unit, unit_from_text
from tests.conftest import UNITS, tiny_unit_data


@pytest.mark.parametrize("path", sorted(UNITS.glob("*.yaml")), ids=lambda p: p.stem)
def test_fixtures_load(path):
    unit = load_unit(path)
    assert unit.staff and unit.shift_types


def test_shared_example_as_shipped():
    unit = load_unit(UNITS / "fjordly-avd2.yaml")
    assert unit.unit.id == "fjordly-avd2"
    assert unit.turnus.weeks == 6 and unit.turnus.start.isoformat() == "2027-01-04"
    assert [s.code for s in unit.shift_types] == ["D", "A", "N"]
    assert unit.shift("N").duration_minutes == 600
    assert len(unit.staff) == 34
    assert unit.staff[1].wishes.avoid_shifts == ["A"]
    assert unit.staff[10].unavailable[0].week == 2 and unit.staff[10].unavailable[0].day == 1


def test_json_with_the_same_shape(tmp_path):
    data = yaml.safe_load((UNITS / "fjordly-avd2.yaml").read_text(encoding="utf-8"))
    data["turnus"]["start"] = data["turnus"]["start"].isoformat()
    path = tmp_path / "unit.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_unit(path) == load_unit(UNITS / "fjordly-avd2.yaml")


def messages(text: str, lang: str = "en") -> list[str]:
    with pytest.raises(InputError) as info:
        unit_from_text(text, "unit.yaml")
    return [p.message(lang) for p in info.value.problems]


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True)


def with_staff(index: int, **changes) -> str:
    data = tiny_unit_data()
    data["staff"][index] = {**data["staff"][index], **changes}
    return dump(data)


def test_fte_out_of_range():
    assert messages(with_staff(2, fte=1.5)) == ["staff[2].fte: must be > 0 and ≤ 1 (got 1.5)"]
    assert messages(with_staff(2, fte=0), "nb") == [
        "staff[2].fte: må være > 0 og ≤ 1 (fikk 0.0)"]


def test_unknown_shift_code_in_staff_and_requirement():
    data = tiny_unit_data()
    data["staff"][2]["shifts"] = ["D", "X"]
    data["requirements"][0]["shift"] = "Q"
    assert messages(dump(data)) == [
        "requirements[0].shift: unknown shift code 'Q' (known: D, A, N)",
        "staff[2].shifts[1]: unknown shift code 'X' (known: D, A, N)",
    ]


def test_missing_and_unknown_fields():
    data = tiny_unit_data()
    del data["staff"][0]["name"]
    data["staff"][1]["ftee"] = 0.5
    assert messages(dump(data)) == ["staff[0].name: is required",
                                    "staff[1].ftee: unknown field"]


def test_bad_weekday_time_and_start():
    data = tiny_unit_data()
    data["requirements"][0]["days"] = ["mon", "tuu"]
    data["shift_types"][0]["end"] = "25:00"
    data["turnus"]["start"] = "2027-01-05"
    assert messages(dump(data)) == [
        "turnus.start: must be a Monday (2027-01-05 is not)",
        "shift_types[0].end: '25:00' must be a time HH:MM, e.g. 07:30",
        "requirements[0].days: unknown weekday 'tuu' (use mon–sun or man–søn)",
    ]


def test_week_out_of_range_and_duplicate_ids():
    data = tiny_unit_data()
    data["staff"][1]["unavailable"] = [{"week": 3, "day": "fri"}]
    data["staff"][2]["id"] = "1"
    assert messages(dump(data)) == [
        "staff[1].unavailable[0].week: week 3 does not exist; the turnus has 2 weeks",
        "staff[2].id: staff id '1' appears twice",
    ]


def test_requirement_order():
    data = tiny_unit_data()
    data["requirements"][0].update(min=3, target=2)
    assert messages(dump(data)) == ["requirements[0]: target (2) must be ≥ min (3)"]


def test_yaml_syntax_error_names_the_line():
    assert messages("unit:\n  id: x\n  name: [unclosed\n") == [
        "invalid YAML at line 4, column 1: expected ',' or ']', but got '<stream end>'"]


def test_yaml_aliases_and_tags_are_refused():
    assert messages("a: &x [1, 2]\nb: *x\n") == [
        "line 2, column 4: YAML aliases (&/*) are not allowed"]
    (message,) = messages("unit: !!python/object:os.system {}\n")
    assert "could not determine a constructor" in message


def test_duplicate_key():
    assert messages("unit: 1\nunit: 2\n") == ["line 2, column 1: key 'unit' appears twice"]


def test_not_a_mapping_and_missing_file(tmp_path):
    assert messages("- just\n- a list\n") == [
        "the file must hold a mapping with the keys unit, turnus, …"]
    with pytest.raises(InputError, match="not found"):
        load_unit(tmp_path / "nope.yaml")
