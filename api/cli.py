"""The ``roster`` command: thin wrappers that load input, call the engine and print.

Exit codes: 0 done; 1 a hard rule broken (check) or no legal roster exists (solve);
2 bad input or usage; 3 time limit reached without a roster.
"""

from __future__ import annotations

import datetime
import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Optional

import typer
from rich.console import Console
from rich.table import Table

from roster.checker import CheckResult, check
from roster.i18n import current_language, grouped, t
from roster.kpis import employee_kpis
from roster.loading import InputError, load_unit
from roster.models import Unit
from roster.problem import POINT, Problem, compile_problem
from roster.schedule import Roster, read_roster, write_roster
from roster.scoring import COMPONENTS

if TYPE_CHECKING:  # the service's settings load only for serve and users
    from api.settings import Settings

EXIT_OK, EXIT_BREACH, EXIT_INPUT, EXIT_TIMEOUT = 0, 1, 2, 3

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turnusmotor: lag og kontroller grunnturnuser / build and check base rosters.")
console = Console(highlight=False, soft_wrap=True)
errors = Console(stderr=True, highlight=False, soft_wrap=True)
if not console.is_terminal:
    # Pipes and logs get rich's 80 columns, which squeezes the per-person table.
    console.width = 160

class Lang(str, Enum):
    nb = "nb"
    en = "en"


LangOption = typer.Option(None, "--lang", help="nb (bokmål, default) or en.")


def _fail_input(exc: InputError, lang: str) -> NoReturn:
    errors.print(exc.render(lang), markup=False)
    raise typer.Exit(EXIT_INPUT)


def _load(unit_file: Path, roster_files: tuple[Path, ...], lang: str
          ) -> tuple[Unit, list[Roster]]:
    """The unit and its rosters, or a clear message and exit 2."""
    try:
        unit = load_unit(unit_file)
        return unit, [read_roster(path, unit) for path in roster_files]
    except InputError as exc:
        _fail_input(exc, lang)


def _points(internal: int | None) -> str:
    return "–" if internal is None else grouped(internal / POINT, 1)


def print_summary(problem: Problem, result: CheckResult, lang: str) -> None:
    """Per-person hours and unsocial load, then the soft goals and fairness per group."""
    table = Table(show_edge=False, pad_edge=False)
    for key in ("col.name", "col.fte", "col.hours", "col.target", "col.shifts", "col.evening",
                "col.night", "col.weekend", "col.unsocial_share", "col.weekends", "col.wishes"):
        table.add_column(t(key, lang), justify="left" if key == "col.name" else "right")
    for k in employee_kpis(problem, result.timelines):
        table.add_row(
            k.name, f"{k.fte:.0%}", f"{k.minutes / 60:.1f}", f"{k.target_minutes / 60:.1f}",
            str(k.shifts), f"{k.evening_minutes / 60:.1f}", f"{k.night_minutes / 60:.1f}",
            f"{k.weekend_minutes / 60:.1f}", f"{k.unsocial_share:.0%}", str(k.weekends_worked),
            str(k.wishes_broken), )
    console.print(table)

    score = result.score
    goals = Table(show_edge=False, pad_edge=False)
    goals.add_column(t("col.component", lang))
    goals.add_column(t("col.quantity", lang), justify="right")
    goals.add_column(t("col.points", lang), justify="right")
    for name in COMPONENTS:
        goals.add_row(t(f"component.{name}", lang), score.shown(name),
                      _points(score.internal(name)))
    console.print()
    console.print(t("cli.score", lang, points=_points(score.total)))
    console.print(goals)

    groups = Table(title=t("cli.groups", lang), show_edge=False, pad_edge=False)
    groups.add_column(t("col.group", lang))
    groups.add_column(t("col.kind", lang))
    groups.add_column(t("col.worst", lang), justify="right")
    for detail in score.fairness:
        groups.add_row("/".join(detail.group), t(f"kind.{detail.kind}", lang),
                       f"{detail.worst_minutes / 60:.1f}")
    console.print()
    console.print(groups)


def print_breaches(result: CheckResult, lang: str) -> None:
    if result.ok:
        console.print(t("cli.check_ok", lang))
        return
    console.print(t("cli.check_breaches", lang, count=len(result.breaches)))
    for breach in result.breaches:
        console.print(f"  - {breach.message(lang)}", markup=False)


@app.command("solve")
def solve_command(
    unit_file: Path = typer.Argument(..., help="The unit file (YAML or JSON)."),
    out: Path = typer.Option(Path("out"), "--out", help="Folder for roster.json and roster.csv."),
    time_limit: float = typer.Option(60.0, "--time-limit", min=0.1, help="Seconds."),
    workers: int = typer.Option(2, "--workers", min=1, help="Search threads."),
    seed: int = typer.Option(0, "--seed", help="Random seed."),
    deterministic_time: Optional[float] = typer.Option(
        None, "--deterministic-time", min=0.01,
        help="Budget in CP-SAT deterministic time; with --workers 1 the result is reproducible."),
    log: bool = typer.Option(False, "--log", help="CP-SAT search log to standard error."),
    lang: Optional[Lang] = LangOption,
) -> None:
    """Build a legal, fair base roster (grunnturnus) for the unit."""
    from solver.explain import describe_conflicts
    from solver.model import SolveOptions, solve

    lang = current_language(lang.value if lang else None)
    try:
        unit = load_unit(unit_file)
    except InputError as exc:
        _fail_input(exc, lang)
    problem = compile_problem(unit)
    options = SolveOptions(time_limit_s=time_limit, workers=workers, seed=seed, log=log,
                           deterministic_time=deterministic_time)
    console.print(t("cli.solving", lang, unit=unit.unit.name, staff=len(unit.staff),
                    weeks=unit.turnus.weeks), markup=False)
    with console.status(t("cli.searching", lang)) as status:
        def progress(p):  # type: ignore[no-untyped-def]
            status.update(t("cli.progress", lang, elapsed=p.elapsed_s,
                            objective=_points(p.objective), bound=_points(p.bound),
                            solutions=p.solutions))
        result = solve(problem, options, on_progress=progress)

    console.print(f"{t('cli.status', lang)}: {t('cli.status.' + result.status, lang)}")
    if result.roster is None:
        if result.status == "INFEASIBLE":
            if result.explanation is None or not result.explanation.conflicts:
                console.print(t("cli.infeasible_unexplained", lang))
            else:
                console.print(t("cli.infeasible", lang))
                for line in describe_conflicts(problem, result.explanation, lang):
                    console.print(f"  - {line}", markup=False)
                if not result.explanation.minimal:
                    console.print(t("cli.infeasible_not_minimal", lang))
            raise typer.Exit(EXIT_BREACH)
        console.print(t("cli.timeout", lang, seconds=f"{time_limit:g}"))
        raise typer.Exit(EXIT_TIMEOUT)

    gap = "–" if result.gap is None else f"{result.gap:.1%}"
    console.print(f"{t('cli.objective', lang)}: {_points(result.objective)}   "
                  f"{t('cli.bound', lang)}: {_points(result.bound)}   {t('cli.gap', lang)}: {gap}   "
                  f"{t('cli.time', lang)}: {result.wall_time_s:.1f} s   "
                  f"{t('cli.first', lang)}: {result.first_solution_s:.1f} s")
    checked = check(problem, result.roster)
    print_summary(problem, checked, lang)
    print_breaches(checked, lang)
    try:
        paths = write_roster(result.roster, unit, out)
    except OSError as exc:
        errors.print(t("output.unwritable", lang, path=str(out), reason=exc.strerror or exc),
                     markup=False)
        raise typer.Exit(EXIT_INPUT) from None
    from roster.report import render_report

    report = out / "report.html"
    _write_text(report, render_report(unit, result.roster, lang, checked), lang)
    console.print(t("cli.written", lang, paths=", ".join(str(p) for p in (*paths, report))),
                  markup=False)
    if not checked.ok:  # the solver's rosters must pass the checker; say so loudly if not
        raise typer.Exit(EXIT_BREACH)


@app.command("report")
def report_command(
    unit_file: Path = typer.Argument(..., help="The unit file (YAML or JSON)."),
    roster_file: Path = typer.Argument(..., help="roster.json or a grid .csv."),
    out: Path = typer.Option(Path("report.html"), "--out", help="The HTML file to write."),
    lang: Optional[Lang] = LangOption,
) -> None:
    """The roster report for the unit manager: a self-contained, printable HTML file."""
    from roster.report import render_report

    lang = current_language(lang.value if lang else None)
    unit, (roster,) = _load(unit_file, (roster_file,), lang)
    _write_text(out, render_report(unit, roster, lang), lang)
    console.print(t("cli.written", lang, paths=str(out)), markup=False)


def _write_text(path: Path, text: str, lang: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        errors.print(t("output.unwritable", lang, path=str(path), reason=exc.strerror or exc),
                     markup=False)
        raise typer.Exit(EXIT_INPUT) from None


@app.command("compare")
def compare_command(
    unit_file: Path = typer.Argument(..., help="The unit file (YAML or JSON)."),
    generated_file: Path = typer.Argument(..., help="The generated roster."),
    manual_file: Path = typer.Argument(..., help="The manual roster (.csv, .xlsx or .json)."),
    out: Path = typer.Option(Path("compare.html"), "--out", help="The HTML file to write."),
    as_json: bool = typer.Option(False, "--json", help="The figures as JSON on standard output."),
    lang: Optional[Lang] = LangOption,
) -> None:
    """Generated versus manual: both rosters through the same checker, side by side."""
    from roster.compare import compare, render_comparison

    lang = current_language(lang.value if lang else None)
    unit, (generated, manual) = _load(unit_file, (generated_file, manual_file), lang)
    comparison = compare(unit, generated, manual)
    if as_json:
        console.print_json(json.dumps(comparison.as_dict(lang), ensure_ascii=False))
        return
    _write_text(out, render_comparison(unit, comparison, lang), lang)
    console.print(t("cli.written", lang, paths=str(out)), markup=False)


@app.command("check")
def check_command(
    unit_file: Path = typer.Argument(..., help="The unit file (YAML or JSON)."),
    roster_file: Path = typer.Argument(..., help="roster.json or a grid .csv."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    lang: Optional[Lang] = LangOption,
) -> None:
    """Judge any roster for the unit against every rule; exit 1 on a hard breach."""
    lang = current_language(lang.value if lang else None)
    unit, (roster,) = _load(unit_file, (roster_file,), lang)
    problem = compile_problem(unit)
    result = check(problem, roster)
    if as_json:
        console.print_json(json.dumps(result.as_dict(lang), ensure_ascii=False))
    else:
        print_summary(problem, result, lang)
        print_breaches(result, lang)
    raise typer.Exit(EXIT_OK if result.ok else EXIT_BREACH)


@app.command("cost")
def cost_command(
    unit_file: Path = typer.Argument(..., help="The unit file (YAML or JSON)."),
    roster_file: Path = typer.Argument(..., help="roster.json or a grid .csv."),
    year: bool = typer.Option(False, "--year", help="52 weeks from turnus.start."),
    first: Optional[datetime.datetime] = typer.Option(None, "--from", formats=["%Y-%m-%d"]),
    last: Optional[datetime.datetime] = typer.Option(None, "--to", formats=["%Y-%m-%d"]),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    lang: Optional[Lang] = LangOption,
) -> None:
    """Wage cost of the roster: base pay and each KS supplement, per person and unit."""
    from roster.cost import CATEGORIES, annual_cost, cost_of, turnus_cost

    lang = current_language(lang.value if lang else None)
    unit, (roster,) = _load(unit_file, (roster_file,), lang)
    if (first is None) != (last is None) or (first and last and first > last):
        errors.print(t("cost.dates", lang))
        raise typer.Exit(EXIT_INPUT)
    if first is not None and last is not None:
        report = cost_of(unit, roster, first.date(), last.date())
    else:
        report = annual_cost(unit, roster) if year else turnus_cost(unit, roster)
    if as_json:
        console.print_json(json.dumps({
            "from": report.first.isoformat(), "to": report.last.isoformat(),
            "people": [{"employee_id": p.employee_id, "name": p.name, "minutes": p.minutes,
                        **{c: str(p.amounts[c]) for c in CATEGORIES}, "total": str(p.total)}
                       for p in report.people],
            "unit": {**{c: str(report.total(c)) for c in CATEGORIES},
                     "total": str(report.total())},
        }, ensure_ascii=False))
        return
    table = Table(title=t("cost.title", lang, first=report.first, last=report.last),
                  show_edge=False, pad_edge=False)
    table.add_column(t("col.name", lang))
    table.add_column(t("col.hours", lang), justify="right")
    for c in CATEGORIES + ("total",):
        table.add_column(t(f"cost.{c}", lang), justify="right")
    for p in report.people:
        table.add_row(p.name, f"{p.minutes['base'] / 60:.1f}",
                      *[_kroner(p.amounts[c]) for c in CATEGORIES], _kroner(p.total))
    table.add_row(t("cost.unit_total", lang),
                  f"{sum(p.minutes['base'] for p in report.people) / 60:.1f}",
                  *[_kroner(report.total(c)) for c in CATEGORIES], _kroner(report.total()))
    console.print(table)


@app.command("export")
def export_command(
    unit_file: Path = typer.Argument(..., help="The unit file (YAML or JSON)."),
    roster_file: Path = typer.Argument(..., help="roster.json or a grid .csv."),
    first: datetime.datetime = typer.Option(..., "--from", formats=["%Y-%m-%d"]),
    last: datetime.datetime = typer.Option(..., "--to", formats=["%Y-%m-%d"]),
    fmt: str = typer.Option("visma-csv", "--format", help="visma-csv or xlsx."),
    out: Path = typer.Option(..., "--out", help="The file to write."),
    lang: Optional[Lang] = LangOption,
) -> None:
    """The roster rolled out over real dates, one row per worked shift, for Visma import."""
    from roster.export import write_export

    lang = current_language(lang.value if lang else None)
    if fmt not in ("visma-csv", "xlsx"):
        raise typer.BadParameter("visma-csv or xlsx", param_hint="--format")
    if first > last:
        errors.print(t("cost.dates", lang))
        raise typer.Exit(EXIT_INPUT)
    unit, (roster,) = _load(unit_file, (roster_file,), lang)
    try:
        count = write_export(unit, roster, first.date(), last.date(), fmt, out)
    except OSError as exc:
        errors.print(t("output.unwritable", lang, path=str(out), reason=exc.strerror or exc),
                     markup=False)
        raise typer.Exit(EXIT_INPUT) from None
    console.print(t("export.written", lang, count=count, path=str(out)), markup=False)


def _kroner(amount) -> str:  # type: ignore[no-untyped-def]
    return grouped(amount)


records_app = typer.Typer(no_args_is_help=True,
                          help="Samarbeidets kostnads- og styringsdata / the cooperation's records.")
app.add_typer(records_app, name="records")


def _load_records(directory: Optional[Path], lang: str):  # type: ignore[no-untyped-def]
    from roster.records import load_records

    try:
        return load_records(directory)
    except InputError as exc:
        _fail_input(exc, lang)


@records_app.command("check")
def records_check_command(
    directory: Optional[Path] = typer.Argument(
        None, help="The records folder (default: the shipped fixtures/records)."),
    as_json: bool = typer.Option(False, "--json", help="The discrepancies as JSON."),
    lang: Optional[Lang] = LangOption,
) -> None:
    """Recompute every total, share and derived figure; list each discrepancy.

    Exit 0 when all agree, 1 when there are discrepancies, 2 on unreadable records."""
    from dataclasses import asdict

    from roster.records import check_records

    lang = current_language(lang.value if lang else None)
    found = check_records(_load_records(directory, lang))
    if as_json:
        print(json.dumps([asdict(d) for d in found], ensure_ascii=False, indent=1))
    elif not found:
        console.print(t("cli.records_ok", lang))
    else:
        console.print(t("cli.records_found", lang, count=len(found)))
        table = Table(t("cli.records_record", lang), t("cli.records_item", lang),
                      t("cli.records_printed", lang), t("cli.records_computed", lang),
                      t("cli.records_rule", lang))
        for d in found:
            table.add_row(d.record, d.item, d.printed, d.computed, d.rule)
        console.print(table)
    raise typer.Exit(EXIT_BREACH if found else EXIT_OK)


def _amount(text: str, lang: str) -> int:
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace("_", "")
    if not cleaned.isdigit():
        errors.print(t("cli.bad_amount", lang, text=text), markup=False)
        raise typer.Exit(EXIT_INPUT)
    return int(cleaned)


def _key(records, key: str, lang: str):  # type: ignore[no-untyped-def]
    from roster.records import split_keys

    keys = split_keys(records)
    if key not in keys:
        errors.print(t("cli.bad_key", lang, name=key, known=", ".join(keys)), markup=False)
        raise typer.Exit(EXIT_INPUT)
    return keys[key]


@records_app.command("split")
def records_split_command(
    amount: str = typer.Argument(..., help="Whole kroner, e.g. 450000."),
    key: str = typer.Option("2024", "--key", help="2024, 2023 or a category of the 2024 model."),
    directory: Optional[Path] = typer.Option(None, "--records", help="The records folder."),
    as_json: bool = typer.Option(False, "--json", help="JSON on standard output."),
    lang: Optional[Lang] = LangOption,
) -> None:
    """Split a joint cost between the municipalities by the agreed key, in whole kroner
    that add up exactly (largest remainder)."""
    from roster.records import split_amount

    lang = current_language(lang.value if lang else None)
    value = _amount(amount, lang)
    records = _load_records(directory, lang)
    split = split_amount(value, _key(records, key, lang))
    if as_json:
        print(json.dumps({"amount": value, "key": key, "split": split}, ensure_ascii=False))
        return
    table = Table(t("cli.split_municipality", lang), t("cli.split_amount", lang))
    for municipality, part in split.items():
        table.add_row(municipality, _kroner(part))
    table.add_row(t("cli.split_total", lang), _kroner(sum(split.values())))
    console.print(t("cli.split_header", lang, amount=_kroner(value), name=key))
    console.print(table)


@app.command("pilot-report")
def pilot_report_command(
    unit_file: Path = typer.Option(..., "--unit", help="The unit file."),
    generated_file: Path = typer.Option(..., "--generated", help="The generated roster."),
    manual_file: Path = typer.Option(..., "--manual", help="The manual roster."),
    pilot_cost: str = typer.Option(..., "--pilot-cost", help="Whole kroner."),
    key: str = typer.Option("2024", "--key", help="Key for splitting the pilot cost."),
    directory: Optional[Path] = typer.Option(None, "--records", help="The records folder."),
    out: Path = typer.Option(Path("case.html"), "--out", help="The HTML file to write."),
) -> None:
    """The pilot evaluation case document for the council (bokmål, printable HTML)."""
    from roster.compare import compare
    from roster.pilot_report import render_pilot_report

    lang = "nb"
    cost = _amount(pilot_cost, lang)
    records = _load_records(directory, lang)
    _key(records, key, lang)
    unit, (generated, manual) = _load(unit_file, (generated_file, manual_file), lang)
    html = render_pilot_report(unit, compare(unit, generated, manual), records, cost, key)
    _write_text(out, html, lang)
    console.print(t("cli.written", lang, paths=str(out)), markup=False)


bench_app = typer.Typer(no_args_is_help=True,
                        help="Referansetester for motoren / benchmarks of the engine.")
app.add_typer(bench_app, name="bench")


@bench_app.command("curtois")
def bench_curtois_command(
    paths: list[Path] = typer.Argument(..., help="Curtois & Qu instance files (InstanceN.txt)."),
    out: Path = typer.Option(Path("bench-out"), "--out", help="Folder for <Instance>.json."),
    time_limit: float = typer.Option(60.0, "--time-limit", min=1.0, help="Seconds per instance."),
    workers: int = typer.Option(2, "--workers", min=1, help="Search threads."),
    seed: int = typer.Option(0, "--seed", help="Random seed."),
    log: bool = typer.Option(False, "--log", help="Stage log to standard error."),
    lang: Optional[Lang] = LangOption,
) -> None:
    """Solve Curtois & Qu benchmark instances; the scorer recomputes every objective.

    The best known objective comes from best_known.tsv beside each instance file, if there.
    """
    from roster.curtois import read, read_best_known
    from solver.curtois import BenchOptions, BreachError, benchmark_record, solve
    from solver.labelling import warm_up

    language = current_language(lang.value if lang else None)
    try:
        instances = [read(path) for path in paths]
        tables = {folder: read_best_known(folder / "best_known.tsv")
                  for folder in {path.parent for path in paths}}
        best_known = [tables[path.parent].get(instance.name)
                      for path, instance in zip(paths, instances)]
    except InputError as exc:
        _fail_input(exc, language)
    options = BenchOptions(time_limit_s=time_limit, workers=workers, seed=seed,
                           log=(lambda line: errors.print(line, markup=False)) if log else None)
    warm_up()  # the one-time compile, not on the first instance's clock
    rows = []
    for instance, best in zip(instances, best_known):
        with console.status(t("cli.bench_running", language, name=instance.name)):
            result = solve(instance, options)
        try:
            record = benchmark_record(instance, result)
        except BreachError as exc:
            errors.print(t("cli.bench_breach", language, detail=str(exc)), markup=False)
            raise typer.Exit(EXIT_BREACH) from None
        _write_text(out / f"{instance.name}.json", json.dumps(record), language)
        rows.append(bench_row(record, best))
    table = Table(*BENCH_COLUMNS)
    for row in rows:
        table.add_row(*(format_cell(value) for value in row))
    console.print(table)


BENCH_COLUMNS = ("instance", "objective", "best_known", "ratio", "time_to_best_s", "bound",
                 "status")


def bench_row(record: dict, best: int | None) -> tuple:
    """One line of the benchmark table (also used by benchmarks/curtois.py)."""
    objective = record["objective"]
    ratio = round(objective / best, 4) if objective is not None and best else None
    return (record["instance"], objective, best, ratio, record["time_to_best_s"],
            record["bound"], record["status"])


def format_cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:.1f}"
    return str(value)


DataDirOption = typer.Option(
    None, "--data-dir", help="Where the database lives; else ROSTER_DATA_DIR, else ./roster-data.")


def _service_settings(data_dir: Optional[Path]) -> "Settings":
    from api.settings import Settings, data_dir_from

    return Settings(data_dir=data_dir_from(data_dir))


@app.command("serve")
def serve_command(
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    data_dir: Optional[Path] = DataDirOption,
) -> None:
    """The REST service (API under /api/v1, documentation at /docs)."""
    import uvicorn

    from api.main import create_app

    settings = _service_settings(data_dir)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


users_app = typer.Typer(no_args_is_help=True, help="API users and their tokens.")
app.add_typer(users_app, name="users")


class RoleChoice(str, Enum):
    admin = "admin"
    manager = "manager"
    approver = "approver"
    hr = "hr"
    evaluator = "evaluator"


@users_app.command("add")
def users_add_command(
    name: str = typer.Argument(..., help="The person's name (shown in the audit log)."),
    role: RoleChoice = typer.Option(..., "--role"),
    unit: list[str] = typer.Option([], "--unit", help="A unit id the user works with; repeat."),
    data_dir: Optional[Path] = DataDirOption,
    lang: Optional[Lang] = LangOption,
) -> None:
    """Create a user and print their new API token (shown only this once)."""
    from api.users import add_user

    lang = current_language(lang.value if lang else None)
    if not name.strip():
        errors.print(t("users.name_empty", lang))
        raise typer.Exit(EXIT_INPUT)
    settings = _service_settings(data_dir)
    token = add_user(settings, name.strip(), role.value, unit)
    errors.print(t("users.added", lang, name=name.strip(), role=role.value,
                   units=", ".join(unit) or "–"), markup=False)
    print(token)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
