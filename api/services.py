"""Operations on stored units, rosters and the audit log, shared by routes and workers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.errors import not_found
from api.models import AuditEvent, RosterRecord, UnitVersion, User, utcnow
from roster.checker import CheckResult, check
from roster.i18n import t
from roster.loading import unit_from_data
from roster.models import Unit
from roster.problem import compile_problem
from roster.schedule import Roster


def audit(session: Session, user: User | None, action: str, target_type: str,
          target_id: object, **detail: Any) -> None:
    """Who did what to which, when; committed with the change it records."""
    session.add(AuditEvent(user_id=user.id if user else None,
                           user_name=user.name if user else "system", action=action,
                           target_type=target_type, target_id=str(target_id),
                           detail=detail))


def unit_version(session: Session, unit_id: str, version: int) -> UnitVersion:
    found = session.scalar(select(UnitVersion).where(UnitVersion.unit_id == unit_id,
                                                     UnitVersion.version == version))
    if found is None:
        raise not_found("api.kind.unit_version", f"{unit_id} v{version}")
    return found


def unit_of(version: UnitVersion) -> Unit:
    return unit_from_data(version.data, f"{version.unit_id} v{version.version}")


def roster_of(record: RosterRecord) -> Roster:
    return Roster.model_validate(record.data)


def stored_form(roster: Roster) -> dict[str, Any]:
    """The roster as the rosters table keeps it (sorted, without empty fields)."""
    return roster.sorted().model_dump(mode="json", exclude_none=True)


def check_roster(unit: Unit, roster: Roster) -> CheckResult:
    return check(compile_problem(unit), roster)


def _next_version(session: Session, previous: RosterRecord | None) -> int:
    if previous is None:
        return 1
    newest = session.scalar(select(func.max(RosterRecord.version))
                            .where(RosterRecord.document_id == previous.document_id))
    return (newest or previous.version) + 1


def add_roster(session: Session, unit: Unit, version: int, roster: Roster, *, origin: str,
               creator: str, job_id: str | None = None, title: str | None = None,
               responsible: str | None = None, previous: RosterRecord | None = None
               ) -> RosterRecord:
    """Store a roster (checked now, so lists show its breaches) as a draft.

    ``previous``: the roster this is a new version of (same document, version + 1).
    """
    result = check_roster(unit, roster)
    record = RosterRecord(
        unit_id=unit.unit.id, unit_version=version, origin=origin, job_id=job_id,
        title=title or (previous.title if previous else t("api.roster_title", "nb",
                                                          unit=unit.unit.name)),
        responsible=responsible or (previous.responsible if previous else creator),
        version=_next_version(session, previous),
        document_id=previous.document_id if previous else None,
        status="utkast", data=stored_form(roster),
        hard_breaches=len(result.breaches), created_by=creator, created_at=utcnow(),
        updated_at=utcnow())
    session.add(record)
    session.flush()
    if record.document_id is None:
        record.document_id = record.id
    return record
