//! .NET: MSBuild project files (`*.csproj`, `*.fsproj`, `*.vbproj`) and their
//! `<PackageReference>` items, central package versions (`Directory.Packages.props`) and the
//! older `packages.config`.
//!
//! A project file is read, never evaluated: conditions are not tested (a conditional reference
//! is still a reference), imports are not followed, and a `$(Property)` in a version is
//! replaced only when the same file defines that property once, unconditionally, with a
//! literal value. `<ProjectReference>` links projects and is not a package dependency;
//! `PrivateAssets="all"` and analyzers change how a package flows, not whether the project
//! depends on it. Central versions become locked versions, so the fact store gives a
//! `<PackageReference>` without a version the one `Directory.Packages.props` pins.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use super::xml_doc::{self, attribute};
use super::{component, FileFacts, SourceFile};
use crate::facts::{ComponentKind, Dependency, Ecosystem, Evidence, LockedPackage, Note};

/// Which of the three kinds of file is being read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Project,
    CentralVersions,
    PackagesConfig,
}

/// The names of project files this module reads.
pub(super) fn is_project_file(file_name: &str) -> bool {
    [".csproj", ".fsproj", ".vbproj"]
        .iter()
        .any(|ext| file_name.len() > ext.len() && file_name.ends_with(ext))
}

/// An item being read: `<PackageReference>`, `<PackageVersion>`, `<GlobalPackageReference>`
/// or packages.config's `<package>`.
struct Item {
    element: ItemElement,
    names: Vec<String>,
    version: Option<String>,
    dev: bool,
    start: usize,
    end: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ItemElement {
    PackageReference,
    PackageVersion,
    GlobalPackageReference,
    Package,
}

/// Properties as the file defines them: `None` once a definition is conditional or computed,
/// since which value applies would need evaluation.
type Properties = HashMap<String, Option<String>>;

pub(super) fn extract_project(file: &SourceFile<'_>, out: &mut FileFacts) {
    read(file, out, Kind::Project);
}

pub(super) fn extract_central_versions(file: &SourceFile<'_>, out: &mut FileFacts) {
    read(file, out, Kind::CentralVersions);
}

pub(super) fn extract_packages_config(file: &SourceFile<'_>, out: &mut FileFacts) {
    read(file, out, Kind::PackagesConfig);
}

fn item_element(kind: Kind, local_name: &str, parent: Option<&str>) -> Option<ItemElement> {
    let is = |name: &str| local_name.eq_ignore_ascii_case(name);
    match kind {
        Kind::PackagesConfig if is("package") && parent == Some("packages") => {
            Some(ItemElement::Package)
        }
        Kind::PackagesConfig => None,
        // MSBuild items live in an <ItemGroup> (possibly inside <Choose><When>).
        _ if !parent.is_some_and(|p| p.eq_ignore_ascii_case("ItemGroup")) => None,
        _ if is("PackageReference") => Some(ItemElement::PackageReference),
        _ if is("PackageVersion") => Some(ItemElement::PackageVersion),
        _ if is("GlobalPackageReference") => Some(ItemElement::GlobalPackageReference),
        _ => None,
    }
}

/// Starts an item from its element's attributes; `None` for an element that adds no package
/// (`Update=` and `Remove=` change items declared elsewhere).
fn start_item(element: ItemElement, e: &BytesStart<'_>, start: usize) -> Option<Item> {
    let (names, version, dev) = if element == ItemElement::Package {
        let dev =
            attribute(e, "developmentDependency").is_some_and(|v| v.eq_ignore_ascii_case("true"));
        (attribute(e, "id")?, attribute(e, "version"), dev)
    } else {
        let version = attribute(e, "VersionOverride").or_else(|| attribute(e, "Version"));
        (attribute(e, "Include")?, version, false)
    };
    let names = names
        .split(';')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    Some(Item {
        element,
        names,
        version: version.filter(|v| !v.is_empty()),
        dev,
        start,
        end: start,
    })
}

fn read(file: &SourceFile<'_>, out: &mut FileFacts, kind: Kind) {
    let (mut reader, skip) = xml_doc::reader(file);
    // Local names of the open elements.
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut properties: Properties = HashMap::new();
    // Conditions on the open <PropertyGroup>, if any.
    let mut group_conditional = false;
    let mut property_conditional = false;
    let mut items: Vec<Item> = Vec::new();
    let mut current: Option<Item> = None;
    // Whether a <Target> is open: items inside one are changed while building, not declared.
    let mut in_target = 0usize;
    let mut root: Option<(String, usize)> = None;
    loop {
        let before = skip + reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                let at = skip + reader.error_position() as usize;
                out.notes.push(xml_doc::error_note(file, at, error));
                break;
            }
        };
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                if path.len() == xml_doc::MAX_DEPTH {
                    out.notes.push(xml_doc::depth_note(file, before));
                    break;
                }
                let name = e.local_name().as_ref().to_string();
                if root.is_none() {
                    root = Some((name.clone(), before));
                }
                let parent = path.last().map(String::as_str);
                if name.eq_ignore_ascii_case("Target") {
                    in_target += 1;
                }
                if path.len() == 1 && name.eq_ignore_ascii_case("PropertyGroup") {
                    group_conditional = attribute(&e, "Condition").is_some();
                }
                if path.len() == 2
                    && parent.is_some_and(|p| p.eq_ignore_ascii_case("PropertyGroup"))
                {
                    property_conditional = attribute(&e, "Condition").is_some();
                }
                if in_target == 0 && current.is_none() {
                    if let Some(element) = item_element(kind, &name, parent) {
                        let end = skip + reader.buffer_position() as usize;
                        match start_item(element, &e, before) {
                            Some(mut item) if empty => {
                                item.end = end;
                                items.push(item);
                            }
                            Some(item) => current = Some(item),
                            None => {}
                        }
                    }
                }
                text.clear();
                if empty {
                    if name.eq_ignore_ascii_case("Target") {
                        in_target -= 1;
                    }
                } else {
                    path.push(name);
                }
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => text.push_str(&xml_doc::resolve_reference(&r.xml10_content())),
            Event::End(_) => {
                let value = text.trim().to_string();
                text.clear();
                let Some(name) = path.pop() else { break };
                let depth = path.len();
                if name.eq_ignore_ascii_case("Target") {
                    in_target = in_target.saturating_sub(1);
                }
                // <Project><PropertyGroup><Name>value</Name>
                let in_property_group = depth == 2
                    && path
                        .get(1)
                        .is_some_and(|p| p.eq_ignore_ascii_case("PropertyGroup"));
                if in_property_group {
                    let literal =
                        !(group_conditional || property_conditional || value.contains("$("));
                    let key = name.to_ascii_lowercase();
                    let known = properties.contains_key(&key);
                    properties.insert(key, (literal && !known).then(|| value.clone()));
                }
                // <PackageReference Include="x"><Version>1.0</Version></PackageReference>
                if let Some(item) = current.as_mut() {
                    let child_of_item = path.last().is_some_and(|p| {
                        item_element(kind, p, path.get(depth.wrapping_sub(2)).map(String::as_str))
                            == Some(item.element)
                    });
                    // An override wins over a version, wherever each is written.
                    let overrides = name.eq_ignore_ascii_case("VersionOverride");
                    let versions = name.eq_ignore_ascii_case("Version") && item.version.is_none();
                    if child_of_item && !value.is_empty() && (overrides || versions) {
                        item.version = Some(value.clone());
                    }
                    let parent = path.last().map(String::as_str);
                    if item_element(kind, &name, parent) == Some(item.element) {
                        if let Some(mut item) = current.take() {
                            item.end = skip + reader.buffer_position() as usize;
                            items.push(item);
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !path.is_empty() && out.notes.is_empty() {
        out.notes.push(Note::new(
            crate::codes::Code::ManifestMalformed,
            file.path,
            file.line_of(file.text.len()),
            format!("{} ends inside an element", file.file_name),
        ));
    }
    let expected_root = if kind == Kind::PackagesConfig {
        "packages"
    } else {
        "Project"
    };
    let root_ok = root
        .as_ref()
        .is_some_and(|(name, _)| name.eq_ignore_ascii_case(expected_root));
    if !root_ok && out.notes.is_empty() {
        out.notes.push(Note::new(
            crate::codes::Code::ManifestMalformed,
            file.path,
            root.as_ref().map_or(0, |(_, offset)| file.line_of(*offset)),
            format!("{} has no <{expected_root}> root element", file.file_name),
        ));
    }

    let test_project = properties
        .get("istestproject")
        .and_then(Option::as_deref)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    if kind == Kind::Project {
        let stem = file
            .file_name
            .rsplit_once('.')
            .map_or(file.file_name, |(stem, _)| stem);
        let line = root.as_ref().map_or(1, |(_, offset)| file.line_of(*offset));
        out.components.push(component(
            file,
            ComponentKind::DotnetProject,
            stem.to_string(),
            line,
            Vec::new(),
        ));
    }
    for item in items {
        let version = item.version.map(|v| expand(&v, &properties));
        if item.names.is_empty() {
            out.notes.push(Note::new(
                crate::codes::Code::ManifestEntryUnread,
                file.path,
                file.line_of(item.start),
                format!("{}: a package item without a name", file.file_name),
            ));
            continue;
        }
        for name in item.names {
            if item.element == ItemElement::PackageVersion {
                if let Some(version) = &version {
                    out.locked.push(LockedPackage {
                        ecosystem: Ecosystem::Nuget,
                        name,
                        version: version.clone(),
                    });
                }
                continue;
            }
            let start_line = file.line_of(item.start);
            let end_line = file.line_of(item.end.saturating_sub(1)).max(start_line);
            out.dependencies.push(Dependency {
                ecosystem: Ecosystem::Nuget,
                name,
                version: version.clone(),
                locked: None,
                dev: item.dev || test_project,
                component: None,
                evidence: Evidence::lines(file.path, file.role, start_line, end_line),
            });
        }
    }
}

/// `$(Name)` references replaced by the file's own literal properties; any other reference
/// stays as written.
fn expand(value: &str, properties: &Properties) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find("$(") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let Some(close) = after.find(')') else {
            out.push_str(&rest[at..]);
            return out;
        };
        let name = &after[..close];
        match properties.get(&name.to_ascii_lowercase()) {
            Some(Some(literal)) => out.push_str(literal),
            _ => out.push_str(&rest[at..at + 2 + close + 1]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{dep_line, is_dev, render, run};

    const CSPROJ: &str = "\u{feff}<Project Sdk=\"Microsoft.NET.Sdk.Web\">

  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <SerilogVersion>3.1.1</SerilogVersion>
  </PropertyGroup>

  <PropertyGroup Condition=\"'$(Configuration)' == 'Debug'\">
    <EfVersion>8.0.0-debug</EfVersion>
  </PropertyGroup>

  <ItemGroup>
    <PackageReference Include=\"Microsoft.EntityFrameworkCore\" Version=\"8.0.4\" />
    <PackageReference Include=\"Serilog.AspNetCore\" Version=\"$(SerilogVersion)\" />
    <PackageReference Include=\"Npgsql\" Version=\"$(EfVersion)\" />
    <PackageReference Include=\"Polly\">
      <Version>8.3.1</Version>
    </PackageReference>
    <PackageReference Include=\"StyleCop.Analyzers\" Version=\"1.1.118\">
      <PrivateAssets>all</PrivateAssets>
      <IncludeAssets>runtime; build; native; contentfiles; analyzers</IncludeAssets>
    </PackageReference>
    <PackageReference Include=\"Swashbuckle.AspNetCore\" />
    <PackageReference Update=\"Microsoft.NET.ILLink.Tasks\" Version=\"8.0.4\" />
  </ItemGroup>

  <ItemGroup Condition=\"'$(TargetFramework)' == 'net8.0'\">
    <PackageReference Include=\"System.Text.Json\" VersionOverride=\"8.0.3\" />
  </ItemGroup>

  <ItemGroup>
    <ProjectReference Include=\"..\\Orders.Domain\\Orders.Domain.csproj\" />
  </ItemGroup>

  <Target Name=\"Trim\" BeforeTargets=\"Build\">
    <ItemGroup>
      <PackageReference Remove=\"Polly\" />
      <PackageReference Include=\"Built.At.BuildTime\" Version=\"1.0.0\" />
    </ItemGroup>
  </Target>
</Project>
";

    #[test]
    fn project_file_package_references() {
        let facts = run("src/Orders.Api/Orders.Api.csproj", CSPROJ);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.components[0].name, "Orders.Api");
        assert_eq!(facts.components[0].root, "src/Orders.Api");
        assert_eq!(facts.components[0].evidence.start_line, 1);
        assert_eq!(facts.dependencies.len(), 7);
        let version = |name: &str| {
            facts
                .dependencies
                .iter()
                .find(|d| d.name == name)
                .and_then(|d| d.version.clone())
        };
        assert_eq!(version("Serilog.AspNetCore").as_deref(), Some("3.1.1"));
        assert_eq!(
            version("Npgsql").as_deref(),
            Some("$(EfVersion)"),
            "a conditional property is not guessed"
        );
        assert_eq!(version("Polly").as_deref(), Some("8.3.1"));
        assert_eq!(version("System.Text.Json").as_deref(), Some("8.0.3"));
        assert_eq!(version("Swashbuckle.AspNetCore"), None);
        assert_eq!(is_dev(&facts, "StyleCop.Analyzers"), Some(false));
        assert_eq!(dep_line(&facts, "Polly"), Some(16));
        let polly = facts.dependencies.iter().find(|d| d.name == "Polly");
        assert_eq!(polly.map(|d| d.evidence.end_line), Some(18));
        assert!(dep_line(&facts, "Built.At.BuildTime").is_none());
        assert!(dep_line(&facts, "Microsoft.NET.ILLink.Tasks").is_none());
        assert!(facts.notes.is_empty(), "{:?}", facts.notes);
    }

    #[test]
    fn test_project_dependencies_are_dev() {
        let text = r#"<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <IsTestProject>true</IsTestProject>
    <OutputType>Exe</OutputType>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="xunit.v3" Version="1.1.0" />
  </ItemGroup>
</Project>"#;
        let facts = run("tests/Orders.Tests/Orders.Tests.fsproj", text);
        assert_eq!(facts.components[0].name, "Orders.Tests");
        assert_eq!(is_dev(&facts, "xunit.v3"), Some(true));
    }

    #[test]
    fn central_package_versions() {
        let text = r#"<Project>
  <PropertyGroup>
    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
    <AspireVersion>9.2.0</AspireVersion>
  </PropertyGroup>
  <ItemGroup>
    <PackageVersion Include="Aspire.Hosting.Redis" Version="$(AspireVersion)" />
    <PackageVersion Include="Swashbuckle.AspNetCore" Version="6.6.2" />
    <PackageVersion Include="Microsoft.Extensions.ApiDescription.Server" Version="8.0.4">
      <PrivateAssets>all</PrivateAssets>
    </PackageVersion>
    <PackageVersion Include="NoVersion.Given" />
  </ItemGroup>
  <ItemGroup>
    <GlobalPackageReference Include="Nerdbank.GitVersioning" Version="3.6.133" />
  </ItemGroup>
</Project>"#;
        let facts = run("Directory.Packages.props", text);
        insta::assert_snapshot!(render(&facts));
        assert!(facts.components.is_empty());
        assert_eq!(facts.locked.len(), 3);
        assert_eq!(facts.locked[0].version, "9.2.0");
        assert_eq!(dep_line(&facts, "Nerdbank.GitVersioning"), Some(15));
    }

    #[test]
    fn packages_config() {
        let text = r#"<?xml version="1.0" encoding="utf-8"?>
<packages>
  <package id="Newtonsoft.Json" version="13.0.3" targetFramework="net48" />
  <package id="Microsoft.CodeDom.Providers.DotNetCompilerPlatform" version="2.0.1" targetFramework="net48" developmentDependency="true" />
  <package version="1.0" />
</packages>"#;
        let facts = run("Legacy.Web/packages.config", text);
        insta::assert_snapshot!(render(&facts));
        assert!(facts.components.is_empty());
        assert_eq!(facts.dependencies.len(), 2);
        assert_eq!(
            is_dev(&facts, "Microsoft.CodeDom.Providers.DotNetCompilerPlatform"),
            Some(true)
        );
        assert_eq!(dep_line(&facts, "Newtonsoft.Json"), Some(3));
    }

    #[test]
    fn hostile_project_files() {
        let facts = run(
            "A.csproj",
            "<Project>\n  <ItemGroup>\n    <PackageReference Include=\"A\" Version=\"1\" />\n    <PackageReference Include=\"B\" Version=\"2\"\n</Project>\n",
        );
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.notes.len(), 1);
        assert_eq!(
            facts.components.len(),
            1,
            "the project is still a component"
        );

        let deep = format!(
            "<Project>{}{}</Project>",
            "<ItemGroup>".repeat(200_000),
            "</ItemGroup>".repeat(200_000)
        );
        let facts = run("Deep.csproj", &deep);
        assert_eq!(facts.notes.len(), 1, "{:?}", facts.notes);
        assert!(facts.notes[0].message.contains("deeper than"));

        let facts = run("NotXml.vbproj", "just text \u{fffd} here");
        assert_eq!(facts.notes.len(), 1);
        let facts = run("Other.csproj", "<Foo/>");
        assert_eq!(facts.notes.len(), 1);
        let facts = run("Empty.csproj", "");
        assert_eq!(facts.notes.len(), 1);
        let facts = run(
            "Ent.csproj",
            "<!DOCTYPE Project [<!ENTITY v \"1.0\">]><Project><ItemGroup><PackageReference Include=\"A&amp;B\" Version=\"&v;\"/></ItemGroup></Project>",
        );
        assert_eq!(facts.dependencies[0].name, "A&B");
        assert_eq!(facts.dependencies[0].version.as_deref(), Some("&v;"));
    }
}
