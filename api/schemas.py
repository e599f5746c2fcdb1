"""Request and response bodies: separate create/update/public shapes, as clients see them."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BaseModel, ConfigDict, Field

from roster.schedule import Assignment


class Role(str, Enum):
    admin = "admin"
    manager = "manager"
    approver = "approver"
    hr = "hr"
    evaluator = "evaluator"


class JobStatus(str, Enum):
    queued = "queued"
    running = "running"
    done = "done"
    infeasible = "infeasible"
    failed = "failed"
    cancelled = "cancelled"
    interrupted = "interrupted"


ACTIVE_JOB_STATUSES = (JobStatus.queued.value, JobStatus.running.value)


class DocumentStatus(str, Enum):
    """Document control as in the cooperation's own papers."""

    draft = "utkast"
    submitted = "til_godkjenning"
    approved = "godkjent"
    rejected = "avvist"


MAX_ID = 2**31 - 1
"""Database integers are 32-bit on some backends; larger ids cannot exist."""
RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


NO_NUL = r"^[^\x00]*$"
"""Typed text never holds NUL: PostgreSQL refuses it in text columns."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ErrorDetail(BaseModel):
    loc: list[str | int] = Field(description="Where: 'body', then the path of the field.")
    field: str = Field(description="The same place as one text, e.g. 'staff[3].fte'.")
    msg: str = Field(description="What is wrong, in the caller's language.")
    type: str


class ErrorResponse(BaseModel):
    detail: list[ErrorDetail]


class Me(Public):
    id: int
    name: str
    role: Role
    unit_ids: list[str]


class UnitSummary(Public):
    id: str
    name: str
    latest_version: int
    created_at: dt.datetime
    created_by: str


class UnitVersionPublic(Public):
    unit_id: str
    version: int
    created_at: dt.datetime
    created_by: str
    source_format: str
    unit: dict[str, Any] = Field(description="The validated unit file as JSON.")


class SolveRequest(Strict):
    time_limit_s: float | None = Field(
        None, gt=0, description="Seconds; at most the server's max_time_limit_s. "
        "Default: the server's default_time_limit_s.")
    seed: int = Field(0, ge=0, le=2**31 - 1)


class JobProgress(BaseModel):
    elapsed_s: float
    objective: int | None = Field(description="Penalty in internal units (1/1000 point).")
    objective_points: float | None
    bound: int | None = Field(description="Proven lower bound on the objective.")
    bound_points: float | None
    solutions: int


class JobPublic(Public):
    id: str
    unit_id: str
    unit_version: int
    status: JobStatus
    time_limit_s: float
    seed: int
    created_by: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    progress: JobProgress | None
    solver_status: str | None = Field(None, description="CP-SAT's status when it ended.")
    explanation: list[str] | None = Field(
        None, description="Infeasible: why no legal roster exists, in plain words.")
    error: str | None
    roster_id: int | None
    resubmitted_from: str | None


class DocumentControl(Public):
    title: str
    version: int
    status: DocumentStatus
    approved_at: dt.datetime | None
    approved_by: str | None
    responsible: str
    comment: str | None


class RosterSummary(Public):
    id: int
    unit_id: str
    unit_version: int
    document_id: int
    document: DocumentControl
    origin: str
    job_id: str | None
    hard_breaches: int
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime


class RosterPublic(RosterSummary):
    weeks: int
    assignments: list[Assignment]
    solver: dict[str, Any] | None


class RosterChange(Strict):
    """A change to a draft (PATCH) or the content of a new version (POST …/versions)."""

    title: str | None = Field(None, min_length=1, max_length=300, pattern=NO_NUL)
    responsible: str | None = Field(None, min_length=1, max_length=200, pattern=NO_NUL)
    assignments: list[Assignment] | None = Field(None, max_length=100_000)


class Rejection(Strict):
    comment: str = Field(min_length=1, max_length=5000, pattern=NO_NUL)


class BreachPublic(BaseModel):
    rule: str
    employee_id: str | None
    day: int | None
    message: str


class CheckPublic(BaseModel):
    ok: bool
    breaches: list[BreachPublic]
    objective: int
    objective_points: float
    components: dict[str, Any]


class AuditPublic(Public):
    id: int
    at: dt.datetime
    user_id: int | None
    user_name: str
    action: str
    target_type: str
    target_id: str
    detail: dict[str, Any]
