"""Rosters: read in every form, change drafts, version, approve, export, compare."""

from __future__ import annotations

import datetime as dt
import io
from enum import Enum

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import select, update

from api.deps import SessionDep, SettingsDep, UserDep, require, require_roster
from api.errors import ApiError, not_found, request_language
from api.models import RosterRecord, User, utcnow
from api.routes.units import visible_units
from api.schemas import (
    MAX_ID,
    CheckPublic,
    DocumentStatus,
    Limit,
    Offset,
    RecordId,
    Rejection,
    RosterChange,
    RosterPublic,
    RosterSummary,
)
from api.security import APPROVED_ONLY
from api.services import (
    add_roster,
    audit,
    check_roster,
    roster_of,
    stored_form,
    unit_of,
    unit_version,
)
from api.views import roster_public, roster_summary
from roster.models import Unit
from roster.schedule import Roster, roster_to_csv, validate_against_unit

router = APIRouter(prefix="/rosters", tags=["rosters"])

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_YEARS = (1970, 2099)
"""Years the holiday calendar and the tariff rules are meant for."""
EDITABLE = (DocumentStatus.draft.value, DocumentStatus.rejected.value)


class ExportFormat(str, Enum):
    visma_csv = "visma-csv"
    xlsx = "xlsx"


class CompareFormat(str, Enum):
    json = "json"
    html = "html"


def _roster(session: SessionDep, user: User, roster_id: int, action: str) -> RosterRecord:
    record = session.get(RosterRecord, roster_id)
    if record is None:
        raise not_found("api.kind.roster", roster_id)
    require_roster(user, action, record)
    return record


def _unit(session: SessionDep, record: RosterRecord) -> Unit:
    return unit_of(unit_version(session, record.unit_id, record.unit_version))


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("", response_model=list[RosterSummary])
def list_rosters(session: SessionDep, user: UserDep, unit_id: str | None = None,
                 status: DocumentStatus | None = None,
                 limit: Limit = 100, offset: Offset = 0
                 ) -> list[RosterSummary]:
    """The rosters the caller may read, newest first."""
    require(user, "roster.read")
    query = select(RosterRecord).order_by(RosterRecord.id.desc()).limit(limit).offset(offset)
    allowed = visible_units(user)
    if allowed is not None:
        query = query.where(RosterRecord.unit_id.in_(allowed))
    if user.role in {r.value for r in APPROVED_ONLY}:
        query = query.where(RosterRecord.status == DocumentStatus.approved.value)
    if unit_id is not None:
        query = query.where(RosterRecord.unit_id == unit_id)
    if status is not None:
        query = query.where(RosterRecord.status == status.value)
    return [roster_summary(r) for r in session.scalars(query)]


@router.get("/{roster_id}", response_model=RosterPublic)
def get_roster(roster_id: RecordId, session: SessionDep, user: UserDep) -> RosterPublic:
    return roster_public(_roster(session, user, roster_id, "roster.read"))


@router.get("/{roster_id}/grid.csv", responses={200: {"content": {"text/csv": {}}}})
def get_grid(roster_id: RecordId, session: SessionDep, user: UserDep) -> Response:
    """The grid managers read: one row per person, one column per day (semicolons, BOM)."""
    record = _roster(session, user, roster_id, "roster.read")
    text = "\ufeff" + roster_to_csv(roster_of(record), _unit(session, record))
    return Response(text, media_type=CSV_TYPE, headers=_attachment(f"turnus-{roster_id}.csv"))


@router.get("/{roster_id}/report.html", responses={200: {"content": {"text/html": {}}}})
def get_report(roster_id: RecordId, request: Request, session: SessionDep, user: UserDep
               ) -> HTMLResponse:
    from roster.report import render_report

    record = _roster(session, user, roster_id, "roster.read")
    html = render_report(_unit(session, record), roster_of(record), request_language(request))
    return HTMLResponse(html)


@router.get("/{roster_id}/check", response_model=CheckPublic)
def get_check(roster_id: RecordId, request: Request, session: SessionDep, user: UserDep
              ) -> dict[str, object]:
    """Every hard breach in plain words, and the soft-goal score."""
    record = _roster(session, user, roster_id, "roster.read")
    result = check_roster(_unit(session, record), roster_of(record))
    return result.as_dict(request_language(request))


@router.get("/{roster_id}/export", responses={200: {"content": {"text/csv": {}, XLSX_TYPE: {}}}})
def export_roster(roster_id: RecordId, session: SessionDep, settings: SettingsDep, user: UserDep,
                  first: dt.date = Query(alias="from"), last: dt.date = Query(alias="to"),
                  fmt: ExportFormat = Query(ExportFormat.visma_csv, alias="format")
                  ) -> Response:
    """The approved roster rolled out over real dates, one row per shift, for Visma."""
    from roster.export import export_rows, to_csv, write_xlsx

    record = _roster(session, user, roster_id, "roster.export")
    if record.status != DocumentStatus.approved.value:
        raise ApiError(409, "not_approved", "api.not_approved", status=record.status)
    if first > last:
        raise ApiError(422, "dates", "api.dates", field="from")
    for field, day in (("from", first), ("to", last)):
        if not EXPORT_YEARS[0] <= day.year <= EXPORT_YEARS[1]:
            raise ApiError(422, "dates", "api.export_years", field=field,
                           first=EXPORT_YEARS[0], last=EXPORT_YEARS[1])
    if (last - first).days + 1 > settings.max_export_days:
        raise ApiError(422, "dates", "api.export_range", field="to",
                       days=settings.max_export_days)
    rows = export_rows(_unit(session, record), roster_of(record), first, last)
    audit(session, user, "roster.export", "roster", roster_id, format=fmt.value,
          first=first.isoformat(), last=last.isoformat(), shifts=len(rows))
    session.commit()
    name = f"visma-{record.unit_id}-{first}-{last}"
    if fmt is ExportFormat.xlsx:
        out = io.BytesIO()
        write_xlsx(rows, out)
        return Response(out.getvalue(), media_type=XLSX_TYPE,
                        headers=_attachment(name + ".xlsx"))
    return Response(to_csv(rows), media_type=CSV_TYPE, headers=_attachment(name + ".csv"))


@router.get("/{roster_id}/compare", responses={200: {"content": {"text/html": {}}}})
def compare_rosters(roster_id: RecordId, request: Request, session: SessionDep, user: UserDep,
                    manual: int = Query(ge=1, le=MAX_ID, description="The roster to compare with (manual)."),
                    fmt: CompareFormat = Query(CompareFormat.json, alias="format")
                    ) -> Response:
    """This roster (generated) against another of the same unit (manual), same checker."""
    from roster.compare import compare, render_comparison

    generated = _roster(session, user, roster_id, "roster.compare")
    other = _roster(session, user, manual, "roster.compare")
    if other.unit_id != generated.unit_id:
        raise ApiError(422, "other_unit", "api.other_unit", field="manual",
                       first=generated.unit_id, second=other.unit_id)
    unit = _unit(session, generated)
    manual_roster = validate_against_unit(roster_of(other), unit, "manual")
    comparison = compare(unit, roster_of(generated), manual_roster)
    lang = request_language(request)
    if fmt is CompareFormat.html:
        return HTMLResponse(render_comparison(unit, comparison, lang))
    return JSONResponse(comparison.as_dict(lang))


def _changed(unit: Unit, record: RosterRecord, change: RosterChange) -> Roster:
    """The roster with the change's assignments (checked against its unit version)."""
    roster = roster_of(record)
    if change.assignments is None:
        return roster
    updated = roster.model_copy(update={"assignments": change.assignments, "solver": None})
    return validate_against_unit(updated, unit, "body")


@router.patch("/{roster_id}", response_model=RosterPublic)
def change_roster(roster_id: RecordId, change: RosterChange, session: SessionDep, user: UserDep
                  ) -> RosterPublic:
    """Change a draft (or a rejected roster, which becomes a draft again). Rosters under
    review or approved cannot change: make a new version instead."""
    record = _roster(session, user, roster_id, "roster.edit")
    if record.status not in EDITABLE:
        raise ApiError(409, "locked", "api.roster_locked", status=record.status, id=roster_id)
    unit = _unit(session, record)
    roster = _changed(unit, record, change)
    values: dict[str, object] = {"status": DocumentStatus.draft.value, "updated_at": utcnow()}
    if change.assignments is not None:
        values["data"] = stored_form(roster)
        values["hard_breaches"] = len(check_roster(unit, roster).breaches)
    values.update(change.model_dump(include={"title", "responsible"}, exclude_none=True))
    _guarded_update(session, record, EDITABLE, values,
                    ApiError(409, "locked", "api.roster_locked", status=record.status,
                             id=roster_id))
    audit(session, user, "roster.update", "roster", roster_id,
          fields=sorted(change.model_dump(exclude_none=True)))
    session.commit()
    session.refresh(record)
    return roster_public(record)


def _guarded_update(session: SessionDep, record: RosterRecord, allowed_from: tuple[str, ...],
                    values: dict[str, object], refusal: ApiError) -> None:
    """Update only if the status is still one of ``allowed_from`` (checked by the database
    in the same statement, so an approval in between cannot be overwritten)."""
    changed = session.execute(
        update(RosterRecord).where(RosterRecord.id == record.id,
                                   RosterRecord.status.in_(allowed_from))
        .values(**values)).rowcount
    if not changed:
        session.rollback()
        raise refusal


@router.post("/{roster_id}/versions", status_code=201, response_model=RosterPublic)
def new_version(roster_id: RecordId, change: RosterChange, session: SessionDep, user: UserDep,
                response: Response) -> RosterPublic:
    """A new draft version of the roster's document, from any status (approved included)."""
    record = _roster(session, user, roster_id, "roster.edit")
    unit = _unit(session, record)
    roster = _changed(unit, record, change)
    stored = add_roster(session, unit, record.unit_version, roster,
                        origin=record.origin, creator=user.name, job_id=record.job_id,
                        title=change.title, responsible=change.responsible, previous=record)
    audit(session, user, "roster.version", "roster", stored.id, previous=roster_id,
          version=stored.version)
    session.commit()
    response.headers["Location"] = f"/api/v1/rosters/{stored.id}"
    return roster_public(stored)


def _transition(session: SessionDep, user: User, record: RosterRecord, wanted: DocumentStatus,
                allowed_from: tuple[str, ...], comment: str | None = None) -> RosterRecord:
    if record.status not in allowed_from:
        raise ApiError(409, "transition", "api.transition", found=record.status,
                       wanted=wanted.value)
    if wanted in (DocumentStatus.submitted, DocumentStatus.approved):
        # Checked again now: the stored count is from when the roster was saved.
        breaches = len(check_roster(_unit(session, record), roster_of(record)).breaches)
        if breaches:
            raise ApiError(409, "breaches", "api.breaches", count=breaches)
    values: dict[str, object] = {"status": wanted.value, "updated_at": utcnow()}
    if comment is not None:
        values["comment"] = comment
    if wanted is DocumentStatus.approved:
        values.update(approved_at=utcnow(), approved_by=user.name)
    before = record.status
    _guarded_update(session, record, allowed_from, values,
                    ApiError(409, "transition", "api.transition", found=record.status,
                             wanted=wanted.value))
    audit(session, user, f"roster.{wanted.value}", "roster", record.id, previous=before,
          comment=comment)
    session.commit()
    session.refresh(record)
    return record


@router.post("/{roster_id}/submit", response_model=RosterPublic)
def submit_roster(roster_id: RecordId, session: SessionDep, user: UserDep) -> RosterPublic:
    """utkast (or avvist) → til_godkjenning; refused while the roster breaks a hard rule."""
    record = _roster(session, user, roster_id, "roster.submit")
    return roster_public(_transition(session, user, record, DocumentStatus.submitted, EDITABLE))


@router.post("/{roster_id}/approve", response_model=RosterPublic)
def approve_roster(roster_id: RecordId, session: SessionDep, user: UserDep) -> RosterPublic:
    """til_godkjenning → godkjent (zero hard breaches); from then on it cannot change."""
    record = _roster(session, user, roster_id, "roster.decide")
    return roster_public(_transition(session, user, record, DocumentStatus.approved,
                                     (DocumentStatus.submitted.value,)))


@router.post("/{roster_id}/reject", response_model=RosterPublic)
def reject_roster(roster_id: RecordId, rejection: Rejection, session: SessionDep, user: UserDep
                  ) -> RosterPublic:
    """til_godkjenning → avvist, with the reason."""
    record = _roster(session, user, roster_id, "roster.decide")
    return roster_public(_transition(session, user, record, DocumentStatus.rejected,
                                     (DocumentStatus.submitted.value,), rejection.comment))
