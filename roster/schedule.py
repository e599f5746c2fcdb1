"""A roster (turnus): who works which shift on which day, with JSON and grid-CSV forms.

JSON: ``{"unit": id, "weeks": W, "assignments": [{"employee_id", "day", "shift"}], "solver": {...}}``;
days off are simply absent. CSV: the grid managers read, one row per person and one column
per day (``u1 man`` … ``u6 søn``), the shift code or an empty cell (``-`` and F1–F5 also read
as days off). Both forms are read back, so a hand-made grid can be checked too.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from roster.calendar import column_label, parse_weekday
from roster.loading import InputError, Problem, problems_from_validation, read_text
from roster.models import Unit

OFF_CELLS = re.compile(r"^(|-|–|[Ff][1-5]?|[Xx])$")
"""Cells that mean a day off in a Norwegian grid: empty, '-', F, F1–F5 (domain §2c), X."""
DAY_HEADER = re.compile(r"^\s*(?:u|uke|w|week)\s*(\d+)\s*[-_ ]?\s*([a-zæøå]+)\.?\s*$", re.I)
ID_HEADERS = {"ansattnr", "ansattnummer", "id", "employee_id", "employee", "ansatt"}
NAME_HEADERS = {"navn", "name"}


class Assignment(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    employee_id: str
    day: int = Field(ge=0)
    shift: str


class Roster(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit: str
    weeks: int = Field(ge=1)
    assignments: list[Assignment]
    solver: dict[str, Any] | None = None

    def grid(self) -> dict[str, dict[int, list[str]]]:
        """employee → day → shift codes (a list: a hand-made roster may double-book)."""
        result: dict[str, dict[int, list[str]]] = {}
        for a in self.assignments:
            result.setdefault(a.employee_id, {}).setdefault(a.day, []).append(a.shift)
        return result

    def sorted(self) -> Roster:
        order = sorted(self.assignments, key=lambda a: (a.employee_id, a.day, a.shift))
        return self.model_copy(update={"assignments": order})


def validate_against_unit(roster: Roster, unit: Unit, source: str) -> Roster:
    """References must exist: unit, weeks, employees, days, shift codes."""
    problems: list[Problem] = []
    if roster.unit != unit.unit.id:
        problems.append(Problem("unit", "roster.unit_mismatch",
                                {"found": roster.unit, "expected": unit.unit.id}))
    if roster.weeks != unit.turnus.weeks:
        problems.append(Problem("weeks", "roster.weeks_mismatch",
                                {"found": roster.weeks, "expected": unit.turnus.weeks}))
    ids = {p.id for p in unit.staff}
    codes = unit.shift_codes()
    for i, a in enumerate(roster.assignments):
        path = f"assignments[{i}]"
        if a.employee_id not in ids:
            problems.append(Problem(f"{path}.employee_id", "roster.unknown_employee",
                                    {"id": a.employee_id}))
        if a.day >= unit.days:
            problems.append(Problem(f"{path}.day", "roster.day_out_of_range",
                                    {"day": a.day, "last": unit.days - 1}))
        if a.shift not in codes:
            problems.append(Problem(f"{path}.shift", "input.unknown_shift",
                                    {"code": a.shift, "known": ", ".join(codes)}))
    if problems:
        raise InputError(source, problems[:50])
    return roster


def roster_to_json(roster: Roster) -> str:
    return json.dumps(roster.sorted().model_dump(exclude_none=True), ensure_ascii=False, indent=2)


def roster_from_json(text: str, unit: Unit, source: str = "roster.json") -> Roster:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, [Problem("", "input.syntax", {
            "kind": "JSON", "line": exc.lineno, "column": exc.colno, "problem": exc.msg})]) from None
    try:
        roster = Roster.model_validate(data)
    except ValidationError as exc:
        raise InputError(source, problems_from_validation(exc, data)) from None
    return validate_against_unit(roster, unit, source)


def roster_to_csv(roster: Roster, unit: Unit) -> str:
    """The grid, semicolon-separated as Norwegian Excel expects (written with a BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["ansattnr", "navn"] + [column_label(d) for d in range(unit.days)])
    grid = roster.grid()
    for person in unit.staff:
        days = grid.get(person.id, {})
        writer.writerow([person.id, _neutralise(person.name)]
                        + ["/".join(days.get(d, [])) for d in range(unit.days)])
    return out.getvalue()


def _neutralise(text: str) -> str:
    """Keep a spreadsheet from reading a typed name as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def roster_from_csv(text: str, unit: Unit, source: str = "roster.csv") -> Roster:
    """Read a grid (comma or semicolon, with or without BOM) into a roster."""
    text = text.lstrip("\ufeff")
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=_delimiter(text)))
    except csv.Error as exc:
        raise InputError(source, [Problem("", "roster.csv_invalid", {"problem": str(exc)})]
                         ) from None
    return roster_from_rows(rows, unit, source)


def roster_from_xlsx(path: Path | BinaryIO, unit: Unit, source: str | None = None) -> Roster:
    """Read the first sheet of an Excel workbook (a file or its bytes) laid out like the grid CSV."""
    from openpyxl import load_workbook

    source = source or str(path)
    try:
        sheet = load_workbook(path, read_only=True, data_only=True).active
        rows = [["" if v is None else str(v) for v in row]
                for row in sheet.iter_rows(values_only=True)]
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise InputError(source, [Problem("", "roster.xlsx_invalid",
                                          {"problem": str(exc) or type(exc).__name__})]
                         ) from None
    return roster_from_rows(rows, unit, source)


def roster_from_rows(rows: list[list[str]], unit: Unit, source: str) -> Roster:
    """A grid given as rows of cell texts: a header row, then one row per person."""
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise InputError(source, [Problem("", "roster.csv_empty", {})])
    header = [h.strip() for h in rows[0]]
    id_col, day_cols = _columns(header, unit, source)
    codes = set(unit.shift_codes())
    ids = {p.id for p in unit.staff}
    assignments: list[Assignment] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for row_no, row in enumerate(rows[1:], start=2):
        cells = row + [""] * (len(header) - len(row))
        employee = cells[id_col].strip()
        if employee not in ids:
            problems.append(Problem("", "roster.csv_unknown_employee",
                                    {"row": row_no, "id": employee}))
            continue
        if employee in seen:
            problems.append(Problem("", "roster.duplicate_row", {"id": employee}))
        seen.add(employee)
        for day, col in enumerate(day_cols):
            cell = cells[col].strip()
            if OFF_CELLS.match(cell):
                continue
            for code in cell.split("/"):
                code = code.strip()
                if code not in codes:
                    problems.append(Problem("", "roster.csv_cell", {
                        "row": row_no, "column": col + 1, "label": header[col], "code": code}))
                else:
                    assignments.append(Assignment(employee_id=employee, day=day, shift=code))
    if problems:
        raise InputError(source, problems[:50])
    return Roster(unit=unit.unit.id, weeks=unit.turnus.weeks, assignments=assignments)


def _delimiter(text: str) -> str:
    first = text.splitlines()[0] if text else ""
    return ";" if first.count(";") >= first.count(",") else ","


def _columns(header: list[str], unit: Unit, source: str) -> tuple[int, list[int]]:
    lowered = [h.lower() for h in header]
    id_col = next((i for i, h in enumerate(lowered) if h in ID_HEADERS), None)
    labelled: dict[int, int] = {}
    for i, h in enumerate(header):
        match = DAY_HEADER.match(h)
        if match:
            try:
                weekday = parse_weekday(match.group(2))
            except ValueError:
                continue
            labelled[7 * (int(match.group(1)) - 1) + weekday] = i
    if labelled:
        day_cols = [labelled[d] for d in sorted(labelled)]
        if sorted(labelled) != list(range(unit.days)):
            raise InputError(source, [Problem("", "roster.csv_columns", {
                "found": len(labelled), "expected": unit.days, "weeks": unit.turnus.weeks})])
    else:
        # No recognisable day headers: id, name, then one column per day.
        day_cols = list(range(len(header) - unit.days, len(header)))
        if len(header) < unit.days + 1:
            raise InputError(source, [Problem("", "roster.csv_columns", {
                "found": max(0, len(header) - 2), "expected": unit.days,
                "weeks": unit.turnus.weeks})])
    if id_col is None:
        non_day = [i for i in range(len(header)) if i not in day_cols]
        if not non_day:
            raise InputError(source, [Problem("", "roster.csv_no_id", {})])
        id_col = non_day[0]
    return id_col, day_cols


def read_roster(path: str | Path, unit: Unit) -> Roster:
    """A roster file: ``.json`` or a grid ``.csv``."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), [Problem("", "input.file_missing", {"path": str(path)})])
    suffix = path.suffix.lower()
    text = "" if suffix == ".xlsx" else read_text(path)
    if suffix == ".json":
        return roster_from_json(text, unit, str(path))
    if suffix in (".csv", ".txt"):
        return roster_from_csv(text, unit, str(path))
    if suffix == ".xlsx":
        return roster_from_xlsx(path, unit)
    raise InputError(str(path), [Problem("", "roster.format", {"suffix": suffix})])


def write_roster(roster: Roster, unit: Unit, out_dir: str | Path) -> tuple[Path, Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    json_path, csv_path = out / "roster.json", out / "roster.csv"
    json_path.write_text(roster_to_json(roster) + "\n", encoding="utf-8")
    csv_path.write_text(roster_to_csv(roster, unit), encoding="utf-8-sig")
    return json_path, csv_path

