//! Documentation inventory: Markdown files and their headings.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{FileFacts, SourceFile};
use crate::facts::{DocFile, Heading};

/// Headings longer than this are cut; a heading is a title, not a paragraph.
const MAX_HEADING_CHARS: usize = 200;

pub fn wants(file_name: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown") || lower.ends_with(".mdx")
}

pub fn extract(file: &SourceFile<'_>, out: &mut FileFacts) {
    if !wants(file.file_name) {
        return;
    }
    let headings = headings(file.text);
    let title = headings
        .iter()
        .find(|h| h.level == 1)
        .map(|h| h.text.clone());
    let plans = if is_design_document(file.path) {
        plans(file.text, &headings)
    } else {
        Vec::new()
    };
    out.doc = Some(DocFile {
        path: file.path.to_string(),
        title,
        headings,
        plans,
        component: None,
    });
}

/// Most items read from one design document, and the characters kept of each.
const MAX_PLAN_ITEMS: usize = 5_000;
const MAX_PLAN_CHARS: usize = 300;

/// A document that says what the project means to build: a target architecture, a design, a
/// roadmap or plan, an RFC, a proposal or an ADR (by its name or its directory's).
pub fn is_design_document(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let (dirs, name) = lower.rsplit_once('/').unwrap_or(("", lower.as_str()));
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    const WORDS: &[&str] = &[
        "architecture",
        "design",
        "roadmap",
        "plan",
        "planning",
        "rfc",
        "proposal",
        "adr",
        "blueprint",
        "todo",
    ];
    let words_of = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    words_of(stem).iter().any(|w| WORDS.contains(&w.as_str()))
        || dirs
            .split('/')
            .any(|d| matches!(d, "adr" | "adrs" | "rfc" | "rfcs" | "design" | "designs"))
}

/// The headings, list items and table rows of a design document, outside code blocks.
fn plans(text: &str, headings: &[Heading]) -> Vec<Heading> {
    let mut out: Vec<Heading> = headings.to_vec();
    let mut fenced = false;
    for (i, line) in text.lines().enumerate() {
        if out.len() >= MAX_PLAN_ITEMS {
            break;
        }
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let item = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .or_else(|| t.strip_prefix("+ "))
            .or_else(|| t.strip_prefix('|'))
            .or_else(|| {
                let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
                (digits > 0)
                    .then(|| t[digits..].strip_prefix(". "))
                    .flatten()
            });
        if let Some(item) = item {
            let text: String = item.trim().chars().take(MAX_PLAN_CHARS).collect();
            if !text.is_empty() {
                out.push(Heading {
                    level: 0,
                    text,
                    line: (i + 1) as u32,
                    body: 0,
                });
            }
        }
    }
    out.sort_by_key(|h| h.line);
    out
}

/// The headings of a Markdown text, with their 1-based lines.
pub fn headings(text: &str) -> Vec<Heading> {
    let mut headings = Vec::new();
    let mut current: Option<(u8, u32, String)> = None;
    let lines = crate::text::LineIndex::new(text);
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((level_number(level), lines.line(range.start), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, line, text)) = current.take() {
                    let text: String = text.trim().chars().take(MAX_HEADING_CHARS).collect();
                    headings.push(Heading {
                        level,
                        text,
                        line,
                        body: 0,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, buf)) = current.as_mut() {
                    buf.push_str(&t);
                }
            }
            _ => {}
        }
    }
    section_sizes(text, &mut headings);
    headings
}

/// Sets each heading's `body`: the non-blank lines after it up to the next heading of the same
/// or a higher level (one pass over the lines, one over the headings).
fn section_sizes(text: &str, headings: &mut [Heading]) {
    if headings.is_empty() {
        return;
    }
    // Non-blank lines before each line number (1-based), so a section's size is a difference.
    let mut before = Vec::with_capacity(text.len() / 32 + 2);
    before.push(0u32);
    let mut count = 0u32;
    for line in text.lines() {
        before.push(count);
        if !line.trim().is_empty() {
            count += 1;
        }
    }
    before.push(count);
    let nonblank_before =
        |line: u32| -> u32 { before.get(line as usize).copied().unwrap_or(count) };
    // Ends found with a stack of open headings: a heading closes every open one of its level
    // or deeper.
    let mut open: Vec<usize> = Vec::new();
    let mut ends = vec![u32::MAX; headings.len()];
    for (i, h) in headings.iter().enumerate() {
        while let Some(&j) = open.last() {
            if headings[j].level >= h.level {
                ends[j] = h.line;
                open.pop();
            } else {
                break;
            }
        }
        open.push(i);
    }
    for (h, end) in headings.iter_mut().zip(ends) {
        let from = nonblank_before(h.line + 1);
        let to = if end == u32::MAX {
            count
        } else {
            nonblank_before(end)
        };
        h.body = to.saturating_sub(from);
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_counts_its_own_and_its_subsections_lines_up_to_the_next_peer() {
        let text = "# T\n\n## A\none\n\n### A1\ntwo\nthree\n## B\nfour\n\n# U\n";
        let body: Vec<(String, u32)> = headings(text)
            .into_iter()
            .map(|h| (h.text, h.body))
            .collect();
        assert_eq!(
            body,
            [
                ("T".to_string(), 7),
                ("A".to_string(), 4),
                ("A1".to_string(), 2),
                ("B".to_string(), 1),
                ("U".to_string(), 0),
            ]
        );
    }

    #[test]
    fn headings_carry_their_lines_and_code_spans() {
        let text = "# Title\r\n\nintro\n\n## Setup `make`\n\ntext\n\nSub\n---\n```\n# not a heading\n```\n";
        let h = headings(text);
        let got: Vec<_> = h
            .iter()
            .map(|h| (h.level, h.text.as_str(), h.line))
            .collect();
        assert_eq!(
            got,
            vec![(1, "Title", 1), (2, "Setup make", 5), (2, "Sub", 9)]
        );
    }
}
