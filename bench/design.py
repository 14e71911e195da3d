#!/usr/bin/env python3
"""Accuracy of `gapscope analyze --target DOC.md` on real design documents, against hand labels.

    python3 bench/design.py layout                  # lay out every labelled document's repository
    python3 bench/design.py layout OWNER/NAME COMMIT # lay out one (while labelling it)
    python3 bench/design.py                         # analyze each repository against its document
    python3 bench/design.py --details               # also list every item gapscope got wrong
    python3 bench/design.py --compare OLD_BIN       # the same table for another build, side by side

The truth, one file per document, is `bench/design/truth/*.toml` (format:
bench/design/LABELLING.md). Repositories are laid out under $GAPSCOPE_DESIGN_CORPUS (default:
`design-corpus/` beside this checkout) from the bare mirrors the accuracy harness uses. Nothing
of them is committed. Without the corpus the harness says so and exits 0.

Scoring, within each document's labelled windows:
* right status: of the checkable items (labelled met, partial or missing), the share to which
  gapscope gives the same status on the same line;
* decided right: of the checkable items to which gapscope gives a status (met, partial or
  missing, not unchecked), the share it gets right: how far a status it states can be trusted;
* listed: of all labelled items, the share gapscope lists at all (any item on that line);
* unchecked right: of the items labelled unchecked, the share gapscope also leaves unchecked
  (or calls context), rather than deciding them.
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
TRUTH = ROOT / "bench" / "design" / "truth"
CHECKABLE = {"met", "partial", "missing"}


def corpus_dir() -> Path:
    return Path(os.environ.get("GAPSCOPE_DESIGN_CORPUS", ROOT.parent / "design-corpus"))


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
    failed = sum(1 for _, t in load_truth() if lay_out(t["repo"], t["commit"]) is None)
    return 1 if failed else 0


def in_windows(line: int, windows: list) -> bool:
    return any(lo <= line <= hi for lo, hi in windows)


def run_analyze(binary: str, root: Path, document: str) -> dict | None:
    cmd = [binary, "analyze", str(root), "--target", str(root / document), "--format", "json", "-q"]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if p.returncode not in (0, 1):
        print(f"{root.name}: gapscope exited {p.returncode}: {p.stderr.strip()[:300]}", file=sys.stderr)
        return None
    return json.loads(p.stdout).get("document")


def score(binary: str, details: bool) -> dict:
    rows = []
    totals = Counter()
    confusion = Counter()
    for stem, t in load_truth():
        root = corpus_dir() / slug(t["repo"])
        if not root.exists():
            print(f"{t['repo']}: not laid out (python3 bench/design.py layout)", file=sys.stderr)
            continue
        doc = run_analyze(binary, root, t["document"])
        if doc is None:
            continue
        windows = t.get("windows", [[1, 10**9]])
        ours = {}
        for it in doc["items"]:
            ours.setdefault(it["line"], it)
        row = Counter()
        wrong = []
        for item in t.get("item", []):
            if not in_windows(item["line"], windows):
                continue
            truth = item["status"]
            got = ours.get(item["line"])
            status = got["status"] if got else "absent"
            row["labelled"] += 1
            row["listed"] += got is not None
            if truth in CHECKABLE:
                row["checkable"] += 1
                confusion[(truth, status)] += 1
                row["decided"] += status in CHECKABLE
                if status == truth:
                    row["right"] += 1
                elif details:
                    wrong.append(
                        f"  {item['line']}: {truth} → {status}  {item['text'][:60]!r}"
                        + (f"\n      gapscope: {got['reason'][:160]}" if got else "")
                        + f"\n      truth: {item.get('why', '')[:160]}"
                    )
            elif truth == "unchecked":
                row["unchecked"] += 1
                row["unchecked_right"] += status in ("unchecked", "context", "absent")
        rows.append({"doc": stem, **row, "wrong": wrong})
        for k, v in row.items():
            totals[k] += v
    return {"rows": rows, "totals": totals, "confusion": confusion}


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f} ({a}/{b})" if b else "–"


def print_table(result: dict, details: bool) -> None:
    print("| document | right status (checkable) | decided right | listed | unchecked right |")
    print("|---|---|---|---|---|")
    for r in result["rows"]:
        print(
            f"| {r['doc']} | {ratio(r.get('right', 0), r.get('checkable', 0))} | {ratio(r.get('right', 0), r.get('decided', 0))} | "
            f"{ratio(r.get('listed', 0), r.get('labelled', 0))} | {ratio(r.get('unchecked_right', 0), r.get('unchecked', 0))} |"
        )
    t = result["totals"]
    print(
        f"| **all** | {ratio(t['right'], t['checkable'])} | {ratio(t['right'], t['decided'])} | {ratio(t['listed'], t['labelled'])} | "
        f"{ratio(t['unchecked_right'], t['unchecked'])} |"
    )
    c = result["confusion"]
    print("\ntruth → gapscope: " + ", ".join(f"{a}→{b} {n}" for (a, b), n in sorted(c.items())))
    if details:
        for r in result["rows"]:
            if r["wrong"]:
                print(f"\n## {r['doc']}")
                print("\n".join(r["wrong"]))


def main() -> int:
    return labelled_main(__doc__, "design", "design.py", load_truth, corpus_dir, layout, score, print_table)


if __name__ == "__main__":
    sys.exit(main())
