"""Benchmark the engine on a unit (default: the shared example, fixtures/units/fjordly-avd2.yaml).

For each seed it solves with the given time limit and records, at each checkpoint, the best
objective and lower bound so far (in penalty points) and the relative gap, and the time to
the first legal roster. Every roster is run through the checker (zero hard breaches, same
objective). Medians over the seeds go to standard output and to benchmarks/results/ as CSV
and Markdown, so that results can be compared across commits.

    python benchmarks/engine.py --time-limit 60 --checkpoints 10 60 --seeds 0 1 2
    python benchmarks/engine.py --param linearization_level=0   # compare a CP-SAT setting
"""

from __future__ import annotations

import argparse
import csv
import platform
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roster.checker import check  # noqa: E402
from roster.loading import load_unit  # noqa: E402
from roster.problem import POINT, compile_problem  # noqa: E402
from solver.model import Progress, SolveOptions, solve  # noqa: E402


def parse_param(text: str) -> tuple[str, object]:
    key, _, value = text.partition("=")
    for kind in (int, float):
        try:
            return key, kind(value)
        except ValueError:
            pass
    return key, {"true": True, "false": False}.get(value.lower(), value)


def run(unit_path: Path, seed: int, time_limit: float, workers: int, checkpoints: list[float],
        params: tuple) -> dict:
    problem = compile_problem(load_unit(unit_path))
    trace: list[Progress] = []
    result = solve(problem, SolveOptions(time_limit_s=time_limit, workers=workers, seed=seed,
                                         cp_sat=params), on_progress=trace.append)
    checked = check(problem, result.roster)
    if checked.breaches or checked.score.total != result.objective:
        raise SystemExit(f"seed {seed}: the checker disagrees with the solver")
    row = {"seed": seed, "status": result.status, "first_s": result.first_solution_s,
           "wall_s": result.wall_time_s}
    for mark in checkpoints:
        seen = [p for p in trace if p.elapsed_s <= mark]
        objective = min(p.objective for p in seen) if seen else None
        bound = max(p.bound for p in seen) if seen else None
        if mark >= result.wall_time_s:  # the final answer holds from here on
            objective, bound = result.objective, result.bound
        row[f"objective@{mark:g}"] = objective / POINT if objective is not None else None
        row[f"bound@{mark:g}"] = bound / POINT if bound is not None else None
        row[f"gap@{mark:g}"] = ((objective - bound) / objective
                                if objective and bound is not None else None)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unit", type=Path, default=ROOT / "fixtures/units/fjordly-avd2.yaml")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--checkpoints", type=float, nargs="+", default=[10.0, 60.0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--param", action="append", default=[], help="CP-SAT key=value")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results")
    parser.add_argument("--name", default="engine")
    args = parser.parse_args()
    params = tuple(parse_param(p) for p in args.param)

    rows = []
    for seed in args.seeds:
        row = run(args.unit, seed, args.time_limit, args.workers, args.checkpoints, params)
        rows.append(row)
        print(" ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}"
                       for k, v in row.items()), flush=True)
    keys = [k for k in rows[0] if k not in ("seed", "status")]
    median = {k: statistics.median(r[k] for r in rows if r[k] is not None) for k in keys
              if any(r[k] is not None for r in rows)}
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / f"{args.name}.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    machine = f"{platform.machine()}, {platform.python_version()}, {args.workers} workers"
    lines = [f"Unit {args.unit.name}, time limit {args.time_limit:g} s, seeds "
             f"{' '.join(map(str, args.seeds))}, params {dict(params) or 'default'} ({machine}).",
             "", "| figure | median |", "|---|---|"]
    lines += [f"| {k} | {v:.3f} |" for k, v in median.items()]
    (args.out / f"{args.name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
