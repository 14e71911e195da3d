//! A YAML reader for infrastructure files: every node keeps its line, every problem becomes a
//! [`Note`], and hostile input is refused within a budget.
//!
//! It reads the event stream of `saphyr-parser` itself rather than a loaded tree, because the
//! reader must decide how far aliases are expanded (an alias bomb would otherwise expand into
//! gigabytes) and how deep nesting may go. Documents are split at `---` lines before parsing, so
//! one broken document does not hide the others in the same file.
//!
//! What it does not do: resolve tags or types. Scalars stay text; callers ask for what they need.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::facts::Note;

/// Deepest nesting of sequences and mappings a document may have. Real manifests (CRD schemas
/// included) stay well under 64 levels.
pub const MAX_DEPTH: usize = 128;

/// Most nodes that alias expansion may copy into one document. Compose and GitLab files reuse
/// small anchored blocks a handful of times; a billion-laughs document needs billions.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// A node with the lines it spans (1-based, inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub value: Value,
    pub line: u32,
    pub end_line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Scalar text as written (after YAML unescaping); `plain` is false for quoted and block
    /// scalars, so `"null"` is text while `null` is null.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// A mapping entry. Keys are scalars; entries with other keys are dropped with a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub key_line: u32,
    pub value: Node,
}

/// One YAML document of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub root: Node,
    /// 0-based index of the document in its file.
    pub index: usize,
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()
            .iter()
            .find(|e| e.key == key)
            .map(|e| &e.value)
    }

    /// Follows a path of mapping keys.
    pub fn at(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |node, key| node.get(key))
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries().iter().find(|e| e.key == key)
    }

    /// The entries of a mapping; empty for anything else.
    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The items of a sequence; empty for anything else.
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }

    pub fn is_seq(&self) -> bool {
        matches!(self.value, Value::Seq(_))
    }

    /// Scalar text, unless the scalar is null.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, plain } if !(*plain && is_null_text(text)) => Some(text),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true } if is_null_text(text))
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Scalar { text, plain: true } => match text.as_str() {
                "true" | "True" | "TRUE" => Some(true),
                "false" | "False" | "FALSE" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match &self.value {
            Value::Scalar { text, plain: true } => text.parse().ok(),
            _ => None,
        }
    }

    /// A scalar's text, or the items of a sequence of scalars: the two shapes many fields
    /// accept (`command: x` and `command: [x, y]`).
    pub fn strings(&self) -> Vec<String> {
        match &self.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|n| n.as_str().map(str::to_string))
                .collect(),
            _ => self
                .as_str()
                .map(|s| vec![s.to_string()])
                .unwrap_or_default(),
        }
    }

    /// A mapping of scalars to scalars (labels, selectors), sorted by key.
    pub fn string_map(&self) -> std::collections::BTreeMap<String, String> {
        self.entries()
            .iter()
            .filter_map(|e| Some((e.key.clone(), e.value.as_str()?.to_string())))
            .collect()
    }
}

fn is_null_text(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// The first document of a file that must be one mapping (a kustomization, a GitLab CI file);
/// anything else gets a note naming `what` and `None`.
pub fn first_mapping(
    text: &str,
    path: &str,
    what: &str,
    notes: &mut Vec<Note>,
) -> Option<Document> {
    let doc = read_documents(text, path, notes).into_iter().next()?;
    if !doc.root.is_map() {
        notes.push(Note::new(
            crate::codes::Code::YamlNotMapping,
            path,
            doc.root.line,
            format!("{what} is not a mapping; not read"),
        ));
        return None;
    }
    Some(doc)
}

/// Reads every document of `text`. Problems (syntax errors, refused documents, duplicate keys)
/// are appended to `notes` with the line they are about; documents that could be read are
/// returned even when others could not.
pub fn read_documents(text: &str, path: &str, notes: &mut Vec<Note>) -> Vec<Document> {
    let mut documents = Vec::new();
    for chunk in split_documents(text) {
        let mut reader = Reader::new(path, chunk.text, chunk.first_line - 1, notes);
        match reader.read(chunk.text) {
            Ok(roots) => {
                for root in roots {
                    let index = documents.len();
                    documents.push(Document { root, index });
                }
            }
            Err(problem) => {
                notes.push(Note::new(problem.code, path, problem.line, problem.message));
            }
        }
    }
    documents
}

/// A piece of a file between `---` markers.
struct Chunk<'a> {
    text: &'a str,
    first_line: u32,
}

/// Splits at lines that start a document (`---` alone or followed by a space), keeping the
/// marker with the document it starts. Directives (`%YAML`) stay with the document after them.
fn split_documents(text: &str) -> Vec<Chunk<'_>> {
    let mut chunks = Vec::new();
    let mut start = 0usize;
    let mut first_line = 1u32;
    let mut has_content = false;
    let mut offset = 0usize;
    for (line_no, line) in (1u32..).zip(text.split_inclusive('\n')) {
        let bare = line.trim_end_matches(['\n', '\r']);
        let is_marker = bare.starts_with("---")
            && bare[3..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ' || c == '\t');
        if is_marker && has_content {
            chunks.push(Chunk {
                text: &text[start..offset],
                first_line,
            });
            start = offset;
            first_line = line_no;
            has_content = false;
        }
        let trimmed = bare.trim_start();
        if !(trimmed.is_empty()
            || trimmed.starts_with('#')
            || trimmed.starts_with('%')
            || is_marker)
        {
            has_content = true;
        }
        if is_marker
            && bare.len() > 3
            && !bare[3..].trim_start().starts_with('#')
            && !bare[3..].trim().is_empty()
        {
            // `--- value` or `--- |`: the marker line carries content.
            has_content = true;
        }
        offset += line.len();
    }
    if has_content {
        chunks.push(Chunk {
            text: &text[start..],
            first_line,
        });
    }
    chunks
}

struct Problem {
    code: crate::codes::Code,
    line: u32,
    message: String,
}

enum Frame {
    Seq {
        items: Vec<Node>,
        line: u32,
        anchor: usize,
        flow: bool,
    },
    Map {
        entries: Vec<Entry>,
        index: HashMap<String, usize>,
        pending_key: Option<(String, u32)>,
        /// A non-scalar key was seen; its value is read and dropped.
        skip_value: bool,
        line: u32,
        anchor: usize,
        flow: bool,
    },
}

struct Reader<'n> {
    path: &'n str,
    /// Byte offset of each line of the chunk, to tell `{`/`[` collections from block ones.
    line_starts: Vec<usize>,
    text: &'n str,
    line_offset: u32,
    notes: &'n mut Vec<Note>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    alias_nodes: usize,
    roots: Vec<Node>,
}

impl<'n> Reader<'n> {
    fn new(path: &'n str, text: &'n str, line_offset: u32, notes: &'n mut Vec<Note>) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Reader {
            path,
            line_starts,
            text,
            line_offset,
            notes,
            stack: Vec::new(),
            anchors: HashMap::new(),
            alias_nodes: 0,
            roots: Vec::new(),
        }
    }

    /// Whether the collection starting at `marker` is a flow collection (`{…}`/`[…]`), whose
    /// end event sits on its closing bracket; a block collection's end event sits wherever the
    /// next token is, so its last line comes from its children instead.
    fn is_flow(&self, marker: saphyr_parser::Marker) -> bool {
        let Some(&start) = marker
            .line()
            .checked_sub(1)
            .and_then(|i| self.line_starts.get(i))
        else {
            return false;
        };
        let line = self.text.get(start..).unwrap_or("");
        matches!(line.chars().nth(marker.col()), Some('{' | '['))
    }

    fn line(&self, marker_line: usize) -> u32 {
        u32::try_from(marker_line)
            .unwrap_or(u32::MAX)
            .saturating_add(self.line_offset)
    }

    fn read(&mut self, text: &str) -> Result<Vec<Node>, Problem> {
        let mut parser = Parser::new_from_str(text);
        while let Some(event) = parser.next_event() {
            let (event, span) = event.map_err(|e| Problem {
                code: crate::codes::Code::YamlUnreadable,
                line: self.line(e.marker().line()),
                message: format!("YAML could not be read: {}", e.info()),
            })?;
            let line = self.line(span.start.line());
            let end_line = {
                // A block scalar's span ends at the start of the next line; count its last
                // content line instead.
                let end = self.line(span.end.line());
                if span.end.col() == 0 && end > line {
                    end - 1
                } else {
                    end
                }
            };
            match event {
                Event::Scalar(text, style, anchor, _) => {
                    // A block scalar's span starts on its first content line and runs to the
                    // next token; its content lines are what it covers.
                    let end_line = if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                        let lines = u32::try_from(text.lines().count()).unwrap_or(u32::MAX);
                        line.saturating_add(lines.saturating_sub(1))
                    } else {
                        end_line
                    };
                    let node = Node {
                        value: Value::Scalar {
                            text: text.into_owned(),
                            plain: style == ScalarStyle::Plain,
                        },
                        line,
                        end_line: end_line.max(line),
                    };
                    self.complete(node, anchor)?;
                }
                Event::Alias(id) => {
                    let Some(target) = self.anchors.get(&id) else {
                        return Err(Problem {
                            code: crate::codes::Code::YamlUnknownAnchor,
                            line,
                            message: "YAML alias refers to an unknown anchor; document skipped"
                                .into(),
                        });
                    };
                    let size = node_count(target);
                    self.alias_nodes = self.alias_nodes.saturating_add(size);
                    if self.alias_nodes > MAX_ALIAS_NODES {
                        return Err(Problem {
 code: crate::codes::Code::YamlBudget,
                            line,
                            message: format!(
                                "YAML aliases expand to more than {MAX_ALIAS_NODES} nodes (an alias bomb?); document skipped"
                            ),
                        });
                    }
                    let mut node = target.clone();
                    node.line = line;
                    node.end_line = line;
                    self.complete(node, 0)?;
                }
                Event::SequenceStart(anchor, _) => {
                    self.open(line)?;
                    let flow = self.is_flow(span.start);
                    self.stack.push(Frame::Seq {
                        items: Vec::new(),
                        line,
                        anchor,
                        flow,
                    });
                }
                Event::MappingStart(anchor, _) => {
                    self.open(line)?;
                    let flow = self.is_flow(span.start);
                    self.stack.push(Frame::Map {
                        flow,
                        entries: Vec::new(),
                        index: HashMap::new(),
                        pending_key: None,
                        skip_value: false,
                        line,
                        anchor,
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some(frame) = self.stack.pop() else {
                        continue;
                    };
                    let (node, anchor) = match frame {
                        Frame::Seq {
                            items,
                            line,
                            anchor,
                            flow,
                        } => {
                            let closing = if flow { end_line } else { line };
                            let end = items.last().map_or(line, |n| n.end_line).max(closing);
                            (
                                Node {
                                    value: Value::Seq(items),
                                    line,
                                    end_line: end.max(line),
                                },
                                anchor,
                            )
                        }
                        Frame::Map {
                            entries,
                            line,
                            anchor,
                            flow,
                            ..
                        } => {
                            let entries = self.apply_merge_keys(entries);
                            let closing = if flow { end_line } else { line };
                            let end = entries
                                .iter()
                                .map(|e| e.value.end_line.max(e.key_line))
                                .max()
                                .unwrap_or(line)
                                .max(closing);
                            (
                                Node {
                                    value: Value::Map(entries),
                                    line,
                                    end_line: end.max(line),
                                },
                                anchor,
                            )
                        }
                    };
                    self.complete(node, anchor)?;
                }
                Event::DocumentEnd => {
                    // Anchors do not cross documents.
                    self.anchors.clear();
                    self.alias_nodes = 0;
                }
                Event::StreamStart
                | Event::StreamEnd
                | Event::DocumentStart(_)
                | Event::Nothing => {}
            }
        }
        Ok(std::mem::take(&mut self.roots))
    }

    fn open(&mut self, line: u32) -> Result<(), Problem> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Problem {
                code: crate::codes::Code::YamlBudget,
                line,
                message: format!("YAML nests deeper than {MAX_DEPTH} levels; document skipped"),
            });
        }
        Ok(())
    }

    /// Hands a finished node to its parent (or makes it a document root).
    fn complete(&mut self, node: Node, anchor: usize) -> Result<(), Problem> {
        if anchor != 0 {
            let size = node_count(&node);
            self.alias_nodes = self.alias_nodes.saturating_add(size);
            if self.alias_nodes > MAX_ALIAS_NODES {
                return Err(Problem {
 code: crate::codes::Code::YamlBudget,
                    line: node.line,
                    message: format!(
                        "YAML anchors and aliases exceed {MAX_ALIAS_NODES} nodes (an alias bomb?); document skipped"
                    ),
                });
            }
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.roots.push(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                index,
                pending_key,
                skip_value,
                ..
            }) => {
                if *skip_value {
                    *skip_value = false;
                    return Ok(());
                }
                match pending_key.take() {
                    None => match &node.value {
                        Value::Scalar { text, .. } => {
                            *pending_key = Some((text.clone(), node.line))
                        }
                        _ => {
                            *skip_value = true;
                            self.notes.push(Note::new(
                                crate::codes::Code::YamlComplexKey,
                                self.path,
                                node.line,
                                "YAML mapping key that is not a scalar; entry skipped",
                            ));
                        }
                    },
                    Some((key, key_line)) => {
                        if let Some(&i) = index.get(&key) {
                            if key != "<<" {
                                self.notes.push(Note::new(
crate::codes::Code::YamlDuplicateKey,
                                    self.path,
                                    key_line,
                                    format!(
                                        "duplicate YAML key `{}` (first at line {}); the last one is used",
                                        truncate(&key, 60),
                                        entries[i].key_line
                                    ),
                                ));
                                entries[i] = Entry {
                                    key,
                                    key_line,
                                    value: node,
                                };
                                return Ok(());
                            }
                        }
                        index.insert(key.clone(), entries.len());
                        entries.push(Entry {
                            key,
                            key_line,
                            value: node,
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// Applies `<<: *anchor` merge keys (used by Compose and GitLab CI files): merged entries
    /// never override the mapping's own keys.
    fn apply_merge_keys(&mut self, entries: Vec<Entry>) -> Vec<Entry> {
        if !entries.iter().any(|e| e.key == "<<") {
            return entries;
        }
        let mut own: Vec<Entry> = Vec::with_capacity(entries.len());
        let mut merged: Vec<Entry> = Vec::new();
        for entry in entries {
            if entry.key == "<<" {
                let sources: Vec<Node> = match entry.value.value {
                    Value::Map(_) => vec![entry.value],
                    Value::Seq(items) => items,
                    _ => Vec::new(),
                };
                for source in sources {
                    if let Value::Map(source_entries) = source.value {
                        merged.extend(source_entries);
                    }
                }
            } else {
                own.push(entry);
            }
        }
        for entry in merged {
            if !own.iter().any(|e| e.key == entry.key) {
                own.push(entry);
            }
        }
        own
    }
}

/// Number of nodes in a subtree (iterative: trees are depth-capped, but this stays cheap).
fn node_count(node: &Node) -> usize {
    let mut count = 0usize;
    let mut todo = vec![node];
    while let Some(n) = todo.pop() {
        count += 1;
        match &n.value {
            Value::Seq(items) => todo.extend(items.iter()),
            Value::Map(entries) => todo.extend(entries.iter().map(|e| &e.value)),
            Value::Scalar { .. } => {}
        }
    }
    count
}

/// Shortens `text` to at most `max` characters, on a character boundary.
pub fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<Document>, Vec<Note>) {
        let mut notes = Vec::new();
        let docs = read_documents(text, "f.yaml", &mut notes);
        (docs, notes)
    }

    #[test]
    fn nodes_keep_their_lines_across_documents() {
        let (docs, notes) = read("a: 1\n---\n# c\nkind: Service\nmetadata:\n  name: x\n");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(docs.len(), 2);
        let kind = docs[1].root.entry("kind").unwrap();
        assert_eq!(kind.key_line, 4);
        let name = docs[1].root.at(&["metadata", "name"]).unwrap();
        assert_eq!((name.as_str(), name.line), (Some("x"), 6));
        assert_eq!(docs[1].root.end_line, 6);
    }

    #[test]
    fn a_broken_document_does_not_hide_the_next() {
        let (docs, notes) = read("a: [1\n---\nb: 2\n");
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].root.get("b").unwrap().line, 3);
        assert_eq!(notes.len(), 1);
        assert!(notes[0].message.contains("could not be read"), "{notes:?}");
    }

    #[test]
    fn alias_bomb_is_refused_quickly() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        for w in names.windows(2) {
            let (prev, next) = (w[0], w[1]);
            text.push_str(&format!("{next}: &{next} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        let started = std::time::Instant::now();
        let (docs, notes) = read(&text);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert!(docs.is_empty());
        assert!(
            notes.iter().any(|n| n.message.contains("alias bomb")),
            "{notes:?}"
        );
    }

    #[test]
    fn aliases_and_merge_keys_are_resolved() {
        let (docs, notes) = read("x: &base\n  a: 1\n  b: 2\ny:\n  <<: *base\n  b: 3\n");
        assert!(notes.is_empty(), "{notes:?}");
        let y = docs[0].root.get("y").unwrap();
        assert_eq!(y.get("a").and_then(Node::as_str), Some("1"));
        assert_eq!(y.get("b").and_then(Node::as_str), Some("3"));
    }

    #[test]
    fn deep_flow_nesting_is_refused_without_overflow() {
        let text = "[".repeat(100_000);
        let (docs, notes) = read(&text);
        assert!(docs.is_empty());
        assert_eq!(notes.len(), 1, "{notes:?}");
    }

    #[test]
    fn deep_block_nesting_is_refused_without_overflow() {
        let mut text = String::new();
        for depth in 0..5_000 {
            text.push_str(&" ".repeat(depth));
            text.push_str("k:\n");
        }
        let (docs, notes) = read(&text);
        assert!(docs.is_empty());
        assert!(notes[0].message.contains("deeper than"), "{notes:?}");
    }

    #[test]
    fn duplicate_keys_keep_the_last_and_say_so() {
        let (docs, notes) = read("a: 1\nb: 2\na: 3\n");
        assert_eq!(docs[0].root.get("a").and_then(Node::as_str), Some("3"));
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].line, 3);
        assert!(notes[0].message.contains("line 1"));
    }

    #[test]
    fn tab_indentation_is_a_note_with_its_line() {
        let (docs, notes) = read("a:\n\tb: 1\n---\nc: 1\n");
        assert_eq!(docs.len(), 1);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(notes[0].line, 2);
    }

    #[test]
    fn json_is_read_with_lines() {
        let (docs, notes) = read("{\n  \"kind\": \"Pod\",\n  \"metadata\": {\"name\": \"p\"}\n}\n");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(docs[0].root.entry("kind").unwrap().key_line, 2);
        assert_eq!(
            docs[0].root.at(&["metadata", "name"]).unwrap().as_str(),
            Some("p")
        );
    }

    #[test]
    fn block_scalars_end_on_their_last_content_line() {
        let (docs, _) = read("a:\n  - run: |\n      x\n      y\n\n  - b: 1\n");
        let run = docs[0]
            .root
            .at(&["a"])
            .map(|a| &a.items()[0])
            .and_then(|i| i.get("run"));
        assert_eq!(run.map(|r| (r.line, r.end_line)), Some((3, 4)));
    }

    #[test]
    fn nulls_and_quoted_text_differ() {
        let (docs, _) = read("a:\nb: null\nc: \"null\"\n");
        let root = &docs[0].root;
        assert!(root.get("a").unwrap().is_null());
        assert!(root.get("b").unwrap().is_null());
        assert_eq!(root.get("c").unwrap().as_str(), Some("null"));
    }
}
