#!/usr/bin/env python3
"""Accuracy of gapscope on real public repositories, scored against blind-written truth.

    python3 bench/accuracy.py layout            # lay out every corpus repository at its commit
    python3 bench/accuracy.py                   # run gapscope on the corpus and score it
    python3 bench/accuracy.py --compare OLD_BIN # also list the findings two builds disagree on
    python3 bench/accuracy.py sheet             # the requirement sheet labellers read

The corpus is `bench/accuracy/corpus.toml`; the truth, one file per repository, is
`bench/accuracy/truth/OWNER+NAME.toml` (format: bench/accuracy/LABELLING.md). Repositories are
laid out under $GAPSCOPE_CORPUS (default: `corpus/` beside this checkout), from bare mirrors
under $GAPSCOPE_MIRROR (default /work/.mirror, OWNER+NAME/repo) or, failing that, cloned from
GitHub. Nothing of them is committed. Without the corpus the harness says so and exits 0.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACC = ROOT / "bench" / "accuracy"


def corpus_dir() -> Path:
    return Path(os.environ.get("GAPSCOPE_CORPUS", ROOT.parent / "corpus"))


def load_corpus() -> list[dict]:
    with open(ACC / "corpus.toml", "rb") as f:
        return tomllib.load(f)["repo"]


def slug(name: str) -> str:
    return name.replace("/", "+")


def mirror_of(name: str) -> Path | None:
    base = Path(os.environ.get("GAPSCOPE_MIRROR", "/work/.mirror"))
    for cand in (base / slug(name) / "repo", base / (slug(name) + ".git"), base / slug(name)):
        if (cand / "HEAD").exists() or (cand / ".git").exists():
            return cand
    return None


def layout(args) -> int:
    out = corpus_dir()
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for repo in load_corpus():
        dest = out / slug(repo["name"])
        # Kept outside the laid-out tree, so that gapscope reads only the repository's own files.
        meta = out / ".meta"
        meta.mkdir(exist_ok=True)
        stamp = meta / (slug(repo["name"]) + ".commit")
        if stamp.exists() and stamp.read_text().strip() == repo["commit"]:
            print(f"{repo['name']}: laid out at {repo['commit'][:12]}")
            continue
        git_dir = mirror_of(repo["name"])
        if git_dir is None:
            git_dir = out / ".clones" / slug(repo["name"])
            if not git_dir.exists():
                url = f"https://github.com/{repo['name']}.git"
                r = subprocess.run(["git", "clone", "--bare", "--filter=blob:limit=4m", url, str(git_dir)])
                if r.returncode != 0:
                    print(f"{repo['name']}: no mirror and the clone failed", file=sys.stderr)
                    failed += 1
                    continue
        if dest.exists():
            subprocess.run(["rm", "-rf", str(dest)], check=True)
        dest.mkdir(parents=True)
        missing = extract_tree(git_dir, repo["commit"], dest)
        if missing is None:
            print(f"{repo['name']}: commit {repo['commit']} is not in {git_dir}", file=sys.stderr)
            failed += 1
            continue
        if missing:
            # Snapshots leave out files of 4 MiB and more; the truth was written without them too.
            (meta / (slug(repo["name"]) + ".missing")).write_text("".join(m + "\n" for m in missing))
            print(f"{repo['name']}: {len(missing)} blobs absent from the mirror (listed in {meta}/{slug(repo['name'])}.missing)")
        stamp.write_text(repo["commit"] + "\n")
        print(f"{repo['name']}: laid out at {repo['commit'][:12]} in {dest}")
    return 1 if failed else 0


def extract_tree(git_dir: Path, commit: str, dest: Path) -> list[str] | None:
    """Writes the tree of `commit` under `dest`; returns the paths whose blobs the mirror lacks.

    Not `git archive`: it stops at the first absent blob, and mirrors lack large files.
    """
    git = ["git", "--git-dir", str(git_dir)]
    ls = subprocess.run(git + ["ls-tree", "-r", "-z", commit], capture_output=True)
    if ls.returncode != 0:
        return None
    entries = []
    for rec in ls.stdout.split(b"\0"):
        if not rec:
            continue
        meta, path = rec.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob":
            entries.append((mode.decode(), sha.decode(), path.decode("utf-8", "surrogateescape")))
    cat = subprocess.Popen(git + ["cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    missing = []
    for mode, sha, path in entries:
        cat.stdin.write((sha + "\n").encode())
        cat.stdin.flush()
        header = cat.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            missing.append(path)
            continue
        data = cat.stdout.read(int(header[2]))
        cat.stdout.read(1)
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":
            os.symlink(os.fsdecode(data), target)
        else:
            target.write_bytes(data)
            if mode == "100755":
                target.chmod(0o755)
    cat.stdin.close()
    cat.wait()
    return missing


def sheet(args) -> int:
    binary = args.gapscope or str(ROOT / "target" / "release" / "gapscope")
    rules = json.loads(subprocess.run([binary, "rules", "--format", "json"], check=True, capture_output=True).stdout)
    area = None
    print("# Requirements to label (id, priority, title, why it matters)")
    for r in rules:
        if r["area"] != area:
            area = r["area"]
            print(f"\n## {area}\n")
        print(f"- **{r['id']}** ({r['priority']}): {r['title']}. {r['why']}")
    return 0


STATUSES = {"met", "partial", "missing", "not_applicable", "unknown"}
STUB_LABELS = {"stub", "not_stub", "empty_test", "test_ok"}
SECRET_LABELS = {"secret", "demo_default", "placeholder", "not_secret"}


def requirement_ids(binary: str) -> list[str]:
    rules = json.loads(subprocess.run([binary, "rules", "--format", "json"], check=True, capture_output=True).stdout)
    return [r["id"] for r in rules]


def load_truth(name: str) -> dict | None:
    path = ACC / "truth" / (slug(name) + ".toml")
    if not path.exists():
        return None
    with open(path, "rb") as f:
        return tomllib.load(f)


def line_count(path: Path) -> int | None:
    try:
        with open(path, "rb") as f:
            return f.read().count(b"\n") + 1
    except OSError:
        return None


def check_location(tree: Path, loc: str, where: str, problems: list[str]) -> None:
    """`path`, `path:L` or `path:L-M`, with the path inside the laid-out tree and L within it."""
    path, _, lines = loc.partition(":")
    n = line_count(tree / path)
    if n is None:
        problems.append(f"{where}: {path} is not a file of the repository")
        return
    if lines:
        first, _, last = lines.partition("-")
        try:
            first_n, last_n = int(first), int(last or first)
        except ValueError:
            problems.append(f"{where}: {loc}: the line is not a number")
            return
        if not (1 <= first_n <= last_n <= n):
            problems.append(f"{where}: {loc}: outside the file's {n} lines")


def check_truth(args) -> int:
    binary = args.gapscope or str(ROOT / "target" / "release" / "gapscope")
    ids = requirement_ids(binary)
    bad = 0
    for repo in load_corpus():
        if args.repo and slug(args.repo) != slug(repo["name"]):
            continue
        truth = load_truth(repo["name"])
        if truth is None:
            print(f"{repo['name']}: no truth file yet")
            continue
        tree = corpus_dir() / slug(repo["name"])
        problems: list[str] = []
        if truth.get("commit") != repo["commit"]:
            problems.append("commit differs from corpus.toml")
        got = [r.get("id") for r in truth.get("requirement", [])]
        if got != ids:
            missing = [i for i in ids if i not in got]
            extra = [i for i in got if i not in ids]
            problems.append(f"requirements must be every sheet id once, in order (missing {missing}, unknown {extra})")
        for r in truth.get("requirement", []):
            if r.get("status") not in STATUSES:
                problems.append(f"{r.get('id')}: status {r.get('status')!r} is not one of {sorted(STATUSES)}")
            if not r.get("reason"):
                problems.append(f"{r.get('id')}: no reason")
            if tree.exists():
                for loc in r.get("evidence", []):
                    check_location(tree, loc, r.get("id"), problems)
        stubs = truth.get("stub", [])
        for st in stubs:
            where = f"stub {st.get('path')}:{st.get('line')}"
            if st.get("label") not in STUB_LABELS:
                problems.append(f"{where}: label {st.get('label')!r} is not one of {sorted(STUB_LABELS)}")
            if tree.exists():
                check_location(tree, f"{st.get('path')}:{st.get('line')}-{st.get('end_line', st.get('line'))}", where, problems)
        if len(stubs) < 30 and not truth.get("stub_candidates_total"):
            problems.append(f"{len(stubs)} stub candidates: at least 30, or say stub_candidates_total = N when the code has fewer")
        for sec in truth.get("secret", []):
            where = f"secret {sec.get('path')}:{sec.get('line')}"
            if sec.get("label") not in SECRET_LABELS:
                problems.append(f"{where}: label {sec.get('label')!r} is not one of {sorted(SECRET_LABELS)}")
            if tree.exists():
                check_location(tree, f"{sec.get('path')}:{sec.get('line')}", where, problems)
        if not tree.exists():
            problems.append(f"(locations not checked: {tree} is not laid out)")
        status = "ok" if not problems else f"{len(problems)} problem(s)"
        print(f"{repo['name']}: {status}")
        for p in problems:
            print(f"  {p}")
        bad += bool([p for p in problems if not p.startswith("(")])
    return 1 if bad else 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", nargs="?", default="score", choices=["score", "layout", "sheet", "check-truth"])
    p.add_argument("--repo", help="only this corpus repository (owner/name)")
    p.add_argument("--gapscope", help="the gapscope binary (default: target/release/gapscope)")
    args = p.parse_args()
    if args.command == "layout":
        return layout(args)
    if args.command == "sheet":
        return sheet(args)
    if args.command == "check-truth":
        return check_truth(args)
    print("scoring is not written yet", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
