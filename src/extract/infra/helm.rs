//! stub
use crate::extract::{FileFacts, SourceFile};
pub fn extract_chart(_file: &SourceFile<'_>, _out: &mut FileFacts) {}
pub fn extract_values(_file: &SourceFile<'_>, _out: &mut FileFacts) {}
pub fn extract_template(_file: &SourceFile<'_>, _out: &mut FileFacts) {}
pub fn is_template(_file: &SourceFile<'_>) -> bool { false }
