"""Solve jobs with the real pool of worker processes: done, infeasible, cancel, queue,
restart. Waits poll the job; no assertion depends on how fast the machine is."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient
from sqlalchemy import update

from api.db import make_engine, session_factory
from api.main import create_app
from api.models import Job
from roster.checker import check
from roster.loading import load_unit
from roster.problem import compile_problem
from roster.schedule import Roster
from tests.api.conftest import SMALL_ID, SMALL_UNIT, post_unit, wait_for_job
from tests.conftest import UNITS

ENDED = {"done", "infeasible", "failed", "cancelled", "interrupted"}


def _solve(client, headers, unit_id=SMALL_ID, **body):
    started = client.post(f"/api/v1/units/{unit_id}/solve", json=body, headers=headers)
    assert started.status_code == 202, started.text
    assert started.headers["location"] == f"/api/v1/jobs/{started.json()['id']}"
    return started.json()


def _wait(client, headers, job_id, until=ENDED):
    return wait_for_job(lambda path: client.get(f"/api/v1{path}", headers=headers), job_id,
                        until)


def test_solve_gives_a_legal_draft_roster(solving_client, admin):
    client = solving_client
    post_unit(client, admin)
    job = _solve(client, admin, time_limit_s=3, seed=1)
    assert job["status"] in ("queued", "running")
    done = _wait(client, admin, job["id"])
    assert done["status"] == "done", done
    assert done["progress"]["solutions"] >= 1 and done["progress"]["objective"] is not None
    assert done["solver_status"] in ("OPTIMAL", "FEASIBLE") and done["finished_at"]
    roster = client.get(f"/api/v1/rosters/{done['roster_id']}", headers=admin).json()
    assert roster["origin"] == "generated" and roster["job_id"] == job["id"]
    assert roster["document"]["status"] == "utkast" and roster["hard_breaches"] == 0
    assert roster["solver"]["seed"] == 1
    unit = load_unit(SMALL_UNIT)
    result = check(compile_problem(unit), Roster.model_validate(
        {"unit": SMALL_ID, "weeks": roster["weeks"], "assignments": roster["assignments"]}))
    assert result.breaches == []


def test_infeasible_plan_is_a_job_result_with_the_reason(solving_client, admin):
    client = solving_client
    post_unit(client, admin, UNITS / "bjorkly-infeasible.yaml")
    job = _solve(client, {**admin, "Accept-Language": "en"}, "bjorkly-avd3",
                 time_limit_s=20)
    ended = _wait(client, {**admin, "Accept-Language": "en"}, job["id"])
    assert ended["status"] == "infeasible", ended
    assert ended["roster_id"] is None and ended["explanation"]
    assert any("weekend" in line for line in ended["explanation"])
    norsk = client.get(f"/api/v1/jobs/{job['id']}", headers=admin).json()
    assert any("helg" in line for line in norsk["explanation"])


def test_cancel_a_running_job_and_queue_behind_the_cap(solving_client, admin):
    client = solving_client  # max_concurrent_solves = 1
    post_unit(client, admin, UNITS / "fjordly-avd2.yaml")
    first = _solve(client, admin, "fjordly-avd2", time_limit_s=100)
    second = _solve(client, admin, "fjordly-avd2", time_limit_s=100)
    _wait(client, admin, first["id"], until={"running"})
    assert client.get(f"/api/v1/jobs/{second['id']}", headers=admin).json()["status"] == (
        "queued")
    cancelled = client.delete(f"/api/v1/jobs/{first['id']}", headers=admin)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    _wait(client, admin, second["id"], until={"running"})
    assert client.delete(f"/api/v1/jobs/{second['id']}", headers=admin).json()["status"] == (
        "cancelled")
    again = client.delete(f"/api/v1/jobs/{first['id']}", headers=admin)
    assert again.status_code == 409
    runner = client.app.state.runner
    deadline = time.monotonic() + 30
    while runner.running() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert runner.running() == []  # the processes were stopped, not left to finish
    for job_id in (first["id"], second["id"]):
        job = client.get(f"/api/v1/jobs/{job_id}", headers=admin).json()
        assert job["status"] == "cancelled" and job["roster_id"] is None


def test_time_limit_is_capped(client, admin, settings):
    post_unit(client, admin)
    too_long = client.post(f"/api/v1/units/{SMALL_ID}/solve",
                           json={"time_limit_s": settings.max_time_limit_s + 1}, headers=admin)
    assert too_long.status_code == 422
    assert too_long.json()["detail"][0]["field"] == "time_limit_s"
    for body in ({"time_limit_s": -1}, {"seed": "x"}, {"extra": 1}):
        assert client.post(f"/api/v1/units/{SMALL_ID}/solve", json=body,
                           headers=admin).status_code == 422
    default = client.post(f"/api/v1/units/{SMALL_ID}/solve", json={}, headers=admin)
    assert default.json()["time_limit_s"] == settings.default_time_limit_s


def test_restart_marks_running_jobs_interrupted_and_resubmit(settings, client, admin, runner):
    post_unit(client, admin)
    job = _solve(client, admin, time_limit_s=3)
    engine = make_engine(settings.url)
    with session_factory(engine)() as session:  # as if a worker had claimed it, then a crash
        session.execute(update(Job).where(Job.id == job["id"]).values(status="running"))
        session.commit()
    engine.dispose()
    with TestClient(create_app(settings, runner=runner)) as restarted:
        interrupted = restarted.get(f"/api/v1/jobs/{job['id']}", headers=admin).json()
        assert interrupted["status"] == "interrupted"
        assert "resubmit" in restarted.get(f"/api/v1/jobs/{job['id']}", headers={
            **admin, "Accept-Language": "en"}).json()["error"]
        again = restarted.post(f"/api/v1/jobs/{job['id']}/resubmit", headers=admin)
        assert again.status_code == 202
        assert again.json()["resubmitted_from"] == job["id"]
        assert again.json()["status"] == "queued" and again.json()["id"] in runner.submitted
        active = restarted.post(f"/api/v1/jobs/{again.json()['id']}/resubmit", headers=admin)
        assert active.status_code == 409


def test_list_jobs_of_a_unit(client, admin):
    post_unit(client, admin)
    ids = [_solve(client, admin, time_limit_s=1)["id"] for _ in range(3)]
    listed = client.get(f"/api/v1/units/{SMALL_ID}/jobs", headers=admin).json()
    assert sorted(j["id"] for j in listed) == sorted(ids)
    queued = client.get(f"/api/v1/units/{SMALL_ID}/jobs", params={"status": "done"},
                        headers=admin).json()
    assert queued == []
    assert client.get("/api/v1/jobs/nope", headers=admin).status_code == 404
