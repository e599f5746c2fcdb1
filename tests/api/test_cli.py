"""The `roster` command: exit codes, files written, messages in plain words."""

from __future__ import annotations

import datetime
import json

import pytest
from typer.testing import CliRunner

from api.cli import EXIT_BREACH, EXIT_INPUT, EXIT_OK, app
from tests.conftest import UNITS

runner = CliRunner()
QUICK = ["--workers", "1", "--seed", "1", "--deterministic-time", "0.5", "--time-limit", "600"]


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["solve", str(UNITS / "solsikken-skjermet.yaml"),
                                 "--out", str(out), *QUICK])
    return result, out


def test_solve_writes_json_and_csv(solved):
    result, out = solved
    assert result.exit_code == EXIT_OK, result.output
    assert "Status: lovlig turnus" in result.output
    assert "Ingen brudd på harde regler." in result.output
    data = json.loads((out / "roster.json").read_text(encoding="utf-8"))
    assert data["unit"] == "solsikken-skjermet" and data["weeks"] == 6
    assert {"employee_id", "day", "shift"} == set(data["assignments"][0])
    assert {"status", "objective", "bound", "wall_time_s", "seed"} <= set(data["solver"])
    grid = (out / "roster.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(grid) == 1 + 15 and grid[0].startswith("ansattnr;navn;u1 man;")
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Turnusrapport: Solsikken skjermet avdeling" in report
    assert f"Status: {data['solver']['status']}" in report


@pytest.mark.parametrize("name", ["roster.json", "roster.csv"])
def test_check_accepts_the_solvers_roster(solved, name):
    _, out = solved
    result = runner.invoke(app, ["check", str(UNITS / "solsikken-skjermet.yaml"),
                                 str(out / name)])
    assert result.exit_code == EXIT_OK, result.output
    assert "Ingen brudd på harde regler." in result.output


def test_check_lists_each_breach_and_exits_1(solved, tmp_path):
    _, out = solved
    rows = (out / "roster.csv").read_text(encoding="utf-8-sig").splitlines()
    # Everyone off on week 1 Monday: the day shift requirement fails.
    header, body = rows[0], rows[1:]
    broken = [header] + [";".join(r.split(";")[:2] + [""] + r.split(";")[3:]) for r in body]
    path = tmp_path / "hand.csv"
    path.write_text("\n".join(broken), encoding="utf-8")
    result = runner.invoke(app, ["check", str(UNITS / "solsikken-skjermet.yaml"), str(path),
                                 "--lang", "en"])
    assert result.exit_code == EXIT_BREACH
    assert "week 1 Mon, D: 0 on duty, needs at least 3 (requirement 1)" in result.output
    as_json = runner.invoke(app, ["check", str(UNITS / "solsikken-skjermet.yaml"), str(path),
                                  "--json"])
    data = json.loads(as_json.output)
    assert data["ok"] is False
    assert {"rule": "coverage_min", "employee_id": None, "day": 0,
            "message": "uke 1 man, D: 0 på vakt, krever minst 3 (krav 1)"} in data["breaches"]


def test_bad_unit_file_names_the_field(tmp_path):
    text = (UNITS / "fjordly-avd2.yaml").read_text(encoding="utf-8")
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace("fte: 0.8, skills: [sykepleier], shifts: [D, A]}",
                                 "fte: 1.8, skills: [sykepleier], shifts: [D, A]}", 1),
                    encoding="utf-8")
    result = runner.invoke(app, ["solve", str(path), "--out", str(tmp_path)])
    assert result.exit_code == EXIT_INPUT
    assert "staff[3].fte: må være > 0 og ≤ 1 (fikk 1.8)" in result.output
    assert "Traceback" not in result.output


def test_missing_files(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path / "x.yaml"), str(tmp_path / "r.json")])
    assert result.exit_code == EXIT_INPUT and "finner ikke filen" in result.output
    result = runner.invoke(app, ["check", str(UNITS / "fjordly-avd2.yaml"),
                                 str(tmp_path / "r.json"), "--lang", "en"])
    assert result.exit_code == EXIT_INPUT and "not found" in result.output


def test_infeasible_plan_says_why(tmp_path):
    result = runner.invoke(app, ["solve", str(UNITS / "bjorkly-infeasible.yaml"),
                                 "--out", str(tmp_path), "--lang", "en", *QUICK])
    assert result.exit_code == EXIT_BREACH
    assert "No legal roster exists" in result.output
    assert "requirement 2: D sat, sun, at least 3, sykepleier 1" in result.output
    assert "weekend load: one weekend in 3" in result.output
    assert ("the 8 staff who may work D are to work 16 person-weekends in the turnus; the "
            "requirements need at least 18 (6 weekends)") in result.output
    assert "of them 2 with sykepleier on D: 4 person-weekends; the requirement needs 6" in (
        result.output)
    assert not (tmp_path / "roster.json").exists()


def test_unreadable_inputs_and_outputs(tmp_path, solved):
    binary = tmp_path / "unit.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    result = runner.invoke(app, ["solve", str(binary), "--lang", "en"])
    assert result.exit_code == EXIT_INPUT and "not UTF-8 text" in result.output
    grid = tmp_path / "grid.csv"
    grid.write_text("ansattnr;navn\n1;\x00\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(UNITS / "solsikken-skjermet.yaml"), str(grid)])
    assert result.exit_code == EXIT_INPUT and "Traceback" not in result.output
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["solve", str(UNITS / "solsikken-skjermet.yaml"),
                                 "--out", str(blocker / "out"), *QUICK])
    assert result.exit_code == EXIT_INPUT and "kan ikke skrive" in result.output


def test_cost_command(solved, tmp_path):
    _, out = solved
    unit = str(UNITS / "solsikken-skjermet.yaml")
    result = runner.invoke(app, ["cost", unit, str(out / "roster.json"), "--json"])
    assert result.exit_code == EXIT_OK, result.output
    data = json.loads(result.output)
    assert (data["from"], data["to"]) == ("2027-01-04", "2027-02-14")
    total = sum(float(p["total"]) for p in data["people"])
    assert abs(total - float(data["unit"]["total"])) < 0.005
    year = json.loads(runner.invoke(app, ["cost", unit, str(out / "roster.json"), "--year",
                                          "--json"]).output)
    assert float(year["unit"]["holiday"]) > 0  # Easter, Whitsun and Christmas fall in it
    bad = runner.invoke(app, ["cost", unit, str(out / "roster.json"), "--from", "2027-02-01"])
    assert bad.exit_code == EXIT_INPUT


@pytest.mark.parametrize("fmt, name", [("visma-csv", "vakter.csv"), ("xlsx", "vakter.xlsx")])
def test_export_command(solved, tmp_path, fmt, name):
    from roster.export import read_export
    from roster.loading import load_unit
    from roster.rollout import roll_out
    from roster.schedule import read_roster

    _, out = solved
    unit_path = UNITS / "solsikken-skjermet.yaml"
    target = tmp_path / name
    result = runner.invoke(app, ["export", str(unit_path), str(out / "roster.json"), "--from",
                                 "2027-12-20", "--to", "2028-01-02", "--format", fmt, "--out",
                                 str(target)])
    assert result.exit_code == EXIT_OK, result.output
    unit = load_unit(unit_path)
    expected = roll_out(unit, read_roster(out / "roster.json", unit),
                        datetime.date(2027, 12, 20), datetime.date(2028, 1, 2))
    rows = read_export(target)
    assert [(r["ansattnummer"], r["dato"], r["vaktkode"]) for r in rows] == [
        (s.employee_id, s.date.isoformat(), s.shift) for s in expected]
    assert f"Skrev {len(rows)} vakter" in result.output
    assert any(r["helligdag"] == "Julaften" for r in rows)


def test_export_rejects_an_unknown_format(solved, tmp_path):
    _, out = solved
    result = runner.invoke(app, ["export", str(UNITS / "solsikken-skjermet.yaml"),
                                 str(out / "roster.json"), "--from", "2027-01-04", "--to",
                                 "2027-01-10", "--format", "pdf", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_report_command(solved, tmp_path):
    _, out = solved
    target = tmp_path / "sub" / "report.html"
    result = runner.invoke(app, ["report", str(UNITS / "solsikken-skjermet.yaml"),
                                 str(out / "roster.csv"), "--out", str(target), "--lang", "en"])
    assert result.exit_code == EXIT_OK, result.output
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Roster report" in html
    assert "<svg" in html and "http" not in html.split("<svg", 1)[0]  # no external assets
    assert "@page { size: A4 landscape" in html


def test_compare_command(solved, tmp_path):
    _, out = solved
    unit = str(UNITS / "solsikken-skjermet.yaml")
    manual = str(UNITS.parent / "manual" / "solsikken-skjermet.csv")
    result = runner.invoke(app, ["compare", unit, str(out / "roster.json"), manual, "--json",
                                 "--lang", "en"])
    assert result.exit_code == EXIT_OK, result.output
    lines = {line["key"]: line for line in json.loads(result.output)["lines"]}
    assert lines["hard_breaches"]["generated"] == 0 and lines["hard_breaches"]["manual"] > 0
    assert lines["hard_breaches"]["better"] == "generated"
    target = tmp_path / "compare.html"
    result = runner.invoke(app, ["compare", unit, str(out / "roster.json"), manual, "--out",
                                 str(target)])
    assert result.exit_code == EXIT_OK and "Brudd i den manuelle turnusen" in target.read_text(
        encoding="utf-8")


def test_unknown_language_is_refused():
    result = runner.invoke(app, ["check", str(UNITS / "fjordly-avd2.yaml"), "x.json",
                                 "--lang", "de"])
    assert result.exit_code == EXIT_INPUT and "Traceback" not in result.output
