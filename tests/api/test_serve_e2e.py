"""End to end against a real `roster serve` on a loopback port: solve, kill -9 mid-solve,
restart; the running job is interrupted (and can be resubmitted), the queued one runs,
and the killed server's worker process does not live on."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import SMALL_UNIT, wait_for_job
from tests.conftest import ROOT, UNITS

BIG_UNIT = UNITS / "fjordly-avd2.yaml"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "api.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=True)


class Server:
    def __init__(self, data_dir: Path, env: dict[str, str]):
        self.port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--port", str(self.port),
             "--data-dir", str(data_dir)], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}/api/v1"

    def wait_ready(self, headers: dict[str, str], timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server exited"
            try:
                if httpx.get(f"{self.base}/me", headers=headers).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise AssertionError("the server did not start")

    def children(self) -> list[int]:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found.append(int(stat.parent.name))
        return found


def _wait_job(server: Server, headers, job_id: str, statuses: set[str]):
    return wait_for_job(lambda path: httpx.get(f"{server.base}{path}", headers=headers),
                        job_id, statuses)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie has ended; only its parent has not collected it yet
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads child processes from /proc")
def test_kill_mid_solve_and_restart(tmp_path, database_url):
    env = {**os.environ, "ROSTER_MAX_CONCURRENT_SOLVES": "1", "ROSTER_SOLVER_WORKERS": "1",
           "ROSTER_PROGRESS_INTERVAL_S": "0.2"}
    env.pop("ROSTER_DATABASE_URL", None)
    if database_url:
        env["ROSTER_DATABASE_URL"] = database_url
    data = tmp_path / "data"
    token = _cli("users", "add", "Ada Admin", "--role", "admin", "--data-dir", str(data),
                 env=env).stdout.strip()
    headers = {"Authorization": f"Bearer {token}"}
    server = Server(data, env)
    try:
        server.wait_ready(headers)
        for path in (BIG_UNIT, SMALL_UNIT):
            created = httpx.post(f"{server.base}/units", content=path.read_bytes(),
                                 headers={**headers, "Content-Type": "application/yaml"})
            assert created.status_code == 201, created.text
        long = httpx.post(f"{server.base}/units/fjordly-avd2/solve",
                          json={"time_limit_s": 300}, headers=headers).json()["id"]
        short = httpx.post(f"{server.base}/units/solsikken-skjermet/solve",
                           json={"time_limit_s": 2}, headers=headers).json()["id"]
        running = _wait_job(server, headers, long, {"running"})
        while not (running["progress"] or {}).get("solutions"):
            running = _wait_job(server, headers, long, {"running"})
        assert httpx.get(f"{server.base}/jobs/{short}", headers=headers).json()["status"] == (
            "queued")
        workers = server.children()
        assert workers, "the solve runs in a worker process"

        server.process.kill()  # no shutdown handlers run
        server.process.wait(timeout=30)
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in workers), "an orphaned solve lived on"

        server = Server(data, env)
        server.wait_ready(headers)
        interrupted = httpx.get(f"{server.base}/jobs/{long}", headers=headers).json()
        assert interrupted["status"] == "interrupted"
        assert interrupted["progress"]["solutions"] >= 1  # what it had reached is kept
        done = _wait_job(server, headers, short, {"done", "failed", "infeasible"})
        assert done["status"] == "done" and done["roster_id"] is not None
        roster = httpx.get(f"{server.base}/rosters/{done['roster_id']}/check",
                           headers=headers).json()
        assert roster["ok"] is True

        again = httpx.post(f"{server.base}/jobs/{long}/resubmit", headers=headers)
        assert again.status_code == 202
        new = again.json()["id"]
        _wait_job(server, headers, new, {"running"})
        cancelled = httpx.delete(f"{server.base}/jobs/{new}", headers=headers).json()
        assert cancelled["status"] == "cancelled"
    finally:
        if server.process.poll() is None:
            server.process.send_signal(signal.SIGINT)
            try:
                server.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.process.kill()
