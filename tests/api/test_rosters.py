"""Rosters: upload, every read form, document control and its workflow, export, compare."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import Workbook

from roster.calendar import column_label
from roster.export import read_export
from roster.loading import load_unit
from roster.schedule import Roster, roster_to_csv
from tests.api.conftest import SMALL_UNIT, empty_roster_json, post_unit, upload

R = "/api/v1/rosters"


@pytest.fixture
def unit(client, admin):
    assert post_unit(client, admin).status_code == 201
    return load_unit(SMALL_UNIT)


def _legal(client, admin, legal_roster_json, **query):
    created = upload(client, admin, legal_roster_json, **query)
    assert created.status_code == 201, created.text
    return created.json()


def _approve(client, admin, roster_id):
    assert client.post(f"{R}/{roster_id}/submit", headers=admin).status_code == 200
    approved = client.post(f"{R}/{roster_id}/approve", headers=admin)
    assert approved.status_code == 200, approved.text
    return approved.json()


def test_upload_json_is_checked_and_stored_as_a_draft(client, admin, unit, legal_roster_json):
    body = _legal(client, admin, legal_roster_json, title="Turnus 2027", responsible="Ola")
    assert body["hard_breaches"] == 0 and body["origin"] == "uploaded"
    assert body["document"] == {"title": "Turnus 2027", "version": 1, "status": "utkast",
                                "approved_at": None, "approved_by": None,
                                "responsible": "Ola", "comment": None}
    again = client.get(f"{R}/{body['id']}", headers=admin).json()
    stored = Roster.model_validate({"unit": again["unit_id"], "weeks": again["weeks"],
                                    "assignments": again["assignments"]})
    assert stored.sorted() == Roster.model_validate_json(legal_roster_json).sorted()


def test_upload_csv_and_xlsx_grid(client, admin, unit, legal_roster_json):
    roster = Roster.model_validate_json(legal_roster_json)
    grid = roster_to_csv(roster, unit)
    from_csv = upload(client, admin, grid.encode(), "text/csv")
    assert from_csv.status_code == 201, from_csv.text
    assert from_csv.json()["hard_breaches"] == 0
    book = Workbook()
    for row in grid.splitlines():
        book.active.append(row.split(";"))
    data = io.BytesIO()
    book.save(data)
    from_xlsx = upload(client, admin, data.getvalue(),
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert from_xlsx.status_code == 201, from_xlsx.text
    assert from_xlsx.json()["assignments"] == from_csv.json()["assignments"]


def test_bad_uploads_name_the_place(client, admin, unit):
    bad_code = empty_roster_json().replace(
        '"assignments": []', '"assignments": [{"employee_id": "20101", "day": 0, "shift": "Q"}]')
    refused = upload(client, admin, bad_code)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["field"] == "assignments[0].shift"
    header = ";".join(["ansattnr", "navn"] + [column_label(d) for d in range(unit.days)])
    bad_grid = upload(client, admin, f"{header}\n99999;Ukjent;D\n".encode(), "text/csv")
    assert bad_grid.status_code == 422
    problem = bad_grid.json()["detail"][0]
    assert problem["msg"] == "rad 2: ukjent ansatt '99999'"
    short = upload(client, admin, b"ansattnr;navn;u1 man\n20101;Trine;D\n", "text/csv")
    assert short.status_code == 422 and "42" in short.json()["detail"][0]["msg"]
    not_a_workbook = upload(client, admin, b"PK\x03\x04garbage",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert not_a_workbook.status_code == 422
    assert client.get(R, headers=admin).json() == []


def test_read_forms(client, admin, unit, legal_roster_json):
    roster_id = _legal(client, admin, legal_roster_json)["id"]
    grid = client.get(f"{R}/{roster_id}/grid.csv", headers=admin)
    assert grid.status_code == 200 and grid.headers["content-type"].startswith("text/csv")
    assert grid.text.lstrip("\ufeff").splitlines()[0].startswith("ansattnr;navn;u1 man")
    report = client.get(f"{R}/{roster_id}/report.html", headers=admin)
    assert report.status_code == 200 and "Solsikken" in report.text
    check = client.get(f"{R}/{roster_id}/check", headers=admin).json()
    assert check["ok"] is True and check["breaches"] == []


def test_check_lists_breaches_in_plain_words(client, admin, unit):
    roster_id = upload(client, admin, empty_roster_json()).json()["id"]
    check = client.get(f"{R}/{roster_id}/check", headers={**admin, "Accept-Language": "en"})
    body = check.json()
    assert body["ok"] is False
    assert {b["rule"] for b in body["breaches"]} >= {"coverage_min", "total_hours"}
    assert all(b["message"] for b in body["breaches"])


def test_workflow_to_approval_and_immutability(client, admin, make_user, unit,
                                               legal_roster_json):
    approver = make_user("approver", units=[unit.unit.id], name="Siri Godkjenner")
    roster_id = _legal(client, admin, legal_roster_json)["id"]
    assert client.post(f"{R}/{roster_id}/approve", headers=approver).status_code == 409
    submitted = client.post(f"{R}/{roster_id}/submit", headers=admin).json()
    assert submitted["document"]["status"] == "til_godkjenning"
    locked = client.patch(f"{R}/{roster_id}", json={"title": "x"}, headers=admin)
    assert locked.status_code == 409
    approved = client.post(f"{R}/{roster_id}/approve", headers=approver).json()["document"]
    assert approved["status"] == "godkjent" and approved["approved_by"] == "Siri Godkjenner"
    assert approved["approved_at"] is not None
    for change in ({"title": "Ny"}, {"assignments": []}):
        refused = client.patch(f"{R}/{roster_id}", json=change, headers=admin)
        assert refused.status_code == 409 and "versions" in refused.json()["detail"][0]["msg"]
    assert client.post(f"{R}/{roster_id}/reject", json={"comment": "nei"},
                       headers=approver).status_code == 409
    assert client.get(f"{R}/{roster_id}", headers=admin).json()["document"] == approved

    version = client.post(f"{R}/{roster_id}/versions", json={"title": "Turnus v2"},
                          headers=admin)
    assert version.status_code == 201
    new = version.json()
    assert new["document"]["version"] == 2 and new["document"]["status"] == "utkast"
    assert new["document_id"] == roster_id and new["document"]["title"] == "Turnus v2"
    assert client.get(f"{R}/{roster_id}", headers=admin).json()["document"] == approved


def test_rejection_needs_a_comment_and_returns_to_draft_on_change(client, admin, unit,
                                                                 legal_roster_json):
    roster_id = _legal(client, admin, legal_roster_json)["id"]
    client.post(f"{R}/{roster_id}/submit", headers=admin)
    no_comment = client.post(f"{R}/{roster_id}/reject", json={}, headers=admin)
    assert no_comment.status_code == 422 and no_comment.json()["detail"][0]["field"] == (
        "body.comment")
    rejected = client.post(f"{R}/{roster_id}/reject", json={"comment": "For mange netter"},
                           headers=admin).json()["document"]
    assert rejected["status"] == "avvist" and rejected["comment"] == "For mange netter"
    changed = client.patch(f"{R}/{roster_id}", json={"responsible": "Per"}, headers=admin)
    assert changed.json()["document"]["status"] == "utkast"
    assert changed.json()["document"]["responsible"] == "Per"


def test_a_roster_with_breaches_cannot_be_submitted_or_approved(client, admin, unit):
    roster_id = upload(client, admin, empty_roster_json()).json()["id"]
    refused = client.post(f"{R}/{roster_id}/submit", headers=admin)
    assert refused.status_code == 409 and refused.json()["detail"][0]["type"] == "breaches"
    assert client.get(f"{R}/{roster_id}", headers=admin).json()["document"]["status"] == (
        "utkast")


def test_changing_assignments_rechecks(client, admin, unit, legal_roster_json):
    roster_id = _legal(client, admin, legal_roster_json)["id"]
    emptied = client.patch(f"{R}/{roster_id}", json={"assignments": []}, headers=admin)
    assert emptied.status_code == 200 and emptied.json()["hard_breaches"] > 0
    unknown = client.patch(f"{R}/{roster_id}", json={"assignments": [
        {"employee_id": "nobody", "day": 0, "shift": "D"}]}, headers=admin)
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["field"] == "assignments[0].employee_id"


def test_export_only_approved_and_dated(client, admin, unit, legal_roster_json, tmp_path):
    roster_id = _legal(client, admin, legal_roster_json)["id"]
    query = {"from": "2027-01-04", "to": "2027-01-17"}
    assert client.get(f"{R}/{roster_id}/export", params=query,
                      headers=admin).status_code == 409
    _approve(client, admin, roster_id)
    csv_export = client.get(f"{R}/{roster_id}/export", params=query, headers=admin)
    assert csv_export.status_code == 200
    assert "attachment" in csv_export.headers["content-disposition"]
    path = tmp_path / "export.csv"
    path.write_bytes(csv_export.content)
    rows = read_export(path)
    assert rows and {r["dato"] for r in rows} <= {f"2027-01-{d:02d}" for d in range(4, 18)}
    xlsx = client.get(f"{R}/{roster_id}/export", params={**query, "format": "xlsx"},
                      headers=admin)
    (tmp_path / "export.xlsx").write_bytes(xlsx.content)
    assert len(read_export(tmp_path / "export.xlsx")) == len(rows)
    backwards = client.get(f"{R}/{roster_id}/export",
                           params={"from": "2027-02-01", "to": "2027-01-01"}, headers=admin)
    assert backwards.status_code == 422 and backwards.json()["detail"][0]["field"] == "from"
    bad_format = client.get(f"{R}/{roster_id}/export", params={**query, "format": "pdf"},
                            headers=admin)
    assert bad_format.status_code == 422
    too_long = client.get(f"{R}/{roster_id}/export",
                          params={"from": "2027-01-01", "to": "2035-01-01"}, headers=admin)
    assert too_long.status_code == 422


def test_compare_json_and_html(client, admin, unit, legal_roster_json):
    generated = _legal(client, admin, legal_roster_json)["id"]
    manual = upload(client, admin, empty_roster_json()).json()["id"]
    as_json = client.get(f"{R}/{generated}/compare", params={"manual": manual},
                         headers=admin).json()
    breaches = next(line for line in as_json["lines"] if line["key"] == "hard_breaches")
    assert breaches["generated"] == 0 and breaches["manual"] > 0
    html = client.get(f"{R}/{generated}/compare", params={"manual": manual, "format": "html"},
                      headers=admin)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    missing = client.get(f"{R}/{generated}/compare", params={"manual": 999}, headers=admin)
    assert missing.status_code == 404


def test_typed_text_is_escaped_in_html(client, admin, unit, legal_roster_json):
    hostile = SMALL_UNIT.read_text(encoding="utf-8").replace(
        "name: Solsikken skjermet avdeling", 'name: "<script>alert(1)</script>"')
    client.put(f"/api/v1/units/{unit.unit.id}", content=hostile.encode(),
               headers={**admin, "Content-Type": "application/yaml"})
    roster_id = _legal(client, admin, legal_roster_json)["id"]
    report = client.get(f"{R}/{roster_id}/report.html", headers=admin).text
    assert "<script>alert(1)</script>" not in report and "&lt;script&gt;" in report


def test_list_filters(client, admin, unit, legal_roster_json):
    first = _legal(client, admin, legal_roster_json)["id"]
    second = upload(client, admin, empty_roster_json()).json()["id"]
    _approve(client, admin, first)
    listed = client.get(R, headers=admin).json()
    assert [r["id"] for r in listed] == [second, first]
    approved = client.get(R, params={"status": "godkjent"}, headers=admin).json()
    assert [r["id"] for r in approved] == [first]
    assert "assignments" not in listed[0]


def test_unknown_roster_is_404(client, admin):
    assert client.get(f"{R}/12345", headers=admin).status_code == 404
    assert client.get(f"{R}/not-a-number", headers=admin).status_code == 422


def test_roster_json_body_is_the_solve_format(client, admin, unit, legal_roster_json):
    data = json.loads(legal_roster_json)
    data["solver"] = {"status": "OPTIMAL", "objective": 0}
    stored = upload(client, admin, json.dumps(data)).json()
    assert stored["solver"] is None  # solver facts come from a solve, never from an upload
