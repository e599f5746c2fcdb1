"""Time to the first legal roster on generated units (roster/synthetic.py) of 25/50/100/200
staff over 6 and 12 weeks, several generator seeds each; and, for 100 staff over 12 weeks,
a full run at the 120 s limit. Every roster goes through the checker (zero breaches).
Writes benchmarks/results/scaling.csv and .md.

    python benchmarks/scaling.py --seeds 0 1 2 --full-limit 120
"""

from __future__ import annotations

import argparse
import csv
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roster.checker import check  # noqa: E402
from roster.problem import compile_problem  # noqa: E402
from roster.synthetic import generated_unit  # noqa: E402
from solver.model import SolveOptions, solve  # noqa: E402


def first_roster(staff: int, weeks: int, seed: int, limit: float, workers: int) -> dict:
    problem = compile_problem(generated_unit(staff, weeks, seed))
    started = time.perf_counter()
    result = solve(problem, SolveOptions(time_limit_s=limit, workers=workers,
                                         stop_after_first=True, explain=False))
    breaches = len(check(problem, result.roster).breaches) if result.roster else None
    return {"staff": staff, "weeks": weeks, "seed": seed, "status": result.status,
            "first_s": result.first_solution_s, "wall_s": time.perf_counter() - started,
            "breaches": breaches}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, nargs="+", default=[25, 50, 100, 200])
    parser.add_argument("--weeks", type=int, nargs="+", default=[6, 12])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--limit", type=float, default=120.0)
    parser.add_argument("--full-limit", type=float, default=120.0,
                        help="time limit of the full 100 x 12 run (0 to skip)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results")
    args = parser.parse_args()

    rows = []
    for staff in args.staff:
        for weeks in args.weeks:
            for seed in args.seeds:
                row = first_roster(staff, weeks, seed, args.limit, args.workers)
                rows.append(row)
                print(row, flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "scaling.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    machine = f"{platform.machine()}, Python {platform.python_version()}, {args.workers} workers"
    lines = [f"Time to the first legal roster (median over seeds {args.seeds}; {machine}).", "",
             "| staff | " + " | ".join(f"{w} weeks" for w in args.weeks) + " |",
             "|---|" + "---|" * len(args.weeks)]
    base = None
    for staff in args.staff:
        cells = []
        for weeks in args.weeks:
            found = [r for r in rows if r["staff"] == staff and r["weeks"] == weeks]
            times = [r["first_s"] for r in found if r["first_s"] is not None]
            ok = all(r["breaches"] == 0 for r in found)
            if not times:
                cells.append("none found")
                continue
            median = statistics.median(times)
            base = base or median
            cells.append(f"{median:.2f} s (×{median / base:.1f})"
                         + ("" if ok and len(times) == len(found) else " (some failed)"))
        lines.append(f"| {staff} | " + " | ".join(cells) + " |")
    if args.full_limit > 0:
        problem = compile_problem(generated_unit(100, 12, 0))
        result = solve(problem, SolveOptions(time_limit_s=args.full_limit, workers=args.workers))
        breaches = len(check(problem, result.roster).breaches)
        lines += ["", f"100 staff × 12 weeks, full run at {args.full_limit:g} s: status "
                  f"{result.status}, first legal roster {result.first_solution_s:.2f} s, "
                  f"objective {result.objective_points:.1f}, bound {result.bound_points:.1f}, "
                  f"gap {result.gap:.1%}, {breaches} hard breaches."]
    (args.out / "scaling.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
