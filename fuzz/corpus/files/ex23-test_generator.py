from pathlib import Path

import yaml

from minio_to_git.config.manager import GeneratorSettings
from minio_to_git.generator import clean_manifest, write_tree
from minio_to_git.reader import BackupObject

FIXTURE = Path(__file__).parent / "fixtures" / "deployment-backup.yaml"


def load_fixture():
    return yaml.safe_load(FIXTURE.read_text())


def test_clean_removes_server_fields():
    cleaned = clean_manifest(load_fixture(), ["kubectl.kubernetes.io/last-applied-configuration"])
    assert "status" not in cleaned
    assert "uid" not in cleaned["metadata"]
    assert cleaned["metadata"]["annotations"] == {"team": "storefront"}


def test_write_tree_layout(tmp_path):
    obj = BackupObject("apps", "deployments", "web", load_fixture())
    paths = write_tree(tmp_path, [obj], GeneratorSettings(layout="namespace"))
    assert paths == [tmp_path / "apps" / "deployments" / "web.yaml"]
    assert yaml.safe_load(paths[0].read_text())["kind"] == "Deployment"
