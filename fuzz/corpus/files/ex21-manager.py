"""Configuration for the GitOps generator, read from a YAML file."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class ConfigError(ValueError):
    """Raised when the configuration file is unusable."""


@dataclass
class MinioSettings:
    endpoint: str
    access_key: str
    secret_key: str
    bucket: str
    secure: bool = False
    prefix: str = ""


@dataclass
class GitSettings:
    repo_path: str
    remote: str = "origin"
    branch: str = "main"
    author_name: str = "minio-to-git"
    author_email: str = "minio-to-git@localhost"
    push: bool = False


@dataclass
class GeneratorSettings:
    layout: str = "namespace"  # "namespace" or "kind"
    drop_annotations: list[str] = field(
        default_factory=lambda: ["kubectl.kubernetes.io/last-applied-configuration"]
    )


class ConfigManager:
    """Loads config.yaml, applies environment overrides and checks required keys."""

    REQUIRED = ("minio.endpoint", "minio.bucket", "git.repo_path")

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self._raw: dict[str, Any] = {}

    def load(self) -> "ConfigManager":
        try:
            with self.path.open("r", encoding="utf-8") as fh:
                self._raw = yaml.safe_load(fh) or {}
        except FileNotFoundError as exc:
            raise ConfigError(f"config file not found: {self.path}") from exc
        self._apply_env()
        self.validate()
        return self

    def _apply_env(self) -> None:
        minio = self._raw.setdefault("minio", {})
        for key, env in (("access_key", "MINIO_ACCESS_KEY"), ("secret_key", "MINIO_SECRET_KEY")):
            if os.environ.get(env):
                minio[key] = os.environ[env]

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self._raw
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def validate(self) -> None:
        missing = [k for k in self.REQUIRED if self.get(k) in (None, "")]
        if missing:
            raise ConfigError("missing required keys: " + ", ".join(missing))
        layout = self.get("generator.layout", "namespace")
        if layout not in ("namespace", "kind"):
            raise ConfigError(f"generator.layout must be 'namespace' or 'kind', not {layout!r}")

    @property
    def minio(self) -> MinioSettings:
        m = self._raw.get("minio", {})
        return MinioSettings(
            endpoint=m["endpoint"],
            access_key=m.get("access_key", ""),
            secret_key=m.get("secret_key", ""),
            bucket=m["bucket"],
            secure=bool(m.get("secure", False)),
            prefix=m.get("prefix", ""),
        )

    @property
    def git(self) -> GitSettings:
        g = self._raw.get("git", {})
        return GitSettings(**{k: v for k, v in g.items() if k in GitSettings.__dataclass_fields__})

    @property
    def generator(self) -> GeneratorSettings:
        g = self._raw.get("generator", {}) or {}
        return GeneratorSettings(**{k: v for k, v in g.items() if k in GeneratorSettings.__dataclass_fields__})
