"""Reading a unit file (YAML or JSON) into a validated :class:`roster.models.Unit`.

Every problem is reported with the path of the field (``staff[3].fte``) or the line of the
file, collected into one :class:`InputError`; nothing raises a bare traceback at a user.
YAML is read with a safe loader that also refuses aliases (no "billion laughs").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from roster.i18n import CATALOG, t
from roster.models import DayRef, Unit

MAX_UNIT_FILE_BYTES = 2_000_000


@dataclass(frozen=True)
class Problem:
    path: str
    key: str
    params: dict[str, Any]
    fallback: str = ""
    """Library text used when the key is not in the catalogue."""

    def text(self, lang: str | None = None) -> str:
        """The message without the path."""
        return t(self.key, lang, **self.params) if self.key in CATALOG else self.fallback

    def message(self, lang: str | None = None) -> str:
        text = self.text(lang)
        return f"{self.path}: {text}" if self.path else text


class InputError(ValueError):
    """Bad input: one or more problems, each naming a field path, row or line."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(self.render("en"))

    def render(self, lang: str | None = None) -> str:
        lines = [t("input.header", lang, source=self.source)]
        lines += [f"  - {p.message(lang)}" for p in self.problems]
        return "\n".join(lines)


class _Refused(Exception):
    """A YAML construct the loader refuses, with where it stands."""

    def __init__(self, key: str, params: dict[str, Any], mark: Any):
        super().__init__(key)
        self.key, self.params, self.mark = key, params, mark


class _SafeNoAliasLoader(yaml.SafeLoader):
    """Safe YAML (no tags that build objects) that also refuses aliases and repeated keys."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            raise _Refused("input.alias", {}, self.peek_event().start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise _Refused("input.duplicate_key", {"name": key}, key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def parse_text(text: str, source: str, fmt: str) -> Any:
    """Parse YAML or JSON text; syntax errors name the line."""
    if fmt == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(source, [Problem("", "input.syntax", {
                "kind": "JSON", "line": exc.lineno, "column": exc.colno, "problem": exc.msg})]) from None
    try:
        return yaml.load(text, Loader=_SafeNoAliasLoader)  # noqa: S506 - safe subclass
    except _Refused as exc:
        where = f"line {exc.mark.line + 1}, column {exc.mark.column + 1}"
        raise InputError(source, [Problem(where, exc.key, exc.params)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or str(exc)
        if mark is None:
            raise InputError(source, [Problem("", "input.syntax_noline",
                                              {"kind": "YAML", "problem": problem})]) from None
        raise InputError(source, [Problem("", "input.syntax", {
            "kind": "YAML", "line": mark.line + 1, "column": mark.column + 1,
            "problem": problem})]) from None
    except yaml.YAMLError as exc:
        raise InputError(source, [Problem("", "input.syntax_noline",
                                          {"kind": "YAML", "problem": str(exc)})]) from None


def _path(loc: tuple[Any, ...], data: Any) -> str:
    """'staff[3].fte' from a pydantic location, skipping pydantic's union-branch tags."""
    parts: list[str] = []
    current = data
    for segment in loc:
        if isinstance(segment, int) and isinstance(current, list):
            parts.append(f"[{segment}]")
            current = current[segment] if 0 <= segment < len(current) else None
        elif isinstance(current, dict) and segment in current:
            parts.append(f".{segment}" if parts else str(segment))
            current = current[segment]
        elif isinstance(segment, str) and (current is None or isinstance(current, dict)):
            # A missing key: name it; a branch tag of a union: skip it.
            if segment[:1].isupper() or "[" in segment or segment in ("int", "str", "float"):
                continue
            parts.append(f".{segment}" if parts else segment)
            current = None
    return "".join(parts) or "(rot)"


def problems_from_validation(exc: ValidationError, data: Any) -> list[Problem]:
    problems = []
    seen = set()
    for error in exc.errors():
        path = _path(tuple(error["loc"]), data)
        message = error["msg"].removeprefix("Value error, ")
        key = f"pyd.{error['type']}"
        params = dict(error.get("ctx") or {})
        params.pop("error", None)
        problem = Problem(path, key, params, message)
        if (path, problem.message("en")) in seen:
            continue  # unions report one failure per branch
        seen.add((path, problem.message("en")))
        problems.append(problem)
    return problems


def cross_check(unit: Unit) -> list[Problem]:
    """References between parts of the file that pydantic cannot see one field at a time."""
    problems: list[Problem] = []
    codes = unit.shift_codes()
    known = ", ".join(codes)
    seen_codes: set[str] = set()
    for i, shift in enumerate(unit.shift_types):
        if shift.code in seen_codes:
            problems.append(Problem(f"shift_types[{i}].code", "input.duplicate_shift",
                                    {"code": shift.code}))
        seen_codes.add(shift.code)

    def check_codes(path: str, values: list[str]) -> None:
        for j, code in enumerate(values):
            if code not in seen_codes:
                problems.append(Problem(f"{path}[{j}]", "input.unknown_shift",
                                        {"code": code, "known": known}))

    weeks = unit.turnus.weeks

    def check_week(path: str, ref: DayRef) -> None:
        if ref.week > weeks:
            problems.append(Problem(f"{path}.week", "input.week_out_of_range",
                                    {"week": ref.week, "weeks": weeks}))

    if unit.rules.max_consecutive_days >= unit.days:
        problems.append(Problem("rules.max_consecutive_days", "input.max_consecutive",
                                {"days": unit.days}))
    for i, req in enumerate(unit.requirements):
        if req.shift not in seen_codes:
            problems.append(Problem(f"requirements[{i}].shift", "input.unknown_shift",
                                    {"code": req.shift, "known": known}))
    seen_ids: set[str] = set()
    for i, person in enumerate(unit.staff):
        if person.id in seen_ids:
            problems.append(Problem(f"staff[{i}].id", "input.duplicate_staff", {"id": person.id}))
        seen_ids.add(person.id)
        if person.shifts is not None:
            if not person.shifts:
                problems.append(Problem(f"staff[{i}].shifts", "input.no_shifts", {}))
            check_codes(f"staff[{i}].shifts", person.shifts)
        check_codes(f"staff[{i}].wishes.avoid_shifts", person.wishes.avoid_shifts)
        check_codes(f"staff[{i}].wishes.prefer_shifts", person.wishes.prefer_shifts)
        for j, ref in enumerate(person.unavailable):
            check_week(f"staff[{i}].unavailable[{j}]", ref)
        for j, ref in enumerate(person.wishes.days_off):
            if isinstance(ref, DayRef):
                check_week(f"staff[{i}].wishes.days_off[{j}]", ref)
    return problems


def nul_characters(data: Any, path: str = "") -> list[Problem]:
    """Text with NUL characters (JSON allows "\\u0000"): no name or code needs one, and
    databases, spreadsheets and C libraries cut the text there."""
    if isinstance(data, str):
        return [Problem(path, "input.nul", {})] if "\x00" in data else []
    if isinstance(data, dict):
        return [p for key, value in data.items()
                for p in nul_characters(key, path) + nul_characters(
                    value, f"{path}.{key}" if path else str(key))]
    if isinstance(data, list):
        return [p for i, value in enumerate(data) for p in nul_characters(value, f"{path}[{i}]")]
    return []


def unit_from_data(data: Any, source: str = "unit") -> Unit:
    """Validate already-parsed data (a dict from YAML/JSON) into a Unit."""
    if not isinstance(data, dict):
        raise InputError(source, [Problem("", "input.not_mapping", {})])
    if problems := nul_characters(data):
        raise InputError(source, problems[:50])
    try:
        unit = Unit.model_validate(data)
    except ValidationError as exc:
        raise InputError(source, problems_from_validation(exc, data)) from None
    problems = cross_check(unit)
    if problems:
        raise InputError(source, problems)
    return unit


def unit_from_text(text: str, source: str = "unit", fmt: str = "yaml") -> Unit:
    if len(text.encode("utf-8")) > MAX_UNIT_FILE_BYTES:
        raise InputError(source, [Problem("", "input.too_large", {
            "size": len(text.encode("utf-8")), "limit": MAX_UNIT_FILE_BYTES})])
    return unit_from_data(parse_text(text, source, fmt), source)


def load_unit(path: str | Path) -> Unit:
    """Load a unit file; ``.json`` is read as JSON, anything else as YAML."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), [Problem("", "input.file_missing", {"path": str(path)})])
    size = path.stat().st_size
    if size > MAX_UNIT_FILE_BYTES:
        raise InputError(str(path), [Problem("", "input.too_large", {
            "size": size, "limit": MAX_UNIT_FILE_BYTES})])
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    return unit_from_text(read_text(path), str(path), fmt)


def read_text(path: Path) -> str:
    """A user's text file (UTF-8, with or without BOM), or an InputError saying why not."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(str(path), [Problem("", "input.encoding", {})]) from None
    except OSError as exc:
        raise InputError(str(path), [Problem("", "input.unreadable", {
            "path": str(path), "reason": exc.strerror or str(exc)})]) from None
