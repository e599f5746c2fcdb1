"""Access control for every route: 401 without a valid token, 403 outside one's role or
units, and through to the route (any other status) inside them."""

from __future__ import annotations

import pytest

from tests.api.conftest import SMALL_ID, SMALL_UNIT, empty_roster_json, post_unit, upload
from tests.conftest import UNITS

OTHER_UNIT = UNITS / "hjemmetjenesten-nord.yaml"
OTHER_ID = "hjemmetjenesten-nord"
ROLES = ("admin", "manager", "approver", "hr", "evaluator")
ALL = set(ROLES)
READERS = {"admin", "manager", "approver", "evaluator"}
MAKERS = {"admin", "manager"}

# (method, route template, concrete path with {unit}/{job}/{draft}/{approved} filled in,
#  roles allowed, body file or JSON, whether it is scoped to one unit)
ROUTES = [
    ("GET", "/api/v1/me", "/api/v1/me", ALL, None, False),
    ("GET", "/api/v1/units", "/api/v1/units", ALL, None, False),
    ("POST", "/api/v1/units", "/api/v1/units", MAKERS, "unit", True),
    ("GET", "/api/v1/units/{unit_id}", "/api/v1/units/{unit}", ALL, None, True),
    ("PUT", "/api/v1/units/{unit_id}", "/api/v1/units/{unit}", MAKERS, "unit", True),
    ("GET", "/api/v1/units/{unit_id}/versions", "/api/v1/units/{unit}/versions", ALL, None,
     True),
    ("GET", "/api/v1/units/{unit_id}/versions/{version}", "/api/v1/units/{unit}/versions/1",
     ALL, None, True),
    ("POST", "/api/v1/units/{unit_id}/solve", "/api/v1/units/{unit}/solve", MAKERS,
     {"time_limit_s": 1}, True),
    ("GET", "/api/v1/units/{unit_id}/jobs", "/api/v1/units/{unit}/jobs", READERS, None, True),
    ("POST", "/api/v1/units/{unit_id}/rosters", "/api/v1/units/{unit}/rosters", MAKERS,
     "roster", True),
    ("GET", "/api/v1/jobs/{job_id}", "/api/v1/jobs/{job}", READERS, None, True),
    ("DELETE", "/api/v1/jobs/{job_id}", "/api/v1/jobs/{job}", MAKERS, None, True),
    ("POST", "/api/v1/jobs/{job_id}/resubmit", "/api/v1/jobs/{job}/resubmit", MAKERS, None,
     True),
    ("GET", "/api/v1/rosters", "/api/v1/rosters", ALL, None, False),
    ("GET", "/api/v1/rosters/{roster_id}", "/api/v1/rosters/{draft}", READERS, None, True),
    ("GET", "/api/v1/rosters/{roster_id}", "/api/v1/rosters/{approved}", ALL, None, True),
    ("GET", "/api/v1/rosters/{roster_id}/grid.csv", "/api/v1/rosters/{draft}/grid.csv",
     READERS, None, True),
    ("GET", "/api/v1/rosters/{roster_id}/report.html", "/api/v1/rosters/{draft}/report.html",
     READERS, None, True),
    ("GET", "/api/v1/rosters/{roster_id}/check", "/api/v1/rosters/{approved}/check", ALL,
     None, True),
    ("GET", "/api/v1/rosters/{roster_id}/export",
     "/api/v1/rosters/{approved}/export?from=2027-01-04&to=2027-01-10", {"admin", "hr"},
     None, True),
    ("GET", "/api/v1/rosters/{roster_id}/compare",
     "/api/v1/rosters/{approved}/compare?manual={approved}", READERS, None, True),
    ("PATCH", "/api/v1/rosters/{roster_id}", "/api/v1/rosters/{draft}", MAKERS,
     {"title": "Endret"}, True),
    ("POST", "/api/v1/rosters/{roster_id}/versions", "/api/v1/rosters/{draft}/versions",
     MAKERS, {}, True),
    ("POST", "/api/v1/rosters/{roster_id}/submit", "/api/v1/rosters/{draft}/submit", MAKERS,
     None, True),
    ("POST", "/api/v1/rosters/{roster_id}/approve", "/api/v1/rosters/{draft}/approve",
     {"admin", "approver"}, None, True),
    ("POST", "/api/v1/rosters/{roster_id}/reject", "/api/v1/rosters/{draft}/reject",
     {"admin", "approver"}, {"comment": "nei"}, True),
    ("GET", "/api/v1/audit", "/api/v1/audit", {"admin"}, None, False),
]


@pytest.fixture
def world(client, admin, make_user, legal_roster_json):
    """Two units, each with a draft and an approved roster and a job; a user per role
    on the first unit, and HR/evaluator users without units (all units)."""
    ids: dict[str, dict[str, object]] = {}
    for path, unit_id in ((SMALL_UNIT, SMALL_ID), (OTHER_UNIT, OTHER_ID)):
        assert post_unit(client, admin, path).status_code == 201
        draft = upload(client, admin, empty_roster_json(unit_id=unit_id, weeks=_weeks(
            client, admin, unit_id)), unit_id=unit_id).json()["id"]
        job = client.post(f"/api/v1/units/{unit_id}/solve", json={}, headers=admin).json()["id"]
        ids[unit_id] = {"unit": unit_id, "draft": draft, "job": job}
    approved = upload(client, admin, legal_roster_json).json()["id"]
    client.post(f"/api/v1/rosters/{approved}/submit", headers=admin)
    assert client.post(f"/api/v1/rosters/{approved}/approve",
                       headers=admin).json()["document"]["status"] == "godkjent"
    ids[SMALL_ID]["approved"] = approved
    ids[OTHER_ID]["approved"] = ids[OTHER_ID]["draft"]  # nothing approved there
    users = {role: make_user(role, units=[SMALL_ID]) for role in ROLES}
    users["hr-all"] = make_user("hr")
    users["evaluator-all"] = make_user("evaluator")
    return ids, users, legal_roster_json


def _weeks(client, admin, unit_id):
    return client.get(f"/api/v1/units/{unit_id}", headers=admin).json()["unit"]["turnus"][
        "weeks"]


def _request(client, method, path, body, headers, ids, roster_json):
    url = path.format(**ids)
    if body == "unit":
        content = (SMALL_UNIT if ids["unit"] == SMALL_ID else OTHER_UNIT).read_bytes()
        return client.request(method, url, content=content,
                              headers={**headers, "Content-Type": "application/yaml"})
    if body == "roster":
        return client.request(method, url, content=roster_json.encode(),
                              headers={**headers, "Content-Type": "application/json"})
    return client.request(method, url, json=body, headers=headers)


def test_every_route_is_in_the_table(client):
    served = {(method.upper(), path) for path, operations in client.app.openapi()["paths"].items()
              for method in operations}
    assert served == {(method, template) for method, template, *_ in ROUTES}


@pytest.mark.parametrize("method,template,path,allowed,body,scoped", ROUTES,
                         ids=[f"{r[0]} {r[2]}" for r in ROUTES])
def test_no_token_or_a_wrong_token_is_401(client, world, method, template, path, allowed,
                                          body, scoped):
    ids, _, roster_json = world
    for headers in ({}, {"Authorization": "Bearer rst_not-a-token"},
                    {"Authorization": "Basic dXNlcjpwYXNz"}):
        answer = _request(client, method, path, body, headers, ids[SMALL_ID], roster_json)
        assert answer.status_code == 401, (headers, answer.text)
        assert answer.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("method,template,path,allowed,body,scoped", ROUTES,
                         ids=[f"{r[0]} {r[2]}" for r in ROUTES])
def test_roles_on_their_own_unit(client, world, method, template, path, allowed, body,
                                 scoped):
    ids, users, roster_json = world
    for role in ROLES:
        answer = _request(client, method, path, body, users[role], ids[SMALL_ID], roster_json)
        if role in allowed:
            assert answer.status_code not in (401, 403), (role, answer.text)
            assert answer.status_code < 500
        else:
            assert answer.status_code == 403, (role, answer.status_code, answer.text)


@pytest.mark.parametrize("method,template,path,allowed,body,scoped",
                         [r for r in ROUTES if r[5]], ids=[f"{r[0]} {r[2]}" for r in ROUTES
                                                           if r[5]])
def test_other_units_are_closed_to_unit_bound_users(client, world, method, template, path,
                                                   allowed, body, scoped):
    ids, users, roster_json = world
    for role in ROLES:
        answer = _request(client, method, path, body, users[role], ids[OTHER_ID], roster_json)
        if role == "admin":
            assert answer.status_code not in (401, 403), answer.text
        else:  # every other user here was given the first unit only
            assert answer.status_code == 403, (role, answer.status_code, answer.text)


def test_hr_and_evaluators_without_units_see_all_units(client, world):
    ids, users, _ = world
    for role in ("hr-all", "evaluator-all"):
        listed = client.get("/api/v1/units", headers=users[role]).json()
        assert {u["id"] for u in listed} == {SMALL_ID, OTHER_ID}
    assert client.get(f"/api/v1/rosters/{ids[OTHER_ID]['draft']}",
                      headers=users["evaluator-all"]).status_code == 200
    assert client.get(f"/api/v1/rosters/{ids[OTHER_ID]['draft']}",
                      headers=users["hr-all"]).status_code == 403


def test_lists_show_only_what_the_user_may_read(client, world):
    ids, users, _ = world
    manager_units = client.get("/api/v1/units", headers=users["manager"]).json()
    assert [u["id"] for u in manager_units] == [SMALL_ID]
    manager_rosters = client.get("/api/v1/rosters", headers=users["manager"]).json()
    assert {r["unit_id"] for r in manager_rosters} == {SMALL_ID}
    hr_rosters = client.get("/api/v1/rosters", headers=users["hr-all"]).json()
    assert [r["id"] for r in hr_rosters] == [ids[SMALL_ID]["approved"]]


def test_me(client, world):
    _, users, _ = world
    me = client.get("/api/v1/me", headers=users["manager"]).json()
    assert me["role"] == "manager" and me["unit_ids"] == [SMALL_ID]
