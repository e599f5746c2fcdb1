"""Raw request bodies read by content type (unit files, uploaded rosters)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from api.errors import ApiError

JSON = "application/json"
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Body:
    media_type: str
    data: bytes

    def text(self) -> str:
        try:
            return self.data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ApiError(422, "encoding", "api.encoding", field="body") from None


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def read_body(request: Request, allowed: tuple[str, ...]) -> Body:
    kind = media_type(request)
    if kind not in allowed:
        raise ApiError(415, "media_type", "api.media_type", field="content-type",
                       found=kind or "(none)", allowed=", ".join(allowed))
    return Body(kind, await request.body())


async def unit_body(request: Request) -> Body:
    return await read_body(request, (JSON, *YAML_TYPES))


async def roster_body(request: Request) -> Body:
    return await read_body(request, (JSON, CSV, XLSX))


def unit_request_body() -> dict:
    return {"requestBody": {"required": True, "description":
            "The unit file (the format of fixtures/units/*.yaml), as JSON or YAML.",
            "content": {JSON: {"schema": {"$ref": "#/components/schemas/Unit"}},
                        "application/yaml": {"schema": {"type": "string"}}}}}


def roster_request_body() -> dict:
    return {"requestBody": {"required": True, "description":
            "A roster: roster.json as `roster solve` writes it, or the grid as CSV "
            "(one row per person, one column per day) or as an Excel workbook.",
            "content": {JSON: {"schema": {"$ref": "#/components/schemas/Roster"}},
                        CSV: {"schema": {"type": "string"}},
                        XLSX: {"schema": {"type": "string", "format": "binary"}}}}}
