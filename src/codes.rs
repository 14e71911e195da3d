//! Stable codes for everything gapscope says about its own reading: notes on files, skipped
//! paths, the reason of each finding, the reason of each verdict, notes on target documents.
//! One table, here: each code's id, name and meaning. The sentences beside a code may change;
//! the code does not, so scripts and tests match codes. `docs/codes.md` is generated from the
//! table (`gapscope explain CODE` prints one entry) and a test snapshots the whole list, so a
//! code reused or removed shows in review. Codes are never reused; a retired code stays listed.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

macro_rules! codes {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $code:literal, $name:literal; )*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[doc = $doc])+ $variant, )*
        }

        impl Code {
            /// Every code, in table order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code itself: `N001`, `F003`, …
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// A short name: `not-utf8`, `missing-no-evidence`, …
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// What it means, one or two sentences.
            pub fn meaning(self) -> &'static str {
                match self { $(Code::$variant => concat!($($doc),+).trim_start(),)* }
            }
        }
    };
}

codes! {
    // --- N: notes on files the scan read -------------------------------------------------
    /// A file is not valid UTF-8: it was counted as bytes and read with replacement characters.
    NotUtf8 = "N001", "not-utf8";
    /// A file that is gapscope's own input for the run (the target file): it was left out, so
    /// that the target's own patterns never count as evidence.
    OwnInput = "N002", "own-input";
    /// A manifest (package.json, Cargo.toml, pom.xml, pyproject.toml, …) could not be parsed as
    /// a whole; what could be read was kept.
    ManifestMalformed = "N101", "manifest-malformed";
    /// One entry of a manifest or lock file (a dependency line, a section) could not be read;
    /// the rest of the file was.
    ManifestEntryUnread = "N102", "manifest-entry-unread";
    /// A manifest lacks what names its component (a module path, an artifactId, a package
    /// name); the component was named after its directory or not read.
    ManifestUnnamed = "N103", "manifest-unnamed";
    /// A YAML document could not be parsed; it was skipped.
    YamlUnreadable = "N201", "yaml-unreadable";
    /// A YAML document went past a reading budget (nesting depth, alias expansion); it was
    /// skipped.
    YamlBudget = "N202", "yaml-budget";
    /// A YAML alias names an anchor that does not exist; the document was skipped.
    YamlUnknownAnchor = "N203", "yaml-unknown-anchor";
    /// A YAML mapping has the same key twice; the last one was used.
    YamlDuplicateKey = "N204", "yaml-duplicate-key";
    /// A YAML mapping key is not a scalar; the entry was skipped.
    YamlComplexKey = "N205", "yaml-complex-key";
    /// A YAML file of a known kind (Compose, a workflow, a chart) is not a mapping, or one of
    /// its entries is not; it or the entry was not read.
    YamlNotMapping = "N206", "yaml-not-mapping";
    /// A Dockerfile has no FROM, an instruction before the first FROM, or a FROM without an
    /// image; the part was ignored.
    DockerfileMalformed = "N301", "dockerfile-malformed";
    /// A Helm chart or values file could not be read in full (no chart name, too many keys).
    HelmIncomplete = "N501", "helm-incomplete";
    /// A CI workflow has no jobs; it was not read.
    CiWorkflowEmpty = "N601", "ci-workflow-empty";
    /// A Kubernetes workload has no pod template; its containers were not read.
    KubernetesWorkloadIncomplete = "N701", "k8s-workload-incomplete";
    /// A source file is over the size parsed for stubs; it was not searched for them.
    CodeTooLargeToParse = "N801", "code-too-large-to-parse";
    /// Part of a source file does not parse (a syntax error or a dialect the grammar does not
    /// know); stubs were read from the functions that parse.
    CodeDoesNotParse = "N802", "code-does-not-parse";

    // --- S: paths the walk did not read ---------------------------------------------------
    /// Binary content (a NUL byte in the first 8 KiB).
    SkipBinary = "S001", "binary";
    /// Larger than `--max-file-size`.
    SkipTooLarge = "S002", "too-large";
    /// Could not be opened or read (permissions, a vanished file).
    SkipUnreadable = "S003", "unreadable";
    /// A symbolic link that loops back to a directory above it.
    SkipSymlinkLoop = "S004", "symlink-loop";
    /// Not a regular file (a symbolic link not followed, a socket, a device, a FIFO).
    SkipNotAFile = "S005", "not-a-file";
    /// The walk could not enter it (a broken link, an I/O error).
    SkipWalkError = "S006", "walk-error";
    /// A symbolic link that resolves outside the repository: not followed, even with `-L`,
    /// unless `--follow-outside` is given.
    SkipOutsideRoot = "S007", "outside-root";

    // --- F: why a finding has its status --------------------------------------------------
    /// Met: implementation evidence was found.
    MetImplementation = "F001", "met-implementation";
    /// Partial: it holds for part of what it covers (some workloads, some images).
    PartialCoverage = "F002", "partial-coverage";
    /// Partial: the evidence is only in tests, fixtures, examples, docs, vendored or generated
    /// files, which do not count as implementation.
    PartialWeakOnly = "F003", "partial-weak-only";
    /// Partial: the requirement's partial condition holds, only in non-implementation files.
    PartialSomeWeak = "F004", "partial-some-weak";
    /// Partial: the requirement's partial condition holds on implementation evidence.
    PartialSome = "F005", "partial-some";
    /// Partial: every piece of implementation evidence lies inside a stub or placeholder.
    PartialStubbed = "F006", "partial-stubbed";
    /// Partial: the evidence lies only in a shared library that no component imports (code
    /// nothing runs).
    PartialUnusedCode = "F007", "partial-unused-code";
    /// Missing: no evidence was found.
    MissingNoEvidence = "F101", "missing-no-evidence";
    /// Missing: only evidence in non-implementation files, and not enough for partial.
    MissingWeakEvidence = "F102", "missing-weak-evidence";
    /// Missing: evidence against it was found (for example a hard-coded secret).
    MissingEvidenceAgainst = "F103", "missing-evidence-against";
    /// Unknown: what the requirement depends on is not in the repository (no workloads for
    /// replica counts), so it cannot be decided.
    UnknownUndecidable = "F201", "unknown-undecidable";
    /// Unknown: a check the requirement needs could not be made with the facts gapscope has.
    UnknownCheck = "F202", "unknown-check";
    /// Not applicable: what the requirement concerns is not part of the system (no database
    /// of its own, nothing served, no custom resources); left out of completion and the plan.
    NotApplicable = "F301", "not-applicable";

    // --- V: why a claim of a document got its verdict -------------------------------------
    /// The path the document names exists.
    PathExists = "V001", "path-exists";
    /// The path the document names does not exist.
    PathAbsent = "V002", "path-absent";
    /// Several paths end with the name the document gives; which one it means is unknown.
    PathAmbiguous = "V003", "path-ambiguous";
    /// The document plans the path and it already exists.
    PlannedPresent = "V004", "planned-present";
    /// The document plans the path and it does not exist yet.
    PlannedAbsent = "V005", "planned-absent";
    /// The path is absent, and the document ties it to another codebase (a legacy system, a
    /// separate repository): out of scope, not false.
    PathElsewhere = "V006", "path-elsewhere";
    /// The path is absent, and the document names it in a plan or a list of gaps without
    /// saying it exists (a file to change, the place a feature goes).
    PathInPlan = "V007", "path-in-plan";
    /// The path is absent and no file of its kind (its extension) is in the repository: the
    /// document likely describes another codebase.
    PathForeignKind = "V008", "path-foreign-kind";
    /// The document cites code in a finding it marks fixed: the citation is of the code
    /// before the fix, which may be gone; it is not held against the document.
    CitationHistorical = "V009", "citation-historical";
    /// The line count the document gives is within the tolerance of the real count.
    LinesWithin = "V010", "lines-within-tolerance";
    /// The line count the document gives is outside the tolerance of the real count.
    LinesOutside = "V011", "lines-outside-tolerance";
    /// The file could not be read to count its lines.
    LinesUnreadable = "V012", "lines-unreadable";
    /// The file the line count is about does not exist.
    LinesPathAbsent = "V013", "lines-path-absent";
    /// The file has the line the document cites.
    LineExists = "V020", "line-exists";
    /// The file is shorter than the line the document cites.
    LinePastEnd = "V021", "line-past-end";
    /// The path the document cites with a line is a directory.
    LineOnDirectory = "V022", "line-on-directory";
    /// The file the document cites with a line does not exist.
    LinePathAbsent = "V023", "line-path-absent";
    /// The file the document cites with a line cannot be read: it leads outside the
    /// repository, is not a regular file, or is too large. Nothing of it is quoted.
    LineUnreadable = "V024", "line-unreadable";
    /// The file has the whole line range the document cites.
    RangeWithin = "V025", "range-within";
    /// The line range the document cites ends past the end of the file.
    RangePastEnd = "V026", "range-past-end";
    /// The name the document says is at the cited line is there (within three lines).
    SymbolAtLine = "V027", "symbol-at-line";
    /// The name the document says is at the cited line is elsewhere in the file.
    SymbolElsewhere = "V028", "symbol-elsewhere";
    /// The name the document says is at the cited line is nowhere in the file.
    SymbolAbsent = "V029", "symbol-absent";
    /// The name of code (a type, function, constant) the document gives is in the code.
    SymbolInCode = "V090", "symbol-in-code";
    /// The name of code the document gives is in no code, test or example file.
    SymbolNotInCode = "V091", "symbol-not-in-code";
    /// The document plans the name of code, and it is already in the code.
    SymbolPlannedPresent = "V092", "symbol-planned-present";
    /// The name of code was not searched: the document names more things than are searched.
    SymbolNotSearched = "V093", "symbol-not-searched";
    /// The Make target is defined.
    MakeTargetDefined = "V030", "make-target-defined";
    /// The Make target is not defined (or there is no Makefile).
    MakeTargetAbsent = "V031", "make-target-absent";
    /// The route appears in implementation code.
    RouteFound = "V040", "route-found";
    /// Only the route's last segment appears in code (the route may be composed).
    RouteSegmentOnly = "V041", "route-segment-only";
    /// Neither the route nor its last segment appears in implementation code.
    RouteAbsent = "V042", "route-absent";
    /// The document plans the route; it is not in code yet.
    RoutePlanned = "V043", "route-planned";
    /// The port or custom resource kind appears in implementation files.
    ProbeFound = "V050", "probe-found";
    /// The port or custom resource kind appears in no code, manifest or configuration file.
    ProbeAbsent = "V051", "probe-absent";
    /// The percentage is within the tolerance of gapscope's completion for what it names.
    PercentWithin = "V060", "percent-within-tolerance";
    /// The percentage is outside the tolerance of gapscope's completion for what it names.
    PercentOutside = "V061", "percent-outside-tolerance";
    /// The percentage names no area gapscope computes completion for.
    PercentNoArea = "V062", "percent-no-area";
    /// The percentage's label spans several areas.
    PercentAmbiguousArea = "V063", "percent-ambiguous-area";
    /// Nothing in the area the percentage names could be decided.
    PercentUndecided = "V064", "percent-undecided";
    /// The percentage measures the document's own plan (its own items, `49/49`), not an
    /// area gapscope computes; it is not compared.
    PercentOwnScale = "V065", "percent-own-scale";
    /// The count is within the tolerance of what the repository has.
    CountWithin = "V080", "count-within";
    /// The count is outside the tolerance of the files the repository has.
    CountOutside = "V081", "count-outside";
    /// gapscope counts a different number (routes, tests) than the document, and its own
    /// reading of them may be incomplete: not a contradiction.
    CountDiffers = "V082", "count-differs";
    /// gapscope does not count things of this kind (tables, hooks, pages).
    CountUncounted = "V083", "count-uncounted";
    /// A technology the item calls done is mentioned nowhere outside documentation.
    TechnologyAbsent = "V070", "technology-absent";
    /// The item names no requirement's phrase, path, route or Make target.
    StatusUnmatched = "V071", "status-unmatched";
    /// The requirements the item names cannot be decided from the repository.
    StatusUndecidable = "V072", "status-undecidable";
    /// The mark agrees with the status of the requirements the item names.
    StatusAgrees = "V073", "status-agrees";
    /// The mark disagrees with the status of the requirements the item names.
    StatusDisagrees = "V074", "status-disagrees";
    /// The requirements are met, but none of their evidence is in the part the item names.
    StatusElsewhere = "V075", "status-elsewhere";
    /// The mark cannot be weighed against what exists (missing while part exists, partial
    /// with nothing partial, planned, mentioned).
    StatusUndecided = "V076", "status-undecided";

    // --- D: notes on documents -------------------------------------------------------------
    /// The document is not valid UTF-8; invalid bytes were replaced.
    DocumentNotUtf8 = "D001", "document-not-utf8";
    /// The document contains NUL bytes; they were ignored.
    DocumentNul = "D002", "document-nul";
    /// Mis-decoded emoji (UTF-8 read as Windows-1252 or Mac Roman) were repaired first.
    DocumentMojibake = "D003", "document-mojibake";
    /// The document has more claims than are checked; the rest were not.
    DocumentTooManyClaims = "D004", "document-too-many-claims";
    /// The document is not inside the repository it is checked against (deleted, another
    /// branch, another checkout); it was read from its path.
    DocumentOutsideRepository = "D005", "document-outside-repository";
    /// The document, or a line of it, is longer than any hand-written one: only its head is
    /// read for claims.
    DocumentReadInPart = "D006", "document-read-in-part";

    // --- T: notes on target documents --------------------------------------------------------
    /// How many items the document has: checked by what they name, through the built-in
    /// requirements they name, unchecked, describing today's state; and its phases.
    TargetSummary = "T001", "target-summary";
    /// An item of the document files cannot decide (a behaviour, a number, a process): it is
    /// listed unchecked, with the reason.
    TargetItemUnmatched = "T002", "target-item-unmatched";
}

impl Code {
    /// The code of that id (`N001`) or name (`not-utf8`), ignoring case.
    pub fn find(s: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(s) || c.name().eq_ignore_ascii_case(s))
    }

    /// The table in Markdown, for `docs/codes.md`.
    pub fn reference_markdown() -> String {
        let mut s = String::from(
            "# Diagnostic codes\n\nGenerated by `gapscope explain --codes`; `gapscope explain CODE` prints one entry.\nCodes never change meaning and are never reused.\n\n| code | name | meaning |\n|---|---|---|\n",
        );
        for c in Code::ALL {
            s.push_str(&format!(
                "| `{}` | {} | {} |\n",
                c.as_str(),
                c.name(),
                c.meaning()
            ));
        }
        s
    }
}

/// A note that is not about one file of the repository (about a document, a target
/// document), with its code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct CodedNote {
    pub code: Code,
    pub message: String,
}

impl CodedNote {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        CodedNote {
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for CodedNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Code::find(&s).ok_or_else(|| de::Error::custom(format!("unknown code `{s}`")))
    }
}

impl JsonSchema for Code {
    fn schema_name() -> Cow<'static, str> {
        "Code".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        json_schema!({
            "description": "A stable diagnostic code (docs/codes.md).",
            "type": "string",
            "enum": codes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut ids = std::collections::BTreeSet::new();
        let mut names = std::collections::BTreeSet::new();
        for c in Code::ALL {
            assert!(ids.insert(c.as_str()), "{} twice", c.as_str());
            assert!(names.insert(c.name()), "{} twice", c.name());
            let id = c.as_str();
            assert!(
                id.len() == 4 && id[1..].chars().all(|d| d.is_ascii_digit()),
                "{id}"
            );
            assert!(!c.meaning().is_empty(), "{id} has no meaning");
            assert_eq!(Code::find(id), Some(*c));
            assert_eq!(Code::find(c.name()), Some(*c));
        }
    }
}
