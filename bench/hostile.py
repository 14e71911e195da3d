#!/usr/bin/env python3
"""Hostile-input benchmark: generates one tree per reader (a minified JavaScript line, deeply
nested XML, a package.json with a huge dependency list, a manifest of one entry per line, a
Dockerfile of many stages, many Kubernetes manifests, a large .gitignore, a manifest that is
not TOML, a one-line document for `verify`) at several sizes, runs the release binary on
each, and prints the wall time, the peak memory and the growth exponent between the two
largest sizes (log(t2/t1) / log(n2/n1): 1 is linear, 2 quadratic).

Usage: bench/hostile.py [--bin target/release/gapscope] [--scale 1.0] [--only CASE,...]
                        [--timeout 60]
"""

import argparse
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time


def minified_js(root, n):
    # One line of n bytes, no newline: a bundle as a minifier writes it.
    unit = 'var a=function(b){return b+1},c={d:"e",f:[1,2,3]};if(c.d)a(2);'
    text = (unit * (n // len(unit) + 1))[:n]
    with open(os.path.join(root, "bundle.min.js"), "w") as f:
        f.write(text)
    with open(os.path.join(root, "package.json"), "w") as f:
        f.write('{"name": "app", "version": "1.0.0"}\n')


def deep_xml(root, n):
    with open(os.path.join(root, "pom.xml"), "w") as f:
        f.write("<project><modelVersion>4.0.0</modelVersion><artifactId>app</artifactId>")
        f.write("<a>" * n)
        f.write("</a>" * n)
        f.write("</project>\n")


def package_json(root, n):
    deps = ",".join('"dep-%d":"^1.%d.0"' % (i, i) for i in range(n))
    with open(os.path.join(root, "package.json"), "w") as f:
        f.write('{"name":"app","version":"1.0.0","dependencies":{%s}}' % deps)


def manifest_lines(root, n):
    lines = ['  "dep-%d": "^1.%d.0"' % (i, i) for i in range(n)]
    with open(os.path.join(root, "package.json"), "w") as f:
        f.write('{\n "name": "app",\n "dependencies": {\n' + ",\n".join(lines) + "\n }\n}\n")
    with open(os.path.join(root, "requirements.txt"), "w") as f:
        f.write("".join("pkg-%d==1.%d\n" % (i, i) for i in range(n)))


def dockerfile_stages(root, n):
    with open(os.path.join(root, "Dockerfile"), "w") as f:
        for i in range(n):
            f.write("FROM alpine:3.19 AS s%d\nRUN echo %d\n" % (i, i))
        f.write("COPY --from=s0 /x /x\n")


def k8s_manifests(root, n):
    d = os.path.join(root, "deploy")
    os.makedirs(d)
    per_file = 50
    for start in range(0, n, per_file):
        docs = []
        for i in range(start, min(n, start + per_file)):
            docs.append(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-%d\n"
                "spec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: app-%d\n"
                "  template:\n    metadata:\n      labels:\n        app: app-%d\n"
                "    spec:\n      containers:\n        - name: app\n"
                "          image: registry.example/app:%d\n" % (i, i, i, i)
            )
        with open(os.path.join(d, "m%05d.yaml" % start), "w") as f:
            f.write("---\n".join(docs))


def gitignore(root, n):
    with open(os.path.join(root, ".gitignore"), "w") as f:
        f.write("".join("build-%d/**/*.tmp%d\n" % (i, i) for i in range(n)))
    for i in range(20):
        with open(os.path.join(root, "f%d.py" % i), "w") as f:
            f.write("print(%d)\n" % i)


def toml_garbage(root, n):
    # Text that is not TOML under a TOML manifest name: the parser recovers with an error
    # every few bytes.
    with open(os.path.join(root, "pyproject.toml"), "w") as f:
        f.write("<project>" + "<a>" * n + "</project>\n")


def verify_line(root, n):
    with open(os.path.join(root, "STATUS.md"), "w") as f:
        unit = "`src/x%d.py` done; "
        out = []
        size = 0
        i = 0
        while size < n:
            s = unit % i
            out.append(s)
            size += len(s)
            i += 1
        f.write("# Status\n" + "".join(out) + "\n")


# name → (generator, command, sizes)
CASES = {
    "minified-js": (minified_js, "analyze", [500_000, 1_000_000, 2_000_000, 4_000_000]),
    "deep-xml": (deep_xml, "analyze", [20_000, 40_000, 80_000, 160_000]),
    "package-json": (package_json, "analyze", [25_000, 50_000, 100_000, 200_000]),
    "manifest-lines": (manifest_lines, "scan", [10_000, 20_000, 40_000, 80_000]),
    "dockerfile-stages": (dockerfile_stages, "analyze", [12_500, 25_000, 50_000, 100_000]),
    "k8s-manifests": (k8s_manifests, "analyze", [1_000, 2_000, 4_000, 8_000]),
    "gitignore": (gitignore, "scan", [10_000, 20_000, 40_000, 80_000]),
    "toml-garbage": (toml_garbage, "scan", [40_000, 80_000, 160_000, 320_000]),
    "verify-line": (verify_line, "verify", [8_000_000, 16_000_000, 32_000_000, 60_000_000]),
}


def run(binary, command, root, timeout):
    if command == "verify":
        args = [binary, "verify", os.path.join(root, "STATUS.md"), "--repo", root, "-q"]
    else:
        args = [binary, command, root, "--format", "json", "-q"]
    time_v = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)
    if time_v:
        args = [time_v, "-v"] + args
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    try:
        proc = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None, "timeout"
    elapsed = time.monotonic() - start
    peak_kib = None
    stderr = proc.stderr.decode("utf-8", "replace")
    for line in stderr.splitlines():
        if "Maximum resident set size" in line:
            peak_kib = int(line.split(":")[-1].strip())
    if peak_kib is None:
        # Children's peak so far: an upper bound when an earlier child was larger.
        peak_kib = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return elapsed, peak_kib / 1024.0, "exit %d" % proc.returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default="target/release/gapscope")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size")
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    only = [c for c in args.only.split(",") if c]
    results = []
    for name, (generate, command, sizes) in CASES.items():
        if only and name not in only:
            continue
        rows = []
        for size in sizes:
            n = max(1, int(size * args.scale))
            with tempfile.TemporaryDirectory(prefix="gapscope-hostile-") as root:
                generate(root, n)
                elapsed, peak, status = run(binary, command, root, args.timeout)
            rows.append((n, elapsed, peak, status))
            line = "%-18s %10d  %8s  %8s  %s" % (
                name, n,
                "-" if elapsed is None else "%.2fs" % elapsed,
                "-" if peak is None else "%.0fMB" % peak,
                status,
            )
            print(line, flush=True)
            if elapsed is None:
                break  # larger sizes would time out too
        timed = [r for r in rows if r[1] is not None]
        exponent = None
        if len(timed) >= 2:
            (n1, t1, _, _), (n2, t2, _, _) = timed[-2], timed[-1]
            # Below 50 ms, start-up dominates; the floor keeps the exponent meaningful.
            t1, t2 = max(t1, 0.05), max(t2, 0.05)
            exponent = math.log(t2 / t1) / math.log(n2 / n1)
        print("%-18s growth exponent: %s%s" % (
            name,
            "-" if exponent is None else "%.2f" % exponent,
            "" if len(timed) == len(rows) else " (largest sizes timed out)",
        ), flush=True)
        results.append({"case": name, "command": command, "exponent": exponent,
                         "runs": [{"size": n, "seconds": t, "peak_mb": p, "status": s}
                                  for n, t, p, s in rows]})
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        print()


if __name__ == "__main__":
    main()
