"""Time arithmetic of a repeating base roster (grunnturnus).

Day index ``d`` runs 0..7·weeks−1; day 0 is the Monday of week 1. Times are whole minutes
from Monday 00:00 of week 1. A shift belongs to the day it starts on. The base roster
repeats, so the horizon wraps around: after the last Sunday comes day 0 again.

Unsocial-hour windows are the KS tariff's (HTA ch. 1 § 5, domain §2b): evening 17–21,
night 21–06, weekend Saturday 00:00 – Sunday 24:00.
"""

from __future__ import annotations

import re
import unicodedata

MINUTES_PER_DAY = 1440
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY

WEEKDAYS_EN = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAYS_NB = ("man", "tir", "ons", "tor", "fre", "lør", "søn")
SATURDAY, SUNDAY = 5, 6

_WEEKDAY_ALIASES: dict[str, int] = {}
for _i, (_en, _nb) in enumerate(zip(WEEKDAYS_EN, WEEKDAYS_NB)):
    _WEEKDAY_ALIASES[_en] = _i
    _WEEKDAY_ALIASES[_nb] = _i
_WEEKDAY_ALIASES.update({"lor": 5, "son": 6, "loer": 5, "soen": 6})
for _i, _full in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
):
    _WEEKDAY_ALIASES[_full] = _i
for _i, _full in enumerate(
    ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
):
    _WEEKDAY_ALIASES[_full] = _i

# Tariff windows within one day, as [start, end) minutes from 00:00 (HTA ch. 1 § 5.4.1).
EVENING_WINDOWS = ((17 * 60, 21 * 60),)
NIGHT_WINDOWS = ((0, 6 * 60), (21 * 60, 24 * 60))
UNSOCIAL_KINDS = ("evening", "night", "weekend")


def parse_weekday(name: str) -> int:
    """Weekday number (0 = Monday) from an English or Norwegian name or abbreviation."""
    key = unicodedata.normalize("NFC", name.strip().lower().rstrip("."))
    if key in _WEEKDAY_ALIASES:
        return _WEEKDAY_ALIASES[key]
    raise ValueError(
        f"unknown weekday '{name}' (use mon, tue, wed, thu, fri, sat, sun "
        "or man, tir, ons, tor, fre, lør, søn)"
    )


def parse_clock(text: str) -> int:
    """Minutes after midnight from 'HH:MM' (00:00–24:00)."""
    match = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", str(text))
    if not match:
        raise ValueError(f"time '{text}' must be written HH:MM, e.g. 07:30")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"time '{text}' is not a time of day")
    return hours * 60 + minutes


def format_clock(minute: int) -> str:
    minute %= MINUTES_PER_DAY
    return f"{minute // 60:02d}:{minute % 60:02d}"


def week_of(day: int) -> int:
    """0-based week of a day index."""
    return day // 7


def weekday_of(day: int) -> int:
    return day % 7


def day_index(week: int, weekday: int) -> int:
    """Day index from a 1-based week and a weekday number."""
    return 7 * (week - 1) + weekday


def day_label(day: int, lang: str = "nb") -> str:
    """'uke 2 lør' / 'week 2 Sat'."""
    names = WEEKDAYS_NB if lang == "nb" else [w.capitalize() for w in WEEKDAYS_EN]
    word = "uke" if lang == "nb" else "week"
    return f"{word} {week_of(day) + 1} {names[weekday_of(day)]}"


def column_label(day: int) -> str:
    """Column header of a roster grid: 'u2 lør'."""
    return f"u{week_of(day) + 1} {WEEKDAYS_NB[weekday_of(day)]}"


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Length of the overlap of two half-open intervals."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def unsocial_minutes(start: int, duration: int, weekday: int) -> dict[str, int]:
    """Minutes of a shift that fall in each tariff window.

    ``start`` is minutes after midnight of the start day, which has weekday ``weekday``.
    A shift can run past midnight, so the windows of the following days count too.
    """
    end = start + duration
    result = {kind: 0 for kind in UNSOCIAL_KINDS}
    for offset in range(0, (end // MINUTES_PER_DAY) + 1):
        base = offset * MINUTES_PER_DAY
        for lo, hi in EVENING_WINDOWS:
            result["evening"] += overlap(start, end, base + lo, base + hi)
        for lo, hi in NIGHT_WINDOWS:
            result["night"] += overlap(start, end, base + lo, base + hi)
        if (weekday + offset) % 7 in (SATURDAY, SUNDAY):
            result["weekend"] += overlap(start, end, base, base + MINUTES_PER_DAY)
    return result
