from __future__ import annotations

import pytest

from roster.calendar import day_label, parse_clock, parse_weekday, unsocial_minutes


@pytest.mark.parametrize("name, expected", [
    ("mon", 0), ("man", 0), ("Tirsdag", 1), ("ons", 2), ("thu", 3), ("fre", 4),
    ("lør", 5), ("lor", 5), ("søn", 6), ("Sunday", 6)])
def test_weekdays(name, expected):
    assert parse_weekday(name) == expected


def test_unknown_weekday():
    with pytest.raises(ValueError, match="unknown weekday 'xyz'"):
        parse_weekday("xyz")


@pytest.mark.parametrize("text, minutes", [("07:30", 450), ("7.30", 450), ("00:00", 0),
                                           ("24:00", 1440)])
def test_clock(text, minutes):
    assert parse_clock(text) == minutes


@pytest.mark.parametrize("text", ["7", "25:00", "12:60", "24:30", "abc"])
def test_bad_clock(text):
    with pytest.raises(ValueError):
        parse_clock(text)


def test_unsocial_windows_follow_the_tariff():
    # Aftenvakt 14:30–22:00 on a Monday: evening 17–21, night 21–22.
    assert unsocial_minutes(14 * 60 + 30, 450, 0) == {"evening": 240, "night": 60,
                                                      "weekend": 0}
    # Nattevakt 21:45–07:45 from Friday: night 21:45–06:00, weekend from Saturday 00:00.
    assert unsocial_minutes(21 * 60 + 45, 600, 4) == {"evening": 0, "night": 495,
                                                      "weekend": 465}
    # From Sunday: weekend only until Sunday 24:00.
    assert unsocial_minutes(21 * 60 + 45, 600, 6) == {"evening": 0, "night": 495,
                                                      "weekend": 135}
    # Langvakt 08:00–20:00 on Saturday.
    assert unsocial_minutes(8 * 60, 720, 5) == {"evening": 180, "night": 0, "weekend": 720}


def test_day_labels():
    assert day_label(12, "nb") == "uke 2 lør"
    assert day_label(12, "en") == "week 2 Sat"
