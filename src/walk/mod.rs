//! The walk: every file under a root, in parallel, honouring `.gitignore`/`.ignore`, each file
//! classified, counted and handed, decoded, to a [`FileReader`] (the scan's extractors).
//!
//! This stage owns reading files; what is read out of them belongs to the stages after it,
//! which this module does not know. Nothing here fails the scan because of one file: a file that
//! cannot be read becomes a [`Skipped`] entry, a file read with caveats gets a [`Note`].

pub mod classify;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::overrides::OverrideBuilder;
use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};

use crate::facts::{FileRecord, FileRole, LineCounts, Note, SkipReason, Skipped};

/// Directories of version-control systems, never read.
const VCS_DIRS: &[&str] = &[".git", ".hg", ".svn", ".jj"];

/// gapscope's own state in a repository (run history, baselines): never evidence, and reading
/// it would make each recorded run change the next analysis.
const STATE_DIR: &str = ".gapscope";

/// Default size above which a file is not read.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

/// What to walk and how.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    pub root: PathBuf,
    /// Globs (gitignore syntax, relative to the root) of paths to leave out.
    pub excludes: Vec<String>,
    /// Read files that `.gitignore`, `.ignore` and git's excludes would hide.
    pub no_ignore: bool,
    /// Follow symbolic links (loops are detected and reported).
    pub follow_links: bool,
    /// With `follow_links`, also follow links that resolve outside the root. Without it such a
    /// link is skipped as [`SkipReason::OutsideRoot`], so nothing outside is read.
    pub follow_outside: bool,
    /// Files larger than this are skipped.
    pub max_file_size: u64,
    /// Worker threads; 0 lets the walker choose.
    pub threads: usize,
    /// Prepended to every path: the walked directory's place in its repository, so paths stay
    /// repository-relative when only a part of it is read (`--component`).
    pub path_prefix: String,
    /// Repository-relative paths of gapscope's own inputs for the run (the target file): left
    /// out with a note, never read as evidence.
    pub own_inputs: Vec<String>,
}

impl WalkOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        WalkOptions {
            root: root.into(),
            excludes: Vec::new(),
            no_ignore: false,
            follow_links: false,
            follow_outside: false,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            threads: 0,
            path_prefix: String::new(),
            own_inputs: Vec::new(),
        }
    }
}

/// Errors that stop a walk before it starts.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    #[error("{path}: no such file or directory")]
    RootNotFound { path: PathBuf },
    #[error("{path}: not a directory (gapscope reads a repository directory)")]
    RootNotADirectory { path: PathBuf },
    #[error("{path}: cannot read: {error}")]
    RootUnreadable {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("invalid --exclude glob `{glob}`: {message}")]
    InvalidExclude { glob: String, message: String },
}

/// A file the walk is about to read: what is known of it before its content.
#[derive(Debug, Clone, Copy)]
pub struct FileMeta<'a> {
    /// Repository-relative, `/`-separated.
    pub path: &'a str,
    /// The last path segment.
    pub file_name: &'a str,
    /// tokei's language name, if it knows the file.
    pub language: Option<&'static str>,
    pub role: FileRole,
}

/// A file the walk has read and decoded.
#[derive(Debug, Clone, Copy)]
pub struct TextFile<'a> {
    pub path: &'a str,
    pub file_name: &'a str,
    pub language: Option<&'static str>,
    /// The role after the content was seen (a generated header makes source `generated`).
    pub role: FileRole,
    /// The text, invalid UTF-8 replaced.
    pub text: &'a str,
}

/// What reads the content of each file: the stage after the walk.
pub trait FileReader: Sync {
    type Output: Send;
    /// Whether the file's text is wanted. A file in no language tokei knows that nobody wants
    /// is inventoried without being read.
    fn wants(&self, file: &FileMeta<'_>) -> bool;
    /// Reads one decoded file; `wanted` is what [`FileReader::wants`] said of it.
    fn read(&self, file: &TextFile<'_>, wanted: bool) -> Self::Output;
}

/// A reader that wants nothing: the walk only classifies and counts.
impl FileReader for () {
    type Output = ();
    fn wants(&self, _: &FileMeta<'_>) -> bool {
        false
    }
    fn read(&self, _: &TextFile<'_>, _: bool) {}
}

/// One file that was read or inventoried.
#[derive(Debug)]
pub struct WalkedFile<T> {
    pub record: FileRecord,
    /// What the reader made of its text; `None` when the file was only inventoried.
    pub content: Option<T>,
}

/// Everything the walk produced, in no particular order (the fact store sorts).
#[derive(Debug)]
pub struct WalkOutput<T> {
    pub files: Vec<WalkedFile<T>>,
    pub skipped: Vec<Skipped>,
    pub notes: Vec<Note>,
}

impl<T> Default for WalkOutput<T> {
    fn default() -> Self {
        WalkOutput {
            files: Vec::new(),
            skipped: Vec::new(),
            notes: Vec::new(),
        }
    }
}

impl<T> WalkOutput<T> {
    fn append(&mut self, other: WalkOutput<T>) {
        self.files.extend(other.files);
        self.skipped.extend(other.skipped);
        self.notes.extend(other.notes);
    }
}

/// Something told of each file as the walk goes (a progress bar).
pub trait Progress: Sync {
    fn files_done(&self, n: u64);
}

impl Progress for () {
    fn files_done(&self, _: u64) {}
}

/// Checks that `root` is a readable directory.
pub fn check_root(root: &Path) -> Result<(), WalkError> {
    let meta = std::fs::metadata(root).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => WalkError::RootNotFound {
            path: root.to_path_buf(),
        },
        _ => WalkError::RootUnreadable {
            path: root.to_path_buf(),
            error: e,
        },
    })?;
    if !meta.is_dir() {
        return Err(WalkError::RootNotADirectory {
            path: root.to_path_buf(),
        });
    }
    std::fs::read_dir(root).map_err(|e| WalkError::RootUnreadable {
        path: root.to_path_buf(),
        error: e,
    })?;
    Ok(())
}

/// Walks `options.root` and reads every file in it with `reader`.
pub fn walk<R: FileReader>(
    options: &WalkOptions,
    reader: &R,
    progress: &dyn Progress,
) -> Result<WalkOutput<R::Output>, WalkError> {
    let root = &options.root;
    check_root(root)?;

    let canonical_root = root
        .canonicalize()
        .map_err(|error| WalkError::RootUnreadable {
            path: root.to_path_buf(),
            error,
        })?;
    let confine = options.follow_links && !options.follow_outside;
    let outside_links = std::sync::Arc::new(Mutex::new(Vec::<PathBuf>::new()));
    let outside = outside_links.clone();
    let link_root = canonical_root.clone();

    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(false)
        .follow_links(options.follow_links)
        .git_ignore(!options.no_ignore)
        .git_exclude(!options.no_ignore)
        .git_global(!options.no_ignore)
        .ignore(!options.no_ignore)
        .parents(!options.no_ignore)
        .require_git(false)
        .threads(options.threads)
        .filter_entry(move |entry| {
            if entry.file_type().is_some_and(|t| t.is_dir())
                && (VCS_DIRS.iter().any(|d| entry.file_name() == *d)
                    || entry.file_name() == STATE_DIR)
            {
                return false;
            }
            // A followed link that leaves the root is pruned here, before the walker opens or
            // descends into it; the visitor reports it from the list.
            if confine && entry.path_is_symlink() && !resolves_inside(&canonical_root, entry.path())
            {
                outside
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(entry.path().to_path_buf());
                return false;
            }
            true
        });
    if !options.excludes.is_empty() {
        let mut overrides = OverrideBuilder::new(root);
        for glob in &options.excludes {
            // Checked as written first, so a message shows the glob without the negation.
            globset::Glob::new(glob).map_err(|e| WalkError::InvalidExclude {
                glob: glob.clone(),
                message: e.kind().to_string(),
            })?;
            overrides
                .add(&format!("!{glob}"))
                .map_err(|e| WalkError::InvalidExclude {
                    glob: glob.clone(),
                    message: e.to_string(),
                })?;
        }
        let overrides = overrides.build().map_err(|e| WalkError::InvalidExclude {
            glob: options.excludes.join(", "),
            message: e.to_string(),
        })?;
        builder.overrides(overrides);
    }

    let collected = Mutex::new(WalkOutput::default());
    let mut visitors = VisitorBuilder {
        root,
        canonical_root: &link_root,
        options,
        reader,
        progress,
        collected: &collected,
    };
    builder.build_parallel().visit(&mut visitors);
    let mut output = collected
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let outside = std::mem::take(&mut *outside_links.lock().unwrap_or_else(|p| p.into_inner()));
    for path in outside {
        output.skipped.push(Skipped::new(
            rel_path(root, &options.path_prefix, &path),
            SkipReason::OutsideRoot,
            OUTSIDE_ROOT_DETAIL,
        ));
    }
    Ok(output)
}

const OUTSIDE_ROOT_DETAIL: &str =
    "symbolic link leading outside the repository; not followed (even with -L, unless --follow-outside)";

/// Whether the link at `path` resolves inside `canonical_root`. A broken link counts as inside:
/// there is nothing to read, and the walk reports it as broken.
fn resolves_inside(canonical_root: &Path, path: &Path) -> bool {
    match path.canonicalize() {
        Ok(target) => target.starts_with(canonical_root),
        Err(_) => true,
    }
}

/// `path` relative to `root`, `/`-separated, after `prefix`; `.` for the root itself.
fn rel_path(root: &Path, prefix: &str, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut out = prefix.to_string();
    for part in rel.components() {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(&part.as_os_str().to_string_lossy());
    }
    if out.is_empty() {
        ".".to_string()
    } else {
        out
    }
}

struct VisitorBuilder<'s, R: FileReader> {
    root: &'s Path,
    canonical_root: &'s Path,
    options: &'s WalkOptions,
    reader: &'s R,
    progress: &'s dyn Progress,
    collected: &'s Mutex<WalkOutput<R::Output>>,
}

impl<'s, R: FileReader> ParallelVisitorBuilder<'s> for VisitorBuilder<'s, R> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Visitor {
            root: self.root,
            canonical_root: self.canonical_root,
            options: self.options,
            reader: self.reader,
            progress: self.progress,
            collected: self.collected,
            local: WalkOutput::default(),
            buf: Vec::new(),
            unreported: 0,
        })
    }
}

/// One walker thread: collects locally and hands its results over once, when dropped.
struct Visitor<'s, R: FileReader> {
    root: &'s Path,
    canonical_root: &'s Path,
    options: &'s WalkOptions,
    reader: &'s R,
    progress: &'s dyn Progress,
    collected: &'s Mutex<WalkOutput<R::Output>>,
    local: WalkOutput<R::Output>,
    buf: Vec<u8>,
    unreported: u64,
}

impl<R: FileReader> Drop for Visitor<'_, R> {
    fn drop(&mut self) {
        self.progress.files_done(self.unreported);
        let local = std::mem::take(&mut self.local);
        let mut collected = self.collected.lock().unwrap_or_else(|p| p.into_inner());
        collected.append(local);
    }
}

impl<R: FileReader> ParallelVisitor for Visitor<'_, R> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(entry) => self.visit_entry(entry),
            Err(error) => self.walk_error(error),
        }
        WalkState::Continue
    }
}

impl<R: FileReader> Visitor<'_, R> {
    fn rel_path(&self, path: &Path) -> String {
        rel_path(self.root, &self.options.path_prefix, path)
    }

    fn skip(&mut self, path: &Path, reason: SkipReason, detail: impl Into<String>) {
        let path = self.rel_path(path);
        self.local.skipped.push(Skipped::new(path, reason, detail));
    }

    fn walk_error(&mut self, error: ignore::Error) {
        let (path, reason, detail) = describe_walk_error(&error);
        match path {
            Some(path) => self.skip(&path, reason, detail),
            None => self.local.skipped.push(Skipped::new(".", reason, detail)),
        }
    }

    fn visit_entry(&mut self, entry: DirEntry) {
        let Some(file_type) = entry.file_type() else {
            return; // stdin, never here
        };
        if file_type.is_dir() {
            return;
        }
        if file_type.is_symlink() {
            // Only seen when links are not followed.
            if resolves_inside(self.canonical_root, entry.path()) {
                self.skip(
                    entry.path(),
                    SkipReason::NotAFile,
                    "symbolic link, not followed (use --follow)",
                );
            } else {
                self.skip(entry.path(), SkipReason::OutsideRoot, OUTSIDE_ROOT_DETAIL);
            }
            return;
        }
        if !file_type.is_file() {
            let kind = std::fs::metadata(entry.path())
                .map(|m| crate::input::kind_of(&m))
                .unwrap_or("not a regular file");
            self.skip(
                entry.path(),
                SkipReason::NotAFile,
                format!("not a regular file ({kind}); not read"),
            );
            return;
        }
        self.unreported += 1;
        if self.unreported >= 256 {
            self.progress.files_done(self.unreported);
            self.unreported = 0;
        }
        self.read_file(entry.path());
    }

    fn read_file(&mut self, path: &Path) {
        let rel = self.rel_path(path);
        if self.options.own_inputs.contains(&rel) {
            self.local.notes.push(Note::new(
                crate::codes::Code::OwnInput,
                rel,
                0,
                "gapscope's own input for this run (the target file); not read as evidence",
            ));
            return;
        }
        let file_name = rel.rsplit('/').next().unwrap_or(&rel).to_string();
        let mut role = classify::role_of_path(&rel);
        let language = tokei::LanguageType::from_path(path, &TOKEI_CONFIG);
        let wanted = self.reader.wants(&FileMeta {
            path: &rel,
            file_name: &file_name,
            language: language.map(|l| l.name()),
            role,
        });

        if language.is_none() && !wanted {
            // Nobody needs the content: inventory it without reading it.
            let bytes = std::fs::symlink_metadata(path)
                .map(|m| m.len())
                .unwrap_or(0);
            self.local.files.push(WalkedFile {
                record: FileRecord {
                    path: rel,
                    language: None,
                    role,
                    bytes,
                    lines: LineCounts::default(),
                    component: None,
                },
                content: None,
            });
            return;
        }

        let mut buf = std::mem::take(&mut self.buf);
        // The type was checked from the directory entry; it is checked again on the opened
        // handle (a file swapped for a FIFO meanwhile is refused, not waited on), and the size
        // before a byte is read.
        let read = crate::input::read_into(
            path,
            self.options.max_file_size,
            self.options.follow_links,
            &mut buf,
        );
        match read {
            Err(crate::input::ReadError::TooLarge { size, limit }) => {
                self.skip(
                    path,
                    SkipReason::TooLarge,
                    format!("{size} bytes, over the {limit}-byte limit (--max-file-size)"),
                );
            }
            Err(e @ crate::input::ReadError::NotRegular { .. }) => {
                self.skip(path, SkipReason::NotAFile, e.to_string());
            }
            Err(e) => {
                self.skip(path, SkipReason::Unreadable, e.to_string());
            }
            Ok(()) => self.read_content(
                rel,
                file_name,
                role_if_generated(&mut role, &buf),
                language,
                wanted,
                &buf,
            ),
        }
        self.buf = buf;
    }

    fn read_content(
        &mut self,
        rel: String,
        file_name: String,
        role: FileRole,
        language: Option<tokei::LanguageType>,
        wanted: bool,
        raw: &[u8],
    ) {
        let decoded;
        let bytes: &[u8] = match decode_utf16(raw) {
            Some(text) => {
                decoded = text;
                decoded.as_bytes()
            }
            None => raw,
        };
        let sniff = &bytes[..bytes.len().min(crate::text::BINARY_SNIFF_BYTES)];
        if memchr::memchr(0, sniff).is_some() {
            self.local
                .skipped
                .push(Skipped::new(rel, SkipReason::Binary, "contains NUL bytes"));
            return;
        }

        let lines = match language {
            Some(language) => {
                // The host language's own lines, as tokei's language rows show them; code embedded
                // in another language (a code block in Markdown) is not added.
                let stats = language.parse_from_slice(bytes, &TOKEI_CONFIG);
                LineCounts {
                    code: stats.code as u64,
                    comments: stats.comments as u64,
                    blanks: stats.blanks as u64,
                }
            }
            None => LineCounts::default(),
        };

        let text = match std::str::from_utf8(bytes) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(e) => {
                let line = crate::text::line_of(
                    // The valid prefix is UTF-8 by construction.
                    std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or(""),
                    e.valid_up_to(),
                );
                self.local.notes.push(Note::new(
crate::codes::Code::NotUtf8,
                    rel.clone(),
                    line,
                    format!(
                        "not valid UTF-8 (first bad byte at offset {}); counted as bytes, read with replacement characters",
                        e.valid_up_to()
                    ),
                ));
                String::from_utf8_lossy(bytes)
            }
        };

        let content = self.reader.read(
            &TextFile {
                path: &rel,
                file_name: &file_name,
                language: language.map(|l| l.name()),
                role,
                text: &text,
            },
            wanted,
        );

        self.local.files.push(WalkedFile {
            record: FileRecord {
                path: rel,
                language: language.map(|l| l.name().to_string()),
                role,
                bytes: raw.len() as u64,
                lines,
                component: None,
            },
            content: Some(content),
        });
    }
}

static TOKEI_CONFIG: std::sync::LazyLock<tokei::Config> =
    std::sync::LazyLock::new(tokei::Config::default);

/// Source files whose header says they are generated become [`FileRole::Generated`].
fn role_if_generated(role: &mut FileRole, head: &[u8]) -> FileRole {
    if *role == FileRole::Source && classify::is_generated_header(head) {
        *role = FileRole::Generated;
    }
    *role
}

/// UTF-16 text (with a byte-order mark) decoded to UTF-8, as tokei reads it.
fn decode_utf16(raw: &[u8]) -> Option<String> {
    let little = match raw {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = raw[2..].chunks_exact(2).map(|c| {
        if little {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

/// The path, reason and message of a walk error, unwrapping `ignore`'s nesting.
fn describe_walk_error(error: &ignore::Error) -> (Option<PathBuf>, SkipReason, String) {
    match error {
        ignore::Error::WithPath { path, err } => {
            let (_, reason, detail) = describe_walk_error(err);
            (Some(path.clone()), reason, detail)
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe_walk_error(err)
        }
        ignore::Error::Loop { ancestor, child } => (
            Some(child.clone()),
            SkipReason::SymlinkLoop,
            format!(
                "symbolic link loop back to an ancestor directory ({})",
                ancestor
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| ".".into())
            ),
        ),
        ignore::Error::Io(e) if e.kind() == std::io::ErrorKind::NotFound => (
            None,
            SkipReason::WalkError,
            "broken symbolic link: its target does not exist".into(),
        ),
        ignore::Error::Io(e) => {
            let reason = if e.kind() == std::io::ErrorKind::PermissionDenied {
                SkipReason::Unreadable
            } else {
                SkipReason::WalkError
            };
            (None, reason, e.to_string())
        }
        ignore::Error::Partial(errors) => match errors.first() {
            Some(first) => describe_walk_error(first),
            None => (None, SkipReason::WalkError, error.to_string()),
        },
        other => (None, SkipReason::WalkError, other.to_string()),
    }
}
