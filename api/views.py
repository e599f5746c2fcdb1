"""Stored records as the public response shapes."""

from __future__ import annotations

from api.models import Job, RosterRecord
from api.schemas import DocumentControl, JobPublic, RosterPublic, RosterSummary
from roster.i18n import t


def _document(record: RosterRecord) -> DocumentControl:
    return DocumentControl(title=record.title, version=record.version, status=record.status,
                           approved_at=record.approved_at, approved_by=record.approved_by,
                           responsible=record.responsible, comment=record.comment)


def _summary_fields(record: RosterRecord) -> dict[str, object]:
    return {"id": record.id, "unit_id": record.unit_id, "unit_version": record.unit_version,
            "document_id": record.document_id, "document": _document(record),
            "origin": record.origin, "job_id": record.job_id,
            "hard_breaches": record.hard_breaches, "created_at": record.created_at,
            "created_by": record.created_by, "updated_at": record.updated_at}


def roster_summary(record: RosterRecord) -> RosterSummary:
    return RosterSummary(**_summary_fields(record))


def roster_public(record: RosterRecord) -> RosterPublic:
    data = record.data
    return RosterPublic(**_summary_fields(record), weeks=data["weeks"],
                        assignments=data["assignments"], solver=data.get("solver"))


def job_public(job: Job, lang: str) -> JobPublic:
    error = None if job.error is None else t(job.error["key"], lang, **{
        "id": job.id, **job.error.get("params", {})})
    explanation = None if job.explanation is None else job.explanation.get(lang)
    return JobPublic(
        id=job.id, unit_id=job.unit_id, unit_version=job.unit_version, status=job.status,
        time_limit_s=job.time_limit_s, seed=job.seed, created_by=job.created_by,
        created_at=job.created_at, started_at=job.started_at, finished_at=job.finished_at,
        progress=job.progress, solver_status=job.solver_status, explanation=explanation,
        error=error, roster_id=job.roster_id, resubmitted_from=job.resubmitted_from)
