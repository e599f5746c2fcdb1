"""Typed dependencies: settings, a database session, the calling user, the job runner."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.errors import ApiError
from api.models import RosterRecord, User
from api.runner import JobRunner
from api.schemas import DocumentStatus, Role
from api.security import APPROVED_ONLY, hash_token, may
from api.settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session:
        yield session


def get_runner(request: Request) -> JobRunner:
    return request.app.state.runner


_bearer = HTTPBearer(auto_error=False, description="An API token from `roster users add`.")


def current_user(session: Annotated[Session, Depends(get_session)],
                 credentials: Annotated[HTTPAuthorizationCredentials | None,
                                        Depends(_bearer)]) -> User:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(401, "unauthorized", "api.unauthorized")
    user = session.scalar(select(User).where(User.token_hash == hash_token(
        credentials.credentials)))
    if user is None:
        raise ApiError(401, "unauthorized", "api.unauthorized")
    return user


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
UserDep = Annotated[User, Depends(current_user)]
RunnerDep = Annotated[JobRunner, Depends(get_runner)]


def require(user: User, action: str, unit_id: str | None = None) -> None:
    """403 unless the user's role allows ``action`` (on ``unit_id``, when given)."""
    role = Role(user.role)
    if may(role, user.unit_ids, action, unit_id):
        return
    if unit_id is not None and may(role, user.unit_ids, action):
        raise ApiError(403, "forbidden", "api.forbidden_unit", role=role.value, unit=unit_id)
    raise ApiError(403, "forbidden", "api.forbidden", role=role.value)


def require_roster(user: User, action: str, record: RosterRecord) -> None:
    """As require(), and roles that see approved rosters only see nothing else."""
    require(user, action, record.unit_id)
    if Role(user.role) in APPROVED_ONLY and record.status != DocumentStatus.approved.value:
        raise ApiError(403, "forbidden", "api.approved_only", role=user.role)
