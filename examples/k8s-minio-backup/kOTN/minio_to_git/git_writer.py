"""Commit a generated tree and optionally push it."""

from __future__ import annotations

import logging
from pathlib import Path

from git import Actor, Repo
from git.exc import GitCommandError

from .config.manager import GitSettings

log = logging.getLogger(__name__)


def commit_tree(settings: GitSettings, paths: list[Path], message: str) -> str | None:
    repo = Repo(settings.repo_path)
    repo.git.checkout(settings.branch)
    repo.index.add([str(p) for p in paths])
    if not repo.index.diff("HEAD"):
        log.info("nothing changed, no commit")
        return None
    author = Actor(settings.author_name, settings.author_email)
    commit = repo.index.commit(message, author=author, committer=author)
    if settings.push:
        try:
            repo.remote(settings.remote).push(settings.branch)
        except GitCommandError as exc:
            log.error("push failed: %s", exc)
            raise
    return commit.hexsha
