//! Claims: the checkable statements of a Markdown document, each with its 1-based line.
//!
//! pulldown-cmark (with source offsets) finds what Markdown structure decides: code spans,
//! link targets and fenced or indented code blocks. Everything else is read line by line,
//! because the marks a status document uses (✅, `[ ]`, a "Partial" table cell) belong to a
//! line or a table row, not to a Markdown node. This module only extracts; it never looks at
//! a repository.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::text::LineIndex;

/// Most claims read from one document; the rest are counted in a note.
pub const MAX_CLAIMS: usize = 20_000;
/// Longest quoted document text kept with a claim.
const QUOTE_CHARS: usize = 160;

/// What the document says about the thing a claim is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// Mentioned without a mark: a path or a Make target that is named is said to exist.
    Mentioned,
    /// ✅ ✔ `[x]` 🟢 "Implemented", "Complete".
    Done,
    /// ⚠️ 🟡 "Partial", "In progress".
    Partial,
    /// ❌ 🔴 "Not implemented", "Missing", "not created".
    Missing,
    /// `[ ]`, "Planned", "TODO", "need to create": future work, not a statement of fact.
    Planned,
    /// Named in a plan or a list of gaps without saying whether it exists: a file to change,
    /// or the place a missing feature goes. There it confirms nothing; absent, it is no lie.
    InPlan,
}

impl Mark {
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Mentioned => "mentioned",
            Mark::Done => "done",
            Mark::Partial => "partial",
            Mark::Missing => "missing",
            Mark::Planned => "planned",
            Mark::InPlan => "in_plan",
        }
    }
}

crate::display_via_as_str!(Mark);

/// What a claim asserts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ClaimKind {
    /// A file or directory (in backticks, a link, a file list or a tree in a code block).
    Path {
        path: String,
        /// Written as a directory (trailing `/`, or a tree entry with children).
        dir: bool,
        /// The top directory of the tree it was listed in, which may be the repository's own
        /// name rather than a directory in it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tree_root: Option<String>,
    },
    /// A file or directory has about this many lines.
    LineCount { path: String, lines: u64 },
    /// `path:line`, `path:start-end`, `path#L12`, "lines 10–40 of path"; `cited_line` is the
    /// (first) line in `path`, `cited_end` the last of a range; `symbol` what the document
    /// says is there (`` `agent.py:15` - `did: str` ``).
    FileLine {
        path: String,
        cited_line: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cited_end: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        symbol: Option<String>,
    },
    /// A named type, function, constant or field: `PluginCapabilities`, `get_tools()`.
    Symbol { name: String },
    /// "46 database tables", "49 endpoints", "12 files in `src/hooks/`": how many of a kind.
    Count {
        count: u64,
        /// The noun as written, lowercased (`endpoints`, `test files`).
        noun: String,
        /// What is counted, as far as gapscope counts it.
        counted: Counted,
        /// The directory the line names, when the count is of its files.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        path: Option<String>,
    },
    /// An item marked done, partial or missing, in words.
    Status { item: String },
    /// "N% complete" for an area (or overall).
    Percent { label: String, percent: f64 },
    /// `make TARGET`.
    MakeTarget { name: String },
    /// An HTTP route such as `/api/v1/alerts`.
    Endpoint { route: String },
    /// A port a service listens on: `Port 8081`, `localhost:8080`.
    Port { port: u16 },
    /// A custom resource kind: `AlertProcessing CRD`.
    Crd { resource_kind: String },
}

impl ClaimKind {
    /// The kind's name, as JSON and the summary print it.
    pub fn name(&self) -> &'static str {
        match self {
            ClaimKind::Path { .. } => "path",
            ClaimKind::LineCount { .. } => "line_count",
            ClaimKind::FileLine { .. } => "file_line",
            ClaimKind::Status { .. } => "status",
            ClaimKind::Percent { .. } => "percent",
            ClaimKind::MakeTarget { .. } => "make_target",
            ClaimKind::Endpoint { .. } => "endpoint",
            ClaimKind::Port { .. } => "port",
            ClaimKind::Crd { .. } => "crd",
            ClaimKind::Count { .. } => "count",
            ClaimKind::Symbol { .. } => "symbol",
        }
    }

    /// What the claim is about, in a few words.
    pub fn subject(&self) -> String {
        match self {
            ClaimKind::Path { path, .. } => path.clone(),
            ClaimKind::LineCount { path, lines } => format!("{path} ~{lines} lines"),
            ClaimKind::FileLine {
                path,
                cited_line,
                cited_end,
                ..
            } => match cited_end {
                Some(end) => format!("{path}:{cited_line}-{end}"),
                None => format!("{path}:{cited_line}"),
            },
            ClaimKind::Symbol { name } => name.clone(),
            ClaimKind::Count {
                count, noun, path, ..
            } => match path {
                Some(p) => format!("{count} {noun} in {p}"),
                None => format!("{count} {noun}"),
            },
            ClaimKind::Status { item } => item.clone(),
            ClaimKind::Percent { label, percent } => format!("{label}: {percent}%"),
            ClaimKind::MakeTarget { name } => format!("make {name}"),
            ClaimKind::Endpoint { route } => route.clone(),
            ClaimKind::Port { port } => format!("port {port}"),
            ClaimKind::Crd { resource_kind } => format!("{resource_kind} CRD"),
        }
    }
}

/// One checkable statement of the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// 1-based line in the document.
    pub line: u32,
    #[serde(flatten)]
    pub kind: ClaimKind,
    pub mark: Mark,
    /// The document line, trimmed and shortened.
    pub quote: String,
    /// What ties the claim to another codebase (a legacy system, a separate frontend
    /// repository), as the document words it: absent here, it is out of scope, not false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elsewhere: Option<String>,
    /// Read in a finding the document marks fixed or resolved: what it cites is the code as
    /// it was before the fix.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub historical: bool,
}

/// What a count claim counts, as far as the repository shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counted {
    /// Files under the directory the line names.
    Files,
    /// HTTP routes the code registers.
    Routes,
    /// Test functions.
    Tests,
    /// Something the facts do not count (tables, hooks, pages, users).
    Other,
}

/// The claims of a document and what could not be read as claims.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    pub claims: Vec<Claim>,
    /// Claims left out at [`MAX_CLAIMS`]; the rest of the document is not read.
    pub dropped: usize,
    /// Lines longer than [`MAX_LINE_BYTES`], of which only the head was read: how many, and
    /// the first.
    pub long_lines: usize,
    pub first_long_line: Option<u32>,
    /// The line after the last one read, when the document is longer than [`MAX_READ_BYTES`].
    pub cut_at_line: Option<u32>,
}

/// The most of a document read for claims. A hand-written status report is a few hundred
/// kilobytes; this much holds far more than [`MAX_CLAIMS`] claims, and bounds what the
/// Markdown parser holds at once.
pub const MAX_READ_BYTES: usize = 8 << 20;

/// The longest line read whole. Hand-written documents stay far below it; a generated one-line
/// document of many megabytes would cost the Markdown parser memory in proportion to its
/// inline elements without adding a claim it could check (claims stop at [`MAX_CLAIMS`]).
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// `text` with every line cut at [`MAX_LINE_BYTES`] (at a character boundary), line numbers
/// unchanged, and how many lines were cut and which was first.
fn cut_long_lines(text: &str) -> (std::borrow::Cow<'_, str>, usize, Option<u32>) {
    if text.len() <= MAX_LINE_BYTES || !text.split('\n').any(|l| l.len() > MAX_LINE_BYTES) {
        return (std::borrow::Cow::Borrowed(text), 0, None);
    }
    let mut out = String::with_capacity(text.len().min(16 << 20));
    let (mut count, mut first) = (0, None);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.len() > MAX_LINE_BYTES {
            let mut end = MAX_LINE_BYTES;
            while !line.is_char_boundary(end) {
                end -= 1;
            }
            out.push_str(&line[..end]);
            count += 1;
            first.get_or_insert(i as u32 + 1);
        } else {
            out.push_str(line);
        }
    }
    (std::borrow::Cow::Owned(out), count, first)
}

/// A fenced or indented code block: where it is and what it says.
struct CodeBlock {
    /// Lines of the whole block, fences included.
    first: u32,
    last: u32,
    /// Line of the block's first content line.
    content_line: u32,
    lang: String,
    content: String,
}

/// Code spans and link targets, by line.
#[derive(Default)]
struct Inline {
    /// Text of each code span and link target on a line, in order.
    spans: BTreeMap<u32, Vec<String>>,
}

/// Extracts the claims of a (repaired) Markdown text.
pub fn extract(text: &str) -> Extraction {
    let (text, long_lines, first_long_line) = cut_long_lines(text);
    let (text, cut_at_line) = if text.len() > MAX_READ_BYTES {
        // At the end of the last whole line that fits.
        let mut end = MAX_READ_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let end = text[..end].rfind('\n').map_or(end, |i| i + 1);
        let line = text[..end].bytes().filter(|&b| b == b'\n').count() as u32 + 1;
        (&text[..end], Some(line))
    } else {
        (&text[..], None)
    };
    let mut extraction = extract_cut(text);
    extraction.long_lines = long_lines;
    extraction.first_long_line = first_long_line;
    extraction.cut_at_line = cut_at_line;
    extraction
}

fn extract_cut(text: &str) -> Extraction {
    let lines = LineIndex::new(text);
    let (blocks, inline) = structure(text, &lines);
    let mut out = Collector::default();
    let mut block_at: BTreeMap<u32, &CodeBlock> = BTreeMap::new();
    for b in &blocks {
        block_at.insert(b.first, b);
    }

    let raw_lines: Vec<&str> = text.split('\n').collect();
    let mut section_mark: Option<Mark> = None;
    // The mark a label gives its list in symbols (`**Missing** ❌:`), for status items; the
    // words of labels and headings ("Next steps:") mark only the files and names listed.
    let mut section_status: Option<Mark> = None;
    let mut table_header: Option<String> = None;
    // Open headings: (level, lowercased text). A plan or a list of gaps is a section.
    let mut headings: Vec<(usize, String)> = Vec::new();
    let mut heading = String::new();
    let mut last_text = String::new();
    let mut skip_until = 0u32;
    for (i, raw) in raw_lines.iter().enumerate() {
        let n = i as u32 + 1;
        if out.dropped > 0 {
            break;
        }
        if n <= skip_until {
            continue;
        }
        if let Some(block) = block_at.get(&n) {
            let context = format!("{heading}\n{last_text}");
            out.elsewhere = elsewhere_in(&headings, &last_text.to_lowercase());
            out.elsewhere_from = None;
            out.historical = fixed_finding(&headings);
            let section = section_mark.or_else(|| heading_mark(&headings));
            code_block_claims(block, &context, section, &mut out);
            // A label introduces the block after it, not the next one.
            section_mark = None;
            section_status = None;
            skip_until = block.last;
            last_text.clear();
            continue;
        }
        let line = clean_line(raw);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let is_heading = trimmed.starts_with('#');
        let is_list = is_list_item(trimmed);
        let is_table = trimmed.starts_with('|');
        if is_table && is_table_separator(trimmed) {
            continue;
        }
        if is_table {
            let next_is_separator = raw_lines
                .get(i + 1)
                .is_some_and(|l| is_table_separator(l.trim()));
            if next_is_separator {
                table_header = Some(trimmed.to_lowercase());
                continue;
            }
        } else {
            table_header = None;
        }
        if is_heading {
            let level = trimmed.chars().take_while(|c| *c == '#').count();
            while headings.last().is_some_and(|(l, _)| *l >= level) {
                headings.pop();
            }
            headings.push((level, trimmed.to_lowercase()));
            heading = trimmed.to_string();
            section_mark = None;
            section_status = None;
        } else if !is_list && !is_table {
            // A paragraph line ends the list a label line introduced, unless it is a label.
            section_mark = None;
            section_status = None;
        }
        let lower = trimmed.to_lowercase();
        out.historical = fixed_finding(&headings) && !is_resolution(&lower);
        out.elsewhere = elsewhere_in(&headings, &lower);
        out.elsewhere_from =
            if elsewhere_in(&[], &lower).is_some() && elsewhere_in(&headings, "").is_none() {
                ELSEWHERE.iter().filter_map(|w| lower.find(w)).min()
            } else {
                None
            };

        let own = mark_of(trimmed, is_table);
        let label = !is_table && ends_as_label(trimmed) && (!is_list || is_label_item(trimmed));
        if label {
            // A label introduces a list; what it names (`Need to create `x.py`:`) still counts.
            section_mark = own.or_else(|| section_words(&trimmed.to_lowercase()));
            section_status = own;
            line_claims(
                n,
                trimmed,
                inline.spans.get(&n).map(Vec::as_slice).unwrap_or(&[]),
                own,
                false,
                None,
                &mut out,
            );
            last_text = trimmed.to_string();
            continue;
        }
        // Items of a list or a table take the mark of the label above them, else of the
        // section ("## Files to create", "## Missing"); a ⚠️ under "Missing" is missing.
        let inherited = if is_list || is_table {
            section_mark.or_else(|| heading_mark(&headings))
        } else {
            None
        };
        let mark = match (own, inherited) {
            (Some(Mark::Partial), Some(Mark::Missing)) => Some(Mark::Missing),
            (Some(m), _) => Some(m),
            (None, m) => m,
        };
        let before = out.claims.len();
        line_claims(
            n,
            trimmed,
            inline.spans.get(&n).map(Vec::as_slice).unwrap_or(&[]),
            mark,
            is_table,
            table_header.as_deref(),
            &mut out,
        );
        let named_something = out.claims.len() > before;
        // A heading with a mark titles a section ("Completed Tasks ✅"); it is not an item.
        // Nor is an item of a plan section without a mark of its own: its files and names
        // are checked, its words are not.
        let status_mark = own.or(if is_list { section_status } else { None });
        if let (Some(m), false, false) = (status_mark, named_something, is_heading) {
            if !matches!(m, Mark::Mentioned | Mark::InPlan) {
                let item = item_text(trimmed, is_table);
                if item.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                    out.push(n, ClaimKind::Status { item }, m, trimmed);
                }
            }
        }
        if !is_list {
            last_text = trimmed.to_string();
        }
    }
    out.finish()
}

/// The mark a section's heading gives the items under it, innermost first.
fn heading_mark(headings: &[(usize, String)]) -> Option<Mark> {
    headings.iter().rev().find_map(|(_, h)| {
        // A heading with its own status ("Phase 2 ✅ Complete") gives its items none.
        if mark_of(h, false).is_some() {
            return None;
        }
        section_words(h).filter(|m| *m != Mark::Mentioned)
    })
}

/// Words of a heading or a label that make the items below future work or gaps.
fn section_words(lower: &str) -> Option<Mark> {
    const PLANNED: &[&str] = &[
        "to create",
        "to be created",
        "to add",
        "to be added",
        "to do",
        "todo",
        "to-do",
        "next steps",
        "next step",
        "planned",
        "roadmap",
        "future work",
        "future enhancements",
        "proposed",
        "recommendations",
        "recommended actions",
        "action items",
        "action plan",
        "implementation plan",
        "remaining work",
        "what needs",
        "needs to",
        "need to",
        "backlog",
        "upcoming",
        "new files",
        "files to create",
        "files to add",
        "plan",
        "strategy",
        "first step",
        "not started",
    ];
    const MISSING: &[&str] = &[
        "missing",
        "not implemented",
        "not yet implemented",
        "not created",
        "absent",
        "what's missing",
        "what is missing",
    ];
    let words = |list: &[&str]| {
        list.iter().any(|w| {
            lower.match_indices(w).any(|(i, _)| {
                let before = lower[..i].chars().next_back();
                let after = lower[i + w.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        })
    };
    // "Files to modify": a list of files that are there.
    if [
        "to modify",
        "to update",
        "to change",
        "to edit",
        "to touch",
        "modified",
        "to review",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        return Some(Mark::Mentioned);
    }
    if words(MISSING) {
        Some(Mark::Missing)
    } else if words(PLANNED) {
        Some(Mark::Planned)
    } else {
        None
    }
}

/// Whether the innermost heading is a finding marked fixed (`### B-P2-1 · N+1 … — FIXED`).
fn fixed_finding(headings: &[(usize, String)]) -> bool {
    headings.last().is_some_and(|(_, h)| {
        h.split(|c: char| !c.is_alphanumeric())
            .any(|w| matches!(w, "fixed" | "resolved" | "addressed"))
    })
}

/// A line that says how a finding was fixed: it describes the code as it is now.
fn is_resolution(lower: &str) -> bool {
    let body = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    [
        "resolution",
        "fix:",
        "fixed by",
        "fixed in",
        "now ",
        "status:",
    ]
    .iter()
    .any(|w| body.starts_with(w))
}

/// Words that tie what a line names to another codebase, in the line or a heading above it.
const ELSEWHERE: &[&str] = &[
    "legacy",
    "original implementation",
    "original code",
    "original project",
    "original source",
    "original repo",
    "old implementation",
    "old codebase",
    "old code",
    "old system",
    "upstream",
    "reference implementation",
    "frontend repo",
    "frontend repository",
    "backend repo",
    "backend repository",
    "separate repo",
    "separate repository",
    "another repo",
    "another repository",
    "other repo",
    "other repository",
    "external repo",
    "external repository",
    "sister repo",
    "companion repo",
    "ported from",
    "port of",
    "source codebase",
    "source project",
    "java version",
    "python version",
    "node version",
    "v1 codebase",
];

/// Where a whole document speaks of another codebase (its first such words).
pub fn document_elsewhere(text: &str) -> Option<String> {
    elsewhere_in(&[], &text.to_lowercase())
        .map(|cue| cue.replacen("the line says", "the document speaks of", 1))
}

fn elsewhere_in(headings: &[(usize, String)], line_lower: &str) -> Option<String> {
    let cue = |text: &str| {
        ELSEWHERE.iter().find(|w| {
            text.match_indices(*w).any(|(i, _)| {
                !text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                    && !text[i + w.len()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
            })
        })
    };
    if let Some(w) = cue(line_lower) {
        return Some(format!("the line says \"{w}\""));
    }
    headings
        .iter()
        .rev()
        .find_map(|(_, h)| cue(h).map(|w| format!("the section says \"{w}\"")))
}

#[derive(Default)]
struct Collector {
    claims: Vec<Claim>,
    dropped: usize,
    /// The line of the last claim pushed, and the kinds of its claims.
    line: u32,
    on_line: std::collections::HashSet<String>,
    /// What ties the current line's claims to another codebase.
    elsewhere: Option<String>,
    /// The current line belongs to a finding marked fixed, and is not its resolution.
    historical: bool,
    /// Where on the line its words of another codebase start: a path before them is not
    /// tied ("a `Grid.tsx` page, a port of the Laravel `Grid.tsx`").
    elsewhere_from: Option<usize>,
}

impl Collector {
    fn push(&mut self, line: u32, kind: ClaimKind, mark: Mark, quote: &str) {
        if self.claims.len() >= MAX_CLAIMS {
            self.dropped += 1;
            return;
        }
        // Claims of the current line, by kind: a scan of the line's earlier claims made a
        // one-line document of many claims quadratic.
        if self.line != line {
            self.line = line;
            self.on_line.clear();
        }
        let key = match &kind {
            // A citation read from a code span and again from the line is one claim.
            ClaimKind::FileLine {
                path, cited_line, ..
            } => format!("FileLine {path}:{cited_line}"),
            _ => format!("{kind:?}"),
        };
        if !self.on_line.insert(key) {
            return;
        }
        self.claims.push(Claim {
            line,
            kind,
            mark,
            quote: shorten(quote),
            elsewhere: self.elsewhere.clone(),
            historical: self.historical,
        });
    }

    /// Pushes a claim read at byte `at` of the line.
    fn push_at(&mut self, line: u32, kind: ClaimKind, mark: Mark, quote: &str, at: usize) {
        if self.elsewhere_from.is_some_and(|from| at < from) {
            let kept = self.elsewhere.take();
            self.push(line, kind, mark, quote);
            self.elsewhere = kept;
        } else {
            self.push(line, kind, mark, quote);
        }
    }

    fn finish(self) -> Extraction {
        Extraction {
            claims: self.claims,
            dropped: self.dropped,
            long_lines: 0,
            first_long_line: None,
            cut_at_line: None,
        }
    }
}

/// The line as a quote: at most [`QUOTE_CHARS`] characters, secrets hidden. Only the head of
/// the line is looked at, so quoting each of the many claims of one long line stays linear.
fn shorten(s: &str) -> String {
    let s = s.trim();
    if s.char_indices().nth(QUOTE_CHARS).is_none() {
        return crate::text::redact(s);
    }
    let mut out: String = s.chars().take(QUOTE_CHARS - 1).collect();
    out.push('…');
    crate::text::redact(&out)
}

/// Code blocks and inline code/link targets, from the Markdown parser.
fn structure(text: &str, lines: &LineIndex) -> (Vec<CodeBlock>, Inline) {
    let mut blocks = Vec::new();
    let mut inline = Inline::default();
    let mut current: Option<CodeBlock> = None;
    let options = Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.split_whitespace().next().unwrap_or("").into(),
                    CodeBlockKind::Indented => String::new(),
                };
                let first = lines.line(range.start);
                // The range ends after the closing fence's newline; the fence is on the line
                // before that offset.
                let last = lines.line(range.end.saturating_sub(1).max(range.start));
                current = Some(CodeBlock {
                    first,
                    last,
                    content_line: 0,
                    lang,
                    content: String::new(),
                });
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(b) = current.take() {
                    blocks.push(b);
                }
            }
            Event::Text(t) => {
                if let Some(b) = current.as_mut() {
                    if b.content_line == 0 {
                        b.content_line = lines.line(range.start);
                    }
                    b.content.push_str(&t);
                }
            }
            Event::Code(t) => {
                inline
                    .spans
                    .entry(lines.line(range.start))
                    .or_default()
                    .push(t.trim().to_string());
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                inline
                    .spans
                    .entry(lines.line(range.start))
                    .or_default()
                    .push(dest_url.trim().to_string());
            }
            _ => {}
        }
    }
    // An indented block inside a list can start on the line of its first text; a block the
    // parser could not close (end of input) is still a block.
    if let Some(b) = current.take() {
        blocks.push(b);
    }
    for b in &mut blocks {
        if b.content_line == 0 {
            b.content_line = b.first + 1;
        }
        b.first = b.first.min(b.content_line);
    }
    (blocks, inline)
}

static HTML_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>").expect("regex"));

/// The line without its carriage return and HTML tags.
fn clean_line(raw: &str) -> String {
    let raw = raw.trim_end_matches('\r');
    if raw.contains('<') {
        HTML_TAG.replace_all(raw, " ").into_owned()
    } else {
        raw.to_string()
    }
}

fn is_list_item(trimmed: &str) -> bool {
    let mut chars = trimmed.chars();
    match chars.next() {
        Some('-' | '*' | '+') => chars.next().is_some_and(char::is_whitespace),
        Some(c) if c.is_ascii_digit() => {
            let rest = trimmed.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.starts_with(". ") || rest.starts_with(") ")
        }
        _ => false,
    }
}

fn is_table_separator(trimmed: &str) -> bool {
    trimmed.contains('-')
        && trimmed.contains('|')
        && trimmed
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// A list item that only labels the items under it: `- **Bun Strategy**:`.
fn is_label_item(trimmed: &str) -> bool {
    let body = trimmed
        .trim_start_matches(|c: char| {
            matches!(c, '-' | '*' | '+') || c.is_ascii_digit() || c == '.'
        })
        .trim()
        .trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '_' || c == ':');
    !body.is_empty() && body.split_whitespace().count() <= 5 && !body.contains('`')
}

/// A line that introduces a list: `**Existing Assets** ✅:`, `Not done yet:`.
fn ends_as_label(trimmed: &str) -> bool {
    let t = trimmed
        .trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '_')
        .trim_end();
    t.ends_with(':') && !t.starts_with('#') && t.chars().count() <= 80
}

/// Words that make 🔴 🟡 🟢 ⚠️ a severity or priority instead of a status.
const SEVERITY_WORDS: &[&str] = &[
    "critical", "high", "moderate", "medium", "low", "priority", "risk", "severity", "p0", "p1",
    "p2", "p3", "impact", "blocker", "warning",
];

/// The status mark of a line, if it has one.
pub fn mark_of(line: &str, in_table: bool) -> Option<Mark> {
    let lower = line.to_lowercase();
    let severity = || {
        lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| SEVERITY_WORDS.contains(&w))
    };
    let mut best: Option<(usize, Mark)> = None;
    let mut consider = |pos: Option<usize>, mark: Mark| {
        if let Some(p) = pos {
            if best.is_none_or(|(b, _)| p < b) {
                best = Some((p, mark));
            }
        }
    };
    for (sym, mark) in [
        ("✅", Mark::Done),
        ("✔", Mark::Done),
        ("☑", Mark::Done),
        ("[x]", Mark::Done),
        ("[X]", Mark::Done),
        ("❌", Mark::Missing),
        ("✖", Mark::Missing),
        ("✗", Mark::Missing),
        ("⛔", Mark::Missing),
        ("[ ]", Mark::Planned),
        ("⏳", Mark::Planned),
        ("🚧", Mark::Partial),
    ] {
        consider(line.find(sym), mark);
    }
    if !severity() {
        for (sym, mark) in [
            ("🟢", Mark::Done),
            ("🔴", Mark::Missing),
            ("🟡", Mark::Partial),
            ("🟠", Mark::Partial),
            ("⚠", Mark::Partial),
        ] {
            consider(line.find(sym), mark);
        }
    }
    if let Some((_, m)) = best {
        return Some(m);
    }
    if in_table {
        // A status cell in words; the first cell names the item, so it is not read.
        for cell in line.trim().trim_matches('|').split('|').skip(1) {
            if let Some(m) = status_word(cell) {
                return Some(m);
            }
        }
    }
    None
}

fn status_word(cell: &str) -> Option<Mark> {
    let c: String = cell
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == '`')
        .trim()
        .to_lowercase();
    Some(match c.as_str() {
        "implemented" | "complete" | "completed" | "done" | "yes" | "working" | "exists"
        | "present" | "available" | "fully implemented" => Mark::Done,
        "not implemented" | "missing" | "not started" | "no" | "none" | "absent"
        | "not created" | "not configured" => Mark::Missing,
        "partial" | "partially implemented" | "in progress" | "incomplete" | "partially" => {
            Mark::Partial
        }
        "planned" | "todo" | "to do" | "proposed" | "future" => Mark::Planned,
        _ => return None,
    })
}

/// The item a status line is about, without its marks, bullets, numbering and emphasis.
fn item_text(trimmed: &str, in_table: bool) -> String {
    let source = if in_table {
        trimmed
            .trim_matches('|')
            .split('|')
            .next()
            .unwrap_or("")
            .to_string()
    } else {
        trimmed.to_string()
    };
    let mut source = source;
    for checkbox in ["[x]", "[X]", "[ ]"] {
        source = source.replace(checkbox, " ");
    }
    let s: String = source
        .chars()
        .filter(|c| {
            c.is_alphanumeric()
                || c.is_whitespace()
                || matches!(
                    c,
                    '-' | '/' | '.' | '&' | ',' | '(' | ')' | '\'' | '_' | '%'
                )
        })
        .collect();
    let s = s.trim_start_matches(|c: char| {
        c.is_ascii_digit() || c == '.' || c == '-' || c.is_whitespace() || c == '#'
    });
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

static LINE_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:~|≈|about\s+|approx\.?\s+|approximately\s+)?\s*(\d{1,3}(?:,\d{3})+|\d+)\s*\+?\s*(?:lines|loc)(?-u:\b)")
        .expect("regex")
});
static FILE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s`(\[/])((?:[\w@.-]+/)*[\w@-][\w@.-]*\.[A-Za-z][A-Za-z0-9]{0,7}):(\d{1,7})(?:\s?[-–]\s?L?(\d{1,7}))?(?-u:\b)")
        .expect("regex")
});
/// `path#L12`, `path#L12-L40` (a link target or a code span).
static ANCHOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([^#\s]+)#L(\d{1,7})(?:-L?(\d{1,7}))?$").expect("regex"));
/// "lines 839–1168", "line 42", "L839-L1168" after a path on the line.
static LINE_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:(?-u:\b)lines?\s+|(?-u:\b)L)(\d{1,7})(?:\s*(?:-|–|—|to)\s*L?(\d{1,7}))?(?-u:\b)",
    )
    .expect("regex")
});
static ENDPOINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s`(:])((?:/api|/v\d+|/healthz?|/readyz?|/livez|/metrics)(?:/[\w{}:.-]+)*)")
        .expect("regex")
});
static PORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:(?-u:\b)port\s*[:=]?\s*|localhost:|127\.0\.0\.1:|0\.0\.0\.0:)(\d{2,5})(?-u:\b)",
    )
    .expect("regex")
});
static CRD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)([A-Z][A-Za-z0-9]+)`?\s+CRDs?(?-u:\b)").expect("regex"));
static MAKE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\$\s*)?make\s+([A-Za-z0-9][\w./-]*)").expect("regex"));
static PERCENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,3}(?:\.\d+)?)\s*%").expect("regex"));

/// Words after (or in the column of) a percentage that make it a completion claim.
const COMPLETION_WORDS: &[&str] = &[
    "complete",
    "completed",
    "completion",
    "done",
    "implemented",
    "ready",
    "finished",
];

fn line_claims(
    n: u32,
    line: &str,
    spans: &[String],
    mark: Option<Mark>,
    in_table: bool,
    table_header: Option<&str>,
    out: &mut Collector,
) {
    let planned = mark == Some(Mark::Planned) || planned_words(line);
    let line_mark = if planned { Some(Mark::Planned) } else { mark };
    let first_cell_end = if in_table {
        let body = line.trim_start().trim_start_matches('|');
        let offset = line.len() - body.len();
        body.find('|').map_or(line.len(), |i| offset + i)
    } else {
        line.len()
    };
    // Paths named on the line, with where they start, for the line-count claims.
    let mut paths: Vec<(usize, String)> = Vec::new();
    // Where each `file:line` citation ends, for the symbol the document says is there.
    let mut cited: Option<(usize, ClaimKind)> = None;
    // Spans come in the order of the line: each is looked for after the one before, so a line
    // of many spans is read once, not once per span.
    let mut cursor = 0;
    for span in spans {
        if out.dropped > 0 {
            return;
        }
        let at = line[cursor..]
            .find(span.as_str())
            .map_or(cursor, |i| cursor + i);
        let end = (at + span.len()).min(line.len());
        cursor = at;
        let span_mark = || path_mark(line, at, end, line_mark, in_table.then_some(first_cell_end));
        if let Some(target) = MAKE.captures(span) {
            out.push(
                n,
                ClaimKind::MakeTarget {
                    name: target[1].to_string(),
                },
                line_mark.unwrap_or(Mark::Mentioned),
                line,
            );
            continue;
        }
        if let Some(kind) = cited_line(span) {
            flush_cited(&mut cited, None, n, line_mark, line, out);
            cited = Some((end, kind));
            continue;
        }
        if let Some(p) = as_path(span) {
            flush_cited(&mut cited, None, n, line_mark, line, out);
            paths.push((at, p.0.clone()));
            out.push_at(
                n,
                ClaimKind::Path {
                    path: p.0,
                    dir: p.1,
                    tree_root: None,
                },
                span_mark(),
                line,
                at,
            );
            continue;
        }
        // The code span after a citation is what the document says is there.
        if let Some((cited_end, _)) = &cited {
            let between = &line[(*cited_end).min(at)..at];
            if !between.chars().any(char::is_alphanumeric) {
                let symbol = symbol_of(span);
                flush_cited(&mut cited, symbol, n, line_mark, line, out);
                continue;
            }
        }
        flush_cited(&mut cited, None, n, line_mark, line, out);
        if let Some(name) = code_symbol(span) {
            out.push_at(n, ClaimKind::Symbol { name }, span_mark(), line, at);
        }
    }
    flush_cited(&mut cited, None, n, line_mark, line, out);
    let path_mark = line_mark.unwrap_or(Mark::Mentioned);
    // `file:line` written outside code spans.
    for c in FILE_LINE.captures_iter(line) {
        let path = c[1].to_string();
        if looks_like_host(&path) || !has_known_extension(&path) {
            continue;
        }
        let (first, end) = line_numbers(&c);
        out.push(
            n,
            ClaimKind::FileLine {
                path,
                cited_line: first,
                cited_end: end,
                symbol: None,
            },
            path_mark,
            line,
        );
    }
    // "lines 839–1168" of the path named before it.
    for c in LINE_RANGE.captures_iter(line) {
        let Some(whole) = c.get(0) else { continue };
        let before = paths.partition_point(|(at, _)| *at < whole.start());
        let Some((_, path)) = before.checked_sub(1).and_then(|i| paths.get(i)) else {
            continue;
        };
        if !has_known_extension(path) {
            continue;
        }
        let first: u32 = c[1].parse().unwrap_or(0);
        let end = c.get(2).and_then(|m| m.as_str().parse().ok());
        out.push(
            n,
            ClaimKind::FileLine {
                path: path.clone(),
                cited_line: first,
                cited_end: end,
                symbol: None,
            },
            path_mark,
            line,
        );
    }
    for c in ENDPOINT.captures_iter(line) {
        let route = c[1].trim_end_matches(['.', ',', ':']).to_string();
        // `/api/v1` alone is a prefix, not a route.
        if last_static_segment(&route).is_some() {
            out.push(n, ClaimKind::Endpoint { route }, path_mark, line);
        }
    }
    for c in PORT.captures_iter(line) {
        if let Ok(port) = c[1].parse::<u16>() {
            if port >= 10 {
                out.push(n, ClaimKind::Port { port }, path_mark, line);
            }
        }
    }
    for c in CRD.captures_iter(line) {
        let kind = &c[1];
        // A kind is CamelCase (`AlertProcessing`, `AIAnalysis`), not a word (`Kubernetes`).
        let upper = kind.chars().filter(char::is_ascii_uppercase).count();
        if upper >= 2 && kind.chars().any(|c| c.is_ascii_lowercase()) {
            out.push(
                n,
                ClaimKind::Crd {
                    resource_kind: kind.to_string(),
                },
                path_mark,
                line,
            );
        }
    }
    for m in LINE_COUNT.captures_iter(line) {
        let Some(whole) = m.get(0) else { continue };
        let count: u64 = m[1].replace(',', "").parse().unwrap_or(0);
        let before = paths.partition_point(|(at, _)| *at <= whole.start());
        let path = before
            .checked_sub(1)
            .and_then(|i| paths.get(i))
            .or(paths.first().filter(|_| paths.len() == 1));
        if let (Some((_, path)), true) = (path, count > 0) {
            out.push(
                n,
                ClaimKind::LineCount {
                    path: path.clone(),
                    lines: count,
                },
                path_mark,
                line,
            );
        }
    }
    if in_table {
        table_line_count(n, line, table_header, &paths, path_mark, out);
    }
    count_claims(n, line, &paths, path_mark, out);
    percent_claims(n, line, in_table, table_header, path_mark, out);
}

/// A `file:line` citation waiting for the symbol that may follow it on the line.
fn flush_cited(
    cited: &mut Option<(usize, ClaimKind)>,
    symbol: Option<String>,
    n: u32,
    mark: Option<Mark>,
    line: &str,
    out: &mut Collector,
) {
    if let Some((_, mut kind)) = cited.take() {
        if let ClaimKind::FileLine { symbol: s, .. } = &mut kind {
            *s = symbol;
        }
        out.push(n, kind, mark.unwrap_or(Mark::Mentioned), line);
    }
}

/// `path:12`, `path:12-40`, `path#L12`, `path#L12-L40` in a code span or link target.
fn cited_line(span: &str) -> Option<ClaimKind> {
    if let Some(c) = FILE_LINE
        .captures(&format!(" {span}"))
        .filter(|c| has_known_extension(&c[1]))
    {
        let (first, end) = line_numbers(&c);
        return Some(ClaimKind::FileLine {
            path: c[1].to_string(),
            cited_line: first,
            cited_end: end,
            symbol: None,
        });
    }
    let c = ANCHOR.captures(span.trim())?;
    let path = as_path(&c[1])?.0;
    if !has_known_extension(&path) {
        return None;
    }
    Some(ClaimKind::FileLine {
        path,
        cited_line: c[2].parse().ok()?,
        cited_end: c.get(3).and_then(|m| m.as_str().parse().ok()),
        symbol: None,
    })
}

fn line_numbers(c: &regex::Captures<'_>) -> (u32, Option<u32>) {
    let first: u32 = c[2].parse().unwrap_or(0);
    let end = c
        .get(3)
        .and_then(|m| m.as_str().parse::<u32>().ok())
        .filter(|e| *e > first);
    (first, end)
}

/// The name a code span gives: `did: str` → `did`, `def load_config()` → `load_config`,
/// `Store.save()` → `save`. None for what is not a name.
pub fn symbol_of(span: &str) -> Option<String> {
    const KEYWORDS: &[&str] = &[
        "fn",
        "def",
        "class",
        "func",
        "function",
        "const",
        "let",
        "var",
        "type",
        "struct",
        "interface",
        "pub",
        "async",
        "export",
        "public",
        "private",
        "protected",
        "static",
        "enum",
        "trait",
        "impl",
        "val",
        "object",
        "record",
        "void",
        "final",
        "abstract",
        "override",
        "readonly",
        "default",
        "mod",
        "module",
    ];
    const NOT_NAMES: &[&str] = &[
        "true", "false", "none", "null", "nil", "self", "this", "todo", "fixme", "str", "int",
        "bool", "string", "return",
    ];
    let mut words = span
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.' || c == ':'))
        .filter(|w| !w.is_empty());
    let mut word = words.next()?;
    while KEYWORDS.contains(&word) {
        word = words.next()?;
    }
    let name = word
        .trim_end_matches(':')
        .rsplit(['.', ':'])
        .find(|s| !s.is_empty())?;
    let ok = name.chars().count() >= 3
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !NOT_NAMES.contains(&name.to_lowercase().as_str());
    ok.then(|| name.to_string())
}

static CODE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:pub|async|export|public|private|static|fn|def|class|func|function|struct|interface|trait|enum|type|const|let|var)\s+)*([A-Za-z_][A-Za-z0-9_]*(?:(?:::|\.|#)[A-Za-z_][A-Za-z0-9_]*)*)(?:\(\))?$")
        .expect("regex")
});

/// The name a code span gives when it is a name of code and nothing else: `ToolExecutor`,
/// `get_tools()`, `Plugin::build`, `class Brain`. Words (`true`, `auth`), commands, paths
/// and expressions are not. The name searched is the last part of a qualified one, or the
/// first when the last is too short to mean anything.
pub fn code_symbol(span: &str) -> Option<String> {
    let c = CODE_NAME.captures(span.trim())?;
    let whole = c.get(1)?.as_str();
    let called = span.trim_end().ends_with("()");
    let keyword = span.trim() != whole && !called;
    let parts: Vec<&str> = whole
        .split(['.', ':', '#'])
        .filter(|p| !p.is_empty())
        .collect();
    let qualified = parts.len() > 1;
    let codeish = |p: &str| {
        let chars: Vec<char> = p.chars().collect();
        let camel = chars
            .windows(2)
            .any(|w| w[0].is_lowercase() && w[1].is_uppercase())
            || (chars.first().is_some_and(|c| c.is_uppercase())
                && chars.iter().skip(1).any(|c| c.is_lowercase())
                && chars.iter().filter(|c| c.is_uppercase()).count() >= 2);
        camel || p.contains('_')
    };
    if !(called || keyword || qualified || parts.iter().any(|p| codeish(p))) {
        return None;
    }
    // `e.g`, `i.e`, `v1.2`, `node.js` and file-like names are not code names.
    if qualified && parts.iter().all(|p| p.len() <= 3) {
        return None;
    }
    let last = parts.last()?;
    let name = if last.chars().count() >= 4 {
        last
    } else {
        parts.first()?
    };
    (name.chars().count() >= 4
        && name.chars().any(|c| c.is_alphabetic())
        && !name.chars().all(|c| c.is_uppercase() || c == '_')
        || name.contains('_') && name.len() >= 6)
        .then(|| name.to_string())
}

/// Words right after a path that say it is not there.
const ABSENT_AFTER: &[&str] = &[
    "does not exist",
    "doesn't exist",
    "do not exist",
    "does not exists",
    "not exist",
    "not exists",
    "not found",
    "missing",
    "not created",
    "not yet created",
    "absent",
    "not present",
    "deleted",
    "removed",
    "no such file",
    "nonexistent",
    "non-existent",
];
/// Filler between a path and what is said of it.
const FILLER: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "file",
    "files",
    "directory",
    "folder",
    "still",
    "currently",
    "yet",
    "status",
    "dir",
];
/// Imperatives of a plan that bring a file into being.
const CREATE_VERBS: &[&str] = &[
    "create",
    "add",
    "implement",
    "write",
    "build",
    "introduce",
    "scaffold",
    "generate",
    "creating",
    "adding",
    "define",
];
/// Words after which a path is the place of the work, not what the work makes.
const PLACE_WORDS: &[&str] = &[
    "in", "into", "to", "from", "of", "via", "using", "with", "on", "under", "inside", "at",
];
/// Words that make a sentence hypothetical: what it names may not exist.
const MODAL: &[&str] = &[
    "will", "would", "should", "could", "can", "may", "might", "must", "shall", "e.g", "eg",
];
/// Words of a plan that work on a file that is there.
const CHANGE_WORDS: &[&str] = &[
    "update",
    "modify",
    "refactor",
    "extend",
    "fix",
    "edit",
    "change",
    "enhance",
    "improve",
    "rename",
    "split",
    "replace",
    "remove",
    "delete",
    "migrate",
    "wire",
    "integrate",
    "review",
    "see",
    "check",
    "in",
    "into",
    "from",
    "use",
    "using",
    "of",
    "via",
    "existing",
    "current",
];
/// Words that may precede the item a line is about: marks in words, numbering.
const LEADING: &[&str] = &[
    "x",
    "missing",
    "todo",
    "done",
    "partial",
    "planned",
    "not",
    "implemented",
    "status",
    "file",
    "files",
    "step",
];

fn words_of(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| !w.is_empty() && w.chars().any(char::is_alphanumeric))
        .map(str::to_string)
        .collect()
}

/// Bytes either side of a path that are read for what the document says of it.
const WINDOW: usize = 160;

/// The largest char boundary of `s` at or below `i`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// What the document says of the path at `start..end` of the line: its own words around
/// it first ("`x.py` does not exist", "No `x.py`", "Create `x.py`"), then the line's mark,
/// read as what it says of this path: a ❌ line says a path is missing only when the path
/// is the item itself, not the place a missing feature is described.
fn path_mark(
    line: &str,
    start: usize,
    end: usize,
    mark: Option<Mark>,
    first_cell_end: Option<usize>,
) -> Mark {
    // The text the path belongs to: its table cell, else the line; at most a window either
    // side, so that a line of many paths is read in linear time.
    let lo = floor_boundary(line, start.saturating_sub(WINDOW));
    let hi = floor_boundary(line, (end + WINDOW).min(line.len()));
    let (seg_start, seg_end) = match first_cell_end {
        Some(_) => {
            let s = line[lo..start].rfind('|').map_or(lo, |i| lo + i + 1);
            let e = line[end..hi].find('|').map_or(hi, |i| end + i);
            (s, e)
        }
        None => (lo, hi),
    };
    let before = words_of(&line[seg_start..start]);
    let after_all = words_of(&line[end..seg_end]);
    let after: Vec<&str> = after_all
        .iter()
        .map(String::as_str)
        .skip_while(|w| FILLER.contains(w))
        .collect();
    let after_text = after.iter().take(5).copied().collect::<Vec<_>>().join(" ");
    if ABSENT_AFTER.iter().any(|p| after_text.starts_with(p)) {
        return Mark::Missing;
    }
    let last = |k: usize| before.iter().rev().take(k).map(String::as_str);
    if last(1).any(|w| {
        matches!(
            w,
            "no" | "missing" | "without" | "lacks" | "lacking" | "absent"
        )
    }) {
        return Mark::Missing;
    }
    // "removed the empty `catalog.rb`" (not "removed X from `a.rb`").
    if last(5).any(|w| matches!(w, "removed" | "deleted" | "dropped"))
        && !last(1).any(|w| PLACE_WORDS.contains(&w))
        && mark != Some(Mark::Planned)
    {
        return Mark::Missing;
    }
    let raw_after = line[end..seg_end].to_lowercase();
    let create_after = [
        "(new)",
        "(new file)",
        "(to create)",
        "(to be created)",
        "(planned)",
    ]
    .iter()
    .any(|w| raw_after.contains(w));
    let create_before =
        last(3).any(|w| CREATE_VERBS.contains(&w)) && !last(1).any(|w| PLACE_WORDS.contains(&w));
    let hypothetical = before.iter().any(|w| MODAL.contains(&w.as_str()));
    let change_near = last(3).any(|w| CHANGE_WORDS.contains(&w))
        || after.iter().take(2).any(|w| CHANGE_WORDS[..16].contains(w));
    let leading = before
        .iter()
        .all(|w| LEADING.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit()))
        && first_cell_end.is_none_or(|e| start < e);
    match mark {
        Some(Mark::Done | Mark::Partial) => mark.unwrap_or(Mark::Done),
        Some(Mark::Planned) => {
            if create_before || create_after {
                Mark::Planned
            } else if change_near {
                Mark::InPlan
            } else if leading {
                Mark::Planned
            } else {
                Mark::InPlan
            }
        }
        Some(Mark::Missing) => {
            if create_before || create_after {
                Mark::Planned
            } else if leading && after.len() <= 4 {
                Mark::Missing
            } else {
                Mark::InPlan
            }
        }
        _ if create_after || create_before => Mark::Planned,
        _ if hypothetical || last(3).any(|w| CREATE_VERBS.contains(&w)) => Mark::InPlan,
        _ => Mark::Mentioned,
    }
}

/// A table whose header has a "Lines" column: each row's path has that many lines.
fn table_line_count(
    n: u32,
    line: &str,
    table_header: Option<&str>,
    paths: &[(usize, String)],
    mark: Mark,
    out: &mut Collector,
) {
    let Some(header) = table_header else { return };
    let Some((_, path)) = paths.first() else {
        return;
    };
    let column = header.trim().trim_matches('|').split('|').position(|h| {
        let h = h.trim().trim_matches(|c: char| c == '*' || c == '#').trim();
        h.starts_with("lines")
            || h.starts_with("line count")
            || matches!(h, "loc" | "sloc" | "size (lines)" | "行数" | "行")
    });
    let Some(column) = column else { return };
    let cells: Vec<&str> = line.trim().trim_matches('|').split('|').collect();
    let Some(cell) = cells.get(column) else {
        return;
    };
    let digits: String = cell
        .trim()
        .trim_start_matches(['~', '≈'])
        .chars()
        .filter(|c| *c != ',')
        .take_while(char::is_ascii_digit)
        .collect();
    if let Ok(lines) = digits.parse::<u64>() {
        if lines > 0 {
            out.push(
                n,
                ClaimKind::LineCount {
                    path: path.clone(),
                    lines,
                },
                mark,
                line,
            );
        }
    }
}

static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[\s(*|:])(\d{1,3}(?:,\d{3})+|\d{1,6})\+?\s+(?:(api|http|rest|database|db|sql|unit|integration|e2e|test|python|typescript|javascript|go|rust|java|c#|source|react|custom)\s+)?(endpoints?|routes?|tables?|models?|tests?|test cases?|test files?|files?|hooks?|components?|pages?|services?|controllers?|migrations?|handlers?)(?-u:\b)")
        .expect("regex")
});

/// "49 endpoints", "46 database tables", "12 files" (of the directory the line names).
fn count_claims(n: u32, line: &str, paths: &[(usize, String)], mark: Mark, out: &mut Collector) {
    if !line.chars().any(|c| c.is_ascii_digit()) {
        return;
    }
    for c in COUNT.captures_iter(line) {
        let Some(whole) = c.get(0) else { continue };
        let count: u64 = c[1].replace(',', "").parse().unwrap_or(0);
        // `3.2 files`, `v2 routes`, `12:30 tests`: not counts.
        let before = &line[..c.get(1).map_or(0, |m| m.start())];
        if before.ends_with(['.', 'v', 'V', '/', '-', '#']) || count == 0 {
            continue;
        }
        let qualifier = c.get(2).map(|m| m.as_str().to_lowercase());
        let noun_word = c[3].to_lowercase();
        let noun = match &qualifier {
            Some(q) => format!("{q} {noun_word}"),
            None => noun_word.clone(),
        };
        let stem = noun_word.trim_end_matches('s');
        // The directory named next to the count, after it or before it.
        let next = paths.partition_point(|(at, _)| *at <= whole.start());
        let dir = [Some(next), next.checked_sub(1)]
            .into_iter()
            .flatten()
            .filter_map(|i| paths.get(i))
            .find(|(_, p)| !has_known_extension(p))
            .map(|(_, p)| p.clone());
        let counted = match stem {
            "endpoint" | "route" => Counted::Routes,
            "test" | "test case" if qualifier.as_deref() != Some("e2e") => Counted::Tests,
            "file" | "test file" if dir.is_some() => Counted::Files,
            _ => Counted::Other,
        };
        let path = if counted == Counted::Files { dir } else { None };
        out.push(
            n,
            ClaimKind::Count {
                count,
                noun,
                counted,
                path,
            },
            mark,
            line,
        );
    }
}

fn planned_words(line: &str) -> bool {
    let lower = line.to_lowercase();
    [
        "need to create",
        "needs to be created",
        "to be created",
        "to be added",
        "will create",
        "will be created",
        "(planned)",
        "(todo)",
        "(new)",
        "need to enhance",
        "need to add",
        "needs to be added",
        "required implementation",
        "to be implemented",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

fn percent_claims(
    n: u32,
    line: &str,
    in_table: bool,
    table_header: Option<&str>,
    mark: Mark,
    out: &mut Collector,
) {
    if !line.contains('%') {
        return;
    }
    let words_after = |from: usize| {
        let rest = line[from..].to_lowercase();
        let rest: String = rest.chars().take(40).collect();
        COMPLETION_WORDS.iter().any(|w| {
            rest.split(|c: char| !c.is_alphanumeric())
                .take(4)
                .any(|x| x == *w)
        })
    };
    if in_table {
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').collect();
        let header_cells: Vec<String> = table_header
            .map(|h| {
                h.trim()
                    .trim_matches('|')
                    .split('|')
                    .map(|s| s.trim().to_string())
                    .collect()
            })
            .unwrap_or_default();
        let label = cells.first().map(|c| clean_label(c)).unwrap_or_default();
        for (i, cell) in cells.iter().enumerate().skip(1) {
            let Some(m) = PERCENT.captures(cell) else {
                continue;
            };
            let header_says = header_cells
                .get(i)
                .is_some_and(|h| COMPLETION_WORDS.iter().any(|w| h.contains(w)));
            let end = m.get(0).map(|g| g.end()).unwrap_or(0);
            let cell_says = COMPLETION_WORDS
                .iter()
                .any(|w| cell[end..].to_lowercase().contains(w));
            if (header_says || cell_says) && !label.is_empty() {
                let percent: f64 = m[1].parse().unwrap_or(0.0);
                out.push(n, ClaimKind::Percent { label, percent }, mark, line);
                return;
            }
        }
        return;
    }
    for m in PERCENT.captures_iter(line) {
        let Some(whole) = m.get(0) else { continue };
        let before = &line[..whole.start()];
        let label_says = {
            let l = clean_label(before).to_lowercase();
            ["completed", "complete", "completion", "progress", "done"]
                .iter()
                .any(|w| l == *w || l.ends_with(&format!(" {w}")))
        };
        if !words_after(whole.end()) && !label_says {
            continue;
        }
        let percent: f64 = m[1].parse().unwrap_or(0.0);
        if percent > 100.0 {
            continue;
        }
        // The label: what precedes the number on the line, or inside the parenthesis
        // `### 1. API Layer ❌ (0% Complete)`, what precedes the parenthesis.
        let before = before.trim_end().trim_end_matches('(').trim_end();
        let before = before.rsplit(['(', '|']).next().unwrap_or(before);
        let label = clean_label(before);
        out.push(n, ClaimKind::Percent { label, percent }, mark, line);
    }
}

fn clean_label(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace() || matches!(c, '&' | '/' | '-'))
        .collect();
    let s = s.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace() || c == '-');
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// File extensions that make a backticked word a path.
const EXTENSIONS: &[&str] = &[
    "go",
    "py",
    "rs",
    "ts",
    "tsx",
    "js",
    "jsx",
    "mjs",
    "cjs",
    "java",
    "kt",
    "kts",
    "rb",
    "php",
    "cs",
    "c",
    "h",
    "cc",
    "cpp",
    "hpp",
    "swift",
    "scala",
    "sh",
    "bash",
    "zsh",
    "ps1",
    "yaml",
    "yml",
    "json",
    "toml",
    "ini",
    "cfg",
    "conf",
    "env",
    "md",
    "markdown",
    "mdx",
    "rst",
    "txt",
    "sql",
    "proto",
    "graphql",
    "tf",
    "hcl",
    "lock",
    "mod",
    "sum",
    "xml",
    "html",
    "css",
    "scss",
    "vue",
    "svelte",
    "dockerfile",
    "properties",
    "gradle",
    "example",
    "template",
    "tpl",
    "j2",
    "csv",
    "ipynb",
    "prisma",
    "db",
    "sqlite",
    "pem",
    "service",
    "cue",
    "jsonnet",
    "libsonnet",
    "lua",
];

fn has_known_extension(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// File names that are paths without an extension.
const PLAIN_FILES: &[&str] = &[
    "Dockerfile",
    "Makefile",
    "Jenkinsfile",
    "Procfile",
    "Vagrantfile",
    "Containerfile",
    "Tiltfile",
    "Gemfile",
    "Rakefile",
    "LICENSE",
    "CODEOWNERS",
];

/// Whether a code span or link target names a repository path: `(path, is_dir)`.
pub fn as_path(span: &str) -> Option<(String, bool)> {
    let s = span
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .trim_end_matches([',', ';', ':']);
    let s = s.split('#').next().unwrap_or("").trim_start_matches("./");
    // `src/api/*`, `src/**`: the directory.
    let s = s
        .strip_suffix("/**")
        .or_else(|| s.strip_suffix("/*"))
        .map(|d| if d.is_empty() { s } else { d })
        .unwrap_or(s);
    if s.is_empty()
        || s.len() > 300
        || s.starts_with('/')
        || s.starts_with('-')
        || s.starts_with('~')
        || s.starts_with('$')
        || s.contains("://")
        || s.starts_with("mailto:")
        || s.chars().any(|c| {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | ')'
                        | '='
                        | '<'
                        | '>'
                        | '*'
                        | '$'
                        | '|'
                        | '"'
                        | ','
                        | '\''
                        | '`'
                        | '?'
                        | '!'
                        | ';'
                        | '\\'
                )
        })
        || s.split('/').any(|seg| seg == "..")
        || looks_like_host(s)
        // `@scope/package`: an npm package, not a path; `{zone}`: a placeholder.
        || s.starts_with('@')
        || s.contains('{')
        // `users/:userId/terminate`: a route with a parameter.
        || s.split('/').any(|seg| seg.starts_with(':'))
    {
        return None;
    }
    let dir = s.ends_with('/');
    let s = s.trim_end_matches('/');
    let name = s.rsplit('/').next().unwrap_or(s);
    if name.is_empty() || !name.chars().any(|c| c.is_alphanumeric()) {
        return None;
    }
    let has_extension = name.rsplit_once('.').is_some_and(|(stem, ext)| {
        EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
            && (!stem.is_empty() || name.starts_with('.'))
    });
    // `Bun.env`, `process.env`: a property, not a file.
    if !slashed_path(s) && name.ends_with(".env") && name.len() > 4 && !name.starts_with('.') {
        return None;
    }
    let dotfile = name.starts_with('.') && name.len() > 2 && !name[1..].contains('.');
    let known_name = PLAIN_FILES.contains(&name) || name.starts_with("Dockerfile.");
    let slashed = s.contains('/') || dir;
    // `ci/cd` and `TCP/UDP` are words, not paths: a slashed path needs a lowercase letter or
    // an extension, and directories written as words need a trailing slash.
    let wordish = slashed
        && !dir
        && !has_extension
        && s.split('/').count() == 2
        && !s.chars().any(|c| c == '_' || c == '-' || c == '.')
        && s.len() <= 7;
    if (has_extension || dotfile || known_name || slashed) && !wordish {
        Some((s.to_string(), dir))
    } else {
        None
    }
}

fn slashed_path(s: &str) -> bool {
    s.contains('/')
}

/// `github.com/org/repo`, `k8s.io/api`: module paths and hosts, not repository paths.
fn looks_like_host(s: &str) -> bool {
    let first = s.split('/').next().unwrap_or("");
    s.contains('/')
        && first.contains('.')
        && !first.starts_with('.')
        && [
            ".com", ".io", ".org", ".net", ".dev", ".in", ".co", ".sh", ".ai",
        ]
        .iter()
        .any(|tld| first.ends_with(tld))
}

/// Claims of a code block: a directory tree, a list of files, or code with `file:line`
/// comments and `make` commands.
fn code_block_claims(block: &CodeBlock, context: &str, section: Option<Mark>, out: &mut Collector) {
    let context_lower = context.to_lowercase();
    let block_lower = block.content.to_lowercase();
    let planned = planned_words(&context_lower)
        || block_lower.contains("need to create")
        || context_lower.contains("proposed")
        || context_lower.contains("target structure");
    let block_mark = if planned {
        Mark::Planned
    } else {
        section.unwrap_or(Mark::Mentioned)
    };
    let is_tree = block.content.contains('├') || block.content.contains('└');
    if is_tree {
        tree_claims(block, block_mark, out);
        return;
    }
    let lines: Vec<&str> = block.content.lines().collect();
    let file_list = !block.lang.is_empty()
        && !["text", "txt", "plain"].contains(&block.lang.as_str())
        || lines.iter().filter(|l| !l.trim().is_empty()).count() == 0;
    let plain_text = ["", "text", "txt", "plain", "markdown", "md"].contains(&block.lang.as_str());
    let all_paths = !file_list
        && lines.iter().filter(|l| !l.trim().is_empty()).all(|l| {
            let t = l.trim().trim_start_matches(['-', '*', '+']).trim();
            let token = t.split_whitespace().next().unwrap_or("");
            as_path(token).is_some()
        });
    for (i, raw) in lines.iter().enumerate() {
        let n = block.content_line + i as u32;
        let t = raw.trim().trim_end_matches('\r');
        if t.is_empty() {
            continue;
        }
        if all_paths {
            let item = t.trim_start_matches(['-', '*', '+']).trim();
            let token = item.split_whitespace().next().unwrap_or("");
            if let Some((path, dir)) = as_path(token) {
                let m = mark_of(t, false).unwrap_or(block_mark);
                out.push(
                    n,
                    ClaimKind::Path {
                        path,
                        dir,
                        tree_root: None,
                    },
                    m,
                    t,
                );
            }
            continue;
        }
        if let Some(c) = MAKE.captures(t) {
            out.push(
                n,
                ClaimKind::MakeTarget {
                    name: c[1].to_string(),
                },
                block_mark,
                t,
            );
        }
        // `file:line` in a comment (`// monitoring/config.go:159`), or anywhere in text.
        let is_comment = ["//", "#", "--", "/*", "*"]
            .iter()
            .any(|p| t.starts_with(p));
        if is_comment || plain_text {
            for c in FILE_LINE.captures_iter(t) {
                let path = c[1].to_string();
                if looks_like_host(&path) || !has_known_extension(&path) {
                    continue;
                }
                let (first, end) = line_numbers(&c);
                out.push(
                    n,
                    ClaimKind::FileLine {
                        path,
                        cited_line: first,
                        cited_end: end,
                        symbol: None,
                    },
                    block_mark,
                    t,
                );
            }
        }
        // A plain-text block of marked lines: `❌ HousingController.java - NOT EXISTS`.
        if plain_text {
            let own = mark_of(t, false);
            let mark = match (own, block_mark) {
                (Some(Mark::Partial), Mark::Missing) => Some(Mark::Missing),
                (Some(m), _) => Some(m),
                (None, Mark::Mentioned) => None,
                (None, m) => Some(m),
            };
            let mut from = 0;
            for token in t.split_whitespace() {
                let at = t[from..].find(token).map_or(from, |i| from + i);
                from = at + token.len();
                let bare = token.trim_matches(|c: char| {
                    matches!(c, '`' | '(' | ')' | '[' | ']' | ',' | ';' | '"' | '\'')
                });
                if bare.contains(':') && FILE_LINE.is_match(&format!(" {bare}")) {
                    continue;
                }
                let Some((path, dir)) = as_path(bare) else {
                    continue;
                };
                // A word with a slash in running text (`and/or`) is not worth a claim
                // unless the line marks it.
                if mark.is_none() && !has_known_extension(&path) && !dir {
                    continue;
                }
                let m = if mark.is_some()
                    || ABSENT_AFTER
                        .iter()
                        .any(|w| t[from..].to_lowercase().contains(w))
                {
                    path_mark(t, at, from, mark, None)
                } else {
                    Mark::Mentioned
                };
                out.push(
                    n,
                    ClaimKind::Path {
                        path,
                        dir,
                        tree_root: None,
                    },
                    m,
                    t,
                );
            }
        }
    }
}

/// A directory tree drawn with `├──`/`└──`: each entry's path is its ancestors' names joined.
fn tree_claims(block: &CodeBlock, block_mark: Mark, out: &mut Collector) {
    struct Entry {
        line: u32,
        indent: usize,
        path: String,
        dir: bool,
        mark: Mark,
        quote: String,
    }
    let mut entries: Vec<Entry> = Vec::new();
    // Open directories: (indent, path).
    let mut stack: Vec<(usize, String)> = Vec::new();
    for (i, raw) in block.content.lines().enumerate() {
        let n = block.content_line + i as u32;
        let line = raw.trim_end_matches('\r');
        let body_start = line
            .char_indices()
            .find(|(_, c)| {
                !matches!(
                    c,
                    ' ' | '\t' | '│' | '├' | '└' | '─' | '|' | '`' | '+' | '\u{a0}'
                )
            })
            .map(|(i, _)| i);
        let Some(start) = body_start else { continue };
        let indent = line[..start].chars().count();
        let body = &line[start..];
        let token = body.split_whitespace().next().unwrap_or("");
        let token = token.trim_end_matches([',', ':']);
        if token.starts_with('#') || token == "..." || token.starts_with("//") {
            continue;
        }
        let Some((name, dir_written)) = tree_name(token) else {
            continue;
        };
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        // The previous entry is a directory when this one is deeper.
        if let Some(prev) = entries.last_mut() {
            if prev.indent < indent {
                prev.dir = true;
            }
        }
        let path = match stack.last() {
            Some((_, parent)) => format!("{parent}/{name}"),
            None => name.clone(),
        };
        let annotation = &body[token.len().min(body.len())..];
        let mark = mark_of(annotation, false)
            .or_else(|| planned_words(annotation).then_some(Mark::Planned))
            .unwrap_or(block_mark);
        stack.push((indent, path.clone()));
        entries.push(Entry {
            line: n,
            indent,
            path,
            dir: dir_written,
            mark,
            quote: line.trim().to_string(),
        });
    }
    // A single top entry holding all others is the tree's root: possibly the repository's
    // own name, so the checker may resolve entries without it.
    let min_indent = entries.iter().map(|e| e.indent).min().unwrap_or(0);
    let tops: Vec<&Entry> = entries.iter().filter(|e| e.indent == min_indent).collect();
    let root = (tops.len() == 1 && entries.len() > 1 && tops[0].dir).then(|| tops[0].path.clone());
    for e in entries {
        out.push(
            e.line,
            ClaimKind::Path {
                path: e.path,
                dir: e.dir,
                tree_root: root.clone(),
            },
            e.mark,
            &e.quote,
        );
    }
}

fn tree_name(token: &str) -> Option<(String, bool)> {
    let dir = token.ends_with('/');
    let name = token.trim_end_matches('/');
    let ok = !name.is_empty()
        && name.chars().any(|c| c.is_alphanumeric())
        && name.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | '@' | '[' | ']' | '{' | '}')
        });
    ok.then(|| (name.trim_start_matches("./").to_string(), dir))
}

/// The last segment of a route that is not a parameter or a version.
pub fn last_static_segment(route: &str) -> Option<String> {
    route
        .split('/')
        .rev()
        .find(|s| {
            let version = s.starts_with('v') && s[1..].chars().all(|c| c.is_ascii_digit());
            !(s.is_empty() || s.starts_with('{') || s.starts_with(':') || version || *s == "api")
        })
        .map(str::to_string)
}

/// Regex of a port number as code, manifests and configuration write it.
pub fn port_regex(port: u16) -> String {
    format!(r"(?-u:\b){port}(?-u:\b)")
}

/// Regex of a custom resource kind as a manifest (`kind: X`) or Go/Python type declares it.
pub fn crd_regex(kind: &str) -> String {
    let k = regex::escape(kind);
    format!(r"(?:kind:\s*{k}|type\s+{k}\s+struct|class\s+{k})(?-u:\b)")
}

/// A route as a regex: `{id}` and `:id` parameters match any segment.
pub fn route_regex(route: &str) -> String {
    let parts: Vec<String> = route
        .split('/')
        .map(|seg| {
            if seg.starts_with('{') || seg.starts_with(':') || seg.starts_with('<') {
                r#"[^/"'\s]+"#.to_string()
            } else {
                regex::escape(seg)
            }
        })
        .collect();
    format!("{}\\b", parts.join("/"))
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_huge_line_or_document_is_read_in_part_and_says_so() {
        let line = "`src/a.py` done; ".repeat(MAX_LINE_BYTES / 10);
        let text = format!("# Status\n{line}\n- `src/b.py` ✅\n");
        let e = extract(&text);
        assert_eq!((e.long_lines, e.first_long_line), (1, Some(2)));
        assert!(
            e.claims.iter().any(|c| c.line == 3),
            "the line after is read"
        );
        let many = "- `src/c.py` ✅ and more words to fill the line\n".repeat(MAX_READ_BYTES / 40);
        let e = extract(&many);
        let cut = e.cut_at_line.expect("cut");
        assert!(e.claims.iter().all(|c| c.line < cut));
    }
    use super::*;

    fn kinds(text: &str) -> Vec<(u32, String, String, Mark)> {
        extract(text)
            .claims
            .into_iter()
            .map(|c| (c.line, c.kind.name().to_string(), c.kind.subject(), c.mark))
            .collect()
    }

    #[test]
    fn paths_line_counts_and_marks() {
        let doc = "# Status\r\n\r\n- ✅ `src/a.ts` enhanced (~140 lines)\r\n- ❌ `docs/GONE.md`\r\n- `make validate` works\r\n- ✅ Health checks for all services\r\n";
        assert_eq!(
            kinds(doc),
            vec![
                (3, "path".into(), "src/a.ts".into(), Mark::Done),
                (
                    3,
                    "line_count".into(),
                    "src/a.ts ~140 lines".into(),
                    Mark::Done
                ),
                (4, "path".into(), "docs/GONE.md".into(), Mark::Missing),
                (
                    5,
                    "make_target".into(),
                    "make validate".into(),
                    Mark::Mentioned
                ),
                (
                    6,
                    "status".into(),
                    "Health checks for all services".into(),
                    Mark::Done
                ),
            ]
        );
    }

    #[test]
    fn label_lines_mark_the_list_below() {
        let doc = "**Existing Assets** ✅:\n- AI integration: `pkg/ai/` (~2,821 lines)\n- HolmesGPT client code\n\n**Missing Components** ❌:\n- AIAnalysis CRD schema definition\n\nText.\n- plain item\n";
        assert_eq!(
            kinds(doc),
            vec![
                (2, "path".into(), "pkg/ai".into(), Mark::Done),
                (
                    2,
                    "line_count".into(),
                    "pkg/ai ~2821 lines".into(),
                    Mark::Done
                ),
                (
                    3,
                    "status".into(),
                    "HolmesGPT client code".into(),
                    Mark::Done
                ),
                (6, "crd".into(), "AIAnalysis CRD".into(), Mark::Missing),
            ]
        );
    }

    #[test]
    fn tables_percentages_and_words() {
        let doc = "| Area | Complete |\n|---|---|\n| Code | 100% |\n| Docs | 95% |\n\n**Code:** 100% Complete\n**Pods:** 43% running\n\n| Feature | Status |\n|---|---|\n| `make deploy-qa` | Not Implemented |\n| Rate limiting | Partial |\n";
        assert_eq!(
            kinds(doc),
            vec![
                (3, "percent".into(), "Code: 100%".into(), Mark::Mentioned),
                (4, "percent".into(), "Docs: 95%".into(), Mark::Mentioned),
                (6, "percent".into(), "Code: 100%".into(), Mark::Mentioned),
                (
                    11,
                    "make_target".into(),
                    "make deploy-qa".into(),
                    Mark::Missing
                ),
                (12, "status".into(), "Rate limiting".into(), Mark::Partial),
            ]
        );
    }

    #[test]
    fn trees_and_code_comments() {
        let doc = "Need to create:\n\n```\nsrc/api/\n├── main.py   # app\n├── routers/\n│   └── health.py\n└── README.md\n```\n\n```go\n// monitoring/config.go:159\nx := 1\n```\n";
        assert_eq!(
            kinds(doc),
            vec![
                (4, "path".into(), "src/api".into(), Mark::Planned),
                (5, "path".into(), "src/api/main.py".into(), Mark::Planned),
                (6, "path".into(), "src/api/routers".into(), Mark::Planned),
                (
                    7,
                    "path".into(),
                    "src/api/routers/health.py".into(),
                    Mark::Planned
                ),
                (8, "path".into(), "src/api/README.md".into(), Mark::Planned),
                (
                    12,
                    "file_line".into(),
                    "monitoring/config.go:159".into(),
                    Mark::Mentioned
                ),
            ]
        );
    }

    #[test]
    fn words_that_are_not_paths() {
        for s in [
            "depends_on",
            "deployment.rolledBack",
            "ci/cd",
            "github.com/a/b",
            "https://x.io/a.md",
            "/etc/passwd",
            "../outside.go",
            "emptyDir",
            "a b.go",
            "users/:userId/terminate_connections",
            "@laravel/stream-react",
            "office/{zone}/safety",
            "Bun.env",
        ] {
            assert_eq!(as_path(s), None, "{s}");
        }
        for (s, p) in [
            (".env.example", ".env.example"),
            (
                "src/app/api/deployments/[id]/rollback/route.ts",
                "src/app/api/deployments/[id]/rollback/route.ts",
            ),
            ("deepseek-api/", "deepseek-api"),
            ("Dockerfile", "Dockerfile"),
            ("./docs/x.md#part", "docs/x.md"),
        ] {
            assert_eq!(as_path(s).map(|p| p.0), Some(p.to_string()), "{s}");
        }
    }

    #[test]
    fn severity_circles_are_not_status() {
        assert_eq!(mark_of("**Status:** 🔴 CRITICAL", false), None);
        assert_eq!(mark_of("- 🔴 Not started", false), Some(Mark::Missing));
        assert_eq!(
            mark_of("| Auth | Not Implemented |", true),
            Some(Mark::Missing)
        );
    }
}
