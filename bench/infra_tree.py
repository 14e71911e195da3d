#!/usr/bin/env python3
"""Benchmark on a Kubernetes- and Helm-heavy tree: generates CHARTS Helm charts (templated
Deployment, Service, PodDisruptionBudget and HPA each, with values.yaml) and MANIFESTS plain
multi-document manifests with Kustomize overlays, then times `gapscope scan` and
`gapscope analyze` on it (median of RUNS after a warm-up), prints the analyze/scan ratio, and
checks that every generated Kubernetes object was read.

Usage: bench/infra_tree.py [--charts N] [--manifests N] [--runs N] [--keep DIR]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  selector:
    matchLabels:
      app: NAME
  template:
    metadata:
      labels:
        app: NAME
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: NAME
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          ports:
            - containerPort: 8080
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
          readinessProbe:
            httpGet: {path: /readyz, port: 8080}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
"""

SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: {{ include "app.fullname" . }}
spec:
  selector:
    app: NAME
  ports:
    - port: 80
      targetPort: 8080
"""

PDB = """{{- if gt (int .Values.replicaCount) 1 }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "app.fullname" . }}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: NAME
{{- end }}
"""

HPA = """apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "app.fullname" . }}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: NAME}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
"""

VALUES = """replicaCount: 2
image:
  repository: ghcr.io/acme/NAME
  tag: 1.2.3
autoscaling:
  enabled: false
  minReplicas: 2
  maxReplicas: 5
resources:
  requests: {cpu: 100m, memory: 128Mi}
  limits: {cpu: 500m, memory: 256Mi}
"""

PLAIN = """apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: NAME-db
  namespace: NS
spec:
  replicas: 1
  selector:
    matchLabels: {app: NAME-db}
  template:
    metadata:
      labels: {app: NAME-db}
    spec:
      containers:
        - name: db
          image: postgres:16.3
---
apiVersion: v1
kind: Service
metadata:
  name: NAME-db
  namespace: NS
spec:
  selector: {app: NAME-db}
  ports: [{port: 5432}]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: NAME-db-backup
  namespace: NS
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: backup
              image: postgres:16.3
              command: ["sh", "-c", "pg_dump -h NAME-db > /backup/dump.sql"]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: NAME-default-deny
  namespace: NS
spec:
  podSelector: {}
  policyTypes: [Ingress]
"""

OBJECTS_PER_CHART = 4  # Deployment, Service, PDB, HPA
OBJECTS_PER_MANIFEST = 4


def generate(root, charts, manifests):
    for i in range(charts):
        name = f"svc{i:05d}"
        d = os.path.join(root, "charts", name)
        os.makedirs(os.path.join(d, "templates"))
        with open(os.path.join(d, "Chart.yaml"), "w") as f:
            f.write(f"apiVersion: v2\nname: {name}\nversion: 0.1.{i}\nappVersion: 1.2.3\n")
        with open(os.path.join(d, "values.yaml"), "w") as f:
            f.write(VALUES.replace("NAME", name))
        for fname, text in [("deployment.yaml", DEPLOYMENT), ("service.yaml", SERVICE), ("pdb.yaml", PDB), ("hpa.yaml", HPA)]:
            with open(os.path.join(d, "templates", fname), "w") as f:
                f.write(text.replace("NAME", name))
        with open(os.path.join(d, "templates", "_helpers.tpl"), "w") as f:
            f.write('{{- define "app.fullname" -}}{{ .Chart.Name }}{{- end }}\n')
    for i in range(manifests):
        name = f"store{i:05d}"
        d = os.path.join(root, "deploy", "base", name)
        os.makedirs(d)
        with open(os.path.join(d, "store.yaml"), "w") as f:
            f.write(PLAIN.replace("NAME", name).replace("NS", f"team{i % 50}"))
        with open(os.path.join(d, "kustomization.yaml"), "w") as f:
            f.write("resources:\n  - store.yaml\n")
    for env in ["dev", "qa", "staging", "prod"]:
        d = os.path.join(root, "deploy", "overlays", env)
        os.makedirs(d)
        with open(os.path.join(d, "kustomization.yaml"), "w") as f:
            f.write(f"namespace: {env}\nresources:\n  - ../../base\n")
    return charts * OBJECTS_PER_CHART + manifests * OBJECTS_PER_MANIFEST


def timed(cmd):
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return wall, proc.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--charts", type=int, default=3000)
    ap.add_argument("--manifests", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep")
    ap.add_argument("--gapscope", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "gapscope"))
    args = ap.parse_args()
    root = args.keep or tempfile.mkdtemp(prefix="gapscope-infra-")
    if args.keep and os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(root, exist_ok=True)
    expected = generate(root, args.charts, args.manifests)
    nfiles = sum(len(f) for _, _, f in os.walk(root))
    print(f"tree: {root}: {args.charts} charts, {args.manifests} manifest sets, {nfiles} files, {expected} Kubernetes objects")

    scan = [args.gapscope, "scan", "-q", "--format", "json", root]
    analyze = [args.gapscope, "analyze", "-q", "--format", "json", root]
    timed(scan)
    timed(analyze)
    ts, ta = [], []
    for _ in range(args.runs):
        ts.append(timed(scan)[0])
        ta.append(timed(analyze)[0])
    s, a = statistics.median(ts), statistics.median(ta)
    print(f"scan     {s:6.2f} s (median of {args.runs})")
    print(f"analyze  {a:6.2f} s (median of {args.runs})")
    print(f"ratio analyze/scan: {a / s:.2f}")

    _, out = timed(scan)
    inv = json.loads(out)
    objects = inv["infra"].get("k8s_objects", [])
    templated = sum(1 for o in objects if o.get("templated"))
    print(f"objects read: {len(objects)} of {expected} ({templated} from Helm templates); "
          f"charts {len(inv['infra'].get('helm_charts', []))}, kustomizations {len(inv['infra'].get('kustomizations', []))}, "
          f"notes {len(inv['notes'])}, skipped {len(inv['skipped'])}")
    if len(objects) != expected:
        print("NOT every manifest was read", file=sys.stderr)
        sys.exit(1)
    _, out = timed(analyze)
    analysis = json.loads(out)
    print(f"analysis: {len(analysis['findings'])} findings, {len(analysis['workloads'])} workloads, "
          f"{len(analysis['environments'])} environments, completion {analysis['completion']['percent']}%")
    if not args.keep:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
