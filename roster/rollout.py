"""The repeating base roster rolled out over real dates (årsturnus).

Day d of the turnus is the date turnus.start + d; after the last day the roster starts
again, and before turnus.start it runs backwards the same way."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roster.models import Unit
from roster.schedule import Roster


@dataclass(frozen=True)
class DatedShift:
    employee_id: str
    date: dt.date
    shift: str
    start: dt.datetime
    end: dt.datetime
    turnus_day: int

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def roll_out(unit: Unit, roster: Roster, first: dt.date, last: dt.date) -> list[DatedShift]:
    """Every worked shift on the dates first..last (inclusive), by date then employee."""
    by_day: dict[int, list[tuple[str, str]]] = {}
    for a in roster.assignments:
        by_day.setdefault(a.day, []).append((a.employee_id, a.shift))
    order = {p.id: i for i, p in enumerate(unit.staff)}
    shifts = {s.code: s for s in unit.shift_types}
    result = []
    date = first
    while date <= last:
        turnus_day = (date - unit.turnus.start).days % unit.days
        midnight = dt.datetime.combine(date, dt.time())
        for employee_id, code in sorted(by_day.get(turnus_day, []),
                                        key=lambda item: order.get(item[0], len(order))):
            shift = shifts[code]
            start = midnight + dt.timedelta(minutes=shift.start_minute)
            result.append(DatedShift(employee_id, date, code, start,
                                     start + dt.timedelta(minutes=shift.duration_minutes),
                                     turnus_day))
        date += dt.timedelta(days=1)
    return result
