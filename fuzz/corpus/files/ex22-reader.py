"""Read the newest backup snapshot from MinIO."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Iterator

import yaml
from minio import Minio

from .config.manager import MinioSettings

log = logging.getLogger(__name__)


@dataclass
class BackupObject:
    namespace: str
    kind: str
    name: str
    manifest: dict


class BackupReader:
    def __init__(self, settings: MinioSettings, client: Minio | None = None):
        self.settings = settings
        self.client = client or Minio(
            settings.endpoint,
            access_key=settings.access_key,
            secret_key=settings.secret_key,
            secure=settings.secure,
        )

    def latest_snapshot(self) -> str | None:
        """Return the newest timestamp directory under the prefix."""
        prefix = self.settings.prefix.rstrip("/") + "/" if self.settings.prefix else ""
        stamps = sorted(
            obj.object_name[len(prefix):].strip("/")
            for obj in self.client.list_objects(self.settings.bucket, prefix=prefix)
            if obj.is_dir
        )
        return stamps[-1] if stamps else None

    def objects(self, snapshot: str) -> Iterator[BackupObject]:
        prefix = "/".join(p for p in (self.settings.prefix.strip("/"), snapshot) if p) + "/"
        for obj in self.client.list_objects(self.settings.bucket, prefix=prefix, recursive=True):
            rel = obj.object_name[len(prefix):]
            parts = rel.split("/")
            if len(parts) != 3 or not parts[2].endswith(".yaml"):
                log.warning("skipping unexpected object %s", obj.object_name)
                continue
            response = self.client.get_object(self.settings.bucket, obj.object_name)
            try:
                manifest = yaml.safe_load(response.read())
            except yaml.YAMLError as exc:
                log.error("cannot parse %s: %s", obj.object_name, exc)
                continue
            finally:
                response.close()
                response.release_conn()
            yield BackupObject(parts[0], parts[1], parts[2][:-5], manifest)
