"""The audit log: every create, solve, upload, status change and export, readable by admins."""

from __future__ import annotations

from tests.api.conftest import SMALL_ID, post_unit, upload


def test_actions_are_recorded_with_who_and_what(client, admin, make_user, legal_roster_json):
    manager = make_user("manager", units=[SMALL_ID], name="Mona Leder")
    approver = make_user("approver", units=[SMALL_ID], name="Siri Godkjenner")
    hr = make_user("hr", name="Hanne HR")
    post_unit(client, manager)
    job = client.post(f"/api/v1/units/{SMALL_ID}/solve", json={"time_limit_s": 2},
                      headers=manager).json()["id"]
    client.delete(f"/api/v1/jobs/{job}", headers=manager)
    roster = upload(client, manager, legal_roster_json).json()["id"]
    client.post(f"/api/v1/rosters/{roster}/submit", headers=manager)
    client.post(f"/api/v1/rosters/{roster}/approve", headers=approver)
    client.get(f"/api/v1/rosters/{roster}/export", params={"from": "2027-01-04",
                                                           "to": "2027-01-31"}, headers=hr)
    events = client.get("/api/v1/audit", headers=admin).json()
    seen = [(e["user_name"], e["action"], e["target_id"]) for e in reversed(events)]
    assert seen[-7:] == [
        ("Mona Leder", "unit.create", SMALL_ID),
        ("Mona Leder", "job.create", job),
        ("Mona Leder", "job.cancel", job),
        ("Mona Leder", "roster.upload", str(roster)),
        ("Mona Leder", "roster.til_godkjenning", str(roster)),
        ("Siri Godkjenner", "roster.godkjent", str(roster)),
        ("Hanne HR", "roster.export", str(roster)),
    ]
    created_users = [e for e in events if e["action"] == "user.create"]
    assert {e["detail"]["name"] for e in created_users} >= {"Mona Leder", "Hanne HR"}
    export = events[0]
    assert export["detail"] == {"format": "visma-csv", "first": "2027-01-04",
                                "last": "2027-01-31", "shifts": export["detail"]["shifts"]}
    assert export["detail"]["shifts"] > 0 and export["at"]


def test_refused_actions_change_nothing_and_leave_no_event(client, admin):
    post_unit(client, admin)
    before = client.get("/api/v1/audit", headers=admin).json()
    assert client.post("/api/v1/units", content=b"unit: [", headers={
        **admin, "Content-Type": "application/yaml"}).status_code == 422
    assert client.get("/api/v1/audit", headers=admin).json() == before


def test_filters(client, admin):
    post_unit(client, admin)
    only = client.get("/api/v1/audit", params={"action": "unit.create"}, headers=admin).json()
    assert [e["target_id"] for e in only] == [SMALL_ID]
