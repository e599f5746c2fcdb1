"""Units: a unit's file, its versions, and what hangs off it (solve, jobs, rosters)."""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from api.deps import SessionDep, UserDep, require
from api.errors import ApiError, not_found
from api.models import UnitRecord, UnitVersion, User, utcnow
from api.routes.bodies import (
    CSV,
    JSON,
    Body,
    roster_body,
    roster_request_body,
    unit_body,
    unit_request_body,
)
from api.schemas import (
    Limit,
    Offset,
    RecordId,
    Role,
    RosterPublic,
    UnitSummary,
    UnitVersionPublic,
)
from api.security import unit_scope
from api.services import add_roster, audit, unit_of, unit_version
from api.views import roster_public
from roster.loading import unit_from_text
from roster.models import Unit
from roster.schedule import roster_from_csv, roster_from_json, roster_from_xlsx

router = APIRouter(prefix="/units", tags=["units"])


def version_public(version: UnitVersion) -> UnitVersionPublic:
    return UnitVersionPublic(unit_id=version.unit_id, version=version.version,
                             created_at=version.created_at, created_by=version.created_by,
                             source_format=version.source_format, unit=version.data)


def _parse(body: Body) -> tuple[str, Unit]:
    fmt = "json" if body.media_type == JSON else "yaml"
    return fmt, unit_from_text(body.text(), "body", fmt)


def _add_version(session: SessionDep, unit: Unit, number: int, fmt: str, body: Body,
                 user: User) -> UnitVersion:
    """Store the body as sent and the validated unit, as version ``number``."""
    version = UnitVersion(unit_id=unit.unit.id, version=number, source_format=fmt,
                          source_text=body.text(), data=unit.model_dump(mode="json"),
                          created_by=user.name, created_at=utcnow())
    session.add(version)
    return version


def get_unit(session: SessionDep, user: User, unit_id: str, action: str) -> UnitRecord:
    require(user, action, unit_id)
    record = session.get(UnitRecord, unit_id)
    if record is None:
        raise not_found("api.kind.unit", unit_id)
    return record


def visible_units(user: User) -> list[str] | None:
    """The unit ids a user is limited to, or None for all."""
    return unit_scope(Role(user.role), user.unit_ids)


@router.post("", status_code=201, response_model=UnitVersionPublic,
             openapi_extra=unit_request_body())
def create_unit(body: Annotated[Body, Depends(unit_body)], session: SessionDep,
                user: UserDep, response: Response) -> UnitVersionPublic:
    """Create a unit from its unit file (version 1)."""
    require(user, "unit.create")
    fmt, unit = _parse(body)
    require(user, "unit.create", unit.unit.id)
    if session.get(UnitRecord, unit.unit.id) is not None:
        raise ApiError(409, "exists", "api.unit_exists", field="unit.id", id=unit.unit.id)
    session.add(UnitRecord(id=unit.unit.id, name=unit.unit.name, latest_version=1,
                           created_by=user.name, created_at=utcnow()))
    session.flush()
    version = _add_version(session, unit, 1, fmt, body, user)
    audit(session, user, "unit.create", "unit", unit.unit.id, version=1)
    try:
        session.commit()
    except IntegrityError:  # created by someone else a moment ago
        session.rollback()
        raise ApiError(409, "exists", "api.unit_exists", field="unit.id",
                       id=unit.unit.id) from None
    response.headers["Location"] = f"/api/v1/units/{unit.unit.id}"
    return version_public(version)


@router.get("", response_model=list[UnitSummary])
def list_units(session: SessionDep, user: UserDep, limit: Limit = 100,
               offset: Offset = 0) -> list[UnitRecord]:
    require(user, "unit.read")
    query = select(UnitRecord).order_by(UnitRecord.id).limit(limit).offset(offset)
    allowed = visible_units(user)
    if allowed is not None:
        query = query.where(UnitRecord.id.in_(allowed))
    return list(session.scalars(query))


@router.get("/{unit_id}", response_model=UnitVersionPublic)
def get_unit_latest(unit_id: str, session: SessionDep, user: UserDep) -> UnitVersionPublic:
    """The newest version of the unit."""
    record = get_unit(session, user, unit_id, "unit.read")
    return version_public(unit_version(session, unit_id, record.latest_version))


@router.put("/{unit_id}", response_model=UnitVersionPublic, openapi_extra=unit_request_body())
def update_unit(unit_id: str, body: Annotated[Body, Depends(unit_body)], session: SessionDep,
                user: UserDep) -> UnitVersionPublic:
    """A new version of the unit; the old ones stay readable, and rosters keep theirs."""
    record = get_unit(session, user, unit_id, "unit.update")
    fmt, unit = _parse(body)
    if unit.unit.id != unit_id:
        raise ApiError(422, "unit_id", "api.unit_id_changed", field="unit.id",
                       expected=unit_id, found=unit.unit.id)
    record.latest_version += 1
    record.name = unit.unit.name
    version = _add_version(session, unit, record.latest_version, fmt, body, user)
    audit(session, user, "unit.update", "unit", unit_id, version=record.latest_version)
    try:
        session.commit()
    except IntegrityError:  # two updates at once: the version number was taken
        session.rollback()
        raise ApiError(409, "conflict", "api.unit_changed", id=unit_id) from None
    return version_public(version)


@router.get("/{unit_id}/versions", response_model=list[UnitVersionPublic])
def list_versions(unit_id: str, session: SessionDep, user: UserDep) -> list[UnitVersionPublic]:
    get_unit(session, user, unit_id, "unit.read")
    versions = session.scalars(select(UnitVersion).where(UnitVersion.unit_id == unit_id)
                               .order_by(UnitVersion.version))
    return [version_public(v) for v in versions]


@router.get("/{unit_id}/versions/{version}", response_model=UnitVersionPublic)
def get_version(unit_id: str, version: RecordId, session: SessionDep, user: UserDep
                ) -> UnitVersionPublic:
    get_unit(session, user, unit_id, "unit.read")
    return version_public(unit_version(session, unit_id, version))


@router.post("/{unit_id}/rosters", status_code=201, response_model=RosterPublic,
             openapi_extra=roster_request_body())
def upload_roster(unit_id: str, body: Annotated[Body, Depends(roster_body)],
                  session: SessionDep, user: UserDep, response: Response,
                  title: str | None = Query(None, min_length=1, max_length=300),
                  responsible: str | None = Query(None, min_length=1, max_length=200),
                  ) -> RosterPublic:
    """A hand-made roster for the unit's newest version, checked by the same rules."""
    record = get_unit(session, user, unit_id, "roster.upload")
    version = unit_version(session, unit_id, record.latest_version)
    unit = unit_of(version)
    if body.media_type == JSON:
        roster = roster_from_json(body.text(), unit, "body")
    elif body.media_type == CSV:
        roster = roster_from_csv(body.text(), unit, "body")
    else:
        roster = roster_from_xlsx(io.BytesIO(body.data), unit, "body")
    roster = roster.model_copy(update={"solver": None})  # solver facts only from a solve
    stored = add_roster(session, unit, version.version, roster, origin="uploaded",
                        creator=user.name, title=title, responsible=responsible)
    audit(session, user, "roster.upload", "roster", stored.id, unit_id=unit_id,
          unit_version=version.version, format=body.media_type,
          hard_breaches=stored.hard_breaches)
    session.commit()
    response.headers["Location"] = f"/api/v1/rosters/{stored.id}"
    return roster_public(stored)
