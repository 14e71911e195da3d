//! Code that reconciles Kubernetes kinds: controller-runtime reconcilers (Go), kopf handlers
//! (Python) and kube-rs controllers (Rust). A CRD without one of these is a schema nobody acts
//! on; the requirements need both.
//!
//! Source files are many and controllers are few, so a literal prefilter runs before any
//! regular expression.

use std::sync::LazyLock;

use memchr::memmem;
use regex::Regex;

use crate::extract::{FileFacts, SourceFile};
use crate::facts::infra::Controller;
use crate::facts::Evidence;

static GO_RECONCILER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^func\s*\(\s*\w+\s+\*?(\w+?)(?:Reconciler|Controller)?\s*\)\s*Reconcile\s*\(")
        .expect("valid regex")
});
static GO_FOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bFor\(\s*&(?:\w+\.)?(\w+)\s*\{\s*\}").expect("valid regex"));
static KOPF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^[ \t]*@kopf\.on\.(\w+)\(\s*(?:kind\s*=\s*)?['"]([^'"]+)['"](?:\s*,\s*['"]([^'"]+)['"])?(?:\s*,\s*['"]([^'"]+)['"])?"#)
        .expect("valid regex")
});
static KUBE_RS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"Controller::new\(\s*(?:\w+\s*:\s*)?Api::<\s*(\w+)\s*>|Controller::new\(\s*Api<\s*(\w+)\s*>|Controller::<\s*(\w+)\s*>::new").expect("valid regex")
});
static KUBE_RS_BINDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"Api\s*<\s*(\w+)\s*>\s*=|Api::<\s*(\w+)\s*>::").expect("valid regex")
});

pub fn extract(file: &SourceFile<'_>, out: &mut FileFacts) {
    let bytes = file.text.as_bytes();
    let ext = file.file_name.rsplit_once('.').map_or("", |(_, e)| e);
    let push = |out: &mut FileFacts, kind: &str, language: &str, framework: &str, offset: usize| {
        let line = file.line_of(offset);
        out.infra.controllers.push(Controller {
            kind_or_plural: kind.to_string(),
            language: language.to_string(),
            framework: framework.to_string(),
            evidence: Evidence::line(file.path, file.role, line),
        });
    };
    match ext {
        "go" if memmem::find(bytes, b"Reconcile(").is_some() => {
            let mut found = false;
            // `For(&v1.X{})` names the watched kind; prefer it over the receiver's name.
            for m in GO_FOR.captures_iter(file.text) {
                if let (Some(kind), Some(all)) = (m.get(1), m.get(0)) {
                    push(out, kind.as_str(), "go", "controller-runtime", all.start());
                    found = true;
                }
            }
            if !found {
                for m in GO_RECONCILER.captures_iter(file.text) {
                    if let (Some(kind), Some(all)) = (m.get(1), m.get(0)) {
                        push(out, kind.as_str(), "go", "controller-runtime", all.start());
                    }
                }
            }
        }
        "py" if memmem::find(bytes, b"kopf.").is_some() => {
            for m in KOPF.captures_iter(file.text) {
                // `@kopf.on.create('group', 'v1', 'plural')` or `@kopf.on.create('plural')`:
                // the last string is the resource.
                let resource = m.get(4).or(m.get(3)).or(m.get(2));
                if let (Some(resource), Some(all)) = (resource, m.get(0)) {
                    push(out, resource.as_str(), "python", "kopf", all.start());
                }
            }
        }
        "rs" if memmem::find(bytes, b"Controller::").is_some() => {
            let mut found = false;
            for m in KUBE_RS.captures_iter(file.text) {
                let kind = m.get(1).or(m.get(2)).or(m.get(3));
                if let (Some(kind), Some(all)) = (kind, m.get(0)) {
                    push(out, kind.as_str(), "rust", "kube-rs", all.start());
                    found = true;
                }
            }
            if !found {
                // `let docs = Api::<Document>::all(client); Controller::new(docs, …)`.
                if let Some(at) = memmem::find(bytes, b"Controller::new(") {
                    if let Some(kind) = KUBE_RS_BINDING
                        .captures(file.text)
                        .and_then(|c| c.get(1).or(c.get(2)))
                    {
                        push(out, kind.as_str(), "rust", "kube-rs", at);
                    }
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(path: &str, text: &str) -> Vec<(String, String, u32)> {
        let file = crate::extract::test_file(path, text);
        let mut out = FileFacts::default();
        extract(&file, &mut out);
        out.infra
            .controllers
            .into_iter()
            .map(|c| (c.kind_or_plural, c.framework, c.evidence.start_line))
            .collect()
    }

    #[test]
    fn controller_runtime_reconcilers() {
        let text = "package c\n\nfunc (r *AlertProcessingReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {\n}\n\nfunc (r *AlertProcessingReconciler) SetupWithManager(mgr ctrl.Manager) error {\n\treturn ctrl.NewControllerManagedBy(mgr).\n\t\tFor(&v1alpha1.AlertProcessing{}).\n\t\tComplete(r)\n}\n";
        assert_eq!(
            run("internal/controller/ap.go", text),
            vec![("AlertProcessing".into(), "controller-runtime".into(), 8)]
        );
        let text = "func (r *WidgetReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {}\n";
        assert_eq!(
            run("w.go", text),
            vec![("Widget".into(), "controller-runtime".into(), 1)]
        );
        assert!(run("x.go", "func Reconcile() {}\n").is_empty());
    }

    #[test]
    fn kopf_and_kube_rs() {
        let text = "import kopf\n\n@kopf.on.create('acme.io', 'v1', 'backups')\ndef create(spec, **_):\n    pass\n\n@kopf.on.update('restores')\ndef upd(**_): pass\n";
        assert_eq!(
            run("op/handlers.py", text),
            vec![
                ("backups".into(), "kopf".into(), 3),
                ("restores".into(), "kopf".into(), 7)
            ]
        );
        let text = "let docs = Api::<Document>::all(client.clone());\nController::new(docs, watcher::Config::default())\n";
        assert_eq!(
            run("src/main.rs", text),
            vec![("Document".into(), "kube-rs".into(), 2)]
        );
        let text = "Controller::new(Api::<Document>::all(client), Default::default())\n";
        assert_eq!(
            run("src/main.rs", text),
            vec![("Document".into(), "kube-rs".into(), 1)]
        );
    }
}
