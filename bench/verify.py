#!/usr/bin/env python3
"""Accuracy of `gapscope verify` on real gap analyses and status reports, against hand labels.

    python3 bench/verify.py layout                  # lay out every labelled document's repository
    python3 bench/verify.py layout OWNER/NAME COMMIT # lay out one (while labelling it)
    python3 bench/verify.py                         # run verify on each document and score it
    python3 bench/verify.py --details               # also list every wrong and missed verdict
    python3 bench/verify.py --compare OLD_BIN       # the same table for another build, side by side

The truth, one file per document, is `bench/verify/truth/*.toml` (format:
bench/verify/LABELLING.md). Repositories are laid out under $GAPSCOPE_VERIFY_CORPUS (default:
`verify-corpus/` beside this checkout) from the bare mirrors the accuracy harness uses. Nothing
of them is committed. Without the corpus the harness says so and exits 0.

Scoring, within each document's labelled windows:
* precision of a verdict: of gapscope's claims with that verdict, the share whose labelled truth
  is the same verdict. An accusation (contradicted, stale plan, out of scope) with no label on
  its line and subject counts as wrong (the labeller found nothing checkable there); a
  confirmation with no label is counted apart ("unlabelled"), not scored;
* claim recall: of the labelled claims the tree can decide (confirmed, contradicted, stale
  plan), the share gapscope extracted at all (same line, matching subject).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accuracy import labelled_main, lay_out_into, slug  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TRUTH = ROOT / "bench" / "verify" / "truth"
VERDICTS = ["contradicted", "confirmed", "stale_plan", "out_of_scope", "unverifiable"]
DECIDABLE = {"confirmed", "contradicted", "stale_plan"}


def corpus_dir() -> Path:
    return Path(os.environ.get("GAPSCOPE_VERIFY_CORPUS", ROOT.parent / "verify-corpus"))


def load_truth() -> list[tuple[str, dict]]:
    out = []
    for f in sorted(TRUTH.glob("*.toml")):
        with open(f, "rb") as fh:
            out.append((f.stem, tomllib.load(fh)))
    return out


def lay_out(name: str, commit: str) -> Path | None:
    return lay_out_into(corpus_dir(), name, commit)


def layout(args) -> int:
    if args.repo:
        return 0 if lay_out(args.repo, args.commit) else 1
    failed = 0
    seen = set()
    for _, t in load_truth():
        if (t["repo"], t["commit"]) in seen:
            continue
        seen.add((t["repo"], t["commit"]))
        if lay_out(t["repo"], t["commit"]) is None:
            failed += 1
    return 1 if failed else 0


def norm(subject: str) -> str:
    s = subject.strip().strip("`").strip()
    s = s.split("#L")[0]
    if s.startswith("./"):
        s = s[2:]
    return s.rstrip("/").lower()


PATHISH = {"path", "file_line", "line_range", "line_count"}
GAPSCOPE_KIND = {
    "path": "path",
    "line_count": "line_count",
    "file_line": "file_line",
    "status": "status",
    "percent": "percent",
    "make_target": "make_target",
    "endpoint": "route",
    "port": "port",
    "crd": "crd",
    "count": "count",
    "symbol": "symbol",
    "line_range": "line_range",
}


def subject_of(c: dict) -> str:
    kind = c["kind"]
    if kind in ("path",):
        return c["path"]
    if kind == "line_count":
        return c["path"]
    if kind == "file_line":
        end = c.get("cited_end")
        return f"{c['path']}:{c['cited_line']}" + (f"-{end}" if end else "")
    if kind == "status":
        return c["item"]
    if kind == "percent":
        return c["label"]
    if kind == "make_target":
        return c["name"]
    if kind == "endpoint":
        return c["route"]
    if kind == "port":
        return f"port {c['port']}"
    if kind == "crd":
        return c["resource_kind"]
    if kind == "symbol":
        return c["name"]
    if kind == "count":
        return f"{c['count']} {c['noun']}"
    return c.get("subject", "")


def same_subject(kind: str, ours: str, theirs: str) -> bool:
    a, b = norm(ours), norm(theirs)
    if kind in PATHISH:
        a = a.split(":")[0] if kind != "file_line" and kind != "line_range" else a
        b = b.split(":")[0] if kind != "file_line" and kind != "line_range" else b
        if kind in ("file_line", "line_range"):
            # The file and the first cited line decide; `a.go:10-20` matches `a.go:10`.
            a, b = a.split("-")[0], b.split("-")[0]
        return a == b or a.endswith("/" + b) or b.endswith("/" + a)
    if kind in ("status", "percent", "count"):
        return True
    return a == b or a in b or b in a


def compatible(ours: str, theirs: str) -> bool:
    if ours == theirs:
        return True
    pairs = {("file_line", "line_range"), ("line_range", "file_line"), ("status", "percent"), ("percent", "status")}
    return (ours, theirs) in pairs


def in_windows(line: int, windows: list) -> bool:
    return any(a <= line <= b for a, b in windows)


def run_verify(binary: str, root: Path, document: str) -> dict | None:
    r = subprocess.run(
        [binary, "verify", str(root / document), "--repo", str(root), "--format", "json", "-q"],
        capture_output=True,
    )
    if r.returncode not in (0, 1):
        print(f"{root.name}: verify exited {r.returncode}: {r.stderr.decode(errors='replace')[:400]}", file=sys.stderr)
        return None
    return json.loads(r.stdout)


def score(binary: str, details: bool) -> dict:
    totals = {"verdicts": Counter(), "right": Counter(), "unlabelled": Counter(), "decidable": 0, "extracted": 0}
    rows = []
    for stem, t in load_truth():
        root = corpus_dir() / slug(t["repo"])
        if not (root / t["document"]).exists():
            print(f"{stem}: not laid out (python3 bench/verify.py layout)", file=sys.stderr)
            continue
        out = run_verify(binary, root, t["document"])
        if out is None:
            continue
        windows = t.get("windows", [])
        labels = t.get("claim", [])
        used = set()
        row = {"doc": stem, "verdicts": Counter(), "right": Counter(), "unlabelled": Counter(), "wrong": [], "duplicates": 0}
        for c in out["claims"]:
            line = c["line"]
            if not in_windows(line, windows):
                continue
            kind = GAPSCOPE_KIND.get(c["kind"], c["kind"])
            if kind == "file_line" and c.get("cited_end"):
                kind = "line_range"
            ours = subject_of(c)
            verdict = c["verdict"]
            match = None
            for i, lab in enumerate(labels):
                if i in used or lab["line"] != line or not compatible(kind, lab["kind"]):
                    continue
                if same_subject(lab["kind"], ours, lab["subject"]):
                    match = i
                    break
            if match is None and any(
                lab["line"] == line and same_subject("path", ours, lab["subject"]) for lab in labels
            ):
                # The same subject labelled as another kind of claim (a path and its line
                # count): one labelled claim, read twice; not scored again.
                row["duplicates"] += 1
                continue
            if match is None:
                row["unlabelled"][verdict] += 1
                # An accusation (contradicted, stale plan, out of scope) where the labeller
                # found nothing checkable is a wrong one; a confirmation of something nobody
                # claimed is noise, reported but not scored.
                if verdict in ("contradicted", "stale_plan", "out_of_scope"):
                    row["verdicts"][verdict] += 1
                    row["wrong"].append(f"  line {line}: {kind} {ours!r} → {verdict}, but nothing checkable is labelled there")
                continue
            row["verdicts"][verdict] += 1
            used.add(match)
            truth = labels[match]["truth"]
            if truth == verdict:
                row["right"][verdict] += 1
            else:
                row["wrong"].append(
                    f"  line {line}: {kind} {ours!r} → {verdict}, truth {truth} ({labels[match].get('why', '')})"
                )
        decidable = [i for i, lab in enumerate(labels) if lab["truth"] in DECIDABLE and in_windows(lab["line"], windows)]
        extracted = [i for i in decidable if i in used]
        row["decidable"], row["extracted"] = len(decidable), len(extracted)
        row["missed"] = [
            f"  line {labels[i]['line']}: {labels[i]['kind']} {labels[i]['subject']!r} ({labels[i]['truth']}) not extracted"
            for i in decidable
            if i not in used
        ]
        rows.append(row)
        for k in ("verdicts", "right", "unlabelled"):
            totals[k].update(row[k])
        totals["decidable"] += row["decidable"]
        totals["extracted"] += row["extracted"]
    return {"rows": rows, "totals": totals}


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f} ({a}/{b})" if b else "–"


def print_table(result: dict, details: bool) -> None:
    print("| document | contradicted right | confirmed right | stale plan right | out of scope right | unverifiable | claim recall |")
    print("|---|---|---|---|---|---|---|")
    for row in result["rows"]:
        v, r = row["verdicts"], row["right"]
        print(
            f"| {row['doc']} | {ratio(r['contradicted'], v['contradicted'])} | {ratio(r['confirmed'], v['confirmed'])} | "
            f"{ratio(r['stale_plan'], v['stale_plan'])} | {ratio(r['out_of_scope'], v['out_of_scope'])} | "
            f"{v['unverifiable']} | {ratio(row['extracted'], row['decidable'])} |"
        )
    t = result["totals"]
    v, r = t["verdicts"], t["right"]
    print(
        f"| **all** | {ratio(r['contradicted'], v['contradicted'])} | {ratio(r['confirmed'], v['confirmed'])} | "
        f"{ratio(r['stale_plan'], v['stale_plan'])} | {ratio(r['out_of_scope'], v['out_of_scope'])} | "
        f"{v['unverifiable']} | {ratio(t['extracted'], t['decidable'])} |"
    )
    print(f"\nverdicts on lines with no matching label: {dict(t['unlabelled'])}")
    if details:
        for row in result["rows"]:
            if row["wrong"] or row["missed"]:
                print(f"\n## {row['doc']}")
                for w in row["wrong"]:
                    print(w)
                for m in row["missed"]:
                    print(m)


def main() -> int:
    return labelled_main(__doc__, "verify", "verify.py", load_truth, corpus_dir, layout, score, print_table)


if __name__ == "__main__":
    sys.exit(main())
