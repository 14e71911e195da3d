use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Evidence, FileRole};
use crate::codes::Code;

/// Lines of one file or of a group of files, counted the way tokei counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineCounts {
    pub code: u64,
    pub comments: u64,
    pub blanks: u64,
}

impl LineCounts {
    pub fn lines(&self) -> u64 {
        self.code + self.comments + self.blanks
    }
}

impl std::ops::AddAssign for LineCounts {
    fn add_assign(&mut self, o: Self) {
        self.code += o.code;
        self.comments += o.comments;
        self.blanks += o.blanks;
    }
}

/// One file that was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    /// Repository-relative, `/`-separated.
    pub path: String,
    /// tokei's name for the language, when the file is in one it knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    pub role: FileRole,
    pub bytes: u64,
    #[serde(flatten)]
    pub lines: LineCounts,
    /// Id of the innermost component whose root contains the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
}

/// What kind of unit a component is.
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
pub enum ComponentKind {
    GoModule,
    GoBinary,
    CargoPackage,
    CargoWorkspace,
    PythonPackage,
    NpmPackage,
    NpmWorkspace,
    MavenProject,
    GradleProject,
    // Variants carry no doc comments: the schema keeps them one plain enum.
    // A `Gemfile` that is not a gem's development environment.
    RubyApp,
    // A `*.gemspec`.
    RubyGem,
    ComposerPackage,
    MixProject,
    // An MSBuild project: `*.csproj`, `*.fsproj`, `*.vbproj`.
    DotnetProject,
    DockerImage,
    ComposeService,
}

impl ComponentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ComponentKind::GoModule => "go_module",
            ComponentKind::GoBinary => "go_binary",
            ComponentKind::CargoPackage => "cargo_package",
            ComponentKind::CargoWorkspace => "cargo_workspace",
            ComponentKind::PythonPackage => "python_package",
            ComponentKind::NpmPackage => "npm_package",
            ComponentKind::NpmWorkspace => "npm_workspace",
            ComponentKind::MavenProject => "maven_project",
            ComponentKind::GradleProject => "gradle_project",
            ComponentKind::RubyApp => "ruby_app",
            ComponentKind::RubyGem => "ruby_gem",
            ComponentKind::ComposerPackage => "composer_package",
            ComponentKind::MixProject => "mix_project",
            ComponentKind::DotnetProject => "dotnet_project",
            ComponentKind::DockerImage => "docker_image",
            ComponentKind::ComposeService => "compose_service",
        }
    }

    /// Whether files under the component's root belong to it (a Compose service or a Docker
    /// image directory describes how code is run, not which code it is).
    /// A unit of code (a module, package, project or binary), not a workspace that groups
    /// them, an image directory or a Compose service.
    pub fn is_code(self) -> bool {
        !matches!(
            self,
            ComponentKind::CargoWorkspace
                | ComponentKind::NpmWorkspace
                | ComponentKind::DockerImage
                | ComponentKind::ComposeService
        )
    }

    pub fn owns_files(self) -> bool {
        !matches!(self, ComponentKind::ComposeService)
    }
}

crate::display_via_as_str!(ComponentKind);

/// A component as one manifest declares it, before files are assigned to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentDecl {
    pub kind: ComponentKind,
    /// The name the manifest gives (module path, package name, service name); the directory
    /// name when it gives none.
    pub name: String,
    /// Directory the component owns, repository-relative (`""` for the root).
    pub root: String,
    /// The manifest lines that declare it.
    pub evidence: Evidence,
    /// Workspace members as written in the manifest (globs allowed), for workspaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
}

/// A component with its files summarised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    /// Stable id: `kind:root` (`kind:root#name` when several components of a kind share a root).
    pub id: String,
    pub kind: ComponentKind,
    pub name: String,
    pub root: String,
    pub evidence: Evidence,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// Files assigned to this component (innermost owning component wins).
    pub files: u64,
    /// Line counts per language of the component's files, every role included.
    pub languages: BTreeMap<String, LineCounts>,
    /// Line counts per language of the component's source files only.
    pub source_languages: BTreeMap<String, LineCounts>,
}

/// Package ecosystems gapscope reads manifests of.
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
pub enum Ecosystem {
    Go,
    Cargo,
    Pypi,
    Npm,
    Maven,
    Rubygems,
    Packagist,
    Hex,
    Nuget,
}

impl Ecosystem {
    pub fn as_str(self) -> &'static str {
        match self {
            Ecosystem::Go => "go",
            Ecosystem::Cargo => "cargo",
            Ecosystem::Pypi => "pypi",
            Ecosystem::Npm => "npm",
            Ecosystem::Maven => "maven",
            Ecosystem::Rubygems => "rubygems",
            Ecosystem::Packagist => "packagist",
            Ecosystem::Hex => "hex",
            Ecosystem::Nuget => "nuget",
        }
    }
}

crate::display_via_as_str!(Ecosystem);

/// A dependency as a manifest declares it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Dependency {
    pub ecosystem: Ecosystem,
    /// Name as the ecosystem spells it (`group:artifact` for Maven and Gradle).
    pub name: String,
    /// The version or requirement as written in the manifest, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The version a lock file next to or above the manifest resolves it to, if any. For NuGet,
    /// the central version `Directory.Packages.props` gives a reference that names none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<String>,
    /// A development, test or build-only dependency.
    pub dev: bool,
    /// Id of the declaring component (filled in by the fact store).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    pub evidence: Evidence,
}

/// A version pinned by a lock file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockedPackage {
    pub ecosystem: Ecosystem,
    pub name: String,
    pub version: String,
}

/// A Markdown heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub line: u32,
    /// Non-blank lines of the section the heading opens, its subsections included (0 for
    /// list items and table rows of a design document).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub body: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A documentation file: README, files under docs/, other Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocFile {
    pub path: String,
    /// The first level-1 heading, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub headings: Vec<Heading>,
    /// In a design document (a target architecture, a roadmap, a plan, an ADR): its
    /// headings, list items and table rows, what the project plans (level 0 for non-headings).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plans: Vec<Heading>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
}

/// Formats of configuration files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfigFormat {
    Yaml,
    Toml,
    Json,
    Env,
    Ini,
}

/// A configuration file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigFile {
    pub path: String,
    pub format: ConfigFormat,
    pub role: FileRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
}

/// Why a file or directory was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    Binary,
    TooLarge,
    Unreadable,
    SymlinkLoop,
    NotAFile,
    WalkError,
    OutsideRoot,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too_large",
            SkipReason::Unreadable => "unreadable",
            SkipReason::SymlinkLoop => "symlink_loop",
            SkipReason::NotAFile => "not_a_file",
            SkipReason::WalkError => "walk_error",
            SkipReason::OutsideRoot => "outside_root",
        }
    }
}

crate::display_via_as_str!(SkipReason);

impl SkipReason {
    /// The stable code of the reason (`docs/codes.md`).
    pub fn code(self) -> Code {
        match self {
            SkipReason::Binary => Code::SkipBinary,
            SkipReason::TooLarge => Code::SkipTooLarge,
            SkipReason::Unreadable => Code::SkipUnreadable,
            SkipReason::SymlinkLoop => Code::SkipSymlinkLoop,
            SkipReason::NotAFile => Code::SkipNotAFile,
            SkipReason::WalkError => Code::SkipWalkError,
            SkipReason::OutsideRoot => Code::SkipOutsideRoot,
        }
    }
}

/// A path that was not read, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Skipped {
    pub path: String,
    pub reason: SkipReason,
    pub detail: String,
    /// The reason's stable code (`docs/codes.md`).
    pub code: Code,
}

impl Skipped {
    pub fn new(path: impl Into<String>, reason: SkipReason, detail: impl Into<String>) -> Self {
        Skipped {
            path: path.into(),
            reason,
            detail: detail.into(),
            code: reason.code(),
        }
    }
}

/// Something a reader of the result should know about a file that was read: invalid UTF-8,
/// a manifest that did not parse, a template that could only be read in part.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Note {
    pub path: String,
    /// 1-based line the note is about; 0 when it is about the whole file.
    pub line: u32,
    pub message: String,
    /// What kind of note it is (`docs/codes.md`); last, so notes still sort by place and text.
    pub code: Code,
}

impl Note {
    pub fn new(code: Code, path: impl Into<String>, line: u32, message: impl Into<String>) -> Self {
        Note {
            path: path.into(),
            line,
            message: message.into(),
            code,
        }
    }
}
