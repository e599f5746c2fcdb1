"""Every error as ``{"detail": [{"loc", "field", "msg", "type"}]}`` with a 4xx status.

The message is in the caller's language (``Accept-Language: en``, else bokmål) and names
the field, row or line where there is one. Anything unforeseen is logged and answered
with a plain 500 without internals.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from roster.i18n import t
from roster.loading import InputError

log = logging.getLogger("roster.api")


def scope_language(scope: Scope) -> str:
    """English on ``Accept-Language: en…``, else bokmål (also for middleware, which has
    only the ASGI scope)."""
    accepted = dict(scope.get("headers", [])).get(b"accept-language", b"")
    return "en" if accepted.strip().lower().startswith(b"en") else "nb"


def request_language(request: Request) -> str:
    return scope_language(request.scope)


class ApiError(Exception):
    """A refusal: status, a machine-readable type, and a catalogue message."""

    def __init__(self, http_status: int, kind: str, key: str, /, field: str = "",
                 **params: Any):
        super().__init__(key)
        self.http_status, self.kind, self.key, self.field, self.params = (
            http_status, kind, key, field, params)


TRANSLATED_PARAMS = frozenset({"kind"})
"""ApiError parameters that are catalogue keys (what was not found), put in the caller's
language; every other parameter is data, an id a user typed among them, and shown as it
is (an id such as "api.kind." was once looked up in the catalogue: a 500)."""


def not_found(kind: str, ident: object) -> ApiError:
    return ApiError(404, "not_found", "api.not_found", kind=kind, id=ident)


def detail(field: str, msg: str, kind: str, loc: list[Any] | None = None
            ) -> dict[str, Any]:
    return {"loc": loc if loc is not None else ([field] if field else []),
            "field": field, "msg": msg, "type": kind}


def _field(loc: tuple[Any, ...]) -> str:
    """'body.staff[3].fte' from FastAPI's ('body', 'staff', 3, 'fte')."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        lang = request_language(request)
        params = {k: (t(v, lang) if k in TRANSLATED_PARAMS else v)
                  for k, v in exc.params.items()}
        headers = {"WWW-Authenticate": "Bearer"} if exc.http_status == 401 else None
        return JSONResponse({"detail": [detail(exc.field, t(exc.key, lang, **params),
                                                exc.kind)]}, exc.http_status, headers=headers)

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> JSONResponse:
        lang = request_language(request)
        return JSONResponse({"detail": [
            detail(p.path, p.text(lang), p.key) for p in exc.problems]}, 422)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": [
            detail(_field(tuple(e["loc"])), e["msg"], e["type"], list(e["loc"]))
            for e in exc.errors()]}, 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        lang = request_language(request)
        msg = (t("api.not_found", lang, kind=t("api.kind.route", lang), id=request.url.path)
               if exc.status_code == 404 else str(exc.detail))
        return JSONResponse({"detail": [detail("", msg, f"http_{exc.status_code}")]},
                            exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse({"detail": [detail("", t("api.internal", request_language(request)),
                                                "internal")]}, 500)
