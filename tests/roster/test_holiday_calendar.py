"""Holiday windows in years where the package's names are unusual."""

from __future__ import annotations

import datetime as dt

from roster.holiday_calendar import holiday_windows, windows_between


def test_whit_sunday_on_constitution_day_2043():
    # 17 May 2043 is Whit Sunday: the holidays package gives one merged name that day.
    windows = {(w.date, w.start_minute) for w in holiday_windows(2043)}
    assert (dt.date(2043, 5, 16), 12 * 60) in windows  # pinseaften from noon
    assert (dt.date(2043, 3, 28), 0) in windows  # påskeaften (Easter Sunday 29 March)


def test_windows_between_spans_years():
    found = windows_between(dt.date(2027, 12, 24), dt.date(2028, 1, 1))
    assert [w.date.isoformat() for w in found] == [
        "2027-12-24", "2027-12-25", "2027-12-26", "2027-12-31", "2028-01-01"]
