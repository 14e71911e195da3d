"""Clean backed-up objects and lay them out as a GitOps tree."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Iterable

import yaml

from .config.manager import GeneratorSettings
from .reader import BackupObject

SERVER_FIELDS = ("uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink")


def clean_manifest(manifest: dict, drop_annotations: Iterable[str]) -> dict:
    """Remove fields that the API server owns so the manifest can be re-applied."""
    out = copy.deepcopy(manifest)
    out.pop("status", None)
    meta = out.setdefault("metadata", {})
    for f in SERVER_FIELDS:
        meta.pop(f, None)
    annotations = meta.get("annotations") or {}
    for a in drop_annotations:
        annotations.pop(a, None)
    if annotations:
        meta["annotations"] = annotations
    else:
        meta.pop("annotations", None)
    if out.get("kind") == "Service":
        spec = out.get("spec", {})
        spec.pop("clusterIP", None)
        spec.pop("clusterIPs", None)
    return out


def target_path(root: Path, obj: BackupObject, layout: str) -> Path:
    if layout == "kind":
        return root / obj.kind / obj.namespace / f"{obj.name}.yaml"
    return root / obj.namespace / obj.kind / f"{obj.name}.yaml"


def write_tree(root: Path, objects: Iterable[BackupObject], settings: GeneratorSettings) -> list[Path]:
    written = []
    for obj in objects:
        path = target_path(root, obj, settings.layout)
        path.parent.mkdir(parents=True, exist_ok=True)
        cleaned = clean_manifest(obj.manifest, settings.drop_annotations)
        path.write_text(yaml.safe_dump(cleaned, sort_keys=False), encoding="utf-8")
        written.append(path)
    return sorted(written)
