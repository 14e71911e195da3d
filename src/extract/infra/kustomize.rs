//! stub
use crate::extract::{FileFacts, SourceFile};
pub fn extract(_file: &SourceFile<'_>, _out: &mut FileFacts) {}
