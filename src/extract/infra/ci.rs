//! stub
use crate::extract::{FileFacts, SourceFile};
pub fn extract_github(_file: &SourceFile<'_>, _out: &mut FileFacts) {}
pub fn extract_gitlab(_file: &SourceFile<'_>, _out: &mut FileFacts) {}
