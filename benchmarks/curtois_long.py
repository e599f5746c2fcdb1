"""Long horizons: Curtois instances repeated to 364 days, a stand-in for the benchmark's
held-out Instances 13–24 (up to 364 days and 150 staff), which are not in the repository.

An instance repeated k times keeps its staff; each employee's limits over the horizon
(shift caps, minutes, weekends) are multiplied by k and the fixed days off, requests and
cover lines are repeated. With ``--staff m`` every employee is there m times (the copies
with their own requests) and every cover requirement is m times as high. The optimum of the result is not known (not k times the
original's: the minimum runs bind across the seams), so the table shows the objective,
that the scorer finds no hard-rule breach (an error otherwise), and the time.

    python benchmarks/curtois_long.py --time-limit 60                  # Instances 8 and 12 × 13
    python benchmarks/curtois_long.py --time-limit 60 --instances 5 --repeat 4
    python benchmarks/curtois_long.py --time-limit 60 --instances 11 --staff 3  # 150 staff
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.curtois import FIXTURES, machine  # noqa: E402
from roster.curtois import Instance, Request, read  # noqa: E402
from solver.curtois import BenchOptions, benchmark_record, solve  # noqa: E402


def repeated(instance: Instance, k: int) -> Instance:
    """The instance's horizon k times over (see the module docstring)."""
    days = instance.days

    def shifted(day: int, t: int) -> int:
        return day + t * days

    employees = tuple(dataclasses.replace(
        e, max_shifts={s: n * k for s, n in e.max_shifts.items()},
        max_minutes=e.max_minutes * k, min_minutes=e.min_minutes * k,
        max_weekends=e.max_weekends * k,
        days_off=frozenset(shifted(d, t) for d in e.days_off for t in range(k)))
        for e in instance.employees)

    def requests(items: tuple[Request, ...]) -> tuple[Request, ...]:
        return tuple(dataclasses.replace(r, day=shifted(r.day, t))
                     for t in range(k) for r in items)

    cover = tuple(dataclasses.replace(c, day=shifted(c.day, t))
                  for t in range(k) for c in instance.cover)
    return dataclasses.replace(instance, name=f"{instance.name}x{k}", days=days * k,
                               employees=employees, on_requests=requests(instance.on_requests),
                               off_requests=requests(instance.off_requests),
                               cover=cover)


def staffed(instance: Instance, m: int) -> Instance:
    """Every employee m times over (copy c of employee E is "E~c", with E's requests) and
    every cover requirement m times as high."""
    if m == 1:
        return instance

    def copy(id_: str, c: int) -> str:
        return id_ if c == 0 else f"{id_}~{c}"

    employees = tuple(dataclasses.replace(e, id=copy(e.id, c))
                      for c in range(m) for e in instance.employees)

    def requests(items: tuple[Request, ...]) -> tuple[Request, ...]:
        return tuple(dataclasses.replace(r, employee=copy(r.employee, c))
                     for c in range(m) for r in items)

    cover = tuple(dataclasses.replace(c, requirement=c.requirement * m)
                  for c in instance.cover)
    return dataclasses.replace(instance, name=f"{instance.name}s{m}", employees=employees,
                               on_requests=requests(instance.on_requests),
                               off_requests=requests(instance.off_requests), cover=cover)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--instances", type=int, nargs="*", default=[8, 12])
    parser.add_argument("--repeat", type=int, default=13, help="horizon × this (28 × 13 = 364)")
    parser.add_argument("--staff", type=int, default=1, help="staff × this (and cover)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    options = BenchOptions(time_limit_s=args.time_limit, workers=args.workers)
    lines = [f"{args.time_limit:g} s each, {args.workers} workers, seed 0; {machine()}; "
             f"{datetime.date.today()}", "",
             "| instance | days | staff | objective | bound | status | wall_time_s |",
             "|---|---|---|---|---|---|---|"]
    print("\n".join(lines))
    for number in args.instances:
        instance = staffed(repeated(read(FIXTURES / f"Instance{number}.txt"), args.repeat),
                           args.staff)
        started = time.perf_counter()
        record = benchmark_record(instance, solve(instance, options))  # raises on a breach
        lines.append(f"| {instance.name} | {instance.days} | {len(instance.employees)} | "
                     f"{record['objective']} | {record['bound']} | {record['status']} | "
                     f"{time.perf_counter() - started:.1f} |")
        print(lines[-1], flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / (f"curtois-long-{args.time_limit:g}s"
                       + (f"-staff{args.staff}" if args.staff > 1 else "") + ".md")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written {path}")


if __name__ == "__main__":
    main()
