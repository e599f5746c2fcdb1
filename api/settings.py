"""The service's settings: one class, read from ``ROSTER_*`` environment variables."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("roster-data")


def data_dir_from(option: Path | None) -> Path:
    """``--data-dir``, else ``ROSTER_DATA_DIR``, else ``./roster-data`` (serve and users agree)."""
    if option is not None:
        return option
    return Path(os.environ.get("ROSTER_DATA_DIR") or DEFAULT_DATA_DIR)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ROSTER_", extra="ignore")

    data_dir: Path = DEFAULT_DATA_DIR
    database_url: str | None = None
    """None: a SQLite file ``roster.db`` in data_dir (WAL mode). Else any SQLAlchemy URL,
    e.g. ``postgresql+psycopg://user:password@host/db``."""
    max_body_bytes: int = Field(2_000_000, ge=1024)
    """Larger request bodies get 413 before they are read."""
    max_time_limit_s: float = Field(600.0, gt=0)
    default_time_limit_s: float = Field(60.0, gt=0)
    max_concurrent_solves: int = Field(max(1, (os.cpu_count() or 2) // 2), ge=1)
    """Solves running at once; the rest wait in the queue."""
    solver_workers: int = Field(2, ge=1)
    """CP-SAT search threads per solve."""
    max_export_days: int = Field(731, ge=1)
    """The longest period one Visma export covers."""
    progress_interval_s: float = Field(0.5, ge=0)
    """A running job writes its progress to the database at most this often."""

    @property
    def url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'roster.db').resolve()}"
