//! `scan`: walk → extract → fact store. The first three stages of the pipeline, as one call:
//! the walk hands each file's text to the extractors and the target's pattern search, and the
//! fact store joins what they found.

use std::sync::Arc;

use crate::extract::{self, SourceFile};
use crate::facts::{self, FileFacts, FileObservation, Inventory, Observations, PatternHit};
use crate::search::PatternSet;
use crate::text::LineIndex;
use crate::walk::{self, FileMeta, FileReader, Progress, TextFile, WalkError, WalkOptions};

/// What to scan and what to read out of each file.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub walk: WalkOptions,
    /// Patterns of the target to search each file's text for (analysis only).
    pub patterns: Option<Arc<PatternSet>>,
    /// Read code facts (stubs, routes, imports, secrets): analysis only, as they cost a parse.
    pub code_facts: bool,
}

impl ScanOptions {
    /// The inventory only: no code facts, no patterns.
    pub fn inventory(walk: WalkOptions) -> Self {
        ScanOptions {
            walk,
            patterns: None,
            code_facts: false,
        }
    }
}

/// Scans a repository into its fact inventory.
pub fn scan(options: &ScanOptions, progress: &dyn Progress) -> Result<Inventory, WalkError> {
    let walked = walk::walk(&options.walk, &Extractors(options), progress)?;
    let observations = Observations {
        files: walked
            .files
            .into_iter()
            .map(|f| {
                let (facts, hits) = f.content.unwrap_or_default();
                FileObservation {
                    record: f.record,
                    facts,
                    hits,
                }
            })
            .collect(),
        skipped: walked.skipped,
        notes: walked.notes,
    };
    Ok(facts::build(
        options.walk.root.display().to_string(),
        observations,
    ))
}

/// The extractors and the pattern search, as the walk's reader.
struct Extractors<'a>(&'a ScanOptions);

impl Extractors<'_> {
    fn wants_code(&self, file_name: &str, language: Option<&str>, role: facts::FileRole) -> bool {
        self.0.code_facts && extract::code::wants(file_name, language, role)
    }
}

impl FileReader for Extractors<'_> {
    type Output = (Option<FileFacts>, Vec<PatternHit>);

    fn wants(&self, file: &FileMeta<'_>) -> bool {
        extract::wants(file.path, file.file_name)
            || self.wants_code(file.file_name, file.language, file.role)
            || self.0.patterns.as_ref().is_some_and(|p| p.wants(file.path))
    }

    fn read(&self, file: &TextFile<'_>, wanted: bool) -> Self::Output {
        let facts = wanted.then(|| {
            let lines = LineIndex::new(file.text);
            let source = SourceFile {
                path: file.path,
                file_name: file.file_name,
                role: file.role,
                language: file.language,
                text: file.text,
                lines: &lines,
            };
            let mut facts = extract::extract(&source);
            // Asked again with the role the content gave (generated code has no code facts).
            if self.wants_code(file.file_name, file.language, file.role) {
                extract::code::extract(&source, &mut facts);
            }
            facts
        });
        let mut hits = Vec::new();
        if let Some(patterns) = &self.0.patterns {
            patterns.search(file.path, file.role, file.language, file.text, &mut hits);
        }
        (facts, hits)
    }
}
