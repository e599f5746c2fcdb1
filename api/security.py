"""API tokens and who may do what.

Tokens are 256-bit random strings shown once; only their SHA-256 is stored. A fast hash is
right here (unlike for passwords): a random 256-bit secret cannot be guessed by trying
candidates, and the lookup by hash stays one indexed query.
"""

from __future__ import annotations

import hashlib
import secrets

from api.schemas import Role

TOKEN_PREFIX = "rst_"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


ALL = frozenset(Role)
PERMISSIONS: dict[str, frozenset[Role]] = {
    "unit.read": ALL,
    "unit.create": frozenset({Role.admin, Role.manager}),
    "unit.update": frozenset({Role.admin, Role.manager}),
    "job.create": frozenset({Role.admin, Role.manager}),
    "job.read": frozenset({Role.admin, Role.manager, Role.approver, Role.evaluator}),
    "job.cancel": frozenset({Role.admin, Role.manager}),
    "roster.read": ALL,
    "roster.upload": frozenset({Role.admin, Role.manager}),
    "roster.edit": frozenset({Role.admin, Role.manager}),
    "roster.submit": frozenset({Role.admin, Role.manager}),
    "roster.decide": frozenset({Role.admin, Role.approver}),
    "roster.export": frozenset({Role.admin, Role.hr}),
    "roster.compare": frozenset({Role.admin, Role.manager, Role.approver, Role.evaluator}),
    "audit.read": frozenset({Role.admin}),
}
"""Action → roles allowed. Managers and approvers act only on their own units; HR and
evaluators on all units unless their user names some (then only those); admins on all."""

UNIT_BOUND = frozenset({Role.manager, Role.approver})
APPROVED_ONLY = frozenset({Role.hr})
"""Roles that see only approved rosters."""


def unit_scope(role: Role, unit_ids: list[str]) -> list[str] | None:
    """The units a user is limited to, or None for all units."""
    if role is Role.admin:
        return None
    if role in UNIT_BOUND or unit_ids:
        return unit_ids
    return None


def may(role: Role, unit_ids: list[str], action: str, unit_id: str | None = None) -> bool:
    if role not in PERMISSIONS[action]:
        return False
    scope = unit_scope(role, unit_ids)
    return unit_id is None or scope is None or unit_id in scope
