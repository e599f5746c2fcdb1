"""Creating API users from the command line (``roster users add``)."""

from __future__ import annotations

from api.db import make_engine, migrate, session_factory
from api.models import User, UserUnit, utcnow
from api.security import hash_token, new_token
from api.services import audit
from api.settings import Settings


def add_user(settings: Settings, name: str, role: str, unit_ids: list[str]) -> str:
    """Store the user with the hash of a new token; return the token."""
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.url)
    try:
        migrate(engine)
        token = new_token()
        with session_factory(engine)() as session:
            user = User(name=name, role=role, token_hash=hash_token(token), created_at=utcnow())
            user.unit_links = [UserUnit(unit_id=u) for u in dict.fromkeys(unit_ids)]
            session.add(user)
            session.flush()
            audit(session, None, "user.create", "user", user.id, name=name, role=role,
                  unit_ids=list(dict.fromkeys(unit_ids)))
            session.commit()
        return token
    finally:
        engine.dispose()
