#!/usr/bin/env python3
"""Benchmark `gapscope scan` against tokei (and ripgrep, where installed) on the same trees, and
`gapscope analyze` (built-in profile, code facts: stubs parsed with tree-sitter, routes, imports,
secrets) against `scan`.

For each tree: one warm-up run of every tool, then RUNS timed runs each (interleaved), wall time
and peak resident memory from /usr/bin/time. Prints medians and the gapscope/tokei ratios, then
compares per-language line counts (files, code, comments, blanks, as tokei's language rows count
them) and reports the largest relative difference.

Usage: bench/compare.py [--runs N] [--gapscope PATH] [TREE ...]
Default trees: the standard library directory of this machine's python3, and the cargo registry
sources (~/.cargo/registry/src).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile

# tokei has no size limit; gapscope's default skips files over 4 MiB. For the line-count
# comparison both must read the same files, so gapscope gets a limit no file reaches.
SAME_FILES = ["--max-file-size", "1G"]


def timed(cmd):
    """Runs cmd, returns (wall seconds, peak RSS in KiB, stdout bytes)."""
    with tempfile.NamedTemporaryFile("r") as t:
        proc = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", "-o", t.name] + cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        if proc.returncode != 0:
            sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}")
        wall, rss = t.read().split()[-2:]
        return float(wall), int(rss), proc.stdout


def tool_commands(gapscope, tree):
    tools = {
        "gapscope": [gapscope, "scan", "--quiet", "--format", "json", tree],
        "analyze": [gapscope, "analyze", "--quiet", "--format", "json", tree],
        "tokei": ["tokei", "--hidden", "-o", "json", tree],
    }
    if shutil.which("rg"):
        # ripgrep reading every file it would search: a floor for walk + read.
        tools["rg"] = ["rg", "--hidden", "--count-matches", "--no-messages", "-e", "\n", "--multiline", tree]
    return tools


def language_totals_tokei(data, tree, skipped):
    """tokei's language rows, less the files gapscope reported as skipped (binary: tokei
    counts e.g. a zip archive with a shell-script header as BASH)."""
    out = {}
    excluded = 0
    for lang, stats in data.items():
        if lang == "Total":
            continue
        code, comments, blanks = stats["code"], stats["comments"], stats["blanks"]
        files = len(stats.get("reports", []))
        for r in stats.get("reports", []):
            if os.path.relpath(r["name"], tree) in skipped:
                excluded += 1
                files -= 1
                code -= r["stats"]["code"]
                comments -= r["stats"]["comments"]
                blanks -= r["stats"]["blanks"]
        if files:
            out[lang] = (files, code, comments, blanks)
    return out, excluded


def language_totals_gapscope(data):
    return {
        lang: (s["files"], s["code"], s["comments"], s["blanks"])
        for lang, s in data["languages"].items()
    }


def tokei_name(name):
    # tokei's JSON uses enum variant names; its library names are display names.
    return name.replace(" ", "").replace("-", "").replace("+", "Plus").replace("#", "Sharp").replace("*", "Star").lower()


def compare_counts(gapscope, tree):
    _, _, g = timed([gapscope, "scan", "--quiet", "--format", "json", *SAME_FILES, tree])
    _, _, t = timed(["tokei", "--hidden", "-o", "json", tree])
    g = json.loads(g)
    skipped = {s["path"] for s in g["skipped"]}
    tokei_totals, excluded = language_totals_tokei(json.loads(t), tree, skipped)
    if excluded:
        print(f"  ({excluded} files tokei counts were skipped by gapscope, binary: left out of both)")
    gs = {tokei_name(k): (k, v) for k, v in language_totals_gapscope(g).items()}
    tk = {tokei_name(k): (k, v) for k, v in tokei_totals.items()}
    worst = 0.0
    rows = []
    for key in sorted(set(gs) | set(tk), key=lambda k: -(tk.get(k, (0, (0, 0, 0, 0)))[1][1])):
        name = (gs.get(key) or tk.get(key))[0]
        a = gs.get(key, (name, (0, 0, 0, 0)))[1]
        b = tk.get(key, (name, (0, 0, 0, 0)))[1]
        diffs = []
        for x, y in zip(a[1:], b[1:]):
            diffs.append(0.0 if x == y else abs(x - y) / max(y, 1))
        d = max(diffs)
        worst = max(worst, d)
        rows.append((name, a, b, d))
    print(f"  {'language':<20} {'gapscope files/code/comments/blanks':>40} {'tokei':>40}  diff")
    shown = [r for r in rows if r[3] > 0] or rows[:5]
    for name, a, b, d in shown[:15]:
        fa = "/".join(str(x) for x in a)
        fb = "/".join(str(x) for x in b)
        print(f"  {name:<20} {fa:>40} {fb:>40}  {d:.3%}")
    print(f"  ({len(rows)} languages; {sum(1 for r in rows if r[3] == 0)} agree exactly)")
    print(f"  largest per-language difference: {worst:.3%} ({'within' if worst <= 0.01 else 'OVER'} 1%)")
    return worst


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-counts", action="store_true", help="timings only, no line-count comparison")
    ap.add_argument("--gapscope", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "gapscope"))
    ap.add_argument("trees", nargs="*")
    args = ap.parse_args()
    have_tokei = shutil.which("tokei") is not None
    if not have_tokei:
        print("tokei is not installed (cargo install tokei --locked): timing gapscope scan and analyze only")
    trees = args.trees or [
        sysconfig.get_paths()["stdlib"],
        os.path.expanduser("~/.cargo/registry/src"),
    ]
    worst_ratio = 0.0
    for tree in trees:
        if not os.path.isdir(tree):
            print(f"skipping {tree}: not a directory")
            continue
        nfiles = sum(len(f) for _, _, f in os.walk(tree))
        print(f"\n== {tree} ({nfiles} files)")
        tools = tool_commands(args.gapscope, tree)
        if not have_tokei:
            del tools["tokei"]
        for cmd in tools.values():
            timed(cmd)  # warm the page cache
        results = {name: [] for name in tools}
        for _ in range(args.runs):
            for name, cmd in tools.items():
                wall, rss, _ = timed(cmd)
                results[name].append((wall, rss))
        med = {
            name: (statistics.median(w for w, _ in r), statistics.median(m for _, m in r))
            for name, r in results.items()
        }
        for name, (wall, rss) in med.items():
            print(f"  {name:<9} wall {wall:6.2f} s   peak RSS {rss / 1024:7.1f} MiB   (median of {args.runs})")
        g = med["gapscope"]
        if have_tokei:
            t = med["tokei"]
            ratio_wall = g[0] / max(t[0], 1e-9)
            ratio_mem = g[1] / max(t[1], 1)
            worst_ratio = max(worst_ratio, ratio_wall)
            print(f"  ratio gapscope/tokei: wall {ratio_wall:.2f}, peak memory {ratio_mem:.2f}")
        if "rg" in med:
            print(f"  ratio gapscope/rg:    wall {g[0] / max(med['rg'][0], 1e-9):.2f}")
        a = med["analyze"]
        print(f"  ratio analyze/scan:   wall {a[0] / max(g[0], 1e-9):.2f}, peak memory {a[1] / max(g[1], 1):.2f} (goal: wall <= 2)")
        if have_tokei and not args.no_counts:
            print("  line counts (gapscope with --max-file-size 1G, so both read the same files):")
            compare_counts(args.gapscope, tree)


if __name__ == "__main__":
    main()
