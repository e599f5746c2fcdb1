"""Fixtures for the REST service: a fresh database per test (SQLite file, or a new
PostgreSQL database when ROSTER_TEST_DATABASE_URL names a server), clients, users."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api.main import create_app
from api.settings import Settings
from api.users import add_user
from roster.checker import check
from roster.loading import load_unit
from roster.problem import compile_problem
from roster.schedule import roster_to_json
from tests.conftest import UNITS

SMALL_UNIT = UNITS / "solsikken-skjermet.yaml"
"""Finds a legal roster in well under a second."""
SMALL_ID = "solsikken-skjermet"


class RecordingRunner:
    """A JobRunner that runs nothing: jobs stay queued (for tests of routes, not solving)."""

    def __init__(self) -> None:
        self.submitted: list[str] = []
        self.cancelled: list[str] = []

    def start(self) -> None: ...

    def submit(self, job_id: str) -> None:
        self.submitted.append(job_id)

    def cancel(self, job_id: str) -> None:
        self.cancelled.append(job_id)

    def stop(self) -> None: ...


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str | None]:
    """None (SQLite in the data dir) unless ROSTER_TEST_DATABASE_URL is set: then a new
    PostgreSQL database for this test, dropped afterwards."""
    server = os.environ.get("ROSTER_TEST_DATABASE_URL")
    if not server:
        yield None
        return
    name = f"roster_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def settings(tmp_path: Path, database_url: str | None) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url,
                    max_time_limit_s=120, default_time_limit_s=5, max_concurrent_solves=1,
                    solver_workers=1, progress_interval_s=0.1, max_body_bytes=200_000)


@pytest.fixture
def runner() -> RecordingRunner:
    return RecordingRunner()


@pytest.fixture
def client(settings: Settings, runner: RecordingRunner) -> Iterator[TestClient]:
    """The API with a runner that runs nothing (route tests)."""
    with TestClient(create_app(settings, runner=runner)) as test_client:
        yield test_client


@pytest.fixture
def solving_client(settings: Settings) -> Iterator[TestClient]:
    """The API with the real pool of worker processes."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def make_user(settings: Settings) -> Callable[..., dict[str, str]]:
    """make_user("manager", units=[...]) → the Authorization header of a new user."""
    def make(role: str, units: list[str] = (), name: str | None = None) -> dict[str, str]:
        token = add_user(settings, name or f"{role.title()} Testesen", role, list(units))
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def admin(make_user) -> dict[str, str]:
    return make_user("admin", name="Ada Admin")


def post_unit(client: TestClient, headers: dict[str, str], path: Path = SMALL_UNIT):
    return client.post("/api/v1/units", content=path.read_bytes(),
                       headers={**headers, "Content-Type": "application/yaml"})


@pytest.fixture(scope="session")
def legal_roster_json() -> str:
    """A legal roster of the small unit (found once per test session)."""
    from solver.model import SolveOptions, solve

    unit = load_unit(SMALL_UNIT)
    problem = compile_problem(unit)
    result = solve(problem, SolveOptions(time_limit_s=30, workers=1, stop_after_first=True))
    assert result.roster is not None
    assert check(problem, result.roster).breaches == []  # the checker is the spec
    return roster_to_json(result.roster.model_copy(update={"solver": None}))


def upload(client: TestClient, headers: dict[str, str], body: str | bytes,
           media_type: str = "application/json", unit_id: str = SMALL_ID, **query: str):
    return client.post(f"/api/v1/units/{unit_id}/rosters", content=body, params=query,
                       headers={**headers, "Content-Type": media_type})


def wait_for_job(get, job_id: str, statuses: set[str], timeout: float = 120) -> dict:
    """Poll ``get(url)`` (a TestClient's or httpx's) until the job has one of ``statuses``."""
    deadline = time.monotonic() + timeout
    while True:
        job = get(f"/jobs/{job_id}").json()
        if job["status"] in statuses:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} is {job['status']}, wanted {statuses}")
        time.sleep(0.1)


def empty_roster_json(weeks: int = 6, unit_id: str = SMALL_ID) -> str:
    """A roster with nobody at work: it breaks the staffing and hours rules."""
    return f'{{"unit": "{unit_id}", "weeks": {weeks}, "assignments": []}}'
