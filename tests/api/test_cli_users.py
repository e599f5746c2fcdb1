"""`roster users add` and where `serve` and `users` find the database."""

from __future__ import annotations

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli import app
from api.main import create_app
from api.settings import Settings, data_dir_from
from tests.api.conftest import RecordingRunner

runner = CliRunner()


def test_users_add_prints_a_working_token_stored_hashed(tmp_path):
    data = tmp_path / "data"
    result = runner.invoke(app, ["users", "add", "Mona Leder", "--role", "manager",
                                 "--unit", "solsikken-skjermet", "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("rst_") and len(token) > 40
    assert token.encode() not in (data / "roster.db").read_bytes()
    with TestClient(create_app(Settings(data_dir=data), runner=RecordingRunner())) as client:
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me == {"id": 1, "name": "Mona Leder", "role": "manager",
                  "unit_ids": ["solsikken-skjermet"]}


def test_bad_role_and_empty_name_exit_2(tmp_path):
    bad_role = runner.invoke(app, ["users", "add", "X", "--role", "boss",
                                   "--data-dir", str(tmp_path)])
    assert bad_role.exit_code == 2
    empty = runner.invoke(app, ["users", "add", " ", "--role", "hr",
                                "--data-dir", str(tmp_path)])
    assert empty.exit_code == 2


def test_data_dir_option_then_environment_then_default(monkeypatch, tmp_path):
    monkeypatch.delenv("ROSTER_DATA_DIR", raising=False)
    assert str(data_dir_from(None)) == "roster-data"
    monkeypatch.setenv("ROSTER_DATA_DIR", str(tmp_path / "env"))
    assert data_dir_from(None) == tmp_path / "env"
    assert data_dir_from(tmp_path / "option") == tmp_path / "option"
