"""The FastAPI application: ``create_app(settings)``; ``roster serve`` runs it with uvicorn.

At start: the data dir exists, migrations are applied, jobs left running by a crash are
marked interrupted, and the job runner starts (queued jobs run).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import unquote

from fastapi import APIRouter, FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import errors
from api.db import make_engine, migrate, session_factory
from api.routes import audit, jobs, rosters, units
from api.runner import JobRunner, LocalProcessRunner, mark_interrupted
from api.schemas import ErrorResponse
from api.settings import Settings
from roster.i18n import t
from roster.models import Unit
from roster.schedule import Roster

PREFIX = "/api/v1"


class NoNulInUrl:
    """422 for a NUL character in the path or query (``%00``): no id or filter has one,
    and PostgreSQL refuses it in text."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and ("\x00" in scope.get("path", "") or "\x00" in unquote(
                scope.get("query_string", b"").decode("latin-1"))):
            await _send_error(send, 422, errors.detail(
                "url", t("input.nul", errors.scope_language(scope)), "nul", ["query"]))
            return
        await self.app(scope, receive, send)


async def _send_error(send: Send, status: int, problem: dict[str, Any]) -> None:
    body = json.dumps({"detail": [problem]}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """413 for a body over ``limit`` bytes, before a route reads it (declared length or
    counted while streaming)."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        too_large = declared is not None and declared.isdigit() and int(declared) > self.limit
        chunks: list[Message] = []
        size = 0
        while not too_large:
            message = await receive()
            chunks.append(message)
            size += len(message.get("body", b""))
            too_large = size > self.limit
            if message["type"] != "http.request" or not message.get("more_body"):
                break
        if too_large:
            await self._refuse(scope, send)
            return

        async def replay() -> Message:
            return chunks.pop(0) if chunks else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        message = t("api.body_too_large", errors.scope_language(scope), limit=self.limit)
        await _send_error(send, 413, errors.detail("body", message, "too_large", ["body"]))


def create_app(settings: Settings | None = None, runner: JobRunner | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.database_url is None:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(settings.url)
        migrate(engine)
        app.state.settings = settings
        app.state.sessions = session_factory(engine)
        with app.state.sessions() as session:
            mark_interrupted(session)
        app.state.runner = runner or LocalProcessRunner(settings, app.state.sessions)
        app.state.runner.start()
        try:
            yield
        finally:
            app.state.runner.stop()
            engine.dispose()

    app = FastAPI(title="roster", version="1", lifespan=lifespan,
                  description="Grunnturnus engine for Norwegian municipal care units: units, "
                  "solve jobs, rosters, approval, Visma export. Bearer tokens from "
                  "`roster users add`. Messages in bokmål; `Accept-Language: en` for English.")
    api = APIRouter(prefix=PREFIX, responses={
        status: {"model": ErrorResponse, "description": text} for status, text in (
            (401, "No valid API token"), (403, "Outside the caller's role or units"),
            (404, "No such resource"), (409, "Not in this state (workflow, versions, jobs)"),
            (413, "Body too large"), (415, "Content type not accepted"),
            (422, "Invalid input; each problem names its field, row or line"))})
    for module in (units, jobs, rosters, audit):
        api.include_router(module.router)
    app.include_router(api)
    errors.install(app)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(NoNulInUrl)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version,
                                 description=app.description, routes=app.routes)
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            # The raw unit and roster bodies are read by content type, so FastAPI does not
            # see their models; their schemas are added here for the docs and clients.
            for model in (Unit, Roster):
                found = model.model_json_schema(ref_template="#/components/schemas/{model}")
                components.update(found.pop("$defs", {}))
                components.setdefault(model.__name__, found)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
