//! JSON manifests (package.json, composer.json and their lock files): parsing with a note on
//! failure, and the line of each key, which serde_json does not keep.

use std::collections::HashMap;

use serde_json::Value;

use super::{FileFacts, SourceFile};
use crate::facts::Note;

/// serde_json's message and position, as a note. serde_json refuses nesting deeper than its
/// recursion limit, so hostile input ends here too.
fn json_note(file: &SourceFile<'_>, error: &serde_json::Error) -> Note {
    Note::new(
        crate::codes::Code::ManifestMalformed,
        file.path,
        error.line() as u32,
        format!("{} is not valid JSON: {error}", file.file_name),
    )
}

/// The document's top-level object, or `None` with a note saying why there is none.
pub(super) fn parse_json(
    file: &SourceFile<'_>,
    out: &mut FileFacts,
) -> Option<serde_json::Map<String, Value>> {
    match serde_json::from_str::<Value>(file.text) {
        Ok(Value::Object(map)) => Some(map),
        Ok(_) => {
            out.notes.push(Note::new(
                crate::codes::Code::ManifestMalformed,
                file.path,
                1,
                format!("{} is not a JSON object", file.file_name),
            ));
            None
        }
        Err(error) => {
            out.notes.push(json_note(file, &error));
            None
        }
    }
}

/// Byte offsets of the keys of a JSON document's top-level object and of the objects directly
/// under it, found by one scan of the text. Only used on text serde_json has accepted, so it
/// need not handle malformed input well, only never panic. Lookups are hashed: a manifest with
/// a hundred thousand dependencies is read in linear time.
pub(super) struct KeyIndex {
    /// `(parent key, "" at top level; key)` to the offset of the key's opening quote, the
    /// first occurrence kept.
    keys: HashMap<(Option<String>, String), usize>,
}

impl KeyIndex {
    pub(super) fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut keys = HashMap::new();
        // For each open container: whether it is an object, and its key in the parent.
        let mut stack: Vec<(bool, Option<String>)> = Vec::new();
        // The key most recently read at the current depth.
        let mut last_key: Option<String> = None;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'{' | b'[' => {
                    stack.push((bytes[i] == b'{', last_key.take()));
                }
                b'}' | b']' => {
                    stack.pop();
                    last_key = None;
                }
                b',' => last_key = None,
                b'"' => {
                    let start = i;
                    let end = string_end(bytes, i);
                    let mut j = end;
                    while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    let in_object = stack.last().is_some_and(|(object, _)| *object);
                    if in_object && bytes.get(j) == Some(&b':') {
                        let key = decode_key(text.get(start..end).unwrap_or(""));
                        match stack.len() {
                            1 => {
                                keys.entry((None, key.clone())).or_insert(start);
                            }
                            2 => {
                                if let Some(parent) = stack.get(1).and_then(|(_, k)| k.clone()) {
                                    keys.entry((Some(parent), key.clone())).or_insert(start);
                                }
                            }
                            _ => {}
                        }
                        last_key = Some(key);
                    }
                    i = end;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        KeyIndex { keys }
    }

    pub(super) fn top_level(&self, key: &str) -> Option<usize> {
        self.keys.get(&(None, key.to_string())).copied()
    }

    pub(super) fn nested(&self, parent: &str, key: &str) -> Option<usize> {
        self.keys
            .get(&(Some(parent.to_string()), key.to_string()))
            .copied()
    }
}

/// Offset just after the string literal whose opening quote is at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn decode_key(literal: &str) -> String {
    if literal.contains('\\') {
        if let Ok(key) = serde_json::from_str::<String>(literal) {
            return key;
        }
    }
    literal.trim_matches('"').to_string()
}

#[cfg(test)]
mod tests {
    use super::KeyIndex;

    #[test]
    fn keys_at_two_depths_first_occurrence_wins() {
        let text =
            "{\"a\": {\"x\": 1, \"y\\u0041\": [ {\"x\": 2} ]},\n \"b\": {\"x\": 3}, \"a\": {}}";
        let keys = KeyIndex::new(text);
        assert_eq!(keys.top_level("a"), Some(1));
        assert_eq!(keys.nested("a", "x"), Some(7));
        assert_eq!(keys.nested("a", "yA"), Some(15));
        assert_eq!(
            keys.nested("b", "x").map(|o| &text[o..o + 3]),
            Some("\"x\"")
        );
        assert_eq!(keys.nested("b", "y"), None);
    }

    /// One line of many thousand keys: building and every lookup stay linear.
    #[test]
    fn many_keys_on_one_line() {
        let entries: Vec<String> = (0..200_000).map(|i| format!("\"k{i}\": \"1\"")).collect();
        let text = format!("{{\"require\": {{{}}}}}", entries.join(", "));
        let keys = KeyIndex::new(&text);
        for i in (0..200_000).step_by(997) {
            assert!(keys.nested("require", &format!("k{i}")).is_some());
        }
    }
}
