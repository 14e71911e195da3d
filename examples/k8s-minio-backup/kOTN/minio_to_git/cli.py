"""Command line entry point: minio-to-git --config config.yaml"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .config import ConfigError, ConfigManager
from .generator import write_tree
from .git_writer import commit_tree
from .reader import BackupReader


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="minio-to-git")
    parser.add_argument("--config", default="config.yaml")
    parser.add_argument("--snapshot", help="timestamp to use (default: newest)")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)

    try:
        cfg = ConfigManager(args.config).load()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    reader = BackupReader(cfg.minio)
    snapshot = args.snapshot or reader.latest_snapshot()
    if snapshot is None:
        print("error: no backup snapshot found", file=sys.stderr)
        return 1

    root = Path(cfg.git.repo_path)
    paths = write_tree(root, reader.objects(snapshot), cfg.generator)
    logging.info("generated %d manifests from snapshot %s", len(paths), snapshot)
    if args.dry_run:
        return 0
    sha = commit_tree(cfg.git, paths, f"Sync from backup {snapshot}")
    if sha:
        logging.info("committed %s", sha)
    return 0


if __name__ == "__main__":
    sys.exit(main())
