"""Running solve jobs: one small interface, and the local pool of worker processes.

The job's state lives in the database (api.models.Job); a runner only executes. Routes
create a queued job and call ``submit``; cancelling marks the job cancelled and calls
``cancel``. A distributed queue can replace :class:`LocalProcessRunner` by implementing
:class:`JobRunner`, without touching the routes.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from api.models import Job, utcnow
from api.schemas import JobStatus
from api.settings import Settings

log = logging.getLogger("roster.api")


class JobRunner(Protocol):
    def start(self) -> None:
        """Begin running queued jobs (those left from before a restart included)."""

    def submit(self, job_id: str) -> None:
        """A queued job was stored; run it when there is room."""

    def cancel(self, job_id: str) -> None:
        """The job was marked cancelled; stop it if it runs."""

    def stop(self) -> None:
        """Stop running jobs (they are marked interrupted) and the dispatcher."""


def mark_interrupted(session: Session) -> int:
    """After a crash or restart: jobs that were running cannot be resumed."""
    result = session.execute(
        update(Job).where(Job.status == JobStatus.running.value)
        .values(status=JobStatus.interrupted.value, finished_at=utcnow(),
                error={"key": "api.interrupted", "params": {}}))
    session.commit()
    return result.rowcount


class LocalProcessRunner:
    """At most ``max_concurrent_solves`` worker processes; the rest wait queued.

    A dispatcher thread claims queued jobs oldest first (queued → running in one
    conditional UPDATE, so a job runs once) and starts one process per job; a process
    per job means a cancel or a crash stops that solve only. Processes are spawned, not
    forked: the server has threads, and a fork copies their locks.
    """

    def __init__(self, settings: Settings, sessions: sessionmaker[Session]):
        self.settings = settings
        self.sessions = sessions
        self.context = multiprocessing.get_context("spawn")
        self.processes: dict[str, multiprocessing.process.BaseProcess] = {}
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._loop, name="roster-jobs", daemon=True)
        self.thread.start()

    def submit(self, job_id: str) -> None:
        self.wake.set()

    def cancel(self, job_id: str) -> None:
        with self.lock:
            process = self.processes.get(job_id)
        if process is not None and process.is_alive():
            process.terminate()
        self.wake.set()

    def stop(self) -> None:
        self.stopping.set()
        self.wake.set()
        if self.thread is not None:
            self.thread.join(timeout=10)
        with self.lock:
            processes = list(self.processes.items())
            self.processes.clear()
        for _, process in processes:
            process.terminate()
        for _, process in processes:
            process.join(timeout=10)
        with self.sessions() as session:
            mark_interrupted(session)

    def running(self) -> list[str]:
        with self.lock:
            return list(self.processes)

    def _loop(self) -> None:
        while not self.stopping.is_set():
            try:
                self._reap()
                self._dispatch()
            except Exception:  # the dispatcher must outlive a database hiccup
                log.exception("job dispatcher")
            self.wake.wait(timeout=1.0)
            self.wake.clear()

    def _reap(self) -> None:
        with self.lock:
            ended = [(job_id, p) for job_id, p in self.processes.items() if not p.is_alive()]
            for job_id, _ in ended:
                del self.processes[job_id]
        for job_id, process in ended:
            process.join()
            # A worker that ends normally has written its final state; if the job still
            # says running, the process died (killed, out of memory, a crash in C++).
            with self.sessions() as session:
                session.execute(
                    update(Job).where(Job.id == job_id,
                                      Job.status == JobStatus.running.value)
                    .values(status=JobStatus.failed.value, finished_at=utcnow(),
                            error={"key": "api.worker_died",
                                   "params": {"code": process.exitcode}}))
                session.commit()

    def _dispatch(self) -> None:
        from api.worker import run_job

        while not self.stopping.is_set():
            with self.lock:
                room = self.settings.max_concurrent_solves - len(self.processes)
            if room <= 0:
                return
            with self.sessions() as session:
                job_id = session.scalar(
                    select(Job.id).where(Job.status == JobStatus.queued.value)
                    .order_by(Job.created_at, Job.id).limit(1))
                if job_id is None:
                    return
                claimed = session.execute(
                    update(Job).where(Job.id == job_id, Job.status == JobStatus.queued.value)
                    .values(status=JobStatus.running.value, started_at=utcnow())).rowcount
                session.commit()
            if not claimed:
                continue  # cancelled in between
            process = self.context.Process(
                target=run_job, name=f"roster-job-{job_id[:8]}",
                args=(self.settings.url, job_id, self.settings.solver_workers,
                      self.settings.progress_interval_s))
            process.start()
            with self.lock:
                self.processes[job_id] = process
