//! Helm charts, read without rendering: `Chart.yaml`, values files (flattened to dotted keys
//! with lines) and templates, whose Go template actions are masked so the YAML around them can
//! still be read with the original line numbers.
//!
//! Masking is an approximation and says so: values inside actions are unknown (a replica count
//! of `{{ .Values.replicaCount }}` reads as absent), lines that are only control flow or
//! includes are dropped, and a template that still does not read as YAML becomes a note.

use memchr::memmem;

use super::looks_like_secret_key;
use super::yaml::{self, truncate, Node, Value};
use crate::extract::{FileFacts, SourceFile};
use crate::facts::infra::{HelmChart, HelmDependency, HelmValue};
use crate::facts::{Evidence, Note};

/// Most keys kept from one values file.
const MAX_VALUES: usize = 5_000;

/// Whether a file is a Helm template: under a `templates/` directory, with template actions.
pub fn is_template(file: &SourceFile<'_>) -> bool {
    (file.path.starts_with("templates/") || file.path.contains("/templates/"))
        && memmem::find(file.text.as_bytes(), b"{{").is_some()
}

pub fn extract_template(file: &SourceFile<'_>, out: &mut FileFacts) {
    let masked = mask_template(file.text);
    let first_note = out.notes.len();
    super::k8s::extract_text(file, &masked, true, out);
    for note in &mut out.notes[first_note..] {
        note.message = format!(
            "Helm template read with its actions masked: {}",
            note.message
        );
    }
}

/// Replaces Go template actions so the text reads as YAML with the same lines: a line that
/// holds only actions (`{{- if … }}`, `{{- end }}`, `{{ include … | nindent 4 }}`) becomes
/// empty; an action among other text becomes a placeholder scalar of the same length.
pub fn mask_template(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut masked = bytes.to_vec();
    // Byte ranges of every action.
    let mut actions: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    while let Some(start) = memmem::find(&bytes[from..], b"{{").map(|i| i + from) {
        let end =
            memmem::find(&bytes[start + 2..], b"}}").map_or(bytes.len(), |i| start + 2 + i + 2);
        actions.push((start, end));
        from = end;
    }
    for &(start, end) in &actions {
        for (k, b) in masked[start..end].iter_mut().enumerate() {
            if *b != b'\n' {
                *b = if k < 4 { b"_TPL"[k] } else { b'_' };
            }
        }
    }
    // Lines with nothing but actions (and spaces) are dropped. Actions are sorted and do not
    // overlap, so one cursor serves every line.
    let mut line_start = 0;
    let mut first = 0;
    for line_end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        while actions.get(first).is_some_and(|a| a.1 <= line_start) {
            first += 1;
        }
        let touching: Vec<(usize, usize)> = actions[first..]
            .iter()
            .take_while(|a| a.0 < line_end)
            .copied()
            .collect();
        if !touching.is_empty() {
            let only_actions = (line_start..line_end).all(|i| {
                bytes[i].is_ascii_whitespace() || touching.iter().any(|&(s, e)| s <= i && i < e)
            });
            if only_actions {
                for b in &mut masked[line_start..line_end] {
                    if *b != b'\n' {
                        *b = b' ';
                    }
                }
            }
        }
        line_start = line_end + 1;
    }
    // Only whole ASCII action ranges and ASCII lines were replaced, by ASCII.
    String::from_utf8(masked).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

pub fn extract_chart(file: &SourceFile<'_>, out: &mut FileFacts) {
    let Some(doc) = yaml::read_documents(file.text, file.path, &mut out.notes)
        .into_iter()
        .next()
    else {
        return;
    };
    let root = &doc.root;
    let Some(name) = root.get("name").and_then(Node::as_str) else {
        out.notes.push(Note::new(
            crate::codes::Code::HelmIncomplete,
            file.path,
            root.line,
            "Chart.yaml without a name; not read",
        ));
        return;
    };
    let text = |key: &str| root.get(key).and_then(Node::as_str).map(str::to_string);
    out.infra.helm_charts.push(HelmChart {
        dir: file.dir().to_string(),
        name: name.to_string(),
        version: text("version"),
        app_version: text("appVersion"),
        dependencies: root
            .get("dependencies")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|d| {
                let field = |key: &str| d.get(key).and_then(Node::as_str).map(str::to_string);
                Some(HelmDependency {
                    name: field("name")?,
                    version: field("version"),
                    repository: field("repository"),
                    condition: field("condition"),
                })
            })
            .collect(),
        evidence: Evidence::lines(file.path, file.role, root.line, root.end_line),
    });
}

pub fn extract_values(file: &SourceFile<'_>, out: &mut FileFacts) {
    let Some(doc) = yaml::read_documents(file.text, file.path, &mut out.notes)
        .into_iter()
        .next()
    else {
        return;
    };
    let mut values = Vec::new();
    let mut truncated = false;
    flatten(file, &doc.root, String::new(), &mut values, &mut truncated);
    if truncated {
        out.notes.push(Note::new(
            crate::codes::Code::HelmIncomplete,
            file.path,
            0,
            format!("values file has more than {MAX_VALUES} keys; the rest are not read"),
        ));
    }
    out.infra.helm_values.extend(values);
}

/// Dotted keys of scalars and sequences (depth is bounded by the YAML reader).
fn flatten(
    file: &SourceFile<'_>,
    node: &Node,
    prefix: String,
    out: &mut Vec<HelmValue>,
    truncated: &mut bool,
) {
    for entry in node.entries() {
        if out.len() >= MAX_VALUES {
            *truncated = true;
            return;
        }
        let key = if prefix.is_empty() {
            entry.key.clone()
        } else {
            format!("{prefix}.{}", entry.key)
        };
        match &entry.value.value {
            Value::Map(entries) if !entries.is_empty() => {
                flatten(file, &entry.value, key, out, truncated)
            }
            _ => {
                let secret = looks_like_secret_key(&entry.key);
                out.push(HelmValue {
                    chart_dir: file.dir().to_string(),
                    value: entry
                        .value
                        .as_str()
                        .filter(|_| !secret)
                        .map(|v| truncate(v, 200)),
                    key,
                    evidence: Evidence::lines(
                        file.path,
                        file.role,
                        entry.key_line,
                        entry.value.end_line,
                    ),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::infra::K8sSpec;

    fn file<'a>(path: &'a str, text: &'a str) -> SourceFile<'a> {
        crate::extract::test_file(path, text)
    }

    const DEPLOYMENT: &str = r#"{{- if .Values.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  template:
    spec:
      containers:
        - name: app
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          readinessProbe:
            httpGet: {path: /ready, port: http}
{{- end }}
"#;

    #[test]
    fn masking_keeps_lines_and_lengths() {
        let masked = mask_template(DEPLOYMENT);
        assert_eq!(masked.len(), DEPLOYMENT.len());
        assert_eq!(masked.lines().count(), DEPLOYMENT.lines().count());
        assert!(masked.lines().next().is_some_and(|l| l.trim().is_empty()));
        assert!(masked.contains("replicas: _TPL"));
    }

    #[test]
    fn templates_give_templated_objects() {
        let mut out = FileFacts::default();
        let f = file("charts/app/templates/deployment.yaml", DEPLOYMENT);
        assert!(is_template(&f));
        extract_template(&f, &mut out);
        assert!(out.notes.is_empty(), "{:?}", out.notes);
        let obj = &out.infra.k8s_objects[0];
        assert!(obj.templated);
        assert_eq!(
            (obj.kind.as_str(), obj.evidence.start_line),
            ("Deployment", 2)
        );
        let K8sSpec::Workload(w) = &obj.spec else {
            panic!("not a workload: {obj:?}");
        };
        assert_eq!(w.replicas, None, "templated replicas are unknown");
        let c = &w.containers[0];
        assert_eq!(
            c.image.as_ref().map(|i| i.pin),
            Some(crate::facts::infra::ImagePin::Variable)
        );
        assert_eq!(c.readiness_probe.as_ref().map(|e| e.start_line), Some(17));
    }

    #[test]
    fn a_template_that_is_not_yaml_is_a_note() {
        let text = "apiVersion: v1\nkind: ConfigMap\ndata:\n{{ range $k, $v := .Values.files }}\n  {{ $k }}: |\n{{ $v | indent 4 }}\n  bad: [\n{{ end }}\n";
        let mut out = FileFacts::default();
        extract_template(&file("chart/templates/cm.yaml", text), &mut out);
        assert!(out.infra.k8s_objects.is_empty());
        assert_eq!(out.notes.len(), 1, "{:?}", out.notes);
        assert!(out.notes[0].message.starts_with("Helm template"));
    }

    #[test]
    fn chart_and_values() {
        let mut out = FileFacts::default();
        extract_chart(
            &file(
                "charts/app/Chart.yaml",
                "apiVersion: v2\nname: app\nversion: 0.3.1\nappVersion: \"1.4.2\"\ndependencies:\n  - name: postgresql\n    version: 15.x.x\n    repository: oci://registry-1.docker.io/bitnamicharts\n    condition: postgresql.enabled\n",
            ),
            &mut out,
        );
        extract_values(
            &file(
                "charts/app/values.yaml",
                "replicaCount: 2\nimage:\n  repository: ghcr.io/acme/app\n  tag: \"\"\nauth:\n  password: hunter2\nresources: {}\ningress:\n  hosts: [a.example.com]\n",
            ),
            &mut out,
        );
        assert!(out.notes.is_empty(), "{:?}", out.notes);
        assert!(!serde_json::to_string(&out.infra)
            .unwrap_or_default()
            .contains("hunter2"));
        insta::assert_yaml_snapshot!(out.infra);
    }
}
