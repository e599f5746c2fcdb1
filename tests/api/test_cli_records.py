"""`roster records check|split`, `roster pilot-report` and `roster bench curtois`."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_records_check_lists_the_discrepancies_and_exits_1():
    result = runner.invoke(app, ["records", "check", "--json"])
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert len(found) == 22
    assert {"record", "item", "printed", "computed", "rule"} == set(found[0])


def test_records_check_bad_folder_exits_2(tmp_path):
    result = runner.invoke(app, ["records", "check", str(tmp_path)])
    assert result.exit_code == 2
    assert "meeting.yaml" in result.stderr


def test_records_split_json_and_table():
    result = runner.invoke(app, ["records", "split", "450000", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert sum(data["split"].values()) == 450000 and data["split"]["Molde"] == 211950
    result = runner.invoke(app, ["records", "split", "1000", "--key", "2023"])
    assert result.exit_code == 0 and "Hustadvika" in result.stdout and "1 000" in result.stdout


def test_records_split_bad_input():
    assert runner.invoke(app, ["records", "split", "12,5"]).exit_code == 2
    result = runner.invoke(app, ["records", "split", "100", "--key", "2019"])
    assert result.exit_code == 2 and "2019" in result.stderr


def pilot_report(tmp_path: Path, unit: Path, manual: Path | None, cost: str) -> str:
    """Solve the unit (the solve command exits 0 only with zero hard breaches), then write
    the case document against ``manual`` (default: the generated grid itself)."""
    generated = tmp_path / "gen"
    assert runner.invoke(app, ["solve", str(unit), "--time-limit", "5", "--out",
                               str(generated)]).exit_code == 0
    out = tmp_path / "case.html"
    result = runner.invoke(app, [
        "pilot-report", "--unit", str(unit), "--generated", str(generated / "roster.json"),
        "--manual", str(manual or generated / "roster.csv"), "--pilot-cost", cost,
        "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_pilot_report_content(tmp_path):
    html = pilot_report(tmp_path, ROOT / "fixtures" / "units" / "solsikken-skjermet.yaml",
                        ROOT / "fixtures" / "manual" / "solsikken-skjermet.csv", "450000")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Dok. ansvarlig: ROR-IKT" in text and "Status: Utkast" in text
    assert "2023/M4-006" in text and "Turnusplanlegging ved hjelp av KI" in text
    assert "Forslag til vedtak" in text
    for municipality, amount in (("Aukra", "36 405 kr"), ("Molde", "211 950 kr"),
                                 ("Sum", "450 000 kr")):
        assert f"{municipality} {amount}" in text
    assert "Brudd på harde regler 0 " in text  # the generated roster is legal
    # The manual roster breaks rules, the generated does not: extend the pilot.
    assert "Piloten videreføres og utvides" in text


def test_pilot_report_escapes_names(tmp_path):
    src = (ROOT / "fixtures" / "units" / "solsikken-skjermet.yaml").read_text(encoding="utf-8")
    unit = tmp_path / "unit.yaml"
    name_line = next(line for line in src.splitlines() if line.strip().startswith("name:"))
    unit.write_text(src.replace(name_line, name_line.split("name:")[0]
                                + 'name: "<script>alert(1)</script>"', 1), encoding="utf-8")
    html = pilot_report(tmp_path, unit, None, "1000")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_bench_curtois_writes_json_and_table(tmp_path):
    result = runner.invoke(app, ["bench", "curtois",
                                 str(ROOT / "fixtures" / "curtois" / "Instance1.txt"),
                                 "--time-limit", "60", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "Instance1.json").read_text(encoding="utf-8"))
    assert set(record) == {"instance", "objective", "bound", "status", "wall_time_s",
                           "time_to_best_s", "assignments"}
    assert record["objective"] == 607 and record["status"] == "OPTIMAL"
    assert "Instance1" in result.stdout and "607" in result.stdout


def test_bench_curtois_bad_file_names_the_line(tmp_path):
    lines = (ROOT / "fixtures" / "curtois" / "Instance1.txt").read_text().splitlines()
    number = lines.index("14")  # the horizon, 0-based
    lines[number] = "fourteen"
    bad = tmp_path / "Bad.txt"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["bench", "curtois", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert f"linje {number + 1}: the horizon must be a whole number" in result.stderr


def test_bench_curtois_compiles_before_the_first_clock_starts(tmp_path, monkeypatch):
    """The dynamic program's one-time compile is done before any instance is solved."""
    import solver.curtois
    import solver.labelling

    calls = []
    real_solve = solver.curtois.solve

    def solve(instance, options):
        calls.append("solve")
        return real_solve(instance, options)

    monkeypatch.setattr(solver.labelling, "warm_up", lambda: calls.append("warm_up"))
    monkeypatch.setattr(solver.curtois, "solve", solve)
    result = runner.invoke(app, ["bench", "curtois",
                                 str(ROOT / "fixtures" / "curtois" / "Instance1.txt"),
                                 "--time-limit", "60", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert calls == ["warm_up", "solve"]
