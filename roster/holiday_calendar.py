"""Norwegian public holidays and the eves the KS tariff pays for, as dated time windows.

- The 12 statutory holidays (helligdagsloven 1995-02-24-12 and lov 1947-04-26-1 for 1 and
  17 May) come from the ``holidays`` package (domain §5, S88), Sundays not included.
- KS HTA ch. 1 § 5.3 (helge- og høytidstillegg, domain §2b) pays 00–24 on those days and on
  påskeaften, and 12:00–24:00 on the Wednesday before skjærtorsdag and on pinse-, jul- and
  nyttårsaften. These eves are not in the package and are added here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import dateutil.easter
import holidays

NOON = 12 * 60


@dataclass(frozen=True)
class HolidayWindow:
    date: dt.date
    name: str
    start_minute: int
    """Minutes after midnight from which the day counts (0, or 720 for the eves)."""

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.date, dt.time()) + dt.timedelta(minutes=self.start_minute)

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.date + dt.timedelta(days=1), dt.time())


@lru_cache(maxsize=64)
def holiday_windows(year: int) -> tuple[HolidayWindow, ...]:
    statutory = holidays.Norway(years=year, language="no")
    windows = [HolidayWindow(day, name, 0) for day, name in statutory.items()]
    # From the calendar, not looked up by name: when Whit Sunday falls on 17 May (2043)
    # the package merges the two names into one.
    easter = dateutil.easter.easter(year)
    whitsun = easter + dt.timedelta(days=49)
    windows += [
        HolidayWindow(easter - dt.timedelta(days=1), "Påskeaften", 0),
        HolidayWindow(easter - dt.timedelta(days=4), "Onsdag før skjærtorsdag", NOON),
        HolidayWindow(whitsun - dt.timedelta(days=1), "Pinseaften", NOON),
        HolidayWindow(dt.date(year, 12, 24), "Julaften", NOON),
        HolidayWindow(dt.date(year, 12, 31), "Nyttårsaften", NOON),
    ]
    return tuple(sorted(windows, key=lambda w: (w.date, w.start_minute)))


def windows_between(first: dt.date, last: dt.date) -> list[HolidayWindow]:
    """Holiday windows on the dates first..last (inclusive)."""
    return [w for year in range(first.year, last.year + 1) for w in holiday_windows(year)
            if first <= w.date <= last]
