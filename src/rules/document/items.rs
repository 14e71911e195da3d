//! The items of a design document, in its order: list items and task-list entries, data rows of
//! tables, the entries of file trees in fenced blocks, paragraphs that plan a file ("Need to
//! create `x`:"), and numbered headings with nothing listed below them. Each item knows its
//! section and its phase, and whether it sits in a part that describes today's state rather
//! than the target.

use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::claims::{Claim, ClaimKind, Mark};
use crate::text::LineIndex;

/// Items read from one document; the rest are counted, not read.
pub const MAX_ITEMS: usize = 2000;
/// An item's text is cut here; an item is a line of a plan, not a chapter.
const MAX_ITEM_CHARS: usize = 400;

/// How the document writes an item.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ItemForm {
    /// `- [ ] …` / `- [x] …`.
    Task,
    /// `- …`, `1. …`.
    ListItem,
    /// A data row of a table.
    TableRow,
    /// A path in a file tree or file list of a fenced block.
    TreeEntry,
    /// A paragraph that plans a file: "Need to create `src/cache/client.py`:".
    Paragraph,
    /// A numbered heading ("### 3. Add a Redis cache") with no item below it.
    Heading,
}

impl ItemForm {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemForm::Task => "task",
            ItemForm::ListItem => "list_item",
            ItemForm::TableRow => "table_row",
            ItemForm::TreeEntry => "tree_entry",
            ItemForm::Paragraph => "paragraph",
            ItemForm::Heading => "heading",
        }
    }
}

/// One item of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub line: u32,
    /// The last line of the item's own text (nested items are items of their own).
    pub end_line: u32,
    pub form: ItemForm,
    /// What the item plans, as written: inline code kept in backticks, the current-state
    /// columns of a table left out.
    pub text: String,
    /// The nearest heading above it, and that heading's line.
    pub section: String,
    pub section_line: u32,
    /// Index into [`Items::phases`].
    pub phase: Option<usize>,
    /// Marked done by the document (`[x]`, ✅ in a status column).
    pub done: bool,
    /// In a part that describes today's state or the background: it plans nothing.
    pub context: bool,
    /// For a tree entry or a planned paragraph: the path it names, and whether it is a
    /// directory. A tree entry under a root that may be the repository's name holds the path
    /// without it after a NUL (`Admin3/nginx\0nginx`).
    pub path: Option<(String, bool)>,
    /// For a table row: the table's header cells and the row's cells (all columns).
    pub cells: Vec<(String, String)>,
    /// The line of the list item it is nested in.
    pub parent: Option<u32>,
}

/// A phase of the plan: a heading that numbers a stage of the work.
#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    pub title: String,
    pub line: u32,
    /// The phase's number as the document writes it, when it writes one.
    pub number: Option<u32>,
    /// Phases (indices) this one comes after: the one the document names ("after Phase 1",
    /// "requires Phase 2"), else the phase before it.
    pub after: Vec<usize>,
    /// Effort in person-days when the heading gives it ("(2 weeks)", "— 3 days").
    pub effort_days: Option<f64>,
}

/// The items and phases of a document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Items {
    pub items: Vec<Item>,
    pub phases: Vec<Phase>,
    /// Items left out at [`MAX_ITEMS`].
    pub dropped: usize,
}

static LIST_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+(\[[ xX]\]\s+)?(\S.*)$").expect("regex")
});
static PHASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:phase|stage|milestone|step|sprint|iteration|wave|week|part|mvp|release)\s*#?\s*(\d{1,3}|[ivx]{1,5})\b|(\d{1,2})[.)]\s+\S)")
        .expect("regex")
});
static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:after|requires|depends on|blocked by|once|following)\s+(?:the\s+)?(?:phase|stage|milestone|step|sprint)\s*#?\s*(\d{1,3})\b")
        .expect("regex")
});
static EFFORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\(|\[|—|–|-|:|effort:?|estimate:?|~|≈)\s*~?\s*(\d{1,3}(?:\.\d)?)(?:\s*(?:-|–|to)\s*(\d{1,3}(?:\.\d)?))?\s*(?:person[- ])?(hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|sprints?)\b")
        .expect("regex")
});
static CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:why|background|context|motivation|problems?|overview|introduction|intro|current state|current architecture|today|as[- ]is|existing|glossary|references?|links|appendix|non[- ]goals|alternatives considered|open questions|faq|history|changelog|summary|terminology|what exists)\b")
        .expect("regex")
});
static PLANNING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:target|plan|planned|plans|tasks?|todo|to do|phase|roadmap|next|goals?|deliverables?|acceptance|milestones?|to[- ]be|proposed|future|implementation|steps?|migration|create|build|work items?|backlog|requirements?|checklist|criteria)\b")
        .expect("regex")
});
static CURRENT_COLUMN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:current(?:ly)?|current state|today|now|existing|as[- ]is|before|status quo|present|old|legacy|from)\s*$")
        .expect("regex")
});
static STATUS_COLUMN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:status|state|done|progress|complete|implemented)\s*$").expect("regex")
});

/// Effort in person-days a text gives ("(2 weeks)", "~3 d", "Effort: 4 hours").
pub fn effort_in(text: &str) -> Option<f64> {
    let c = EFFORT.captures(text)?;
    let low: f64 = c.get(1)?.as_str().parse().ok()?;
    let high: f64 = c
        .get(2)
        .and_then(|m| m.as_str().parse().ok())
        .unwrap_or(low);
    let unit = c.get(3)?.as_str().to_lowercase();
    let per = if unit.starts_with('h') {
        1.0 / 8.0
    } else if unit.starts_with('d') {
        1.0
    } else if unit.starts_with('w') {
        5.0
    } else if unit.starts_with('s') {
        10.0
    } else {
        20.0
    };
    let days = (low + high) / 2.0 * per;
    (days > 0.0 && days <= 2000.0).then_some(days)
}

fn roman(s: &str) -> Option<u32> {
    let mut total = 0u32;
    let mut prev = 0u32;
    for c in s.to_ascii_lowercase().chars().rev() {
        let v = match c {
            'i' => 1,
            'v' => 5,
            'x' => 10,
            _ => return None,
        };
        if v < prev {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            prev = v;
        }
    }
    (total > 0).then_some(total)
}

/// The phase number a heading gives, if it names a phase.
fn phase_number(title: &str) -> Option<Option<u32>> {
    let c = PHASE.captures(title)?;
    let n = c
        .get(1)
        .or_else(|| c.get(2))
        .map(|m| m.as_str())
        .and_then(|s| s.parse::<u32>().ok().or_else(|| roman(s)));
    Some(n)
}

/// Whether a heading names a part that describes today or the background.
fn is_context(title: &str) -> bool {
    CONTEXT.is_match(title) && !PLANNING.is_match(title)
}

/// A heading on the stack: level, title, line, phase, context.
struct Open {
    level: u8,
    title: String,
    line: u32,
    phase: Option<usize>,
    context: bool,
}

/// An item being read: its index in the list and whether its own text is complete (a nested
/// list has started).
struct Reading {
    index: usize,
    closed: bool,
}

/// Appends `text` to `buf` up to [`MAX_ITEM_CHARS`] (a pathological line stays bounded).
fn append(buf: &mut String, text: &str) {
    let room = MAX_ITEM_CHARS.saturating_sub(buf.chars().count());
    buf.extend(text.chars().take(room));
}

fn push_text(items: &mut [Item], stack: &[Reading], text: &str, line: u32) {
    if let Some(r) = stack.last().filter(|r| !r.closed) {
        let item = &mut items[r.index];
        append(&mut item.text, text);
        item.end_line = item.end_line.max(line);
    }
}

/// Reads the items of a document; `claims` are the document's claims (their paths name the
/// entries of file trees and the files a paragraph plans).
pub fn read(text: &str, claims: &[Claim]) -> Items {
    let lines = LineIndex::new(text);
    let mut out = Items::default();
    let mut headings: Vec<Open> = Vec::new();
    let mut heading: Option<(u8, u32, String)> = None;
    let mut reading: Vec<Reading> = Vec::new();
    // Table state: header cells, the current row's cells, the row's line, in the header?
    let mut header: Vec<String> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut row_line = 0u32;
    let mut in_head = false;
    let mut in_cell = false;
    let mut code_block: Option<u32> = None;
    let mut paragraph: Option<u32> = None;
    // Sections (heading index in `heading_lines`) that hold at least one item.
    let mut heading_lines: Vec<(u32, u8, String, Option<usize>, bool)> = Vec::new();

    let options = Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
    let here = |headings: &[Open]| -> (String, u32, Option<usize>, bool) {
        headings
            .last()
            .map(|h| (h.title.clone(), h.line, h.phase, h.context))
            .unwrap_or_default()
    };
    let add = |out: &mut Items, item: Item| -> Option<usize> {
        if out.items.len() >= MAX_ITEMS {
            out.dropped += 1;
            return None;
        }
        out.items.push(item);
        Some(out.items.len() - 1)
    };
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let line = lines.line(range.start);
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = match level {
                    pulldown_cmark::HeadingLevel::H1 => 1,
                    pulldown_cmark::HeadingLevel::H2 => 2,
                    pulldown_cmark::HeadingLevel::H3 => 3,
                    pulldown_cmark::HeadingLevel::H4 => 4,
                    pulldown_cmark::HeadingLevel::H5 => 5,
                    pulldown_cmark::HeadingLevel::H6 => 6,
                };
                heading = Some((level, line, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, hline, title)) = heading.take() else {
                    continue;
                };
                let title: String = title.trim().chars().take(200).collect();
                while headings.last().is_some_and(|h| h.level >= level) {
                    headings.pop();
                }
                let parent_context = headings.last().is_some_and(|h| h.context);
                let parent_phase = headings.last().and_then(|h| h.phase);
                let phase = match phase_number(&title) {
                    Some(number) if level > 1 => {
                        let after = AFTER
                            .captures(&title)
                            .and_then(|c| c.get(1)?.as_str().parse::<u32>().ok())
                            .and_then(|n| out.phases.iter().position(|p| p.number == Some(n)))
                            .map(|p| vec![p])
                            .unwrap_or_else(|| {
                                out.phases.len().checked_sub(1).into_iter().collect()
                            });
                        out.phases.push(Phase {
                            title: title.clone(),
                            line: hline,
                            number,
                            after,
                            effort_days: effort_in(&title),
                        });
                        Some(out.phases.len() - 1)
                    }
                    _ => parent_phase,
                };
                let context = parent_context || is_context(&title);
                heading_lines.push((hline, level, title.clone(), phase, context));
                headings.push(Open {
                    level,
                    title,
                    line: hline,
                    phase,
                    context,
                });
            }
            Event::Start(Tag::Item) => {
                if let Some(r) = reading.last_mut() {
                    r.closed = true;
                }
                let (section, section_line, phase, context) = here(&headings);
                let parent = reading
                    .iter()
                    .rev()
                    .find(|r| r.index != usize::MAX)
                    .map(|r| out.items[r.index].line);
                let index = add(
                    &mut out,
                    Item {
                        line,
                        end_line: line,
                        form: ItemForm::ListItem,
                        text: String::new(),
                        section,
                        section_line,
                        phase,
                        done: false,
                        context,
                        path: None,
                        cells: Vec::new(),
                        parent,
                    },
                );
                match index {
                    Some(index) => reading.push(Reading {
                        index,
                        closed: false,
                    }),
                    // Past the limit: nothing more is read into items.
                    None => reading.push(Reading {
                        index: usize::MAX,
                        closed: true,
                    }),
                }
            }
            Event::End(TagEnd::Item) => {
                reading.pop();
            }
            Event::Start(Tag::List(_)) => {
                if let Some(r) = reading.last_mut() {
                    r.closed = true;
                }
            }
            Event::TaskListMarker(checked) => {
                if let Some(r) = reading.last().filter(|r| !r.closed) {
                    out.items[r.index].form = ItemForm::Task;
                    out.items[r.index].done = checked;
                }
            }
            Event::Start(Tag::TableHead) => {
                in_head = true;
                header.clear();
                row.clear();
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                header = std::mem::take(&mut row);
            }
            Event::Start(Tag::TableRow) => {
                row.clear();
                row_line = line;
            }
            Event::Start(Tag::TableCell) => {
                in_cell = true;
                row.push(String::new());
            }
            Event::End(TagEnd::TableCell) => in_cell = false,
            Event::End(TagEnd::TableRow) if !in_head => {
                let cells: Vec<(String, String)> = row
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        (
                            header.get(i).cloned().unwrap_or_default(),
                            c.trim().to_string(),
                        )
                    })
                    .collect();
                let done = cells.iter().any(|(h, c)| {
                    STATUS_COLUMN.is_match(h) && crate::claims::mark_of(c, true) == Some(Mark::Done)
                });
                let kept: Vec<&str> = cells
                    .iter()
                    .filter(|(h, c)| {
                        !c.is_empty() && !CURRENT_COLUMN.is_match(h) && !STATUS_COLUMN.is_match(h)
                    })
                    .map(|(_, c)| c.as_str())
                    .collect();
                if kept.is_empty() {
                    continue;
                }
                let text: String = kept.join(" — ").chars().take(MAX_ITEM_CHARS).collect();
                let (section, section_line, phase, context) = here(&headings);
                add(
                    &mut out,
                    Item {
                        line: row_line,
                        end_line: row_line,
                        form: ItemForm::TableRow,
                        text,
                        section,
                        section_line,
                        phase,
                        done,
                        context,
                        path: None,
                        cells,
                        parent: None,
                    },
                );
            }
            Event::Start(Tag::CodeBlock(_)) => code_block = Some(line),
            Event::End(TagEnd::CodeBlock) => {
                let Some(start) = code_block.take() else {
                    continue;
                };
                let end = lines.line(range.end.saturating_sub(1));
                let (section, section_line, phase, context) = here(&headings);
                for c in claims.iter().filter(|c| c.line > start && c.line <= end) {
                    if let ClaimKind::Path {
                        path,
                        dir,
                        tree_root,
                    } = &c.kind
                    {
                        // A one-word root holding the whole tree is likely the repository's
                        // own name (`Admin3/`): its entries may be written under it.
                        let named_root = tree_root.as_deref().filter(|r| !r.contains('/'));
                        if named_root == Some(path.as_str()) {
                            continue;
                        }
                        let path =
                            match named_root.and_then(|r| path.strip_prefix(&format!("{r}/"))) {
                                Some(rest) => format!("{}\u{0}{rest}", path),
                                None => path.clone(),
                            };
                        add(
                            &mut out,
                            Item {
                                line: c.line,
                                end_line: c.line,
                                form: ItemForm::TreeEntry,
                                text: format!("`{}`", path.split('\u{0}').next().unwrap_or("")),
                                section: section.clone(),
                                section_line,
                                phase,
                                done: false,
                                context,
                                path: Some((path, *dir)),
                                cells: Vec::new(),
                                parent: None,
                            },
                        );
                    }
                }
            }
            Event::Start(Tag::Paragraph) if reading.is_empty() => paragraph = Some(line),
            Event::End(TagEnd::Paragraph) => {
                let Some(start) = paragraph.take() else {
                    continue;
                };
                let end = lines.line(range.end.saturating_sub(1));
                let (section, section_line, phase, context) = here(&headings);
                // "**Week 3**\n8. CardHandler → …": a list that does not start at 1 cannot
                // interrupt a paragraph, so Markdown reads it as text; its lines are items.
                for n in (start + 1)..=end {
                    let r = lines.range(n, text.len());
                    let Some(c) = LIST_LINE.captures(&text[r]) else {
                        continue;
                    };
                    let rest = c.get(2).map_or("", |m| m.as_str());
                    add(
                        &mut out,
                        Item {
                            line: n,
                            end_line: n,
                            form: if c.get(1).is_some() {
                                ItemForm::Task
                            } else {
                                ItemForm::ListItem
                            },
                            text: rest.chars().take(MAX_ITEM_CHARS).collect(),
                            section: section.clone(),
                            section_line,
                            phase,
                            done: c.get(1).is_some_and(|m| m.as_str().contains(['x', 'X'])),
                            context,
                            path: None,
                            cells: Vec::new(),
                            parent: None,
                        },
                    );
                }
                for c in claims.iter().filter(|c| c.line >= start && c.line <= end) {
                    if let (ClaimKind::Path { path, dir, .. }, Mark::Planned) = (&c.kind, c.mark) {
                        add(
                            &mut out,
                            Item {
                                line: c.line,
                                end_line: c.line,
                                form: ItemForm::Paragraph,
                                text: c.quote.clone(),
                                section: section.clone(),
                                section_line,
                                phase,
                                done: false,
                                context,
                                path: Some((path.clone(), *dir)),
                                cells: Vec::new(),
                                parent: None,
                            },
                        );
                    }
                }
            }
            Event::Text(t) => {
                if let Some((_, _, buf)) = heading.as_mut() {
                    append(buf, &t);
                } else if in_cell {
                    if let Some(c) = row.last_mut() {
                        append(c, &t);
                    }
                } else if code_block.is_none() {
                    push_text(&mut out.items, &reading, &t, line);
                }
            }
            Event::Code(t) => {
                let quoted = format!("`{t}`");
                if let Some((_, _, buf)) = heading.as_mut() {
                    append(buf, &t);
                } else if in_cell {
                    if let Some(c) = row.last_mut() {
                        append(c, &quoted);
                    }
                } else {
                    push_text(&mut out.items, &reading, &quoted, line);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if in_cell {
                    if let Some(c) = row.last_mut() {
                        c.push(' ');
                    }
                } else if heading.is_none() {
                    push_text(&mut out.items, &reading, " ", line);
                }
            }
            _ => {}
        }
    }
    // A numbered heading with no item under it is an item itself ("### 3. Add a cache").
    for (i, (hline, level, title, phase, context)) in heading_lines.iter().enumerate() {
        let next = heading_lines
            .iter()
            .skip(i + 1)
            .find(|(_, l, ..)| l <= level)
            .map(|(l, ..)| *l)
            .unwrap_or(u32::MAX);
        let sub = heading_lines
            .get(i + 1)
            .map(|(l, ..)| *l)
            .unwrap_or(u32::MAX);
        let has_items = out
            .items
            .iter()
            .any(|it| it.line > *hline && it.line < next);
        let numbered = phase_number(title).is_some() && *level > 1;
        if has_items || !numbered || sub < next && sub > *hline {
            continue;
        }
        let (section, section_line) = headings_parent(&heading_lines, i);
        add(
            &mut out,
            Item {
                line: *hline,
                end_line: *hline,
                form: ItemForm::Heading,
                text: title.clone(),
                section,
                section_line,
                phase: *phase,
                done: false,
                context: *context,
                path: None,
                cells: Vec::new(),
                parent: None,
            },
        );
    }
    for item in &mut out.items {
        item.text = item.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    out.items.retain(|i| !i.text.is_empty());
    out.items.sort_by_key(|i| (i.line, i.form));
    // Phases that came after what they depend on, once the numbers are all known.
    let numbers: Vec<Option<u32>> = out.phases.iter().map(|p| p.number).collect();
    for (i, p) in out.phases.iter_mut().enumerate() {
        if let Some(n) = AFTER
            .captures(&p.title)
            .and_then(|c| c.get(1)?.as_str().parse::<u32>().ok())
        {
            if let Some(j) = numbers
                .iter()
                .position(|x| *x == Some(n))
                .filter(|j| *j != i)
            {
                p.after = vec![j];
            }
        }
    }
    out
}

/// The heading above heading `i` (its parent section), or the document.
fn headings_parent(
    heading_lines: &[(u32, u8, String, Option<usize>, bool)],
    i: usize,
) -> (String, u32) {
    let level = heading_lines[i].1;
    heading_lines[..i]
        .iter()
        .rev()
        .find(|(_, l, ..)| *l < level)
        .map(|(line, _, t, ..)| (t.clone(), *line))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(doc: &str) -> Items {
        read(doc, &crate::claims::extract(doc).claims)
    }

    #[test]
    fn lists_tasks_rows_and_tree_entries_are_items_in_document_order() {
        let doc = "# T\n\n## Why change\n\n- today it is slow\n\n## Resources\n\n| Kind | Current | Target |\n|---|---|---|\n| Cache | `lru_cache` | Redis |\n\n## API\n\nNeed to create:\n\n```\nsrc/api/\n└── main.py\n```\n\n### Phase 1 — core (2 weeks)\n- [ ] Define the `Foo` type\n  - [x] nested done\n- [ ] Second\n  continues here\n\n### Phase 2 — after Phase 1\n1. Ship it\n";
        let got = items(doc);
        let summary: Vec<_> = got
            .items
            .iter()
            .map(|i| {
                (
                    i.line,
                    i.form.as_str(),
                    i.text.as_str(),
                    i.done,
                    i.context,
                    i.phase,
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (5, "list_item", "today it is slow", false, true, None),
                (11, "table_row", "Cache — Redis", false, false, None),
                (18, "tree_entry", "`src/api`", false, false, None),
                (19, "tree_entry", "`src/api/main.py`", false, false, None),
                (23, "task", "Define the `Foo` type", false, false, Some(0)),
                (24, "task", "nested done", true, false, Some(0)),
                (25, "task", "Second continues here", false, false, Some(0)),
                (29, "list_item", "Ship it", false, false, Some(1)),
            ]
        );
        assert_eq!(got.items[6].end_line, 26);
        assert_eq!(got.phases.len(), 2);
        assert_eq!(got.phases[0].effort_days, Some(10.0));
        assert_eq!(got.phases[1].after, vec![0]);
        assert_eq!(got.phases[1].number, Some(2));
    }

    #[test]
    fn a_numbered_heading_with_nothing_below_is_an_item() {
        let got = items("# Plan\n\n## Steps\n\n### 1. Add a Redis cache\n\nSome words.\n\n### 2. Add metrics\n\n- [ ] expose `/metrics`\n");
        let forms: Vec<(u32, &str)> = got
            .items
            .iter()
            .map(|i| (i.line, i.form.as_str()))
            .collect();
        assert_eq!(forms, vec![(5, "heading"), (11, "task")]);
        assert_eq!(got.items[0].section, "Steps");
    }

    #[test]
    fn effort_is_read_in_person_days() {
        assert_eq!(effort_in("Phase 1 (2 weeks)"), Some(10.0));
        assert_eq!(effort_in("Scaffold — 3 days"), Some(3.0));
        assert_eq!(effort_in("Effort: 4 hours"), Some(0.5));
        assert_eq!(effort_in("Phase 2: 2-4 days"), Some(3.0));
        assert_eq!(effort_in("Phase 1 — central controller"), None);
    }

    #[test]
    fn a_pathological_line_makes_a_bounded_item() {
        let doc = format!(
            "- {}\n\n| a | b |\n|---|---|\n| {} | x |\n",
            "word ".repeat(200_000),
            "y".repeat(500_000)
        );
        let got = items(&doc);
        assert_eq!(got.items.len(), 2);
        assert!(got
            .items
            .iter()
            .all(|i| i.text.chars().count() <= MAX_ITEM_CHARS + 3));
    }

    #[test]
    fn a_huge_document_stops_at_the_item_limit() {
        let doc: String = (0..MAX_ITEMS + 10)
            .map(|i| format!("- item {i}\n"))
            .collect();
        let got = items(&doc);
        assert_eq!(got.items.len(), MAX_ITEMS);
        assert_eq!(got.dropped, 10);
    }
}
