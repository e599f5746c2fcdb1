"""Benchmark the engine on the Curtois & Qu instances (fixtures/curtois/, Instances 1–12).

Each instance is solved with the given time limit; every result goes through the
benchmark's scorer (roster.curtois.evaluate), which recomputes the objective and rejects
any hard-rule breach. The table (instance, objective, best known, ratio, time to best,
bound, status, wall time) goes to standard output and to benchmarks/results/ as CSV and
Markdown, so that results can be compared across commits.

    python benchmarks/curtois.py --time-limit 60               # all twelve
    python benchmarks/curtois.py --time-limit 20 --instances 1 5 7
    python benchmarks/curtois.py --time-limit 60 --instances 8 12 --repeats 3

With ``--repeats N`` each instance is solved N times, with seeds seed … seed + N − 1, and
the table has one row per instance: each run's objective, the median objective and ratio,
the worst ratio and the runs within 1.02 (to curtois-<limit>s-x<N>.{csv,md}). A single
60 s run does not tell two commits apart: on Instance8 the same code has ended at 1 311
and at 1 496.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import platform
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.cli import BENCH_COLUMNS, bench_row, format_cell  # noqa: E402
from roster.curtois import read, read_best_known  # noqa: E402
from solver.curtois import BenchOptions, benchmark_record, solve  # noqa: E402
from solver.labelling import warm_up  # noqa: E402

FIXTURES = ROOT / "fixtures" / "curtois"


def machine() -> str:
    import os

    import ortools

    return (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"OR-Tools {ortools.__version__}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--instances", type=int, nargs="*", default=list(range(1, 13)))
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    warm_up()  # the one-time compile, not on the first instance's clock
    if args.repeats > 1:
        repeated(args)
        return

    best_known = read_best_known(FIXTURES / "best_known.tsv")
    options = BenchOptions(time_limit_s=args.time_limit, workers=args.workers, seed=args.seed)
    columns = BENCH_COLUMNS + ("wall_time_s",)
    rows = []
    for number in args.instances:
        instance = read(FIXTURES / f"Instance{number}.txt")
        result = solve(instance, options)
        record = benchmark_record(instance, result)  # raises on any hard-rule breach
        row = bench_row(record, best_known.get(instance.name)) + (record["wall_time_s"],)
        rows.append(row)
        print("  ".join(f"{c}={format_cell(v)}" for c, v in zip(columns, row)), flush=True)

    ratios = [row[3] for row in rows if row[3] is not None]
    summary = (f"{len(rows)} instances, {args.time_limit:g} s each, {args.workers} workers, "
               f"seed {args.seed}; ratio 1.000 on {sum(r <= 1.0 for r in ratios)}, "
               f"≤ 1.02 on {sum(r <= 1.02 for r in ratios)}, worst "
               f"{max(ratios) if ratios else '–'}; {machine()}; {datetime.date.today()}")
    print(summary)
    write_table(args.out / f"curtois-{args.time_limit:g}s", summary, columns, rows)


def write_table(stem: Path, summary: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """The table as stem.csv and stem.md (the summary line above the Markdown table)."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{stem}.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        writer.writerows(rows)
    with open(f"{stem}.md", "w", encoding="utf-8") as f:
        f.write(f"{summary}\n\n| {' | '.join(columns)} |\n|{'---|' * len(columns)}\n")
        for row in rows:
            f.write(f"| {' | '.join(format_cell(v) for v in row)} |\n")
    print(f"written {stem}.csv and {stem}.md")


REPEAT_COLUMNS = ("instance", "best_known", "objectives", "median_objective", "median_ratio",
                  "worst_ratio", "within_1.02", "median_time_to_best_s")


def repeated(args: argparse.Namespace) -> None:
    """Each instance ``args.repeats`` times with consecutive seeds: one row of medians."""
    best_known = read_best_known(FIXTURES / "best_known.tsv")
    seeds = range(args.seed, args.seed + args.repeats)
    rows = []
    for number in args.instances:
        instance = read(FIXTURES / f"Instance{number}.txt")
        best = best_known.get(instance.name)
        records = []
        for seed in seeds:
            options = BenchOptions(time_limit_s=args.time_limit, workers=args.workers,
                                   seed=seed)
            records.append(benchmark_record(instance, solve(instance, options)))  # breach
            print(f"{instance.name} seed {seed}: {format_cell(records[-1]['objective'])}",
                  flush=True)
        objectives = [r["objective"] for r in records if r["objective"] is not None]
        ratios = [o / best for o in objectives] if best else []
        times = [r["time_to_best_s"] for r in records if r["time_to_best_s"] is not None]
        row = (instance.name, best, " ".join(format_cell(r["objective"]) for r in records),
               statistics.median(objectives) if objectives else None,
               round(statistics.median(ratios), 4) if ratios else None,
               round(max(ratios), 4) if ratios else None,
               f"{sum(r <= 1.02 for r in ratios)}/{len(records)}" if best else None,
               round(statistics.median(times), 1) if times else None)
        rows.append(row)
        print("  ".join(f"{c}={format_cell(v)}" for c, v in zip(REPEAT_COLUMNS, row)),
              flush=True)
    summary = (f"{len(rows)} instances × {args.repeats} runs (seeds {seeds.start}–"
               f"{seeds.stop - 1}), {args.time_limit:g} s each, {args.workers} workers; "
               f"{machine()}; {datetime.date.today()}")
    print(summary)
    write_table(args.out / f"curtois-{args.time_limit:g}s-x{args.repeats}", summary,
                REPEAT_COLUMNS, rows)


if __name__ == "__main__":
    main()
