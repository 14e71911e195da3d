"""Application settings, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    database_path: Path
    migrations_dir: Path
    cache_ttl_seconds: int
    cache_max_entries: int
    rate_limit_per_minute: int
    log_level: str

    @classmethod
    def from_env(cls) -> "Settings":
        root = Path(__file__).resolve().parent.parent
        return cls(
            database_path=Path(os.environ.get("APP_DB_PATH", root / "data" / "definitions.db")),
            migrations_dir=root / "migrations",
            cache_ttl_seconds=int(os.environ.get("APP_CACHE_TTL", "300")),
            cache_max_entries=int(os.environ.get("APP_CACHE_MAX", "512")),
            rate_limit_per_minute=int(os.environ.get("APP_RATE_LIMIT", "60")),
            log_level=os.environ.get("APP_LOG_LEVEL", "INFO"),
        )
