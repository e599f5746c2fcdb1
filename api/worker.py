"""The solve job as it runs in a worker process (started by api.runner).

It reads the job and its unit version, solves, writes progress at most every
``progress_interval_s``, and ends with one transaction: the roster and ``done``, or
``infeasible`` with the plain-words explanation, or ``failed``. Every write is
conditional on the job still being ``running``, so a job cancelled or marked
interrupted meanwhile keeps that state and no roster is stored for it.
"""

from __future__ import annotations

import os
import threading
import time
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from api.db import make_engine, session_factory
from api.models import Job, UnitVersion, utcnow
from api.schemas import JobStatus
from roster.i18n import LANGUAGES, t
from roster.loading import unit_from_data
from roster.problem import POINT, compile_problem

if TYPE_CHECKING:  # the solver is imported in the worker process only
    from solver.model import Progress


def _exit_with_parent() -> None:
    """End this process if the server dies (kill -9 included): nobody would read its result."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(3)

    threading.Thread(target=watch, daemon=True).start()


def _finish(session: Session, job_id: str, **values: object) -> bool:
    done = session.execute(
        update(Job).where(Job.id == job_id, Job.status == JobStatus.running.value)
        .values(finished_at=utcnow(), **values)).rowcount
    return bool(done)


SOLVER_NICENESS = 10
"""Solves yield the CPU to the API process: a request waits milliseconds, a solve that
takes a little longer loses nothing."""


def run_job(url: str, job_id: str, workers: int, progress_interval_s: float) -> None:
    _exit_with_parent()
    if hasattr(os, "nice"):
        os.nice(SOLVER_NICENESS)
    sessions = session_factory(make_engine(url))
    try:
        _run(sessions, job_id, workers, progress_interval_s)
    except Exception as exc:  # recorded on the job; the server's reaper sees a clean exit
        with sessions() as session:
            _finish(session, job_id, status=JobStatus.failed.value,
                    error={"key": "api.solver_error", "params": {"problem": repr(exc)[:500]}})
            session.commit()
        raise


def _run(sessions: sessionmaker[Session], job_id: str, workers: int,
         progress_interval_s: float) -> None:
    from api.services import add_roster
    from solver.explain import describe_conflicts
    from solver.model import Progress, SolveOptions, solve

    with sessions() as session:
        job = session.get(Job, job_id)
        if job is None or job.status != JobStatus.running.value:
            return
        version = session.scalar(select(UnitVersion).where(
            UnitVersion.unit_id == job.unit_id, UnitVersion.version == job.unit_version))
        unit = unit_from_data(version.data)
        time_limit_s, seed, creator = job.time_limit_s, job.seed, job.created_by
        unit_version = job.unit_version
    problem = compile_problem(unit)
    last_write = 0.0

    def write_progress(progress: Progress, force: bool = False) -> None:
        nonlocal last_write
        now = time.monotonic()
        if not force and now - last_write < progress_interval_s:
            return
        last_write = now
        with sessions() as session:
            session.execute(update(Job).where(Job.id == job_id,
                                              Job.status == JobStatus.running.value)
                            .values(progress=_progress(progress)))
            session.commit()

    options = SolveOptions(time_limit_s=time_limit_s, workers=workers, seed=seed)
    result = solve(problem, options, on_progress=write_progress)
    final = _progress(Progress(result.wall_time_s, result.objective, result.bound,
                               result.solutions))
    with sessions() as session:
        if result.roster is not None:
            if _finish(session, job_id, status=JobStatus.done.value, progress=final,
                       solver_status=result.status):
                record = add_roster(session, unit, unit_version, result.roster,
                                    origin="generated", creator=creator, job_id=job_id)
                session.flush()
                session.execute(update(Job).where(Job.id == job_id)
                                .values(roster_id=record.id))
        elif result.status == "INFEASIBLE":
            explained = result.explanation is not None and result.explanation.conflicts
            lines = {lang: (describe_conflicts(problem, result.explanation, lang) if explained
                            else [t("cli.infeasible_unexplained", lang)])
                     for lang in LANGUAGES}
            _finish(session, job_id, status=JobStatus.infeasible.value, progress=final,
                    solver_status=result.status, explanation=lines)
        else:
            _finish(session, job_id, status=JobStatus.failed.value, progress=final,
                    solver_status=result.status,
                    error={"key": "api.no_roster_in_time",
                           "params": {"seconds": f"{time_limit_s:g}"}})
        session.commit()


def _progress(progress: Progress) -> dict[str, object]:
    def points(value: int | None) -> float | None:
        return None if value is None else round(value / POINT, 1)

    return {"elapsed_s": round(progress.elapsed_s, 3), "objective": progress.objective,
            "objective_points": points(progress.objective), "bound": progress.bound,
            "bound_points": points(progress.bound), "solutions": progress.solutions}
