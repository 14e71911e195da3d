import pytest

from minio_to_git.config import ConfigError, ConfigManager


def write(tmp_path, text):
    p = tmp_path / "config.yaml"
    p.write_text(text)
    return p


def test_load_valid(tmp_path):
    p = write(tmp_path, "minio: {endpoint: m:9000, bucket: b}\ngit: {repo_path: /tmp/r}\n")
    cfg = ConfigManager(p).load()
    assert cfg.minio.bucket == "b"
    assert cfg.git.branch == "main"


def test_missing_keys(tmp_path):
    p = write(tmp_path, "minio: {endpoint: m:9000}\n")
    with pytest.raises(ConfigError, match="minio.bucket"):
        ConfigManager(p).load()


def test_env_overrides_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("MINIO_SECRET_KEY", "from-env")
    p = write(tmp_path, "minio: {endpoint: m:9000, bucket: b}\ngit: {repo_path: /tmp/r}\n")
    assert ConfigManager(p).load().minio.secret_key == "from-env"


def test_bad_layout(tmp_path):
    p = write(tmp_path, "minio: {endpoint: m, bucket: b}\ngit: {repo_path: r}\ngenerator: {layout: flat}\n")
    with pytest.raises(ConfigError):
        ConfigManager(p).load()
