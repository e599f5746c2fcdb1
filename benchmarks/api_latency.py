"""Latency of the REST service under load, against a real `roster serve` on loopback.

1. Starts `roster serve` in a temporary data dir with an admin user, posts the shared
   example (fixtures/units/fjordly-avd2.yaml) and solves it briefly to have a roster.
2. Starts a long solve of the same unit, and while it runs, CLIENTS concurrent clients
   (asyncio + httpx, in this process) alternate GET /api/v1/rosters/{id} and
   GET /api/v1/jobs/{id} for DURATION seconds. Median and p99 latency per endpoint.
3. Cancels that solve, then times POST solve → finished job for the shared example at
   the default time limit, with no other load, and the service's own share of it
   (total minus the solver's wall time).

    python benchmarks/api_latency.py [--clients 50] [--duration 20] [--time-limit 60]

Results go to standard output and to benchmarks/results/api-latency.{json,md}. The load
generator shares the machine with the server and the solver: the figures are for this
whole arrangement on one host, not for the server alone.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.settings import Settings  # noqa: E402
from api.users import add_user  # noqa: E402

UNIT = ROOT / "fixtures" / "units" / "fjordly-avd2.yaml"
RESULTS = ROOT / "benchmarks" / "results"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_job(client: httpx.Client, job_id: str, statuses: set[str], timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/jobs/{job_id}").json()
        if job["status"] in statuses:
            return job
        time.sleep(0.05)
    raise RuntimeError(f"job {job_id} did not reach {statuses}")


async def load(base: str, headers: dict[str, str], paths: dict[str, str], clients: int,
               duration: float) -> dict[str, list[float]]:
    latencies: dict[str, list[float]] = {name: [] for name in paths}
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits,
                                 timeout=30) as client:
        stop = time.monotonic() + duration

        async def worker(offset: int) -> None:
            nonlocal errors
            names = list(paths)
            i = offset
            while time.monotonic() < stop:
                name = names[i % len(names)]
                i += 1
                started = time.perf_counter()
                answer = await client.get(paths[name])
                elapsed = time.perf_counter() - started
                if answer.status_code != 200:
                    errors += 1
                latencies[name].append(elapsed)

        await asyncio.gather(*(worker(k) for k in range(clients)))
    if errors:
        raise RuntimeError(f"{errors} requests did not answer 200")
    return latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--time-limit", type=float, default=60.0,
                        help="Time limit of the timed POST solve → done.")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="roster-bench-"))
    env = {**os.environ, "ROSTER_MAX_CONCURRENT_SOLVES": "1"}
    env.pop("ROSTER_DATABASE_URL", None)
    token = add_user(Settings(data_dir=data), "Benchmark", "admin", [])
    headers = {"Authorization": f"Bearer {token}"}
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port),
                               "--data-dir", str(data)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        client = httpx.Client(base_url=base, headers=headers, timeout=60)
        for _ in range(300):
            try:
                if client.get("/me").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        client.post("/units", content=UNIT.read_bytes(),
                    headers={"Content-Type": "application/yaml"}).raise_for_status()
        first = client.post("/units/fjordly-avd2/solve", json={"time_limit_s": 10}).json()
        roster_id = wait_job(client, first["id"], {"done"}, 120)["roster_id"]

        background = client.post("/units/fjordly-avd2/solve",
                                 json={"time_limit_s": args.duration + 120}).json()
        wait_job(client, background["id"], {"running"}, 60)
        paths = {"GET /rosters/{id}": f"/rosters/{roster_id}",
                 "GET /jobs/{id}": f"/jobs/{background['id']}"}
        latencies = asyncio.run(load(base, headers, paths, args.clients, args.duration))
        still = client.get(f"/jobs/{background['id']}").json()
        assert still["status"] == "running", "the solve must run during the whole load"
        client.delete(f"/jobs/{background['id']}")

        posted = time.perf_counter()
        timed = client.post("/units/fjordly-avd2/solve",
                            json={"time_limit_s": args.time_limit}).json()
        ended = wait_job(client, timed["id"], {"done", "failed", "infeasible"},
                         args.time_limit + 120)
        total = time.perf_counter() - posted
    finally:
        server.terminate()
        server.wait(timeout=30)

    rows = []
    for name, values in latencies.items():
        rows.append({"endpoint": name, "requests": len(values),
                     "per_second": round(len(values) / args.duration, 1),
                     "median_ms": round(1000 * statistics.median(values), 1),
                     "p99_ms": round(1000 * percentile(values, 0.99), 1)})
    solve_row = {"status": ended["status"], "time_limit_s": args.time_limit,
                 "post_to_done_s": round(total, 2),
                 "solver_wall_s": ended["progress"]["elapsed_s"],
                 "service_overhead_s": round(total - ended["progress"]["elapsed_s"], 2),
                 "objective_points": ended["progress"]["objective_points"]}
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python "
               f"{platform.python_version()}, {platform.system()}")
    result = {"machine": machine, "clients": args.clients, "duration_s": args.duration,
              "latency": rows, "solve": solve_row}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "api-latency.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [f"API latency, {args.clients} clients for {args.duration:g} s on loopback while "
             f"one solve runs ({machine}, SQLite)", "",
             "| endpoint | requests | per second | median ms | p99 ms |", "|---|---|---|---|---|"]
    lines += [f"| {r['endpoint']} | {r['requests']} | {r['per_second']} | {r['median_ms']} | "
              f"{r['p99_ms']} |" for r in rows]
    lines += ["", f"POST solve → {solve_row['status']} (fjordly-avd2, time limit "
              f"{args.time_limit:g} s, no other load): {solve_row['post_to_done_s']} s, of which "
              f"the solver {solve_row['solver_wall_s']} s and the service "
              f"{solve_row['service_overhead_s']} s"]
    (RESULTS / "api-latency.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
