"""The Curtois & Qu employee shift-scheduling benchmark (schedulingbenchmarks.org, Instances
1–24): its text format, read into plain data, and its scorer.

The scorer is this benchmark's executable spec, as ``roster.checker`` is for a grunnturnus:
it judges any assignment by the nine hard rules of the benchmark's model and computes the
objective from the assignment alone (never from a solver). The rules are those of T. Curtois
and R. Qu, "Computational results on new staff scheduling benchmark instances" (2014); the
numbering below follows fixtures/curtois/README.md.

Days are numbered from 0 (a Monday); the horizon is a whole number of weeks. The horizon is
*not* cyclic: rules 6 and 7 (minimum runs) do not apply to runs touching day 0 or day H−1,
since the benchmark assumes unlimited working days before and after it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from roster.loading import InputError, Problem, read_text

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)
OFF = ""
"""An assignment's value for a day off."""


@dataclass(frozen=True)
class ShiftType:
    id: str
    minutes: int
    cannot_follow: tuple[str, ...]
    """Shift ids that may not be worked the day after this one."""


@dataclass(frozen=True)
class Employee:
    id: str
    max_shifts: dict[str, int]
    """Per shift id, at most this many such shifts (0: never); a shift not named is
    unlimited."""
    max_minutes: int
    min_minutes: int
    max_consecutive: int
    min_consecutive: int
    min_days_off: int
    max_weekends: int
    days_off: frozenset[int] = frozenset()

    def may_work(self, shift: str) -> bool:
        return self.max_shifts.get(shift, 1) > 0


@dataclass(frozen=True)
class Request:
    employee: str
    day: int
    shift: str
    weight: int


@dataclass(frozen=True)
class Cover:
    day: int
    shift: str
    requirement: int
    weight_under: int
    weight_over: int


@dataclass(frozen=True)
class Instance:
    name: str
    days: int
    shifts: dict[str, ShiftType]
    employees: tuple[Employee, ...]
    on_requests: tuple[Request, ...]
    off_requests: tuple[Request, ...]
    cover: tuple[Cover, ...]
    _workable: dict[str, tuple[Employee, tuple[str, ...]]] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    """Per employee id, the shifts that employee may work (allowed() on a working day),
    kept with the employee it was computed for."""

    @property
    def weeks(self) -> int:
        return self.days // 7

    def weekend_days(self, week: int) -> tuple[int, int]:
        return 7 * week + 5, 7 * week + 6

    def allowed(self, employee: Employee, day: int) -> tuple[str, ...]:
        """The shifts an employee may work on a day (none on a fixed day off)."""
        if day in employee.days_off:
            return ()
        # Once per employee: the models and the scorer ask for every employee and day, on
        # a 364-day instance with 150 staff and 30 shift types over a million times.
        known = self._workable.get(employee.id)
        if known is None or known[0] is not employee:
            known = employee, tuple(s for s in self.shifts if employee.may_work(s))
            self._workable[employee.id] = known
        return known[1]


# ---------------------------------------------------------------------------- parsing


@dataclass
class _Line:
    number: int
    fields: list[str]


def _problem(source: str, line: int, message: str) -> InputError:
    # The detail keeps the benchmark's own (English) field names.
    return InputError(source, [Problem("", "curtois.line", {"line": line, "problem": message})])


def parse(text: str, name: str, source: str | None = None) -> Instance:
    """Read an instance; a bad file raises InputError naming the line."""
    source = source or name
    sections: dict[str, list[_Line]] = {}
    header_line: dict[str, int] = {}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#"):
            continue
        if not line:
            current = None
            continue
        if line.startswith("SECTION_"):
            if line not in SECTIONS:
                raise _problem(source, number, f"unknown section {line}")
            if line in sections:
                raise _problem(source, number, f"{line} appears twice")
            current = line
            sections[line], header_line[line] = [], number
            continue
        if current is None:
            raise _problem(source, number, f"data outside a section: {line[:40]!r}")
        sections[current].append(_Line(number, [f.strip() for f in line.split(",")]))
    for required in ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_COVER"):
        if required not in sections:
            raise InputError(source, [Problem("", "curtois.missing_section",
                                              {"section": required})])
    return _Parser(source, name, sections, header_line).instance()


def read(path: Path) -> Instance:
    return parse(read_text(path), path.stem, str(path))


class _Parser:
    def __init__(self, source: str, name: str, sections: dict[str, list[_Line]],
                 header_line: dict[str, int]):
        self.source, self.name, self.sections = source, name, sections
        self.header_line = header_line

    def fail(self, line: _Line | int, message: str) -> InputError:
        return _problem(self.source, line if isinstance(line, int) else line.number, message)

    def integer(self, line: _Line, text: str, what: str, minimum: int = 0) -> int:
        try:
            value = int(text)
        except ValueError:
            raise self.fail(line, f"{what} must be a whole number (got {text!r})") from None
        if value < minimum:
            raise self.fail(line, f"{what} must be ≥ {minimum} (got {value})")
        return value

    def fields(self, line: _Line, count: int, what: str, at_least: bool = False) -> list[str]:
        n = len(line.fields)
        if n < count or (n > count and not at_least):
            raise self.fail(line, f"{what} needs {count} comma-separated fields (got {n})")
        return line.fields

    def instance(self) -> Instance:
        days = self.horizon()
        shifts = self.shift_types()
        employees = self.staff(shifts, days)
        days_off = self.days_off(employees, days)
        employees = tuple(
            Employee(**{**e.__dict__, "days_off": frozenset(days_off.get(e.id, ()))})
            for e in employees
        )
        ids = {e.id for e in employees}
        return Instance(
            name=self.name, days=days, shifts=shifts, employees=employees,
            on_requests=self.requests("SECTION_SHIFT_ON_REQUESTS", ids, shifts, days),
            off_requests=self.requests("SECTION_SHIFT_OFF_REQUESTS", ids, shifts, days),
            cover=self.cover(shifts, days),
        )

    def horizon(self) -> int:
        lines = self.sections["SECTION_HORIZON"]
        if len(lines) != 1:
            raise self.fail(lines[1] if lines else self.header_line["SECTION_HORIZON"],
                            "SECTION_HORIZON holds exactly one number, the days")
        line = lines[0]
        days = self.integer(line, self.fields(line, 1, "the horizon")[0], "the horizon", 7)
        if days % 7:
            raise self.fail(line, f"the horizon must be whole weeks (got {days} days)")
        return days

    def shift_types(self) -> dict[str, ShiftType]:
        raw: dict[str, tuple[_Line, int, list[str]]] = {}
        for line in self.sections["SECTION_SHIFTS"]:
            f = self.fields(line, 2, "a shift", at_least=True)
            if len(f) > 3:
                raise self.fail(line, f"a shift has at most 3 fields (got {len(f)})")
            if not f[0]:
                raise self.fail(line, "the shift id is empty")
            if f[0] in raw:
                raise self.fail(line, f"shift {f[0]} is defined twice")
            minutes = self.integer(line, f[1], "the shift length in minutes", 1)
            follow = [s for s in (f[2].split("|") if len(f) > 2 else []) if s]
            raw[f[0]] = (line, minutes, follow)
        if not raw:
            raise self.fail(self.header_line["SECTION_SHIFTS"], "no shift types")
        for sid, (line, _, follow) in raw.items():
            for other in follow:
                if other not in raw:
                    raise self.fail(line, f"shift {sid}: unknown shift {other!r} in CannotFollow")
        return {sid: ShiftType(sid, minutes, tuple(follow))
                for sid, (_, minutes, follow) in raw.items()}

    def staff(self, shifts: dict[str, ShiftType], days: int) -> list[Employee]:
        result: list[Employee] = []
        seen: set[str] = set()
        for line in self.sections["SECTION_STAFF"]:
            f = self.fields(line, 8, "an employee")
            if not f[0] or f[0] in seen:
                raise self.fail(line, f"employee id {f[0]!r} is empty or repeated")
            seen.add(f[0])
            max_shifts: dict[str, int] = {}
            for item in (i for i in f[1].split("|") if i):
                sid, sep, count = item.partition("=")
                if not sep or sid not in shifts:
                    raise self.fail(line, f"MaxShifts item {item!r} must be ShiftID=n with a "
                                          "known shift")
                max_shifts[sid] = self.integer(line, count, f"MaxShifts for {sid}")
            values = [self.integer(line, v, name) for v, name in zip(f[2:], (
                "MaxTotalMinutes", "MinTotalMinutes", "MaxConsecutiveShifts",
                "MinConsecutiveShifts", "MinConsecutiveDaysOff", "MaxWeekends"))]
            if values[1] > values[0]:
                raise self.fail(line, f"MinTotalMinutes {values[1]} exceeds MaxTotalMinutes "
                                      f"{values[0]}")
            if values[3] > values[2]:
                raise self.fail(line, f"MinConsecutiveShifts {values[3]} exceeds "
                                      f"MaxConsecutiveShifts {values[2]}")
            result.append(Employee(f[0], max_shifts, *values))
        if not result:
            raise self.fail(self.header_line["SECTION_STAFF"], "no employees")
        return result

    def day(self, line: _Line, text: str, days: int) -> int:
        day = self.integer(line, text, "the day")
        if day >= days:
            raise self.fail(line, f"day {day} is outside the horizon 0–{days - 1}")
        return day

    def days_off(self, employees: list[Employee], days: int) -> dict[str, list[int]]:
        ids = {e.id for e in employees}
        result: dict[str, list[int]] = {}
        for line in self.sections.get("SECTION_DAYS_OFF", []):
            f = line.fields
            if f[0] not in ids:
                raise self.fail(line, f"unknown employee {f[0]!r}")
            result.setdefault(f[0], []).extend(self.day(line, v, days) for v in f[1:] if v)
        return result

    def requests(self, section: str, ids: set[str], shifts: dict[str, ShiftType], days: int
                 ) -> tuple[Request, ...]:
        result = []
        for line in self.sections.get(section, []):
            f = self.fields(line, 4, "a request")
            if f[0] not in ids:
                raise self.fail(line, f"unknown employee {f[0]!r}")
            if f[2] not in shifts:
                raise self.fail(line, f"unknown shift {f[2]!r}")
            result.append(Request(f[0], self.day(line, f[1], days), f[2],
                                  self.integer(line, f[3], "the weight")))
        return tuple(result)

    def cover(self, shifts: dict[str, ShiftType], days: int) -> tuple[Cover, ...]:
        result, seen = [], set()
        for line in self.sections["SECTION_COVER"]:
            f = self.fields(line, 5, "a cover line")
            day = self.day(line, f[0], days)
            if f[1] not in shifts:
                raise self.fail(line, f"unknown shift {f[1]!r}")
            if (day, f[1]) in seen:
                raise self.fail(line, f"cover for day {day}, shift {f[1]} given twice")
            seen.add((day, f[1]))
            result.append(Cover(day, f[1], self.integer(line, f[2], "the requirement"),
                                self.integer(line, f[3], "WeightUnder"),
                                self.integer(line, f[4], "WeightOver")))
        return tuple(result)


def read_best_known(path: Path) -> dict[str, int]:
    """instance → published best objective, from a best_known.tsv (header line first);
    an absent file gives an empty table."""
    if not path.is_file():
        return {}
    table = {}
    for number, line in enumerate(read_text(path).splitlines()[1:], start=2):
        fields = line.split("\t")
        if len(fields) < 5 or not fields[0]:
            continue
        try:
            table[fields[0]] = int(fields[4])
        except ValueError:
            raise _problem(str(path), number, f"best_known must be a whole number "
                                              f"(got {fields[4]!r})") from None
    return table


# ---------------------------------------------------------------------------- scoring

Assignments = dict[str, list[str]]
"""Employee id → one shift id per day ('' for a day off)."""


@dataclass
class Evaluation:
    objective: int
    on_requests: int
    off_requests: int
    cover_under: int
    cover_over: int
    breaches: list[str] = field(default_factory=list)
    """Hard-rule breaches in plain words, each starting with its rule number."""

    @property
    def legal(self) -> bool:
        return not self.breaches


def runs(worked: list[bool], value: bool) -> list[tuple[int, int]]:
    """Maximal runs of ``value`` as (first day, length)."""
    result, start = [], None
    for d, w in enumerate(worked + [not value]):
        if w == value and start is None:
            start = d
        elif w != value and start is not None:
            result.append((start, d - start))
            start = None
    return result


def evaluate(instance: Instance, assignments: Assignments) -> Evaluation:
    """Score an assignment and list every hard-rule breach (README rules 1–9)."""
    breaches: list[str] = []
    days, shifts = instance.days, instance.shifts
    known = {e.id for e in instance.employees}
    for unknown in sorted(set(assignments) - known):
        breaches.append(f"1: unknown employee {unknown!r}")
    plan: dict[str, list[str]] = {}
    for e in instance.employees:
        row = list(assignments.get(e.id, [OFF] * days))
        if len(row) != days:
            breaches.append(f"1: {e.id} has {len(row)} days, the horizon has {days}")
            row = (row + [OFF] * days)[:days]
        for d, s in enumerate(row):
            if s != OFF and s not in shifts:
                breaches.append(f"1: {e.id} day {d}: unknown shift {s!r}")
                row[d] = OFF
        plan[e.id] = row
        breaches.extend(employee_breaches(instance, e, row))

    totals: Counter[str] = Counter()
    for kind, _, amount in _soft_penalties(instance, plan):
        totals[kind] += amount
    on, off, under, over = (totals[kind] for kind in ("on", "off", "under", "over"))
    return Evaluation(on + off + under + over, on, off, under, over, breaches)


def daily_penalties(instance: Instance, assignments: Assignments, requests: bool = True
                    ) -> dict[int, int]:
    """The soft penalties a roster pays (README, objective) by day, for the days it pays
    any: cover lines short or over (weight × count), requests not granted (their weight;
    left out when not ``requests``)."""
    paid: Counter[int] = Counter()
    for kind, day, amount in _soft_penalties(instance, assignments):
        if requests or kind in ("under", "over"):
            paid[day] += amount
    return {d: p for d, p in sorted(paid.items()) if p}


def _soft_penalties(instance: Instance, plan: Assignments) -> Iterator[tuple[str, int, int]]:
    """Every soft penalty term of a plan (one row per employee, the horizon long) as (kind,
    day, amount): "on" an on-request not granted, "off" an off-request hit, "under" and
    "over" a cover line's shortfall and surplus times their weights (0 when met)."""
    for r in instance.on_requests:
        if plan[r.employee][r.day] != r.shift:
            yield "on", r.day, r.weight
    for r in instance.off_requests:
        if plan[r.employee][r.day] == r.shift:
            yield "off", r.day, r.weight
    on_duty = Counter((d, s) for row in plan.values() for d, s in enumerate(row) if s != OFF)
    for c in instance.cover:
        count = on_duty[(c.day, c.shift)]
        yield "under", c.day, c.weight_under * max(0, c.requirement - count)
        yield "over", c.day, c.weight_over * max(0, count - c.requirement)


def employee_breaches(instance: Instance, e: Employee, row: list[str]) -> list[str]:
    """The hard rules (README rules 2–9) one employee's row of shifts breaks."""
    out: list[str] = []
    days = instance.days
    for d in range(days - 1):
        if row[d] and row[d + 1] in instance.shifts[row[d]].cannot_follow:
            out.append(f"2: {e.id} day {d}–{d + 1}: {row[d + 1]} may not follow {row[d]}")
    for sid, limit in e.max_shifts.items():
        count = row.count(sid)
        if count > limit:
            out.append(f"3: {e.id} works {sid} {count} times (at most {limit})")
    minutes = sum(instance.shifts[s].minutes for s in row if s)
    if not e.min_minutes <= minutes <= e.max_minutes:
        out.append(f"4: {e.id} works {minutes} minutes (allowed {e.min_minutes}–"
                   f"{e.max_minutes})")
    worked = [bool(s) for s in row]
    for value, rule, lo, hi, what in ((True, 5, e.min_consecutive, e.max_consecutive,
                                       "working days"),
                                      (False, 7, e.min_days_off, None, "days off")):
        for start, length in runs(worked, value):
            if hi is not None and length > hi:
                out.append(f"{rule}: {e.id} {length} {what} in a row from day {start} "
                           f"(at most {hi})")
            touches_edge = start == 0 or start + length == days
            if length < lo and not touches_edge:
                out.append(f"{rule + 1 if value else rule}: {e.id} only {length} {what} in a "
                           f"row from day {start} (at least {lo})")
    weekends = sum(1 for w in range(instance.weeks)
                   if any(worked[d] for d in instance.weekend_days(w)))
    if weekends > e.max_weekends:
        out.append(f"8: {e.id} works {weekends} weekends (at most {e.max_weekends})")
    for d in sorted(e.days_off):
        if worked[d]:
            out.append(f"9: {e.id} works on day off {d}")
    return out


def share_up(limit: int, part: int, whole: int) -> int:
    """⌈limit · part / whole⌉ in integers: the float product rounds up one too many where it
    lands just above a whole number (108 · 49 / 84 = 63 came out 64)."""
    return -(-limit * part // whole)


@dataclass(frozen=True)
class Restriction:
    """A stretch of whole weeks of a legal roster as an instance of its own: the days
    ``first`` to ``first + instance.days − 1`` of the full horizon, each employee's totals
    (minutes, per-shift caps, worked weekends) less what the roster works outside it, and
    the requests and cover inside it, renumbered from 0. See ``restrict``."""

    instance: Instance
    roster: Assignments
    """The roster on the stretch (its days renumbered from 0)."""
    first: int

    def within_share(self, full: Instance) -> Restriction:
        """The restriction with each employee's limits over the horizon (per-shift caps,
        minutes, worked weekends) held to the stretch's share of ``full``'s, rounded up:
        ⌈limit · stretch days / horizon days⌉. Never below what the roster already works
        on the stretch, so the roster stays a solution; a limit the roster outside leaves
        lower stays lower. A stretch solved first (block search from a greedy roster) then
        cannot spend the budget the later ones need. The minimum minutes are left as they
        are."""
        def held(left: int, whole: int, used: int) -> int:
            return max(used, min(left, share_up(whole, self.instance.days, full.days)))

        originals = {e.id: e for e in full.employees}
        employees = []
        for e in self.instance.employees:
            limits, row = originals[e.id], self.roster[e.id]
            worked = [s for s in row if s != OFF]
            weekends = sum(1 for w in range(self.instance.weeks)
                           if any(row[d] != OFF for d in self.instance.weekend_days(w)))
            employees.append(replace(
                e,
                max_shifts={s: held(n, limits.max_shifts[s], worked.count(s))
                            for s, n in e.max_shifts.items()},
                max_minutes=held(e.max_minutes, limits.max_minutes,
                                 sum(full.shifts[s].minutes for s in worked)),
                max_weekends=held(e.max_weekends, limits.max_weekends, weekends)))
        return replace(self, instance=replace(self.instance, employees=tuple(employees)))

    def merge(self, full: Assignments, part: Assignments) -> Assignments:
        """The full roster with the stretch replaced by ``part`` (an assignment of the
        restricted instance)."""
        stop = self.first + self.instance.days
        return {id_: row[:self.first] + list(part[id_]) + row[stop:]
                for id_, row in full.items()}


def restrict(instance: Instance, roster: Assignments, days: range) -> Restriction:
    """The roster's neighbourhood around ``days`` as a smaller instance, for solvers that
    change only those days (large neighbourhood search on a 364-day horizon, where a model
    of the whole horizon per neighbourhood costs more than solving it).

    The stretch reaches ``context`` days beyond ``days`` on each side (then out to whole
    weeks, so that its weekends are the horizon's), context being the longest run any rule
    bounds. That makes it exact: an assignment that changes only ``days``, is legal for the
    restriction and keeps the roster outside, is legal for the instance, and the two
    objectives differ by a constant (the penalties outside the stretch). Why: a run of
    working days or days off that includes a changed day and touches a cut edge of the
    stretch is longer than ``context``, so rule 5 judges it there as it would in the full
    horizon, and rules 6 and 7 (minimum runs, exempt at the edges) hold for it anyway;
    rotation (rule 2) crosses one day; rules 3, 4 and 8 count the outside days as fixed.
    ``roster`` must be legal."""
    context = min(instance.days, max(max(e.max_consecutive, e.min_consecutive,
                                         e.min_days_off) for e in instance.employees))
    first = max(0, (days.start - context) // 7 * 7)
    stop = min(instance.days, -(-(days.stop + context) // 7) * 7)
    inside = range(first, stop)
    employees = []
    for e in instance.employees:
        outside = [s for d, s in enumerate(roster[e.id]) if s != OFF and d not in inside]
        worked_weekends = sum(
            1 for w in range(instance.weeks) if 7 * w not in inside
            and any(roster[e.id][d] != OFF for d in instance.weekend_days(w)))
        minutes = sum(instance.shifts[s].minutes for s in outside)
        employees.append(replace(
            e,
            max_shifts={s: limit - outside.count(s) for s, limit in e.max_shifts.items()},
            max_minutes=e.max_minutes - minutes,
            min_minutes=max(0, e.min_minutes - minutes),
            max_weekends=e.max_weekends - worked_weekends,
            days_off=frozenset(d - first for d in e.days_off if d in inside)))

    def shifted(requests: tuple[Request, ...]) -> tuple[Request, ...]:
        return tuple(Request(r.employee, r.day - first, r.shift, r.weight)
                     for r in requests if r.day in inside)

    part = Instance(
        name=f"{instance.name}[{first}:{stop}]", days=stop - first, shifts=instance.shifts,
        employees=tuple(employees),
        on_requests=shifted(instance.on_requests), off_requests=shifted(instance.off_requests),
        cover=tuple(Cover(c.day - first, c.shift, c.requirement, c.weight_under,
                          c.weight_over) for c in instance.cover if c.day in inside))
    return Restriction(part, {id_: row[first:stop] for id_, row in roster.items()}, first)
