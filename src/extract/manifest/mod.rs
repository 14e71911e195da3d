//! Package manifests and lock files: components and their dependencies.

use super::{FileFacts, SourceFile};

/// Whether a file with this name is a manifest or lock file this module reads.
pub fn wants(_file_name: &str) -> bool {
    false
}

pub fn extract(_file: &SourceFile<'_>, _out: &mut FileFacts) {}
