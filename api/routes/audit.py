"""The audit log (admins) and who the caller is."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from api.deps import SessionDep, UserDep, require
from api.models import AuditEvent, User
from api.schemas import AuditPublic, Limit, Me, Offset

router = APIRouter(tags=["audit"])


@router.get("/audit", response_model=list[AuditPublic])
def list_audit(session: SessionDep, user: UserDep, action: str | None = None,
               target_type: str | None = None, target_id: str | None = None,
               limit: Limit = 100, offset: Offset = 0
               ) -> list[AuditEvent]:
    """Every create, solve, upload, status change and export: who, when, what. Newest first."""
    require(user, "audit.read")
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit).offset(offset)
    for column, value in ((AuditEvent.action, action), (AuditEvent.target_type, target_type),
                          (AuditEvent.target_id, target_id)):
        if value is not None:
            query = query.where(column == value)
    return list(session.scalars(query))


@router.get("/me", response_model=Me)
def me(user: UserDep) -> User:
    return user
