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


def lay_out_into(out: Path, name: str, commit: str) -> Path | None:
    """Lays `name` out at `commit` under `out` (kept when already there), for the harnesses of
    labelled documents (bench/verify.py, bench/design.py)."""
    dest = out / slug(name)
    meta = out / ".meta"
    meta.mkdir(parents=True, exist_ok=True)
    stamp = meta / (slug(name) + ".commit")
    if stamp.exists() and stamp.read_text().strip() == commit and dest.exists():
        return dest
    git_dir = mirror_of(name)
    if git_dir is None:
        print(f"{name}: no mirror (fetch github:{name} first)", file=sys.stderr)
        return None
    if dest.exists():
        subprocess.run(["rm", "-rf", str(dest)], check=True)
    dest.mkdir(parents=True)
    missing = extract_tree(git_dir, commit, dest)
    if missing is None:
        print(f"{name}: commit {commit} is not in {git_dir}", file=sys.stderr)
        return None
    stamp.write_text(commit + "\n")
    print(f"{name}: laid out at {commit[:12]} in {dest}" + (f" ({len(missing)} large blobs absent)" if missing else ""))
    return dest


def labelled_main(doc: str, what: str, script: str, load_truth, corpus_dir, layout, score, print_table) -> int:
    """The command line of a harness of labelled documents (bench/verify.py, bench/design.py):
    `layout [OWNER/NAME COMMIT]`, or score with `--gapscope`, `--compare OLD`, `--details`."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", nargs="?", default="score", choices=["score", "layout"])
    ap.add_argument("repo", nargs="?")
    ap.add_argument("commit", nargs="?")
    ap.add_argument("--gapscope", default=str(Path(__file__).resolve().parent.parent / "target" / "release" / "gapscope"))
    ap.add_argument("--compare")
    ap.add_argument("--details", action="store_true")
    args = ap.parse_args()
    if args.command == "layout":
        return layout(args)
    if not load_truth():
        print(f"no truth files in bench/{what}/truth; nothing to score")
        return 0
    if not corpus_dir().exists():
        print(f"no {what} corpus at {corpus_dir()} (python3 bench/{script} layout); nothing to score")
        return 0
    if args.compare:
        print(f"### {args.compare}\n")
        print_table(score(args.compare, False), False)
        print(f"\n### {args.gapscope}\n")
    print_table(score(args.gapscope, args.details), args.details)
    return 0


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



# ---------------------------------------------------------------------------------------------
# Scoring

STATUS_ORDER = ["met", "partial", "missing", "not_applicable", "unknown"]
OPEN = {"missing", "partial"}
PRIORITY = {}  # requirement id -> priority, from `gapscope rules`


def ensure_binary(args) -> str:
    if args.gapscope:
        return args.gapscope
    r = subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    if r.returncode != 0:
        sys.exit("cargo build --release failed")
    return str(ROOT / "target" / "release" / "gapscope")


def run_analyze(binary: str, tree: Path, out_dir: Path | None, tag: str) -> tuple[dict, float]:
    """Runs `analyze` on a laid-out repository; returns its JSON and the wall time."""
    import time

    start = time.monotonic()
    r = subprocess.run([binary, "analyze", "-q", "--format", "json", str(tree)], capture_output=True)
    wall = time.monotonic() - start
    if r.returncode not in (0, 1):
        raise RuntimeError(f"{tree}: gapscope exited {r.returncode}: {r.stderr.decode(errors='replace')[:500]}")
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / f"{tree.name}.{tag}.json").write_bytes(r.stdout)
    return json.loads(r.stdout), wall


def span_of(path_line: str) -> tuple[str, int, int]:
    path, _, lines = path_line.partition(":")
    if not lines:
        return path, 0, 0
    a, _, b = lines.partition("-")
    return path, int(a), int(b or a)


def match_stubs(found: list[dict], labels: list[dict]) -> tuple[list, list, list]:
    """Pairs each reported stub with the labelled candidate it falls on (same file, lines
    overlapping); returns (pairs, unlabelled reports, labels not reported)."""
    pairs, unlabelled, used = [], [], set()
    for s in found:
        hit = None
        for i, t in enumerate(labels):
            if t["path"] != s["path"]:
                continue
            t_end = t.get("end_line", t["line"])
            if s["start_line"] <= t_end and t["line"] <= s["end_line"]:
                hit = i
                break
        if hit is None:
            unlabelled.append(s)
        else:
            pairs.append((s, labels[hit]))
            used.add(hit)
    missed = [t for i, t in enumerate(labels) if i not in used]
    return pairs, unlabelled, missed


def precision_recall(tp: int, fp: int, fn: int) -> tuple[float | None, float | None]:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    return p, r


def fmt(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def score_repo(repo: dict, truth: dict, analysis: dict) -> dict:
    findings = {f["requirement"]: f for f in analysis["findings"]}
    rows = []
    for t in truth["requirement"]:
        f = findings.get(t["id"])
        got = f["status"] if f else "absent"
        rows.append(
            {
                "id": t["id"],
                "truth": t["status"],
                "got": got,
                "priority": PRIORITY.get(t["id"], "?"),
                "confidence": f["confidence"] if f else None,
                "reason": t.get("reason", ""),
                "truth_evidence": t.get("evidence", []),
                "got_evidence": [
                    f"{e['path']}:{e['start_line']}" for e in (f["evidence"] + f["weak_evidence"] + f["against"])
                ]
                if f
                else [],
                "code": f.get("code") if f else None,
            }
        )
    agree = sum(r["truth"] == r["got"] for r in rows)
    false_open_high = [
        r for r in rows if r["got"] in OPEN and r["priority"] in ("critical", "high") and r["truth"] in ("met", "not_applicable")
    ]
    false_met = [r for r in rows if r["got"] == "met" and r["truth"] != "met"]
    by_conf = {}
    for r in rows:
        if r["confidence"]:
            c = by_conf.setdefault(r["confidence"], [0, 0])
            c[0] += r["truth"] == r["got"]
            c[1] += 1

    labels = truth.get("stub", [])
    impl_labels = [t for t in labels if t["label"] in ("stub", "not_stub")]
    test_labels = [t for t in labels if t["label"] in ("empty_test", "test_ok")]
    reported = analysis.get("stubs", [])
    impl_found = [s for s in reported if s["kind"] != "test_without_assertion" and s.get("role") == "source"]
    test_found = [s for s in reported if s["kind"] == "test_without_assertion"]
    stub_pairs, stub_unlabelled, stub_missed = match_stubs(impl_found, impl_labels)
    tp = sum(1 for _, t in stub_pairs if t["label"] == "stub")
    fp = sum(1 for _, t in stub_pairs if t["label"] != "stub")
    found_real = {id(t) for _, t in stub_pairs if t["label"] == "stub"}
    fn = sum(1 for t in impl_labels if t["label"] == "stub" and id(t) not in found_real)
    test_pairs, test_unlabelled, _ = match_stubs(test_found, test_labels)
    ttp = sum(1 for _, t in test_pairs if t["label"] == "empty_test")
    tfp = sum(1 for _, t in test_pairs if t["label"] != "empty_test")
    found_empty = {id(t) for _, t in test_pairs if t["label"] == "empty_test"}
    tfn = sum(1 for t in test_labels if t["label"] == "empty_test" and id(t) not in found_empty)

    sec_labels = truth.get("secret", [])
    sec_found = analysis.get("secrets", [])
    spos, sneg, sunlabelled, found_pos = 0, 0, [], set()
    for s in sec_found:
        e = s["evidence"]
        hit = next(
            (t for t in sec_labels if t["path"] == e["path"] and abs(t["line"] - e["start_line"]) <= 1),
            None,
        )
        if hit is None:
            sunlabelled.append(s)
        elif hit["label"] in ("secret", "demo_default"):
            spos += 1
            found_pos.add(id(hit))
        else:
            sneg += 1
    sfn = sum(1 for t in sec_labels if t["label"] in ("secret", "demo_default") and id(t) not in found_pos)
    real_secrets = [t for t in sec_labels if t["label"] == "secret"]
    return {
        "rows": rows,
        "agree": agree,
        "n": len(rows),
        "false_open_high": false_open_high,
        "false_met": false_met,
        "by_conf": by_conf,
        "stub": (tp, fp, fn, len(stub_unlabelled)),
        "stub_unlabelled": stub_unlabelled,
        "test": (ttp, tfp, tfn, len(test_unlabelled)),
        "test_unlabelled": test_unlabelled,
        "secret": (spos, sneg, sfn, len(sunlabelled)),
        "secret_unlabelled": sunlabelled,
        "real_secrets_found": sum(1 for t in real_secrets if id(t) in found_pos),
        "real_secrets": len(real_secrets),
    }


def evidence_sample(result: dict, repo: str, k: int) -> list[dict]:
    """A deterministic sample of the evidence shown for met and partial findings: what a
    reader judges (bench/accuracy/evidence/*.toml) to count evidence that does not support
    its finding."""
    import hashlib

    items = []
    for r in result["rows"]:
        if r["got"] not in ("met", "partial"):
            continue
        for e in r["got_evidence"]:
            h = hashlib.sha256(f"{repo} {r['id']} {e}".encode()).hexdigest()
            items.append((h, {"repo": repo, "requirement": r["id"], "status": r["got"], "evidence": e}))
    items.sort()
    return [i for _, i in items[:k]]


def load_evidence_judgements() -> dict:
    out = {}
    for p in sorted((ACC / "evidence").glob("*.toml")) if (ACC / "evidence").exists() else []:
        with open(p, "rb") as f:
            for j in tomllib.load(f).get("judgement", []):
                out[(j["repo"], j["requirement"], j["evidence"])] = j["supports"]
    return out


def score(args) -> int:
    corpus = load_corpus()
    base = corpus_dir()
    present = [r for r in corpus if (base / slug(r["name"])).is_dir() and load_truth(r["name"])]
    if args.repo:
        present = [r for r in present if slug(r["name"]) == slug(args.repo)]
    if not present:
        print(f"accuracy: the corpus is not laid out under {base} (python3 bench/accuracy.py layout); nothing scored")
        return 0
    binary = ensure_binary(args)
    for r in json.loads(subprocess.run([binary, "rules", "--format", "json"], check=True, capture_output=True).stdout):
        PRIORITY[r["id"]] = r["priority"]
    out_dir = Path(args.out) if args.out else None
    judgements = load_evidence_judgements()

    results, old_results, walls = {}, {}, {}
    for repo in present:
        tree = base / slug(repo["name"])
        truth = load_truth(repo["name"])
        analysis, wall = run_analyze(binary, tree, out_dir, "new")
        results[repo["name"]] = score_repo(repo, truth, analysis)
        walls[repo["name"]] = wall
        if args.compare:
            old, _ = run_analyze(args.compare, tree, out_dir, "old")
            old_results[repo["name"]] = score_repo(repo, truth, old)

    print(f"gapscope accuracy on {len(present)} corpus repositories (truth: bench/accuracy/truth/)\n")
    head = f"{'repository':<48} {'agree':>11} {'crit/high':>9} {'false':>5} {'stubs P/R':>11} {'tests P/R':>11} {'secrets P/R':>11} {'time':>6}"
    print(head)
    print(f"{'':<48} {'':>11} {'false gap':>9} {'met':>5}")
    print("-" * len(head))
    tot = {"agree": 0, "n": 0, "foh": 0, "fm": 0, "stub": [0, 0, 0, 0], "test": [0, 0, 0, 0], "secret": [0, 0, 0, 0], "rs": 0, "rsf": 0}
    conf = {}
    for name, res in results.items():
        sp, sr = precision_recall(*res["stub"][:3])
        tp_, tr = precision_recall(*res["test"][:3])
        xp, xr = precision_recall(*res["secret"][:3])
        pct = 100 * res["agree"] / res["n"]
        print(
            f"{name:<48} {res['agree']:>3}/{res['n']:<3} {pct:>3.0f}% {len(res['false_open_high']):>9} {len(res['false_met']):>5} "
            f"{fmt(sp)+'/'+fmt(sr):>11} {fmt(tp_)+'/'+fmt(tr):>11} {fmt(xp)+'/'+fmt(xr):>11} {walls[name]:>5.1f}s"
        )
        tot["agree"] += res["agree"]
        tot["n"] += res["n"]
        tot["foh"] += len(res["false_open_high"])
        tot["fm"] += len(res["false_met"])
        for k in ("stub", "test", "secret"):
            for i in range(4):
                tot[k][i] += res[k][i]
        tot["rs"] += res["real_secrets"]
        tot["rsf"] += res["real_secrets_found"]
        for c, (ok, n) in res["by_conf"].items():
            cc = conf.setdefault(c, [0, 0])
            cc[0] += ok
            cc[1] += n
    print("-" * len(head))
    sp, sr = precision_recall(*tot["stub"][:3])
    tp_, tr = precision_recall(*tot["test"][:3])
    xp, xr = precision_recall(*tot["secret"][:3])
    print(
        f"{'overall':<48} {tot['agree']:>3}/{tot['n']:<3} {100*tot['agree']/tot['n']:>3.0f}% {tot['foh']:>9} {tot['fm']:>5} "
        f"{fmt(sp)+'/'+fmt(sr):>11} {fmt(tp_)+'/'+fmt(tr):>11} {fmt(xp)+'/'+fmt(xr):>11} {sum(walls.values()):>5.1f}s"
    )
    print(
        f"\nstubs: {tot['stub'][0]} real and {tot['stub'][1]} look-alikes reported among the labelled candidates, {tot['stub'][2]} labelled stubs missed, "
        f"{tot['stub'][3]} reported outside the labelled sample"
    )
    print(
        f"tests without assertion: {tot['test'][0]} right, {tot['test'][1]} wrong among labelled, {tot['test'][2]} missed, {tot['test'][3]} outside the sample"
    )
    print(
        f"secrets: {tot['secret'][0]} real or demo credentials and {tot['secret'][1]} non-secrets reported among labelled, {tot['secret'][2]} labelled missed, "
        f"{tot['secret'][3]} outside the labels; live-looking credentials found {tot['rsf']}/{tot['rs']}"
    )
    print("\nconfidence: " + ", ".join(f"{c} {ok}/{n} right ({100*ok/n:.0f}%)" for c, (ok, n) in sorted(conf.items())))

    # Confusion matrix: truth rows × gapscope columns.
    cols = ["met", "partial", "missing", "unknown", "not_applicable", "absent"]
    matrix = {t: {c: 0 for c in cols} for t in STATUS_ORDER}
    for res in results.values():
        for r in res["rows"]:
            matrix[r["truth"]][r["got"] if r["got"] in cols else "absent"] += 1
    print("\nconfusion (rows: truth, columns: gapscope)")
    print(f"{'':<16}" + "".join(f"{c:>15}" for c in cols))
    for t in STATUS_ORDER:
        print(f"{t:<16}" + "".join(f"{matrix[t][c]:>15}" for c in cols))

    # Error kinds: truth → gapscope, most frequent first, with the requirements behind them.
    kinds = {}
    for name, res in results.items():
        for r in res["rows"]:
            if r["truth"] != r["got"]:
                kinds.setdefault((r["truth"], r["got"]), []).append((name, r))
    print("\nerror kinds (truth → gapscope), most frequent first")
    for (t, g), items in sorted(kinds.items(), key=lambda kv: (-len(kv[1]), kv[0]))[: args.kinds]:
        reqs = {}
        for _, r in items:
            reqs[r["id"]] = reqs.get(r["id"], 0) + 1
        top = ", ".join(f"{k} {v}" for k, v in sorted(reqs.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
        name, ex = items[0]
        where = (ex["got_evidence"] or ex["truth_evidence"] or ["—"])[0]
        print(f"  {len(items):>3}  {t} → {g}: {top}")
        print(f"       e.g. {ex['id']} in {name} ({where})")

    if args.details:
        print("\ncritical/high gaps where the truth says met or not applicable")
        for name, res in results.items():
            for r in res["false_open_high"]:
                print(f"  {name}: {r['id']} ({r['priority']}) gapscope {r['got']}, truth {r['truth']}: {r['reason']}")
        print("\nfalse met")
        for name, res in results.items():
            for r in res["false_met"]:
                print(f"  {name}: {r['id']} truth {r['truth']}; gapscope cites {', '.join(r['got_evidence'][:3])}")

    sample = [i for name, res in results.items() for i in evidence_sample(res, name, args.evidence_sample)]
    judged = [(i, judgements.get((i["repo"], i["requirement"], i["evidence"]))) for i in sample]
    known = [j for _, j in judged if j is not None]
    print(
        f"\nevidence (sample of {len(sample)}, {args.evidence_sample} per repository): "
        + (f"{sum(1 for j in known if not j)} of {len(known)} judged items do not support their finding" if known else "none judged yet")
        + (f"; {len(sample) - len(known)} not yet judged" if len(known) < len(sample) else "")
    )
    if args.unjudged:
        with open(args.unjudged, "w") as f:
            for i, j in judged:
                if j is None:
                    f.write(json.dumps(i) + "\n")

    if args.compare:
        print("\nchanges between the two builds (per repository; toward or away from the truth)")
        toward = away = other = 0
        for name, res in results.items():
            old_rows = {r["id"]: r for r in old_results[name]["rows"]}
            lines = []
            for r in res["rows"]:
                o = old_rows[r["id"]]
                if o["got"] == r["got"]:
                    continue
                if r["got"] == r["truth"]:
                    how, toward = "toward", toward + 1
                elif o["got"] == r["truth"]:
                    how, away = "AWAY", away + 1
                else:
                    how, other = "still wrong", other + 1
                lines.append(f"    {r['id']}: {o['got']} → {r['got']} (truth {r['truth']}) {how}")
            o, n = old_results[name]["agree"], res["agree"]
            if lines or o != n:
                print(f"  {name}: agreement {o} → {n}")
                print("\n".join(lines))
        print(f"  total: {toward} toward the truth, {away} away, {other} from one wrong status to another")
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", nargs="?", default="score", choices=["score", "layout", "sheet", "check-truth"])
    p.add_argument("--repo", help="only this corpus repository (owner/name)")
    p.add_argument("--gapscope", help="the gapscope binary (default: target/release/gapscope, built first)")
    p.add_argument("--compare", metavar="OLD_BIN", help="also run this older build and list the findings that changed")
    p.add_argument("--out", metavar="DIR", help="keep each analysis JSON here")
    p.add_argument("--details", action="store_true", help="list every false critical/high gap and false met")
    p.add_argument("--kinds", type=int, default=10, help="how many error kinds to list (default 10)")
    p.add_argument("--evidence-sample", type=int, default=8, help="evidence items sampled per repository (default 8)")
    p.add_argument("--unjudged", metavar="FILE", help="write the sampled evidence items no judgement covers (JSON lines)")
    args = p.parse_args()
    if args.command == "layout":
        return layout(args)
    if args.command == "sheet":
        return sheet(args)
    if args.command == "check-truth":
        return check_truth(args)
    return score(args)


if __name__ == "__main__":
    sys.exit(main())
