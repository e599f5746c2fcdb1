"""The dated export: its rows are the roll-out, it reads back, and nothing in it runs as a
formula."""

from __future__ import annotations

import csv
import datetime as dt
import io

from roster.export import COLUMNS, read_export, write_export
from roster.loading import unit_from_data
from roster.rollout import roll_out
from tests.conftest import BASELINE, make_roster, tiny_unit_data


def hostile_unit():
    data = tiny_unit_data()
    data["unit"]["cost_center"] = "+3521"
    data["staff"][0]["name"] = '=HYPERLINK("http://x","klikk")'
    data["staff"][1]["name"] = "@SUM(A1)"
    data["shift_types"][0]["start"] = "07:30"  # D is 7.5 h: decimal commas show
    return unit_from_data(data)


FIRST, LAST = dt.date(2027, 3, 15), dt.date(2027, 4, 11)  # four weeks around Easter


def test_csv_round_trip_equals_the_rollout(tmp_path):
    unit = hostile_unit()
    roster = make_roster(unit, BASELINE)
    path = tmp_path / "export.csv"
    count = write_export(unit, roster, FIRST, LAST, "visma-csv", path)
    expected = [(s.employee_id, s.date.isoformat(), s.shift)
                for s in roll_out(unit, roster, FIRST, LAST)]
    rows = read_export(path)
    assert count == len(expected) == len(rows) == 2 * 15  # 15 shifts a turn, two turns
    assert [(r["ansattnummer"], r["dato"], r["vaktkode"]) for r in rows] == expected


def test_csv_format_for_norwegian_excel(tmp_path):
    unit = hostile_unit()
    path = tmp_path / "export.csv"
    write_export(unit, make_roster(unit, BASELINE), FIRST, LAST, "visma-csv", path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.split("\r\n")[0] == ";".join(c.header for c in COLUMNS)
    header, first = list(csv.reader(io.StringIO(text), delimiter=";"))[:2]
    first = dict(zip(header, first))
    assert first["navn"] == "'=HYPERLINK(\"http://x\",\"klikk\")"
    assert first["kostnadssted"] == "'+3521"
    assert (first["vaktkode"], first["timer"]) == ("D", "7,5")


def test_values_and_holidays(tmp_path):
    unit = hostile_unit()
    path = tmp_path / "export.csv"
    write_export(unit, make_roster(unit, BASELINE), FIRST, LAST, "visma-csv", path)
    rows = {(r["ansattnummer"], r["dato"]): r for r in read_export(path)}
    # Per Berg's A on Wednesday 24 March (turnus day 9): the eve from 12:00.
    wednesday = rows[("3", "2027-03-24")]
    assert wednesday["vaktkode"] == "A" and wednesday["helligdag"] == "Onsdag før skjærtorsdag"
    assert (wednesday["kveld_timer"], wednesday["natt_timer"], wednesday["helligdag_timer"]) == (
        "4", "1", "8")
    saturday = rows[("3", "2027-03-27")]  # påskeaften: holiday, so no weekend supplement
    assert (saturday["helg_timer"], saturday["helligdag_timer"]) == ("0", "8")
    assert rows[("1", "2027-03-20")]["helg_timer"] == "7,5"


def test_night_shift_ends_the_next_day(tmp_path):
    unit = hostile_unit()
    roster = make_roster(unit, {"1": ". . . . N . . . . . . . . ."})
    path = tmp_path / "export.csv"
    write_export(unit, roster, dt.date(2027, 1, 4), dt.date(2027, 1, 10), "visma-csv", path)
    (row,) = read_export(path)
    assert (row["dato"], row["start"], row["slutt_dato"], row["slutt"], row["timer"]) == (
        "2027-01-08", "22:00", "2027-01-09", "07:00", "9")
    assert (row["natt_timer"], row["helg_timer"]) == ("8", "7")


def test_xlsx_round_trip_and_no_formulas(tmp_path):
    from openpyxl import load_workbook

    unit = hostile_unit()
    roster = make_roster(unit, BASELINE)
    path = tmp_path / "export.xlsx"
    write_export(unit, roster, FIRST, LAST, "xlsx", path)
    rows = read_export(path)
    assert [(r["ansattnummer"], r["dato"], r["vaktkode"]) for r in rows] == [
        (s.employee_id, s.date.isoformat(), s.shift) for s in roll_out(unit, roster, FIRST, LAST)]
    sheet = load_workbook(path).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet["B2"].value == "'=HYPERLINK(\"http://x\",\"klikk\")"
