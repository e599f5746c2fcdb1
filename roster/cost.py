"""Wage cost of a roster under the KS agreement (HTA ch. 1 §§ 4–5; domain §2b).

For each dated shift (roster.rollout): base pay = hours × hourly wage, where hourly wage =
annual salary / (52 × weekly hours) (1846 h at 35.5 h); and the unsocial-hours supplements
for the minutes falling in each window:

- evening 17–21: a fixed amount per hour (§ 5.4.1, NOK 56);
- night 21–06: the larger of a percentage of the hourly wage and a minimum (§ 5.4.1, 25 %,
  NOK 70);
- weekend Saturday 00:00 – Sunday 24:00: the larger of a percentage and a minimum (§ 5.2,
  22 %, NOK 70);
- holidays and the tariff's eves (roster.holiday_calendar): a factor of the hourly wage
  (§ 5.3, 133⅓ %).

Only one § 5 supplement per time span, except that evening and night are also paid on top
of weekend and holiday (domain §2b; the current text is UNVERIFIED there): so weekend hours
that are also holiday hours earn the holiday supplement only.

Money is exact (Decimal) until each person's amount per category is rounded to øre; unit
totals are sums of those, so the table adds up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from roster.holiday_calendar import HolidayWindow, windows_between
from roster.models import Staff, Unit
from roster.rollout import DatedShift, roll_out
from roster.schedule import Roster

CATEGORIES = ("base", "evening", "night", "weekend", "holiday")
SUPPLEMENTS = CATEGORIES[1:]
ORE = Decimal("0.01")


def _overlap(a: dt.datetime, b: dt.datetime, c: dt.datetime, d: dt.datetime) -> int:
    return max(0, int((min(b, d) - max(a, c)).total_seconds() // 60))


def window_minutes(shift: DatedShift, holidays: list[HolidayWindow]) -> dict[str, int]:
    """Minutes of a dated shift in each supplement window (weekend net of holiday)."""
    minutes = dict.fromkeys(SUPPLEMENTS, 0)
    day = shift.start.date()
    while dt.datetime.combine(day, dt.time()) < shift.end:
        at = [dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=h) for h in range(25)]
        minutes["evening"] += _overlap(shift.start, shift.end, at[17], at[21])
        minutes["night"] += _overlap(shift.start, shift.end, at[0], at[6])
        minutes["night"] += _overlap(shift.start, shift.end, at[21], at[24])
        holiday_today = [w for w in holidays if w.date == day]
        holiday = sum(_overlap(shift.start, shift.end, w.start, w.end) for w in holiday_today)
        minutes["holiday"] += holiday
        if day.weekday() >= 5:
            weekend = _overlap(shift.start, shift.end, at[0], at[24])
            minutes["weekend"] += weekend - holiday  # holiday replaces weekend (§ 5.3)
        day += dt.timedelta(days=1)
    return minutes


def annual_salary(unit: Unit, person: Staff) -> Decimal:
    if person.annual_salary is not None:
        return person.annual_salary
    by_skill = [unit.pay.annual_salary_by_skill[s] for s in person.skills
                if s in unit.pay.annual_salary_by_skill]
    return max(by_skill) if by_skill else unit.pay.default_annual_salary


def hourly_wage(unit: Unit, person: Staff) -> Decimal:
    weekly = person.weekly_hours or unit.rules.full_time_weekly_hours
    return annual_salary(unit, person) / (52 * Decimal(str(weekly)))


def hourly_rates(unit: Unit, person: Staff) -> dict[str, Decimal]:
    """NOK per hour for base pay and each supplement, for this person."""
    rates, wage = unit.pay.rates, hourly_wage(unit, person)
    holiday = wage * rates.holiday_factor.numerator / rates.holiday_factor.denominator
    return {
        "base": wage,
        "evening": rates.evening_amount,
        "night": max(wage * rates.night_percent / 100, rates.night_minimum),
        "weekend": max(wage * rates.weekend_percent / 100, rates.weekend_minimum),
        "holiday": holiday,
    }


@dataclass
class PersonCost:
    employee_id: str
    name: str
    minutes: dict[str, int]
    """Worked minutes ('base') and minutes in each supplement window."""
    amounts: dict[str, Decimal]
    """NOK per category, rounded to øre."""

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))


@dataclass
class CostReport:
    first: dt.date
    last: dt.date
    people: list[PersonCost] = field(default_factory=list)

    def total(self, category: str | None = None) -> Decimal:
        if category is None:
            return sum((p.total for p in self.people), Decimal(0))
        return sum((p.amounts[category] for p in self.people), Decimal(0))


def cost_of(unit: Unit, roster: Roster, first: dt.date, last: dt.date) -> CostReport:
    """The cost of the roster rolled out over the dates first..last (inclusive)."""
    # A night shift on the last date runs into the next day: include that day's windows.
    holidays = windows_between(first, last + dt.timedelta(days=1))
    report = CostReport(first, last)
    shifts: dict[str, list[DatedShift]] = {}
    for shift in roll_out(unit, roster, first, last):
        shifts.setdefault(shift.employee_id, []).append(shift)
    for person in unit.staff:
        minutes = dict.fromkeys(CATEGORIES, 0)
        for shift in shifts.get(person.id, []):
            minutes["base"] += shift.minutes
            for category, value in window_minutes(shift, holidays).items():
                minutes[category] += value
        rates = hourly_rates(unit, person)
        amounts = {c: (rates[c] * minutes[c] / 60).quantize(ORE, ROUND_HALF_UP)
                   for c in CATEGORIES}
        report.people.append(PersonCost(person.id, person.name, minutes, amounts))
    return report


def turnus_cost(unit: Unit, roster: Roster) -> CostReport:
    """One turn of the base roster from turnus.start."""
    start = unit.turnus.start
    return cost_of(unit, roster, start, start + dt.timedelta(days=unit.days - 1))


def annual_cost(unit: Unit, roster: Roster) -> CostReport:
    """A year of the roster rolled out from turnus.start: 52 weeks (364 days)."""
    start = unit.turnus.start
    return cost_of(unit, roster, start, start + dt.timedelta(days=363))
