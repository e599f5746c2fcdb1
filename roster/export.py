"""Dated export of a roster for HR's import into Visma (or any payroll/turnus system).

One row per worked shift of the roster rolled out over real dates (roster.rollout), with
the hours in each supplement window (roster.cost) and the holiday or eve it touches.
No public Visma import specification for rosters exists (domain §4), so the columns are
the neutral export the domain notes recommend, and they live in one place, ``COLUMNS``:
to fit a customer's import profile, change the headers, order or formats there.

CSV: semicolon-separated UTF-8 with BOM, decimal comma, as Norwegian Excel and import tools
expect. Text a spreadsheet would read as a formula (starting with = + - @, tab or carriage
return) is neutralised with a leading apostrophe, in CSV and xlsx alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO, Callable

from roster.cost import window_minutes
from roster.holiday_calendar import windows_between
from roster.models import Unit
from roster.rollout import DatedShift, roll_out
from roster.schedule import Roster

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportRow:
    shift: DatedShift
    name: str
    cost_center: str
    unit_id: str
    minutes: dict[str, int]
    holiday: str


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[ExportRow], str | Decimal]


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01")).normalize()


COLUMNS: tuple[Column, ...] = (
    Column("ansattnummer", lambda r: r.shift.employee_id),
    Column("navn", lambda r: r.name),
    Column("dato", lambda r: r.shift.date.isoformat()),
    Column("vaktkode", lambda r: r.shift.shift),
    Column("start", lambda r: r.shift.start.strftime("%H:%M")),
    Column("slutt_dato", lambda r: r.shift.end.date().isoformat()),
    Column("slutt", lambda r: r.shift.end.strftime("%H:%M")),
    Column("timer", lambda r: _hours(r.shift.minutes)),
    Column("kostnadssted", lambda r: r.cost_center),
    Column("enhet", lambda r: r.unit_id),
    Column("kveld_timer", lambda r: _hours(r.minutes["evening"])),
    Column("natt_timer", lambda r: _hours(r.minutes["night"])),
    Column("helg_timer", lambda r: _hours(r.minutes["weekend"])),
    Column("helligdag_timer", lambda r: _hours(r.minutes["holiday"])),
    Column("helligdag", lambda r: r.holiday),
)
"""The export's columns, in order: the one place to adapt to an import profile."""


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def export_rows(unit: Unit, roster: Roster, first: dt.date, last: dt.date) -> list[ExportRow]:
    holidays = windows_between(first, last + dt.timedelta(days=1))
    names = {p.id: p.name for p in unit.staff}
    rows = []
    for shift in roll_out(unit, roster, first, last):
        touching = [w.name for w in holidays if w.start < shift.end and w.end > shift.start]
        rows.append(ExportRow(shift, names[shift.employee_id], unit.unit.cost_center,
                              unit.unit.id, window_minutes(shift, holidays),
                              ", ".join(touching)))
    return rows


def _cells(row: ExportRow) -> list[str | Decimal]:
    values = [c.value(row) for c in COLUMNS]
    return [v if isinstance(v, Decimal) else neutralise(str(v)) for v in values]


def to_csv(rows: list[ExportRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    for row in rows:
        writer.writerow([str(v).replace(".", ",") if isinstance(v, Decimal) else v
                         for v in _cells(row)])
    return "\ufeff" + out.getvalue()


def write_xlsx(rows: list[ExportRow], path: Path | BinaryIO) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Vakter"
    sheet.append([c.header for c in COLUMNS])
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in _cells(row)])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    book.save(path)


def write_export(unit: Unit, roster: Roster, first: dt.date, last: dt.date, fmt: str,
                 path: Path) -> int:
    """Write the export; returns the number of shifts."""
    rows = export_rows(unit, roster, first, last)
    if fmt == "visma-csv":
        path.write_text(to_csv(rows), encoding="utf-8", newline="")
    elif fmt == "xlsx":
        write_xlsx(rows, path)
    else:
        raise ValueError(fmt)
    return len(rows)


def read_export(path: Path) -> list[dict[str, str]]:
    """Rows of an export as header → text (decimal comma kept), for checks and tests."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True).active
        values = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(
            values_only=True)]
    else:
        text = path.read_text(encoding="utf-8-sig")
        values = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, body = values[0], values[1:]
    return [dict(zip(header, row)) for row in body]
