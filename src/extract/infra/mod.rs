//! Infrastructure files: Dockerfiles, Compose, Kubernetes, Helm, Kustomize, CI, Makefiles.

pub mod yaml;

use super::{FileFacts, SourceFile};

pub fn wants(_path: &str, _file_name: &str) -> bool {
    false
}

pub fn extract(_file: &SourceFile<'_>, _out: &mut FileFacts) {}
