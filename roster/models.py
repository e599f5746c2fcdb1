"""Validated input data: a care unit's staffing plan as the unit manager submits it.

The shape follows the unit file format documented in README.md (reference example:
``fixtures/units/fjordly-avd2.yaml``). The models hold data only; cross-references
(shift codes, weeks) are checked in :mod:`roster.loading` so that every problem can be
reported with the path of the field that causes it.

Legal sources of the defaults are cited from ``shared/domain/norwegian-rostering.md``
(AML = Arbeidsmiljøloven, HTA = KS Hovedtariffavtalen).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from roster.calendar import parse_clock, parse_weekday


class StrictModel(BaseModel):
    """Unknown keys are rejected: a misspelt key in a staffing plan must not be ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


Weekday = Annotated[int, Field(ge=0, le=6)]


def _number_as_text(value: object) -> object:
    """YAML reads `id: 10001` and `cost_center: 3521` as numbers; they are codes."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Code = Annotated[str, BeforeValidator(_number_as_text)]


def invalid(kind: str, message: str, **context: object) -> PydanticCustomError:
    """A validation error whose type names a message in :mod:`roster.i18n` ('pyd.<kind>')."""
    return PydanticCustomError(kind, message, context)


def _weekday(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return value
    if isinstance(value, str):
        try:
            return parse_weekday(value)
        except ValueError:
            pass
    raise invalid("weekday", "unknown weekday '{value}' (use mon–sun or man–søn)", value=value)


class UnitInfo(StrictModel):
    id: Annotated[Code, Field(min_length=1, max_length=100)]
    name: Annotated[str, Field(min_length=1, max_length=300)]
    municipality: str = ""
    cost_center: Code = ""

    @field_validator("id")
    @classmethod
    def _id_chars(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9ÆØÅæøå_.-]+", value):
            raise invalid("id_chars", "may only contain letters, digits, '-', '_' and '.'")
        return value


class Turnus(StrictModel):
    weeks: Annotated[int, Field(ge=1, le=52)]
    start: dt.date

    @field_validator("start")
    @classmethod
    def _monday(cls, value: dt.date) -> dt.date:
        if value.weekday() != 0:
            raise invalid("monday", "must be a Monday ({date} is not)", date=value.isoformat())
        return value


class ShiftType(StrictModel):
    """A shift type. ``end <= start`` means the shift ends the next day (a night shift)."""

    code: Annotated[str, Field(min_length=1, max_length=8, pattern=r"^[A-Za-z0-9ÆØÅæøå_]+$")]
    name: str = ""
    start: str
    end: str

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, value: str) -> str:
        try:
            parse_clock(value)
        except ValueError:
            raise invalid("clock", "'{value}' must be a time HH:MM, e.g. 07:30",
                          value=value) from None
        return value

    @field_validator("code")
    @classmethod
    def _not_day_off_code(cls, value: str) -> str:
        # F1-F5 and '-' mean days off in Norwegian grids (domain §2c); a shift cannot use them.
        if re.fullmatch(r"[Ff][1-5]?", value):
            raise invalid("reserved_code", "'{value}' is reserved for days off (F1–F5)", value=value)
        return value

    @property
    def start_minute(self) -> int:
        return parse_clock(self.start)

    @property
    def duration_minutes(self) -> int:
        start, end = parse_clock(self.start), parse_clock(self.end)
        return end - start if end > start else end + 1440 - start


class Rules(StrictModel):
    """Hard rules. Defaults are the statutory / tariff values of domain §1–2."""

    daily_rest_hours: Annotated[float, Field(ge=0, le=24)] = 11  # AML § 10-8 (1)
    weekly_rest_hours: Annotated[float, Field(ge=0, le=168)] = 35  # AML § 10-8 (2)
    max_consecutive_days: Annotated[int, Field(ge=1)] = 5
    max_weekly_hours: Annotated[float, Field(gt=0, le=168)] = 48  # AML § 10-5 (1)-(2)
    weekend_every: Annotated[int, Field(ge=1, le=52)] = 3  # domain §2c helgebelastning
    full_time_weekly_hours: Annotated[float, Field(gt=0, le=80)] = 35.5  # HTA ch. 1 § 4.2
    hours_tolerance_per_week: Annotated[float, Field(ge=0, le=40)] = 1.0
    quick_return_hours: Annotated[float, Field(ge=0, le=24)] = 13
    """Soft: a return to work with less rest than this counts as a quick return (domain §1,
    S24: 'sein–tidlig'). Only between daily_rest_hours and this value is it legal at all."""


class Requirement(StrictModel):
    """Staffing requirement (bemanningsplan, domain §2c) for one shift on some weekdays."""

    shift: str
    days: list[Weekday] = Field(default_factory=lambda: list(range(7)))
    min: Annotated[int, Field(ge=0)]
    target: Annotated[int, Field(ge=0)] | None = None
    max: Annotated[int, Field(ge=0)] | None = None
    skills: dict[str, Annotated[int, Field(ge=1)]] = Field(default_factory=dict)

    @field_validator("days", mode="before")
    @classmethod
    def _days(cls, value: object) -> object:
        if isinstance(value, (list, tuple)):
            return [_weekday(v) for v in value]
        return value

    @field_validator("days")
    @classmethod
    def _days_unique(cls, value: list[int]) -> list[int]:
        if not value:
            raise invalid("no_days", "must name at least one day")
        if len(set(value)) != len(value):
            raise invalid("day_twice", "names a day twice")
        return sorted(value)

    @model_validator(mode="after")
    def _ordered(self) -> Requirement:
        order = "{a} ({x}) must be ≥ {b} ({y})"
        if self.target is not None and self.target < self.min:
            raise invalid("order", order, a="target", x=self.target, b="min", y=self.min)
        if self.max is not None:
            if self.max < self.min:
                raise invalid("order", order, a="max", x=self.max, b="min", y=self.min)
            if self.target is not None and self.max < self.target:
                raise invalid("order", order, a="max", x=self.max, b="target", y=self.target)
            for skill, count in self.skills.items():
                if count > self.max:
                    raise invalid("order", order, a="max", x=self.max,
                                  b=f"skills.{skill}", y=count)
        return self


class DayRef(StrictModel):
    """One day of the turnus: week (1-based) and weekday."""

    week: Annotated[int, Field(ge=1)]
    day: Weekday

    @field_validator("day", mode="before")
    @classmethod
    def _day(cls, value: object) -> int:
        return _weekday(value)


class Wishes(StrictModel):
    avoid_shifts: list[str] = Field(default_factory=list)
    prefer_shifts: list[str] = Field(default_factory=list)
    days_off: list[Weekday | DayRef] = Field(default_factory=list)
    """Weekdays off every week (``wed``) or single days (``{week: 2, day: fri}``)."""

    @field_validator("days_off", mode="before")
    @classmethod
    def _days_off(cls, value: object) -> object:
        if isinstance(value, (list, tuple)):
            return [v if isinstance(v, dict) else _weekday(v) for v in value]
        return value


class Staff(StrictModel):
    id: Annotated[Code, Field(min_length=1, max_length=50)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    fte: float
    """Stillingsprosent as a fraction: 0.8 is an 80 % position."""
    skills: list[str] = Field(default_factory=list)
    shifts: list[str] | None = None
    """Shift codes the person may work; None means all."""
    weekend_every: Annotated[int, Field(ge=0, le=52)] | None = None
    """Overrides rules.weekend_every; 0 means the person works no weekends."""
    weekly_hours: Annotated[float, Field(gt=0, le=80)] | None = None
    """Overrides rules.full_time_weekly_hours (e.g. 37.5 for day work, 33.6 for tredelt)."""
    unavailable: list[DayRef] = Field(default_factory=list)
    wishes: Wishes = Field(default_factory=Wishes)
    annual_salary: Money | None = None
    """Annual salary for a 100 % position (grunnlønn); else pay.annual_salary_by_skill."""

    @field_validator("fte")
    @classmethod
    def _fte(cls, value: float) -> float:
        if not 0 < value <= 1:
            raise invalid("fte", "must be > 0 and ≤ 1 (got {value})", value=value)
        return value


def _fraction(value: object) -> object:
    """'4/3', 1.5 or 2 as an exact fraction."""
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        try:
            return Fraction(str(value).strip())
        except (ValueError, ZeroDivisionError):
            raise invalid("fraction", "'{value}' is not a number or a fraction such as 4/3",
                          value=value) from None
    return value


ExactFraction = Annotated[Fraction, BeforeValidator(_fraction)]
Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]


class PayRates(StrictModel):
    """Unsocial-hours supplements of KS HTA ch. 1 § 5, KS area excluding Oslo, in force from
    1 January 2023 (domain §2b, sources S30–S35). Whether the 2024–2026 settlement changed
    them is UNVERIFIED there: check the current agreement, or set the local rates here."""

    weekend_percent: Annotated[Decimal, Field(ge=0)] = Decimal(22)
    """§ 5.2 lørdags- og søndagstillegg, Saturday 00:00 – Sunday 24:00."""
    weekend_minimum: Money = Decimal(70)
    holiday_factor: ExactFraction = Fraction(4, 3)
    """§ 5.3 helge- og høytidstillegg: this times the hourly wage per hour (133⅓ %)."""
    evening_amount: Money = Decimal(56)
    """§ 5.4.1 kveldstillegg 17–21, NOK per hour."""
    night_percent: Annotated[Decimal, Field(ge=0)] = Decimal(25)
    """§ 5.4.1 nattillegg 21–06."""
    night_minimum: Money = Decimal(70)


class Pay(StrictModel):
    """Wage data for cost figures: rates, and salaries where staff[].annual_salary is not set.

    The salaries per skill are illustrative round figures, not tariff values: set the
    unit's own."""

    rates: PayRates = Field(default_factory=PayRates)
    annual_salary_by_skill: dict[str, Money] = Field(default_factory=lambda: {
        "sykepleier": Decimal(560_000), "helsefagarbeider": Decimal(480_000),
        "assistent": Decimal(430_000)})
    default_annual_salary: Money = Decimal(450_000)


class Weights(StrictModel):
    """Weights of the soft goals, in penalty points per unit. The one place they are set.

    Fairness and hours deviations are priced per hour, the rest per event, so a weight reads
    as "one quick return costs as much as 1 h of extra unfairness in the worst-off person".
    """

    fairness_worst: Annotated[float, Field(ge=0)] = 20
    """Per hour of the largest deviation from a fair share, per group and kind of load."""
    fairness_total: Annotated[float, Field(ge=0)] = 2
    """Per hour of deviation from a fair share, summed over everyone."""
    coverage_below_target: Annotated[float, Field(ge=0)] = 30
    """Per person missing to reach a requirement's target on a day."""
    coverage_surplus_peak: Annotated[float, Field(ge=0)] = 5
    """Per person in the largest surplus of a requirement on any one day (spreads surplus)."""
    wish_avoid_shift: Annotated[float, Field(ge=0)] = 10
    wish_prefer_shift: Annotated[float, Field(ge=0)] = 5
    wish_day_off: Annotated[float, Field(ge=0)] = 10
    isolated_work_day: Annotated[float, Field(ge=0)] = 10
    isolated_day_off: Annotated[float, Field(ge=0)] = 10
    quick_return: Annotated[float, Field(ge=0)] = 20
    hours_deviation: Annotated[float, Field(ge=0)] = 5
    """Per hour between the person's worked and contracted hours."""


class Unit(StrictModel):
    """A unit's whole staffing plan."""

    format: Literal[1] = 1
    unit: UnitInfo
    turnus: Turnus
    shift_types: Annotated[list[ShiftType], Field(min_length=1)]
    rules: Rules = Field(default_factory=Rules)
    requirements: list[Requirement] = Field(default_factory=list)
    staff: Annotated[list[Staff], Field(min_length=1)]
    weights: Weights = Field(default_factory=Weights)
    pay: Pay = Field(default_factory=Pay)

    @property
    def days(self) -> int:
        return 7 * self.turnus.weeks

    def shift(self, code: str) -> ShiftType:
        for shift in self.shift_types:
            if shift.code == code:
                return shift
        raise KeyError(code)

    def shift_codes(self) -> list[str]:
        return [s.code for s in self.shift_types]

    def allowed_shifts(self, person: Staff) -> list[str]:
        return list(person.shifts) if person.shifts is not None else self.shift_codes()

    def employee(self, employee_id: str) -> Staff:
        for person in self.staff:
            if person.id == employee_id:
                return person
        raise KeyError(employee_id)
