"""Solve jobs: start one (202), follow its progress, cancel it, resubmit it."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from sqlalchemy import select, update

from api.deps import RunnerDep, SessionDep, SettingsDep, UserDep, require
from api.errors import ApiError, not_found, request_language
from api.models import Job, User, utcnow
from api.routes.units import get_unit
from api.schemas import ACTIVE_JOB_STATUSES, JobPublic, JobStatus, Limit, Offset, SolveRequest
from api.services import audit
from api.views import job_public

router = APIRouter(tags=["jobs"])


def _queue(session: SessionDep, runner: RunnerDep, user: User, unit_id: str, version: int,
           time_limit_s: float, seed: int, response: Response,
           resubmitted_from: str | None = None) -> Job:
    job = Job(id=str(uuid.uuid4()), unit_id=unit_id, unit_version=version,
              status=JobStatus.queued.value, time_limit_s=time_limit_s, seed=seed,
              created_by=user.name, created_at=utcnow(), resubmitted_from=resubmitted_from)
    session.add(job)
    audit(session, user, "job.resubmit" if resubmitted_from else "job.create", "job", job.id,
          unit_id=unit_id, unit_version=version, time_limit_s=time_limit_s, seed=seed,
          resubmitted_from=resubmitted_from)
    session.commit()
    runner.submit(job.id)
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return job


@router.post("/units/{unit_id}/solve", status_code=202, response_model=JobPublic)
def solve(unit_id: str, request: Request, body: SolveRequest, session: SessionDep,
          settings: SettingsDep, runner: RunnerDep, user: UserDep,
          response: Response) -> JobPublic:
    """Queue a solve of the unit's newest version; the job id comes back at once."""
    record = get_unit(session, user, unit_id, "job.create")
    limit = body.time_limit_s or settings.default_time_limit_s
    if limit > settings.max_time_limit_s:
        raise ApiError(422, "too_large", "api.time_limit", field="time_limit_s",
                       limit=f"{settings.max_time_limit_s:g}")
    job = _queue(session, runner, user, unit_id, record.latest_version, limit, body.seed,
                 response)
    return job_public(job, request_language(request))


def _job(session: SessionDep, user: User, job_id: str, action: str) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise not_found("api.kind.job", job_id)
    require(user, action, job.unit_id)
    return job


@router.get("/jobs/{job_id}", response_model=JobPublic)
def get_job(job_id: str, request: Request, session: SessionDep, user: UserDep) -> JobPublic:
    return job_public(_job(session, user, job_id, "job.read"), request_language(request))


@router.delete("/jobs/{job_id}", response_model=JobPublic)
def cancel_job(job_id: str, request: Request, session: SessionDep, runner: RunnerDep,
               user: UserDep) -> JobPublic:
    """Cancel a queued or running job; an ended job is left as it is (409)."""
    job = _job(session, user, job_id, "job.cancel")
    cancelled = session.execute(
        update(Job).where(Job.id == job_id, Job.status.in_(ACTIVE_JOB_STATUSES))
        .values(status=JobStatus.cancelled.value, finished_at=utcnow())).rowcount
    if not cancelled:
        session.rollback()
        session.refresh(job)
        raise ApiError(409, "ended", "api.job_finished", status=job.status)
    audit(session, user, "job.cancel", "job", job_id, unit_id=job.unit_id)
    session.commit()
    runner.cancel(job_id)
    session.refresh(job)
    return job_public(job, request_language(request))


@router.post("/jobs/{job_id}/resubmit", status_code=202, response_model=JobPublic)
def resubmit_job(job_id: str, request: Request, session: SessionDep, runner: RunnerDep,
                 user: UserDep, response: Response) -> JobPublic:
    """Run an ended job again (after an interruption, say): same unit version and settings."""
    old = _job(session, user, job_id, "job.create")
    if old.status in ACTIVE_JOB_STATUSES:
        raise ApiError(409, "active", "api.job_active", status=old.status)
    job = _queue(session, runner, user, old.unit_id, old.unit_version, old.time_limit_s,
                 old.seed, response, resubmitted_from=old.id)
    return job_public(job, request_language(request))


@router.get("/units/{unit_id}/jobs", response_model=list[JobPublic])
def list_jobs(unit_id: str, request: Request, session: SessionDep, user: UserDep,
              status: JobStatus | None = None, limit: Limit = 100,
              offset: Offset = 0) -> list[JobPublic]:
    get_unit(session, user, unit_id, "job.read")
    query = (select(Job).where(Job.unit_id == unit_id)
             .order_by(Job.created_at.desc(), Job.id).limit(limit).offset(offset))
    if status is not None:
        query = query.where(Job.status == status.value)
    lang = request_language(request)
    return [job_public(job, lang) for job in session.scalars(query)]
