//! Facts read from source code: stubs and placeholders, TODO markers, HTTP routes, listeners,
//! imports (for the component graph), error-handling habits and hard-coded secrets.
//!
//! Every fact carries its evidence; snippets are redacted where they are made.

use serde::{Deserialize, Serialize};

use super::Evidence;

/// How a function shows that it is not implemented.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum StubKind {
    /// A body with no statements (Go, Rust, Java, TypeScript/JavaScript).
    EmptyBody,
    /// Python `pass` or `...` as the whole body.
    Pass,
    /// `raise NotImplementedError`, `throw new Error("not implemented")`, Java's
    /// `UnsupportedOperationException`.
    NotImplemented,
    /// Rust `todo!()` / `unimplemented!()`.
    TodoMacro,
    /// Go `panic("not implemented")` (or TODO).
    Panic,
    /// A body that only returns a constant, next to a TODO/FIXME.
    ConstantWithTodo,
    /// A log or print line that says placeholder, stub or not implemented.
    PlaceholderLog,
    /// A test function that asserts nothing.
    TestWithoutAssertion,
}

impl StubKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StubKind::EmptyBody => "empty_body",
            StubKind::Pass => "pass",
            StubKind::NotImplemented => "not_implemented",
            StubKind::TodoMacro => "todo_macro",
            StubKind::Panic => "panic",
            StubKind::ConstantWithTodo => "constant_with_todo",
            StubKind::PlaceholderLog => "placeholder_log",
            StubKind::TestWithoutAssertion => "test_without_assertion",
        }
    }
}

crate::display_via_as_str!(StubKind);

/// A function that is a stub or placeholder.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Stub {
    pub path: String,
    /// The enclosing function's first line.
    pub start_line: u32,
    /// The enclosing function's last line.
    pub end_line: u32,
    /// The line that shows it is a stub (the `pass`, the `todo!()`, the placeholder log).
    pub line: u32,
    /// The enclosing function's name (`Type.method` for methods where the receiver is known).
    pub function: String,
    pub kind: StubKind,
    /// The stub line, trimmed and redacted.
    pub snippet: String,
    pub role: super::FileRole,
    /// Id of the component that owns the file (filled in by the fact store).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// What makes it one, where the kind alone does not say (a test: "empty body",
    /// "skipped unconditionally", "only prints").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

impl Stub {
    /// `path:line (function)`, as a finding's reason names it.
    pub fn label(&self) -> String {
        format!("{}:{} ({})", self.path, self.line, self.function)
    }
}

/// A TODO, FIXME, HACK or XXX comment.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct TodoMarker {
    pub evidence: Evidence,
    /// `TODO`, `FIXME`, `HACK` or `XXX`.
    pub marker: String,
    /// The comment's text after the marker.
    pub text: String,
}

/// An HTTP route registered in code.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Route {
    pub evidence: Evidence,
    /// `GET`, `POST`, …; `ANY` when the registration does not say.
    pub method: String,
    pub path: String,
    /// The framework whose registration was read (`net/http`, `gin`, `fastapi`, …).
    pub framework: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
}

/// A process entry point or a listener and the port it binds, where the code says.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Listener {
    pub evidence: Evidence,
    /// `main` for an entry point, `listen` for a listening call.
    pub kind: String,
    /// The port, when it is a literal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
}

/// One import (or `use`, `require`) of a module.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Import {
    pub evidence: Evidence,
    /// The module as written (`github.com/acme/x/shared/config`, `shared.config`, `../lib`).
    pub module: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
}

/// An outbound HTTP URL literal (`http://service:8080/...`), for calls between components.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct HttpCall {
    pub evidence: Evidence,
    pub host: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
}

/// Error-handling habits that work against returned errors.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ErrorHabit {
    /// Go `log.Fatal*` / `os.Exit` outside `package main`.
    ExitInLibrary,
    /// Go `panic(` outside `package main` and tests.
    PanicInLibrary,
    /// Python `except:` with no exception type.
    BareExcept,
    /// An exception caught and dropped (`except ...: pass`, an empty `catch {}`).
    SwallowedError,
}

impl ErrorHabit {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorHabit::ExitInLibrary => "exit_in_library",
            ErrorHabit::PanicInLibrary => "panic_in_library",
            ErrorHabit::BareExcept => "bare_except",
            ErrorHabit::SwallowedError => "swallowed_error",
        }
    }
}

crate::display_via_as_str!(ErrorHabit);

/// One place where an error-handling habit shows.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct ErrorHandling {
    pub evidence: Evidence,
    pub habit: ErrorHabit,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
}

/// A likely hard-coded secret. The value itself is never kept: the snippet is redacted.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Secret {
    pub evidence: Evidence,
    /// What it looks like: `password`, `api_key`, `token`, `aws_access_key`, `private_key`, …
    pub kind: String,
    /// How much it matters: a live-looking credential, or a demo default.
    #[serde(default)]
    pub severity: SecretSeverity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
}

/// A setting read from the process environment where the code uses it (`os.Getenv("X")`,
/// `process.env.X`, `ENV["X"]`): the variable's name and where.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct EnvRead {
    /// First, so that reads sort by file and line.
    pub evidence: Evidence,
    pub name: String,
}

/// How much a hard-coded secret matters.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SecretSeverity {
    /// Key material with a known shape (private keys, cloud and forge tokens, JWTs) or a
    /// literal credential in the shipped code or manifests.
    #[default]
    Credential,
    /// A default of a demo, a dev container, CI service or example Compose file: worth knowing,
    /// not a leak.
    DemoDefault,
}

/// Everything read from code, per file or joined for a repository.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CodeFacts {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stubs: Vec<Stub>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub todos: Vec<TodoMarker>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<Route>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listeners: Vec<Listener>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub imports: Vec<Import>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub http_calls: Vec<HttpCall>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub error_handling: Vec<ErrorHandling>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secrets: Vec<Secret>,
    /// Settings read from the environment, by variable name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env_reads: Vec<EnvRead>,
    /// The component graph (joined by the fact store).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<super::graph::ComponentLink>,
}

impl CodeFacts {
    pub fn is_empty(&self) -> bool {
        self.stubs.is_empty()
            && self.todos.is_empty()
            && self.routes.is_empty()
            && self.listeners.is_empty()
            && self.imports.is_empty()
            && self.http_calls.is_empty()
            && self.error_handling.is_empty()
            && self.secrets.is_empty()
            && self.env_reads.is_empty()
            && self.links.is_empty()
    }

    pub fn merge(&mut self, other: CodeFacts) {
        self.stubs.extend(other.stubs);
        self.todos.extend(other.todos);
        self.routes.extend(other.routes);
        self.listeners.extend(other.listeners);
        self.imports.extend(other.imports);
        self.http_calls.extend(other.http_calls);
        self.error_handling.extend(other.error_handling);
        self.secrets.extend(other.secrets);
        self.env_reads.extend(other.env_reads);
        self.links.extend(other.links);
    }

    /// Sorted, so output is deterministic.
    pub fn sort(&mut self) {
        self.stubs.sort();
        self.stubs.dedup();
        self.todos.sort();
        self.routes.sort();
        self.routes.dedup();
        self.listeners.sort();
        self.imports.sort();
        self.http_calls.sort();
        self.error_handling.sort();
        self.secrets.sort();
        self.env_reads.sort();
    }

    /// Sets each fact's component from the path of its evidence.
    pub fn assign_components(&mut self, component_of: impl Fn(&str) -> Option<String>) {
        for s in &mut self.stubs {
            s.component = component_of(&s.path);
        }
        for r in &mut self.routes {
            r.component = component_of(&r.evidence.path);
        }
        for l in &mut self.listeners {
            l.component = component_of(&l.evidence.path);
        }
        for i in &mut self.imports {
            i.component = component_of(&i.evidence.path);
        }
        for c in &mut self.http_calls {
            c.component = component_of(&c.evidence.path);
        }
        for e in &mut self.error_handling {
            e.component = component_of(&e.evidence.path);
        }
        for s in &mut self.secrets {
            s.component = component_of(&s.evidence.path);
        }
    }
}
